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
from dataclasses import asdict, dataclass
from dataclasses import field as _field
from typing import Any, Sequence

from classifier.suggestion.index import (
    EvidenceRow,
    SuggestionCorpus,
    SuggestionError,
    resolve_corpus,
)
from classifier.suggestion.values import (
    DIRECTION_SYMBOL,
    NUMERIC_KINDS,
    expected_direction,
    format_number,
    is_bare,
    is_numeric,
    measure_word,
    name_key,
    rules,
    same_value,
    target_family,
    value_display,
    value_key,
)
from classifier.vocabulary.polarity import name_polarity
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
        d["typical_range"] = self.typical_range
        return d

    @property
    def typical_range(self) -> str | None:
        """The middle half of the group's numbers, written with the unit (``90%–100%``), or the
        most common value when they coincide; None for text values."""
        if self.q1 is None or self.q3 is None:
            return None
        if self.q1 == self.q3:
            return self.most_common
        return f"{format_number(self.q1)}–{format_number(self.q3)}{self.unit or ''}"

    def contains(self, t: Threshold, better: str | None = None, band: tuple[float, float] | None = None) -> bool:
        """Whether value ``t`` is a typical value of this group: the same target family (a bare
        number fits a ``≥`` or ``≤`` group), unit and kind, and — for numbers — within the rules'
        tolerance (5 points for rates) of the band from the most common value and q1 to q3
        (:meth:`band`; or of ``band`` when given); for text, the most common text itself."""
        family = target_family(t, better)
        if is_bare(t) and self.direction in (">=", "<="):
            family = self.direction  # a bare number takes the sign the tables write
        if (family, t.unit, t.kind) != (self.direction, self.unit, self.kind):
            return False
        band = band or self.band()
        if not is_numeric(t) or band is None:
            return value_display(t) == self.most_common
        tol = rules()["rate_tolerance_points"] if t.unit == "%" else 1e-9 * max(1.0, abs(band[0]))
        return band[0] - tol - 1e-9 <= t.value <= band[1] + tol + 1e-9

    def band(self) -> tuple[float, float] | None:
        """The typical band as numbers, ``(low, high)``: from the smaller of the most common value
        and q1 to the larger of it and q3 (before the rates' tolerance); None for text values."""
        if self.most_common_threshold is None or not is_numeric(self.most_common_threshold):
            return None
        mode = self.most_common_threshold.value
        return (min(mode, self.q1 if self.q1 is not None else mode), max(mode, self.q3 if self.q3 is not None else mode))


#: Value kinds that are each project's own: another indicator's count, amount, area, duration,
#: bare number or wording gives no typical range for a new one.
PROJECT_KINDS = ("count", "money", "area", "duration", "number", "measure", "qualitative")


@dataclass
class Proposal:
    """The value to propose for one indicator name, and why.

    ``scope``: ``name`` (the most common value of the corpus rows with this very name),
    ``similar`` (of near-identical names), ``yes_no`` (the name asks a yes/no question, 是否 …:
    ``是``, or ``否`` for an incident or problem), ``measure`` (the rates of the category whose
    names measure the same thing — 满意度, 合格率, 及时率 …), ``rate`` (the name is a rate or degree: the
    category's most common rate), ``category`` (the category's most common value) or ``none``.
    ``group`` is the value group it was taken from (its ``typical_range``, ``tables``); ``tables``
    of ``of_tables`` tables looked at use the value; ``note`` says in words (Chinese) how far to
    trust it.
    """

    value: str
    threshold: Threshold
    scope: str
    tables: int
    of_tables: int
    group: ThresholdGroup | None
    basis: str | None
    basis_raw: str | None
    note: str
    range_group: ThresholdGroup | None = None

    @property
    def ranged(self) -> bool:
        """Whether the proposal stands behind a typical range: not without a value, and not when
        the value is a count, amount, area, duration, bare number or text of *other* indicators
        of the category (scope ``category``, :data:`PROJECT_KINDS`) — those are each project's own."""
        return self.scope != "none" and not (
            self.scope == "category" and self.group is not None and self.group.kind in PROJECT_KINDS)

    def band(self) -> tuple[float, float] | None:
        """The typical band as numbers ``(low, high)``: the group's (:meth:`ThresholdGroup.band`),
        or — when the value comes from fewer than the rules' ``thin_tables`` tables of the name
        and ``range_group`` holds the wider rows measuring the same thing — from the smaller to
        the larger of the proposed value and that group's band; None for text or without a
        range (:attr:`ranged`)."""
        if not self.ranged:
            return None
        if self.range_group is not None and is_numeric(self.threshold):
            low, high = self.range_group.band() or (self.threshold.value, self.threshold.value)
            return min(low, self.threshold.value), max(high, self.threshold.value)
        return self.group.band() if self.group is not None else None

    @property
    def typical_range(self) -> str | None:
        """The typical range (``90%–100%``; the proposed value itself when the band is one
        number), or None for text and for a proposal without a range (:attr:`ranged`)."""
        if not self.ranged:
            return None
        if self.range_group is not None and is_numeric(self.threshold):
            low, high = self.band()
            if low == high:
                return self.value
            return f"{format_number(low)}–{format_number(high)}{self.threshold.unit or ''}"
        return self.group.typical_range if self.group is not None else None

    def contains(self, t: Threshold, better: str | None = None) -> bool:
        """Whether value ``t`` is a typical value of the proposal: in the group's form and within
        the rates' tolerance of :meth:`band` (:meth:`ThresholdGroup.contains`); a 是/否 answer or
        a proposal without a group: the same value (:func:`~classifier.suggestion.values.same_value`);
        never for a proposal without a range (:attr:`ranged`)."""
        if not self.ranged:
            return False
        if self.group is None or self.scope == "yes_no":
            return self.scope != "none" and same_value(t, self.threshold, better=better)
        return self.group.contains(t, better, band=self.band())

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "scope": self.scope, "tables": self.tables, "of_tables": self.of_tables,
                "typical_range": self.typical_range, "basis": self.basis, "basis_raw": self.basis_raw,
                "note": self.note}


