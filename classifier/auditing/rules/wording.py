"""Wording rules: R10 vague words in name or description, R18 a description that
only repeats the name."""
from __future__ import annotations

from classifier.core.records import Project
from classifier.auditing.rules.base import Finding, RuleContext, first_word, squash


def repeats_name(name: str, description: str) -> bool:
    """True when the description adds nothing to the name: equal, contained in it, the
    name turned into a 是否 question (at most one character the name lacks), or the name
    with one character swapped."""
    name, desc = squash(name), squash(description)
    if not name or not desc:
        return False
    if desc == name or (len(desc) < len(name) and desc in name):
        return True
    if "是否" in desc:  # the name turned into a question: 宣传报道是否及时 for 宣传报道及时性
        return len(set(desc.replace("是否", "")) - set(name)) <= 1
    # one character swapped: 项目完成时间 for 项目完成时限
    return len(desc) == len(name) and sum(a != b for a, b in zip(desc, name)) <= 1


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
