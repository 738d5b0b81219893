"""Wording rules: R10 vague words in name or description, R18 a description that
only repeats the name."""
from __future__ import annotations

from ..records import Project
from .base import Finding, RuleContext, first_word, squash


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
        name, desc = squash(ind.name), squash(ind.description)
        if name and desc and (desc == name or (len(desc) < len(name) and desc in name)):
            findings.append(
                ctx.finding("R18", project, ind, cell="description", description=ind.description,
                            evidence={"name": ind.name})
            )
    return findings