@dataclass
class ThresholdSuggestion:
    """What :func:`suggest_thresholds` returns.

    ``category_source``: ``category`` (the query was a category id or 中文名), ``label``,
    ``corpus`` or ``model``. ``groups`` best first (most tables). ``similar_names`` are the
    near-identical corpus names whose rows joined the evidence, with their similarity.
    ``thin`` is True when the evidence spans fewer than 3 tables; ``notes`` say so in words.
    ``proposal`` is the value to propose for the queried name (:class:`Proposal`; None for a
    category query without evidence). ``field`` is the policy field the evidence was limited to,
    or None (all fields).
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
    similar_names: list[tuple[str, float]] = _field(default_factory=list)
    evidence: list[EvidenceRow] = _field(default_factory=list, repr=False)
    proposal: Proposal | None = None
    field: str | None = None

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
            "proposal": self.proposal.to_dict() if self.proposal else None, "field": self.field,
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
        buckets.setdefault((r.family, t.unit, t.kind), []).append(r)
    groups = []
    for (direction, unit, kind), members in buckets.items():
        values, first_seen, tables_by_value = Counter(), {}, {}
        display_of, threshold_of = {}, {}
        for r in members:
            k = value_key(r.threshold, r.better)
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
        ranked = sorted(members, key=lambda r: (value_key(r.threshold, r.better) != best,))
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
                       category: str | None = None, field: str | None = None, corpus: Any = None) -> ThresholdSuggestion:
    """Typical 指标值 for a 三级 name (seen or unseen) or a category id / 中文名.

    Evidence: the corpus rows of the same category, plus rows whose names are near-identical
    to the query (similarity of segmented text ≥ 0.8). The category of a name that is not in
    the corpus is predicted by the classifier (unless ``category`` is given). A bare value
    (``100%``) counts in the same group as ``≥90%``: a target to reach.

    Parameters
    ----------
    name_or_category : str
        A 三级指标 name, or a category id / 中文名.
    level2 : str or None, default None
        Keep only rows filed under that 二级 (normalized, e.g. 产出质量 → 质量指标).
    unit : str or None, default None
        Keep only rows with that unit (``%``, ``万元`` …).
    category : str or None, default None
        The name's category id when you know it (no lookup, no classifier call).
    field : str or None, default None
        A policy field (``health``, ``education`` …, or its Chinese name; see
        :mod:`classifier.suggestion.fields`): the evidence is the rows of tables of that field
        when they span at least 3 tables, else all rows (the notes say which).
    corpus : SuggestionCorpus or list of Document or None, default None
        None (shipped), a :class:`SuggestionCorpus`, or a list of Documents (a str / Path
        of documents is read and used instead of the shipped corpus).

    Returns
    -------
    ThresholdSuggestion
        The category and where it came from (``category_source``), the evidence rows and
        their counts (rows, tables, documents), the value groups best first (most tables),
        the near-identical names used, ``thin`` (fewer than 3 tables), ``notes`` and the
        ``proposal`` for the name (:class:`Proposal`).

    Raises
    ------
    SuggestionError
        When ``name_or_category`` is empty, ``category`` is not a category id, or the corpus
        has no indicator rows.
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

    tax = load_taxonomy()
    query = (name_or_category or "").strip()
    if not query:
        raise SuggestionError("需要一个指标名称或类别")
    if category is not None:
        if category not in tax.ids:
            raise SuggestionError(f"未知的类别 {category!r}")
        source = "category" if query in (category, tax.zh(category)) else "given"
    else:
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
    thin_limit = rules()["thin_tables"]
    notes = []
    field_used = None
    if field:
        from classifier.suggestion.fields import check_field, field_zh

        field = check_field(field)
        same = [r for r in evidence if r.field == field]
        same_tables = len({r.table for r in same})
        if same_tables >= thin_limit:
            evidence, field_used = same, field
            notes.append(f"只用了同领域（{field_zh(field)}）的 {same_tables} 张表")
        elif evidence:
            notes.append(f"同领域（{field_zh(field)}）只有 {same_tables} 张表用到这一类别，用了所有领域的表")
    tables = len({r.table for r in evidence})
    documents = len({r.doc_id for r in evidence})
    if not evidence:
        notes.append("语料中没有这一类别的指标" + (f"（二级 {level2_norm}）" if level2_norm else "")
                     + (f"（单位 {unit}）" if unit else "") + "，给不出常见取值")
    elif tables < thin_limit:
        notes.append(f"证据较少：只有 {documents} 个文件的 {tables} 张表用到这一类别，常见取值仅供参考，不是标准")
    elif documents < thin_limit:
        notes.append(f"证据只来自 {documents} 个文件（{tables} 张表）；同一单位的表常常重复同样的取值")
    if source == "model":
        notes.append(f"语料中没有“{query}”这个名称，其类别（{category}）由分类器判断")
    groups = group_rows(evidence)
    proposal = None if source == "category" and not evidence else propose_value(
        query if source != "category" else "", category, evidence, groups, similar_keys)
    return ThresholdSuggestion(
        query=query, category=category, category_zh=tax.zh(category), category_source=source,
        level2=level2_norm, unit=unit, rows=len(evidence), tables=tables, documents=documents,
        thin=tables < thin_limit, notes=notes, groups=groups, similar_names=similar,
        evidence=evidence, proposal=proposal, field=field_used,
    )


def asks_yes_no(name: str) -> bool:
    """Whether the 三级 name asks a yes/no question (是否…, 有无…; the rules' ``yes_no_words``)."""
    key = name_key(name)
    return any(w in key for w in rules()["yes_no_words"])


def yes_no_answer(name: str) -> str:
    """The target answer to a yes/no name: ``否`` when it asks about an incident or a problem
    (是否发生安全事故, 是否存在质量问题, 是否对生态环境造成影响 — a lower-is-better word of
    polarity.json or one of the rules' ``no_answer_words``), else ``是``."""
    key = name_key(name)
    polarity = name_polarity(key)
    if (polarity is not None and polarity.direction == "lower" and polarity.kind == "lower") or any(
            w in key for w in rules()["no_answer_words"]):
        return "否"
    return "是"


def names_a_rate(name: str) -> bool:
    """Whether the name measures a rate or degree (ends with 率, 度, 比例 …, or mentions %)."""
    key = name_key(name).rstrip("）)").removesuffix("（%").removesuffix("(%")
    return "%" in name_key(name) or key.endswith(tuple(rules()["rate_name_endings"]))


def propose_value(name: str, category: str, evidence: Sequence[EvidenceRow],
                  groups: Sequence[ThresholdGroup] | None = None,
                  similar_keys: set[str] | frozenset[str] = frozenset()) -> Proposal:
    """The value to propose for indicator ``name`` from its evidence rows (see :class:`Proposal`).

    In order: the most common value of the rows with this very name — if two of its tables
    agree, or it has a single table, or it is not a rate —; then of near-identical names (same
    condition); a yes/no name gets ``是`` / ``否`` (:func:`yes_no_answer`); a rate or degree name
    the most common rate of the rows measuring the same thing (:func:`measure_rows`), else the
    category's most common rate (a ``≥`` one unless smaller is better); anything else the
    category's most common value. ``note`` says that counts, amounts and dates are the
    project's own."""
    groups = list(groups) if groups is not None else group_rows(evidence)
    key = name_key(name)
    better = expected_direction(name, category) if name else None
    rate_name = bool(key) and names_a_rate(name)
    word = measure_word(name) if key else ""
    thin_limit = rules()["thin_tables"]

    def wider(g: ThresholdGroup, tables: int) -> ThresholdGroup | None:
        # one or two tables of the name make a point, not a range: the range is taken from the
        # rows measuring the same thing (else the category's rates) in the same form
        if g.unit != "%" or g.most_common_threshold is None or not is_numeric(g.most_common_threshold) \
                or tables >= thin_limit:
            return None
        form = (g.direction, g.unit, g.kind)
        for pool in (measure_rows(evidence, word, better) if word else [],
                     [r for r in evidence if (r.family, r.threshold.unit, r.threshold.kind) == form
                      and is_numeric(r.threshold)]):
            same = [r for r in pool if (r.family, r.threshold.unit, r.threshold.kind) == form]
            if len({r.table for r in same}) >= thin_limit:
                return group_rows(same)[0]
        return None

    def from_rows(rows: list[EvidenceRow], scope: str) -> Proposal | None:
        valued = [r for r in rows if r.threshold.kind != "missing"]
        if rate_name and (scope == "similar" or any(r.threshold.unit == "%" for r in valued)):
            # a rate from rates: the text or count of a similar name is another indicator's form
            valued = [r for r in valued if r.threshold.unit == "%"]
        named = [g for g in group_rows(valued)]
        if not named:
            return None
        g = named[0]
        tables = len({r.table for r in valued})
        if not (g.most_common_tables >= 2 or tables == 1 or g.unit != "%"):
            return None
        return _proposal(g, scope, tables, wider(g, tables))

    if key:
        found = from_rows([r for r in evidence if name_key(r.name) == key], "name")
        if found is None and similar_keys:
            found = from_rows([r for r in evidence if name_key(r.name) in similar_keys and name_key(r.name) != key],
                              "similar")
        if found is not None:
            return found
        if asks_yes_no(name):
            answer = yes_no_answer(name)
            boolean = [r for r in evidence if r.threshold.kind == "boolean"]
            same = {r.table for r in boolean if value_display(r.threshold) == answer}
            return Proposal(answer, parse_threshold(answer), "yes_no", len(same), len({r.table for r in evidence}),
                            None, None, None,
                            f"名称是“是否”式提问，目标写“{answer}”" + (f"（同类 {len(same)} 张表也这样写）" if same else ""))
    valued = [g for g in groups if g.kind != "missing"]
    all_tables = len({r.table for r in evidence})
    if word and rate_name:
        same_measure = measure_rows(evidence, word, better)
        if same_measure:
            return _proposal(group_rows(same_measure)[0], "measure", len({r.table for r in same_measure}))
    if rate_name:
        rates = [g for g in valued if g.unit == "%"]
        preferred = [g for g in rates if g.direction == ("<=" if better == "lower" else ">=")]
        if preferred or rates:
            return _proposal((preferred or rates)[0], "rate", all_tables)
    if valued:
        return _proposal(valued[0], "category", all_tables)
    return Proposal("", parse_threshold(""), "none", 0, all_tables, None, None, None,
                    "语料中没有可参考的取值，请按项目实际设定")


def measure_rows(evidence: Sequence[EvidenceRow], word: str, better: str | None) -> list[EvidenceRow]:
    """The rate rows (%) of ``evidence`` whose name measures the same thing (``measure`` equal to
    ``word``) in the target family ``better`` asks for, when they span at least the rules'
    ``thin_tables`` tables; else []."""
    family = "<=" if better == "lower" else ">="
    rows = [r for r in evidence if r.measure == word and r.threshold.unit == "%" and r.family == family
            and is_numeric(r.threshold)]
    return rows if len({r.table for r in rows}) >= rules()["thin_tables"] else []


def _proposal(g: ThresholdGroup, scope: str, of_tables: int, range_group: ThresholdGroup | None = None) -> Proposal:
    where = {"name": "同名指标", "similar": "几乎同名的指标", "measure": "同一计量（如…率、…度）的同类指标",
             "rate": "同类比率指标", "category": "同类指标"}[scope]
    note = f"{where} {of_tables} 张表中 {g.most_common_tables} 张写 {g.most_common}"
    if range_group is not None:
        band = range_group.band()
        low, high = min(band[0], g.most_common_threshold.value), max(band[1], g.most_common_threshold.value)
        span = format_number(low) + (f"–{format_number(high)}" if high != low else "") + "%"
        note += f"；同名的表太少，常见范围取自同样计量的 {range_group.tables} 张表：{span}"
    elif g.typical_range and g.typical_range != g.most_common and g.unit == "%":
        note += f"，一半的表在 {g.typical_range} 之间"
    if g.kind in NUMERIC_KINDS and g.unit != "%" and scope not in ("name", "similar"):
        note += "；数量、金额取决于项目本身，请按本项目的任务量或预算改写"
    elif g.kind == "deadline":
        note += "；时间节点请按本项目的安排改写"
    return Proposal(g.most_common, g.most_common_threshold or parse_threshold(g.most_common), scope,
                    g.most_common_tables, of_tables, g, g.basis, g.basis_raw, note, range_group)


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


