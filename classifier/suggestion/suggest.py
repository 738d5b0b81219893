"""Typical thresholds from past documents, with the evidence behind them.

Two questions staff ask while drafting a 绩效目标表:

* :func:`suggest_thresholds` — "what value do people usually set for this indicator?":
  the distribution of parsed 指标值 of the corpus rows of the same category (and of
  near-identical names), grouped by (direction, unit, kind), with the most common value,
  quartiles, the most used 指标值确定依据 and example rows (document, project, row, raw value,
  basis, :class:`~classifier.core.records.Location`).
* :func:`check_threshold` — "is my value typical?": where the value sits in that
  distribution and whether its direction makes sense (a satisfaction rate with ≤, a cost
  with ≥).

Both draw from a :class:`SuggestionCorpus`: the indicator rows of a list of
:class:`~classifier.core.records.Document`, each with a canonical category — the hand label of
``corpus/labels.csv`` for its name where one exists, else the classifier's. By default that
is the shipped parsed corpus; :func:`load_suggestion_corpus` adds (or substitutes) a folder
of the user's own documents.

Example::

    >>> s = suggest_thresholds("服务对象满意度")
    >>> s.category, s.typical.most_common, s.typical.most_common_tables   # doctest: +SKIP
    ('satisfaction', '≥90%', 20)
    >>> check_threshold("服务对象满意度", "≥60%").messages[0]              # doctest: +SKIP
    '服务对象满意度 ≥60% is below ≥90%, the value most tables use (20 of 22 tables)'
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from classifier.core.errors import ZhibiaoError
from classifier.core.paths import labels_path, load_data_json
from classifier.vocabulary.polarity import category_fallback, name_polarity
from classifier.core.records import Document, Location
from classifier.vocabulary.thresholds import Threshold, parse_threshold

RULES_FILE = "suggestion_rules.json"
NUMERIC_KINDS = ("rate", "count", "money", "area", "duration", "number", "measure")
_SPACE = re.compile(r"\s+")
DIRECTION_SYMBOL = {">=": "≥", ">": ">", "=": "", "<": "<", "<=": "≤", "none": "", "range": ""}
_FAMILY = {">": ">=", ">=": ">=", "<": "<=", "<=": "<=", "=": "=", "none": "=", "range": "range"}


class SuggestionError(ZhibiaoError):
    """A suggestion could not be made (e.g. an empty corpus); the message is one line."""


def rules() -> dict[str, Any]:
    """The rule table of ``classifier/data/suggestion_rules.json``."""
    return load_data_json(RULES_FILE)


def default_labels_path() -> Path:
    """The shipped hand labels, ``corpus/labels.csv`` (columns ``name,category,note``)."""
    return labels_path()


def load_hand_labels(path: str | Path | None = None) -> dict[str, str]:
    """Hand labels as ``{name key (:func:`name_key`): category id}``, for the names as written and
    their normalized forms (:func:`classifier.reading.labeled_files.load_labels`); {} if the file
    is absent."""
    from classifier.reading.labeled_files import load_labels

    return {name_key(name): category for name, category in load_labels(path, missing_ok=True).items()}


def name_key(name: str) -> str:
    """The key names are matched on: the text with all white space removed."""
    return _SPACE.sub("", name or "")


# -- values -----------------------------------------------------------------------------
def format_number(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def is_numeric(t: Threshold) -> bool:
    """True when the threshold carries a number that can be placed on a scale."""
    return t.value is not None and t.kind in NUMERIC_KINDS


def value_display(t: Threshold) -> str:
    """A threshold written the way tables write it, normalized: ``≥90%``, ``≤2000万元``, ``3台``;
    non-numeric values are their raw text without white space (``在预算指标内支出为合格``)."""
    if is_numeric(t):
        if t.direction == "range" and t.value_max is not None:
            text = f"{format_number(t.value)}–{format_number(t.value_max)}"
        else:
            text = DIRECTION_SYMBOL.get(t.direction, "") + format_number(t.value)
        return text + (t.unit or "")
    return name_key(t.raw) or "(empty)"


def value_key(t: Threshold) -> tuple:
    """What makes two values "the same value" when counting: direction family (> counts as ≥,
    a bare number as =), number and unit for numbers; the normalized text otherwise."""
    if is_numeric(t):
        return ("num", _FAMILY.get(t.direction, "="), round(t.value, 6), t.value_max, t.unit)
    return ("text", value_display(t))


def same_value(actual: Threshold, suggested: Threshold, *, rate_points: float | None = None) -> bool:
    """Whether ``actual`` equals ``suggested`` for evaluation: same direction family and unit,
    numbers within ``rate_points`` (default from the rules: 5) for rates (%), equal otherwise;
    non-numeric values equal as normalized text. Missing values never match."""
    if actual.kind == "missing" or suggested.kind == "missing":
        return False
    if is_numeric(actual) and is_numeric(suggested):
        if _FAMILY.get(actual.direction) != _FAMILY.get(suggested.direction) or actual.unit != suggested.unit:
            return False
        tol = rules()["rate_tolerance_points"] if rate_points is None else rate_points
        if actual.unit == "%":
            return abs(actual.value - suggested.value) <= tol + 1e-9
        return abs(actual.value - suggested.value) <= 1e-9 * max(1.0, abs(actual.value))
    if is_numeric(actual) or is_numeric(suggested):
        return False
    return value_display(actual) == value_display(suggested)


# -- the corpus rows ----------------------------------------------------------------------
@dataclass
class EvidenceRow:
    """One corpus indicator row, as evidence: where it is, what it says, its category.

    ``category_source`` is ``label`` (corpus/labels.csv) or ``model`` (the classifier).
    ``basis`` is the mapped 指标值确定依据 category (or None); ``basis_raw`` the cell text.
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
        }


@dataclass
class ProjectRef:
    """A corpus project as drafting sees it: its text and the positions of its rows."""

    doc_id: str
    index: int
    name: str
    purpose: str
    goals: list[str]
    budget_total: float | None
    rows: list[int]

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
    def from_documents(cls, documents: Iterable[Document], *, labels: dict[str, str] | None = None,
                       model: Any = None, regime: str = "legacy") -> "SuggestionCorpus":
        """Collect the rows of ``documents``. Categories: ``labels`` (default: corpus/labels.csv)
        by name, else :func:`classifier.classification.api.classify` (called once, for the unlabeled names)."""
        from classifier.vocabulary.basis import map_basis

        labels = load_hand_labels() if labels is None else labels
        pending: list[tuple[Any, Any, Any]] = []
        projects: list[ProjectRef] = []
        for doc in documents:
            for project in doc.projects:
                ref = ProjectRef(doc.doc_id, project.index, project.name or project.title, project.purpose or "",
                                 list(project.goals or []), project.budget_total, [])
                projects.append(ref)
                for ind in project.indicators:
                    pending.append((doc, ref, ind))
        unlabeled = sorted({name_key(ind.name) for _, _, ind in pending if name_key(ind.name) not in labels})
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
            category, source = (labels[key], "label") if key in labels else (predicted[key], "model")
            threshold = ind.threshold if isinstance(ind.threshold, Threshold) else parse_threshold(ind.value_raw)
            basis = ind.basis_category if ind.basis_category else map_basis(ind.basis_raw)
            ref.rows.append(len(rows))
            rows.append(EvidenceRow(
                doc_id=doc.doc_id, project=ref.name, project_index=ref.index, row=ind.row, name=ind.name,
                description=ind.description, level1=ind.level1, level2=ind.level2, category=category,
                category_source=source, value_raw=ind.value_raw, threshold=threshold,
                basis_raw=ind.basis_raw, basis=basis, location=ind.location,
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


@lru_cache(maxsize=4)
def _cached_corpus(extra: str | None, mode: str) -> SuggestionCorpus:
    from classifier.reading.corpus import read_corpus, load_documents

    documents: list[Document] = []
    skipped: list[str] = []
    if mode == "add" or extra is None:
        documents.extend(load_documents())
    if extra is not None:
        result = read_corpus(extra)
        documents.extend(result.documents)
        skipped = [str(err) for err in result.failures]
    corpus = SuggestionCorpus.from_documents(documents)
    corpus.skipped = skipped
    return corpus


def load_suggestion_corpus(extra: str | Path | None = None, *, mode: str = "add") -> SuggestionCorpus:
    """The corpus suggestions draw from: the shipped parsed corpus, plus (``mode="add"``) or
    instead of it (``mode="replace"``) the documents in folder/file ``extra`` read with the
    readers. Files of ``extra`` that cannot be read are skipped and listed in ``.skipped``
    (``path: problem``); a missing ``extra`` raises :class:`~classifier.core.errors.ReadError`.
    Cached per (extra, mode) within the process."""
    if mode not in ("add", "replace"):
        raise SuggestionError(f"corpus mode must be 'add' or 'replace', not {mode!r}")
    if mode == "replace" and extra is None:
        raise SuggestionError("corpus mode 'replace' needs a corpus folder (--corpus DIR)")
    corpus = _cached_corpus(str(Path(extra).resolve()) if extra is not None else None, mode)
    if not corpus.rows:
        where = extra if extra is not None else "the shipped corpus"
        raise SuggestionError(f"{where}: no indicator rows to draw suggestions from")
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


# -- distributions ------------------------------------------------------------------------
@dataclass
class ThresholdGroup:
    """The rows of one (direction, unit, kind) group, e.g. (``>=``, ``%``, ``rate``).

    ``rows`` / ``tables`` / ``documents`` count evidence; ``share`` is rows / all rows of the
    suggestion. ``most_common`` is the most used value (``≥90%``) used in ``most_common_tables``
    tables; ``median`` / ``q1`` / ``q3`` are over the numbers (None for text values).
    ``basis`` is the most used mapped 依据 category, ``basis_raw`` the most used cell text.
    ``examples`` are up to five rows, the most common value first.
    """

    direction: str
    unit: str | None
    kind: str
    rows: int
    share: float
    tables: int
    documents: int
    most_common: str
    most_common_rows: int
    most_common_tables: int
    median: float | None
    q1: float | None
    q3: float | None
    basis: str | None
    basis_raw: str | None
    values: list[tuple[str, int]]
    examples: list[EvidenceRow]
    most_common_threshold: Threshold | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in asdict(self).items() if k not in ("examples", "most_common_threshold")}
        d["values"] = [{"value": v, "rows": n} for v, n in self.values]
        d["examples"] = [e.to_dict() for e in self.examples]
        return d


@dataclass
class ThresholdSuggestion:
    """What :func:`suggest_thresholds` returns.

    ``category_source``: ``category`` (the query was a category id or 中文名), ``label``,
    ``corpus`` or ``model``. ``groups`` best first (most tables). ``similar_names`` are the
    near-identical corpus names whose rows joined the evidence, with their similarity.
    ``thin`` is True when the evidence spans fewer than 3 tables; ``notes`` say so in words.
    """

    query: str
    category: str
    category_zh: str
    category_source: str
    level2: str | None
    unit: str | None
    rows: int
    tables: int
    documents: int
    thin: bool
    notes: list[str]
    groups: list[ThresholdGroup]
    similar_names: list[tuple[str, float]] = field(default_factory=list)
    evidence: list[EvidenceRow] = field(default_factory=list, repr=False)

    @property
    def typical(self) -> ThresholdGroup | None:
        """The group most tables use, or None without evidence."""
        return self.groups[0] if self.groups else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "category": self.category, "category_zh": self.category_zh,
            "category_source": self.category_source, "level2": self.level2, "unit": self.unit,
            "rows": self.rows, "tables": self.tables, "documents": self.documents, "thin": self.thin,
            "notes": list(self.notes), "groups": [g.to_dict() for g in self.groups],
            "similar_names": [{"name": n, "similarity": round(s, 3)} for n, s in self.similar_names],
        }


def _quantiles(values: list[float]) -> tuple[float | None, float | None, float | None]:
    if not values:
        return None, None, None
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, med, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return med, q1, q3


def group_rows(rows: Sequence[EvidenceRow], *, total: int | None = None) -> list[ThresholdGroup]:
    """Group rows by (direction family, unit, kind) and describe each group, most tables first."""
    total = total or len(rows) or 1
    buckets: dict[tuple, list[EvidenceRow]] = {}
    for r in rows:
        t = r.threshold
        buckets.setdefault((_FAMILY.get(t.direction, "="), t.unit, t.kind), []).append(r)
    groups = []
    for (direction, unit, kind), members in buckets.items():
        values, first_seen, tables_by_value = Counter(), {}, {}
        display_of, threshold_of = {}, {}
        for r in members:
            k = value_key(r.threshold)
            values[k] += 1
            first_seen.setdefault(k, len(first_seen))
            tables_by_value.setdefault(k, set()).add(r.table)
            display_of.setdefault(k, value_display(r.threshold))
            threshold_of.setdefault(k, r.threshold)
        best = max(values, key=lambda k: (len(tables_by_value[k]), values[k], -first_seen[k]))
        numbers = sorted(r.threshold.value for r in members if is_numeric(r.threshold))
        med, q1, q3 = _quantiles(numbers)
        basis_counts = Counter(r.basis for r in members if r.basis)
        raw_counts = Counter(name_key(r.basis_raw) for r in members if name_key(r.basis_raw))
        ranked = sorted(members, key=lambda r: (value_key(r.threshold) != best,))
        groups.append(ThresholdGroup(
            direction=direction, unit=unit, kind=kind, rows=len(members), share=round(len(members) / total, 3),
            tables=len({r.table for r in members}), documents=len({r.doc_id for r in members}),
            most_common=display_of[best], most_common_rows=values[best],
            most_common_tables=len(tables_by_value[best]), median=med, q1=q1, q3=q3,
            basis=basis_counts.most_common(1)[0][0] if basis_counts else None,
            basis_raw=raw_counts.most_common(1)[0][0] if raw_counts else None,
            values=[(display_of[k], n) for k, n in sorted(values.items(), key=lambda kv: (-kv[1], first_seen[kv[0]]))],
            examples=ranked[:5], most_common_threshold=threshold_of[best],
        ))
    groups.sort(key=lambda g: (-g.tables, -g.rows, g.kind == "missing"))
    return groups


