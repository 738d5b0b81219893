"""The suggestion corpus: every indicator row of past documents as evidence (where it is, what
it says, its category: the hand label where one exists, else the classifier's), indexed by
name and category.

By default it is the shipped suggestion corpus — the seed documents plus every real table of
other organisations (``corpus/parsed/suggestion_corpus.jsonl``, built by ``zhibiao corpus
build``; :mod:`classifier.reading.suggestion_sources`) —, each table with its source
(organisation, page address, year, field); :func:`load_suggestion_corpus` adds (or
substitutes) a folder of the user's own documents. Real-table rows take the category of their
hand label (``corpus/real_labels.csv``, by file and line), other rows that of
``corpus/labels.csv`` by name, the rest the classifier's.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from classifier.core.errors import SuggestionError
from classifier.core.paths import labels_path
from classifier.core.records import Document, Location
from classifier.reading.suggestion_sources import SourcedDocument, TableSource, document_sources, label_matches
from classifier.suggestion.values import (
    NUMERIC_KINDS,
    expected_direction,
    measure_word,
    name_key,
    rules,
    target_family,
    value_display,
    value_for_name,
)
from classifier.vocabulary.thresholds import Threshold, parse_threshold


def default_labels_path() -> Path:
    """The shipped hand labels, ``corpus/labels.csv`` (columns ``name,category,note``)."""
    return labels_path()


def load_hand_labels(path: str | Path | None = None) -> dict[str, str]:
    """Hand labels as ``{name key (:func:`name_key`): category id}``, for the names as written and
    their normalized forms (:func:`classifier.reading.labeled_files.load_labels`); {} if the file
    is absent."""
    from classifier.reading.labeled_files import load_labels

    return {name_key(name): category for name, category in load_labels(path, missing_ok=True).items()}


@dataclass
class EvidenceRow:
    """One corpus indicator row, as evidence: where it is, what it says, its category.

    ``category_source`` is ``label`` (a hand label: corpus/labels.csv by name, or
    corpus/real_labels.csv by file and line) or ``model`` (the classifier). ``source`` is the
    table's :class:`~classifier.reading.suggestion_sources.TableSource` (organisation, page
    address or file, year, field, origin). ``measure`` is the word of the name that says what
    it measures (满意度, 合格率, 及时率 …; :func:`~classifier.suggestion.values.measure_word`). A
    value that is a unit without a number (``%``) counts as missing. ``field`` is the table's
    policy field (the source's, or guessed from the project's name and purpose like a new
    project's: :func:`~classifier.suggestion.fields.guess_field`).
    ``basis`` is the mapped 指标值确定依据 category (or None); ``basis_raw`` the cell text.
    ``better``: which way is better for the indicator (``higher`` / ``lower`` / None,
    :func:`~classifier.suggestion.values.expected_direction`); ``family`` the value's target
    family (a bare ``100%`` is a ``>=`` target, :func:`~classifier.suggestion.values.target_family`).
    """

    doc_id: str
    project: str
    project_index: int
    row: int
    name: str
    description: str
    level1: str
    level2: str
    category: str
    category_source: str
    value_raw: str
    threshold: Threshold
    basis_raw: str
    basis: str | None
    location: Location
    better: str | None = None
    source: TableSource = TableSource()
    measure: str = ""
    field: str = ""

    @property
    def family(self) -> str:
        """The value's target family: ``>=``, ``<=``, ``range`` or ``=`` (text)."""
        return target_family(self.threshold, self.better)

    @property
    def table(self) -> tuple[str, int]:
        """The table (project) the row belongs to: ``(doc_id, project_index)``."""
        return (self.doc_id, self.project_index)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "project": self.project,
            "row": self.row,
            "name": self.name,
            "level1": self.level1,
            "level2": self.level2,
            "category": self.category,
            "category_source": self.category_source,
            "value_raw": self.value_raw,
            "value": value_display(self.threshold),
            "basis_raw": self.basis_raw,
            "basis": self.basis,
            "location": str(self.location),
            "path": self.location.path,
            "line_start": self.location.line_start,
            "line_end": self.location.line_end,
            "source": self.source.to_dict(),
        }


