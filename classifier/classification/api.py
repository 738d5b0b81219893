"""The everyday classification API: names in, :class:`Classification` records out.

:func:`classify` gives the 中文名, probability, top-3 alternatives, expected 二级 for a
regime, the tokens that weighed most and a short reason. It uses the shipped model in
``models/`` unless given another one.

Bad input (documented behaviour, never a crash): ``None``, empty or white-space names and
names without any Chinese character (after normalization: Latin text, digits such as
``18.60``, emoji) are classified ``placeholder`` with probability 1.0 and a reason saying
why. Names and descriptions longer than :data:`classifier.vocabulary.segmentation.MAX_TEXT_CHARS`
characters are cut to that length before segmenting (the reason says so).

Example::

    >>> from classifier.classification.api import classify
    >>> result = classify(["完工及时率"])[0]
    >>> result.category, result.category_zh
    ('timeliness', '时效')
"""
from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

from classifier.classification.explain import _reason
from classifier.classification.features import _RULES, _unit_tokens, _value_tokens, aligned_columns, key_columns
from classifier.classification.persistence import load_scorer
from classifier.classification.scorer import Scorer, scorer_of
from classifier.vocabulary.segmentation import MAX_TEXT_CHARS, has_cjk, normalize_text

if TYPE_CHECKING:  # the estimator imports scikit-learn; classify() needs only the Scorer
    from classifier.classification.estimator import IndicatorClassifier

#: How many alternatives :func:`classify` reports.
TOP_ALTERNATIVES = 3
_KEYS_PER_CHUNK = 2048  # distinct rows scored at once
_ROUNDED = [k / 1e4 for k in range(10_001)]  # the probabilities 0.0000 … 1.0000, one object each


