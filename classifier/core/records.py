"""Records: what the readers produce and the corpus stores.

A :class:`Document` holds :class:`Project` s, each holding :class:`Indicator` rows.
Every record keeps the source text exactly (``*_raw`` fields, wrapped cell text with
its line breaks) and adds normalized fields next to it. Every record knows where it
came from (:class:`Location`). ``to_dict`` / ``from_dict`` give the JSON form used in
``corpus/parsed/documents.jsonl`` (one document per line).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Iterator


DIRECTIONS = (">=", ">", "=", "<", "<=", "range", "none")
KINDS = (
    "rate", "count", "money", "area", "duration", "deadline", "boolean",
    "qualitative", "number", "measure", "missing",
)


@dataclass(frozen=True)
class Threshold:
    """One parsed 指标值.

    Made by :func:`classifier.vocabulary.thresholds.parse_threshold`; the field contract
    is in that module's docstring. Frozen: a Threshold is not changed after it is made.

    Parameters
    ----------
    raw : str
        The 指标值 as written.
    direction : str, default "none"
        One of ``">="``, ``">"``, ``"="``, ``"<"``, ``"<="``, ``"range"``, ``"none"``
        (``none`` only when there is no number).
    value : float or None, default None
        The number (the lower bound for ranges), with 万/亿 applied to non-money units;
        None when absent.
    value_max : float or None, default None
        The upper bound, for ranges only (``value`` ≤ ``value_max``); else None.
    unit : str or None, default None
        The normalized unit (``%``, ``元``, ``万元``, ``亿元``, ``人``, ``个``, ``平方米`` …), or None.
    kind : str, default "missing"
        One of ``rate``, ``count``, ``money``, ``area``, ``duration``, ``deadline``,
        ``boolean``, ``qualitative``, ``number`` (a bare number, no unit), ``measure``
        (another physical unit), ``missing`` (empty or placeholder).
    deadline : dict of str to int or None, or None, default None
        ``{"year": int|None, "month": int|None, "day": int|None}`` for deadlines, else None.
    boolean : bool or None, default None
        True for 是, False for 否, else None.
    text : str or None, default None
        The leftover qualitative text, or None.
    issues : tuple of str, default ()
        Stable issue codes, e.g. ``number_missing``, ``number_glued_to_text``,
        ``placeholder``, ``empty``.

    Attributes
    ----------
    raw, direction, value, value_max, unit, kind, deadline, boolean, text, issues
        The fields above, as given. ``to_dict()`` / ``from_dict()`` give and read the
        JSON form used in the corpus.

    Examples
    --------
    >>> from classifier import Threshold
    >>> t = Threshold("≥90%", direction=">=", value=90.0, unit="%", kind="rate")
    >>> t.to_dict()["issues"]
    []
    >>> Threshold.from_dict(t.to_dict()) == t
    True
    """

    raw: str
    direction: str = "none"
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    kind: str = "missing"
    deadline: dict[str, int | None] | None = None
    boolean: bool | None = None
    text: str | None = None
    issues: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "direction": self.direction,
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "kind": self.kind,
            "deadline": dict(self.deadline) if self.deadline else None,
            "boolean": self.boolean,
            "text": self.text,
            "issues": list(self.issues),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Threshold":
        d = dict(d)
        d["issues"] = tuple(d.get("issues") or ())
        return cls(**d)



@dataclass
class Location:
    """Where a record sits in its source file.

    ``line_start`` / ``line_end`` are 1-based and inclusive: text lines for text
    exports and CSV, sheet rows for .xlsx, table rows for .docx (then ``table`` is the
    1-based table number). ``sheet`` is set for .xlsx only.
    """

    path: str
    line_start: int
    line_end: int
    table: int | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}"
        if self.sheet:
            where += f"[{self.sheet}]"
        if self.table:
            where += f" table {self.table}"
        unit = "row" if (self.sheet or self.table or self.path.lower().endswith(".csv")) else "line"
        if self.line_start == self.line_end:
            return f"{where} {unit} {self.line_start}"
        return f"{where} {unit}s {self.line_start}-{self.line_end}"

    def zh(self) -> str:
        """The same place for people, in Chinese: ``表.xlsx［工作表］ 第 2 张表 第 12–18 行``."""
        where = f"{self.path}"
        if self.sheet:
            where += f"［{self.sheet}］"
        if self.table:
            where += f" 第 {self.table} 张表"
        if self.line_end in (None, self.line_start):
            return f"{where} 第 {self.line_start} 行"
        return f"{where} 第 {self.line_start}–{self.line_end} 行"


@dataclass
class Indicator:
    """One indicator row: 一级 | 二级 | 三级 | 描述 | 指标值 | 指标值确定依据.

    ``level1`` / ``level2`` are normalized spellings (e.g. 产出数量 → 数量指标);
    ``*_inherited`` is True when the cell was empty (a merged cell) and the value was
    taken from the row above. ``name`` / ``description`` are the raw text with line
    breaks and surrounding white space removed; the ``*_raw`` fields are exact.
    ``basis_category`` is one of 计划标准, 历史标准, 行业标准, 预算支出标准, 其他标准, or
    None when the basis is empty or cannot be mapped.
    """

    row: int
    level1_raw: str
    level1: str
    level1_inherited: bool
    level2_raw: str
    level2: str
    level2_inherited: bool
    name_raw: str
    name: str
    description_raw: str
    description: str
    value_raw: str
    basis_raw: str
    basis_category: str | None
    threshold: Threshold
    location: Location

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["threshold"] = self.threshold.to_dict()
        d["location"] = asdict(self.location)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Indicator":
        d = dict(d)
        d["threshold"] = Threshold.from_dict(d["threshold"])
        d["location"] = Location(**d["location"])
        return cls(**d)


@dataclass
class Project:
    """One project (one 绩效目标表): header block plus indicator rows.

    Money is in 万元. ``budget_*`` are None when the cell is empty or not a number;
    ``*_raw`` keep the cell text. ``spending_plan`` maps the column label (3月底, 6月底,
    10月底, 12月底) to the cumulative share in percent (None for an empty cell).
    ``columns``: the roles of the indicator table's heading, sorted (``level1``, ``level2``,
    ``name``, ``description``, ``value``, ``basis`` …; see ``headers.json``), or None when not
    known (records written before it was kept).
    """

    index: int
    title: str
    name: str
    code: str | None
    code_raw: str
    agency: str | None
    budget_total: float | None
    budget_total_raw: str
    budget_fiscal: float | None
    budget_fiscal_raw: str
    budget_other: float | None
    budget_other_raw: str
    purpose: str
    spending_plan: dict[str, float | None]
    goals: list[str]
    indicators: list[Indicator]
    location: Location
    columns: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["indicators"] = [i.to_dict() for i in self.indicators]
        d["location"] = asdict(self.location)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Project":
        d = dict(d)
        d["indicators"] = [Indicator.from_dict(i) for i in d["indicators"]]
        d["location"] = Location(**d["location"])
        return cls(**d)


@dataclass
class Paragraph:
    """A line of text outside any table (prose, titles), kept as written."""

    text: str
    line: int


@dataclass
class SkippedRow:
    """A table row that was read but is not an indicator, with the reason.

    Reasons are short stable codes: ``blank`` (all cells empty), ``header`` (the
    一级指标/二级指标… heading row), ``no_name`` (一级/二级 given but 三级, value and
    description all empty), ``outside_table`` (a row before any indicator heading that
    is not part of a project header), …
    """

    reason: str
    cells: list[str]
    location: Location


@dataclass
class Document:
    """One source file.

    ``doc_id`` is the file name without extension. ``agency`` is the budget unit
    (单位) as written in the first project header, ``agency_code`` its leading digits.
    ``budget_year`` comes from the project codes (the two digits before ``P``) or,
    failing that, from the first ``20xx年`` in the prose.
    """

    doc_id: str
    source_path: str
    format: str
    encoding: str | None
    agency: str | None
    agency_code: str | None
    budget_year: int | None
    prose: list[Paragraph] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    rows_read: int = 0
    #: number of tables the rows came from (text exports: runs of rows between
    #: paragraphs; .docx: tables; .xlsx: sheets; .csv: 1).
    tables: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["prose"] = [asdict(p) for p in self.prose]
        d["projects"] = [p.to_dict() for p in self.projects]
        d["skipped"] = [
            {"reason": s.reason, "cells": s.cells, "location": asdict(s.location)} for s in self.skipped
        ]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        d = dict(d)
        d["prose"] = [Paragraph(**p) for p in d.get("prose", [])]
        d["projects"] = [Project.from_dict(p) for p in d.get("projects", [])]
        d["skipped"] = [
            SkippedRow(reason=s["reason"], cells=s["cells"], location=Location(**s["location"]))
            for s in d.get("skipped", [])
        ]
        return cls(**d)

    def iter_indicators(self) -> Iterator[tuple[Project, Indicator]]:
        """Yield ``(project, indicator)`` pairs in document order."""
        for project in self.projects:
            for indicator in project.indicators:
                yield project, indicator

    @property
    def indicator_count(self) -> int:
        return sum(len(p.indicators) for p in self.projects)
