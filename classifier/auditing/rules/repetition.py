"""Repetition: R19 duplicate indicators in one project (same name, or the same measure
under another name), R22 multi-year totals in an annual table (wording, or a 成本 amount
that is a multiple of the year's 预算数), R24 the same indicator set pasted across different projects (within a
document and across the documents of one audit run)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from classifier.core.records import Document, Indicator, Project
from classifier.auditing.rules.base import Finding, RuleContext, first_word, percent_value, squash
from classifier.vocabulary.thresholds import money_in_wan
from classifier.auditing.rules.values import COST_LEVEL2, _placeholder_name


@lru_cache(maxsize=None)
def _multi_year_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in patterns)


def indicator_set(project: Project) -> frozenset[str]:
    """The project's 三级 names, squashed (punctuation and spaces removed)."""
    return frozenset(n for n in (squash(i.name) for i in project.indicators) if n)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two indicator sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _variant(ctx: RuleContext, rule: str, name: str) -> dict:
    return ctx.table["rules"][rule]["variants"][name]


def measure_object(name: str, generic_words: Iterable[str]) -> str:
    """What a 三级 name measures once the generic words are removed (squashed text).

    ``配套设施完成率`` → ``配套设施``; ``项目工程完成情况`` and ``项目完成率`` → ``""`` (no
    object of their own: the whole project). Longer generic words are removed first.
    """
    text = squash(name)
    for word in sorted(generic_words, key=len, reverse=True):
        text = text.replace(word, "")
    return text


def _exact_duplicate(ctx: RuleContext, project: Project, ind: Indicator, first: Indicator) -> Finding:
    spec = _variant(ctx, "R19", "same_name")
    what = spec["message"].format(name=ind.name, first_row=first.row)
    return ctx.finding("R19", project, ind, cell="name", what=what, fix_detail=spec["fix"],
                       evidence={"first_row": first.row, "kind": "same_name"})


def _same_measure(ctx: RuleContext, project: Project, ind: Indicator,
                  earlier: list[tuple[Indicator, str, str, float]]) -> Finding | None:
    """R19 for a row that restates an earlier row's measure under another name.

    Both rows must be read by the classifier as the same category of
    ``R19_measure_categories`` with probability ≥ ``R19_probability``, both values must
    be percentages, and their objects (:func:`measure_object`) must be equal, or — for
    ``R19_whole_project_categories`` (完成率) — one of them must be empty: a completion
    rate with no object is the whole project's, and contains every partial one.
    """
    verdict = ctx.category(project, ind)
    if verdict is None or verdict.category not in ctx.words("R19_measure_categories"):
        return None
    if verdict.probability < ctx.cutoff("R19_probability"):
        return None
    pct = percent_value(ind)
    if pct is None:
        return None
    core = measure_object(ind.name, ctx.words("R19_generic_words"))
    whole = verdict.category in ctx.words("R19_whole_project_categories")
    spec = _variant(ctx, "R19", "same_measure")
    for first, first_category, first_core, first_probability in earlier:
        if first_category != verdict.category:
            continue
        if core == first_core:
            why = spec["why_same_object"].format(core=core or squash(ind.name))
        elif whole and not (core and first_core):
            generic, specific = (ind, first) if not core else (first, ind)
            why = spec["why_whole_project"].format(generic_name=generic.name, specific_name=specific.name,
                                                   category_zh=verdict.category_zh)
        else:
            continue
        value, first_value = ind.value_raw.strip(), first.value_raw.strip()
        differ = percent_value(first) != pct
        targets = spec["targets_differ" if differ else "targets_same"].format(value=value, first_value=first_value)
        what = spec["message"].format(name=ind.name, value=value, first_row=first.row, first_name=first.name,
                                      first_value=first_value, category_zh=verdict.category_zh,
                                      why=why, targets=targets)
        return ctx.finding(
            "R19", project, ind, cell="name", what=what, fix_detail=spec["fix"],
            severity=None if differ else "info",
            evidence={"first_row": first.row, "kind": "same_measure", "category": verdict.category,
                      "probability": round(verdict.probability, 4),
                      "first_probability": round(first_probability, 4),
                      "object": core, "first_object": first_core, "targets_differ": differ,
                      "cutoff": ctx.cutoff("R19_probability")},
        )
    return None


def _multi_year_wording(ctx: RuleContext, project: Project, ind: Indicator) -> Finding | None:
    patterns = _multi_year_patterns(tuple(ctx.words("multi_year_patterns")))
    for cell, text in (("name", ind.name), ("description", ind.description), ("value", ind.value_raw)):
        match = next((m for p in patterns if (m := p.search(text or ""))), None)
        if match:
            spec = _variant(ctx, "R22", "wording")
            fields = {"text": (text or "").strip(), "word": match.group(0)}
            return ctx.finding("R22", project, ind, cell=cell, what=spec["message"].format(**fields),
                               fix_detail=spec["fix"].format(**fields),
                               evidence={"matched": match.group(0), "kind": "wording"})
    return None


