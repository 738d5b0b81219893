"""Draft a whole indicator set for a new project from the most similar past projects.

:func:`draft` compares the new project (name, and purpose if given) with every corpus
project (name, 资金用途, 绩效目标; see :mod:`classifier.suggestion.similarity`), takes the most similar
ones, and for each 一级/二级 slot the regime requires (``classifier/data/draft_slots.json``)
proposes one to three 三级 names those projects used, each with a suggested value, unit and
basis (the most common for that name in the corpus) and the projects it came from. Rows are
placed in the slot their canonical category belongs to (not the 二级 they were filed under),
and process measures or placeholders (预算执行率, 无 …) are never proposed.

**Same field first.** The new project's policy field is guessed from its name and purpose
(:func:`~classifier.suggestion.fields.guess_field`; or given, ``field=``). Similar projects,
the corpus-wide vote and the values come from tables of that field; a slot the field has
nothing for is filled from other fields, and those rows are marked (``DraftItem.other_field``).

**Nothing copied that belongs to another project.** A year in a name, description or value
becomes the budget year (``year=``) or ``××××`` for you to fill; 依据 is the national category
(计划标准, 历史标准, 行业标准 …) rather than another body's document title; the source's
organisation and place names become 本单位 / 本地. The draft's notes say what was changed.

The result, a :class:`Draft`, renders as a terminal table, Markdown, JSON, or a ``.xlsx`` /
``.docx`` laid out like a real table (一级 | 二级 | 三级 | 描述 | 指标值 | 依据) via
:func:`write_draft`.

Example::

    >>> d = draft("招商引资专项经费", purpose="举办招商推介活动，引进重点产业项目", budget=30)
    >>> [(s.level2, [i.name for i in s.items]) for s in d.slots][:1]      # doctest: +SKIP
    [('数量指标', ['举办招商引资活动数量', '实际达成合作意向数'])]
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path
from typing import Any

from classifier.core.paths import load_data_json
from classifier.core.records import Indicator, Location, Project
from classifier.suggestion.values import name_key, value_display
from classifier.suggestion.index import EvidenceRow, SuggestionCorpus, SuggestionError, resolve_corpus
from classifier.suggestion.suggest import propose_value, suggest_thresholds
from classifier.vocabulary.thresholds import (
    Threshold,
    money_in_wan,
    parse_threshold,
    wan_in,
)

SLOTS_FILE = "draft_slots.json"
#: How many similar projects a draft draws its names from.
DEFAULT_PROJECTS = 5
#: Projects less similar than this are not used.
MIN_PROJECT_SIMILARITY = 0.05
#: Below this best similarity the draft says the match is weak.
WEAK_SIMILARITY = 0.2
#: An optional slot is drafted when the similar projects using it hold at least this share of
#: the similarity of all similar projects used (a similarity-weighted majority).
OPTIONAL_SLOT_SHARE = 0.5
#: Weight of the corpus as a whole in the votes for slots and categories: it counts like one
#: past project identical to the new one (similarity 1).
PRIOR_WEIGHT = 1.0
#: A name joins a slot when its score is at least this share of the slot's best score.
RELATIVE_SCORE = 0.5


def draft_slots(regime: str) -> list[dict[str, Any]]:
    """The slots of ``regime`` (``legacy`` or ``central2021``): dicts with ``level1``, ``level2``,
    ``required`` and ``default_categories``."""
    spec = load_data_json(SLOTS_FILE)["regimes"]
    if regime not in spec:
        raise SuggestionError(f"未知的体系“{regime}”（应为 {'、'.join(spec)} 之一）")
    return spec[regime]


@dataclass
class SourceProject:
    """A past project a suggestion came from, with its similarity (0–1) to the new project, its
    organisation, year and policy field."""

    doc_id: str
    project: str
    similarity: float
    organisation: str = ""
    year: str = ""
    field: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "project": self.project, "similarity": round(self.similarity, 3),
                "organisation": self.organisation, "year": self.year, "field": self.field}


@dataclass
class DraftItem:
    """One proposed 三级 row.

    ``origin``: ``similar`` (used by a similar project), ``corpus`` (no similar project had the
    slot; the corpus's most used name for it) or ``budget`` (a cost row from the budget given).
    ``field``: the policy field of the tables the row was taken from; ``other_field`` is True
    when that is not the draft's field (the draft's field had nothing for the slot) — shown as
    【跨领域】. ``name_tables``: how many corpus tables use the name; ``typical_range``: the middle
    half of the values tables set (``90%–100%``); ``examples``: up to three tables using the name
    (organisation, project, year). ``generalised``: what was changed so as not to copy another
    project (a year, a unit or place name), in words. ``basis`` is the national 依据 category
    written into the table; ``basis_raw`` the most used cell text of the sources (evidence only).
    ``value_scope`` is ``name`` (the most common value of the corpus rows with this name),
    ``category`` (the category's typical value, when the name's rows disagree), ``budget`` or
    ``none``; the value is used in ``value_tables`` of the ``value_of_tables`` tables looked at. ``sources`` are the similar projects that use the name (empty for ``corpus`` /
    ``budget``).
    """

    level1: str
    level2: str
    name: str
    description: str
    value: str
    threshold: Threshold
    basis: str | None
    basis_raw: str | None
    category: str
    category_zh: str
    origin: str
    value_scope: str
    value_tables: int
    value_of_tables: int
    score: float
    sources: list[SourceProject] = _field(default_factory=list)
    prior_tables: int = 0
    field: str = ""
    other_field: bool = False
    name_tables: int = 0
    typical_range: str | None = None
    examples: list[SourceProject] = _field(default_factory=list)
    generalised: list[str] = _field(default_factory=list)

    @property
    def unit(self) -> str | None:
        return self.threshold.unit

    @property
    def value_support(self) -> str:
        """Where the value comes from, in words."""
        if self.value_scope == "budget":
            return "the budget you gave"
        if self.value_scope == "none":
            return "no value in the corpus for this name or category; set one yourself"
        if self.value_scope == "yes_no":
            return f"a yes/no question: {self.value}"
        scope = "using this name" if self.value_scope == "name" else f"of category {self.category}"
        return f"{self.value or '(empty)'} in {self.value_tables} of {self.value_of_tables} tables {scope}"

    @property
    def evidence_short(self) -> str:
        """A short evidence note for narrow displays: ``3/5 表(名称) · 3 个相似项目``."""
        if self.value_scope == "budget":
            return "预算数"
        if self.value_scope == "none":
            return "无先例取值"
        if self.value_scope == "yes_no":
            return "是否式指标"
        scope = "名称" if self.value_scope == "name" else "类别"
        origin = f"{len(self.sources)} 个相似项目" if self.origin == "similar" else "语料常用"
        mark = f" · 跨领域（{_field_zh(self.field)}）" if self.other_field else ""
        return f"{self.value_tables}/{self.value_of_tables} 表({scope}) · {origin}{mark}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "level1": self.level1, "level2": self.level2, "name": self.name, "description": self.description,
            "value": self.value, "direction": self.threshold.direction, "number": self.threshold.value,
            "unit": self.unit, "kind": self.threshold.kind, "basis": self.basis, "basis_raw": self.basis_raw,
            "category": self.category, "category_zh": self.category_zh, "origin": self.origin,
            "value_scope": self.value_scope, "value_tables": self.value_tables,
            "value_of_tables": self.value_of_tables, "value_support": self.value_support, "score": round(self.score, 3),
            "sources": [s.to_dict() for s in self.sources], "field": self.field, "other_field": self.other_field,
            "name_tables": self.name_tables, "typical_range": self.typical_range,
            "examples": [e.to_dict() for e in self.examples], "generalised": list(self.generalised),
            "evidence": self.evidence_text,
        }

    @property
    def evidence_text(self) -> str:
        """Where the row came from, in one line (Chinese) for the files people open: the tables
        using it (organisation, project, year), how many, the typical range, a cross-field mark."""
        if self.origin == "budget":
            return "按填报的预算数"
        parts = []
        if self.other_field:
            parts.append(f"【跨领域：{_field_zh(self.field)}】")
        if self.examples:
            parts.append("来源：" + "；".join(
                "".join(x for x in (e.organisation, f"《{_short_project(e.project)}》" if e.project else "",
                                    f"{e.year}年" if e.year else "") if x)
                for e in self.examples))
        if self.name_tables:
            parts.append(f"语料中 {self.name_tables} 张表用这个指标")
        if self.value_scope in ("name", "category") and self.value_of_tables:
            where = "同名指标" if self.value_scope == "name" else "同类指标"
            parts.append(f"{where} {self.value_of_tables} 张表中 {self.value_tables} 张写 {self.value or '（空）'}")
        elif self.value_scope == "yes_no":
            parts.append("是否式指标")
        elif self.value_scope == "none":
            parts.append("语料中没有可参考的取值，请自行设定")
        if self.typical_range and self.typical_range != self.value:
            parts.append(f"常见范围 {self.typical_range}")
        if self.generalised:
            parts.append("已改写：" + "、".join(self.generalised))
        return "；".join(parts)


@dataclass
class DraftSlot:
    """One 一级/二级 slot and its proposed rows; ``note`` explains an empty or fallback slot."""

    level1: str
    level2: str
    required: bool
    items: list[DraftItem]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"level1": self.level1, "level2": self.level2, "required": self.required,
                "items": [i.to_dict() for i in self.items], "note": self.note}


@dataclass
class Draft:
    """A proposed 绩效目标表: the similar projects used and the slots in table order.

    ``field`` is the policy field the draft drew on first, ``field_source`` ``given`` (``field=``)
    or ``guessed`` (from the words ``field_words`` of the name and purpose); ``year`` the budget
    year given (or None: years are left as ××××)."""

    project_name: str
    purpose: str | None
    budget: float | None
    regime: str
    similar_projects: list[SourceProject]
    slots: list[DraftSlot]
    notes: list[str] = _field(default_factory=list)
    field: str = ""
    field_source: str = ""
    field_words: tuple[str, ...] = ()
    year: int | None = None

    @property
    def field_zh(self) -> str:
        """The draft's policy field in Chinese."""
        return _field_zh(self.field)

    @property
    def items(self) -> list[DraftItem]:
        """All proposed rows in table order."""
        return [i for s in self.slots for i in s.items]

    def to_dict(self) -> dict[str, Any]:
        return {
            "project_name": self.project_name, "purpose": self.purpose, "budget": self.budget,
            "regime": self.regime, "similar_projects": [p.to_dict() for p in self.similar_projects],
            "slots": [s.to_dict() for s in self.slots], "notes": list(self.notes), "field": self.field,
            "field_zh": self.field_zh, "field_source": self.field_source, "field_words": list(self.field_words),
            "year": self.year,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def table_rows(self) -> list[list[str]]:
        """Rows ``[一级, 二级, 三级, 描述, 指标值, 依据]`` as a table would hold them (一级/二级 in
        every row; the writers merge them). An empty required slot gives a row with empty cells."""
        rows = []
        for slot in self.slots:
            if not slot.items:
                rows.append([slot.level1, slot.level2, "", "", "", ""])
            for item in slot.items:
                rows.append([slot.level1, slot.level2, item.name, item.description, item.value, item.basis or ""])
        return rows

    def to_markdown(self) -> str:
        """The draft as Markdown: header, the table, where each row came from, notes."""
        def cell(text: Any) -> str:
            return str(text or "").replace("|", "\\|").replace("\n", " ")

        out = [f"# 绩效目标表（草稿）：{self.project_name}", ""]
        if self.purpose:
            out.append(f"- 资金用途 / 绩效目标：{self.purpose}")
        if self.budget is not None:
            out.append(f"- 预算数：{self.budget:g} 万元")
        out.append(f"- 体系：{self.regime}")
        out.append(f"- 领域：{self.field_zh}（{'指定' if self.field_source == 'given' else '由项目名称推断'}）")
        out += ["", "| 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据 | 来源 |",
                "|---|---|---|---|---|---|---|"]
        for slot in self.slots:
            if not slot.items:
                out.append(f"| {slot.level1} | {slot.level2} |  |  |  |  | {cell(slot.note)} |")
            for item in slot.items:
                out.append("| " + " | ".join(cell(x) for x in (
                    slot.level1, slot.level2, item.name, item.description, item.value,
                    item.basis, item.evidence_text)) + " |")
        out += ["", "## 参考的相似项目", ""]
        out += [f"- {p.project}（{p.organisation or p.doc_id}，{_field_zh(p.field)}，相似度 {p.similarity:.2f}）"
                for p in self.similar_projects] or ["- 无：每一行都取自整个语料"]
        if self.notes:
            out += ["", "## 注", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(out) + "\n"

    def to_project(self) -> Project:
        """The draft as a :class:`~classifier.core.records.Project` (for the table writers): a repeated
        一级/二级 is left empty and marked inherited, so the writers merge the cells."""
        indicators = []
        previous = ("", "")
        for n, (l1, l2, name, desc, value, basis) in enumerate(self.table_rows(), start=1):
            same1 = l1 == previous[0]
            same2 = same1 and l2 == previous[1]
            previous = (l1, l2)
            indicators.append(Indicator(
                row=n, level1_raw="" if same1 else l1, level1=l1, level1_inherited=same1,
                level2_raw="" if same2 else l2, level2=l2, level2_inherited=same2, name_raw=name, name=name, description_raw=desc, description=desc,
                value_raw=value, basis_raw=basis, basis_category=None, threshold=parse_threshold(value),
                location=Location(path="draft", line_start=n, line_end=n),
            ))
        budget = self.budget
        return Project(
            index=1, title=f"{self.project_name}绩效目标表", name=self.project_name, code=None, code_raw="",
            agency=None, budget_total=budget, budget_total_raw="" if budget is None else f"{budget:.2f}",
            budget_fiscal=None, budget_fiscal_raw="", budget_other=None, budget_other_raw="",
            purpose=self.purpose or "", spending_plan={}, goals=[self.purpose] if self.purpose else [],
            indicators=indicators, location=Location(path="draft", line_start=1, line_end=len(indicators) or 1),
        )


def _short_project(name: str) -> str:
    """A project name without the table description some sources append (（项目支出绩效目标表 2023年度，…）)."""
    cut = re.split(r"[（(](?=[^（()]*(?:表|年度))", name or "", maxsplit=1)[0].strip()
    cut = cut if len(cut) >= 4 else (name or "")
    return cut if len(cut) <= 30 else cut[:29] + "…"


def _field_zh(field_id: str) -> str:
    from classifier.suggestion.fields import field_zh

    return field_zh(field_id) if field_id else ""


# -- building -----------------------------------------------------------------------------------
def _slot_for(row: EvidenceRow, regime: str, tax) -> str | None:
    expected = tax.expected_level2(row.category, regime)
    if not expected:
        return None
    return row.level2 if row.level2 in expected else expected[0]


def _value_for(name: str, category: str, corpus: SuggestionCorpus, field_id: str | None = None):
    """``(proposal, description, name rows)`` for a proposed name:
    :func:`~classifier.suggestion.suggest.propose_value` over the category's rows (of ``field_id``
    when it has at least 3 tables with the category) and the rows of this name (of the field when
    there are any) — the name's most common value when its tables agree (or there is one),
    ``是`` / ``否`` for a yes/no name, else the category's typical (rate) value."""
    key = name_key(name)
    rows = corpus.rows_named(key)
    same = [r for r in rows if r.field == field_id]
    rows = same or rows
    descriptions = [r.description for r in rows if r.description]
    description = max(dict.fromkeys(descriptions), key=descriptions.count) if descriptions else ""
    s = _category_suggestion(category, corpus, field_id)
    in_evidence = {id(r) for r in s.evidence}
    extra = [r for r in rows if id(r) not in in_evidence]
    evidence = [r for r in s.evidence if name_key(r.name) != key] + rows if extra else s.evidence
    p = propose_value(name, category, evidence, None if extra else s.groups)
    return p, description, rows


def _category_suggestion(category: str, corpus: SuggestionCorpus, field_id: str | None = None):
    """:func:`suggest_thresholds` for a category (same field first), cached on the corpus."""
    cache = corpus.__dict__.setdefault("_category_suggestions", {})
    if (category, field_id) not in cache:
        cache[(category, field_id)] = suggest_thresholds(category, field=field_id, corpus=corpus)
    return cache[(category, field_id)]


_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?=年)")
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,7}?(?:自治区|自治州|自治县|省|市|县|区|旗|镇|乡)")
_NOT_PLACES = ("城市", "社区", "园区", "小区", "景区", "辖区", "城区", "市区", "地区", "片区", "开发区", "高新区", "某区")