def _category_of_query(query: str, corpus: SuggestionCorpus) -> tuple[str, str]:
    from classifier.core.taxonomy import load_taxonomy

    tax = load_taxonomy()
    q = query.strip()
    if q in tax.ids:
        return q, "category"
    for cid in tax.ids:
        if tax.zh(cid) == q:
            return cid, "category"
    return corpus.categorize(q)


def suggest_thresholds(name_or_category: str, *, level2: str | None = None, unit: str | None = None,
                       corpus: Any = None) -> ThresholdSuggestion:
    """Typical 指标值 for a 三级 name (seen or unseen) or a category id / 中文名.

    Evidence: the corpus rows of the same category, plus rows whose names are near-identical
    to the query (similarity of segmented text ≥ 0.8). ``level2`` keeps rows filed under that
    二级 (normalized, e.g. 产出质量 → 质量指标); ``unit`` keeps rows with that unit (``%``, ``万元`` …).
    ``corpus``: None (shipped), a :class:`SuggestionCorpus`, or a list of Documents.
    """
    corpus = resolve_corpus(corpus)
    from classifier.core.taxonomy import load_taxonomy

    query = (name_or_category or "").strip()
    if not query:
        raise SuggestionError("an indicator name or category is needed")
    category, source = _category_of_query(query, corpus)
    similar = [] if source == "category" else corpus.similar_names(query)
    similar_keys = {n for n, _ in similar}
    evidence = list(corpus.rows_of_category(category))
    extra = [r for key in similar_keys for r in corpus.rows_named(key) if r.category != category]
    if extra:
        order = {id(r): i for i, r in enumerate(corpus.rows)}
        evidence = sorted(evidence + extra, key=lambda r: order[id(r)])
    level2_norm = None
    if level2:
        from classifier.vocabulary.levels import normalize_level2

        level2_norm = normalize_level2(level2)
        evidence = [r for r in evidence if r.level2 == level2_norm]
    if unit:
        unit_norm = parse_threshold("1" + unit).unit or unit
        evidence = [r for r in evidence if r.threshold.unit in (unit, unit_norm)]
    tables = len({r.table for r in evidence})
    documents = len({r.doc_id for r in evidence})
    thin_limit = rules()["thin_tables"]
    notes = []
    if not evidence:
        notes.append("no corpus rows of this category" + (f" under {level2_norm}" if level2_norm else "")
                     + (f" with unit {unit}" if unit else "") + ": no typical value can be given")
    elif tables < thin_limit:
        notes.append(f"thin evidence: only {tables} table(s) in {documents} document(s) use this category; "
                     "treat the typical value as a hint, not a norm")
    elif documents < thin_limit:
        notes.append(f"the evidence comes from only {documents} document(s) ({tables} tables); "
                     "tables of one unit often repeat the same values")
    if source == "model":
        notes.append(f"'{query}' is not in the corpus; its category ({category}) was predicted by the classifier")
    return ThresholdSuggestion(
        query=query, category=category, category_zh=load_taxonomy().zh(category), category_source=source,
        level2=level2_norm, unit=unit, rows=len(evidence), tables=tables, documents=documents,
        thin=tables < thin_limit, notes=notes, groups=group_rows(evidence), similar_names=similar,
        evidence=evidence,
    )


