"""Classifications as a labeling sheet: classify your names, correct the ``category``
column, train on it (``zhibiao classify --csv`` → Excel/WPS → ``zhibiao train --add``).

The sheet is a CSV whose first columns are the labeled-file format that ``zhibiao train
--add`` and ``zhibiao evaluate --test-file`` read (``name,category,description``); the
other columns are what the model said, to help whoever corrects it, and are ignored when
the file is read back:

    name, category, description, category_zh, probability, runner_up, runner_up_probability, reason

Written as UTF-8 with a BOM, so that Excel and WPS open the Chinese text correctly.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Sequence

#: The sheet's columns, in order (the first three are the labeled-file format).
SHEET_COLUMNS = ("name", "category", "description", "category_zh", "probability", "runner_up",
                 "runner_up_probability", "reason")


def sheet_rows(results: Sequence, descriptions: Sequence[object] | None = None) -> list[list[str]]:
    """One row per :class:`~classifier.classification.api.Classification` (in order), cells as
    :data:`SHEET_COLUMNS`; ``descriptions`` (None, or one per result) fills the
    ``description`` column."""
    descriptions = list(descriptions) if descriptions is not None else [""] * len(results)
    if len(descriptions) != len(results):
        raise ValueError(f"结果有 {len(results)} 个，描述却有 {len(descriptions)} 个")
    rows = []
    for result, description in zip(results, descriptions):
        runner_up = result.alternatives[1] if len(result.alternatives) > 1 else ("", None)
        rows.append([
            "" if result.name is None else str(result.name), result.category, "" if description is None else str(description),
            result.category_zh, f"{result.probability:.4f}", runner_up[0],
            "" if runner_up[1] is None else f"{runner_up[1]:.4f}", result.reason,
        ])
    return rows


def sheet_text(results: Sequence, descriptions: Sequence[object] | None = None) -> str:
    """The sheet as CSV text (header first, ``\\r\\n`` line ends, no BOM)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SHEET_COLUMNS)
    writer.writerows(sheet_rows(results, descriptions))
    return out.getvalue()


def write_sheet(results: Sequence, path: str | Path, descriptions: Sequence[object] | None = None) -> Path:
    """Write the sheet to ``path`` (UTF-8 with BOM, for Excel / WPS); returns the path.
    Raises :class:`~classifier.core.errors.ZhibiaoError` (one line naming the path) when it cannot
    be written."""
    from classifier.core.errors import ZhibiaoError, os_problem

    path = Path(path)
    if not path.parent.exists():
        raise ZhibiaoError(f"{path}：文件夹 {path.parent} 不存在")
    text = sheet_text(results, descriptions)
    try:
        path.write_text(text, encoding="utf-8-sig", newline="")
    except OSError as err:
        raise ZhibiaoError(f"{path}：无法写入（{os_problem(err)}）") from None
    return path
