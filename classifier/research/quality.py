"""Indicator-quality scores per project and per document, every component shown.

The formula is documented in ``docs/quality_score.md``; in short, four components, each a
number in [0, 1] (1 = best), and a total = 100 × the mean of the components that can be
computed for that scope:

``unit``
    share of *quantified* indicators (a number was parsed: ``value`` is not None, and the
    kind is not ``deadline`` or ``boolean``) whose value carries a unit.
``basis``
    share of indicators whose 指标值确定依据 maps onto one of the five national categories.
``category``
    share of indicators whose declared 二级 is among the 二级 their category is expected under
    (taxonomy, in the document's regime). The category is the hand label when the name has
    one, else the classifier's prediction. Categories expected under no 二级
    (budget_execution, management, placeholder) never count as correctly filed.
``findings``
    ``1 / (1 + w)``, with ``w`` the audit findings per indicator weighted by severity
    (error 1, warning 0.5, info 0.1), leaving out the rules the other components already
    measure (R04 miscategorized 二级, R08 quantity without unit, R17 basis missing).

A component whose denominator is zero (no quantified indicator; nothing classified; audit
not run) is None and left out of the mean; the report says so.

Works on the plain records of :func:`classifier.research.tables.build_tables`; no pandas.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

SEVERITY_WEIGHTS = {"error": 1.0, "warning": 0.5, "info": 0.1}
"""Weight of one finding in the ``findings`` component, by severity."""

RULES_MEASURED_ELSEWHERE = ("R04", "R08", "R17")
"""Rules left out of the ``findings`` component because another component measures them."""

NOT_QUANTIFIED_KINDS = ("deadline", "boolean")
"""Threshold kinds that carry a number but no quantity (dates, 是/否)."""

COMPONENTS = ("unit", "basis", "category", "findings")
"""Component names, in display order."""


@dataclass
class Component:
    """One component of a score: ``value`` in [0, 1] or None when it cannot be computed.

    ``numerator`` / ``denominator``: for the share components, the counts of the share
    (e.g. 12 of 15 quantified indicators carry a unit); for ``findings``, the weighted
    finding count and the number of indicators. ``note`` says why a value is None.
    """

    name: str
    value: float | None
    numerator: float
    denominator: int
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "note": self.note,
        }


@dataclass
class QualityScore:
    """The score of one scope (a project, a document, or the whole corpus).

    ``scope`` is ``project``, ``document`` or ``corpus``; ``project_index`` / ``project_name``
    are None above the project level. ``total`` is in [0, 100] (None when no component could
    be computed). ``components`` maps each name of :data:`COMPONENTS` to a :class:`Component`.
    """

    scope: str
    doc_id: str | None
    project_index: int | None
    project_name: str | None
    rows: int
    components: dict[str, Component]
    total: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "doc_id": self.doc_id,
            "project_index": self.project_index,
            "project_name": self.project_name,
            "rows": self.rows,
            "total": self.total,
            "components": {name: c.to_dict() for name, c in self.components.items()},
        }


@dataclass
class QualityReport:
    """Scores for every project and every document, plus the corpus as a whole."""

    projects: list[QualityScore] = field(default_factory=list)
    documents: list[QualityScore] = field(default_factory=list)
    corpus: QualityScore | None = None
    classified: bool = False
    audited: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"formula": …, "corpus": {…}, "documents": […], "projects": […]}``."""
        return {
            "formula": {
                "components": list(COMPONENTS),
                "severity_weights": dict(SEVERITY_WEIGHTS),
                "rules_measured_elsewhere": list(RULES_MEASURED_ELSEWHERE),
                "total": "100 * mean of the components that are not null",
                "doc": "docs/quality_score.md",
            },
            "classified": self.classified,
            "audited": self.audited,
            "corpus": self.corpus.to_dict() if self.corpus else None,
            "documents": [s.to_dict() for s in self.documents],
            "projects": [s.to_dict() for s in self.projects],
        }


# ---------------------------------------------------------------------------- per row


def is_quantified(row: dict[str, Any]) -> bool:
    """A number was parsed from the value and it is not a date or a 是/否."""
    return row.get("value") is not None and row.get("kind") not in NOT_QUANTIFIED_KINDS


def row_category(row: dict[str, Any]) -> tuple[str | None, str | None]:
    """``(category, source)``: the hand label (source ``label``) when there is one, else the
    prediction (source ``predicted``), else ``(None, None)``."""
    if row.get("label"):
        return row["label"], "label"
    if row.get("category"):
        return row["category"], "predicted"
    return None, None