def _form(g: ThresholdGroup) -> str:
    """A group's form in words: ``≥ % rate``, ``text (qualitative)``."""
    sign = DIRECTION_SYMBOL.get(g.direction, "") if g.direction != "=" else "="
    parts = [sign, g.unit or "", g.kind] if g.kind in NUMERIC_KINDS else [f"text ({g.kind})"]
    return " ".join(p for p in parts if p)


def _of_tables(n: int, m: int | None) -> str:
    """``"3 of 5 tables"``, ``"1 of 1 table"``, or ``"2 tables"`` when ``m`` is None."""
    total = n if m is None else m
    word = "table" if total == 1 else "tables"
    return f"{n} {word}" if m is None else f"{n} of {m} {word}"


# -- checking a value ----------------------------------------------------------------------
@dataclass
class ThresholdCheck:
    """What :func:`check_threshold` returns.

    ``verdict``: ``typical`` (at the most common value; rates within 5 points; for text values,
    the very text most tables write), ``below`` /
    ``above`` it, ``other_direction`` (the most common value has the other direction, e.g.
    ≤ where tables write ≥), ``other_form`` (a value of a unit / kind, or a text, that is not
    the category's most common one), or ``no_evidence``. ``percentile``: share (0–100) of comparable corpus values below
    the value, counting ties half. ``comparable``: corpus rows with the same unit and kind.
    ``expected_direction``: ``higher`` / ``lower`` is better, or None; ``direction_ok`` is False
    when the value's direction contradicts it (≤ for a good rate, ≥ for a cost or failure count).
    ``thin``: the category has fewer than 3 tables, or fewer than 3 tables use a comparable value.
    ``messages`` explain, one sentence each, the first being the position.
    """

    name: str
    value_raw: str
    value: str
    threshold: Threshold
    category: str
    category_zh: str
    verdict: str
    percentile: float | None
    typical: str | None
    typical_tables: int
    tables: int
    comparable: int
    expected_direction: str | None
    direction_ok: bool | None
    thin: bool
    messages: list[str]
    suggestion: ThresholdSuggestion = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in (
            "name", "value_raw", "value", "category", "category_zh", "verdict", "percentile", "typical",
            "typical_tables", "tables", "comparable", "expected_direction", "direction_ok", "thin", "messages")}
        d["threshold"] = self.threshold.to_dict()
        d["evidence"] = self.suggestion.to_dict()
        return d


def expected_direction(name: str, category: str, threshold: Threshold | None = None) -> str | None:
    """``higher`` or ``lower`` (which way is better for this indicator), or None when unclear.
    Words in the name decide first (:func:`classifier.vocabulary.polarity.name_polarity`, the
    vocabulary the audit's R11 uses too), then the category (cost → lower; satisfaction,
    completion … → higher when the value is a rate)."""
    polarity = name_polarity(name)
    if polarity is not None:
        return polarity.direction
    lower_categories, higher_rate_categories = category_fallback()
    if category in lower_categories:
        return "lower"
    if category in higher_rate_categories and (threshold is None or threshold.unit == "%"):
        return "higher"
    return None


