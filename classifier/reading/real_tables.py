"""Real published indicator tables of other organisations (``corpus/real_tables/*.jsonl``).

The folder holds rows of 项目支出绩效目标表 / 绩效自评表 published by other public bodies
(schools, hospitals, courts, bureaus …), copied from public web pages, one JSON Lines file
per publishing organisation (``corpus/real_tables/SOURCES.md`` gives the page of each file).
They are the training material and the measure that counts: evaluation is always grouped by
file (an organisation never sits in both training and test).

Each line is one indicator row: ``level1``, ``level2`` (the publisher's own filing, a weak
label at best), ``level3`` (the 三级指标 name), ``description``, ``value``, ``unit``,
``project``, ``field``, ``source_org``, ``source_url``, ``table_kind``, ``year`` and
optional extra keys. Hand labels live apart, in ``corpus/real_labels.csv``
(``file,line,name,category,note``: one row per table row, keyed by file name and 1-based
line number, the name repeated so that a stale label is caught).

Example::

    >>> from classifier.reading.real_tables import load_real_rows
    >>> rows = load_real_rows()                      # doctest: +SKIP
    >>> rows[0].location, rows[0].name               # doctest: +SKIP
    ('page-…jsonl line 1', '天然林和公益林管护当期任务完成率')
"""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING, Sequence

from classifier.core.errors import ZhibiaoError
from classifier.core.paths import real_labels_path, real_tables_dir

if TYPE_CHECKING:
    from classifier.core.records import Document

#: Share of real-table files in the development split (by a hash of the file name; see
#: :func:`split_of`). The rest is the test split.
DEVELOPMENT_SHARE = 0.5


class RealTablesError(ZhibiaoError):
    """A real-table file or its labels file is malformed (one line: ``path：problem``)."""


@dataclass(frozen=True)
class RealRow:
    """One indicator row of a real table. ``file`` is the file name (the organisation's
    group), ``line`` its 1-based line; text fields are "" when the source has none."""

    file: str
    line: int
    level1: str
    level2: str
    name: str
    description: str
    value: str
    unit: str
    field: str
    organisation: str
    project: str
    year: str
    table_kind: str
    source_url: str
    operator: str = ""

    @property
    def location(self) -> str:
        return f"{self.file} line {self.line}"


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def load_real_rows(directory: str | Path | None = None) -> list[RealRow]:
    """Every row of every ``*.jsonl`` file in ``directory`` (default
    :func:`classifier.core.paths.real_tables_dir`), files in name order, rows in line order;
    rows without a 三级指标 name are left out. An absent folder gives ``[]``. Raises
    :class:`RealTablesError` (``file：第 N 行：problem``) on a line that is not a JSON object."""
    folder = Path(directory) if directory is not None else real_tables_dir()
    if not folder.is_dir():
        return []
    out: list[RealRow] = []
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line, text in enumerate(fh, start=1):
                if not text.strip():
                    continue
                try:
                    record = json.loads(text)
                except json.JSONDecodeError as err:
                    raise RealTablesError(f"{path}：第 {line} 行：不是 JSON（{err.msg}）") from None
                if not isinstance(record, dict):
                    raise RealTablesError(f"{path}：第 {line} 行：不是 JSON 对象")
                name = _text(record.get("level3"))
                if not name:
                    continue
                out.append(RealRow(
                    file=path.name, line=line, level1=_text(record.get("level1")), level2=_text(record.get("level2")),
                    name=name, description=_text(record.get("description")), value=_text(record.get("value")),
                    unit=_text(record.get("unit")), field=_text(record.get("field")) or "other",
                    organisation=_text(record.get("source_org")), project=_text(record.get("project")),
                    year=_text(record.get("year")), table_kind=_text(record.get("table_kind")),
                    source_url=_text(record.get("source_url")), operator=_text(record.get("operator")),
                ))
    return out


