"""Which way is better for an indicator, read from its 三级 name.

One vocabulary (``classifier/data/polarity.json``) for ``zhibiao check``
(:func:`classifier.suggestion.check.expected_direction`) and the audit's R11, so the two never
disagree on a name:

* a saving word anywhere (节约, 节支, 降低 …) → a larger value is better (a saving);
* else the higher / lower / cost word that ends last in the name decides — Chinese names end
  with what they measure (故障及时处理率 is a timeliness rate, 人员流失率 a loss); a lower word
  overlapping another word reads it (不合格率, 不满意度 are lower); on a tie the longer word;
* no word → None (the caller may fall back on the category).

Example::

    >>> name_polarity("人员流失率").direction, name_polarity("故障及时处理率").direction
    ('lower', 'higher')
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from classifier.core.paths import load_data_json

#: Word classes of ``polarity.json`` and the direction each gives.
CLASSES = {"saving_words": "higher", "higher_words": "higher", "lower_words": "lower", "cost_words": "lower"}


@dataclass(frozen=True)
class Polarity:
    """``direction``: ``higher`` or ``lower`` is better; ``word``: the word of the name that
    decided; ``kind``: its class (``saving``, ``higher``, ``lower`` or ``cost``)."""

    direction: str
    word: str
    kind: str


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    data = load_data_json("polarity.json")
    return {cls: tuple(data[cls]) for cls in CLASSES}


def polarity_words(cls: str) -> tuple[str, ...]:
    """The words of one class of ``polarity.json`` (``saving_words``, ``higher_words``,
    ``lower_words``, ``cost_words``)."""
    return _words()[cls]


def category_fallback() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(lower_categories, higher_rate_categories)``: categories whose smaller value is better,
    and categories whose larger value is better when the value is a rate."""
    data = load_data_json("polarity.json")
    return tuple(data["lower_categories"]), tuple(data["higher_rate_categories"])


def name_polarity(name: object) -> Polarity | None:
    """Which way is better for the indicator ``name`` (white space ignored), or None when no
    word of the vocabulary occurs in it."""
    text = "".join(str(name or "").split())
    if not text:
        return None
    words = _words()
    for word in words["saving_words"]:
        if word in text:
            return Polarity("higher", word, "saving")
    found: list[tuple[int, int, str, str]] = []  # (start, end, word, class), last occurrence of each word
    for cls in ("higher_words", "lower_words", "cost_words"):
        for word in words[cls]:
            start = text.rfind(word)
            if start >= 0:
                found.append((start, start + len(word), word, cls))
    # a lower word overlapping another word reads it (不合格 in 不合格率, 不满意 in 不满意度)
    lower = [f for f in found if f[3] == "lower_words"]
    found = [f for f in found if f[3] == "lower_words"
             or not any(s < f[1] and f[0] < e for s, e, _, _ in lower)]
    if not found:
        return None
    _, _, word, cls = max(found, key=lambda f: (f[1], f[1] - f[0]))
    return Polarity(CLASSES[cls], word, cls.removesuffix("_words"))