def _places(organisation: str) -> list[str]:
    """Place names an organisation's name starts with (湘潭市, 梁平区 …) and their stems (湘潭)."""
    text = re.sub(r"（.*?）|\(.*?\)", "", organisation or "")
    out, pos = [], 0
    while True:
        m = _PLACE.match(text, pos)
        if not m or m.group(0) in _NOT_PLACES or m.group(0).endswith(_NOT_PLACES):
            break
        out.append(m.group(0))
        if len(m.group(0)) >= 3:
            out.append(m.group(0)[:-1])
        pos = m.end()
    return out


_NAME_PREFIX = re.compile(r"^\s*(?:【[^】]{0,8}】|(?:指标|目标)\s*[0-9一二三四五六七八九十]{1,3}\s*[:：、.．]|[0-9]{1,3}\s*[、．.](?![0-9]))\s*")


def clean_name(name: str) -> str:
    """A 三级 name without another table's numbering or edit marks (``指标1:``, ``2、``, ``【新增】``)."""
    previous = None
    while previous != name:
        previous, name = name, _NAME_PREFIX.sub("", name, count=1)
    return name.strip()


def generalise(text: str, organisations: list[str], year: int | None = None) -> tuple[str, list[str]]:
    """``text`` without what belongs to another project, and what was changed (Chinese words):
    a year (``2023年`` → the budget year, or ``××××年`` when it is not known), the source
    organisations' names (→ 本单位) and the place names they start with (→ 本地)."""
    changed: list[str] = []
    if not text:
        return text, changed
    new = _YEAR.sub(str(year) if year else "××××", text)
    if new != text:
        changed.append("年份")
    for org in sorted({o for o in organisations if o}, key=len, reverse=True):
        core = re.sub(r"（.*?）|\(.*?\)", "", org)
        for name in dict.fromkeys((org, core, core.removesuffix("本级"))):
            if len(name) >= 4 and name in new:
                new = new.replace(name, "本单位")
                changed.append("单位名称")
        for place in sorted(_places(org), key=len, reverse=True):
            if len(place) >= 2 and place in new:
                new = new.replace(place, "本地")
                changed.append("地名")
    return new, list(dict.fromkeys(changed))


