"""The audit's rules, one module per family.

========================  =================================================
module                    rules
========================  =================================================
``levels``                R01 一级, R02 二级 under 一级, R03 missing 一级 groups
``categories``            R04 miscategorized 二级, R05 budget-process measures,
                          R06 inputs as targets, R23 satisfaction/output as benefit
``values``                R07–R09, R11–R16 (指标值 rules)
``basis``                 R17 basis missing or unmappable
``wording``               R10 vague wording, R18 description repeats the name
``repetition``            R19 duplicates, R22 multi-year totals, R24 pasted sets
``budget``                B01 prose budget / fiscal split disagrees with 预算数
========================  =================================================

Each module exposes ``check_project(ctx, project) -> list[Finding]``. R24 also runs
across documents (:func:`repetition.pasted_sets`).
"""
from __future__ import annotations

from classifier.auditing.rules import basis, budget, categories, levels, repetition, values, wording
from classifier.auditing.rules.base import Finding, RowCategory, RuleContext, rule_table

PROJECT_CHECKS = (
    levels.check_project,
    categories.check_project,
    values.check_project,
    basis.check_project,
    wording.check_project,
    repetition.check_project,
    budget.check_project,
)

__all__ = ["Finding", "RowCategory", "RuleContext", "PROJECT_CHECKS", "rule_table"]