@dataclass(slots=True)
class Classification:
    """The category of one 三级指标 name.

    ``name`` is the name as given; ``category`` a taxonomy id and ``category_zh`` its 中文名;
    ``probability`` the model's probability for it (1.0 for rule-decided placeholders);
    ``alternatives`` up to three ``(category_id, probability)`` pairs, the chosen one first;
    ``expected_level2`` the 二级 names the category belongs under in the chosen regime
    (empty for process measures and placeholders); ``top_tokens`` up to five
    ``(token, weight)`` pairs that weighed most for the chosen category; ``reason`` a short
    text a person can check; ``probabilities`` every class's probability
    (``{category_id: p}``, summing to 1; not part of :meth:`to_dict`), which the audit
    uses to weigh all the categories a row could be (R04). ``needs_review`` is True when the
    probability is below the model's review cut-off (``metadata.json`` ``review_cutoff``,
    chosen on the development split of the real tables): such answers are right far less
    often, and a person should look at them.
    """

    name: object
    category: str
    category_zh: str
    probability: float
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    expected_level2: list[str] = field(default_factory=list)
    top_tokens: list[tuple[str, float]] = field(default_factory=list)
    reason: str = ""
    probabilities: dict[str, float] = field(default_factory=dict, repr=False)
    needs_review: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; alternatives and top_tokens become lists of objects."""
        return {
            "name": self.name,
            "category": self.category,
            "category_zh": self.category_zh,
            "probability": round(float(self.probability), 4),
            "alternatives": [{"category": c, "probability": round(float(p), 4)} for c, p in self.alternatives],
            "expected_level2": list(self.expected_level2),
            "top_tokens": [{"token": t, "weight": round(float(w), 4)} for t, w in self.top_tokens],
            "reason": self.reason,
            "needs_review": bool(self.needs_review),
        }


def _placeholder_reason(name: object, normalized: str) -> str | None:
    """Why a name is a placeholder by rule (before the model), or None."""
    if name is None:
        return "name is missing (None)"
    if not isinstance(name, str):
        name = str(name)
    if not name.strip():
        return "name is empty"
    if not normalized:
        return "name holds only numbering, units or template marks"
    if not has_cjk(normalized):
        return "name has no Chinese characters, nothing to classify"
    return None


def classify(
    names: Sequence[object] | str,
    descriptions: Sequence[object] | None = None,
    *,
    values: Sequence[object] | None = None,
    regime: str = "legacy",
    model: IndicatorClassifier | Scorer | None = None,
    review_cutoff: float | None = None,
    explain: bool = True,
    progress: Callable[[str, int, int], object] | None = None,
) -> list[Classification]:
    """Classify 三级指标 names; one :class:`Classification` per name, in order.

    Rows that give the model the same input (normalized name and description, the unit
    bracket written in the name, the kind of value) are classified once per call: each is
    normalized, segmented and matched against the keyword rules once. The probabilities are
    those of :meth:`IndicatorClassifier.predict_proba`, computed by the model's numpy
    :class:`~classifier.classification.scorer.Scorer` (no scikit-learn needed; they agree to
    1e-9 and better on every name the project ships).

    Parameters
    ----------
    names : sequence of str or str
        The 三级指标 names, length n (None allowed; a single str is treated as one name).
    descriptions : sequence of str, optional (same length as names)
        None or the rows' descriptions (None / "" where missing).
    values : sequence of str, optional (same length as names)
        None or the rows' 指标值 (a value says how the row is measured).
    regime : str, default "legacy"
        ``"legacy"`` or ``"central2021"`` (for ``expected_level2``).
    model : IndicatorClassifier or Scorer or None, default None
        The model to use; None → the shipped model (its ``scorer.npz``, loaded once per
        process by :func:`~classifier.classification.persistence.load_scorer`).
    review_cutoff : float or None, default None
        Results with a probability below it get ``needs_review=True``; None → the cut-off
        stored in the loaded model's metadata (:func:`review_cutoff_of`; a model fitted in
        this process and never saved has none, and then nothing is marked).
    explain : bool, default True
        False leaves ``top_tokens`` empty and ``reason`` "" (faster, and the feature names are
        never built; use it when only categories and probabilities are wanted).
    progress : callable or None, default None
        ``progress("classify", done, total)``: ``total`` is the number of names, ``done`` how
        many have their result; called once the names are keyed (``done`` = those decided by
        rule) and after each chunk of up to 2,048 distinct rows the model scores, so ``done``
        grows to ``total`` in a few calls (a bar for long lists, at no measurable cost).

    Returns
    -------
    list of Classification
        One per name, in order (length n): category id and 中文名, probability, up to three
        alternatives, expected 二级, top tokens, reason, every class's probability and
        ``needs_review``.

    Raises
    ------
    ValueError
        For an unknown ``regime``, or when ``descriptions`` / ``values`` differ in length
        from ``names``.
    classifier.core.errors.ModelError
        When ``model`` is None, a name needs the model, and the shipped model cannot be
        loaded (see :func:`~classifier.classification.persistence.load_scorer`).

    Examples
    --------
    >>> from classifier import classify
    >>> result = classify(["预算执行率", "培训人数"])  # doctest: +SKIP
    >>> [r.category for r in result]  # doctest: +SKIP
    ['budget_execution', 'quantity']
    """
    from classifier.core.taxonomy import REGIMES

    if regime not in REGIMES:
        raise ValueError(f"未知的体系“{regime}”（应为 {'、'.join(REGIMES)} 之一）")
    names, descriptions, values = aligned_columns(names, descriptions, values)
    # A batch makes some ten small objects per name and frees them by reference counting; the
    # cycle collector, run every few hundred allocations, would walk them again and again (a
    # fifth of the time on 10,000 names, measured). Switched off for the call, as it was after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _classify(names, descriptions, values, regime, model, review_cutoff, explain, progress)
    finally:
        if collecting:
            gc.enable()


def _classify(names: list[object], descriptions: list[object], values: list[object], regime: str,
              model: "IndicatorClassifier | Scorer | None", review_cutoff: float | None, explain: bool,
              progress: Callable[[str, int, int], object] | None = None) -> list[Classification]:
    from classifier.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    results: list[Classification | None] = [None] * len(names)
    todo: dict[tuple[str, str, str, str], list[int]] = {}
    units_of: dict[tuple[str, ...], str] = {}  # the tokens of each unit bracket and value, once per call
    values_of: dict[str, str] = {}
    for i, (name, desc, value) in enumerate(zip(names, descriptions, values)):
        norm = normalize_text(name)
        why = None if norm and has_cjk(norm) else _placeholder_reason(name, norm)
        if why:
            results[i] = Classification(
                name=name,
                category="placeholder",
                category_zh=taxonomy.zh("placeholder"),
                probability=1.0,
                alternatives=[("placeholder", 1.0)],
                expected_level2=list(taxonomy.expected_level2("placeholder", regime)),
                top_tokens=[],
                reason=why,
                probabilities={"placeholder": 1.0},
            )
            continue
        # the row's key is all the model reads of it (features.row_key): the unit bracket of
        # the name as written and the kind of value are part of it
        key = (norm, "" if desc is None or desc.__class__ is str and not desc else normalize_text(desc),
               _unit_tokens(name, units_of) if isinstance(name, str) and ("(" in name or "（" in name) else "",
               "" if value is None or value.__class__ is str and not value else _value_tokens(value, values_of))
        rows = todo.get(key)
        if rows is None:
            todo[key] = [i]
        else:
            rows.append(i)
    done = len(names) - sum(map(len, todo.values())) if progress is not None else 0  # the rows decided by rule
    if progress is not None:
        progress("classify", done, len(names))
    if not todo:
        return results  # type: ignore[return-value]
    scorer = load_scorer() if model is None else scorer_of(model)
    cutoff = review_cutoff if review_cutoff is not None else review_cutoff_of(model if model is not None else scorer)
    classes = [str(c) for c in scorer.classes_]
    rules = _rules_by_id() if explain else {}
    zh: dict[str, str] = {}
    expected: dict[str, tuple[str, ...]] = {}
    # one (category, probability) tuple per class and rounded value (at class · 10,001 + value
    # · 10⁴): they repeat across rows
    n_values = len(_ROUNDED)
    pairs: list[tuple[str, float] | None] = [None] * (len(classes) * n_values)
    rounded = _ROUNDED.__getitem__
    keys: list = list(todo)
    for first in range(0, len(keys), _KEYS_PER_CHUNK):  # chunks bound the memory the arrays take
        chunk = keys[first:first + _KEYS_PER_CHUNK]
        keys[first:first + len(chunk)] = [None] * len(chunk)  # the keys of rows done are freed as results are made
        columns = key_columns(chunk)  # each distinct row normalized, segmented and ruled once
        X = scorer.transform(columns)
        proba = scorer.proba(X)
        # post-processing in whole-matrix steps: one argsort, one rounding
        order = np.argsort(-proba, axis=1, kind="stable")[:, :TOP_ALTERNATIVES]
        # probabilities rounded to 4 decimals as np.round does (rint(p · 10⁴) / 10⁴), each value one object
        tenths = np.rint(proba * 1e4).astype(np.int64)
        alternative_ids = order * n_values + np.take_along_axis(tenths, order, axis=1)
        for pair in np.unique(alternative_ids).tolist():
            if pairs[pair] is None:
                pairs[pair] = (classes[pair // n_values], _ROUNDED[pair % n_values])
        best = order[:, 0]
        rows = np.arange(len(chunk))
        tops = proba[rows, best].tolist()
        top_rounded = list(map(rounded, tenths[rows, best].tolist()))
        chosen = list(map(classes.__getitem__, best.tolist()))
        tenths = tenths.tolist()
        alternative_ids = alternative_ids.tolist()
        tokens = scorer.explain(X, chosen) if explain else None
        for category in set(chosen) - set(zh):
            zh[category] = taxonomy.zh(category)
            expected[category] = tuple(taxonomy.expected_level2(category, regime))
        for j, key in enumerate(chunk):
            alternatives = list(map(pairs.__getitem__, alternative_ids[j]))
            category = chosen[j]
            top = tops[j]
            if explain:
                rule_ids = columns[j][_RULES].split()
                hits = [rules[rule_ids[1]]] if len(rule_ids) > 1 else []  # the first rule hitting the name
                reason = _reason(category, top, tokens[j], hits, alternatives)
                top_tokens = tokens[j]
            else:
                reason = ""
                top_tokens = []
            probabilities = dict(zip(classes, map(rounded, tenths[j])))
            review = cutoff is not None and top < cutoff
            shared = todo.pop(key)
            if len(shared) == 1:
                i = shared[0]
                name = names[i]
                results[i] = Classification(
                    name, category, zh[category], top_rounded[j], alternatives, list(expected[category]), top_tokens,
                    reason + f"; name cut to {MAX_TEXT_CHARS} characters"
                    if explain and isinstance(name, str) and len(name) > MAX_TEXT_CHARS else reason,
                    probabilities, review)
            else:
                for i in shared:
                    name = names[i]
                    cut = explain and isinstance(name, str) and len(name) > MAX_TEXT_CHARS
                    results[i] = Classification(
                        name, category, zh[category], top_rounded[j], list(alternatives), list(expected[category]),
                        list(top_tokens), reason + f"; name cut to {MAX_TEXT_CHARS} characters" if cut else reason,
                        dict(probabilities), review)
            done += len(shared)
        if progress is not None:
            progress("classify", done, len(names))
    return results  # type: ignore[return-value]


def _rules_by_id() -> dict[str, Any]:
    from classifier.vocabulary.keyword_rules import load_rules

    return {rule.id: rule for rule in load_rules()}


def review_cutoff_of(model: "IndicatorClassifier | Scorer") -> float | None:
    """The review cut-off in the metadata of a model loaded by :func:`load_model` or
    :func:`load_scorer`, or None."""
    value = (getattr(model, "metadata_", None) or {}).get("review_cutoff")
    return float(value) if isinstance(value, (int, float)) else None