@dataclass
class ProjectRef:
    """A corpus project as drafting sees it: its text, its source, its policy field (``field``; the
    source's, else guessed from the name and purpose: ``field_guessed``) and the positions of its rows."""

    doc_id: str
    index: int
    name: str
    purpose: str
    goals: list[str]
    budget_total: float | None
    rows: list[int]
    source: TableSource = TableSource()
    field: str = ""
    field_guessed: bool = False

    @property
    def table(self) -> tuple[str, int]:
        return (self.doc_id, self.index)


class SuggestionCorpus:
    """Indicator rows with categories, plus lazily built similarity indexes.

    Build with :meth:`from_documents` (or :func:`load_suggestion_corpus`). ``rows`` is a list
    of :class:`EvidenceRow`; ``projects`` a list of :class:`ProjectRef` (``rows`` positions
    index into ``self.rows``); ``labels`` the hand labels used; ``regime`` the regime passed to
    the classifier for unlabeled names.
    """

    def __init__(self, rows: list[EvidenceRow], projects: list[ProjectRef], *,
                 labels: dict[str, str] | None = None, regime: str = "legacy", model: Any = None):
        self.rows = rows
        self.projects = projects
        self.labels = labels or {}
        self.regime = regime
        self.model = model
        self._name_index = None
        self._project_index = None
        self._names: list[str] | None = None
        #: ``path: problem`` for each file of the user's corpus that could not be read (skipped).
        self.skipped: list[str] = []

    @classmethod
    def from_documents(cls, documents: Iterable[Document | SourcedDocument], *, labels: dict[str, str] | None = None,
                       model: Any = None, regime: str = "legacy",
                       row_labels: dict[tuple[str, int], tuple[str, str]] | None = None) -> "SuggestionCorpus":
        """Collect the rows of ``documents`` (:class:`~classifier.core.records.Document` s, whose
        tables get a ``user`` source from their 单位, path and year, or
        :class:`~classifier.reading.suggestion_sources.SourcedDocument` s). Categories: for rows
        of real tables, ``row_labels`` (``{(file, line): (name, category)}``, used when the name
        still matches the row; default: the hand labels of corpus/real_labels.csv,
        :func:`load_row_labels`), then ``labels`` (default:
        corpus/labels.csv) by name, else :func:`classifier.classification.api.classify` (called
        once, for the unlabeled names)."""
        from classifier.suggestion.fields import guess_field
        from classifier.vocabulary.basis import map_basis

        labels = load_hand_labels() if labels is None else labels
        pending: list[tuple[Any, Any, Any]] = []
        projects: list[ProjectRef] = []
        any_real = False
        for item in documents:
            doc, sources = ((item.document, item.sources) if isinstance(item, SourcedDocument)
                            else (item, document_sources(item)))
            for project, source in zip(doc.projects, sources):
                any_real = any_real or source.origin == "real"
                name = project.name or project.title
                field = source.field or guess_field(name, project.purpose).field  # as a new project's is
                ref = ProjectRef(doc.doc_id, project.index, name, project.purpose or "",
                                 list(project.goals or []), project.budget_total, [], source, field, not source.field)
                projects.append(ref)
                for ind in project.indicators:
                    pending.append((doc, ref, ind))
        if row_labels is None:
            row_labels = load_row_labels() if any_real else {}

        def row_label(ref: ProjectRef, ind: Any) -> str | None:
            if ref.source.origin != "real" or not row_labels:
                return None
            found = row_labels.get((ind.location.path, ind.location.line_start))
            return found[1] if found is not None and label_matches(found[0], ind.name_raw, ind.name) else None

        unlabeled = sorted({name_key(ind.name) for _, ref, ind in pending
                            if name_key(ind.name) not in labels and row_label(ref, ind) is None})
        predicted: dict[str, str] = {}
        if unlabeled:
            descriptions = {}
            for _, _, ind in pending:
                descriptions.setdefault(name_key(ind.name), ind.description)
            cats = classify_names(unlabeled, [descriptions[n] for n in unlabeled], regime=regime, model=model)
            predicted = dict(zip(unlabeled, cats))
        rows: list[EvidenceRow] = []
        for doc, ref, ind in pending:
            key = name_key(ind.name)
            own = row_label(ref, ind)
            if own is not None:
                category, source = own, "label"
            else:
                category, source = (labels[key], "label") if key in labels else (predicted[key], "model")
            threshold = ind.threshold if isinstance(ind.threshold, Threshold) else parse_threshold(ind.value_raw)
            if threshold.kind in NUMERIC_KINDS and threshold.value is None:  # a unit with no number (``%``)
                threshold = Threshold(raw=threshold.raw, kind="missing", unit=threshold.unit, issues=("no_number",))
            threshold = value_for_name(ind.name, threshold)  # ``≥85`` under 成活率（%） is ≥85%
            basis = ind.basis_category if ind.basis_category else map_basis(ind.basis_raw)
            ref.rows.append(len(rows))
            rows.append(EvidenceRow(
                doc_id=doc.doc_id, project=ref.name, project_index=ref.index, row=ind.row, name=ind.name,
                description=ind.description, level1=ind.level1, level2=ind.level2, category=category,
                category_source=source, value_raw=ind.value_raw, threshold=threshold,
                basis_raw=ind.basis_raw, basis=basis, location=ind.location,
                better=expected_direction(ind.name, category, threshold), source=ref.source,
                measure=measure_word(ind.name), field=ref.field,
            ))
        return cls(rows, projects, labels=labels, regime=regime, model=model)

    # -- indexes -------------------------------------------------------------------------
    def _build_indexes(self) -> None:
        from classifier.suggestion.similarity import normalized_chars

        by_name: dict[str, list[EvidenceRow]] = {}
        by_category: dict[str, list[EvidenceRow]] = {}
        by_normalized: dict[str, str] = {}
        for row in self.rows:
            key = name_key(row.name)
            by_name.setdefault(key, []).append(row)
            by_category.setdefault(row.category, []).append(row)
            if len(by_name[key]) == 1:  # first row of this name
                by_normalized.setdefault(normalized_chars(row.name), row.category)
        self._by_name, self._by_category, self._by_normalized = by_name, by_category, by_normalized

    def rows_named(self, name: str) -> list[EvidenceRow]:
        """The rows whose 三级 name equals ``name`` (white space ignored), in corpus order."""
        if not hasattr(self, "_by_name"):
            self._build_indexes()
        return self._by_name.get(name_key(name), [])

    def rows_of_category(self, category: str) -> list[EvidenceRow]:
        """The rows of one category, in corpus order."""
        if not hasattr(self, "_by_category"):
            self._build_indexes()
        return self._by_category.get(category, [])

    # -- names ---------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        """Distinct 三级 names (white space removed), in corpus order."""
        if self._names is None:
            self._names = list(dict.fromkeys(name_key(r.name) for r in self.rows))
        return self._names

    def name_index(self):
        """A :class:`~classifier.suggestion.similarity.TextSimilarity` fitted on :attr:`names`."""
        if self._name_index is None:
            from classifier.suggestion.similarity import TextSimilarity

            self._name_index = TextSimilarity().fit(self.names)
        return self._name_index

    def project_index(self):
        """A :class:`~classifier.suggestion.similarity.TextSimilarity` fitted on the projects' texts."""
        if self._project_index is None:
            from classifier.suggestion.similarity import TextSimilarity, project_text

            self._project_index = TextSimilarity().fit(
                [project_text(p.name, p.purpose, p.goals) for p in self.projects])
        return self._project_index

    def similar_names(self, name: str, *, k: int = 10, min_score: float | None = None) -> list[tuple[str, float]]:
        """Corpus names near ``name``: ``[(name, similarity), …]`` best first, above ``min_score``
        (default: the rules' near-identical threshold, 0.8)."""
        if not self.rows:
            return []
        threshold = rules()["near_identical_name"] if min_score is None else min_score
        return [(self.names[i], s) for i, s in self.name_index().most_similar(name, k=k, min_score=threshold - 1e-9)
                if s >= threshold]

    def categorize(self, name: str) -> tuple[str, str]:
        """``(category, source)`` of a 三级 name: ``label`` if hand-labelled, ``corpus`` if the corpus
        holds the same name once normalized (``服务对象满意度（%）`` = ``服务对象满意度``; its rows'
        category), else ``model`` (the classifier)."""
        from classifier.suggestion.similarity import normalized_chars

        key = name_key(name)
        if key in self.labels:
            return self.labels[key], "label"
        if self.rows_named(key):
            return self.rows_named(key)[0].category, "corpus"
        if normalized_chars(name) in self._by_normalized:
            return self._by_normalized[normalized_chars(name)], "corpus"
        return classify_names([key], None, regime=self.regime, model=self.model)[0], "model"