def correctly_categorized(row: dict[str, Any], taxonomy: Any = None) -> bool | None:
    """Whether the row's declared 二级 is among the 二级 its category is expected under in the
    row's regime; None when the row has no category."""
    category, _source = row_category(row)
    if category is None:
        return None
    if taxonomy is None:
        from classifier.core.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    try:
        expected = taxonomy.expected_level2(category, row.get("regime") or "legacy")
    except KeyError:  # an unknown category id: count it as not correctly filed
        return False
    return row.get("level2") in expected


# ---------------------------------------------------------------------------- scoring


def _share(name: str, hits: int, total: int, empty_note: str) -> Component:
    if total == 0:
        return Component(name, None, hits, total, empty_note)
    return Component(name, hits / total, hits, total)


def score_rows(
    rows: list[dict[str, Any]],
    findings: Iterable[dict[str, Any]] | None,
    *,
    taxonomy: Any = None,
) -> tuple[dict[str, Component], float | None]:
    """Components and total for one scope. ``findings``: the audit findings that belong to
    the scope (None when the audit was not run)."""
    if taxonomy is None:
        from classifier.core.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    quantified = [r for r in rows if is_quantified(r)]
    unit = _share("unit", sum(1 for r in quantified if r.get("unit")), len(quantified),
                  "没有量化的指标")
    basis = _share("basis", sum(1 for r in rows if r.get("basis_category")), len(rows), "没有指标")
    verdicts = [correctly_categorized(r, taxonomy) for r in rows]
    judged = [v for v in verdicts if v is not None]
    category = _share("category", sum(1 for v in judged if v), len(judged),
                      "没有指标带标注或预测类别")
    if findings is None:
        findings_c = Component("findings", None, 0.0, len(rows), "未运行审核")
    elif not rows:
        findings_c = Component("findings", None, 0.0, 0, "没有指标")
    else:
        weighted = sum(
            SEVERITY_WEIGHTS.get(f.get("severity"), 0.0)
            for f in findings
            if f.get("rule") not in RULES_MEASURED_ELSEWHERE
        )
        findings_c = Component("findings", 1.0 / (1.0 + weighted / len(rows)), round(weighted, 6), len(rows))
    components = {c.name: c for c in (unit, basis, category, findings_c)}
    values = [c.value for c in components.values() if c.value is not None]
    total = 100.0 * sum(values) / len(values) if values else None
    return components, total


def quality_scores(tables: Any) -> QualityReport:
    """Score every project and every document of a :class:`classifier.research.tables.CorpusTables`.

    A project's findings are those the audit placed in it (its rows and the project as a
    whole); a document's are all of its findings, document-level ones included.
    """
    from classifier.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    audited = bool(tables.audited)
    report = QualityReport(classified=bool(tables.classified), audited=audited)

    doc_order: list[str] = []
    rows_by_doc: dict[str, list[dict[str, Any]]] = {}
    rows_by_project: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    project_names: dict[tuple[str, Any], str] = {}
    for document in tables.documents:
        doc_order.append(document.doc_id)
        rows_by_doc.setdefault(document.doc_id, [])
        for project in document.projects:
            rows_by_project.setdefault((document.doc_id, project.index), [])
            project_names[(document.doc_id, project.index)] = project.name
    for row in tables.rows:
        if row["doc_id"] not in rows_by_doc:
            doc_order.append(row["doc_id"])
        rows_by_doc.setdefault(row["doc_id"], []).append(row)
        key = (row["doc_id"], row["project_index"])
        rows_by_project.setdefault(key, []).append(row)
        project_names.setdefault(key, row["project_name"])

    findings_by_doc: dict[str, list[dict[str, Any]]] = {}
    findings_by_project: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for finding in tables.findings:
        findings_by_doc.setdefault(finding["doc_id"], []).append(finding)
        if finding.get("project_index") is not None:
            findings_by_project.setdefault((finding["doc_id"], finding["project_index"]), []).append(finding)

    for key, rows in rows_by_project.items():
        components, total = score_rows(
            rows, findings_by_project.get(key, []) if audited else None, taxonomy=taxonomy
        )
        report.projects.append(QualityScore("project", key[0], key[1], project_names.get(key),
                                            len(rows), components, total))
    for doc_id in doc_order:
        rows = rows_by_doc.get(doc_id, [])
        components, total = score_rows(
            rows, findings_by_doc.get(doc_id, []) if audited else None, taxonomy=taxonomy
        )
        report.documents.append(QualityScore("document", doc_id, None, None, len(rows), components, total))
    components, total = score_rows(tables.rows, tables.findings if audited else None, taxonomy=taxonomy)
    report.corpus = QualityScore("corpus", None, None, None, len(tables.rows), components, total)
    return report