def _budget_threshold(budget: float, unit: str | None) -> Threshold:
    unit = unit if unit in ("元", "亿元") else "万元"
    text = f"≤{wan_in(budget, unit):.2f}".rstrip("0").rstrip(".") + unit
    return parse_threshold(text)


def draft(project_name: str, *, purpose: str | None = None, budget: float | None = None,
          regime: str = "legacy", corpus: Any = None, n_projects: int = DEFAULT_PROJECTS,
          field: str | None = None, year: int | None = None) -> Draft:
    """Propose a 绩效目标表 for a new project.

    How rows are chosen (a similarity-weighted vote with the corpus as a prior): the similar
    projects vote with their similarity, and the corpus as a whole votes like one identical
    project (``PRIOR_WEIGHT``) with the share of its tables that use the slot / category. An
    optional slot (经济效益, 生态效益 …) is drafted when it wins half of the vote. In a slot,
    categories scoring at least half the best are taken, best first; each brings its best names
    among the similar projects (ranked by summed similarity; a second name needs two similar
    projects or the most similar one; ``max_items_per_category`` in draft_slots.json), or, when
    no similar project has one, the corpus's most used name for it. At most ``max_items`` (3)
    rows per slot.

    Parameters
    ----------
    project_name : str
        The 项目名称.
    purpose : str or None, default None
        资金用途 / 绩效目标 text (improves matching).
    budget : float or None, default None
        预算数 in 万元 (adds the row 项目总成本 ``≤budget万元``, basis 预算支出标准, and notes
        cost rows whose amount exceeds it).
    regime : str, default "legacy"
        ``legacy`` or ``central2021``.
    corpus : SuggestionCorpus or list of Document or None, default None
        None (shipped), a :class:`~classifier.suggestion.index.SuggestionCorpus` or a list
        of Documents.
    n_projects : int, default 5 (``DEFAULT_PROJECTS``)
        How many similar projects to draw names from.
    field : str or None, default None
        The project's policy field (an id such as ``education`` or its Chinese name, see
        :mod:`classifier.suggestion.fields`). None → guessed from the name and purpose.
    year : int or None, default None
        The budget year: years copied from past tables become it (None → ``××××``).

    Returns
    -------
    Draft
        The project name, purpose, budget and regime, the field (and whether it was given or
        guessed), the similar projects used (with their similarity, organisation and field),
        the slots in table order (each a 一级 / 二级 with its proposed rows, at most
        ``max_items``, each with its evidence) and ``notes``.

    Raises
    ------
    SuggestionError
        When ``project_name`` is empty, ``regime`` or ``field`` is unknown, ``budget`` is not
        a positive amount, or the corpus has no indicator rows.
    ReadError
        When ``corpus`` names a path that does not exist.

    Examples
    --------
    >>> from classifier import draft
    >>> table = draft("农村道路建设", budget=500)  # doctest: +SKIP
    >>> table.slots[0].level2  # doctest: +SKIP
    '数量指标'
    """
    from classifier.core.taxonomy import load_taxonomy
    from classifier.suggestion.fields import check_field, guess_field
    from classifier.suggestion.similarity import project_text

    if not (project_name or "").strip():
        raise SuggestionError("起草绩效目标表需要项目名称")
    slots_spec = draft_slots(regime)
    if budget is not None and not budget > 0:
        raise SuggestionError(f"预算应为正数（万元），不是 {budget:g}")
    guess = guess_field(project_name, purpose)
    field_id, field_source = (check_field(field), "given") if field else (guess.field, "guessed")
    corpus = resolve_corpus(corpus)
    tax = load_taxonomy()
    spec = load_data_json(SLOTS_FILE)
    max_items = int(spec["max_items"])
    cap = spec["max_items_per_category"]

    scores = corpus.project_index().similarity([project_text(project_name, purpose)])[0] if corpus.projects else []
    ranked = sorted(range(len(corpus.projects)), key=lambda i: (-scores[i], i))
    usable = [i for i in ranked if scores[i] >= MIN_PROJECT_SIMILARITY]
    chosen = [i for i in usable if corpus.projects[i].field == field_id][:n_projects]
    notes: list[str] = []
    cross_field = not chosen and bool(usable[:n_projects])
    if cross_field:  # the field has no similar project: other fields', marked
        chosen = usable[:n_projects]
        notes.append(f"同领域（{_field_zh(field_id)}）没有相似的项目；参考了其他领域的项目，相关行已标注【跨领域】")
    similar = [_source_project(corpus.projects[i], float(scores[i])) for i in chosen]

    # candidates[level2][name key] = {"score", "rows", "sources", "first"}
    candidates: dict[str, dict[str, dict[str, Any]]] = {}
    for rank, i in enumerate(chosen):
        ref, sim = corpus.projects[i], float(scores[i])
        for pos in ref.rows:
            row = corpus.rows[pos]
            slot = _slot_for(row, regime, tax)
            if slot is None or not name_key(row.name):
                continue
            entry = candidates.setdefault(slot, {}).setdefault(
                name_key(row.name), {"score": 0.0, "rows": [], "sources": [], "tables": [], "first": (rank, pos), "projects": set()})
            entry["rows"].append(row)
            if ref.table not in entry["projects"]:
                entry["projects"].add(ref.table)
                entry["tables"].append(ref.table)
                entry["score"] += sim
                entry["sources"].append(_source_project(ref, sim))

    total_similarity = sum(p.similarity for p in similar)
    slot_mass = {level2: sum(sim for sim in _slot_projects(pool).values()) for level2, pool in candidates.items()}
    if not similar:
        notes.append("语料中没有与之相似的项目；各行取自语料（同领域优先）的常用指标")
    slots: list[DraftSlot] = []
    field_tables = sum(1 for ref in corpus.projects if ref.field == field_id)
    prior_field = _slot_prior(corpus, regime, tax, field_id) if field_tables else {}
    prior_all = _slot_prior(corpus, regime, tax, None)
    n_tables = max(field_tables or len(corpus.projects), 1)
    context = _Context(corpus, tax, field_id, year, cross_field)
    for slot_spec in slots_spec:
        level1, level2, required = slot_spec["level1"], slot_spec["level2"], bool(slot_spec["required"])
        pool = candidates.get(level2, {})
        prior = prior_field if field_tables else prior_all
        slot_prior = prior.get(level2, {"tables": 0, "categories": {}})
        vote = (slot_mass.get(level2, 0.0) + PRIOR_WEIGHT * slot_prior["tables"] / n_tables) / (
            total_similarity + PRIOR_WEIGHT)
        if not required and vote < OPTIONAL_SLOT_SHARE:
            continue  # an optional slot needs a (similarity-weighted) majority of the similar projects
        other = not field_tables  # no table of the field at all: every corpus-wide row is from another field
        if not pool and not slot_prior["categories"] and field_tables:  # the field has nothing here
            slot_prior, other = prior_all.get(level2, {"tables": 0, "categories": {}}), True
        items = _fill_slot(level1, level2, pool, slot_prior, slot_spec.get("default_categories", []),
                           max_items, cap, context, other)
        note = None
        if not items:
            note = f"语料中没有可放在“{level2}”下的指标，请自行填写"
        elif other and any(i.other_field for i in items):
            note = f"同领域的表都没有“{level2}”；{items[0].name} 取自其他领域（已标注【跨领域】）"
        elif not pool and similar:
            note = f"相似项目的表都没有“{level2}”；{items[0].name} 是同领域最常用的（{items[0].prior_tables} 张表）"
        if budget is not None and level2 in spec["budget_level2"]:
            items = _apply_budget(items, level1, level2, float(budget), spec, max_items, tax, notes)
        slots.append(DraftSlot(level1, level2, required, items, note))
        if note:
            notes.append(note)
    thin = [i.name for s in slots for i in s.items if i.origin == "similar" and len(i.sources) < 2]
    if similar and similar[0].similarity < WEAK_SIMILARITY:
        notes.append(f"匹配较弱：最相似的项目（{similar[0].project}）相似度只有 {similar[0].similarity:.2f}，请逐行核对")
    if similar and len(similar) < 3:
        notes.append(f"证据较少：只找到 {len(similar)} 个相似项目")
    if thin:
        notes.append("只有一个相似项目用过：" + "、".join(thin))
    changed = [i for s in slots for i in s.items if i.generalised]
    if changed:
        notes.append("为免照抄其他项目，已改写：" + "；".join(f"{i.name}（{'、'.join(i.generalised)}）" for i in changed)
                     + ("；“××××年”请改为本预算年度" if year is None and any("年份" in i.generalised for i in changed)
                        else ""))
    notes.append("指标值确定依据写的是全国通用的类别（计划标准、历史标准、行业标准 …），请按本项目的依据文件改写")
    return Draft(project_name.strip(), purpose, budget, regime, similar, slots, notes, field_id, field_source,
                 guess.words if field_source == "guessed" else (), year)