def classify_names(names: Sequence[str], descriptions: Sequence[str] | None, *, regime: str, model: Any = None) -> list[str]:
    """Category ids for ``names`` from :func:`classifier.classification.api.classify` (one per name)."""
    from classifier.classification.api import classify

    result = classify(list(names), list(descriptions) if descriptions is not None else None, regime=regime, model=model, explain=False)
    if not isinstance(result, (list, tuple)):
        result = [result]
    return [c.category for c in result]


def load_row_labels() -> dict[tuple[str, int], tuple[str, str]]:
    """``{(file, line): (name, category)}`` of the real-table hand labels (corpus/real_labels.csv).
    A label is used only for a row whose name is still the labelled name (a stale label is left
    out: the row is then classified)."""
    from classifier.reading.real_tables import load_real_labels

    return {key: (label.name, label.category) for key, label in load_real_labels().items()}


@lru_cache(maxsize=4)
def _cached_corpus(extra: str | None, mode: str) -> SuggestionCorpus:
    from classifier.reading.corpus import read_corpus
    from classifier.reading.suggestion_sources import shipped_suggestion_documents

    documents: list[Document | SourcedDocument] = []
    skipped: list[str] = []
    if mode == "add" or extra is None:
        documents.extend(shipped_suggestion_documents())
    if extra is not None:
        result = read_corpus(extra)
        documents.extend(result.documents)
        skipped = [str(err) for err in result.failures]
    corpus = SuggestionCorpus.from_documents(documents)
    corpus.skipped = skipped
    return corpus


