"""Terminal rendering of what the library returns (rich tables and text).

The library modules return data (records, dataclasses, dicts, JSON); only the command line
draws them for people, here, one module per area:

- :mod:`~classifier.cli.rendering.reading`: the tables ``zhibiao read`` found;
- :mod:`~classifier.cli.rendering.audit`: the audit report;
- :mod:`~classifier.cli.rendering.suggestions`: suggestions, checks and drafts;
- :mod:`~classifier.cli.rendering.research`: corpus statistics and quality scores;
- :mod:`~classifier.cli.rendering.label_issues`: suspect labels and filings of the corpus.

Every function takes the result and an optional ``console`` (a :class:`rich.console.Console`;
default: a new one on stdout) and prints; none returns data. Shared here: the Chinese words
for locations (:func:`location_zh`), value kinds (:func:`kind_zh`) and parser issues.
"""
from __future__ import annotations

from typing import Any

#: What the threshold parser's issue codes (:data:`classifier.vocabulary.thresholds.ISSUE_CODES`) mean.
ISSUE_ZH = {"empty": "空", "placeholder": "占位", "number_missing": "缺数字", "number_glued_to_text": "数字后直接接文字",
            "unparsed": "未能解析"}


def kind_zh(kind: str | None) -> str:
    """A value kind (``rate``, ``count`` …) in Chinese (比率, 数量 …); unknown kinds as they are."""
    from classifier.suggestion.check import KIND_ZH

    return KIND_ZH.get(kind or "", kind or "")


def location_zh(location: Any) -> str:
    """Where a row is, for people: ``表.xlsx［工作表］ 第 2 张表 第 12–18 行`` (a
    :class:`~classifier.core.records.Location`; a text ``file line N`` as ``file 第 N 行``;
    anything else as its text)."""
    if not hasattr(location, "zh"):
        import re

        # the library's text form of a file row: ``ours.csv line 2`` / ``…jsonl lines 114-120``
        text = re.sub(r" lines? (\d+)(?:-(\d+))?$",
                      lambda m: f" 第 {m[1]}–{m[2]} 行" if m[2] else f" 第 {m[1]} 行", str(location))
        return text
    return location.zh()
