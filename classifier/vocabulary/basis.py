"""指标值确定依据 (basis): map free text onto the five national categories.

CONTRACT: ``map_basis(raw: str) -> str | None`` returns one of 计划标准, 历史标准, 行业标准,
预算支出标准, 其他标准, or None when the text is empty, a placeholder (无) or cannot be
mapped. Never raises. Rules live in ``classifier/data/basis.json``.

Also: ``explain_basis(raw) -> (category | None, reason)`` gives the rule's reason (for audit
messages), and ``map_basis_for(raw, *, level2=None, kind=None)`` refines a budget reference
(年初预算安排) to 预算支出标准 on cost rows.

Decisions (reasons in basis.json): 本单位年初计划安排 / 年初工作计划 / 年初工作安排 / 工作计划 /
年度计划 / 年度目标 / 工作目标 → 计划标准; 年初预算安排 → 计划标准 (the budget as arranged is
the plan; it backs area, count and satisfaction targets in the seeds), refined to 预算支出标准
by ``map_basis_for`` when the row is a cost row; 合同约定 / 合同规定 → 其他标准; 工作经验 /
历史数据 / 往年 / 上年 → 历史标准; 文件要求 / 工作要求 / 关于做好…的通知 → 计划标准; 行业标准 /
国家标准 / 规范 → 行业标准; 无 / empty / text that names no source → None.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from classifier.vocabulary.levels import compact_text as _clean
from classifier.core.paths import load_data_json

BASIS_CATEGORIES = ("计划标准", "历史标准", "行业标准", "预算支出标准", "其他标准")

NO_TEXT_REASON = "empty or a placeholder: no basis given"
NO_RULE_REASON = "names no source of the target (no plan, history, standard, budget or contract)"


@lru_cache(maxsize=1)
def _rules() -> list[dict[str, Any]]:
    rules = []
    for rule in load_data_json("basis.json")["rules"]:
        compiled = dict(rule)
        compiled["_patterns"] = [re.compile(p) for p in rule.get("patterns", [])]
        rules.append(compiled)
    return rules




def _is_placeholder(text: str) -> bool:
    data = load_data_json("placeholders.json")
    return text in data["words"] or all(ch in data["placeholder_chars"] for ch in text)


def _match(text: str) -> dict[str, Any] | None:
    for rule in _rules():
        if any(word in text for word in rule.get("exclude", [])):
            continue
        if any(word in text for word in rule.get("keywords", [])) or any(p.search(text) for p in rule["_patterns"]):
            return rule
    return None


def explain_basis(raw: str) -> tuple[str | None, str]:
    """``(category or None, reason)`` for a basis text; the reason is one English line."""
    text = _clean(raw)
    if not text or _is_placeholder(text):
        return None, NO_TEXT_REASON
    rule = _match(text)
    if rule is None:
        return None, NO_RULE_REASON
    return rule["category"], rule["reason"]


def map_basis(raw: str) -> str | None:
    """Map a 指标值确定依据 text onto a national category, or None. Never raises.

    >>> map_basis("本单位年初计划安排"), map_basis("工作经验"), map_basis("无")
    ('计划标准', '历史标准', None)
    """
    return explain_basis(raw)[0]


def map_basis_for(raw: str, *, level2: str | None = None, kind: str | None = None) -> str | None:
    """Like :func:`map_basis`, knowing the row: a budget reference (年初预算安排, 预算批复)
    on a cost row (二级 成本指标 / 经济成本指标 …, or a money value) is the budget
    expenditure limit, so 预算支出标准; elsewhere it is the plan (计划标准). Never raises."""
    text = _clean(raw)
    category = map_basis(text)
    if category != "计划标准":
        return category
    rule = _match(text)
    data = load_data_json("basis.json")
    is_cost_row = (level2 is not None and _clean(level2) in data["cost_level2"]) or kind in data["cost_kinds"]
    if rule and is_cost_row and any(word in text for word in rule.get("budget_reference", [])):
        return "预算支出标准"
    return category