@dataclass
class _Context:
    """What building one draft's rows needs besides the slot."""

    corpus: SuggestionCorpus
    tax: Any
    field: str
    year: int | None
    cross_field: bool


def _source_project(ref: Any, similarity: float) -> SourceProject:
    return SourceProject(ref.doc_id, ref.name, similarity, ref.source.organisation, ref.source.year, ref.field)


def _slot_prior(corpus: SuggestionCorpus, regime: str, tax, field_id: str | None = None) -> dict[str, dict[str, Any]]:
    """Per slot, over the tables of ``field_id`` (None: the whole corpus): ``{"tables": tables with
    a row there, "categories": {category: (tables, most used name, its tables, first row
    position)}}`` (cached on the corpus)."""
    cache = corpus.__dict__.setdefault("_draft_prior", {})
    if (regime, field_id) in cache:
        return cache[(regime, field_id)]
    tables: dict[str, set] = {}
    by_category: dict[tuple[str, str], set] = {}
    by_name: dict[tuple[str, str, str], set] = {}
    first: dict[tuple[str, str, str], int] = {}
    for pos, row in enumerate(corpus.rows):
        if field_id is not None and row.field != field_id:
            continue
        slot = _slot_for(row, regime, tax)
        key = name_key(row.name)
        if slot is None or not key:
            continue
        tables.setdefault(slot, set()).add(row.table)
        by_category.setdefault((slot, row.category), set()).add(row.table)
        by_name.setdefault((slot, row.category, key), set()).add(row.table)
        first.setdefault((slot, row.category, key), pos)
    result: dict[str, dict[str, Any]] = {slot: {"tables": len(t), "categories": {}} for slot, t in tables.items()}
    names_of: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for k in by_name:
        names_of.setdefault(k[:2], []).append(k)
    for (slot, category), t in by_category.items():
        best = max(names_of[(slot, category)], key=lambda k: (len(by_name[k]), -first[k]))
        result[slot]["categories"][category] = (len(t), corpus.rows[first[best]].name, len(by_name[best]), first[best])
    cache[(regime, field_id)] = result
    return result


