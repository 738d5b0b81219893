"""The scikit-learn estimator behind the classifier: :class:`IndicatorClassifier`.

``fit(names, y, descriptions=..., values=...)`` / ``predict`` / ``predict_proba`` /
``classes_``; the fitted :class:`~sklearn.pipeline.Pipeline` (a ColumnTransformer named
``features`` over :func:`classifier.classification.features.feature_columns`, then a
multinomial LogisticRegression named ``logreg``) is ``pipeline_``.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from classifier.classification.features import (
    _CHARS, _DESC, _FIELD_LABEL, _HEAD, _RULES, _UNITS, _VALUE, _WORDS, feature_columns,
)

TOP_TOKENS = 5


class IndicatorClassifier(ClassifierMixin, BaseEstimator):
    """scikit-learn estimator: 三级指标 names (+ descriptions) → category ids.

    The defaults were chosen on development sets only: most of them on the held-out project
    types of the curated phrasings (model 0.1), and ``class_weight``, ``rule_weight`` and
    ``value_weight`` on leave-one-organisation-out over the development split of the real
    tables (model 0.2; ``benchmarks/real_tables_dev.py``, ``docs/classifier_history.md``).

    Parameters
    ----------
    C : float, default 30.0
        Inverse regularization strength of the logistic regression.
    word_weight : float, default 0.5
        Weight of the jieba word n-grams of the name (0 = ignore).
    char_weight : float, default 1.0
        Weight of the character n-grams of the name (0 = ignore).
    word_ngram_range : tuple of (int, int), default (1, 2)
        N-gram range over jieba words of the name.
    char_ngram_range : tuple of (int, int), default (1, 3)
        N-gram range over characters of the normalized name.
    description_weight : float, default 0.5
        Weight of the description field relative to the name (0 = ignore).
    rule_weight : float, default 0.5
        Weight of the keyword-rule hit features (0 = ignore).
    head_weight : float, default 0.25
        Weight of the name-ending features (last word, last 1-3 characters).
    unit_weight : float, default 0.5
        Weight of the unit-bracket features (``培训人数（人次）`` → a count; 0 = ignore).
    value_weight : float, default 0.5
        Weight of the 指标值 features (``≥5组`` → a count; 0 = ignore); only rows given
        a value (``values=``) carry them.
    description_copies : float, default 1.0
        Sample weight of an extra, name-less copy of every training example that has a
        description (0 = none). Without these copies the model learns almost nothing from
        descriptions, because the names already separate the training data; with them the
        description carries weight when the name is vague.
    class_weight : str or None, default None
        Passed to LogisticRegression (``"balanced"`` or None; None since model 0.2:
        real tables are a third ``quantity``, and balancing cost 3 points there).
    max_iter : int, default 3000
        LogisticRegression's iteration limit.
    temperature : float, default 0.9
        Probabilities are the softmax of the logistic regression's logits divided by this
        (> 0; 1 = the regression's own probabilities, below 1 = more confident). It
        changes no prediction, only how sure the probabilities say the model is.

    Attributes
    ----------
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted Pipeline of a ColumnTransformer named ``features`` and a
        LogisticRegression named ``logreg``.
    classes_ : ndarray of str, shape (n_classes,)
        The category ids, in the column order of :meth:`predict_proba`.
    n_features_ : int
        The number of features the logistic regression sees.
    metadata_ : dict
        Only on models from :func:`load_model`: the checked ``metadata.json``.

    Methods
    -------
    fit(names, y, *, descriptions=None, values=None, sample_weight=None)
        Takes sequences of str (None allowed) of length n and n category ids; returns self.
    predict_proba(names, *, descriptions=None, values=None)
        An ``(n, len(classes_))`` float array whose columns follow ``classes_``; rows sum to 1.
    predict(names, *, descriptions=None, values=None)
        The most probable category id per name, shape ``(n,)``.
    explain(names, categories, *, descriptions=None, top=5)
        Per name, up to ``top`` ``(token, weight)`` pairs that pushed toward its category.

    Examples
    --------
    >>> from classifier import IndicatorClassifier
    >>> model = IndicatorClassifier().fit(["培训人数", "满意度", "完成率", "参训人次"],
    ...                                   ["quantity", "satisfaction", "completion", "quantity"])
    >>> model.predict_proba(["培训人数"]).shape
    (1, 3)
    >>> [str(c) for c in model.classes_]
    ['completion', 'quantity', 'satisfaction']
    """

    def __init__(
        self,
        *,
        C: float = 30.0,
        word_weight: float = 0.5,
        char_weight: float = 1.0,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (1, 3),
        description_weight: float = 0.5,
        rule_weight: float = 0.5,
        head_weight: float = 0.25,
        unit_weight: float = 0.5,
        value_weight: float = 0.5,
        description_copies: float = 1.0,
        class_weight: str | None = None,
        max_iter: int = 3000,
        temperature: float = 0.9,
    ):
        self.C = C
        self.word_weight = word_weight
        self.char_weight = char_weight
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.description_weight = description_weight
        self.rule_weight = rule_weight
        self.head_weight = head_weight
        self.unit_weight = unit_weight
        self.value_weight = value_weight
        self.description_copies = description_copies
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.temperature = temperature

    def _build_pipeline(self, columns: np.ndarray):
        from sklearn.compose import ColumnTransformer
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline

        def has_text(col: int) -> bool:
            return any(columns[:, col])

        def tokens() -> CountVectorizer:  # binary tokens of the rule, head and unit columns
            return CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True)

        # (block name, weight, column, vectorizer factory, needs text in that column)
        blocks = [
            ("word", self.word_weight, _WORDS, lambda: TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=tuple(self.word_ngram_range), sublinear_tf=True), True),
            ("char", self.char_weight, _CHARS, lambda: TfidfVectorizer(analyzer="char", lowercase=False, ngram_range=tuple(self.char_ngram_range), sublinear_tf=True), False),
            ("desc", self.description_weight, _DESC, lambda: TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True), True),
            ("rule", self.rule_weight, _RULES, tokens, True),
            ("head", self.head_weight, _HEAD, tokens, True),
            ("unit", self.unit_weight, _UNITS, tokens, True),
            ("value", self.value_weight, _VALUE, tokens, True),
        ]
        transformers = []
        weights = {}
        for name, weight, column, vectorizer, needs_text in blocks:
            if weight > 0 and (has_text(column) or not needs_text):
                transformers.append((name, vectorizer(), column))
                weights[name] = float(weight)
        if not transformers:
            raise ValueError("没有可用的特征块：word_weight、char_weight、description_weight、rule_weight、head_weight 和 unit_weight 都是 0")
        features = ColumnTransformer(transformers, transformer_weights=weights, sparse_threshold=1.0)
        logreg = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        return Pipeline([("features", features), ("logreg", logreg)])

    def fit(self, names: Sequence[object], y: Sequence[str], *, descriptions: Sequence[object] | None = None,
            values: Sequence[object] | None = None, sample_weight: Sequence[float] | None = None) -> "IndicatorClassifier":
        """Fit on ``names`` (n str) with labels ``y`` (n category ids), optional ``descriptions``
        and 指标值 ``values`` (n str each) and per-example ``sample_weight`` (n floats ≥ 0,
        default 1); returns self."""
        columns = feature_columns(names, descriptions, values)
        y = np.asarray(list(y), dtype=object)
        if len(y) != len(columns):
            raise ValueError(f"名称有 {len(columns)} 个，标注却有 {len(y)} 个")
        if len(set(y)) < 2:
            raise ValueError("训练至少需要两个不同的类别")
        if not any(columns[:, _CHARS]):
            raise ValueError("规范化后所有名称都是空的")
        if not self.temperature > 0:
            raise ValueError(f"temperature 应大于 0，而不是 {self.temperature!r}")
        weights = np.ones(len(y)) if sample_weight is None else np.asarray(list(sample_weight), dtype=float)
        if len(weights) != len(y):
            raise ValueError(f"标注有 {len(y)} 个，样本权重却有 {len(weights)} 个")
        if self.description_copies > 0:
            described = np.flatnonzero(columns[:, _DESC] != "")
            if len(described):
                copies = columns[described].copy()
                copies[:, [_WORDS, _CHARS, _RULES, _HEAD, _UNITS, _VALUE]] = ""
                columns = np.vstack([columns, copies])
                y = np.concatenate([y, y[described]])
                weights = np.concatenate([weights, weights[described] * float(self.description_copies)])
        self.pipeline_ = self._build_pipeline(columns)
        self.pipeline_.fit(columns, y, logreg__sample_weight=weights)
        # The coefficients are dense (n_classes × n_features) and most of the model file:
        # stored as float32 they take half the space; probabilities move by < 1e-7.
        logreg = self.pipeline_.named_steps["logreg"]
        logreg.coef_ = logreg.coef_.astype(np.float32)
        logreg.intercept_ = logreg.intercept_.astype(np.float32)
        self.classes_ = self.pipeline_.classes_
        self.n_features_ = int(self.pipeline_.named_steps["logreg"].coef_.shape[1])
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "pipeline_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("这个 IndicatorClassifier 还没有训练：请先调用 fit(names, y)")

    def predict_proba(self, names: Sequence[object], *, descriptions: Sequence[object] | None = None,
                      values: Sequence[object] | None = None) -> np.ndarray:
        """Class probabilities, shape ``(n, len(classes_))``; rows sum to 1."""
        return self._proba_of(self._transform(names, descriptions, values))

    def _transform(self, names: Sequence[object], descriptions: Sequence[object] | None, values: Sequence[object] | None = None):
        """The fitted feature matrix of ``names``: scipy CSR, shape ``(n, n_features_)``."""
        from scipy import sparse

        self._check_fitted()
        columns = feature_columns(names, descriptions, values)
        if len(columns) == 0:
            return sparse.csr_matrix((0, self.n_features_))
        return self.pipeline_.named_steps["features"].transform(columns).tocsr()

    def _proba_of(self, X) -> np.ndarray:
        """Probabilities for rows of :meth:`_transform`, shape ``(n, len(classes_))``."""
        if X.shape[0] == 0:
            return np.zeros((0, len(self.classes_)))
        logreg = self.pipeline_.named_steps["logreg"]
        temperature = getattr(self, "temperature", 1.0)  # models saved before the parameter existed
        if temperature == 1.0:
            return logreg.predict_proba(X)
        from scipy.special import softmax

        logits = logreg.decision_function(X)
        if logits.ndim == 1:  # two classes: p(classes_[1]) = sigmoid(z) = softmax([0, z])
            logits = np.column_stack([np.zeros_like(logits), logits])
        return softmax(logits / temperature, axis=1)

    def predict(self, names: Sequence[object], *, descriptions: Sequence[object] | None = None,
                values: Sequence[object] | None = None) -> np.ndarray:
        """The most probable category id per name, shape ``(n,)``."""
        proba = self.predict_proba(names, descriptions=descriptions, values=values)
        return self.classes_[np.argmax(proba, axis=1)] if len(proba) else np.array([], dtype=object)

    def score(self, names: Sequence[object], y: Sequence[str], sample_weight=None, *, descriptions: Sequence[object] | None = None) -> float:
        """Accuracy on ``names`` against ``y``."""
        pred = self.predict(names, descriptions=descriptions)
        if not len(pred):
            return 0.0
        return float(np.average(pred == np.asarray(list(y), dtype=object), weights=sample_weight))

    def explain(self, names: Sequence[object], categories: Sequence[str], *, descriptions: Sequence[object] | None = None, top: int = TOP_TOKENS) -> list[list[tuple[str, float]]]:
        """Per name, the features that pushed hardest toward ``categories[i]``.

        A feature's weight is its value times the logistic-regression coefficient for that
        class, minus the mean coefficient over classes (what it adds to this class's logit
        relative to the others). Returns up to ``top`` ``(token, weight)`` pairs with
        positive weight, strongest first. Tokens are words as they are; other fields are
        prefixed ``字:`` (character n-gram), ``描述:`` (description word), ``规则:`` (keyword rule),
        ``尾:`` (name ending), ``单位:`` (unit bracket).
        """
        return self._explain_rows(self._transform(names, descriptions), categories, top=top)

    def _explain_rows(self, X, categories: Sequence[str], *, top: int = TOP_TOKENS) -> list[list[tuple[str, float]]]:
        """:meth:`explain` for the rows of a matrix from :meth:`_transform` (CSR); the same
        arithmetic as the numpy scorer's (:func:`classifier.classification.scorer.top_contributions`)."""
        from classifier.classification.scorer import relative_coefficients, top_contributions

        index = {c: k for k, c in enumerate(self.classes_)}
        wanted = np.array([index.get(c, -1) for c in categories], dtype=np.int64)
        relative = relative_coefficients(self.pipeline_.named_steps["logreg"].coef_)
        return top_contributions(X.indptr, X.indices, X.data, relative, wanted, self._feature_names(), top=top)

    def _feature_names(self) -> list[str]:
        cached = getattr(self, "_feature_names_cache", None)
        if cached is None:
            raw = self.pipeline_.named_steps["features"].get_feature_names_out()
            cached = []
            for name in raw:
                field_name, _, token = str(name).partition("__")
                cached.append(_FIELD_LABEL.get(field_name, field_name + ":") + token)
            self._feature_names_cache = cached
        return cached

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_feature_names_cache", None)
        return state
