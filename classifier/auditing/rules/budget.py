"""B01, the document-level budget check: the budget written in the project's prose
(资金用途 text such as "预算数为10万元") or the 财政资金 + 其他资金 split disagrees with
the table's 预算数. Money is compared in 万元."""
from __future__ import annotations

import re
from functools import lru_cache

from classifier.core.records import Project
from classifier.auditing.rules.base import Finding, RuleContext
from classifier.vocabulary.thresholds import money_in_wan

TOLERANCE_WAN = 0.005  # half of the smallest printed unit (0.01 万元)


@lru_cache(maxsize=None)
def _pattern(text: str) -> re.Pattern:
    return re.compile(text)


def prose_budgets(ctx: RuleContext, text: str) -> list[tuple[str, float]]:
    """``(matched text, amount in 万元)`` for every budget amount stated in ``text``."""
    found = []
    for m in _pattern(ctx.table["budget_prose_pattern"]).finditer(text or ""):
        number = float(m.group(1).replace(",", "").replace("，", ""))
        amount = money_in_wan(number, m.group(2))
        if amount is not None:
            found.append((m.group(0), amount))
    return found


def check_project(ctx: RuleContext, project: Project) -> list[Finding]:
    findings: list[Finding] = []
    total = project.budget_total
    if total is None:
        return findings
    for text, amount in prose_budgets(ctx, project.purpose):
        if abs(amount - total) > TOLERANCE_WAN:
            findings.append(
                ctx.finding(
                    "B01", project, None,
                    what=f"表中预算数为 {total:g} 万元，资金用途中写“{text}”（{amount:g} 万元）。",
                    evidence={"budget_total": total, "budget_total_raw": project.budget_total_raw,
                              "prose": text, "prose_amount_wan": amount},
                )
            )
            break
    parts = [v for v in (project.budget_fiscal, project.budget_other) if v is not None]
    if parts and sum(parts) - total > TOLERANCE_WAN:
        findings.append(
            ctx.finding(
                "B01", project, None,
                what=f"财政资金与其他资金合计 {sum(parts):g} 万元，超过预算数 {total:g} 万元。",
                evidence={"budget_total": total, "budget_fiscal": project.budget_fiscal,
                          "budget_other": project.budget_other},
            )
        )
    return findings
