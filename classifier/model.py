"""The indicator classifier: 三级指标 name (+ description) → canonical category.

Two layers:

* :class:`IndicatorClassifier` — a scikit-learn estimator for researchers who retrain.
  ``fit(names, y, descriptions=...)`` / ``predict`` / ``predict_proba`` / ``classes_``;
  the fitted scikit-learn :class:`~sklearn.pipeline.Pipeline` is ``pipeline_``.
* :func:`classify` — the everyday API: names in, :class:`Classification` records out,
  with the 中文名, probability, top-3 alternatives, expected 二级 for a regime, the tokens
  that weighed most, and a short reason. It uses the shipped model in ``models/`` unless
  given another one.

Features (all computed before the pipeline, so the fitted pipeline holds no callables and
pickles safely): the estimator normalizes and segments the text itself
(:mod:`classifier.segmentation`) and feeds the pipeline a 2-D object array with six text
columns (:func:`feature_columns`) — jieba words of the name (space-joined; uni- and
bigrams), the normalized name (character 1–3-grams), the description's words (a separate,
down-weighted field), the ids of the keyword rules that hit the name
(:mod:`classifier.keyword_rules`), the name's ending (last word, last 1–3 characters) and
the unit written in brackets after the name (its kind and the unit, :func:`_unit_tokens`) —
vectorized by TF-IDF / count vectorizers with a whitespace ``token_pattern`` and weighed
by a ColumnTransformer, then a class-balanced multinomial logistic regression. Training
examples with a description also enter once without their name (``description_copies``).

Bad input (documented behaviour, never a crash): in :func:`classify`, ``None``, empty or
white-space names and names without any Chinese character (after normalization: Latin
text, digits such as ``18.60``, emoji) are classified ``placeholder`` with probability 1.0
and a reason saying why. Names and descriptions longer than
:data:`classifier.segmentation.MAX_TEXT_CHARS` characters are cut to that length before
segmenting (the reason says so). ``IndicatorClassifier`` itself treats None as "".

Example::

    >>> from classifier.model import classify
    >>> result = classify(["完工及时率"])[0]
    >>> result.category, result.category_zh
    ('timeliness', '时效')
"""
from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .errors import ModelError
from .segmentation import MAX_TEXT_CHARS, bracket_contents, has_cjk, normalize_text, segment_normalized

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
MODEL_FORMAT = "zhibiao-indicator-classifier"
MODEL_FORMAT_VERSION = 4  # 2: five feature columns (name head added); 3: six (unit bracket added); 4: seven (指标值 added)

#: How many alternatives and explaining tokens :func:`classify` reports.
TOP_ALTERNATIVES = 3
TOP_TOKENS = 5

# Column order of the array fed to the pipeline.
_WORDS, _CHARS, _DESC, _RULES, _HEAD, _UNITS, _VALUE = 0, 1, 2, 3, 4, 5, 6
_FIELD_LABEL = {"word": "", "char": "字:", "desc": "描述:", "rule": "规则:", "head": "尾:", "unit": "单位:", "value": "指标值:"}
N_COLUMNS = 7
#: Unit kinds (:mod:`classifier.thresholds`) that a bracket after a name may give.
UNIT_KINDS = frozenset({"rate", "count", "money", "area", "duration", "measure"})
HEAD_CHARS = (1, 2, 3)  # name-ending character features: last 1, 2 and 3 characters


# --------------------------------------------------------------------------- estimator


def _as_list(values: Iterable[object] | None, n: int | None = None) -> list[object]:
    if values is None:
        return [None] * (n or 0)
    if isinstance(values, str):
        return [values]
    return list(values)


def _rule_ids(normalized: str) -> str:
    from .keyword_rules import rule_hits

    hits = rule_hits(normalized)
    # The first hit is what the rule baseline would answer: its category is a feature of
    # its own (``cat_<category>``), next to the ids of all rules that hit.
    return " ".join([f"cat_{hits[0].category}"] + [h.id for h in hits]) if hits else ""


