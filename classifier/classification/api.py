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

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from classifier.classification.estimator import IndicatorClassifier
from classifier.classification.explain import _reason
from classifier.classification.features import _unit_tokens, _value_tokens, aligned_columns
from classifier.classification.persistence import load_model
from classifier.vocabulary.segmentation import MAX_TEXT_CHARS, has_cjk, normalize_text

#: How many alternatives :func:`classify` reports.
TOP_ALTERNATIVES = 3


@dataclass
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
    model: IndicatorClassifier | None = None,
    review_cutoff: float | None = None,
    explain: bool = True,
) -> list[Classification]:
    """Classify 三级指标 names; one :class:`Classification` per name, in order.

    Rows that give the model the same input (normalized name and description, the unit
    bracket written in the name, the kind of value) are classified once per call, and exactly as
    :meth:`IndicatorClassifier.predict_proba` classifies them.

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
    model : IndicatorClassifier or None, default None
        The model to use; None → the shipped model (loaded once).
    review_cutoff : float or None, default None
        Results with a probability below it get ``needs_review=True``; None → the cut-off
        stored in the loaded model's metadata (:func:`review_cutoff_of`; a model fitted in
        this process and never saved has none, and then nothing is marked).
    explain : bool, default True
        False leaves ``top_tokens`` empty and ``reason`` "" (a fifth faster; use it when
        only categories and probabilities are wanted).

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
        loaded (see :func:`load_model`).

    Examples
    --------
    >>> from classifier import classify
    >>> result = classify(["预算执行率", "培训人数"])  # doctest: +SKIP
    >>> [r.category for r in result]  # doctest: +SKIP
    ['budget_execution', 'quantity']
    """
    from classifier.core.taxonomy import REGIMES, load_taxonomy

    if regime not in REGIMES:
        raise ValueError(f"unknown regime {regime!r}; expected one of {', '.join(REGIMES)}")
    names, descriptions, values = aligned_columns(names, descriptions, values)
    taxonomy = load_taxonomy()
    results: list[Classification | None] = [None] * len(names)
    todo: dict[tuple[str, str, str, str], list[int]] = {}
    for i, (name, desc, value) in enumerate(zip(names, descriptions, values)):
        norm = normalize_text(name)
        why = _placeholder_reason(name, norm)
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
        else:
            key = (norm, normalize_text(desc) if desc is not None else "", _unit_tokens(name), _value_tokens(value))
            todo.setdefault(key, []).append(i)
    if todo:
        model = model if model is not None else load_model()
        cutoff = review_cutoff if review_cutoff is not None else review_cutoff_of(model)
        keys = list(todo)
        first = [todo[k][0] for k in keys]  # the raw row: its unit bracket and value are features
        X = model._transform([names[i] for i in first], [descriptions[i] for i in first], [values[i] for i in first])
        proba = model._proba_of(X)
        classes = [str(c) for c in model.classes_]
        # post-processing in whole-matrix steps: one argsort, one rounding
        order = np.argsort(-proba, axis=1, kind="stable")[:, :TOP_ALTERNATIVES]
        rounded = np.round(proba, 4).tolist()
        best = order[:, 0].tolist()
        chosen = [classes[b] for b in best]
        tokens = model._explain_rows(X, chosen) if explain else None
        if explain:
            from classifier.vocabulary.keyword_rules import rule_hits
        zh = {c: taxonomy.zh(c) for c in set(chosen)}
        expected = {c: tuple(taxonomy.expected_level2(c, regime)) for c in set(chosen)}
        for j, key in enumerate(keys):
            row = rounded[j]
            alternatives = [(classes[k], row[k]) for k in order[j].tolist()]
            category = chosen[j]
            top = float(proba[j, best[j]])
            reason = _reason(category, top, tokens[j], rule_hits(key[0]), alternatives) if explain else ""
            probabilities = dict(zip(classes, row))
            for i in todo[key]:
                name = names[i]
                cut = explain and isinstance(name, str) and len(name) > MAX_TEXT_CHARS
                results[i] = Classification(
                    name=name,
                    category=category,
                    category_zh=zh[category],
                    probability=row[best[j]],
                    alternatives=list(alternatives),
                    expected_level2=list(expected[category]),
                    top_tokens=list(tokens[j]) if explain else [],
                    reason=reason + (f"; name cut to {MAX_TEXT_CHARS} characters" if cut else ""),
                    probabilities=probabilities if len(todo[key]) == 1 else dict(probabilities),
                    needs_review=cutoff is not None and top < cutoff,
                )
    return results  # type: ignore[return-value]


def review_cutoff_of(model: IndicatorClassifier) -> float | None:
    """The review cut-off in the metadata of a model loaded by :func:`load_model`, or None."""
    value = (getattr(model, "metadata_", None) or {}).get("review_cutoff")
    return float(value) if isinstance(value, (int, float)) else None
