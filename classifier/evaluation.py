"""Honest evaluation of the indicator classifier (``zhibiao evaluate``).

Two cross-validations, each run for the model and the two baselines (majority class;
keyword rules alone, :mod:`classifier.keyword_rules`) on the same folds:

* **by document** (the headline figure): each seed document in turn is the test set; the
  model trains on the other documents' rows plus all curated phrasings, minus every
  training example whose *normalized* name equals a test name. A name, or a document,
  never sits in both training and test.
* **by project type** (an estimate for other fields): each curated ``project_type`` in
  turn is the test set (curated rows only); the model trains on all corpus rows and the
  other project types' phrasings, again minus every example whose normalized name is in
  the test set. The training never sees that project type.

Roles: the held-out-project-type figure is the *development* figure — model configuration
(the defaults of :class:`~classifier.model.IndicatorClassifier`) is chosen on it alone
(``benchmarks/ablation_classifier.py`` compares feature blocks); the by-document figure is
the *test* figure, reported and never used for choices.

Metrics: macro-F1 over the classes present in the test data, accuracy, per-class
precision / recall / support, the confusion matrix, and calibration (multi-class Brier
score and the top-label expected calibration error over 10 equal-width bins).

Names the library decides by rule (None, empty, no Chinese character: ``placeholder``,
see :func:`classifier.model.classify`) are decided the same way here, for the model and
for the keyword baseline.

The audit's confident-learning mode calls :func:`out_of_fold_probabilities`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from .errors import ZhibiaoError
from .segmentation import has_cjk, normalize_text
from .training import TrainingData, TrainingExample, fit_model, load_training_data

CALIBRATION_BINS = 10


class EvaluationError(ZhibiaoError):
    """The evaluation cannot run (e.g. no parsed corpus)."""


# --------------------------------------------------------------------------- folds


@dataclass
class Fold:
    """One split: ``name`` of the held-out group, index lists into the example list."""

    name: str
    train: list[int]
    test: list[int]


def _drop_test_names(examples: Sequence[TrainingExample], train: list[int], test: list[int]) -> list[int]:
    test_names = {normalize_text(examples[i].name) for i in test}
    return [i for i in train if normalize_text(examples[i].name) not in test_names]


def _folds_by(examples: Sequence[TrainingExample], source: str, key) -> list[Fold]:
    """One fold per value of ``key(example)`` among the examples from ``source``; the test set
    is that group, training is everything else minus examples sharing a normalized test name."""
    groups = sorted({key(e) for e in examples if e.source == source})
    folds = []
    for group in groups:
        in_test = [e.source == source and key(e) == group for e in examples]
        test = [i for i, held_out in enumerate(in_test) if held_out]
        train = [i for i, held_out in enumerate(in_test) if not held_out]
        folds.append(Fold(group, _drop_test_names(examples, train, test), test))
    return folds


def document_folds(examples: Sequence[TrainingExample]) -> list[Fold]:
    """One fold per source document of the corpus rows (see the module docstring)."""
    return _folds_by(examples, "corpus", lambda e: e.group)


def project_type_folds(examples: Sequence[TrainingExample]) -> list[Fold]:
    """One fold per curated project type (see the module docstring)."""
    return _folds_by(examples, "curated", lambda e: e.project_type)


# --------------------------------------------------------------------------- predictions


def _is_rule_placeholder(name: object) -> bool:
    norm = normalize_text(name)
    return name is None or not has_cjk(norm)


def _fold_probabilities(examples: Sequence[TrainingExample], fold: Fold, classes: list[str], params: dict[str, Any]) -> np.ndarray:
    """Model probabilities for the fold's test rows, columns in ``classes`` order."""
    train = [examples[i] for i in fold.train]
    test = [examples[i] for i in fold.test]
    model = fit_model(train, **params)
    raw = model.predict_proba([e.name for e in test], descriptions=[e.description for e in test])
    proba = np.zeros((len(test), len(classes)))
    col = {c: k for k, c in enumerate(classes)}
    for j, c in enumerate(model.classes_):
        proba[:, col[str(c)]] = raw[:, j]
    if "placeholder" in col:
        for r, e in enumerate(test):
            if _is_rule_placeholder(e.name):
                proba[r] = 0.0
                proba[r, col["placeholder"]] = 1.0
    return proba


