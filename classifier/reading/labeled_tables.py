"""A user's own 绩效目标表 as labeled training rows (``zhibiao train --add TABLE``).

A table in any format the readers take (.xlsx, .docx, .csv, .txt export) whose indicator
header holds, besides 一级/二级/三级指标, a category column (a header from
``label_columns.category`` of ``classifier/data/headers.json``: ``category``, ``类别``,
``分类`` …). A cell holds a taxonomy id (``timeliness``) or its 中文名 (``时效``); an empty cell
means the row is not labeled. With ``weak_level2=True`` an unlabeled row takes the weak label
of the 二级 it is filed under (:func:`classifier.vocabulary.weak_labels.weak_label`), to be trusted only
where a model does not contradict it (:func:`classifier.classification.training.trust_weak_rows`).

Example::

    >>> from classifier.reading.labeled_tables import read_labeled_table
    >>> table = read_labeled_table("ours.xlsx", weak_level2=True)   # doctest: +SKIP
    >>> table.rows[0].name, table.rows[0].category, table.rows[0].weak   # doctest: +SKIP
    ('门诊预约挂号率', 'coverage', False)
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from classifier.core.errors import ReadError
from classifier.core.paths import load_data_json


@dataclass(frozen=True)
class TableRow:
    """One indicator row of a labeled table: ``category`` a taxonomy id; ``weak`` True when it
    comes from the 二级 rather than the category column; ``location`` the row's place in the file."""

    name: str
    description: str
    level2: str
    category: str
    weak: bool
    location: str
    value: str = ""


@dataclass
class LabeledTable:
    """The labeled rows of a table and the count of rows left out, by reason
    (``"no category"``, ``"no weak label for its 二级"``)."""

    path: str
    rows: list[TableRow] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)


def _category_headers() -> set[str]:
    return {h.replace(" ", "") for h in load_data_json("headers.json")["label_columns"]["category"]}


def _category_ids() -> dict[str, str]:
    """Cell text → taxonomy id: the ids themselves and their 中文名."""
    from classifier.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    out = {c: c for c in taxonomy.ids}
    out.update({taxonomy.zh(c): c for c in taxonomy.ids})
    return out


def category_cells(path: str | Path, *, display_path: str | None = None) -> dict[str, str]:
    """``{str(row location): cell text}`` of the category column of every table in the file
    (a row holding a category header opens the column for the following rows of its table)."""
    from classifier.reading import read_blocks
    from classifier.reading.blocks import RowBlock

    headers = _category_headers()
    stream = read_blocks(path, display_path=display_path)
    column: dict[int, int] = {}
    out: dict[str, str] = {}
    for block in stream.blocks:
        if not isinstance(block, RowBlock):
            continue
        squashed = ["".join(t.split()) for t in block.texts]
        hit = next((k for k, t in enumerate(squashed) if t in headers), None)
        if hit is not None:
            column[block.table_id] = hit
            continue
        k = column.get(block.table_id)
        if k is not None and k < len(block.texts):
            out[str(block.location)] = block.texts[k].strip()
    return out


def read_labeled_table(path: str | Path, *, weak_level2: bool = False) -> LabeledTable:
    """The labeled 三级指标 rows of a table file (see the module docstring), in table order.

    Raises :class:`classifier.core.errors.ReadError` (one line naming the file and the row) when
    the file cannot be read, holds no indicator table, or a category cell is not a taxonomy id
    or 中文名; and when neither the category column nor ``weak_level2`` gives any label."""
    from classifier.reading.corpus import iter_rows
    from classifier.reading import read_document
    from classifier.vocabulary.weak_labels import weak_label

    shown = str(path)
    document = read_document(path, display_path=shown)
    cells = category_cells(path, display_path=shown)
    ids = _category_ids()
    table = LabeledTable(shown)
    for _, _, indicator in iter_rows([document]):
        if not indicator.name:
            continue
        where = str(indicator.location)
        text = cells.get(where, "")
        if text:
            category = ids.get(text) or ids.get(text.lower())
            if category is None:
                raise ReadError(where, f"未知类别“{text}”（应为分类体系的类别 id，如 timeliness，或其中文名，如 时效）")
            table.rows.append(TableRow(indicator.name, indicator.description or "", indicator.level2, category, False, where,
                                       indicator.value_raw or ""))
            continue
        if not weak_level2:
            table.skipped["no category"] += 1
            continue
        weak = weak_label(indicator.level2_raw or indicator.level2)
        if weak is None:
            table.skipped["no weak label for its 二级"] += 1
            continue
        table.rows.append(TableRow(indicator.name, indicator.description or "", indicator.level2, weak, True, where,
                                   indicator.value_raw or ""))
    if not table.rows:
        hint = "" if weak_level2 else "；请加一列类别（category / 类别），或使用 --weak-level2"
        raise ReadError(shown, f"没有标了类别的三级指标行（{sum(table.skipped.values())} 行没有类别）{hint}")
    return table
