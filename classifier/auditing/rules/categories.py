"""What a row measures versus where it is filed.

R04 miscategorized 二级 (classifier category → expected 二级 for the regime),
R05 budget-process measures used as indicators, R06 inputs used as targets,
R23 satisfaction or output wording standing in for benefit.
"""
from __future__ import annotations

from classifier.core.records import Indicator, Project
from classifier.auditing.rules.base import Finding, RuleContext, first_word, is_satisfaction_name

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


def level2_fit(distribution: dict[str, float], declared: str, regime: str) -> tuple[float, dict[str, float], list[tuple[str, float]]]:
    """How the classifier's probability mass sits over the 二级 for one row.

    ``distribution`` is ``{category_id: p}``. Returns ``(misfiled, level2_mass, misfit)``:
    ``misfiled`` is the total probability of the categories whose expected 二级 (in
    ``regime``) exclude ``declared``
    (categories without expected 二级 — process measures, placeholders — and categories
    the taxonomy does not know count for neither side); ``level2_mass`` maps each other
    二级 to the total probability of the categories expected under it; ``misfit`` lists
    the ``(category, p)`` pairs making up ``misfiled``, most probable first.
    """
    from classifier.core.errors import ZhibiaoError
    from classifier.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    misfiled = 0.0
    mass: dict[str, float] = {}
    misfit: list[tuple[str, float]] = []
    for category, p in distribution.items():
        if category in NOT_R04 or p <= 0:
            continue
        try:
            expected = taxonomy.expected_level2(category, regime)
        except ZhibiaoError:
            continue
        if not expected:
            continue
        if declared not in expected:
            misfiled += p
            misfit.append((category, p))
        for l2 in expected:
            if l2 != declared:
                mass[l2] = mass.get(l2, 0.0) + p
    misfit.sort(key=lambda cp: -cp[1])
    return misfiled, mass, misfit


def _r04(ctx: RuleContext, project: Project, ind: Indicator) -> Finding | None:
    """R04 weighs every category the row could be: it flags the row when the probability
    that the row does NOT belong under its declared 二级 (the mass of the categories whose
    expected 二级 exclude it) reaches the ``R04_probability`` cut-off, and proposes the
    二级 holding the most probability (under the row's own 一级 on a tie).

    Between ``R04_review_probability`` and the cut-off the finding is a 提示 asking for a
    check (请复核), not a warning. For that band the probability is also taken among the
    readings of the row as a real indicator (the mass the model gives to ``placeholder``, a
    name it half-reads as template filler, left out), so that placeholder mass never hides a
    possible misfiling silently; the warning itself uses the plain mass (leaving the
    placeholder mass out there too cost precision on the real tables and found no clear
    misfiling more: docs/audit.md)."""
    verdict = ctx.category(project, ind)
    if verdict is None or verdict.category in NOT_R04:
        return None
    if ind.level2 not in ctx.all_level2():
        return None  # an unknown 二级 is R02's business
    distribution = verdict.distribution()
    misfiled, mass, misfit = level2_fit(distribution, ind.level2, ctx.regime)
    placeholder = distribution.get("placeholder", 0.0)
    as_real_name = min(1.0, misfiled / (1.0 - placeholder)) if 0.0 < placeholder < 1.0 else misfiled
    cutoff = ctx.cutoff("R04_probability")
    review = min(ctx.cutoff("R04_review_probability"), cutoff)
    if not misfit or max(misfiled, as_real_name) < review:
        return None
    unsure = misfiled < cutoff
    target = max(mass, key=lambda l2: (round(mass[l2], 6), ctx.parent_level1(l2) == ind.level1))
    from classifier.core.taxonomy import load_taxonomy

    zh = load_taxonomy().zh
    top, p_top = misfit[0]
    if p_top >= 0.5 or len(misfit) == 1:
        what = f"{zh(top)}（概率 {p_top:.2f}）"
    else:
        what = "或".join(f"{zh(c)}（概率 {p:.2f}）" for c, p in misfit[:2])
    # what in the text weighed most, when it is the evidence for the category named
    because = verdict.evidence if verdict.category == top else ()
    return ctx.finding(
        "R04", project, ind, cell="level2",
        severity="info" if unsure else None, template="review" if unsure else None,
        what=what, misfiled=as_real_name if unsure else misfiled, category_zh=zh(top), probability=p_top, cutoff=cutoff,
        because=f"依据{'、'.join(because)}；" if because else "",
        # a blank (merged) 二级 cell read as the row above's: the reviewer should know
        filled="（二级取自上一行）" if ind.level2_inherited else "",
        expected=target, expected_level1=ctx.parent_level1(target) or "",
        evidence={
            "category": top, "category_zh": zh(top),
            "probability": round(p_top, 4),
            "misfiled_probability": round(misfiled, 4),
            "placeholder_probability": round(placeholder, 4),
            "misfiled_probability_as_real_name": round(as_real_name, 4),
            "expected_level2": list(load_taxonomy().expected_level2(top, ctx.regime)),
            "declared_level2": ind.level2,
            "level2_filled_from_above": bool(ind.level2_inherited),
            "level2_probabilities": [[l2, round(m, 4)] for l2, m in sorted(mass.items(), key=lambda kv: -kv[1])[:3]],
            "alternatives": [[c, round(p, 4)] for c, p in verdict.alternatives],
            "cutoff": cutoff,
            "review_cutoff": review,
            "needs_review": unsure,
            "text_evidence": list(because),
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
