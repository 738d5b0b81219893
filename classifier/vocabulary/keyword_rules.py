"""Keyword rules: the baseline classifier, and rule-hit features for the learned model.

The rules live in ``classifier/data/keyword_rules.json``: an ordered list of
``{"id", "pattern", "category", "note"}``. A rule *hits* a name when its regular
expression matches the normalized name (:func:`classifier.vocabulary.segmentation.normalize_text`).
As a classifier the first hit decides; names no rule hits get the fallback category
(the training data's majority class for :class:`KeywordRuleClassifier`).

Example::

    >>> from classifier.vocabulary.keyword_rules import rule_category
    >>> rule_category("服务对象满意度")
    'satisfaction'
    >>> rule_category("按时拨付率")
    'timeliness'
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Callable, Iterable, Sequence

import numpy as np

from classifier.core.paths import load_data_json
from classifier.vocabulary.segmentation import normalize_text

RULES_FILE = "keyword_rules.json"


@dataclass(frozen=True)
class KeywordRule:
    """One rule: ``pattern`` (compiled regex) → ``category``."""

    id: str
    pattern: re.Pattern
    category: str
    note: str = ""


@lru_cache(maxsize=1)
def load_rules() -> tuple[KeywordRule, ...]:
    """The ordered rules from ``classifier/data/keyword_rules.json`` (cached)."""
    data = load_data_json(RULES_FILE)
    return tuple(
        KeywordRule(id=r["id"], pattern=re.compile(r["pattern"]), category=r["category"], note=r.get("note", ""))
        for r in data["rules"]
    )


def rule_hits(normalized: str) -> list[KeywordRule]:
    """All rules whose pattern matches the already-normalized text, in rule order."""
    if not normalized:
        return []
    return [rule for rule in load_rules() if rule.pattern.search(normalized)]


#: A pattern that is only literal words, each maybe anchored at the end (``满意|投诉|数$``).
_LITERAL_WORDS = re.compile(r"[^\\()\[\]{}.^$*+?|\n]+\$?(?:\|[^\\()\[\]{}.^$*+?|\n]+\$?)*")


class _RuleBatch:
    """The keyword rules searched over many texts at once (see :func:`rule_hit_masks`)."""

    def __init__(self, rules: tuple[KeywordRule, ...]):
        self.rules = rules
        # rules of literal words: searched once over all the texts joined by newlines (with
        # MULTILINE, ``$`` ends each text; a word holds no newline, so no match spans two texts)
        self.joined: list[tuple[int, re.Pattern]] = []
        self.each: list[tuple[int, re.Pattern]] = []  # the others: searched in each text
        for k, rule in enumerate(rules):
            if rule.pattern.flags & ~re.UNICODE == 0 and _LITERAL_WORDS.fullmatch(rule.pattern.pattern):
                self.joined.append((k, re.compile(rule.pattern.pattern, re.MULTILINE)))
            else:
                self.each.append((k, rule.pattern))
        self.of_mask: dict[int, tuple[KeywordRule, ...]] = {0: ()}

    def masks(self, texts: Sequence[str]) -> list[int]:
        n = len(texts)
        joined = "\n".join(texts)
        if len(self.rules) > 62 or joined.count("\n") != n - 1:  # a text holding a newline
            return [sum(1 << k for k, rule in enumerate(self.rules) if rule.pattern.search(t)) for t in texts]
        masks = np.zeros(n, dtype=np.int64)
        starts = np.zeros(n, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=n)[:-1] + 1, out=starts[1:])
        for k, pattern in self.joined:
            at = list(map(_START, pattern.finditer(joined)))
            if at:
                masks[np.searchsorted(starts, at, side="right") - 1] |= 1 << k
        for k, pattern in self.each:
            hit = list(compress(range(n), map(pattern.search, texts)))
            if hit:
                masks[hit] |= 1 << k
        return masks.tolist()

    def hits(self, mask: int) -> tuple[KeywordRule, ...]:
        found = self.of_mask.get(mask)
        if found is None:
            found = self.of_mask[mask] = tuple(rule for k, rule in enumerate(self.rules) if mask >> k & 1)
        return found


_batch: _RuleBatch | None = None
_START = re.Match.start


def _rule_batch() -> _RuleBatch:
    global _batch
    rules = load_rules()
    if _batch is None or _batch.rules is not rules:
        _batch = _RuleBatch(rules)
    return _batch


def rule_hit_masks(texts: Sequence[str]) -> tuple[list[int], Callable[[int], tuple[KeywordRule, ...]]]:
    """The rules hitting each already-normalized text, for many texts at once: per text a bit
    mask (bit k: the k-th rule of :func:`load_rules` hits), and a function giving the rules of a
    mask in rule order (``rules_of(mask)`` is ``tuple(rule_hits(text))``). Rules that are only
    literal words are each searched once over all the texts, the others in each text."""
    batch = _rule_batch()
    return (batch.masks(texts) if texts else []), batch.hits


def first_rule(name: object) -> KeywordRule | None:
    """The first rule that hits ``name`` (normalized here), or None."""
    hits = rule_hits(normalize_text(name))
    return hits[0] if hits else None


def rule_category(name: object) -> str | None:
    """The category the first hitting rule gives ``name``, or None when no rule hits."""
    rule = first_rule(name)
    return rule.category if rule else None


class KeywordRuleClassifier:
    """Keyword rules alone, as an sklearn-style classifier (the evaluation baseline).

    ``fit(names, y)`` only learns ``fallback_`` (the most frequent label, used for names
    no rule hits) and ``classes_``; ``predict(names)`` returns an array of category ids.
    """

    def __init__(self, fallback: str | None = None):
        self.fallback = fallback

    def fit(self, names: Sequence[object], y: Sequence[str], *, descriptions=None) -> "KeywordRuleClassifier":
        counts = Counter(y)
        self.fallback_ = self.fallback or (counts.most_common(1)[0][0] if counts else "placeholder")
        self.classes_ = np.array(sorted(set(y) | {self.fallback_}))
        return self

    def predict(self, names: Iterable[object], *, descriptions=None) -> np.ndarray:
        return np.array([rule_category(name) or self.fallback_ for name in names], dtype=object)