@dataclass
class OutOfFold:
    """Out-of-fold probabilities for corpus rows.

    ``examples[i]`` is the corpus row (a :class:`~classifier.training.TrainingExample`
    with ``document``, ``project``, ``indicator``, ``name``, ``description``, the hand
    label ``category``, ``group`` = doc_id and ``location``); ``proba`` has shape
    ``(len(examples), len(classes))`` and rows summing to 1; ``classes`` are category ids
    (column order); ``fold_of[i]`` is the held-out document of row i.
    """

    examples: list[TrainingExample]
    proba: np.ndarray
    classes: list[str]
    fold_of: list[str]

    @property
    def predicted(self) -> list[str]:
        return [self.classes[k] for k in np.argmax(self.proba, axis=1)]

    def label_probability(self) -> np.ndarray:
        """Probability the model gives each row's hand label, shape ``(n,)``."""
        col = {c: k for k, c in enumerate(self.classes)}
        return np.array([self.proba[i, col[e.category]] for i, e in enumerate(self.examples)])


def out_of_fold_probabilities(data: TrainingData | None = None, *, params: dict[str, Any] | None = None) -> OutOfFold:
    """Out-of-fold class probabilities for every labeled corpus row, grouped by document.

    For each source document, a model is trained on the other documents' rows plus the
    curated phrasings, minus every example whose normalized name occurs in the held-out
    document, and predicts that document's rows. Returns an :class:`OutOfFold`:
    ``examples`` (corpus rows, in corpus order), ``proba`` of shape
    ``(n_rows, n_classes)``, ``classes`` (all taxonomy ids in the training data, sorted),
    ``fold_of``. Raises :class:`EvaluationError` when there is no parsed corpus.
    """
    data = data or load_training_data()
    examples = data.examples
    folds = document_folds(examples)
    if len({e.group for e in data.corpus}) < 2 or not folds or data.corpus[0].group == "labels":
        raise EvaluationError("grouped evaluation needs the parsed corpus (corpus/parsed/documents.jsonl) with ≥ 2 documents — run `zhibiao corpus build`")
    classes = sorted({e.category for e in examples})
    proba = np.zeros((len(examples), len(classes)))
    fold_of = [""] * len(examples)
    for fold in folds:
        proba[fold.test] = _fold_probabilities(examples, fold, classes, params or {})
        for i in fold.test:
            fold_of[i] = fold.name
    rows = [i for i, e in enumerate(examples) if e.source == "corpus"]
    return OutOfFold([examples[i] for i in rows], proba[rows], classes, [fold_of[i] for i in rows])


# --------------------------------------------------------------------------- metrics


def calibration(y_true: Sequence[str], proba: np.ndarray, classes: Sequence[str], bins: int = CALIBRATION_BINS) -> dict[str, float]:
    """Multi-class Brier score (mean over rows of Σ_k (p_k − y_k)²) and top-label ECE."""
    col = {c: k for k, c in enumerate(classes)}
    onehot = np.zeros_like(proba)
    for i, y in enumerate(y_true):
        onehot[i, col[y]] = 1.0
    brier = float(np.mean(np.sum((proba - onehot) ** 2, axis=1))) if len(proba) else 0.0
    confidence = proba.max(axis=1) if len(proba) else np.array([])
    correct = (np.argmax(proba, axis=1) == np.argmax(onehot, axis=1)).astype(float) if len(proba) else np.array([])
    ece = 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (confidence > lo) & (confidence <= hi)
        if in_bin.any():
            ece += in_bin.mean() * abs(confidence[in_bin].mean() - correct[in_bin].mean())
    return {"brier": round(brier, 4), "ece": round(float(ece), 4), "mean_confidence": round(float(confidence.mean()), 4) if len(confidence) else 0.0}


