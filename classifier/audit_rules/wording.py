"""Wording rules: R10 vague words in name or description, R18 a description that
only repeats the name."""
from __future__ import annotations

from ..records import Project
from .base import Finding, RuleContext, first_word, squash


def repeats_name(name: str, description: str) -> bool:
    """True when the description adds nothing to the name: equal, contained in it, or
    the name turned into a 是否 question (at most one extra character)."""
    name, desc = squash(name), squash(description)
    if not name or not desc:
        return False
    if desc == name or (len(desc) < len(name) and desc in name):
        return True
    if desc.startswith("是否") or "是否" in desc:
        extra = set(desc.replace("是否", "")) - set(name)
        return len(extra) <= 1
    return False


def check_project(ctx: RuleContext, project: Project) -> list[Finding]:
    findings: list[Finding] = []
    vague = ctx.words("vague_words")
    for ind in project.indicators:
        for cell, text in (("name", ind.name), ("description", ind.description)):
            word = first_word(text, vague)
            if word:
                findings.append(
                    ctx.finding("R10", project, ind, cell=cell, cell_zh=ctx.table["cell_zh"][cell],
                                word=word, text=text, evidence={"matched": word})
                )
                break
        if repeats_name(ind.name, ind.description):
            findings.append(
                ctx.finding("R18", project, ind, cell="description", description=ind.description,
                            evidence={"name": ind.name})
            )
    return findings
