"""Indicator values as suggestions count them: how a value is written (``≥90%``), when two
values are "the same value", the direction families, and the rule table of the suggestions
(``classifier/data/suggestion_rules.json``)."""
from __future__ import annotations

import re
from typing import Any

from classifier.core.paths import load_data_json
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


def value_key(t: Threshold) -> tuple:
    """What makes two values "the same value" when counting: direction family (> counts as ≥,
    a bare number as =), number and unit for numbers; the normalized text otherwise."""
    if is_numeric(t):
        return ("num", FAMILY.get(t.direction, "="), round(t.value, 6), t.value_max, t.unit)
    return ("text", value_display(t))


def same_value(actual: Threshold, suggested: Threshold, *, rate_points: float | None = None) -> bool:
    """Whether ``actual`` equals ``suggested`` for evaluation: same direction family and unit,
    numbers within ``rate_points`` (default from the rules: 5) for rates (%), equal otherwise;
    non-numeric values equal as normalized text. Missing values never match."""
    if actual.kind == "missing" or suggested.kind == "missing":
        return False
    if is_numeric(actual) and is_numeric(suggested):
        if FAMILY.get(actual.direction) != FAMILY.get(suggested.direction) or actual.unit != suggested.unit:
            return False
        tol = rules()["rate_tolerance_points"] if rate_points is None else rate_points
        if actual.unit == "%":
            return abs(actual.value - suggested.value) <= tol + 1e-9
        return abs(actual.value - suggested.value) <= 1e-9 * max(1.0, abs(actual.value))
    if is_numeric(actual) or is_numeric(suggested):
        return False
    return value_display(actual) == value_display(suggested)


