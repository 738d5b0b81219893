"""Evaluate a fitted classifier on a labeled file it never saw (``zhibiao evaluate --test-file``).

Cross-validation (:mod:`classifier.evaluation.cross_validation`) re-uses the data the model was designed
on. A labeled file written apart from the training data — ``corpus/blind_phrasings.csv``,
or names a researcher labeled from their own tables — is a cleaner test. This module
scores the shipped (or a given) model on such a file, next to the two baselines of the
cross-validation (keyword rules alone; the training data's majority class), per class and
per group (e.g. the ``field`` column), and measures how far two annotators agree.

Input format: CSV (UTF-8, BOM allowed) with a header holding ``name`` and ``category``;
optional ``description`` and a group column (default ``field``). Rows whose normalized
name equals a training example's are left out by default and counted, so that a name
never sits in both training and test.

Example::

    >>> from classifier.evaluation.test_files import evaluate_file
    >>> result = evaluate_file("corpus/blind_phrasings.csv")   # doctest: +SKIP
    >>> result.summary()["model"]["macro_f1"]                   # doctest: +SKIP
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from classifier.evaluation.metrics import compare_with_baselines
from classifier.core.paths import CORPUS_DIR, PROJECT_ROOT
from classifier.vocabulary.segmentation import normalize_text
from classifier.evaluation.text_table import pad_cell as _cell
from classifier.classification.training import load_training_data
from classifier.core.errors import TrainingDataError
from classifier.reading.labeled_files import LabeledRow, read_labeled_file


#: The blind test sets of the checkout, in the order they were written (see corpus/README.md).
BLIND_FILES = ("blind_phrasings.csv", "blind_phrasings_2.csv", "blind_phrasings_3.csv", "blind_phrasings_4.csv")


def default_blind_path() -> Path:
    """``corpus/blind_phrasings.csv`` of the checkout (the first blind test set)."""
    return CORPUS_DIR / BLIND_FILES[0]


def default_blind_paths() -> list[Path]:
    """The blind test sets present in the checkout (``corpus/blind_phrasings*.csv``, see
    :data:`BLIND_FILES`), in the order they were written."""
    return [path for path in (CORPUS_DIR / f for f in BLIND_FILES) if path.is_file()]


@dataclass
class FileEvaluation:
    """Model and baselines on one labeled file (rows in file order, overlap removed)."""

    path: str
    rows: list[LabeledRow]
    model_pred: list[str]
    keyword_pred: list[str]
    majority_pred: list[str]
    proba: np.ndarray
    classes: list[str]
    overlapping: list[LabeledRow] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """JSON-ready figures: model (with per-class figures and confusion matrix), the two
        baselines, calibration, per-group model and keyword-rule scores."""
        y = [r.category for r in self.rows]
        groups: dict[str, list[int]] = {}
        for i, r in enumerate(self.rows):
            if r.group:
                groups.setdefault(r.group, []).append(i)
        return {
            "path": self.path,
            "rows": len(self.rows),
            "left_out_as_training_names": len(self.overlapping),
            **compare_with_baselines(y, self.model_pred, self.majority_pred, self.keyword_pred, self.proba, self.classes),
            "groups": {
                g: {
                    "rows": len(idx),
                    "model_accuracy": round(float(np.mean([self.model_pred[i] == y[i] for i in idx])), 4),
                    "keyword_rules_accuracy": round(float(np.mean([self.keyword_pred[i] == y[i] for i in idx])), 4),
                }
                for g, idx in sorted(groups.items())
            },
        }

    def errors(self) -> list[dict[str, Any]]:
        """The rows the model got wrong: name, label, prediction, probability, line."""
        col = {c: k for k, c in enumerate(self.classes)}
        return [
            {"line": r.line, "name": r.name, "label": r.category, "predicted": p,
             "probability": round(float(self.proba[i, col[p]]), 4) if p in col else None}
            for i, (r, p) in enumerate(zip(self.rows, self.model_pred)) if p != r.category
        ]


def evaluate_file(path: str | Path | None = None, *, model: Any = None, training: Any = None,
                  group_column: str = "field", keep_training_names: bool = False) -> FileEvaluation:
    """Score ``model`` (None: the shipped model) on the labeled file ``path`` (None: the
    blind test set). ``training`` is the :class:`~classifier.classification.training.TrainingData` the
    model was fitted on (None: the shipped training data files); the baselines are fitted
    on it — keyword rules alone (:class:`~classifier.vocabulary.keyword_rules.KeywordRuleClassifier`,
    falling back to the majority class) and the majority class — and rows whose
    normalized name is one of its examples' are left out unless ``keep_training_names``."""
    from classifier.vocabulary.keyword_rules import KeywordRuleClassifier
    from classifier.classification.api import classify

    path = Path(path) if path is not None else default_blind_path()
    rows = read_labeled_file(path, group_column=group_column)
    data = training if training is not None else load_training_data()
    training_names = {normalize_text(e.name) for e in data.examples}
    overlapping = [] if keep_training_names else [r for r in rows if normalize_text(r.name) in training_names]
    if overlapping:
        left_out = {id(r) for r in overlapping}
        rows = [r for r in rows if id(r) not in left_out]
    if not rows:
        raise TrainingDataError(f"{path}：每一行的名称都在训练数据中，没有可测试的行")
    names = [r.name for r in rows]
    descriptions = [r.description or None for r in rows]
    results = classify(names, descriptions, model=model, explain=False)
    classes = sorted({c for res in results for c in res.probabilities} | {r.category for r in rows})
    col = {c: k for k, c in enumerate(classes)}
    proba = np.zeros((len(rows), len(classes)))
    for i, res in enumerate(results):
        for c, p in res.probabilities.items():
            proba[i, col[c]] = p
    train_names = [e.name for e in data.examples]
    train_labels = [e.category for e in data.examples]
    rules = KeywordRuleClassifier().fit(train_names, train_labels)
    from classifier.evaluation.metrics import is_rule_placeholder

    keyword_pred = ["placeholder" if is_rule_placeholder(n) else str(p) for n, p in zip(names, rules.predict(names))]
    majority = Counter(train_labels).most_common(1)[0][0]
    try:
        shown = path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        shown = str(path)
    return FileEvaluation(
        path=shown, rows=rows, model_pred=[r.category for r in results], keyword_pred=keyword_pred,
        majority_pred=[majority] * len(rows), proba=proba, classes=classes, overlapping=overlapping,
    )


