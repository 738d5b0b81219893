"""Scores shared by every evaluation: accuracy and macro-F1 with per-class figures and the
confusion matrix, calibration (Brier, ECE), the two baselines on the same rows, and the rule that
reads a name with no Chinese character as a placeholder (as :func:`classifier.classify` does)."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from classifier.vocabulary.segmentation import has_cjk, normalize_text

CALIBRATION_BINS = 10


def is_rule_placeholder(name: object) -> bool:
    """True for a name the classifier answers ``placeholder`` by rule: None, or no Chinese character."""
    norm = normalize_text(name)
    return name is None or not has_cjk(norm)



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