def _head_tokens(words: list[str], compact: str) -> str:
    """The end of the name: its last word and its last 1-3 characters.

    Chinese noun phrases are head-final (…合格率, …满意度, …面积), so the end of a name
    says most about what it measures, also for words never seen in training.
    """
    if not compact:
        return ""
    out = [f"w_{words[-1]}"] if words else []
    out += [f"c{k}_{compact[-k:]}" for k in HEAD_CHARS if len(compact) >= k]
    return " ".join(out)


def _unit_tokens(name: object) -> str:
    """The unit written in brackets in the name, as tokens: its kind (``count``, ``money``,
    ``rate``, ``duration``, ``area``, ``measure``; see :mod:`classifier.thresholds`) and the
    unit itself, for each bracket holding a unit, plus ``per_unit`` for ``元/人``-style units.

    ``培训人次（人次）`` → ``"count 人次"``; ``补助标准（元/人）`` → ``"money 元 per_unit"``.
    Normalization removes such brackets from the name; the unit says how the indicator is
    measured (a count, an amount of money, a rate, a duration …), which is evidence of its
    category that the words alone may not give.
    """
    contents = bracket_contents(name)
    if not contents:
        return ""
    from .thresholds import parse_threshold

    tokens: list[str] = []
    for content in contents:
        numerator, slash, _ = content.partition("/")
        parsed = parse_threshold(numerator.strip("*＊ "))
        if parsed.kind not in UNIT_KINDS or not parsed.unit:
            continue
        tokens += [parsed.kind, parsed.unit] + (["per_unit"] if slash else [])
    return " ".join(dict.fromkeys(tokens))


def _value_tokens(value: object) -> str:
    """What the 指标值 says about how the row is measured, as tokens: its kind (``kind_count``,
    ``kind_rate``, ``kind_money``, ``kind_deadline``, ``kind_boolean``, ``kind_qualitative`` …;
    :func:`classifier.thresholds.parse_threshold`), its unit (``unit_组``), ``per_unit`` for
    ``元/亩``-style units and the direction (``dir_>=``). "" for an empty value.

    ``≥5组`` → ``"kind_count unit_组 dir_>="``; ``300元/亩`` → ``"kind_money unit_元/亩 per_unit dir_="``.
    """
    if value is None or not str(value).strip():
        return ""
    from .thresholds import parse_threshold

    parsed = parse_threshold(str(value)[:MAX_TEXT_CHARS])
    if parsed.kind in ("missing", "empty"):
        return ""
    tokens = [f"kind_{parsed.kind}"]
    if parsed.unit:
        tokens.append(f"unit_{parsed.unit}".replace(" ", ""))
        if "/" in parsed.unit:
            tokens.append("per_unit")
    if parsed.direction and parsed.direction != "none":
        tokens.append(f"dir_{parsed.direction}")
    return " ".join(tokens)


