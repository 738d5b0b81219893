"""Padding for the plain-text reports of the evaluation (``zhibiao evaluate``): a CJK character
takes two terminal columns, so ``str.rjust`` misaligns Chinese headings."""
from __future__ import annotations

import unicodedata
from typing import Any


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad_cell(text: Any, width: int, *, right: bool = True) -> str:
    """``text`` padded to ``width`` terminal columns (right-aligned unless ``right=False``)."""
    text = str(text)
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill
