"""What every audit rule shares: the :class:`Finding` record, the per-document
:class:`RuleContext` and small text helpers. Rule tables (severities, Chinese message
and fix templates, word lists, cut-offs) live in ``classifier/data/audit_rules.json``.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from classifier.core.paths import load_data_json
from classifier.core.records import Document, Indicator, Location, Project

SEVERITIES = ("error", "warning", "info")
CELLS = ("level1", "level2", "name", "description", "value", "basis")


def rule_table() -> dict[str, Any]:
    """The parsed ``audit_rules.json`` (cached; do not mutate)."""
    return load_data_json("audit_rules.json")


@dataclass
class Finding:
    """One defect found by one rule.

    ``project_index`` is the 1-based project number in document order (None for
    document-level findings), ``row`` the :attr:`Indicator.row` (None for project- or
    document-level findings), ``cell`` one of ``level1``, ``level2``, ``name``,
    ``description``, ``value``, ``basis`` or None. ``message`` / ``fix`` are Chinese.
    ``evidence`` is a JSON-safe dict (classifier category and probability, corpus
    statistics, the other project for R24, …).
    """

    rule: str
    severity: str
    doc_id: str
    project_index: int | None
    project_name: str | None
    row: int | None
    cell: str | None
    location: Location | None
    message: str
    fix: str
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The rule's short Chinese title (from the rule table)."""
        return rule_table()["rules"].get(self.rule, {}).get("title", self.rule)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "severity": self.severity,
            "doc_id": self.doc_id,
            "project_index": self.project_index,
            "project_name": self.project_name,
            "row": self.row,
            "cell": self.cell,
            "location": asdict(self.location) if self.location else None,
            "location_text": str(self.location) if self.location else None,
            "message": self.message,
            "fix": self.fix,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class RowCategory:
    """The classifier's verdict on one indicator row (what R04/R05/R07 consume).

    ``probabilities`` holds ``(category_id, p)`` for every class the classifier scored
    (all classes for the shipped model; only the chosen one and the alternatives for a
    classifier that reports no more). Mass it does not report counts as unknown.
    """

    category: str
    category_zh: str
    probability: float
    expected_level2: tuple[str, ...]
    alternatives: tuple[tuple[str, float], ...] = ()
    probabilities: tuple[tuple[str, float], ...] = ()
    evidence: tuple[str, ...] = ()  # what in the row's text weighed most (readable_evidence, zh)

    def distribution(self) -> dict[str, float]:
        """``{category_id: p}``: :attr:`probabilities`, else the alternatives and the choice."""
        if self.probabilities:
            return dict(self.probabilities)
        out = dict(self.alternatives)
        out.setdefault(self.category, self.probability)
        return out


@dataclass
class RuleContext:
    """Everything a rule may look at for one document.

    ``categories`` maps ``(project.index, indicator.row)`` to the classifier's
    :class:`RowCategory` (empty when no classifier is available). ``regime_levels``
    maps each 一级 of the regime to its allowed 二级. ``corpus_stats`` is a
    :class:`~classifier.auditing.rules.norms.CorpusStats` or None. ``cutoffs`` overrides
    the rule table's cut-offs (the user's ``--r04-cutoff``, the evaluation's sweeps);
    ``model_cutoffs`` are the cut-offs chosen for the model in use (its metadata), which
    come before the rule table's defaults.
    """

    document: Document
    regime: str
    regime_levels: dict[str, list[str]]
    categories: dict[tuple[int, int], RowCategory] = field(default_factory=dict)
    corpus_stats: Any = None
    cutoffs: dict[str, float] = field(default_factory=dict)
    model_cutoffs: dict[str, float] = field(default_factory=dict)

    @property
    def table(self) -> dict[str, Any]:
        return rule_table()

    def cutoff(self, name: str) -> float:
        for source in (self.cutoffs, self.model_cutoffs):
            if name in source:
                return float(source[name])
        return float(self.table["cutoffs"][name])

    def words(self, name: str) -> list[str]:
        return list(self.table[name])

    def category(self, project: Project, indicator: Indicator) -> RowCategory | None:
        return self.categories.get((project.index, indicator.row))

    def parent_level1(self, level2: str) -> str | None:
        for level1, children in self.regime_levels.items():
            if level2 in children:
                return level1
        return None

    def all_level2(self) -> set[str]:
        return {l2 for children in self.regime_levels.values() for l2 in children}

    def finding(
        self,
        rule: str,
        project: Project | None,
        indicator: Indicator | None = None,
        *,
        cell: str | None = None,
        evidence: dict[str, Any] | None = None,
        severity: str | None = None,
        template: str | None = None,
        **fields_: Any,
    ) -> Finding:
        """Build a :class:`Finding` from the rule table's templates and ``fields_``
        (``template="review"``: the rule's ``review_message`` / ``review_fix``)."""
        spec = self.table["rules"][rule]
        values = {"regime_zh": self.table["regime_zh"].get(self.regime, self.regime), **fields_}
        if indicator is not None:
            values.setdefault("name", indicator.name)
            values.setdefault("level1", indicator.level1)
            values.setdefault("level2", indicator.level2)
            values.setdefault("value", indicator.value_raw.strip())
        location = indicator.location if indicator is not None else (project.location if project else None)
        return Finding(
            rule=rule,
            severity=severity or spec["severity"],
            doc_id=self.document.doc_id,
            project_index=project.index if project else None,
            project_name=project.name if project else None,
            row=indicator.row if indicator is not None else None,
            cell=cell,
            location=location,
            message=spec[f"{template}_message" if template else "message"].format(**values),
            fix=spec[f"{template}_fix" if template else "fix"].format(**values),
            evidence=dict(evidence or {}),
        )


_PUNCT = re.compile(r"[\s（）()\[\]【】《》“”\"'‘’：:，,。.；;、%％/／\-—_·]+")


def squash(text: str | None) -> str:
    """Text with white space, brackets and punctuation removed (for comparisons)."""
    return _PUNCT.sub("", text or "")


def first_word(text: str | None, words: Iterable[str]) -> str | None:
    """The first of ``words`` (in list order) that occurs in ``text``, else None."""
    if not text:
        return None
    for word in words:
        if word and word in text:
            return word
    return None


def is_satisfaction_name(name: str, table: dict[str, Any]) -> bool:
    """True for satisfaction measures (满意度, 满意数量占…), not complaint counts."""
    if first_word(name, table["satisfaction_exclusions"]):
        return False
    return first_word(name, table["satisfaction_markers"]) is not None


def percent_value(indicator: Indicator) -> float | None:
    """The numeric percentage of a row's value, or None when it is not a percentage."""
    t = indicator.threshold
    if t.value is None:
        return None
    if t.unit == "%" or t.kind == "rate":
        return float(t.value)
    return None