def feature_columns(names: Sequence[object], descriptions: Sequence[object] | None = None,
                    values: Sequence[object] | None = None) -> np.ndarray:
    """The text columns the pipeline reads, shape ``(n, 7)``, dtype object.

    Columns: jieba words of the normalized name (space-joined), the normalized name with
    spaces removed (for character n-grams), the description's words (space-joined),
    the ids of the keyword rules hitting the name (space-joined; ``cat_<category>`` is
    the category the first hitting rule gives, i.e. the rule baseline's answer), and the
    head of the name (``w_<last word>``, ``c1_``/``c2_``/``c3_<last characters>``), and the
    unit written in brackets in the name (:func:`_unit_tokens`; "" when there is none), and the
    tokens of the row's 指标值 (:func:`_value_tokens`; "" when ``values`` is None or a value is empty).
    """
    names = _as_list(names)
    descriptions = _as_list(descriptions, len(names))
    values = _as_list(values, len(names))
    if len(descriptions) != len(names):
        raise ValueError(f"got {len(names)} names but {len(descriptions)} descriptions")
    if len(values) != len(names):
        raise ValueError(f"got {len(names)} names but {len(values)} values")
    out = np.empty((len(names), N_COLUMNS), dtype=object)
    for i, (name, desc, value) in enumerate(zip(names, descriptions, values)):
        norm = normalize_text(name)
        words = segment_normalized(norm)
        compact = norm.replace(" ", "")
        out[i, _WORDS] = " ".join(words)
        out[i, _CHARS] = compact
        out[i, _DESC] = " ".join(segment_normalized(normalize_text(desc)))
        out[i, _RULES] = _rule_ids(norm)
        out[i, _HEAD] = _head_tokens(words, compact)
        out[i, _UNITS] = _unit_tokens(name)
        out[i, _VALUE] = _value_tokens(value)
    return out


class IndicatorClassifier(ClassifierMixin, BaseEstimator):
    """scikit-learn estimator: 三级指标 names (+ descriptions) → category ids.

    Parameters
    ----------
    C : inverse regularization strength of the logistic regression.
    word_weight : weight of the jieba word n-grams of the name (0 = ignore).
    char_weight : weight of the character n-grams of the name (0 = ignore).
    word_ngram_range : n-gram range over jieba words of the name.
    char_ngram_range : n-gram range over characters of the normalized name.
    description_weight : weight of the description field relative to the name (0 = ignore).
    rule_weight : weight of the keyword-rule hit features (0 = ignore).
    head_weight : weight of the name-ending features (last word, last 1-3 characters).
    unit_weight : weight of the unit-bracket features (``培训人数（人次）`` → a count; 0 = ignore).
    value_weight : weight of the 指标值 features (``≥5组`` → a count; 0 = ignore); only rows given
        a value (``values=``) carry them.
    description_copies : sample weight of an extra, name-less copy of every training
        example that has a description (0 = none). Without these copies the model learns
        almost nothing from descriptions, because the names already separate the training
        data; with them the description carries weight when the name is vague.
    class_weight : passed to LogisticRegression (``"balanced"`` or None; None since model 0.2:
        real tables are a third ``quantity``, and balancing cost 3 points there).
    max_iter : LogisticRegression's iteration limit.
    temperature : probabilities are the softmax of the logistic regression's logits divided
        by this (> 0; 1 = the regression's own probabilities, below 1 = more confident). It
        changes no prediction, only how sure the probabilities say the model is.

    The defaults were chosen on development sets only: most of them on the held-out project
    types of the curated phrasings (model 0.1), and ``class_weight``, ``rule_weight`` and
    ``value_weight`` on leave-one-organisation-out over the development split of the real
    tables (model 0.2; ``benchmarks/real_tables_dev.py``, ``docs/classifier_history.md``).

    ``fit(names, y, *, descriptions=None)`` takes sequences of str (None allowed) of length
    n and n category ids; ``predict_proba`` returns an ``(n, len(classes_))`` float array whose
    columns follow ``classes_``. Learned attributes: ``pipeline_`` (a fitted Pipeline of a
    ColumnTransformer named ``features`` and a LogisticRegression named ``logreg``),
    ``classes_``, ``n_features_``.
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
            raise ValueError("no feature block left: word_weight, char_weight, description_weight, rule_weight, head_weight and unit_weight are all 0")
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
            raise ValueError(f"got {len(columns)} names but {len(y)} labels")
        if len(set(y)) < 2:
            raise ValueError("need at least two different categories to fit")
        if not any(columns[:, _CHARS]):
            raise ValueError("all names are empty after normalization")
        if not self.temperature > 0:
            raise ValueError(f"temperature must be > 0, got {self.temperature!r}")
        weights = np.ones(len(y)) if sample_weight is None else np.asarray(list(sample_weight), dtype=float)
        if len(weights) != len(y):
            raise ValueError(f"got {len(y)} labels but {len(weights)} sample weights")
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

            raise NotFittedError("this IndicatorClassifier is not fitted yet; call fit(names, y) first")

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
        """:meth:`explain` for the rows of a matrix from :meth:`_transform` (CSR)."""
        feature_names = self._feature_names()
        coef = self.pipeline_.named_steps["logreg"].coef_
        if coef.shape[0] == 1:  # binary problem: one row for classes_[1]
            coef = np.vstack([-coef[0], coef[0]])
        relative = coef - coef.mean(axis=0, keepdims=True)
        index = {c: k for k, c in enumerate(self.classes_)}
        out = []
        for i, category in enumerate(categories):
            start, end = X.indptr[i], X.indptr[i + 1]
            k = index.get(category)
            if k is None or start == end:
                out.append([])
                continue
            columns = X.indices[start:end]
            contrib = X.data[start:end] * relative[k, columns]
            order = np.argsort(-contrib)[:top]
            out.append([(feature_names[columns[j]], round(float(contrib[j]), 4)) for j in order if contrib[j] > 0])
        return out

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


# --------------------------------------------------------------------------- persistence


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions recorded in the metadata (sklearn, numpy, jieba, joblib, zhibiao, python)."""
    import platform

    import jieba
    import joblib
    import sklearn

    from . import __version__

    return {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "jieba": jieba.__version__,
        "joblib": joblib.__version__,
        "zhibiao": __version__,
        "python": platform.python_version(),
    }


def save_model(model: IndicatorClassifier, out_dir: str | Path, *, metadata: dict[str, Any] | None = None) -> Path:
    """Write ``model.joblib`` and ``metadata.json`` into ``out_dir`` (created); return the dir.

    ``metadata`` adds fields (training data hashes, evaluation figures, dates …) to the ones
    written here: format, taxonomy version, classes, model sha256 and size, library versions,
    estimator parameters.
    """
    import joblib

    from .taxonomy import load_taxonomy

    if not hasattr(model, "pipeline_"):
        raise ModelError("cannot save an unfitted IndicatorClassifier")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model_path = out / MODEL_FILE
    joblib.dump(model, model_path, compress=3)
    meta: dict[str, Any] = {
        "format": MODEL_FORMAT,
        "format_version": MODEL_FORMAT_VERSION,
        "taxonomy_version": load_taxonomy().version,
        "classes": [str(c) for c in model.classes_],
        "model_file": MODEL_FILE,
        "model_sha256": sha256_file(model_path),
        "model_bytes": model_path.stat().st_size,
        "library_versions": library_versions(),
        "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()},
    }
    meta.update(metadata or {})
    with open(out / METADATA_FILE, "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return out


def _major_minor(version: str) -> str:
    return ".".join(str(version).split(".")[:2])


def read_metadata(path: str | Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Find and check a model's metadata without unpickling anything.

    ``path`` is a model folder or its ``model.joblib`` (default: the shipped ``models/``).
    Returns ``(model_file, metadata)``. Raises :class:`ModelError` (one line) when a file
    is missing, the metadata is foreign, or the model file, taxonomy version or
    scikit-learn version does not match.
    """
    import sklearn

    from .taxonomy import load_taxonomy

    from .paths import default_model_dir

    target = Path(path) if path is not None else default_model_dir()
    names_a_file = target.suffix in (".joblib", ".json") or target.is_file()
    folder = target.parent if names_a_file else target
    model_file = target if names_a_file and target.name != METADATA_FILE else folder / MODEL_FILE
    meta_file = folder / METADATA_FILE
    if not folder.exists():
        raise ModelError(f"{folder}: no such model folder — train one with `zhibiao train --out {folder}`")
    if not model_file.is_file():
        raise ModelError(f"{model_file}: model file missing — train one with `zhibiao train`")
    if not meta_file.is_file():
        raise ModelError(f"{meta_file}: metadata missing — not a zhibiao model folder; retrain with `zhibiao train`")
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"{meta_file}: unreadable metadata ({type(err).__name__})") from None
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        raise ModelError(f"{meta_file}: not zhibiao model metadata (format {meta.get('format') if isinstance(meta, dict) else None!r})")
    if meta.get("format_version") != MODEL_FORMAT_VERSION:
        raise ModelError(f"{meta_file}: model format v{meta.get('format_version')}, this library reads v{MODEL_FORMAT_VERSION} — retrain with `zhibiao train`")
    taxonomy_version = load_taxonomy().version
    if str(meta.get("taxonomy_version")) != taxonomy_version:
        raise ModelError(
            f"{model_file}: trained for taxonomy v{meta.get('taxonomy_version')}, this library uses v{taxonomy_version} — retrain with `zhibiao train`"
        )
    trained_sklearn = str(meta.get("library_versions", {}).get("sklearn", "?"))
    if _major_minor(trained_sklearn) != _major_minor(sklearn.__version__):
        raise ModelError(
            f"{model_file}: saved with scikit-learn {trained_sklearn}, this is {sklearn.__version__} — retrain with `zhibiao train`"
        )
    if sha256_file(model_file) != meta.get("model_sha256"):
        raise ModelError(f"{model_file}: sha256 does not match {meta_file.name} — foreign or modified file, not loaded")
    return model_file, meta


_cache: dict[str, IndicatorClassifier] = {}
_cache_lock = threading.Lock()


def load_model(path: str | Path | None = None) -> IndicatorClassifier:
    """Load a trained model after checking its metadata (see :func:`read_metadata`).

    ``path`` is a model folder or a ``model.joblib`` the user chose; default: the shipped
    ``models/`` (``ZHIBIAO_MODEL_DIR`` overrides). The file is only unpickled after its
    sha256 matches the metadata next to it. Results are cached per resolved path.
    Raises :class:`classifier.errors.ModelError` with a one-line message.
    """
    model_file, meta = read_metadata(path)
    key = str(model_file.resolve())
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        import joblib

        try:
            model = joblib.load(model_file)
        except Exception as err:  # a corrupt file that still matched its hash
            raise ModelError(f"{model_file}: cannot load model ({type(err).__name__}: {err})") from None
        if not isinstance(model, IndicatorClassifier) or not hasattr(model, "pipeline_"):
            raise ModelError(f"{model_file}: not a fitted IndicatorClassifier")
        if [str(c) for c in model.classes_] != list(meta.get("classes", [])):
            raise ModelError(f"{model_file}: classes differ from {METADATA_FILE}")
        model.metadata_ = meta
        _cache[key] = model
        return model


# --------------------------------------------------------------------------- classify


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
) -> list[Classification]:
    """Classify 三级指标 names; one :class:`Classification` per name, in order.

    ``names``: a sequence of str (None allowed; a single str is treated as one name).
    ``descriptions``: None or a sequence of the same length (None / "" where missing).
    ``values``: None or the rows' 指标值 (same length; a value says how the row is measured).
    ``regime``: ``"legacy"`` or ``"central2021"`` (for ``expected_level2``).
    ``model``: an :class:`IndicatorClassifier`; None → the shipped model (loaded once).
    ``review_cutoff``: results with a probability below it get ``needs_review=True``; None →
    the cut-off stored in the loaded model's metadata (:func:`review_cutoff_of`; a model fitted
    in this process and never saved has none, and then nothing is marked).
    Rows that give the model the same input (normalized name and description, the unit
    bracket written in the name, the kind of value) are classified once per call, and exactly as
    :meth:`IndicatorClassifier.predict_proba` classifies them.
    """
    from .taxonomy import REGIMES, load_taxonomy

    if regime not in REGIMES:
        raise ValueError(f"unknown regime {regime!r}; expected one of {', '.join(REGIMES)}")
    names = _as_list(names)
    descriptions = _as_list(descriptions, len(names))
    values = _as_list(values, len(names))
    if len(descriptions) != len(names):
        raise ValueError(f"got {len(names)} names but {len(descriptions)} descriptions")
    if len(values) != len(names):
        raise ValueError(f"got {len(names)} names but {len(values)} values")
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
        best = np.argmax(proba, axis=1)
        chosen = [classes[b] for b in best]
        tokens = model._explain_rows(X, chosen)
        from .keyword_rules import rule_hits

        for j, key in enumerate(keys):
            order = np.argsort(-proba[j])[:TOP_ALTERNATIVES]
            alternatives = [(classes[k], round(float(proba[j, k]), 4)) for k in order]
            category = chosen[j]
            reason = _reason(category, float(proba[j, best[j]]), tokens[j], rule_hits(key[0]), alternatives)
            probabilities = {c: round(float(p), 4) for c, p in zip(classes, proba[j])}
            for i in todo[key]:
                name = names[i]
                cut = isinstance(name, str) and len(name) > MAX_TEXT_CHARS
                results[i] = Classification(
                    name=name,
                    category=category,
                    category_zh=taxonomy.zh(category),
                    probability=round(float(proba[j, best[j]]), 4),
                    alternatives=list(alternatives),
                    expected_level2=list(taxonomy.expected_level2(category, regime)),
                    top_tokens=list(tokens[j]),
                    reason=reason + (f"; name cut to {MAX_TEXT_CHARS} characters" if cut else ""),
                    probabilities=dict(probabilities),
                    needs_review=cutoff is not None and float(proba[j, best[j]]) < cutoff,
                )
    return results  # type: ignore[return-value]


def review_cutoff_of(model: IndicatorClassifier) -> float | None:
    """The review cut-off in the metadata of a model loaded by :func:`load_model`, or None."""
    value = (getattr(model, "metadata_", None) or {}).get("review_cutoff")
    return float(value) if isinstance(value, (int, float)) else None


_EVIDENCE_LABELS = {"en": ("description ", "unit ", "unit kind "), "zh": ("描述", "单位", None)}


def readable_evidence(tokens: Sequence[tuple[str, float]], *, limit: int = 3, lang: str = "en") -> list[str]:
    """The text behind the strongest features of ``tokens`` (``(token, weight)`` pairs as in
    :attr:`Classification.top_tokens`, strongest first), as a person checks it against the
    name: ``“及时”`` (a word or characters of the name), ``“…满意度”`` (how the name ends),
    ``description “排放” “减少”`` (words of the description, in one item), ``unit （人次）`` /
    ``unit kind count`` (``lang="zh"``: ``描述“排放”“减少”``, ``单位（人次）``, unit kinds left
    out). Left out: keyword-rule features (the reason names the rule itself), name or
    description text without a Chinese character (a bracket, a digit), and a snippet whose
    text lies inside another snippet's text from the same field. At most ``limit`` snippets."""
    described, unit_label, kind_label = _EVIDENCE_LABELS[lang]
    snippets: list[tuple[str, str, str]] = []  # (field, text, shown)
    for token, _ in tokens:
        if token.startswith(_FIELD_LABEL["rule"]):
            continue
        if token.startswith(_FIELD_LABEL["unit"]):
            text = token[len(_FIELD_LABEL["unit"]):]
            if text not in UNIT_KINDS and text != "per_unit":
                snippets.append(("unit", text, f"{unit_label}（{text}）"))
            elif kind_label:
                snippets.append(("unit", text, f"{kind_label}{text}"))
            continue
        if token.startswith(_FIELD_LABEL["char"]):
            where, text, shown = "name", token[len(_FIELD_LABEL["char"]):], "“{}”"
        elif token.startswith(_FIELD_LABEL["head"]):
            where, text, shown = "name", token[len(_FIELD_LABEL["head"]):].partition("_")[2], "“…{}”"
        elif token.startswith(_FIELD_LABEL["desc"]):
            where, text, shown = "desc", token[len(_FIELD_LABEL["desc"]):], "“{}”"
        else:
            where, text, shown = "name", token, "“{}”"
        if has_cjk(text):
            snippets.append((where, text, shown.format(text)))
    kept: list[tuple[str, str]] = []
    for k, (where, text, shown) in enumerate(snippets):
        inside = any(j != k and w == where and text != t and text in t for j, (w, t, _) in enumerate(snippets))
        if not inside and (where, shown) not in kept:
            kept.append((where, shown))
    kept = kept[:limit]
    out: list[str] = []
    for where, shown in kept:
        if where != "desc":
            out.append(shown)
        elif not any(item.startswith(described) for item in out):
            out.append(described + "".join(s for w, s in kept if w == "desc"))
    return out


def _reason(category: str, probability: float, tokens: list[tuple[str, float]], hits: list, alternatives: list[tuple[str, float]]) -> str:
    """One line: the strongest text features (:func:`readable_evidence`), the keyword rule's
    verdict, a close runner-up."""
    words = readable_evidence(tokens)
    text = f"{'、'.join(words) if words else 'no telling word'} → {category} (p={probability:.2f})"
    if hits:
        first = hits[0]
        verdict = "agrees" if first.category == category else f"says {first.category}"
        text += f"; keyword rule {first.id} ({first.pattern.pattern[:24]}) {verdict}"
    else:
        text += "; no keyword rule hits"
    if len(alternatives) > 1 and alternatives[1][1] >= 0.5 * probability:
        text += f"; close to {alternatives[1][0]} (p={alternatives[1][1]:.2f})"
    return text


# --------------------------------------------------------------------------- name lists

def _table_names(path: Path, *, raise_failure: bool = False) -> tuple[list[str], list[str]] | None:
    """``(names, descriptions)`` of the 三级指标 rows of the 绩效目标表 in ``path``
    (:func:`classifier.reading.read_path`), in table order; None when it holds none (or
    cannot be read, unless ``raise_failure``)."""
    from .corpus import iter_rows
    from .reading import read_path

    result = read_path(path)
    if result.failures and raise_failure:
        raise result.failures[0]
    rows = [indicator for _, _, indicator in iter_rows(result.documents)]
    return ([r.name for r in rows], [r.description for r in rows]) if rows else None


def _read_office_names(path: Path, label: str, column: str | None) -> tuple[list[str], list[str] | None]:
    """Names (and descriptions) of the 三级指标 rows of an .xlsx/.docx 绩效目标表, or of a
    names column of an .xlsx sheet (see :func:`read_names`)."""
    from .errors import ReadError

    if not path.is_file():
        raise ReadError(label, "no such file" if not path.exists() else "not a file")
    if column is None:
        table = _table_names(path, raise_failure=path.suffix.lower() == ".docx")
        if table:
            return table
    if path.suffix.lower() == ".xlsx":
        return _read_sheet_column(path, label, column)
    raise ReadError(label, "no 绩效目标表 found (a table with 一级指标 / 二级指标 / 三级指标 columns)")


def _read_sheet_column(path: Path, label: str, column: str | None) -> tuple[list[str], list[str] | None]:
    """The first sheet whose first 20 rows hold a header cell named ``column`` (default: one
    of :data:`NAME_COLUMNS`): the cells below it (empty cells give ""), and the cells of the
    first :data:`DESCRIPTION_COLUMNS` header of the same row, if any."""
    import zipfile

    from .errors import ReadError

    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
        raise ReadError(label, f"not a readable .xlsx file ({type(err).__name__})") from None
    wanted = (column,) if column is not None else NAME_COLUMNS
    try:
        for sheet in workbook.worksheets:
            rows = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
            for r, header in enumerate(rows[:20]):
                name_col = next((header.index(c) for c in wanted if c in header), None)
                if name_col is None:
                    continue
                desc_col = next((header.index(c) for c in DESCRIPTION_COLUMNS if c in header and header.index(c) != name_col), None)
                body = [row for row in rows[r + 1:] if any(row)]
                names = [row[name_col] if name_col < len(row) else "" for row in body]
                if desc_col is None:
                    return names, None
                return names, [row[desc_col] if desc_col < len(row) else "" for row in body]
    finally:
        workbook.close()
    raise ReadError(label, f"no 绩效目标表 and no column {'/'.join(wanted)!r} in the first rows of any sheet")


#: Column names tried, in order, when a CSV is given without ``column``.
NAME_COLUMNS = ("name", "三级指标", "三级指标名称", "指标名称")
DESCRIPTION_COLUMNS = ("description", "绩效指标描述", "指标描述")


def read_names(path: str | Path, *, column: str | None = None, text: str | None = None) -> tuple[list[str], list[str] | None]:
    """Names to classify from a file: ``(names, descriptions or None)``.

    ``path`` ``"-"`` means ``text`` (the caller reads stdin). A ``.xlsx`` or ``.docx`` file
    holding a 绩效目标表 gives its 三级指标 rows with their 绩效指标描述, in table order
    (read by :mod:`classifier.reading`; with ``column``, or when it holds no such table, an
    ``.xlsx`` is read as a sheet with a header row instead — see :func:`_read_sheet_column`).
    A text export of such a table (``corpus/raw/*.txt``: cells start with a TAB) gives its rows
    the same way. A ``.csv`` file, or any other file when ``column`` is given, is read as CSV
    with a header: names from ``column`` (default:
    the first of :data:`NAME_COLUMNS` present), descriptions from the first of
    :data:`DESCRIPTION_COLUMNS` present. Otherwise one name per line; blank lines are
    skipped. UTF-8 (with or without BOM), else GB18030. Raises
    :class:`classifier.errors.ReadError` (``path: problem``).
    """
    import csv
    import io

    from .errors import ReadError

    label = "<stdin>" if str(path) == "-" else str(path)
    if str(path) != "-" and Path(path).suffix.lower() in (".xlsx", ".docx"):
        return _read_office_names(Path(path), label, column)
    if str(path) == "-":
        content = text or ""
    else:
        p = Path(path)
        if not p.is_file():
            raise ReadError(label, "no such file" if not p.exists() else "not a file")
        raw = p.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                content = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes almost anything
            raise ReadError(label, "neither UTF-8 nor GB18030 text")
        if b"\x00" in raw[:4096]:
            raise ReadError(label, "binary file, expected text or CSV")
    as_csv = column is not None or label.lower().endswith(".csv")
    if not as_csv:
        if str(path) != "-" and any(line.startswith("\t") for line in content.splitlines()):
            table = _table_names(Path(path))  # a .txt export of a 绩效目标表: table cells start with a TAB
            if table:
                return table
        return [line.strip() for line in content.splitlines() if line.strip()], None
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise ReadError(label, "empty CSV, expected a header row")
    reader.fieldnames = header
    wanted = column if column is not None else next((c for c in NAME_COLUMNS if c in header), None)
    if wanted is None or wanted not in header:
        raise ReadError(label, f"no column {wanted or '/'.join(NAME_COLUMNS)!r}; columns are {', '.join(header)}")
    desc_col = next((c for c in DESCRIPTION_COLUMNS if c in header and c != wanted), None)
    names, descriptions = [], []
    for row in reader:
        name = (row.get(wanted) or "").strip()
        names.append(name)
        descriptions.append((row.get(desc_col) or "").strip() if desc_col else "")
    return names, (descriptions if desc_col else None)