#: The heading row each real table is read under (the readers' column names, headers.json).
_HEADINGS = ("一级指标", "二级指标", "三级指标", "指标解释", "计算符号", "指标值", "计量单位")


def real_table_documents(rows: Sequence[RealRow] | None = None) -> list[Document]:
    """The real tables as :class:`~classifier.core.records.Document` s, read by the same
    interpreter as every user's table: one document per file (``doc_id`` = the file stem,
    ``source_path`` = the file name), one project per run of rows with the same ``project``,
    each row an indicator whose ``location`` is ``<file> line N`` (the jsonl line) — so a blank
    一级/二级 is filled from the row above, and values are parsed, exactly as in a CSV export.

    ``rows`` defaults to :func:`load_real_rows`; files in name order, rows in line order."""
    from itertools import groupby

    from classifier.core.records import Location
    from classifier.reading.blocks import Cell, RowBlock
    from classifier.reading.interpret import interpret

    rows = load_real_rows() if rows is None else list(rows)
    documents = []
    for file, file_rows in groupby(rows, key=lambda r: r.file):
        blocks: list = []
        for table_id, (project, group) in enumerate(groupby(file_rows, key=lambda r: r.project), start=1):
            group = list(group)
            first = group[0].line

            def block(texts: Sequence[str], line: int) -> RowBlock:
                return RowBlock([Cell(t, line, line) for t in texts], Location(file, line, line), table_id)

            blocks.append(block(("项目名称", project or Path(file).stem), first))
            blocks.append(block(_HEADINGS, first))
            for r in group:
                blocks.append(block((r.level1, r.level2, r.name, r.description, r.operator, r.value, r.unit), r.line))
        documents.append(interpret(blocks, doc_id=Path(file).stem, source_path=file, format="jsonl", encoding="utf-8"))
    return documents


@dataclass(frozen=True)
class RealLabel:
    """A hand label of one real-table row."""

    file: str
    line: int
    name: str
    category: str
    note: str


def load_real_labels(path: str | Path | None = None) -> dict[tuple[str, int], RealLabel]:
    """``{(file, line): RealLabel}`` from ``corpus/real_labels.csv`` (or ``path``); ``{}``
    when the file does not exist. Raises :class:`RealTablesError` on a bad header, an
    unknown category, a bad line number or a duplicate key."""
    from classifier.core.taxonomy import load_taxonomy

    path = Path(path) if path is not None else real_labels_path()
    if not path.is_file():
        return {}
    valid = set(load_taxonomy().ids)
    out: dict[tuple[str, int], RealLabel] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"file", "line", "name", "category"} <= set(reader.fieldnames):
            raise RealTablesError(f"{path}：表头必须有 file、line、name 和 category 列")
        for k, row in enumerate(reader, start=2):
            category = (row.get("category") or "").strip()
            if category not in valid:
                raise RealTablesError(f"{path}：第 {k} 行：未知类别“{category}”")
            try:
                key = ((row.get("file") or "").strip(), int(row.get("line") or ""))
            except ValueError:
                raise RealTablesError(f"{path}：第 {k} 行：line 列应为数字，而不是“{row.get('line')}”") from None
            if key in out:
                raise RealTablesError(f"{path}：第 {k} 行：{key[0]} 第 {key[1]} 行标注了两次")
            out[key] = RealLabel(key[0], key[1], (row.get("name") or "").strip(), category, (row.get("note") or "").strip())
    return out


def split_of(file: str) -> str:
    """``"development"`` or ``"test"``: the split a real-table file belongs to, fixed by the
    sha256 of its file name (the first 8 hex digits below :data:`DEVELOPMENT_SHARE` of their
    range → development). A file added later gets its split the same way, without moving the
    others. Configuration is chosen on the development files alone; the test files are
    reported and choose nothing."""
    digest = int(hashlib.sha256(file.encode("utf-8")).hexdigest()[:8], 16)
    return "development" if digest < DEVELOPMENT_SHARE * 0x1_0000_0000 else "test"
