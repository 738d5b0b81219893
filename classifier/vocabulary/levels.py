"""一级/二级 indicator levels: spelling normalization and the two regimes.

CONTRACT (signatures are stable):
- ``normalize_level1(raw: str) -> str``: 效果指标 → 效益指标, "产出\\n指标" → 产出指标, …;
  unknown text comes back cleaned (white space and line breaks removed), never raises.
- ``normalize_level2(raw: str) -> str``: 产出数量 → 数量指标, 进度指标 → 时效指标,
  环境效益 → 生态效益指标, 可持续性影响 → 可持续影响指标, 服务对象满意度 → 服务对象满意度指标, …
- ``REGIMES``: ("legacy", "central2021").
- ``regime_levels(regime) -> dict[str, list[str]]``: 一级 → its allowed 二级 for that regime.
- ``is_valid_level1(level1, regime) -> bool``, ``is_valid_pair(level1, level2, regime) -> bool``
  (both normalize their arguments first).
- ``guess_regime(pairs) -> (regime, reason)``: ``pairs`` is a list of (一级, 二级) tuples or a
  :class:`~classifier.core.records.Document`; the reason is one line of Chinese.
Rule tables live in ``classifier/data/levels.json``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any, Iterable

from classifier.core.paths import load_data_json

REGIMES = ("legacy", "central2021")

# a leading enumeration: 一、 / 1. / 1、 / (1) / （一）
_ENUMERATION = re.compile(r"^(?:[（(][0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+[、.．])")


def _rules() -> dict[str, Any]:
    return load_data_json("levels.json")


def compact_text(raw: object) -> str:
    """``raw`` as NFKC text with all white space removed ("" for None or unprintable input).

    Never raises; the basis mapping shares it.
    """
    if raw is None:
        return ""
    if isinstance(raw, str):
        text = raw
    else:
        try:
            text = str(raw)
        except Exception:  # noqa: BLE001 - a foreign object whose __str__ fails is no text
            return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _clean(raw: object) -> str:
    text = compact_text(raw)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    text = _ENUMERATION.sub("", text)
    return text.strip(":：;；,，。")


@lru_cache(maxsize=None)
def _known(level: str) -> frozenset[str]:
    """Every canonical name of ``level`` (``"level1"`` or ``"level2"``) in any regime."""
    regimes = _rules()["regimes"].values()
    if level == "level1":
        return frozenset(l1 for r in regimes for l1 in r["levels"])
    return frozenset(l2 for r in regimes for children in r["levels"].values() for l2 in children)


def _canonical(text: str, level: str) -> str:
    spellings = _rules()[f"{level}_spellings"]
    if text in spellings:
        return spellings[text]
    if text not in _known(level):
        stripped = re.sub(_rules()["trailing_note"], "", text)
        if stripped != text and (stripped in spellings or stripped in _known(level)):
            return spellings.get(stripped, stripped)
    return text


def normalize_level1(raw: str) -> str:
    """Canonical 一级 name (``"产出\\n指标"`` → ``产出指标``, ``效果指标`` → ``效益指标``,
    ``产出指标(必填)`` → ``产出指标``).

    Text that is not a known spelling comes back with white space removed. Never raises.
    """
    return _canonical(_clean(raw), "level1")


def normalize_level2(raw: str) -> str:
    """Canonical 二级 name (``产出数量`` → ``数量指标``, ``环境效益`` → ``生态效益指标``,
    ``数量指标(必填硬性指标)`` → ``数量指标``, ``服务对象满意度指标等`` → ``服务对象满意度指标``).

    Text that is not a known spelling comes back with white space removed. Never raises.
    """
    return _canonical(_clean(raw), "level2")


def _check_regime(regime: str) -> str:
    if regime not in REGIMES:
        raise ValueError(f"未知的体系“{regime}”（应为 {'、'.join(REGIMES)} 之一）")
    return regime


def regime_levels(regime: str) -> dict[str, list[str]]:
    """一级 → allowed 二级 (canonical names, in the order of the national template).

    Raises ValueError for a regime not in :data:`REGIMES`. Returns a fresh copy.
    """
    levels = _rules()["regimes"][_check_regime(regime)]["levels"]
    return {level1: list(children) for level1, children in levels.items()}


def regime_label(regime: str) -> str:
    """A Chinese label of the regime, naming the document that defines it."""
    return _rules()["regimes"][_check_regime(regime)]["label"]


def is_valid_level1(level1: str, regime: str) -> bool:
    """True when ``level1`` (after normalization) is one of the regime's 一级."""
    return normalize_level1(level1) in regime_levels(regime)


def is_valid_pair(level1: str, level2: str, regime: str) -> bool:
    """True when ``level2`` belongs under ``level1`` in the regime (both normalized)."""
    children = regime_levels(regime).get(normalize_level1(level1))
    return children is not None and normalize_level2(level2) in children


def _pairs_of(source: Any) -> list[tuple[str, str]]:
    if hasattr(source, "iter_indicators"):
        return [(ind.level1, ind.level2) for _project, ind in source.iter_indicators()]
    if hasattr(source, "indicators"):
        return [(ind.level1, ind.level2) for ind in source.indicators]
    pairs: Iterable = source or ()
    return [(p[0], p[1]) for p in pairs]


def guess_regime(pairs: Any) -> tuple[str, str]:
    """Guess the regime of a table from its (一级, 二级) pairs → ``(regime, reason)``.

    ``pairs``: a list of ``(level1, level2)`` tuples (raw or normalized spellings), or a
    Document / Project (its indicators are used). Evidence for ``central2021``: rows whose
    一级 is 成本指标, or whose 二级 is 经济成本/社会成本/生态环境成本指标. Evidence for
    ``legacy``: rows filing 成本指标 under 产出指标. The side with more rows wins; with no
    evidence, or a tie, the default regime (legacy, what most local tables use) is returned.
    """
    counts: Counter[str] = Counter()
    for level1, level2 in _pairs_of(pairs):
        l1, l2 = normalize_level1(level1), normalize_level2(level2)
        if l1 == "成本指标" or l2 in regime_levels("central2021")["成本指标"]:
            counts["central2021"] += 1
        elif l1 == "产出指标" and l2 == "成本指标":
            counts["legacy"] += 1
    new, old = counts["central2021"], counts["legacy"]
    default = _rules()["default_regime"]
    if new > old:
        detail = f"，另有 {old} 行把成本指标放在产出指标下" if old else ""
        return "central2021", f"{new} 行以成本指标为一级或使用经济/社会/生态环境成本二级（财预〔2021〕101号）{detail}"
    if old > new:
        detail = f"，另有 {new} 行以成本指标为一级" if new else ""
        return "legacy", f"{old} 行把成本指标放在产出指标下（财预〔2015〕88号旧版体系）{detail}"
    if new:
        return default, f"两种体系的证据一样多（各 {new} 行），按默认的旧版体系处理"
    return default, "表中没有成本指标，无法区分体系，按默认的旧版体系处理"
