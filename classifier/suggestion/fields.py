"""Policy fields: which field a project belongs to, so that suggestions and drafts draw first on
tables of the same field (a college's draft from colleges, not from development zones).

The vocabulary is data (``classifier/data/fields.json``): field ids as the real tables give them
(``health``, ``education`` …, plus ``economy`` for 招商引资 / 开发区 bodies), a Chinese name and
the words that point to each. :func:`guess_field` scores a project's name, 资金用途 and 三级 names
against them.

Example::

    >>> guess_field("疾病预防控制专项经费").field
    'health'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from classifier.core.paths import load_data_json
from classifier.core.errors import SuggestionError

FIELDS_FILE = "fields.json"
#: Score of a word found in the project name, in the purpose / goals, and per 三级 name.
NAME_WEIGHT, PURPOSE_WEIGHT, INDICATOR_WEIGHT = 3.0, 1.0, 0.5
#: The field of a project no word points to.
DEFAULT_FIELD = "general"


@dataclass(frozen=True)
class FieldGuess:
    """``field`` (an id of fields.json), ``zh`` its name, ``score`` and the ``words`` that decided
    (empty when nothing matched and the default was taken)."""

    field: str
    zh: str
    score: float
    words: tuple[str, ...]


def field_names() -> dict[str, str]:
    """``{field id: Chinese name}`` of every known field (including ``other``)."""
    data = load_data_json(FIELDS_FILE)
    return {**{k: v["zh"] for k, v in data["fields"].items()}, "other": data["other"]["zh"]}


def field_zh(field: str) -> str:
    """The Chinese name of ``field`` (the id itself when unknown)."""
    return field_names().get(field, field)


def check_field(field: str) -> str:
    """``field`` if it is a known id or Chinese name (returned as the id); else raises
    :class:`SuggestionError` listing the known ones."""
    names = field_names()
    if field in names:
        return field
    for fid, zh in names.items():
        if zh == field:
            return fid
    raise SuggestionError(f"未知的领域 {field!r}；可用：" + "、".join(f"{k}（{v}）" for k, v in names.items()))


def _score(data: dict, texts: list[tuple[str, float]]) -> FieldGuess | None:
    best: FieldGuess | None = None
    for fid, spec in data.items():
        score, words = 0.0, []
        for word in spec["words"]:
            hit = sum(weight for text, weight in texts if word in text)
            if hit:
                score += hit
                words.append(word)
        if score > 0 and (best is None or score > best.score):
            best = FieldGuess(fid, spec["zh"], score, tuple(words))
    return best


def guess_field(name: str, purpose: str | None = None, indicator_names: Iterable[str] = ()) -> FieldGuess:
    """The field of a project from its name and 资金用途 / 绩效目标 (a word scores 3 in the name,
    1 in the purpose), or — when none of their words is in fields.json — from its 三级 names
    (0.5 each); ``general`` when no word occurs at all."""
    data = load_data_json(FIELDS_FILE)["fields"]

    def clean(text: str | None) -> str:
        return "".join((text or "").split())

    found = _score(data, [(clean(name), NAME_WEIGHT), (clean(purpose), PURPOSE_WEIGHT)])
    if found is None:
        found = _score(data, [(clean(n), INDICATOR_WEIGHT) for n in indicator_names])
    return found or FieldGuess(DEFAULT_FIELD, data[DEFAULT_FIELD]["zh"], 0.0, ())