def _fill_slot(level1: str, level2: str, pool: dict[str, dict[str, Any]], slot_prior: dict[str, Any],
               default_categories: list[str], max_items: int, cap: dict[str, int], context: _Context,
               other_prior: bool) -> list[DraftItem]:
    """Choose the slot's rows: categories by a vote of the similar projects (their similarities)
    plus the corpus prior (``PRIOR_WEIGHT`` × share of corpus tables using the category there);
    for each chosen category, its best-scored names among the similar projects, else the corpus's
    most used name for it."""
    votes: dict[str, float] = {}
    for entry in pool.values():
        category = entry["rows"][0].category
        votes.setdefault(category, 0.0)
    for category in votes:
        projects: dict[tuple, float] = {}
        for entry in pool.values():
            if entry["rows"][0].category == category:
                projects.update({t: src.similarity for src, t in zip(entry["sources"], entry["tables"])})
        votes[category] = sum(projects.values())
    for category, (t, *_rest) in slot_prior["categories"].items():
        votes[category] = votes.get(category, 0.0) + PRIOR_WEIGHT * t / max(slot_prior["tables"], 1)
    if not votes:
        return []
    order = {c: i for i, c in enumerate(default_categories)}
    ranked = sorted(votes, key=lambda c: (-votes[c], order.get(c, len(order)), c))
    best = votes[ranked[0]]
    items: list[DraftItem] = []
    for category in ranked:
        if len(items) >= max_items or votes[category] < RELATIVE_SCORE * best:
            break
        names = sorted(((k, e) for k, e in pool.items() if e["rows"][0].category == category),
                       key=lambda kv: (-kv[1]["score"], kv[1]["first"]))
        taken = 0
        for key, entry in names:
            if len(items) >= max_items or taken >= cap.get(category, cap["default"]):
                break
            if taken and (entry["score"] < RELATIVE_SCORE * names[0][1]["score"]
                          or (len(entry["sources"]) < 2 and entry["first"][0] != 0)):
                break  # a second name of a category needs two similar projects, or the most similar one
            if _near_duplicate(key, [i.name for i in items], context.corpus):
                continue
            row = entry["rows"][0]
            items.append(_make_item(level1, level2, row.name, category, "similar", entry["score"],
                                    entry["sources"], context, context.cross_field))
            taken += 1
        if not taken and category in slot_prior["categories"]:
            tables, name, name_tables, _ = slot_prior["categories"][category]
            item = _make_item(level1, level2, name, category, "corpus", 0.0, [], context, other_prior)
            item.prior_tables = name_tables
            items.append(item)
    return items


