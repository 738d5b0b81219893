"""Audit a 绩效目标表: the defects reviewers flag, as findings people can act on.

Example::

    >>> from classifier.reading import read_document
    >>> from classifier.auditing.api import audit
    >>> report = audit(read_document("corpus/raw/000_565934a1818115aa.txt"))
    >>> report.regime, report.regime_guessed
    ('legacy', True)
    >>> [f.rule for f in report.findings if f.project_index == 5 and f.row is None]
    ['B01', 'R24']
    >>> next(f.message for f in report.findings if f.rule == "B01")
    '表中预算数为 150 万元，资金用途中写“预算数为10万元”（10 万元）。'

The rules live in :mod:`classifier.auditing.rules` (one module per family) and their
severities, Chinese messages, fixes, word lists and cut-offs in
``classifier/data/audit_rules.json``. The JSON form (:meth:`AuditReport.to_dict`) is
documented in ``docs/audit_report_schema.md``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from classifier.auditing.rules import PROJECT_CHECKS, Finding, RowCategory, RuleContext, rule_table
from classifier.auditing.rules.norms import CorpusStats, default_corpus_stats
from classifier.auditing.rules.repetition import ProjectPool, pasted_sets
from classifier.core.errors import ModelError, ZhibiaoError
from classifier.vocabulary.levels import REGIMES, guess_regime, regime_levels  # noqa: F401 - part of the audit's API
from classifier.core.records import Document

SCHEMA_VERSION = 1
REGIME_CHOICES = ("auto", *REGIMES)
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

__all__ = ["audit", "audit_documents", "audit_paths", "AuditReport", "AuditRun", "Finding", "guess_regime"]


@dataclass
class AuditReport:
    """The audit of one document.

    ``regime`` is ``legacy`` or ``central2021``; ``regime_reason`` says why (the guess
    when ``regime_guessed``). ``findings`` are sorted by project, row and rule.
    ``notes`` lists what could not be checked (e.g. no classifier → no R04).
    ``summary``: ``{"total": int, "by_severity": {sev: int}, "by_rule": {rule: int}}``.
    """

    doc_id: str
    source_path: str
    format: str
    agency: str | None
    budget_year: int | None
    projects: int
    rows: int
    regime: str
    regime_reason: str
    regime_guessed: bool
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    classifier: str | None = None
    document: Document | None = field(default=None, repr=False)

    @property
    def summary(self) -> dict[str, Any]:
        return summarize(self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "doc_id": self.doc_id,
            "source_path": self.source_path,
            "format": self.format,
            "agency": self.agency,
            "budget_year": self.budget_year,
            "projects": self.projects,
            "rows": self.rows,
            "regime": self.regime,
            "regime_reason": self.regime_reason,
            "regime_guessed": self.regime_guessed,
            "classifier": self.classifier,
            "notes": list(self.notes),
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class AuditRun:
    """The audit of several files: one report per readable document, one entry per
    skipped file (``{"path": str, "error": str}``), and a summary across documents."""

    reports: list[AuditReport] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    #: files of a folder left aside because their type is not a table (.pdf, .md …)
    ignored: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.reports for f in r.findings]

    @property
    def summary(self) -> dict[str, Any]:
        out = summarize(self.findings)
        out.update(documents=len(self.reports), projects=sum(r.projects for r in self.reports),
                   rows=sum(r.rows for r in self.reports), skipped=len(self.skipped))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "summary": self.summary,
            "skipped": list(self.skipped),
            "documents": [r.to_dict() for r in self.reports],
        }


def summarize(findings: Iterable[Finding]) -> dict[str, Any]:
    """Counts: ``{"total", "by_severity": {error, warning, info}, "by_rule": {rule: n}}``."""
    findings = list(findings)
    by_severity = {sev: 0 for sev in SEVERITY_ORDER}
    for f in findings:
        by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
    by_rule = Counter(f.rule for f in findings)
    return {"total": len(findings), "by_severity": by_severity, "by_rule": dict(sorted(by_rule.items()))}


# ---- classifier -----------------------------------------------------------------


def _evidence(value: Any) -> tuple[str, ...]:
    """What weighed most in a row's text (:func:`classifier.classification.explain.readable_evidence`, in
    Chinese) from a result's ``top_tokens`` (``(token, weight)`` pairs or
    ``{"token", "weight"}`` dicts); empty for a classifier that reports none."""
    from classifier.classification.explain import readable_evidence

    pairs = []
    for item in value or ():
        if isinstance(item, dict):
            item = (item.get("token"), item.get("weight"))
        if isinstance(item, (tuple, list)) and len(item) >= 2 and isinstance(item[0], str):
            pairs.append((item[0], item[1]))
    return tuple(readable_evidence(pairs, lang="zh"))


def _alternatives(value: Any) -> tuple[tuple[str, float], ...]:
    out = []
    for item in value or ():
        if isinstance(item, dict):
            cat, prob = item.get("category"), item.get("probability")
        elif isinstance(item, (tuple, list)) and len(item) >= 2:
            cat, prob = item[0], item[1]
        else:
            cat, prob = getattr(item, "category", None), getattr(item, "probability", None)
        if cat is not None and prob is not None:
            out.append((str(cat), float(prob)))
    return tuple(out)


def classify_rows(
    document: Document, regime: str, model: Any = None, *, progress: Callable[[str, int, int], object] | None = None,
) -> tuple[dict[tuple[int, int], RowCategory], str | None, str | None]:
    """Classify every 三级 name of ``document``.

    ``model``: None (the shipped default model), a path or loaded model (passed to
    :func:`classifier.classification.api.classify`), a callable ``f(names, descriptions, *, regime)``
    returning one object per name with ``category`` and ``probability``, or False (no
    classifier). Returns ``(categories, classifier description, note)``; the note says
    why R04 did not run (None when it did). A model that cannot be loaded or cannot classify
    raises :class:`~classifier.core.errors.ModelError`: the audit never turns R04 off quietly.
    ``progress("classify", done, total)`` reports the names classified (per chunk with the
    library's classifier, see :func:`classifier.classification.api.classify`; once at the end
    with a callable).
    """
    pairs = list(document.iter_indicators())
    if model is False:
        return {}, None, "未使用分类器：R04 未检查。"
    if not pairs:
        return {}, None, None
    names = [ind.name for _, ind in pairs]
    descriptions = [ind.description for _, ind in pairs]
    if callable(model) and not hasattr(model, "predict_proba"):
        results = model(names, descriptions, regime=regime)
        if progress is not None:
            progress("classify", len(names), len(names))
        described = getattr(model, "__name__", type(model).__name__)
    else:
        from classifier.classification.api import classify

        described = str(model) if isinstance(model, (str, Path)) else (
            "默认模型" if model is None else type(model).__name__)
        try:
            if isinstance(model, (str, Path)):
                from classifier.classification.persistence import load_model

                model = load_model(model)
            results = classify(names, descriptions, values=[ind.value_raw for _, ind in pairs], regime=regime, model=model,
                               progress=progress)
        except (ValueError, TypeError, AttributeError, KeyError) as err:
            # a model file that does not fit this version of the library: said, never a silent R04 switch-off
            problem = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
            raise ModelError(f"{described}：无法用这个模型分类（{problem}）") from None
    if not isinstance(results, (list, tuple)):
        results = list(results)
    from classifier.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    categories: dict[tuple[int, int], RowCategory] = {}
    for (project, ind), result in zip(pairs, results):
        category = getattr(result, "category", None)
        if category is None and isinstance(result, dict):
            result = type("R", (), result)
            category = result.category
        if category is None:
            continue
        try:
            expected = taxonomy.expected_level2(category, regime)
            zh = taxonomy.zh(category)
        except ZhibiaoError:
            expected, zh = tuple(getattr(result, "expected_level2", ()) or ()), str(category)
        categories[(project.index, ind.row)] = RowCategory(
            category=str(category), category_zh=zh,
            probability=float(getattr(result, "probability", 0.0) or 0.0),
            expected_level2=tuple(expected), alternatives=_alternatives(getattr(result, "alternatives", ())),
            probabilities=_alternatives(list((getattr(result, "probabilities", None) or {}).items())),
            evidence=_evidence(getattr(result, "top_tokens", ())),
        )
    return categories, described, None


# ---- entry points ---------------------------------------------------------------


class PerDocument:
    """Wraps ``factory(document) -> model`` so :func:`audit_documents` can use a different
    classifier for each document (the evaluation's out-of-fold probabilities)."""

    def __init__(self, factory: Any):
        self.factory = factory

    def __call__(self, document: Document) -> Any:
        return self.factory(document)


def _resolve_stats(corpus_stats: Any) -> CorpusStats | None:
    if corpus_stats is False:
        return None
    if corpus_stats is None:
        return default_corpus_stats()
    if isinstance(corpus_stats, dict):
        return CorpusStats(
            satisfaction_median=corpus_stats.get("satisfaction_median"),
            satisfaction_q1=corpus_stats.get("satisfaction_q1"),
            satisfaction_q3=corpus_stats.get("satisfaction_q3"),
            satisfaction_rows=int(corpus_stats.get("satisfaction_rows", 0)),
            source=str(corpus_stats.get("source", "given")),
        )
    return corpus_stats


def has_level_columns(project: Any) -> bool:
    """False for a table none of whose rows has a 一级 or a 二级 (a sheet of just 三级指标,
    指标值 …): the rules of ``rules_needing_levels`` are not run on it."""
    return any(ind.level1_raw.strip() or ind.level2_raw.strip() for ind in project.indicators)


def missing_column_rules(project: Any) -> dict[str, list[str]]:
    """``{column role: rule ids}`` of the ``rules_needing_columns`` (audit_rules.json) whose
    column the project's table heading lacks: e.g. ``{"basis": ["R17"]}`` for a sheet of
    三级指标 and 指标值. Empty when the heading has every such column, the project has no rows,
    or its heading is not known (``project.columns`` None)."""
    columns = getattr(project, "columns", None)
    if columns is None or not project.indicators:
        return {}
    needing = rule_table()["rules_needing_columns"]["rules"]
    return {column: list(rules) for column, rules in needing.items() if column not in columns}


def model_cutoffs(model: Any) -> dict[str, float]:
    """The audit cut-offs chosen for ``model`` (``audit_cutoffs`` of its metadata: e.g.
    ``{"R04_probability": 0.85, "R04_review_probability": 0.5}``), or ``{}`` for a model without
    them, a callable, or no model. ``model`` as in :func:`classify_rows` (None = the shipped
    model, whose metadata is read without loading it)."""
    if model is False:
        return {}
    meta = getattr(model, "metadata_", None)
    if meta is None and (model is None or isinstance(model, (str, Path))):
        from classifier.classification.persistence import read_metadata

        try:
            _, meta = read_metadata(model)
        except ZhibiaoError:
            meta = None
    chosen = (meta or {}).get("audit_cutoffs") or {}
    return {k: float(v) for k, v in chosen.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def _sort_key(f: Finding) -> tuple:
    return (f.project_index or 0, f.row or 0, f.rule, SEVERITY_ORDER.get(f.severity, 9))


def _audit(
    document: Document, *, regime: str, model: Any, corpus_stats: Any,
    pool: ProjectPool | None = None, cutoffs: dict[str, float] | None = None,
    chosen_cutoffs: dict[str, float] | None = None, progress: Callable[[str, int, int], object] | None = None,
) -> AuditReport:
    """``chosen_cutoffs``: :func:`model_cutoffs` of ``model`` when the caller has them (read
    once per run, not once per document); None reads them here. ``progress(step, done, total)``
    with ``step`` ``"classify"`` (names classified) then ``"audit"`` (rows checked, after each
    project and after the comparison of projects), counted within the document."""
    if regime not in REGIME_CHOICES:
        raise ZhibiaoError(f"未知的体系“{regime}”（应为 {'、'.join(REGIME_CHOICES)} 之一）")
    if regime == "auto":
        chosen, reason = guess_regime(document)
        guessed = True
    else:
        chosen, reason, guessed = regime, "由用户指定", False
    categories, described, note = classify_rows(document, chosen, model, progress=progress)
    stats = _resolve_stats(corpus_stats)
    ctx = RuleContext(document=document, regime=chosen, regime_levels=regime_levels(chosen),
                      categories=categories, corpus_stats=stats, cutoffs=dict(cutoffs or {}),
                      model_cutoffs=model_cutoffs(model) if chosen_cutoffs is None else chosen_cutoffs)
    notes = [note] if note else []
    if stats is None or stats.satisfaction_median is None:
        notes.append("没有可用的语料库满意度统计：R13 未检查。")
    findings: list[Finding] = []
    needing_levels = set(rule_table()["rules_needing_levels"]["rules"])
    without_levels = []
    without_columns: dict[str, list[int]] = {}
    rows, checked = document.indicator_count, 0
    for project in document.projects:
        found = [f for check in PROJECT_CHECKS for f in check(ctx, project)]
        if project.indicators and not has_level_columns(project):
            without_levels.append(project.index)
            found = [f for f in found if f.rule not in needing_levels]
        for column, rules in missing_column_rules(project).items():
            without_columns.setdefault(column, []).append(project.index)
            found = [f for f in found if f.rule not in rules]
        findings.extend(found)
        if progress is not None:
            checked += len(project.indicators)
            progress("audit", checked, rows)
    if without_levels:
        which = "、".join(str(i) for i in without_levels)
        notes.append(f"项目 {which} 的表中没有一级/二级指标列：{'、'.join(sorted(needing_levels))} 未检查。")
    needing_columns = rule_table()["rules_needing_columns"]
    for column, projects in without_columns.items():
        which = "、".join(str(i) for i in projects)
        rules = "、".join(needing_columns["rules"][column])
        notes.append(f"项目 {which} 的表中没有{needing_columns['columns_zh'][column]}列：{rules} 未检查。")
    findings.extend(pasted_sets(ctx, pool))
    if progress is not None:
        progress("audit", rows, rows)
    findings.sort(key=_sort_key)
    return AuditReport(
        doc_id=document.doc_id, source_path=document.source_path, format=document.format,
        agency=document.agency, budget_year=document.budget_year, projects=len(document.projects),
        rows=document.indicator_count, regime=chosen, regime_reason=reason, regime_guessed=guessed,
        findings=findings, notes=notes, classifier=described, document=document,
    )


def audit(
    document: Document, *, regime: str = "auto", model: Any = None, corpus_stats: Any = None,
    cutoffs: dict[str, float] | None = None,
) -> AuditReport:
    """Audit one document; returns an :class:`AuditReport`.

    R24 compares the document's projects with each other; use :func:`audit_documents` to
    compare across documents too.

    Parameters
    ----------
    document : Document
        The document to audit (from :func:`read_document`, :func:`load_documents` …).
    regime : str, default "auto"
        ``auto`` (guessed from the table; the guess and its reason are in the report),
        ``legacy`` or ``central2021``.
    model : IndicatorClassifier or str or Path or callable or bool or None, default None
        See :func:`classify_rows` (None = the shipped model; False = no classifier, R04 is
        skipped and noted).
    corpus_stats : CorpusStats or dict or bool or None, default None
        A :class:`~classifier.auditing.rules.norms.CorpusStats` (or a dict with
        ``satisfaction_median`` …); None = computed once from the shipped corpus;
        False = none (R13 skipped and noted).
    cutoffs : dict of str to float or None, default None
        Overrides of the rule table's ``cutoffs`` (e.g. ``{"R04_probability": 0.5}``).

    Returns
    -------
    AuditReport
        The document's identity and size, the regime used and why, the findings (sorted by
        project, row and rule), the notes on what could not be checked, and a summary.

    Raises
    ------
    classifier.core.errors.ZhibiaoError
        For an unknown ``regime``.
    classifier.core.errors.ModelError
        When the model cannot be loaded or cannot classify (the audit never turns R04
        off quietly).

    Examples
    --------
    >>> from classifier import audit, read_document
    >>> report = audit(read_document("corpus/raw/000_565934a1818115aa.txt"))  # doctest: +SKIP
    >>> report.regime in ("legacy", "central2021")  # doctest: +SKIP
    True
    """
    return _audit(document, regime=regime, model=model, corpus_stats=corpus_stats, cutoffs=cutoffs)


def audit_documents(
    documents: Iterable[Document], *, regime: str = "auto", model: Any = None, corpus_stats: Any = None,
    cutoffs: dict[str, float] | None = None, progress: Callable[[str, int, int], object] | None = None,
) -> list[AuditReport]:
    """Audit several documents; R24 also compares each document's projects with the
    projects of the other documents (a project is reported once, with its closest match). ``model`` may be
    a :class:`PerDocument` (a different classifier per document, e.g. out-of-fold).

    ``progress(step, done, total)``: ``total`` is the number of indicator rows of all the
    documents; ``step`` ``"classify"`` counts the rows classified (per chunk of names) and
    ``"audit"`` the rows whose rules have run (after each project), both growing to ``total``."""
    documents = list(documents)
    pool = ProjectPool(documents)
    reports: list[AuditReport] = []
    # one model for the run: its metadata (and the model file's hash check) read once
    chosen = None if isinstance(model, PerDocument) else model_cutoffs(model)
    total, offset = sum(d.indicator_count for d in documents), 0
    for document in documents:
        doc_model = model(document) if isinstance(model, PerDocument) else model
        reports.append(_audit(document, regime=regime, model=doc_model, corpus_stats=corpus_stats,
                              pool=pool, cutoffs=cutoffs, chosen_cutoffs=chosen,
                              progress=_shifted(progress, offset, total) if progress is not None else None))
        offset += document.indicator_count
    return reports


def _shifted(progress: Callable[[str, int, int], object], offset: int, total: int) -> Callable[[str, int, int], None]:
    """``progress`` for one document of a run: its counts moved by the rows of the documents before it."""
    def report(step: str, done: int, _rows: int) -> None:
        progress(step, offset + done, total)
    return report


def audit_paths(
    paths: Iterable[str | Path], *, regime: str = "auto", model: Any = None, corpus_stats: Any = None,
    cutoffs: dict[str, float] | None = None, progress: Callable[[str, int, int], object] | None = None,
) -> AuditRun:
    """Read and audit files and folders (folders: every supported file inside, see
    :func:`classifier.reading.read_path`). A file that cannot be read is skipped with its
    one-line reason in ``AuditRun.skipped``; the others still go through. ``cutoffs``:
    overrides of the rule table's cut-offs, as in :func:`audit`. ``progress(step, done, total)``:
    ``"read"`` (files of each path, as in :func:`~classifier.reading.read_path`), then
    ``"classify"`` and ``"audit"`` (rows, as in :func:`audit_documents`)."""
    if regime not in REGIME_CHOICES:
        raise ZhibiaoError(f"未知的体系“{regime}”（应为 {'、'.join(REGIME_CHOICES)} 之一）")
    from classifier.core.errors import ReadError
    from classifier.reading import read_path

    run = AuditRun()
    documents: list[Document] = []
    for path in paths:
        try:
            result = read_path(path, progress=progress)
        except ReadError as err:
            run.skipped.append({"path": str(path), "error": str(err)})
            continue
        documents.extend(result.documents)
        run.skipped.extend({"path": err.path, "error": str(err)} for err in result.failures)
        run.ignored.extend(result.ignored)
    run.reports = audit_documents(documents, regime=regime, model=model, corpus_stats=corpus_stats, cutoffs=cutoffs,
                                  progress=progress)
    return run
