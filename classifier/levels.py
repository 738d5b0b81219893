"""一级/二级 indicator levels: spelling normalization and the two regimes.

CONTRACT (filled in by the normalization work; signatures are stable):
- ``normalize_level1(raw: str) -> str``: 效果指标 → 效益指标, "产出\\n指标" → 产出指标, …;
  unknown text comes back cleaned (white space and line breaks removed), never raises.
- ``normalize_level2(raw: str) -> str``: 产出数量 → 数量指标, 进度指标 → 时效指标,
  环境效益 → 生态效益指标, 可持续性影响 → 可持续影响指标, 服务对象满意度 → 服务对象满意度指标, …
- ``REGIMES``: ("legacy", "central2021").
- ``regime_levels(regime) -> dict[str, list[str]]``: 一级 → its allowed 二级 for that regime.
Rule tables live in ``classifier/data/levels.json``.
"""
from __future__ import annotations

import re

REGIMES = ("legacy", "central2021")


def _clean(raw: str) -> str:
    return re.sub(r"\s+", "", raw or "")


def normalize_level1(raw: str) -> str:
    return _clean(raw)


def normalize_level2(raw: str) -> str:
    return _clean(raw)