def _slot_projects(pool: dict[str, dict[str, Any]]) -> dict[tuple, float]:
    """The similar projects with a row in a slot: ``{table: similarity}``."""
    projects: dict[tuple, float] = {}
    for entry in pool.values():
        for source, table in zip(entry["sources"], entry["tables"]):
            projects[table] = source.similarity
    return projects


def _near_duplicate(key: str, chosen: list[str], corpus: SuggestionCorpus) -> bool:
    if not chosen:
        return False
    from classifier.suggestion.values import rules

    sims = corpus.name_index().similarity([key])[0]
    index = corpus.__dict__.setdefault("_name_positions", {n: i for i, n in enumerate(corpus.names)})
    return any(name_key(c) in index and sims[index[name_key(c)]] >= rules()["near_identical_name"] for c in chosen)


def _make_item(level1, level2, name, category, origin, score, sources, context: _Context,
               other_field: bool) -> DraftItem:
    corpus, tax = context.corpus, context.tax
    proposal, description, rows = _value_for(name, category, corpus, None if other_field else context.field)
    scope = {"name": "name", "similar": "name", "yes_no": "yes_no", "none": "none"}.get(proposal.scope, "category")
    threshold = proposal.threshold
    organisations = [r.source.organisation for r in rows] + [src.organisation for src in sources]
    shown_name, changed = generalise(clean_name(name), organisations, context.year)
    description, changed_d = generalise(description, organisations, context.year)
    value = _cell_value(threshold)
    value, changed_v = generalise(value, organisations, context.year)
    if changed_v and context.year is not None:
        threshold = parse_threshold(value)
    tables: dict[tuple, Any] = {}
    for r in rows:
        tables.setdefault(r.table, r)
    fields = [r.field for r in tables.values()]
    row_field = context.field if not other_field else (max(set(fields), key=fields.count) if fields else "")
    examples = [SourceProject(r.doc_id, r.project, 0.0, r.source.organisation, r.source.year, r.field)
                for r in list(tables.values())[:3]]
    return DraftItem(
        level1=level1, level2=level2, name=shown_name, description=description, value=value,
        threshold=threshold, basis=proposal.basis, basis_raw=proposal.basis_raw, category=category,
        category_zh=tax.zh(category), origin=origin, value_scope=scope, value_tables=proposal.tables,
        value_of_tables=proposal.of_tables, score=score, sources=list(sources), field=row_field,
        other_field=bool(other_field and row_field != context.field), name_tables=len(tables),
        typical_range=proposal.typical_range, examples=examples,
        generalised=list(dict.fromkeys(changed + changed_d + changed_v)),
    )


