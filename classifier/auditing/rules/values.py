"""指标值 rules: R07 missing/placeholder, R08 no unit, R09 unjudgeable qualitative value,
R11 direction conflicts, R12 percentages out of range, R13 low satisfaction target,
R14 时效 values that are no date/duration/rate, R15 deadlines outside 时效,
R16 成本 values that are not money (or a cost above the project's budget).

All rules read the parsed :class:`~classifier.vocabulary.thresholds.Threshold` of the row.
"""
from __future__ import annotations

import re

from classifier.vocabulary.thresholds import money_in_wan
from classifier.vocabulary.polarity import name_polarity, polarity_words
from classifier.core.records import Indicator, Project
from classifier.auditing.rules.base import (
    Finding, RuleContext, first_word, is_satisfaction_name, percent_value, squash,
)
from classifier.auditing.rules.categories import budget_process_reason

COST_LEVEL2 = ("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标")
QUANTITATIVE_NAME = re.compile(r"(率|比例|比率|占比|数量|人数|次数|人次|个数|天数|户数|场次|面积|金额|总额)\s*$")
UNIT_IN_NAME = re.compile(r"[（(]\s*(%|％|个|人|次|万元|元|天|家|项|场|台|平方米|人次|户|件|篇|期)\s*[)）]")
PLACEHOLDER_NAME = re.compile(r"^(目标内容|指标|三级指标|指标名称)?\d*$")


def _placeholder_value(ctx: RuleContext, ind: Indicator) -> str | None:
    t = ind.threshold
    raw = ind.value_raw.strip()
    if not raw or "empty" in t.issues:
        return "指标值为空。"
    if raw in ctx.words("placeholder_values") or re.fullmatch(r"[xX×＊*—\-－/]+", raw) or "placeholder" in t.issues:
        return f"指标值“{raw}”是占位符，不是目标值。"
    if "number_missing" in t.issues:
        return f"指标值“{raw}”只有单位，缺少数字。"
    if t.kind == "missing":
        return f"指标值“{raw}”无法识别为目标值。"
    if (
        t.kind == "qualitative" and t.value is None and t.boolean is None
        and (QUANTITATIVE_NAME.search(squash(ind.name) or "") or is_satisfaction_name(ind.name, ctx.table))
        and not first_word(raw, ["是", "否", "无", "未发生", "零"])
    ):
        return f"“{ind.name}”是定量指标，指标值“{raw}”却没有数值。"
    return None


def _placeholder_name(ctx: RuleContext, project: Project, ind: Indicator) -> str | None:
    name = squash(ind.name)
    if not name:
        return "三级指标名称为空。"
    headings = set(ctx.regime_levels) | ctx.all_level2() | {"满意度指标", "效益指标", "产出指标", "成本指标"}
    if name in ctx.words("placeholder_values") or name in headings or PLACEHOLDER_NAME.fullmatch(name):
        return f"三级指标“{ind.name}”是标题或占位符，没有可衡量的内容。"
    verdict = ctx.category(project, ind)
    if verdict and verdict.category == "placeholder" and verdict.probability >= ctx.cutoff(
        "R07_placeholder_probability"
    ):
        return f"三级指标“{ind.name}”没有可衡量的内容（分类器判为无效占位，概率 {verdict.probability:.2f}）。"
    return None


def _r07(ctx, project, ind) -> Finding | None:
    what = _placeholder_name(ctx, project, ind)
    if what:
        verdict = ctx.category(project, ind)
        ev = {"category": verdict.category, "probability": round(verdict.probability, 4)} if verdict else {}
        return ctx.finding("R07", project, ind, cell="name", what=what, evidence=ev)
    what = _placeholder_value(ctx, ind)
    if what:
        return ctx.finding("R07", project, ind, cell="value", what=what,
                           evidence={"kind": ind.threshold.kind, "issues": list(ind.threshold.issues)})
    return None


def _r08(ctx, project, ind) -> Finding | None:
    t = ind.threshold
    if t.value in (None, 0) or t.unit or t.kind in ("boolean", "deadline") or UNIT_IN_NAME.search(ind.name or ""):
        return None
    return ctx.finding("R08", project, ind, cell="value", evidence={"value": t.value})


def _r09(ctx, project, ind) -> Finding | None:
    t = ind.threshold
    if t.kind != "qualitative" or t.value is not None or t.boolean is not None:
        return None
    raw = ind.value_raw.strip()
    word = first_word(raw, ctx.words("vague_value_words"))
    if word and not first_word(raw, ["不超", "以内", "之内"]):
        why = f"含模糊词“{word}”"
    elif not first_word(raw, ctx.words("judgeable_value_markers")):
        why = "没有可判断的标准"
        word = None
    else:
        return None
    return ctx.finding("R09", project, ind, cell="value", why=why, evidence={"matched": word})


