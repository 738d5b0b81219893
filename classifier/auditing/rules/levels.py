"""R01–R03: 一级/二级 validity for the regime and missing 一级 groups."""
from __future__ import annotations

from classifier.core.records import Project
from classifier.core.paths import load_data_json
from classifier.auditing.rules.base import Finding, RuleContext


def old_process_level2() -> frozenset[str]:
    """The pre-2020 evaluation 二级 (预算管理, 财务管理; ``levels.json`` ``old_process_level2``)."""
    return frozenset(load_data_json("levels.json")["old_process_level2"]["names"])


def check_project(ctx: RuleContext, project: Project) -> list[Finding]:
    findings: list[Finding] = []
    allowed_level1 = list(ctx.regime_levels)
    for ind in project.indicators:
        if not ind.level1 or ind.level1 not in ctx.regime_levels:
            if ind.level1_inherited and findings and findings[-1].rule == "R01" and findings[-1].evidence.get(
                "level1"
            ) == ind.level1:
                continue  # one finding per merged 一级 cell
            findings.append(
                ctx.finding(
                    "R01", project, ind, cell="level1",
                    level1=ind.level1 or "（空）", allowed="、".join(allowed_level1),
                    evidence={"level1": ind.level1, "level1_raw": ind.level1_raw, "regime": ctx.regime},
                )
            )
            continue
        children = ctx.regime_levels[ind.level1]
        if ind.level2 in children or ind.level2 in old_process_level2():
            continue  # an old evaluation 二级 (预算管理 …) is recognised; R05 speaks to its rows
        if ind.level2_inherited and findings and findings[-1].rule == "R02" and findings[-1].evidence.get(
            "level2"
        ) == ind.level2 and findings[-1].evidence.get("level1") == ind.level1:
            continue
        home = ctx.parent_level1(ind.level2)
        if home:
            detail = f"“{ind.level2}”属于一级指标“{home}”，请移至该一级指标下。"
        else:
            detail = f"改为“{ind.level1}”下的二级指标：{'、'.join(children)}。"
        findings.append(
            ctx.finding(
                "R02", project, ind, cell="level2", level2=ind.level2 or "（空）", fix_detail=detail,
                evidence={"level1": ind.level1, "level2": ind.level2, "level2_raw": ind.level2_raw,
                          "allowed": children, "belongs_under": home, "regime": ctx.regime},
            )
        )
    present = {ind.level1 for ind in project.indicators}
    required = ctx.table["required_level1"].get(ctx.regime, [])
    missing = [level1 for level1 in required if level1 not in present]
    if project.indicators and missing:
        findings.append(
            ctx.finding(
                "R03", project, None, missing="、".join(missing), required="、".join(required),
                evidence={"missing": missing, "present": sorted(p for p in present if p)},
            )
        )
    return findings
