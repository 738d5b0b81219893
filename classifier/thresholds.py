"""Threshold parser: every 指标值 string becomes a structured :class:`Threshold`.

CONTRACT (other modules rely on it; keep the field names and value sets stable):

``direction``: one of ``">="``, ``">"``, ``"="``, ``"<"``, ``"<="``, ``"range"``, ``"none"``.
``value`` / ``value_max``: floats (``value_max`` only for ranges), None when absent.
万/亿 multipliers are applied to non-money units (``1.5万人`` → 15000, ``人``); money keeps
its own unit (``≥1亿`` → 1, ``亿元``; ``≤2000万元`` → 2000, ``万元``; ``≤120元`` → 120, ``元``).
``unit``: normalized unit or None (``%`` for 百分比/百分之…, ``元``, ``万元``, ``亿元``, ``人``,
``人次``, ``个``, ``次``, ``场``, ``天``, ``台``, ``平方米``, ``路``, ``P``, ``标箱`` …).
``kind``: one of ``rate``, ``count``, ``money``, ``area``, ``duration``, ``deadline``,
``boolean``, ``qualitative``, ``number`` (a bare number, no unit), ``measure`` (another
physical unit), ``missing`` (empty or placeholder).
``deadline``: ``{"year": int|None, "month": int|None, "day": int|None}`` or None.
``boolean``: True for 是, False for 否, else None.
``text``: the leftover qualitative text (or None).
``issues``: tuple of stable issue codes, e.g. ``number_missing``, ``number_glued_to_text``,
``placeholder``, ``empty``.

``parse_threshold`` never raises, whatever it is given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DIRECTIONS = (">=", ">", "=", "<", "<=", "range", "none")
KINDS = (
    "rate", "count", "money", "area", "duration", "deadline", "boolean",
    "qualitative", "number", "measure", "missing",
)


@dataclass(frozen=True)
class Threshold:
    raw: str
    direction: str = "none"
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    kind: str = "missing"
    deadline: dict[str, int | None] | None = None
    boolean: bool | None = None
    text: str | None = None
    issues: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "direction": self.direction,
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "kind": self.kind,
            "deadline": dict(self.deadline) if self.deadline else None,
            "boolean": self.boolean,
            "text": self.text,
            "issues": list(self.issues),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Threshold":
        d = dict(d)
        d["issues"] = tuple(d.get("issues") or ())
        return cls(**d)


def parse_threshold(raw: object) -> Threshold:
    """Parse one 指标值 string. Never raises. (Placeholder until the parser lands.)"""
    text = "" if raw is None else str(raw)
    if not text.strip():
        return Threshold(raw=text, kind="missing", issues=("empty",))
    return Threshold(raw=text, kind="qualitative", text=text.strip())
