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
from typing import Iterable, Sequence

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
