"""What a row measures versus where it is filed.

R04 miscategorized 二级 (classifier category → expected 二级 for the regime),
R05 budget-process measures used as indicators, R06 inputs used as targets,
R23 satisfaction or output wording standing in for benefit.
"""
from __future__ import annotations

from ..records import Indicator, Project
from .base import Finding, RuleContext, first_word, is_satisfaction_name

# Categories that are never "misfiled": they are reported by their own rules.
NOT_R04 = ("budget_execution", "management", "placeholder")
PROCESS_CATEGORIES = ("budget_execution", "management")
# The classifier confidently reading an effect overrides output wording for R23.
EFFECT_CATEGORIES = ("economic", "social", "ecological", "sustainability")


def budget_process_reason(ctx: RuleContext, project: Project, ind: Indicator) -> tuple[str, dict] | None:
    """Why a row is a budget-process measure (R05), or None. Shared with values.R16."""
    word = first_word(ind.name, ctx.words("budget_process_terms"))
    verdict = ctx.category(project, ind)
    evidence: dict = {}
    if verdict is not None:
        evidence = {"category": verdict.category, "probability": round(verdict.probability, 4)}
    if word:
        return f"含“{word}”", {"matched": word, **evidence}
    if verdict and verdict.category in PROCESS_CATEGORIES and verdict.probability >= ctx.cutoff("R05_probability"):
        return f"分类器判为{verdict.category_zh}，概率 {verdict.probability:.2f}", evidence
    return None


def _r04(ctx: RuleContext, project: Project, ind: Indicator) -> Finding | None:
    verdict = ctx.category(project, ind)
    if verdict is None or verdict.category in NOT_R04 or not verdict.expected_level2:
        return None
    if ind.level2 not in ctx.all_level2():
        return None  # an unknown 二级 is R02's business
    if ind.level2 in verdict.expected_level2:
        return None
    if verdict.probability < ctx.cutoff("R04_probability"):
        return None
    # prefer an expected 二级 under the row's own 一级
    expected = list(verdict.expected_level2)
    own = [l2 for l2 in expected if ctx.parent_level1(l2) == ind.level1]
    target = (own or expected)[0]
    return ctx.finding(
        "R04", project, ind, cell="level2",
        category_zh=verdict.category_zh, probability=verdict.probability,
        expected=target, expected_level1=ctx.parent_level1(target) or "",
        evidence={
            "category": verdict.category, "category_zh": verdict.category_zh,
            "probability": round(verdict.probability, 4),
            "expected_level2": expected, "declared_level2": ind.level2,
            "alternatives": [[c, round(p, 4)] for c, p in verdict.alternatives],
            "cutoff": ctx.cutoff("R04_probability"),
        },
    )


def _r23(ctx: RuleContext, project: Project, ind: Indicator) -> Finding | None:
    if ind.level2 not in ctx.words("benefit_level2"):
        return None
    table = ctx.table
    if is_satisfaction_name(ind.name, table) or (
        not ind.threshold.value and first_word(ind.value_raw, table["satisfaction_markers"])
        and not first_word(ind.value_raw, table["satisfaction_exclusions"])
    ):
        return ctx.finding(
            "R23", project, ind, cell="name", why="衡量的是服务对象满意度，不是效益",
            fix_detail="满意度放入“满意度指标—服务对象满意度指标”；效益指标写明对经济、社会、生态或可持续发展的影响。",
            evidence={"matched": "满意"},
        )
    word = first_word(ind.name, ctx.words("output_wording"))
    verdict = ctx.category(project, ind)
    evidence: dict = {"matched": word} if word else {}
    if verdict is not None:
        evidence.update(category=verdict.category, probability=round(verdict.probability, 4))
    if not word and verdict and verdict.category in ctx.words("output_categories") and (
        verdict.probability >= ctx.cutoff("R23_probability")
    ):
        word = verdict.category_zh
        why = f"衡量的是{verdict.category_zh}（分类器概率 {verdict.probability:.2f}），属产出而不是效益"
    elif word and not (verdict and verdict.category in EFFECT_CATEGORIES
                       and verdict.probability >= ctx.cutoff("R23_probability")):
        why = f"是产出表述（“{word}”），不是效益"
    else:
        return None
    return ctx.finding(
        "R23", project, ind, cell="name", why=why,
        fix_detail="产出放入“产出指标”；效益指标写明产出带来的经济、社会、生态或可持续影响。",
        evidence=evidence,
    )


def check_project(ctx: RuleContext, project: Project) -> list[Finding]:
    findings: list[Finding] = []
    for ind in project.indicators:
        process = budget_process_reason(ctx, project, ind)
        if process:
            why, evidence = process
            findings.append(ctx.finding("R05", project, ind, cell="name", why=why, evidence=evidence))
        else:
            r04 = _r04(ctx, project, ind)
            if r04:
                findings.append(r04)
        for cell, text in (("name", ind.name), ("value", ind.value_raw)):
            word = first_word(text, ctx.words("input_terms"))
            if word:
                findings.append(
                    ctx.finding("R06", project, ind, cell=cell, text=text.strip(), word=word,
                                evidence={"matched": word})
                )
                break
        r23 = _r23(ctx, project, ind)
        if r23:
            findings.append(r23)
    return findings