def scores(y_true: Sequence[str], y_pred: Sequence[str]) -> dict[str, Any]:
    """macro-F1 (over the classes present in ``y_true``), accuracy, per-class P/R/F1/support,
    and the confusion matrix (``labels`` = classes in truth ∪ predictions, rows = truth)."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    y_true, y_pred = list(y_true), list(y_pred)
    present = sorted(set(y_true))
    labels = sorted(set(y_true) | set(y_pred))
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    return {
        "rows": len(y_true),
        "macro_f1": round(float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)), 4),
        "accuracy": round(float(np.mean(np.array(y_true, dtype=object) == np.array(y_pred, dtype=object))), 4) if y_true else 0.0,
        "per_class": {
            c: {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3), "support": int(s)}
            for c, p, r, f, s in zip(labels, precision, recall, f1, support)
        },
        "confusion": {"labels": labels, "matrix": _confusion(y_true, y_pred, labels)},
    }


def _confusion(y_true: Sequence[str], y_pred: Sequence[str], labels: list[str]) -> list[list[int]]:
    """Counts, rows = truth, columns = prediction, both in ``labels`` order (counted here:
    scikit-learn's ``confusion_matrix`` warns on a test file holding a single class)."""
    index = {c: k for k, c in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for t, p in zip(y_true, y_pred):
        matrix[index[t]][index[p]] += 1
    return matrix


def compare_with_baselines(y_true: Sequence[str], model_pred: Sequence[str], majority_pred: Sequence[str],
                           keyword_pred: Sequence[str], proba: np.ndarray, classes: Sequence[str]) -> dict[str, Any]:
    """The model's :func:`scores`, the two baselines' macro-F1 and accuracy, and the model's
    :func:`calibration`, all on the same rows (``proba``: shape ``(n, len(classes))``)."""
    short = ("macro_f1", "accuracy")
    return {
        "model": scores(y_true, model_pred),
        "majority": {k: v for k, v in scores(y_true, majority_pred).items() if k in short},
        "keyword_rules": {k: v for k, v in scores(y_true, keyword_pred).items() if k in short},
        "calibration": calibration(y_true, proba, classes) if len(proba) else {},
    }


@dataclass
class CVResult:
    """One cross-validation: model / majority / keyword-rule predictions on the same rows."""

    title: str
    folds: list[str]
    y_true: list[str]
    model_pred: list[str]
    majority_pred: list[str]
    keyword_pred: list[str]
    proba: np.ndarray
    classes: list[str]
    names: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "folds": self.folds,
            "rows": len(self.y_true),
            "distinct_names": len({normalize_text(n) for n in self.names}),
            **compare_with_baselines(self.y_true, self.model_pred, self.majority_pred, self.keyword_pred,
                                     self.proba, self.classes),
        }


def cross_validate(examples: Sequence[TrainingExample], folds: list[Fold], title: str, params: dict[str, Any] | None = None) -> CVResult:
    """Run ``folds`` for the model and both baselines; rows in fold order."""
    from .keyword_rules import KeywordRuleClassifier

    classes = sorted({e.category for e in examples})
    y_true, model_pred, majority_pred, keyword_pred, names, probas = [], [], [], [], [], []
    for fold in folds:
        if not fold.test:
            continue
        train = [examples[i] for i in fold.train]
        test = [examples[i] for i in fold.test]
        proba = _fold_probabilities(examples, fold, classes, params or {})
        probas.append(proba)
        model_pred += [classes[k] for k in np.argmax(proba, axis=1)]
        majority = Counter(e.category for e in train).most_common(1)[0][0]
        majority_pred += [majority] * len(test)
        rules = KeywordRuleClassifier().fit([e.name for e in train], [e.category for e in train])
        keyword_pred += ["placeholder" if _is_rule_placeholder(e.name) else p for e, p in zip(test, rules.predict([e.name for e in test]))]
        y_true += [e.category for e in test]
        names += [e.name for e in test]
    proba_all = np.vstack(probas) if probas else np.zeros((0, len(classes)))
    return CVResult(title, [f.name for f in folds if f.test], y_true, model_pred, majority_pred, keyword_pred, proba_all, classes, names)


@dataclass
class EvaluationReport:
    """Both cross-validations; ``summary()`` is the JSON stored in the model metadata."""

    by_document: CVResult | None
    by_project_type: CVResult | None
    training_rows: dict[str, int]
    test_files: list[Any] = field(default_factory=list)  # classifier.file_evaluation.FileEvaluation each
    cross_validated: bool = True  # False: skipped on request (both CV results are None)

    def summary(self) -> dict[str, Any]:
        out = {
            "training_rows": self.training_rows,
            "grouped_by_document": self.by_document.summary() if self.by_document else None,
            "held_out_project_type": self.by_project_type.summary() if self.by_project_type else None,
        }
        if not self.cross_validated:
            out["cross_validation"] = "skipped"
        if self.test_files:
            out["test_files"] = [tested.summary() for tested in self.test_files]
        return out

    def format(self) -> str:
        """The human-readable report printed by ``zhibiao evaluate``."""
        return format_summary(self.summary())


def evaluate(data: TrainingData | None = None, *, params: dict[str, Any] | None = None,
             test_file: Any = "auto", cross_validation: bool = True) -> EvaluationReport:
    """Run both cross-validations on the training data (default: the shipped data files),
    then score a model fitted on all of it on labeled test files it never saw
    (:mod:`classifier.file_evaluation`). ``test_file``: ``"auto"`` (the blind test sets
    ``corpus/blind_phrasings*.csv`` that exist), a path, a list of paths, or None (skip).
    ``cross_validation=False`` skips the cross-validations (minutes) and only scores the
    test files (one fit: seconds)."""
    test_paths: list[Any] = []
    if test_file is not None:
        from .file_evaluation import default_blind_paths, read_labeled_file

        if test_file == "auto":
            test_paths = default_blind_paths()
        else:
            test_paths = list(test_file) if isinstance(test_file, (list, tuple)) else [test_file]
            for path in test_paths:
                read_labeled_file(path)  # a bad file fails now, not after the cross-validations
    data = data or load_training_data()
    examples = data.examples
    has_docs = len({e.group for e in data.corpus if e.group != "labels"}) >= 2
    if not has_docs and not data.curated:
        raise EvaluationError("nothing to evaluate: no parsed corpus and no curated phrasings")
    by_doc = by_type = None
    if has_docs and cross_validation:
        by_doc = cross_validate(examples, document_folds(examples), "grouped by source document (seed corpus rows; the test figure)", params)
    if len({e.project_type for e in data.curated}) >= 2 and cross_validation:
        by_type = cross_validate(examples, project_type_folds(examples), "held-out project type (curated phrasings; the development figure configuration is chosen on)", params)
    rows = {"corpus": len(data.corpus), "curated": len(data.curated), "taxonomy": sum(e.source == "taxonomy" for e in examples)}
    if data.added:
        rows["added"] = len(data.added)
    tested = []
    if test_paths:
        from .file_evaluation import evaluate_file

        model = fit_model(examples, **(params or {}))
        tested = [evaluate_file(path, model=model, training=data) for path in test_paths]
    return EvaluationReport(by_doc, by_type, rows, tested, cross_validated=cross_validation)


def format_summary(summary: dict[str, Any]) -> str:
    """Plain-text rendering of :meth:`EvaluationReport.summary` (also works on stored metadata)."""
    rows = summary["training_rows"]
    added = f", {rows['added']} added by you (training only)" if rows.get("added") else ""
    lines = [f"training rows: {rows['corpus']} corpus, {rows['curated']} curated, {rows.get('taxonomy', 0)} taxonomy typical names{added}"]
    for key in ("grouped_by_document", "held_out_project_type"):
        part = summary.get(key)
        if not part:
            lines.append(f"\n[{key}] not run ({'skipped: --test-only' if summary.get('cross_validation') == 'skipped' else 'no data'})")
            continue
        model = part["model"]
        lines.append(f"\n[{key}] {part['title']}: {part['rows']} rows, {part['distinct_names']} distinct names, {len(part['folds'])} folds")
        lines.append(f"  {'':<16}{'macro-F1':>10}{'accuracy':>10}")
        lines.append(f"  {'model':<16}{model['macro_f1']:>10.3f}{model['accuracy']:>10.3f}")
        for base in ("keyword_rules", "majority"):
            lines.append(f"  {base:<16}{part[base]['macro_f1']:>10.3f}{part[base]['accuracy']:>10.3f}")
        cal = part["calibration"]
        lines.append(f"  calibration: Brier {cal['brier']:.3f}, ECE {cal['ece']:.3f}, mean confidence {cal['mean_confidence']:.3f}")
        lines.append(f"  {'class':<18}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}")
        for c, m in model["per_class"].items():
            lines.append(f"  {c:<18}{m['precision']:>10.2f}{m['recall']:>8.2f}{m['f1']:>7.2f}{m['support']:>9d}")
        labels = model["confusion"]["labels"]
        short = [c[:5] for c in labels]
        lines.append("  confusion matrix (rows = hand label, columns = prediction):")
        lines.append("  " + " " * 18 + "".join(f"{s:>6}" for s in short))
        for c, row in zip(labels, model["confusion"]["matrix"]):
            lines.append(f"  {c:<18}" + "".join(f"{v:>6d}" if v else f"{'.':>6}" for v in row))
    if summary.get("test_files"):
        from .file_evaluation import format_file_evaluation

        for tested in summary["test_files"]:
            lines.append("\n" + format_file_evaluation(tested))
    return "\n".join(lines)
