"""The one interpreter: a block stream (from any reader) becomes a :class:`Document`.

Every table row read ends up either as an :class:`Indicator` or as a
:class:`SkippedRow` with a reason code, so ``rows_read == indicators + skipped``:

``blank``            all cells empty;
``header``           the 一级指标 | 二级指标 | … heading row of an indicator table;
``project_header``   a row of a project's header block (单位, 项目编码, 项目名称, 预算数 …,
                     资金用途, 资金支出计划, 绩效目标);
``title``            a one-cell row holding a table title (…绩效目标表), as in spreadsheets;
``no_name``          一级/二级 given but 三级, 描述, 指标值 and 依据 all empty;
``outside_table``    a row that is neither part of a project header nor of an indicator table.

Projects: a header-block row opens a new project when there is none yet, when the
current project already has indicator rows, or when the label it carries was
already filled in. A heading row with no open project (a bare indicator table, as in
most .csv files) opens one; so does a heading after indicator rows when a title came
in between or it sits in another table (a heading repeated inside one table, as at
page tops of converted files, is skipped as ``header`` and the project goes on).
With 项目名称/项目编码 columns (csv), a change of value opens a new project.

Indicator rows: columns are mapped by name from the heading row (aliases in
``classifier/data/headers.json``), so spacer columns and column order do not matter.
Empty 一级/二级 cells inherit from the row above (``*_inherited``); 二级 is not
inherited across a change of 一级. ``Indicator.row`` is the 1-based position of the
indicator within its project.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from classifier.vocabulary.basis import map_basis
from classifier.core.errors import ReadError
from classifier.vocabulary.levels import normalize_level1, normalize_level2
from classifier.core.paths import load_data_json
from classifier.core.records import Document, Indicator, Location, Paragraph, Project, SkippedRow
from classifier.vocabulary.thresholds import parse_threshold
from classifier.reading.blocks import ParagraphBlock, RowBlock

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
PROJECT_CODE_YEAR = re.compile(r"(\d{2})P")
PROSE_YEAR = re.compile(r"(20\d{2})\s*年")
AGENCY_CODE = re.compile(r"^\s*(\d+)")
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
GOAL_ITEM = re.compile(r"^\s*\d+\s*[.、．]")


def squash(text: str) -> str:
    """Cell text for label matching: no white space, full-width colon and brackets."""
    text = re.sub(r"\s+", "", text or "")
    return text.replace(":", "：").replace("(", "（").replace(")", "）")


def clean(text: str) -> str:
    """Raw cell text with line breaks (and the space around them) and outer space removed."""
    return re.sub(r"[ \t\u3000]*\n[ \t\u3000]*", "", text or "").strip()


def strip_bookmarks(text: str) -> str:
    return BOOKMARK.sub("", text or "").strip()


@dataclass(frozen=True)
class Vocabulary:
    """The aliases of ``headers.json`` in squashed form."""

    columns: dict[str, str]
    labels: dict[str, str]
    unit_notes: dict[str, float]
    heading_min_roles: int
    #: a user's minimal sheet: a heading with fewer roles counts when it is exactly one of these
    minimal_headings: tuple[frozenset[str], ...]
    goal_tag: re.Pattern
    title_suffixes: tuple[str, ...]
    operator_words_dropped: frozenset[str] = frozenset()

    @classmethod
    def load(cls) -> "Vocabulary":
        data = load_data_json("headers.json")
        columns = {squash(a): role for role, aliases in data["indicator_columns"].items() for a in aliases}
        labels = {squash(a): key for key, aliases in data["header_labels"].items() for a in aliases}
        notes = {squash(k): float(v) for k, v in data["unit_notes"].items()}
        return cls(
            columns=columns,
            labels=labels,
            unit_notes=notes,
            heading_min_roles=int(data["heading_min_roles"]),
            minimal_headings=tuple(frozenset(h) for h in data.get("minimal_headings", ())),
            goal_tag=re.compile(data["goal_tag_pattern"]),
            title_suffixes=tuple(data["title_suffixes"]),
            operator_words_dropped=frozenset(squash(w) for w in data.get("operator_words_dropped", ())),
        )


def parse_money(raw: str, scale: float = 1.0) -> float | None:
    """``18.00`` / ``300万元`` / ``136.5万元`` / ``1.2亿元`` → float in 万元; None if no number.

    ``scale`` converts a bare number into 万元 (1 when the table says 单位：万元).
    """
    text = squash(raw).replace(",", "").replace("，", "")
    match = NUMBER.search(text)
    if not match:
        return None
    value = float(match.group())
    rest = text[match.end():]
    for unit, factor in _money_units():
        if rest.startswith(unit):
            return round(value * factor, 6)
    return round(value * scale, 6)


@lru_cache(maxsize=1)
def _money_units() -> tuple[tuple[str, float], ...]:
    """(unit, factor to 万元), longest unit first, from ``headers.json``."""
    units = load_data_json("headers.json")["money_units"]
    return tuple(sorted(((u, float(f)) for u, f in units.items()), key=lambda uf: -len(uf[0])))


def parse_percent(raw: str) -> float | None:
    """A 资金支出计划 cell: ``25%`` or ``25`` → 25.0 (percent as written); None when empty."""
    match = NUMBER.search(squash(raw).replace("％", "%"))
    return float(match.group()) if match else None


def split_goals(text: str) -> list[str]:
    """One goal cell → goals: ``"1.a\\n2.b"`` is two goals; other wrapped text stays one."""
    text = text.strip()
    if not text:
        return []
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) > 1 and all(GOAL_ITEM.match(ln) for ln in lines[1:]):
        return lines
    return [text]


@dataclass
class _ProjectDraft:
    index: int
    title: str
    first_location: Location
    last_location: Location
    agency: str | None = None
    code_raw: str | None = None
    name: str | None = None
    budget_total_raw: str | None = None
    budget_fiscal_raw: str | None = None
    budget_other_raw: str | None = None
    purpose: str | None = None
    spending_labels: dict[int, str] = field(default_factory=dict)
    spending_plan: dict[str, float | None] = field(default_factory=dict)
    goals: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    money_scale: float = 1.0
    in_indicators: bool = False
    #: roles of the table heading(s) seen for this project (name, value, basis …)
    columns: set[str] = field(default_factory=set)

    def build(self) -> Project:
        code_raw = self.code_raw or ""
        code = clean(code_raw)
        if not code or not re.search(r"[0-9A-Za-z]", code):
            code = None
        loc = Location(
            self.first_location.path,
            self.first_location.line_start,
            self.last_location.line_end,
            self.first_location.table,
            self.first_location.sheet,
        )
        return Project(
            index=self.index,
            title=self.title,
            name=clean(self.name or ""),
            code=code,
            code_raw=code_raw,
            agency=self.agency,
            budget_total=parse_money(self.budget_total_raw or "", self.money_scale),
            budget_total_raw=self.budget_total_raw or "",
            budget_fiscal=parse_money(self.budget_fiscal_raw or "", self.money_scale),
            budget_fiscal_raw=self.budget_fiscal_raw or "",
            budget_other=parse_money(self.budget_other_raw or "", self.money_scale),
            budget_other_raw=self.budget_other_raw or "",
            purpose=(self.purpose or "").strip(),
            spending_plan=dict(self.spending_plan),
            goals=list(self.goals),
            indicators=list(self.indicators),
            location=loc,
            columns=sorted(self.columns) if self.columns else None,
        )


class Interpreter:
    """Turns one block stream into one Document (use :func:`interpret`)."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.projects: list[_ProjectDraft] = []
        self.current: _ProjectDraft | None = None
        self.columns: dict[str, int] = {}
        self.skipped: list[SkippedRow] = []
        self.prose: list[Paragraph] = []
        self.rows_read = 0
        self.tables: set[int] = set()
        self.title_lines: list[str] = []
        self.pending_title = ""
        self.last_label: str | None = None
        self.table_id: int | None = None

    # -- paragraphs and titles --------------------------------------------
    def paragraph(self, block: ParagraphBlock) -> None:
        if not block.text.strip():
            self.title_lines = []
            return
        self.prose.append(Paragraph(text=block.text, line=block.line))
        text = clean(strip_bookmarks(block.text))
        if block.continues and self.title_lines:
            self.title_lines.append(text)
        else:
            self.title_lines = [text]
        self.pending_title = "".join(self.title_lines)

    # -- rows --------------------------------------------------------------
    def skip(self, reason: str, row: RowBlock) -> None:
        self.skipped.append(SkippedRow(reason=reason, cells=row.texts, location=row.location))

    def new_project(self, row: RowBlock) -> _ProjectDraft:
        draft = _ProjectDraft(
            index=len(self.projects) + 1,
            title=self.pending_title,
            first_location=row.location,
            last_location=row.location,
        )
        self.pending_title = ""
        self.title_lines = []
        self.projects.append(draft)
        self.current = draft
        self.columns = {}
        self.last_label = None
        return draft

    def heading_roles(self, squashed: list[str]) -> dict[str, int]:
        roles: dict[str, int] = {}
        for i, text in enumerate(squashed):
            role = self.vocab.columns.get(text)
            if role and role not in roles:
                roles[role] = i
        if len(roles) >= self.vocab.heading_min_roles and ("name" in roles or "level1" in roles):
            return roles
        if "name" in roles and any(set(roles) == set(minimal) for minimal in self.vocab.minimal_headings):
            return roles
        return {}

    def unit_note(self, squashed: list[str]) -> float | None:
        for text in squashed:
            if text in self.vocab.unit_notes:
                return self.vocab.unit_notes[text]
        return None

    def first_label(self, squashed: list[str]) -> tuple[int, str] | None:
        for i, text in enumerate(squashed):
            if text:
                key = self.vocab.labels.get(text)
                return (i, key) if key else None
        return None

    def title_row(self, squashed: list[str], row: RowBlock) -> str | None:
        filled = [c.text for c in row.cells if c.text.strip()]
        if len(filled) != 1:
            return None
        text = squash(filled[0])
        if text in self.vocab.labels or text in self.vocab.columns:
            return None
        if any(text.endswith(s) for s in self.vocab.title_suffixes):
            return strip_bookmarks(clean(filled[0]))
        return None

    def row(self, row: RowBlock) -> None:
        self.rows_read += 1
        self.tables.add(row.table_id)
        try:
            self.dispatch(row)
        finally:
            self.table_id = row.table_id

    def dispatch(self, row: RowBlock) -> None:
        squashed = [squash(t) for t in row.texts]
        if not any(squashed):
            self.skip("blank", row)
            return
        roles = self.heading_roles(squashed)
        if roles:
            cur = self.current
            # A heading repeated inside the same table (page tops in converted files)
            # continues the project; after a title or in another table it starts one.
            if cur is None or (cur.indicators and (self.pending_title or row.table_id != self.table_id)):
                self.new_project(row)
            assert self.current is not None
            self.columns = roles
            self.current.columns.update(roles)
            self.current.in_indicators = True
            self.current.last_location = row.location
            self.skip("header", row)
            return
        title = self.title_row(squashed, row)
        if title is not None:
            self.pending_title = title
            self.title_lines = []
            self.skip("title", row)
            return
        if self.header_row(squashed, row):
            return
        if self.current is not None and self.current.in_indicators and self.columns:
            self.indicator_row(row)
            return
        self.skip("outside_table", row)

    def header_row(self, squashed: list[str], row: RowBlock) -> bool:
        """Apply a header-block row to the current (or a new) project; False if it is none."""
        note = self.unit_note(squashed)
        first = self.first_label(squashed)
        cur = self.current
        in_header = cur is not None and not cur.in_indicators
        if note is None and first is None:
            # Context rows: purpose under the budget row, plan values, more goals.
            if not in_header or self.last_label is None:
                return False
            assert cur is not None
            text = "\n".join(t.strip() for t in row.texts if t.strip())
            if self.last_label in ("budget_section", "budget_total", "budget_fiscal", "budget_other"):
                cur.purpose = text if cur.purpose is None else f"{cur.purpose}\n{text}"
                self.last_label = "purpose"
            elif self.last_label == "purpose":
                cur.purpose = f"{cur.purpose}\n{text}" if cur.purpose else text
            elif self.last_label == "spending_plan" and cur.spending_labels:
                for idx, label in cur.spending_labels.items():
                    cur.spending_plan[label] = parse_percent(row.texts[idx]) if idx < len(row.texts) else None
                self.last_label = "spending_values"
            elif self.last_label == "goals":
                self.add_goals(cur, row.texts)
            else:
                return False
            cur.last_location = row.location
            self.skip("project_header", row)
            return True
        if note is None and cur is not None and cur.in_indicators and first is not None and first[0] != 0:
            # Inside an indicator table only a label in the first column opens a header block.
            return False
        segments = self.segments(squashed)
        keys = {key for key, _ in segments}
        if note is not None:
            keys.add("agency_row")
        if cur is None or cur.in_indicators or self.already_set(cur, keys):
            cur = self.new_project(row)
        assert cur is not None
        if note is not None:
            cur.money_scale = note
            first_label_at = segments[0][1][0] if segments else len(squashed)
            agency_cells = [
                i for i, s in enumerate(squashed[:first_label_at]) if s and s not in self.vocab.unit_notes
            ]
            if agency_cells and cur.agency is None:
                cur.agency = clean(row.texts[agency_cells[0]]) or None
        for key, (start, values) in segments:
            self.apply_label(cur, key, start, values, row)
        cur.last_location = row.location
        self.skip("project_header", row)
        return True

    def segments(self, squashed: list[str]) -> list[tuple[str, tuple[int, list[int]]]]:
        """``[(label key, (label column, [value columns]))]`` for the labels in a row."""
        out: list[tuple[str, tuple[int, list[int]]]] = []
        for i, text in enumerate(squashed):
            key = self.vocab.labels.get(text)
            if key:
                out.append((key, (i, [])))
            elif out and text not in self.vocab.unit_notes:
                out[-1][1][1].append(i)
        return out

    def already_set(self, cur: _ProjectDraft, keys: set[str]) -> bool:
        return bool(
            ("code" in keys and cur.code_raw is not None)
            or ("name" in keys and cur.name is not None)
            or ("budget_total" in keys and cur.budget_total_raw is not None)
            or ("agency_row" in keys and (cur.agency is not None or cur.code_raw is not None or cur.name is not None))
        )

    def apply_label(self, cur: _ProjectDraft, key: str, start: int, values: list[int], row: RowBlock) -> None:
        texts = row.texts
        first_value = next((texts[i] for i in values if texts[i].strip()), texts[values[0]] if values else "")
        self.last_label = key
        if key == "agency":  # the first of 单位名称 / 主管部门 / 实施单位 … wins
            if cur.agency is None:
                cur.agency = clean(first_value) or None
        elif key == "code":
            cur.code_raw = first_value
        elif key == "name":
            cur.name = first_value
        elif key == "budget_total":
            cur.budget_total_raw = first_value
        elif key == "budget_fiscal":
            cur.budget_fiscal_raw = first_value
        elif key == "budget_other":
            cur.budget_other_raw = first_value
        elif key == "purpose":
            text = "\n".join(texts[i].strip() for i in values if texts[i].strip())
            if text:
                cur.purpose = text
        elif key == "spending_plan":
            cur.spending_labels = {i: clean(texts[i]) for i in values if texts[i].strip()}
            cur.spending_plan = {label: None for label in cur.spending_labels.values()}
        elif key == "goals":
            self.add_goals(cur, [texts[i] for i in values])

    def add_goals(self, cur: _ProjectDraft, texts: list[str]) -> None:
        for text in texts:
            if not text.strip() or self.vocab.goal_tag.match(squash(text)):
                continue
            cur.goals.extend(split_goals(text))

    def indicator_row(self, row: RowBlock) -> None:
        cur = self.current
        assert cur is not None
        texts = row.texts

        def cell(role: str) -> str:
            idx = self.columns.get(role)
            return texts[idx] if idx is not None and idx < len(texts) else ""

        # csv: project columns split projects
        pname, pcode = cell("project_name"), cell("project_code")
        if (pname.strip() and cur.name is not None and clean(pname) != clean(cur.name)) or (
            pcode.strip() and cur.code_raw is not None and clean(pcode) != clean(cur.code_raw)
        ):
            columns = self.columns
            cur = self.new_project(row)
            self.columns = columns
            cur.columns.update(columns)
            cur.in_indicators = True
        if pname.strip() and cur.name is None:
            cur.name = pname
        if pcode.strip() and cur.code_raw is None:
            cur.code_raw = pcode

        name_raw, desc_raw, basis_raw = cell("name"), cell("description"), cell("basis")
        value_raw = cell("value")
        if "operator" in self.columns or "unit" in self.columns:
            operator = cell("operator").strip()
            if squash(operator) in self.vocab.operator_words_dropped:
                operator = ""
            parts = [operator, value_raw.strip(), cell("unit").strip()]
            unit = parts[2]
            if unit and parts[1].endswith(unit):
                parts[2] = ""
            value_raw = "".join(parts)
        l1_raw, l2_raw = cell("level1"), cell("level2")
        if not (name_raw.strip() or desc_raw.strip() or value_raw.strip() or basis_raw.strip()):
            self.skip("no_name", row)
            cur.last_location = row.location
            return
        prev = cur.indicators[-1] if cur.indicators else None
        l1_inherited = not l1_raw.strip() and prev is not None and bool(prev.level1)
        level1 = prev.level1 if l1_inherited and prev else normalize_level1(l1_raw)
        l2_inherited = (
            not l2_raw.strip() and prev is not None and bool(prev.level2) and (l1_inherited or level1 == prev.level1)
        )
        level2 = prev.level2 if l2_inherited and prev else normalize_level2(l2_raw)
        cur.indicators.append(
            Indicator(
                row=len(cur.indicators) + 1,
                level1_raw=l1_raw,
                level1=level1,
                level1_inherited=l1_inherited,
                level2_raw=l2_raw,
                level2=level2,
                level2_inherited=l2_inherited,
                name_raw=name_raw,
                name=clean(name_raw),
                description_raw=desc_raw,
                description=clean(desc_raw),
                value_raw=value_raw,
                basis_raw=basis_raw,
                basis_category=map_basis(basis_raw),
                threshold=parse_threshold(value_raw),
                location=row.location,
            )
        )
        cur.last_location = row.location


@lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return Vocabulary.load()


def budget_year(projects: list[Project], prose: list[Paragraph]) -> int | None:
    """The two digits before ``P`` in the first project code, else the first 20xx年 in the prose."""
    for project in projects:
        if project.code:
            match = PROJECT_CODE_YEAR.search(project.code)
            if match:
                return 2000 + int(match.group(1))
    for paragraph in prose:
        match = PROSE_YEAR.search(paragraph.text)
        if match:
            return int(match.group(1))
    return None


def interpret(blocks: list, *, doc_id: str, source_path: str, format: str, encoding: str | None) -> Document:
    """Turn a block stream into a :class:`Document`.

    Raises :class:`ReadError` (``source_path：没有找到指标表…``) when the
    stream holds no indicator row at all.
    """
    machine = Interpreter(_vocabulary())
    for block in blocks:
        if isinstance(block, RowBlock):
            machine.row(block)
        else:
            machine.paragraph(block)
    projects = [draft.build() for draft in machine.projects]
    if not any(p.indicators for p in projects):
        if machine.rows_read == 0:
            raise ReadError(source_path, "没有找到表格")
        raise ReadError(source_path, "没有找到指标表（需要「一级指标」「三级指标」或「指标值」列，且其下有数据行）")
    agency = next((p.agency for p in projects if p.agency), None)
    agency_code = None
    if agency:
        match = AGENCY_CODE.match(agency)
        agency_code = match.group(1) if match else None
    doc = Document(
        doc_id=doc_id,
        source_path=source_path,
        format=format,
        encoding=encoding,
        agency=agency,
        agency_code=agency_code,
        budget_year=budget_year(projects, machine.prose),
        prose=machine.prose,
        projects=projects,
        skipped=machine.skipped,
        rows_read=machine.rows_read,
        tables=len(machine.tables),
    )
    return doc