def _multi_year_amount(ctx: RuleContext, project: Project, ind: Indicator) -> Finding | None:
    """R22 for a 成本 amount that is a multiple of the year's 预算数: a cost row (成本 二级
    or 一级, or the classifier reads ``cost``), a money value capped (≤, <, =), not a per-unit
    cost, between ``R22_budget_ratio_min`` and ``R22_budget_ratio_max`` times 预算数.
    R16 reports the same row as a cost above the budget; R22 says why it probably is."""
    t = ind.threshold
    budget = project.budget_total
    if t.kind != "money" or not budget or budget <= 0 or t.direction in (">=", ">"):
        return None
    verdict = ctx.category(project, ind)
    is_cost = ind.level2 in COST_LEVEL2 or ind.level1 == "成本指标" or (
        verdict is not None and verdict.category == "cost")
    if not is_cost:
        return None
    if first_word(ind.name + ind.value_raw + (t.unit or ""), ctx.words("R22_per_unit_markers")):
        return None
    amount = money_in_wan(t.value, t.unit)
    if amount is None:
        return None
    ratio = amount / budget
    if not ctx.cutoff("R22_budget_ratio_min") <= ratio <= ctx.cutoff("R22_budget_ratio_max"):
        return None
    spec = _variant(ctx, "R22", "above_budget")
    fields = {"value": ind.value_raw.strip(), "amount": amount, "budget": budget, "ratio": ratio}
    return ctx.finding("R22", project, ind, cell="value", severity=spec.get("severity"),
                       what=spec["message"].format(**fields), fix_detail=spec["fix"].format(**fields),
                       evidence={"kind": "above_budget", "amount_wan": amount, "budget_total": budget,
                                 "ratio": round(ratio, 4)})


def check_project(ctx: RuleContext, project: Project) -> list[Finding]:
    """R19 and R22 for one project.

    R19: a row whose squashed 三级 name repeats an earlier row's (always), or — when a
    classifier is available — that restates an earlier row's measure (see
    :func:`_same_measure`). Each duplicate row is reported once, against the first
    earlier row it repeats; placeholder names are R07's business.
    R22: multi-year wording (``multi_year_patterns``) in the name, description or value,
    else a 成本 amount that is a multiple of the project's 预算数.
    """
    findings: list[Finding] = []
    seen: dict[str, Indicator] = {}
    measures: list[tuple[Indicator, str, str, float]] = []
    generic = ctx.words("R19_generic_words")
    for ind in project.indicators:
        key = squash(ind.name)
        if key and not _placeholder_name(ctx, project, ind):
            if key in seen:
                findings.append(_exact_duplicate(ctx, project, ind, seen[key]))
            else:
                seen[key] = ind
                found = _same_measure(ctx, project, ind, measures)
                if found:
                    findings.append(found)
                verdict = ctx.category(project, ind)
                if (verdict is not None and percent_value(ind) is not None
                        and verdict.probability >= ctx.cutoff("R19_probability")):
                    measures.append((ind, verdict.category, measure_object(ind.name, generic),
                                     verdict.probability))
        r22 = _multi_year_wording(ctx, project, ind) or _multi_year_amount(ctx, project, ind)
        if r22:
            findings.append(r22)
    return findings


def _r24(ctx: RuleContext, project: Project, other_doc: Document, other: Project,
         sim: float, shared: int, total: int) -> Finding:
    same_doc = other_doc.doc_id == ctx.document.doc_id
    where = f"项目{other.index}“{other.name}”" if same_doc else f"{other_doc.doc_id} 项目{other.index}“{other.name}”"
    return ctx.finding(
        "R24", project, None, other=where, shared=shared, total=total, similarity=sim,
        evidence={"other_doc_id": other_doc.doc_id, "other_project_index": other.index,
                  "other_project_name": other.name, "similarity": round(sim, 4), "shared": shared},
    )


class ProjectPool:
    """The projects R24 compares with, indexed by 三级 name so that a large run (a folder
    of thousands of documents) does not compare every pair: candidates are the projects
    sharing at least one name that occurs in at most ``max_postings`` projects (very
    common names such as 服务对象满意度 do not make candidates on their own, but still count
    in the similarity)."""

    def __init__(self, documents: Iterable[Document], *, max_postings: int = 500):
        self.items: list[tuple[Document, Project, frozenset[str]]] = []
        self.index: dict[str, list[int]] = {}
        for document in documents:
            for project in document.projects:
                names = indicator_set(project)
                k = len(self.items)
                self.items.append((document, project, names))
                for name in names:
                    self.index.setdefault(name, []).append(k)
        self.max_postings = max_postings

    def candidates(self, names: frozenset[str]) -> Iterable[tuple[Document, Project, frozenset[str]]]:
        seen: set[int] = set()
        postings = [self.index.get(n, []) for n in names]
        rare = [p for p in postings if len(p) <= self.max_postings]
        for posting in rare or postings:
            for k in posting:
                if k not in seen:
                    seen.add(k)
                    yield self.items[k]


def pasted_sets(ctx: RuleContext, pool: ProjectPool | None = None) -> list[Finding]:
    """R24 for ``ctx.document``'s projects: each project is compared with the other
    projects of ``pool`` (default: the document's own projects; :func:`classifier.auditing.api.
    audit_documents` passes all documents of the run) and reported once, against its most
    similar partner (Jaccard similarity of the 三级 name sets ≥ the cut-off, both sets with
    ≥ the minimum number of names, different project names — the same project in another
    year is not a paste). Both members of a pair are reported."""
    threshold = ctx.cutoff("R24_similarity")
    minimum = int(ctx.cutoff("R24_min_indicators"))
    doc = ctx.document
    pool = pool if pool is not None else ProjectPool([doc])
    findings: list[Finding] = []
    for project in doc.projects:
        mine = indicator_set(project)
        if len(mine) < minimum:
            continue
        best = None
        for other_doc, other, theirs in pool.candidates(mine):
            if other_doc is doc and other.index == project.index:
                continue
            if other_doc.doc_id == doc.doc_id and other_doc is not doc:
                continue  # the same file given twice
            if squash(other.name) == squash(project.name) or len(theirs) < minimum:
                continue
            sim = similarity(mine, theirs)
            if sim >= threshold and (best is None or sim > best[0]):
                best = (sim, other_doc, other, len(mine & theirs), len(mine | theirs))
        if best:
            sim, other_doc, other, shared, total = best
            findings.append(_r24(ctx, project, other_doc, other, sim, shared, total))
    return findings
