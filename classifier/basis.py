"""指标值确定依据 (basis): map free text onto the five national categories.

CONTRACT: ``map_basis(raw: str) -> str | None`` returns one of 计划标准, 历史标准, 行业标准,
预算支出标准, 其他标准, or None when the text is empty, a placeholder (无) or cannot be
mapped. Never raises. Rules live in ``classifier/data/basis.json``.
"""
from __future__ import annotations

BASIS_CATEGORIES = ("计划标准", "历史标准", "行业标准", "预算支出标准", "其他标准")


def map_basis(raw: str) -> str | None:
    return None
