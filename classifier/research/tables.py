"""The corpus as a table, for researchers: one row per indicator.

Two layers:

* :func:`build_tables` (no pandas) turns parsed documents into plain Python records:
  ``rows`` (one dict per indicator, keys :data:`COLUMNS`) and ``findings`` (one dict per
  audit finding, keys :data:`FINDING_COLUMNS`). :mod:`classifier.research.stats` and
  :mod:`classifier.research.quality` work on these, so the CLI never needs pandas.
* :func:`load_corpus` / :func:`load_findings` wrap them in pandas DataFrames, and
  :func:`to_csv` / :func:`to_parquet` export them. pandas is imported only there; without
  it they raise :class:`MissingExtraError` (``pip install 'zhibiao[research]'``).

Example::

    >>> from classifier.research.tables import load_corpus
    >>> df = load_corpus()                       # the shipped corpus, classified and audited
    >>> df.groupby("category").size()            # rows per canonical category
    >>> df[df.n_findings > 0][["doc_id", "row", "name", "findings"]]

Column meanings (one row per indicator, in document order):

``doc_id``, ``source_path``, ``line_start``, ``line_end`` (1-based, inclusive, in the source
file), ``budget_year``, ``agency``, ``project_index`` (1-based position of the project in its
document, as in the records and the audit findings), ``project_name``, ``project_code``, ``budget_total`` (万元),
``row`` (the indicator's row number, as in the records), ``level1``, ``level2`` (normalized
一级/二级), ``level1_inherited``, ``level2_inherited`` (taken from a merged cell above),
``name`` (三级), ``description``, ``value_raw`` (指标值 as written), ``direction``, ``value``,
``value_max``, ``unit``, ``kind``, ``deadline_year``, ``deadline_month``, ``boolean``,
``threshold_issues`` (list of issue codes) — the parsed threshold, see
:mod:`classifier.vocabulary.thresholds` — ``basis_raw``, ``basis_category`` (one of the five national
categories or None), ``label`` (the hand label from ``corpus/labels.csv``, None when the name
has none), ``category``, ``category_zh``, ``probability`` (the classifier's prediction; None
when ``classify=False``), ``findings`` (list of rule ids of the audit findings on this row),
``n_findings``, ``max_severity`` (``error`` / ``warning`` / ``info`` / None; ``findings`` and
``n_findings`` are None when ``audit=False``, so "not audited" never reads as "clean"), and
``regime`` (``legacy`` or ``central2021``: the regime the audit guessed for the document, or,
without the audit, ``central2021`` when the document has a 成本指标 一级 and ``legacy``
otherwise).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from classifier.core.errors import ZhibiaoError
from classifier.reading.labeled_files import label_of

COLUMNS = (
    "doc_id", "source_path", "line_start", "line_end", "budget_year", "agency",
    "project_index", "project_name", "project_code", "budget_total", "row",
    "level1", "level2", "level1_inherited", "level2_inherited", "name", "description",
    "value_raw", "direction", "value", "value_max", "unit", "kind",
    "deadline_year", "deadline_month", "boolean", "threshold_issues",
    "basis_raw", "basis_category", "label", "category", "category_zh", "probability",
    "findings", "n_findings", "max_severity", "regime",
)
"""Columns of :func:`load_corpus`, in order."""

FINDING_COLUMNS = (
    "doc_id", "project_index", "project_name", "row", "rule", "severity", "cell", "message", "fix",
)
"""Columns of :func:`load_findings`: one row per audit finding. ``project_index`` is None for
a document-level finding, ``row`` is None for a project- or document-level finding."""

LIST_COLUMNS = ("threshold_issues", "findings")
"""Columns holding lists; :func:`to_csv` writes them joined with ``;``."""

SEVERITIES = ("error", "warning", "info")
"""Audit severities, most severe first."""

INSTALL_HINT = "pip install 'zhibiao[research]'"


class MissingExtraError(ZhibiaoError, ImportError):
    """An optional dependency (pandas, pyarrow, matplotlib) is not installed."""


@dataclass
class CorpusTables:
    """The corpus as plain records (no pandas).

    ``rows``: list of dicts with keys :data:`COLUMNS`, one per indicator.
    ``findings``: list of dicts with keys :data:`FINDING_COLUMNS`, one per audit finding
    (empty and ``audited`` False when the audit was not run).
    ``documents``: the :class:`~classifier.core.records.Document` objects the rows came from.
    ``classified`` / ``audited``: whether the classifier / the audit were run.
    """

    rows: list[dict[str, Any]]
    findings: list[dict[str, Any]] = field(default_factory=list)
    documents: list[Any] = field(default_factory=list)
    classified: bool = False
    audited: bool = False


def _require_pandas():
    try:
        import pandas
    except ImportError as err:
        raise MissingExtraError(f"未安装 pandas：{INSTALL_HINT}") from err
    return pandas


# ---------------------------------------------------------------------------- loading


def load_documents(path: str | Path | None = None) -> list[Any]:
    """Documents from ``path``: the parsed corpus (.jsonl; default: the shipped corpus), a
    source document, or a folder of source documents. Raises :class:`ReadError` /
    :class:`ZhibiaoError` with a one-line message when nothing can be read."""
    from classifier.reading import corpus

    return list(corpus.load_documents(path))


def load_labels(path: str | Path | None = None) -> dict[str, str]:
    """Hand labels from ``corpus/labels.csv`` (:func:`classifier.reading.labeled_files.load_labels`:
    names as written and normalized); an empty dict when the file does not exist."""
    from classifier.reading.labeled_files import load_labels as load

    return load(path, missing_ok=True)


def guess_regime(document: Any) -> str:
    """The regime of ``document`` as the audit guesses it
    (:func:`classifier.vocabulary.levels.guess_regime`); used when the audit is not run, so that
    ``stats`` and ``stats --no-audit`` judge a table in the same regime."""
    from classifier.vocabulary.levels import guess_regime as guess

    return guess(document)[0]


def _row_record(document: Any, project: Any, indicator: Any, regime: str) -> dict[str, Any]:
    th = indicator.threshold
    deadline = th.deadline or {}
    return {
        "doc_id": document.doc_id,
        "source_path": indicator.location.path or document.source_path,
        "line_start": indicator.location.line_start,
        "line_end": indicator.location.line_end,
        "budget_year": document.budget_year,
        "agency": project.agency or document.agency,
        "project_index": project.index,
        "project_name": project.name,
        "project_code": project.code,
        "budget_total": project.budget_total,
        "row": indicator.row,
        "level1": indicator.level1,
        "level2": indicator.level2,
        "level1_inherited": indicator.level1_inherited,
        "level2_inherited": indicator.level2_inherited,
        "name": indicator.name,
        "description": indicator.description,
        "value_raw": indicator.value_raw,
        "direction": th.direction,
        "value": th.value,
        "value_max": th.value_max,
        "unit": th.unit,
        "kind": th.kind,
        "deadline_year": deadline.get("year"),
        "deadline_month": deadline.get("month"),
        "boolean": th.boolean,
        "threshold_issues": list(th.issues),
        "basis_raw": indicator.basis_raw,
        "basis_category": indicator.basis_category,
        "label": None,
        "category": None,
        "category_zh": None,
        "probability": None,
        "findings": None,
        "n_findings": None,
        "max_severity": None,
        "regime": regime,
    }


def _finding_attr(finding: Any, name: str, default: Any = None) -> Any:
    if isinstance(finding, dict):
        return finding.get(name, default)
    return getattr(finding, name, default)


def _max_severity(severities: Iterable[str]) -> str | None:
    present = set(severities)
    for severity in SEVERITIES:
        if severity in present:
            return severity
    return None


def build_tables(
    documents: Iterable[Any] | None = None,
    *,
    classify: bool = True,
    audit: bool = True,
    model: Any = None,
    labels: dict[str, str] | None = None,
) -> CorpusTables:
    """Flatten documents into :class:`CorpusTables` (no pandas needed).

    ``documents``: :class:`~classifier.core.records.Document` s (default: the shipped corpus).
    ``classify``: run :func:`classifier.classification.api.classify` on every 三级 name (with its
    description); ``model`` is passed through (None: the shipped default model).
    ``audit``: run :func:`classifier.auditing.api.audit` on every document (``regime="auto"``) and
    attach each finding to its row. ``labels``: ``{name: category}`` (default: the hand
    labels of ``corpus/labels.csv``).
    """
    documents = load_documents() if documents is None else list(documents)
    labels = load_labels() if labels is None else labels
    rows: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for document in documents:
        report = None
        if audit:
            from classifier.auditing.api import audit as run_audit

            report = run_audit(document, regime="auto", model=model)
        regime = getattr(report, "regime", None) if report is not None else None
        if regime not in ("legacy", "central2021"):
            regime = guess_regime(document)
        doc_rows = [_row_record(document, p, i, regime) for p, i in document.iter_indicators()]
        if report is not None:
            by_row: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
            for finding in getattr(report, "findings", ()) or ():
                record = {
                    "doc_id": document.doc_id,
                    "project_index": _finding_attr(finding, "project_index"),
                    "row": _finding_attr(finding, "row"),
                    "project_name": _finding_attr(finding, "project_name"),
                    "rule": _finding_attr(finding, "rule"),
                    "severity": _finding_attr(finding, "severity"),
                    "cell": _finding_attr(finding, "cell"),
                    "message": _finding_attr(finding, "message"),
                    "fix": _finding_attr(finding, "fix"),
                }
                findings.append(record)
                if record["row"] is not None:
                    by_row.setdefault((record["project_index"], record["row"]), []).append(record)
            for row in doc_rows:
                attached = by_row.get((row["project_index"], row["row"]), [])
                row["findings"] = [f["rule"] for f in attached]
                row["n_findings"] = len(attached)
                row["max_severity"] = _max_severity(f["severity"] for f in attached)
        rows.extend(doc_rows)

    for row in rows:
        row["label"] = label_of(labels, row["name"])
    if classify and rows:
        _classify_rows(rows, model=model)
    return CorpusTables(rows=rows, findings=findings, documents=documents,
                        classified=bool(classify), audited=bool(audit))


def _classify_rows(rows: list[dict[str, Any]], *, model: Any) -> None:
    from classifier.classification.api import classify as run_classify

    for regime in sorted({row["regime"] for row in rows}):
        batch = [row for row in rows if row["regime"] == regime]
        results = run_classify(
            [row["name"] for row in batch],
            [row["description"] or None for row in batch],
            regime=regime,
            model=model,
            explain=False,
        )
        for row, result in zip(batch, results):
            row["category"] = result.category
            row["category_zh"] = result.category_zh
            row["probability"] = float(result.probability)


def load_tables(
    path: str | Path | None = None, *, classify: bool = True, audit: bool = True, model: Any = None
) -> CorpusTables:
    """:func:`build_tables` over :func:`load_documents` ``(path)``."""
    return build_tables(load_documents(path), classify=classify, audit=audit, model=model)


# ---------------------------------------------------------------------------- pandas


def tables_to_frame(tables: CorpusTables):
    """The indicator rows of ``tables`` as a DataFrame with columns :data:`COLUMNS`."""
    pd = _require_pandas()
    return pd.DataFrame(tables.rows, columns=list(COLUMNS))


def findings_to_frame(tables: CorpusTables):
    """The audit findings of ``tables`` as a DataFrame with columns :data:`FINDING_COLUMNS`."""
    pd = _require_pandas()
    frame = pd.DataFrame(tables.findings, columns=list(FINDING_COLUMNS))
    # project_index / row are None above the row level: keep them integers, not floats
    return frame.astype({"project_index": "Int64", "row": "Int64"})


def load_corpus(
    path: str | Path | None = None, *, classify: bool = True, audit: bool = True, model: Any = None
):
    """The corpus as a pandas DataFrame: one row per indicator, columns :data:`COLUMNS`
    (see the module docstring for what each holds).

    Needs the ``[research]`` extra.

    Parameters
    ----------
    path : str or Path or None, default None
        The parsed corpus .jsonl (default: the shipped ``corpus/parsed/documents.jsonl``
        or ``$ZHIBIAO_CORPUS``), a source document, or a folder of them.
    classify : bool, default True
        Fill the category columns (they stay None otherwise).
    audit : bool, default True
        Fill the findings columns (they stay None otherwise).
    model : IndicatorClassifier or None, default None
        The classifier for ``classify`` / ``audit``; None = the shipped model.

    Returns
    -------
    pandas.DataFrame
        One row per indicator (n_indicators rows), columns :data:`COLUMNS` in order.

    Raises
    ------
    MissingExtraError
        Without pandas (install the ``[research]`` extra).
    ReadError
        For a missing path, a broken .jsonl, or the first file that cannot be read.

    Examples
    --------
    >>> from classifier import load_corpus
    >>> frame = load_corpus(classify=False, audit=False)  # doctest: +SKIP
    >>> list(frame.columns)[:2]  # doctest: +SKIP
    ['doc_id', 'source_path']
    """
    _require_pandas()
    return tables_to_frame(load_tables(path, classify=classify, audit=audit, model=model))


def load_findings(path: str | Path | None = None, *, model: Any = None):
    """All audit findings of the corpus as a DataFrame, columns :data:`FINDING_COLUMNS`."""
    _require_pandas()
    return findings_to_frame(load_tables(path, classify=False, audit=True, model=model))


def to_csv(frame, path: str | Path) -> Path:
    """Write a :func:`load_corpus` DataFrame as UTF-8 CSV (with BOM, so Excel reads the
    Chinese); list columns are joined with ``;``. Returns the path."""
    _require_pandas()
    out = frame.copy()
    for column in LIST_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(lambda v: ";".join(v) if isinstance(v, (list, tuple)) else v)
    path = Path(path)
    out.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def to_parquet(frame, path: str | Path) -> Path:
    """Write a :func:`load_corpus` DataFrame as Parquet (pyarrow; list columns stay lists).
    Returns the path. Raises :class:`MissingExtraError` without pyarrow."""
    _require_pandas()
    try:
        import pyarrow  # noqa: F401
    except ImportError as err:
        raise MissingExtraError(f"未安装 pyarrow：{INSTALL_HINT}") from err
    path = Path(path)
    frame.to_parquet(path, index=False, engine="pyarrow")
    return path
