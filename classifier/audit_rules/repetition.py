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
    projects of ``pool`` (default: the document's own projects; :func:`classifier.audit.
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