def annotator_agreement(first: Sequence[str], second: Sequence[str]) -> dict[str, float]:
    """Raw agreement and Cohen's kappa between two annotators' labels of the same rows."""
    from sklearn.metrics import cohen_kappa_score

    if len(first) != len(second):
        raise ValueError(f"两组标注的数目不同（{len(first)} 和 {len(second)}）")
    if not first:
        return {"rows": 0, "agreement": 0.0, "kappa": 0.0}
    agree = float(np.mean([a == b for a, b in zip(first, second)]))
    return {"rows": len(first), "agreement": round(agree, 4), "kappa": round(float(cohen_kappa_score(first, second)), 4)}


def format_file_evaluation(summary: dict[str, Any]) -> str:
    """Plain-text report of :meth:`FileEvaluation.summary`, in Chinese for the command line."""
    scorers = (("模型", "model"), ("关键词规则", "keyword_rules"), ("多数类", "majority"))
    lines = [f"[测试文件] {summary['path']}：{summary['rows']} 行"
             f"（另有 {summary['left_out_as_training_names']} 行与训练样本同名，未计入）",
             f"  {_cell('', 18, right=False)}{_cell('macro-F1', 8)}  {_cell('准确率', 8)}"]
    for label, key in scorers:
        lines.append(f"  {_cell(label, 18, right=False)}{summary[key]['macro_f1']:8.3f}  {summary[key]['accuracy']:8.3f}")
    cal = summary.get("calibration") or {}
    if cal:
        lines.append(f"  校准：Brier {cal['brier']:.3f}，ECE {cal['ece']:.3f}，平均置信度 {cal['mean_confidence']:.3f}")
    lines.append("  " + _cell("类别", 20, right=False) + "".join(
        _cell(h, w) for h, w in (("精确率", 9), ("召回率", 8), ("F1", 7), ("样本数", 9))))
    for c, s in summary["model"]["per_class"].items():
        lines.append(f"  {_cell(c, 20, right=False)}{s['precision']:9.2f}{s['recall']:8.2f}{s['f1']:7.2f}{s['support']:9d}")
    if summary["groups"]:
        lines.append("  " + _cell("分组", 20, right=False) + "".join(
            _cell(h, w) for h, w in (("行数", 6), ("模型准确率", 12), ("规则准确率", 12))))
        for g, s in summary["groups"].items():
            lines.append(f"  {_cell(g, 20, right=False)}{s['rows']:6d}{s['model_accuracy']:12.3f}{s['keyword_rules_accuracy']:12.3f}")
    return "\n".join(lines)