def load_suggestion_corpus(extra: str | Path | None = None, *, mode: str = "add") -> SuggestionCorpus:
    """The corpus suggestions draw from: the shipped suggestion corpus (seeds and real tables of
    other organisations, with their sources), plus (``mode="add"``) or
    instead of it (``mode="replace"``) the documents in folder/file ``extra`` read with the
    readers. Files of ``extra`` that cannot be read are skipped and listed in ``.skipped``
    (``path: problem``); a missing ``extra`` raises :class:`~classifier.core.errors.ReadError`.
    Cached per (extra, mode) within the process."""
    if mode not in ("add", "replace"):
        raise SuggestionError(f"语料方式应为 add 或 replace，不是“{mode}”")
    if mode == "replace" and extra is None:
        raise SuggestionError("语料方式 replace 需要一个语料文件夹（--corpus 文件夹）")
    corpus = _cached_corpus(str(Path(extra).resolve()) if extra is not None else None, mode)
    if not corpus.rows:
        where = extra if extra is not None else "随附的语料"
        raise SuggestionError(f"{where}：没有可供建议的指标行")
    return corpus


def resolve_corpus(corpus: Any) -> SuggestionCorpus:
    """``None`` → the shipped corpus; a :class:`SuggestionCorpus` → itself; documents → built."""
    if corpus is None:
        return load_suggestion_corpus()
    if isinstance(corpus, SuggestionCorpus):
        return corpus
    if isinstance(corpus, (str, Path)):
        return load_suggestion_corpus(corpus, mode="replace")
    return SuggestionCorpus.from_documents(list(corpus))


