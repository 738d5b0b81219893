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

import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

from classifier.suggestion.index import (
    EvidenceRow,
    SuggestionCorpus,
    SuggestionError,
    resolve_corpus,
)
from classifier.suggestion.values import (
    DIRECTION_SYMBOL,
    FAMILY,
    NUMERIC_KINDS,
    is_numeric,
    name_key,
    rules,
    value_display,
    value_key,
)
from classifier.vocabulary.thresholds import Threshold, parse_threshold


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
        buckets.setdefault((FAMILY.get(t.direction, "="), t.unit, t.kind), []).append(r)
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
    to the query (similarity of segmented text ≥ 0.8). The category of a name that is not in
    the corpus is predicted by the classifier.

    Parameters
    ----------
    name_or_category : str
        A 三级指标 name, or a category id / 中文名.
    level2 : str or None, default None
        Keep only rows filed under that 二级 (normalized, e.g. 产出质量 → 质量指标).
    unit : str or None, default None
        Keep only rows with that unit (``%``, ``万元`` …).
    corpus : SuggestionCorpus or list of Document or None, default None
        None (shipped), a :class:`SuggestionCorpus`, or a list of Documents (a str / Path
        of documents is read and used instead of the shipped corpus).

    Returns
    -------
    ThresholdSuggestion
        The category and where it came from (``category_source``), the evidence rows and
        their counts (rows, tables, documents), the value groups best first (most tables),
        the near-identical names used, ``thin`` (fewer than 3 tables) and ``notes``.

    Raises
    ------
    SuggestionError
        When ``name_or_category`` is empty, or the corpus has no indicator rows.
    ReadError
        When ``corpus`` names a path that does not exist.

    Examples
    --------
    >>> from classifier import suggest_thresholds
    >>> suggestion = suggest_thresholds("预算执行率")  # doctest: +SKIP
    >>> suggestion.category, suggestion.typical.most_common  # doctest: +SKIP
    ('budget_execution', '≥90%')
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


def group_form(g: ThresholdGroup) -> str:
    """A group's form in words: ``≥ % rate``, ``text (qualitative)``."""
    sign = DIRECTION_SYMBOL.get(g.direction, "") if g.direction != "=" else "="
    parts = [sign, g.unit or "", g.kind] if g.kind in NUMERIC_KINDS else [f"text ({g.kind})"]
    return " ".join(p for p in parts if p)


def of_tables(n: int, m: int | None) -> str:
    """``"3 of 5 tables"``, ``"1 of 1 table"``, or ``"2 tables"`` when ``m`` is None."""
    total = n if m is None else m
    word = "table" if total == 1 else "tables"
    return f"{n} {word}" if m is None else f"{n} of {m} {word}"


