"""Indicator values as suggestions count them: how a value is written (``≥90%``), when two
values are "the same value", the direction families, which way is better for an indicator, and
the rule table of the suggestions (``classifier/data/suggestion_rules.json``).

A target table states targets to reach: a bare value (``100%``, ``96%``, ``95``) is read as a
target of the same family as ``≥90%`` — or, for an indicator whose smaller value is better (a
cost, a failure rate), as ``≤`` (:func:`target_family`).
"""
from __future__ import annotations

import re
from typing import Any

from classifier.core.paths import load_data_json
from classifier.vocabulary.polarity import category_fallback, name_polarity
from classifier.vocabulary.thresholds import Threshold

RULES_FILE = "suggestion_rules.json"
NUMERIC_KINDS = ("rate", "count", "money", "area", "duration", "number", "measure")
_SPACE = re.compile(r"\s+")
DIRECTION_SYMBOL = {">=": "≥", ">": ">", "=": "", "<": "<", "<=": "≤", "none": "", "range": ""}
FAMILY = {">": ">=", ">=": ">=", "<": "<=", "<=": "<=", "=": "=", "none": "=", "range": "range"}


def rules() -> dict[str, Any]:
    """The rule table of ``classifier/data/suggestion_rules.json``."""
    return load_data_json(RULES_FILE)


def name_key(name: str) -> str:
    """The key names are matched on: the text with all white space removed."""
    return _SPACE.sub("", name or "")


def format_number(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def is_numeric(t: Threshold) -> bool:
    """True when the threshold carries a number that can be placed on a scale."""
    return t.value is not None and t.kind in NUMERIC_KINDS


def value_display(t: Threshold) -> str:
    """A threshold written the way tables write it, normalized: ``≥90%``, ``≤2000万元``, ``3台``;
    non-numeric values are their raw text without white space (``在预算指标内支出为合格``)."""
    if is_numeric(t):
        if t.direction == "range" and t.value_max is not None:
            text = f"{format_number(t.value)}–{format_number(t.value_max)}"
        else:
            text = DIRECTION_SYMBOL.get(t.direction, "") + format_number(t.value)
        return text + (t.unit or "")
    return name_key(t.raw) or "(empty)"


#: Name endings of a share whose unitless number is a percentage (``审稿率 95`` is 95%,
#: ``审稿率 1`` is 100%); 度 and 指数 are not among them (a 长度 or an index is no share).
SHARE_ENDINGS = ("率", "比例", "比率", "占比", "百分比", "满意度")


def value_for_name(name: str, t: Threshold) -> Threshold:
    """``t`` read with the unit its 三级 name gives, for a number written without one: a name whose
    unit bracket (or template) says ``%`` (``成活率（%）``, ``成活率(≥**%)``) makes ``≥85`` a rate
    ``≥85%``; a share name (:data:`SHARE_ENDINGS`: 审稿率, 完成比例, 满意度 …) reads a number from 0
    to 1 as a fraction (``1`` → ``100%``) and one above 1 up to 100 as a percentage. Anything else
    is returned as it is."""
    if t.kind != "number" or t.value is None or t.unit:
        return t
    from dataclasses import replace

    key = name_key(name)
    top = max(t.value, t.value_max or t.value)
    if "%" in key or "％" in key:
        return replace(t, unit="%", kind="rate")
    stem = re.sub(r"[（(][^（()）]{0,8}[)）]$", "", key)
    if not stem.endswith(SHARE_ENDINGS) or t.value <= 0 or top > 100:
        return t
    factor = 100.0 if top <= 1 else 1.0
    return replace(t, value=t.value * factor, value_max=None if t.value_max is None else t.value_max * factor,
                   unit="%", kind="rate")


def expected_direction(name: str, category: str | None, threshold: Threshold | None = None) -> str | None:
    """``higher`` or ``lower`` (which way is better for this indicator), or None when unclear.
    Words in the name decide first (:func:`classifier.vocabulary.polarity.name_polarity`, the
    vocabulary the audit's R11 uses too), then the category (cost → lower; satisfaction,
    completion … → higher when the value is a rate)."""
    polarity = name_polarity(name)
    if polarity is not None:
        return polarity.direction
    lower_categories, higher_rate_categories = category_fallback()
    if category in lower_categories:
        return "lower"
    if category in higher_rate_categories and (threshold is None or threshold.unit == "%"):
        return "higher"
    return None


def measure_word(name: str) -> str:
    """The word of a 三级 name that says what it measures — the direction word of polarity.json
    that decides it (满意度, 合格率, 及时率, 流失 …; :func:`~classifier.vocabulary.polarity.name_polarity`)
    — or "" when there is none. Rows sharing it are the closest comparison for a rate."""
    polarity = name_polarity(name)
    return polarity.word if polarity is not None else ""


def target_family(t: Threshold, better: str | None = None) -> str:
    """The direction family of a target: ``>=`` (a floor to reach: ``≥90%``, ``>3场``, and a bare
    number such as ``100%`` or ``95``), ``<=`` (a ceiling: ``≤30万元``, and a bare number when
    ``better`` is ``lower``, e.g. ``5%`` for 人员流失率), ``range``, or ``=`` (text values)."""
    family = FAMILY.get(t.direction, "=")
    if family == "=" and is_numeric(t):
        return "<=" if better == "lower" else ">="
    return family


def is_bare(t: Threshold) -> bool:
    """True for a number written without a sign (``100%``, ``95``): a target whose family is
    read from the indicator (:func:`target_family`) and which fits a ``≥`` or a ``≤`` target."""
    return is_numeric(t) and FAMILY.get(t.direction, "=") == "="


def families_match(a: Threshold, b: Threshold, better: str | None = None) -> bool:
    """Whether two values are targets of the same family; a bare number fits either a floor or
    a ceiling (it has no sign of its own)."""
    fa, fb = target_family(a, better), target_family(b, better)
    if fa == fb:
        return True
    return (is_bare(a) and fb in (">=", "<=")) or (is_bare(b) and fa in (">=", "<="))


def value_key(t: Threshold, better: str | None = None) -> tuple:
    """What makes two values "the same value" when counting: target family (> counts as ≥,
    a bare number as ≥ — as ≤ when ``better`` is ``lower``; :func:`target_family`), number and
    unit for numbers; the normalized text otherwise."""
    if is_numeric(t):
        return ("num", target_family(t, better), round(t.value, 6), t.value_max, t.unit)
    return ("text", value_display(t))


def same_value(actual: Threshold, suggested: Threshold, *, rate_points: float | None = None,
               better: str | None = None) -> bool:
    """Whether ``actual`` equals ``suggested`` for evaluation: same target family
    (:func:`families_match`, with ``better`` the indicator's better direction) and unit,
    numbers within ``rate_points`` (default from the rules: 5) for rates (%), equal otherwise;
    non-numeric values equal as normalized text. Missing values never match."""
    if actual.kind == "missing" or suggested.kind == "missing":
        return False
    if is_numeric(actual) and is_numeric(suggested):
        if not families_match(actual, suggested, better) or actual.unit != suggested.unit:
            return False
        tol = rules()["rate_tolerance_points"] if rate_points is None else rate_points
        if actual.unit == "%":
            return abs(actual.value - suggested.value) <= tol + 1e-9
        return abs(actual.value - suggested.value) <= 1e-9 * max(1.0, abs(actual.value))
    if is_numeric(actual) or is_numeric(suggested):
        return False
    return value_display(actual) == value_display(suggested)