def check_threshold(name: str, value: str, *, level2: str | None = None, corpus: Any = None) -> ThresholdCheck:
    """Is ``value`` (a 指标值 as written, e.g. ``≥60%``) typical for indicator ``name``?

    Compares with the corpus rows of the same category (see :func:`suggest_thresholds`) that
    share the value's unit and kind, and checks the direction.
    """
    t = parse_threshold(value)
    suggestion = suggest_thresholds(name, level2=level2, corpus=corpus)
    shown = value_display(t)
    family = _FAMILY.get(t.direction, "=")
    messages: list[str] = []
    comparable = [r for r in suggestion.evidence
                  if r.threshold.unit == t.unit and r.threshold.kind == t.kind and is_numeric(r.threshold)]
    percentile = typical = None
    typical_tables, tables = 0, len({r.table for r in comparable})
    if not suggestion.evidence:
        verdict = "no_evidence"
        messages.append(f"no corpus rows of category {suggestion.category} to compare {name} {shown} with")
    elif is_numeric(t) and comparable:
        numbers = [r.threshold.value for r in comparable]
        below = sum(1 for v in numbers if v < t.value)
        ties = sum(1 for v in numbers if v == t.value)
        percentile = round(100.0 * (below + 0.5 * ties) / len(numbers), 1)
        group = group_rows(comparable)[0]
        mode_t = group.most_common_threshold
        typical, typical_tables, group_tables = group.most_common, group.most_common_tables, tables
        tol = rules()["rate_tolerance_points"] if t.unit == "%" else 1e-9 * max(1.0, abs(mode_t.value))
        if group_tables < rules()["thin_tables"]:
            usage = f"the value of {_of_tables(typical_tables, group_tables)}, too few to call it typical"
        elif typical_tables * 2 > group_tables:
            usage = f"the value most tables use ({_of_tables(typical_tables, group_tables)})"
        else:
            usage = f"the most common value ({_of_tables(typical_tables, group_tables)})"
        if group.direction != family:
            verdict = "other_direction"
            messages.append(f"{name} {shown} runs the other way from {typical}, {usage}")
        elif abs(t.value - mode_t.value) <= tol:
            verdict = "typical"
            messages.append(f"{name} {shown} is at {typical}, {usage}")
        else:
            verdict = "below" if t.value < mode_t.value else "above"
            messages.append(f"{name} {shown} is {verdict} {typical}, {usage}")
        messages.append(f"{percentile:g}% of {len(numbers)} comparable corpus values "
                        f"({_of_tables(tables, None)}) are lower")
    else:
        common = suggestion.typical
        same = {r.table for r in suggestion.evidence if value_key(r.threshold) == value_key(t)}
        is_top = bool(common) and value_key(common.most_common_threshold) == value_key(t)
        most = (f"the most used form is {_form(common)} ({_of_tables(common.tables, suggestion.tables)}), "
                f"most often {common.most_common} ({_of_tables(common.most_common_tables, None)})" if common else "")
        if same and is_top and len(same) >= rules()["thin_tables"]:
            verdict = "typical"
            messages.append(f"{name} {shown} is the most common value "
                            f"({_of_tables(common.most_common_tables, suggestion.tables)})")
        elif same and is_top:
            verdict = "other_form"
            messages.append(f"{shown} is the category's most common value, but only "
                            f"{_of_tables(len(same), suggestion.tables)} write it: values vary")
        elif same:
            verdict = "other_form"
            messages.append(f"{_of_tables(len(same), suggestion.tables)} of category {suggestion.category} "
                            f"write {shown}; {most}")
        else:
            verdict = "other_form"
            messages.append(
                f"no corpus row of category {suggestion.category} uses a value like {shown} ({t.kind}"
                + (f", {t.unit}" if t.unit else "") + ")" + (f"; {most}" if most else ""))
        typical = common.most_common if common else None
        typical_tables, tables = (common.most_common_tables, suggestion.tables) if common else (0, 0)
    expected = expected_direction(name, suggestion.category, t)
    direction_ok = None
    if expected and family in (">=", "<=") and is_numeric(t) and t.kind not in rules()["no_direction_kinds"]:
        direction_ok = (family == ">=") == (expected == "higher")
        if not direction_ok:
            sign = "≤" if family == "<=" else "≥"
            good = "higher" if expected == "higher" else "lower"
            messages.append(f"direction: {name} is better when {good}, so a {sign} target looks reversed")
    thin = suggestion.thin or (verdict not in ("other_form", "no_evidence") and tables < rules()["thin_tables"])
    if suggestion.thin and suggestion.evidence:
        messages.append(f"thin evidence: {_of_tables(suggestion.tables, None)} in "
                        f"{suggestion.documents} document(s)")
    elif thin:
        messages.append(f"thin evidence: only {tables} {'table uses' if tables == 1 else 'tables use'} "
                        "a value like this one")
    return ThresholdCheck(
        name=name, value_raw=value, value=shown, threshold=t, category=suggestion.category,
        category_zh=suggestion.category_zh, verdict=verdict, percentile=percentile, typical=typical,
        typical_tables=typical_tables, tables=tables, comparable=len(comparable), expected_direction=expected,
        direction_ok=direction_ok, thin=thin, messages=messages, suggestion=suggestion,
    )