def _cell_value(threshold: Threshold) -> str:
    return "" if threshold.kind == "missing" else value_display(threshold)


def _apply_budget(items: list[DraftItem], level1: str, level2: str, budget: float, spec: dict,
                  max_items: int, tax, notes: list[str]) -> list[DraftItem]:
    """Add the total-cost row ``≤budget万元`` (basis 预算支出标准) unless a row of that name is
    there, in which case its value becomes the budget; other cost rows (unit costs such as
    人均费用) keep their values, with a note when one exceeds the budget."""
    threshold = _budget_threshold(budget, None)
    for item in items:
        t = item.threshold
        if t.kind == "money" and t.value is not None and name_key(item.name) != spec["budget_item_name"]:
            in_wan = money_in_wan(t.value, t.unit)
            if in_wan is not None and in_wan > budget:
                notes.append(f"{item.name} {item.value} is more than the budget ({budget:g}万元); adjust it")
    for item in items:
        if name_key(item.name) == spec["budget_item_name"]:
            item.threshold, item.value = threshold, value_display(threshold)
            item.basis, item.basis_raw = spec["budget_basis"], spec["budget_basis"]
            item.value_scope, item.value_tables, item.value_of_tables = "budget", 0, 0
            return items
    added = DraftItem(
        level1=level1, level2=level2, name=spec["budget_item_name"], description=spec["budget_item_description"],
        value=value_display(threshold), threshold=threshold, basis=spec["budget_basis"], basis_raw=spec["budget_basis"],
        category="cost", category_zh=tax.zh("cost"), origin="budget", value_scope="budget", value_tables=0,
        value_of_tables=0, score=0.0,
    )
    return (items + [added]) if len(items) < max_items else (items[: max_items - 1] + [added])


# -- output -------------------------------------------------------------------------------------


def write_draft(d: Draft, path: str | Path) -> Path:
    """Write the draft to ``path`` by suffix: ``.md``, ``.json``, ``.xlsx`` or ``.docx`` (the last two
    laid out like the form a finance office sends, with each row's evidence in a reference column:
    :mod:`classifier.suggestion.draft_files`). Returns the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".md", ".json", ".xlsx", ".docx"):
        raise SuggestionError(f"{path}：草稿不能写成 {suffix or '没有扩展名的文件'}（可用 .md、.json、.xlsx、.docx）")
    if not path.parent.exists():
        raise SuggestionError(f"{path}：文件夹 {path.parent} 不存在")
    if suffix == ".md":
        path.write_text(d.to_markdown(), encoding="utf-8")
    elif suffix == ".json":
        path.write_text(d.to_json() + "\n", encoding="utf-8")
    else:
        _write_table(d, path, suffix)
    return path


def _write_table(d: Draft, path: Path, suffix: str) -> None:
    from classifier.suggestion.draft_files import write_draft_docx, write_draft_xlsx

    (write_draft_xlsx if suffix == ".xlsx" else write_draft_docx)(d, path)
