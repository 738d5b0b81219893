"""Repetition: R19 duplicate indicators in one project, R22 multi-year totals in an
annual table, R24 the same indicator set pasted across different projects (within a
document and across the documents of one audit run)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from ..records import Document, Project
from .base import Finding, RuleContext, squash
from .values import _placeholder_name


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


def check_project(ctx: RuleContext, project: Project) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    patterns = _multi_year_patterns(tuple(ctx.words("multi_year_patterns")))
    for ind in project.indicators:
        key = squash(ind.name)
        if key and not _placeholder_name(ctx, project, ind):
            if key in seen:
                findings.append(ctx.finding("R19", project, ind, cell="name", first_row=seen[key],
                                            evidence={"first_row": seen[key]}))
            else:
                seen[key] = ind.row
        for cell, text in (("name", ind.name), ("description", ind.description), ("value", ind.value_raw)):
            match = next((m for p in patterns if (m := p.search(text or ""))), None)
            if match:
                findings.append(ctx.finding("R22", project, ind, cell=cell, text=(text or "").strip(),
                                            word=match.group(0), evidence={"matched": match.group(0)}))
                break
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


def pasted_sets(ctx: RuleContext, pool: Iterable[tuple[Document, Project]] = ()) -> list[Finding]:
    """R24 for ``ctx.document``'s projects: each project is compared with the document's
    other projects and with ``pool`` (projects of the other documents of the run) and
    reported once, against its most similar partner (similarity ≥ the cut-off, both
    sets with ≥ the minimum number of indicators, different project names — the same
    project in another year is not a paste). Both members of a pair are reported."""
    threshold = ctx.cutoff("R24_similarity")
    minimum = int(ctx.cutoff("R24_min_indicators"))
    doc = ctx.document
    candidates = [(doc, p) for p in doc.projects] + [
        (d, p) for d, p in pool if d.doc_id != doc.doc_id
    ]
    findings: list[Finding] = []
    for project in doc.projects:
        mine = indicator_set(project)
        if len(mine) < minimum:
            continue
        best = None
        for other_doc, other in candidates:
            if other_doc.doc_id == doc.doc_id and other.index == project.index:
                continue
            if squash(other.name) == squash(project.name):
                continue
            theirs = indicator_set(other)
            if len(theirs) < minimum:
                continue
            sim = similarity(mine, theirs)
            if sim >= threshold and (best is None or sim > best[0]):
                best = (sim, other_doc, other, len(mine & theirs), len(mine | theirs))
        if best:
            sim, other_doc, other, shared, total = best
            findings.append(_r24(ctx, project, other_doc, other, sim, shared, total))
    return findings
