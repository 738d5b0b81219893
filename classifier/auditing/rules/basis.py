"""R17: 指标值确定依据 missing or not mappable onto the five national categories."""
from __future__ import annotations

from classifier.vocabulary.basis import map_basis
from classifier.core.records import Project
from classifier.auditing.rules.base import Finding, RuleContext


def check_project(ctx: RuleContext, project: Project) -> list[Finding]:
    findings: list[Finding] = []
    for ind in project.indicators:
        raw = (ind.basis_raw or "").strip()
        category = ind.basis_category or (map_basis(raw) if raw else None)
        if category:
            continue
        what = "指标值确定依据为空。" if not raw else f"指标值确定依据“{raw}”无法对应到国家规定的标准类别。"
        findings.append(
            ctx.finding("R17", project, ind, cell="basis", what=what, evidence={"basis_raw": raw})
        )
    return findings