def _r11(ctx, project, ind) -> Finding | None:
    t = ind.threshold
    name = ind.name or ""
    polarity = name_polarity(name)  # the vocabulary `zhibiao check` uses too
    kind = polarity.kind if polarity else None
    if t.direction in ("<=", "<") and kind not in ("lower", "cost"):
        if ind.level2 == "数量指标" and t.kind == "count" and not first_word(name, polarity_words("cost_words")):
            return ctx.finding(
                "R11", project, ind, cell="value", why="是产出数量（越多越好）", direction=t.direction,
                fix_detail="产出数量应设下限，改为“≥”方向（如“≥30人”）。",
                evidence={"level2": ind.level2, "direction": t.direction},
            )
        if kind == "higher" and (percent_value(ind) is not None or t.kind in ("rate", "number")):
            return ctx.finding(
                "R11", project, ind, cell="value", why=f"是越高越好的指标（“{polarity.word}”）", direction=t.direction,
                fix_detail="改为“≥”方向（如“≥95%”）。", evidence={"matched": polarity.word, "direction": t.direction},
            )
    if t.direction in (">=", ">"):
        if kind == "lower" and not (t.value == 0 and t.direction == ">="):
            return ctx.finding(
                "R11", project, ind, cell="value", why=f"是越低越好的指标（“{polarity.word}”）", direction=t.direction,
                fix_detail="改为“≤”方向（如“≤2次”或“0次”）。", evidence={"matched": polarity.word, "direction": t.direction},
            )
        if kind == "cost" and t.kind == "money":
            return ctx.finding(
                "R11", project, ind, cell="value", why=f"是成本指标（“{polarity.word}”）", direction=t.direction,
                fix_detail="成本应设上限，改为“≤”方向（如“≤预算数”）。",
                evidence={"matched": polarity.word, "direction": t.direction},
            )
    return None


def _r12(ctx, project, ind) -> Finding | None:
    if percent_value(ind) is None:
        return None
    for number in (ind.threshold.value, ind.threshold.value_max):
        if number is not None and (number > 100 or number < 0):
            return ctx.finding("R12", project, ind, cell="value", number=f"{number:g}%",
                               evidence={"value": number})
    return None


def _r13(ctx, project, ind) -> Finding | None:
    stats = ctx.corpus_stats
    if stats is None or stats.satisfaction_median is None or not is_satisfaction_name(ind.name, ctx.table):
        return None
    number = percent_value(ind)
    if number is None or ind.threshold.direction in ("<=", "<") or not 0 <= number <= 100:
        return None
    if number >= stats.satisfaction_median:
        return None
    return ctx.finding(
        "R13", project, ind, cell="value", number=number, median=stats.satisfaction_median,
        n=stats.satisfaction_rows, evidence=stats.evidence(number),
    )


def _has_time_word(ctx, text: str) -> bool:
    return first_word(text, ctx.words("time_words")) is not None


def _r14(ctx, project, ind) -> Finding | None:
    if ind.level2 != "时效指标":
        return None
    t = ind.threshold
    if t.kind in ("deadline", "duration", "rate", "missing"):
        return None
    if t.kind == "number" and _has_time_word(ctx, ind.name):
        return None  # a bare number under a name like 完成时限（天）: R08's business
    return ctx.finding("R14", project, ind, cell="value", evidence={"kind": t.kind})


def _r15(ctx, project, ind) -> Finding | None:
    if ind.threshold.kind != "deadline" or not ind.level2 or ind.level2 == "时效指标":
        return None
    return ctx.finding("R15", project, ind, cell="value", evidence={"deadline": ind.threshold.deadline})


def _r16(ctx, project, ind) -> Finding | None:
    t = ind.threshold
    is_cost_row = ind.level2 in COST_LEVEL2 or ind.level1 == "成本指标"
    amount = money_in_wan(t.value, t.unit) if t.kind == "money" else None
    budget = project.budget_total
    if amount is not None and budget and amount > budget * 1.0001 and (is_cost_row or first_word(
        ind.name, list(polarity_words("cost_words"))
    )) and t.direction not in (">=", ">"):
        return ctx.finding(
            "R16", project, ind, cell="value", severity="error",
            what=f"成本目标“{ind.value_raw.strip()}”（{amount:g}万元）超过项目预算数 {budget:g} 万元。",
            fix_detail=f"成本目标不应超过预算数 {budget:g} 万元。",
            evidence={"amount_wan": amount, "budget_total": budget},
        )
    if not is_cost_row or budget_process_reason(ctx, project, ind):
        return None
    raw = ind.value_raw.strip()
    if t.kind in ("money", "missing", "number"):
        return None
    if t.kind == "rate" and first_word(ind.name + raw, ctx.words("money_words") + list(polarity_words("saving_words"))):
        return None
    return ctx.finding(
        "R16", project, ind, cell="value",
        what=f"成本指标“{ind.name}”的指标值“{raw}”不是金额或成本率。",
        fix_detail=f"改为金额上限（如“≤{budget:g}万元”）或单位成本（如“≤120元/人”）。" if budget
        else "改为金额上限（如“≤18万元”）或单位成本（如“≤120元/人”）。",
        evidence={"kind": t.kind},
    )


ROW_RULES = (_r07, _r08, _r09, _r11, _r12, _r13, _r14, _r15, _r16)


def check_project(ctx: RuleContext, project: Project) -> list[Finding]:
    findings: list[Finding] = []
    for ind in project.indicators:
        r07 = _r07(ctx, project, ind)
        if r07:
            findings.append(r07)
        for rule in ROW_RULES[1:]:
            if r07 and r07.cell == "value" and rule in (_r08, _r09, _r14, _r16):
                continue
            found = rule(ctx, project, ind)
            if found:
                findings.append(found)
    return findings
