"""Draft a whole indicator set for a new project from the most similar past projects.

:func:`draft` compares the new project (name, and purpose if given) with every corpus
project (name, 资金用途, 绩效目标; see :mod:`classifier.suggestion.similarity`), takes the most similar
ones, and for each 一级/二级 slot the regime requires (``classifier/data/draft_slots.json``)
proposes one to three 三级 names those projects used, each with a suggested value, unit and
basis (the most common for that name in the corpus) and the projects it came from. Rows are
placed in the slot their canonical category belongs to (not the 二级 they were filed under),
and process measures or placeholders (预算执行率, 无 …) are never proposed.

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
from dataclasses import dataclass, field
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
        raise SuggestionError(f"unknown regime {regime!r}; expected one of {', '.join(spec)}")
    return spec[regime]


@dataclass
class SourceProject:
    """A past project a suggestion came from, with its similarity (0–1) to the new project."""

    doc_id: str
    project: str
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "project": self.project, "similarity": round(self.similarity, 3)}


@dataclass
class DraftItem:
    """One proposed 三级 row.

    ``origin``: ``similar`` (used by a similar project), ``corpus`` (no similar project had the
    slot; the corpus's most used name for it) or ``budget`` (a cost row from the budget given).
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
    sources: list[SourceProject] = field(default_factory=list)
    prior_tables: int = 0

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
        return f"{self.value_tables}/{self.value_of_tables} 表({scope}) · {origin}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "level1": self.level1, "level2": self.level2, "name": self.name, "description": self.description,
            "value": self.value, "direction": self.threshold.direction, "number": self.threshold.value,
            "unit": self.unit, "kind": self.threshold.kind, "basis": self.basis, "basis_raw": self.basis_raw,
            "category": self.category, "category_zh": self.category_zh, "origin": self.origin,
            "value_scope": self.value_scope, "value_tables": self.value_tables,
            "value_of_tables": self.value_of_tables, "value_support": self.value_support, "score": round(self.score, 3),
            "sources": [s.to_dict() for s in self.sources],
        }


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
    """A proposed 绩效目标表: the similar projects used and the slots in table order."""

    project_name: str
    purpose: str | None
    budget: float | None
    regime: str
    similar_projects: list[SourceProject]
    slots: list[DraftSlot]
    notes: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[DraftItem]:
        """All proposed rows in table order."""
        return [i for s in self.slots for i in s.items]

    def to_dict(self) -> dict[str, Any]:
        return {
            "project_name": self.project_name, "purpose": self.purpose, "budget": self.budget,
            "regime": self.regime, "similar_projects": [p.to_dict() for p in self.similar_projects],
            "slots": [s.to_dict() for s in self.slots], "notes": list(self.notes),
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
                rows.append([slot.level1, slot.level2, item.name, item.description, item.value,
                             item.basis_raw or item.basis or ""])
        return rows

    def to_markdown(self) -> str:
        """The draft as Markdown: header, the table, where each row came from, notes."""
        def cell(text: Any) -> str:
            return str(text or "").replace("|", "\\|").replace("\n", " ")

        out = [f"# 绩效目标表（草稿）：{self.project_name}", ""]
        if self.purpose:
            out.append(f"- 资金用途 / 绩效目标: {self.purpose}")
        if self.budget is not None:
            out.append(f"- 预算数: {self.budget:g} 万元")
        out.append(f"- regime: {self.regime}")
        out += ["", "| 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据 | 来源 |",
                "|---|---|---|---|---|---|---|"]
        for slot in self.slots:
            if not slot.items:
                out.append(f"| {slot.level1} | {slot.level2} |  |  |  |  | {cell(slot.note)} |")
            for item in slot.items:
                out.append("| " + " | ".join(cell(x) for x in (
                    slot.level1, slot.level2, item.name, item.description, item.value,
                    item.basis_raw or item.basis, _source_text(item))) + " |")
        out += ["", "## Similar past projects", ""]
        out += [f"- {p.project} ({p.doc_id}, similarity {p.similarity:.2f})" for p in self.similar_projects] or [
            "- none: every row comes from the corpus as a whole"]
        if self.notes:
            out += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
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


def _source_text(item: DraftItem) -> str:
    if item.origin == "budget":
        return "预算数"
    if item.origin == "corpus":
        return f"语料常用 ({item.value_support})"
    names = "、".join(dict.fromkeys(s.project for s in item.sources[:3]))
    return f"{names} ({item.value_support})"


# -- building -----------------------------------------------------------------------------------
def _slot_for(row: EvidenceRow, regime: str, tax) -> str | None:
    expected = tax.expected_level2(row.category, regime)
    if not expected:
        return None
    return row.level2 if row.level2 in expected else expected[0]


def _value_for(name: str, category: str, corpus: SuggestionCorpus) -> tuple[Threshold, tuple[str, int, int], str | None, str | None, str]:
    """(threshold, (scope, tables using it, tables asked), basis, basis_raw, description) for a
    proposed name: :func:`~classifier.suggestion.suggest.propose_value` over the category's rows
    and the rows of this name — the name's most common value when its tables agree (or there is
    one), ``是`` / ``否`` for a yes/no name, else the category's typical (rate) value. ``scope`` is
    ``name``, ``yes_no``, ``category`` or ``none``."""
    key = name_key(name)
    rows = corpus.rows_named(key)
    descriptions = [r.description for r in rows if r.description]
    description = max(dict.fromkeys(descriptions), key=descriptions.count) if descriptions else ""
    s = _category_suggestion(category, corpus)
    extra = [r for r in rows if r.category != category]
    evidence = s.evidence + extra
    p = propose_value(name, category, evidence, None if extra else s.groups)
    scope = {"name": "name", "similar": "name", "yes_no": "yes_no", "none": "none"}.get(p.scope, "category")
    return p.threshold, (scope, p.tables, p.of_tables), p.basis, p.basis_raw, description


def _category_suggestion(category: str, corpus: SuggestionCorpus):
    """:func:`suggest_thresholds` for a category, cached on the corpus."""
    cache = corpus.__dict__.setdefault("_category_suggestions", {})
    if category not in cache:
        cache[category] = suggest_thresholds(category, corpus=corpus)
    return cache[category]


def _budget_threshold(budget: float, unit: str | None) -> Threshold:
    unit = unit if unit in ("元", "亿元") else "万元"
    text = f"≤{wan_in(budget, unit):.2f}".rstrip("0").rstrip(".") + unit
    return parse_threshold(text)


def draft(project_name: str, *, purpose: str | None = None, budget: float | None = None,
          regime: str = "legacy", corpus: Any = None, n_projects: int = DEFAULT_PROJECTS) -> Draft:
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

    Returns
    -------
    Draft
        The project name, purpose, budget and regime, the similar projects used (with
        their similarity), the slots in table order (each a 一级 / 二级 with its proposed
        rows, at most ``max_items``) and ``notes``.

    Raises
    ------
    SuggestionError
        When ``project_name`` is empty, ``regime`` is unknown, ``budget`` is not a
        positive amount, or the corpus has no indicator rows.
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
    from classifier.suggestion.similarity import project_text

    if not (project_name or "").strip():
        raise SuggestionError("a project name is needed to draft a table")
    slots_spec = draft_slots(regime)
    if budget is not None and not budget > 0:
        raise SuggestionError(f"the budget must be a positive amount in 万元, not {budget:g}")
    corpus = resolve_corpus(corpus)
    tax = load_taxonomy()
    spec = load_data_json(SLOTS_FILE)
    max_items = int(spec["max_items"])
    cap = spec["max_items_per_category"]

    scores = corpus.project_index().similarity([project_text(project_name, purpose)])[0] if corpus.projects else []
    ranked = sorted(range(len(corpus.projects)), key=lambda i: (-scores[i], i))
    chosen = [i for i in ranked if scores[i] >= MIN_PROJECT_SIMILARITY][:n_projects]
    similar = [SourceProject(corpus.projects[i].doc_id, corpus.projects[i].name, float(scores[i])) for i in chosen]

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
                entry["sources"].append(SourceProject(ref.doc_id, ref.name, sim))

    total_similarity = sum(p.similarity for p in similar)
    slot_mass = {level2: sum(sim for sim in _slot_projects(pool).values()) for level2, pool in candidates.items()}
    notes: list[str] = []
    if not similar:
        notes.append("no corpus project resembles this one; rows come from the corpus as a whole")
    slots: list[DraftSlot] = []
    prior = _slot_prior(corpus, regime, tax)
    n_tables = max(len(corpus.projects), 1)
    for slot_spec in slots_spec:
        level1, level2, required = slot_spec["level1"], slot_spec["level2"], bool(slot_spec["required"])
        pool = candidates.get(level2, {})
        slot_prior = prior.get(level2, {"tables": 0, "categories": {}})
        vote = (slot_mass.get(level2, 0.0) + PRIOR_WEIGHT * slot_prior["tables"] / n_tables) / (
            total_similarity + PRIOR_WEIGHT)
        if not required and vote < OPTIONAL_SLOT_SHARE:
            continue  # an optional slot needs a (similarity-weighted) majority of the similar projects
        items = _fill_slot(level1, level2, pool, slot_prior, slot_spec.get("default_categories", []),
                           max_items, cap, corpus, tax)
        note = None
        if not items:
            note = f"no corpus row fits {level2}; write one yourself"
        elif not pool and similar:
            note = (f"no similar project has a {level2} row; {items[0].name} is the corpus's most used "
                    f"({items[0].prior_tables} tables)")
        if budget is not None and level2 in spec["budget_level2"]:
            items = _apply_budget(items, level1, level2, float(budget), spec, max_items, tax, notes)
        slots.append(DraftSlot(level1, level2, required, items, note))
        if note:
            notes.append(note)
    thin = [i.name for s in slots for i in s.items if i.origin == "similar" and len(i.sources) < 2]
    if similar and similar[0].similarity < WEAK_SIMILARITY:
        notes.append(f"weak match: the most similar past project ({similar[0].project}) has similarity "
                     f"{similar[0].similarity:.2f}; check every row")
    if similar and len(similar) < 3:
        notes.append(f"thin evidence: only {len(similar)} similar project(s) found")
    if thin:
        notes.append("used by a single similar project only: " + "、".join(thin))
    return Draft(project_name.strip(), purpose, budget, regime, similar, slots, notes)


def _slot_prior(corpus: SuggestionCorpus, regime: str, tax) -> dict[str, dict[str, Any]]:
    """Per slot, over the whole corpus: ``{"tables": tables with a row there, "categories":
    {category: (tables, most used name, its tables, first row position)}}`` (cached on the corpus)."""
    cache = corpus.__dict__.setdefault("_draft_prior", {})
    if regime in cache:
        return cache[regime]
    tables: dict[str, set] = {}
    by_category: dict[tuple[str, str], set] = {}
    by_name: dict[tuple[str, str, str], set] = {}
    first: dict[tuple[str, str, str], int] = {}
    for pos, row in enumerate(corpus.rows):
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
    cache[regime] = result
    return result


def _fill_slot(level1: str, level2: str, pool: dict[str, dict[str, Any]], slot_prior: dict[str, Any],
               default_categories: list[str], max_items: int, cap: dict[str, int], corpus: SuggestionCorpus,
               tax) -> list[DraftItem]:
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
            if _near_duplicate(key, [i.name for i in items], corpus):
                continue
            row = entry["rows"][0]
            items.append(_make_item(level1, level2, row.name, category, "similar", entry["score"],
                                    entry["sources"], corpus, tax))
            taken += 1
        if not taken and category in slot_prior["categories"]:
            tables, name, name_tables, _ = slot_prior["categories"][category]
            item = _make_item(level1, level2, name, category, "corpus", 0.0, [], corpus, tax)
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


def _make_item(level1, level2, name, category, origin, score, sources, corpus, tax) -> DraftItem:
    threshold, (scope, used, of), basis, basis_raw, description = _value_for(name, category, corpus)
    return DraftItem(
        level1=level1, level2=level2, name=name, description=description, value=_cell_value(threshold),
        threshold=threshold, basis=basis, basis_raw=basis_raw, category=category, category_zh=tax.zh(category),
        origin=origin, value_scope=scope, value_tables=used, value_of_tables=of, score=score, sources=list(sources),
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
    laid out like a real 绩效目标表, through :mod:`classifier.reading.table_export`). Returns the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".md", ".json", ".xlsx", ".docx"):
        raise SuggestionError(f"{path}: cannot write a draft as {suffix or 'a file without suffix'}; "
                              "use .md, .json, .xlsx or .docx")
    if not path.parent.exists():
        raise SuggestionError(f"{path}: folder {path.parent} does not exist")
    if suffix == ".md":
        path.write_text(d.to_markdown(), encoding="utf-8")
    elif suffix == ".json":
        path.write_text(d.to_json() + "\n", encoding="utf-8")
    else:
        _write_table(d, path, suffix)
    return path


def _write_table(d: Draft, path: Path, suffix: str) -> None:
    from classifier.reading import table_export

    project = d.to_project()
    if suffix == ".xlsx":
        table_export.write_xlsx([project], path, sheet_title="绩效目标表草稿")
    else:
        table_export.write_docx([project], path)
