"""Honest evaluation of the indicator classifier (``zhibiao evaluate``).

Two cross-validations, each run for the model and the two baselines (majority class;
keyword rules alone, :mod:`classifier.vocabulary.keyword_rules`) on the same folds:

* **by document** (the headline figure): each seed document in turn is the test set; the
  model trains on the other documents' rows plus all curated phrasings, minus every
  training example whose *normalized* name equals a test name. A name, or a document,
  never sits in both training and test.
* **by project type** (an estimate for other fields): each curated ``project_type`` in
  turn is the test set (curated rows only); the model trains on all corpus rows and the
  other project types' phrasings, again minus every example whose normalized name is in
  the test set. The training never sees that project type.

Roles: the held-out-project-type figure is the *development* figure — model configuration
(the defaults of :class:`~classifier.classification.estimator.IndicatorClassifier`) is chosen on it alone
(``benchmarks/ablation_classifier.py`` compares feature blocks); the by-document figure is
the *test* figure, reported and never used for choices.

Metrics: macro-F1 over the classes present in the test data, accuracy, per-class
precision / recall / support, the confusion matrix, and calibration (multi-class Brier
score and the top-label expected calibration error over 10 equal-width bins).

Names the library decides by rule (None, empty, no Chinese character: ``placeholder``,
see :func:`classifier.classification.api.classify`) are decided the same way here, for the model and
for the keyword baseline.

The audit's confident-learning mode calls :func:`out_of_fold_probabilities`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from classifier.core.errors import ZhibiaoError
from classifier.vocabulary.segmentation import normalize_text
from classifier.evaluation.text_table import pad_cell as _cell
from classifier.classification.training import TrainingData, TrainingExample, fit_model, load_training_data
from classifier.evaluation.metrics import compare_with_baselines, is_rule_placeholder, scores



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


#: Sources whose rows come from real tables of an organisation (a seed document or a real-table file).
ORGANISATION_SOURCES = ("corpus", "real")


def organisation_of(example: TrainingExample) -> str | None:
    """The organisation a row was published by: its seed document id or ``real:<file>``;
    None for curated phrasings, taxonomy names and added rows (always training rows)."""
    return example.group if example.source in ORGANISATION_SOURCES and example.group != "labels" else None


def split_of_example(example: TrainingExample) -> str | None:
    """``"development"`` / ``"test"`` for a real-table row (:func:`classifier.reading.real_tables.split_of`),
    ``"seed"`` for a seed-document row, None otherwise."""
    from classifier.reading.real_tables import split_of

    if example.source == "real":
        return split_of(example.group.partition(":")[2])
    return "seed" if organisation_of(example) is not None else None


def organisation_folds(examples: Sequence[TrainingExample], *, split: str | None = None) -> list[Fold]:
    """Leave one organisation out: one fold per organisation (seed document or real-table
    file) whose rows are the test set; training = every other example, minus every example
    whose normalized name occurs in the test organisation.

    ``split=None``: every organisation in turn (the headline measure). ``split="development"``:
    only the development-split real-table files are held out, and no test-split file is ever
    a training row (the measure configuration is chosen on)."""
    orgs = [organisation_of(e) for e in examples]
    splits = [split_of_example(e) for e in examples]
    if split is None:
        held_out = sorted({o for o in orgs if o is not None})
        usable = list(range(len(examples)))
    else:
        held_out = sorted({o for o, s in zip(orgs, splits) if o is not None and s == split})
        usable = [i for i, s in enumerate(splits) if s in (None, "seed", split)]
    folds = []
    for group in held_out:
        test = [i for i in usable if orgs[i] == group]
        train = [i for i in usable if orgs[i] != group]
        folds.append(Fold(group, _drop_test_names(examples, train, test), test))
    return folds


# --------------------------------------------------------------------------- predictions


def _slim(example: TrainingExample) -> TrainingExample:
    """The example without its corpus records (what a fit needs, cheap to send to a worker)."""
    return TrainingExample(name=example.name, description=example.description, category=example.category,
                           source=example.source, group=example.group, weight=example.weight, value=example.value)


def _fit_and_predict(train: list[TrainingExample], test: list[TrainingExample], classes: list[str],
                     params: dict[str, Any], source_weights: dict[str, float] | None) -> np.ndarray:
    """Fit on ``train``, return probabilities of ``test`` with columns in ``classes`` order."""
    model = fit_model(train, source_weights=source_weights, **params)
    raw = model.predict_proba([e.name for e in test], descriptions=[e.description for e in test], values=[e.value for e in test])
    proba = np.zeros((len(test), len(classes)))
    col = {c: k for k, c in enumerate(classes)}
    for j, c in enumerate(model.classes_):
        proba[:, col[str(c)]] = raw[:, j]
    if "placeholder" in col:
        for r, e in enumerate(test):
            if is_rule_placeholder(e.name):
                proba[r] = 0.0
                proba[r, col["placeholder"]] = 1.0
    return proba


def _fold_probabilities(examples: Sequence[TrainingExample], fold: Fold, classes: list[str], params: dict[str, Any],
                        source_weights: dict[str, float] | None = None) -> np.ndarray:
    """Model probabilities for the fold's test rows, columns in ``classes`` order."""
    return _fit_and_predict([examples[i] for i in fold.train], [examples[i] for i in fold.test], classes, params, source_weights)


def folds_probabilities(examples: Sequence[TrainingExample], folds: Sequence[Fold], classes: list[str], *,
                        params: dict[str, Any] | None = None, source_weights: dict[str, float] | None = None,
                        n_jobs: int | None = None, progress: Any = None) -> list[np.ndarray]:
    """:func:`_fold_probabilities` of every fold (one array of shape ``(len(fold.test),
    len(classes))`` per fold, in fold order), fitted in ``n_jobs`` worker processes (default
    :func:`classifier.core.paths.default_jobs`). ``progress(done, total)`` is called after each fold."""
    from classifier.core.paths import default_jobs

    n_jobs = default_jobs() if n_jobs is None else n_jobs
    slim = [_slim(e) for e in examples]
    tasks = [([slim[i] for i in f.train], [slim[i] for i in f.test], classes, params or {}, source_weights) for f in folds]
    if n_jobs <= 1 or len(tasks) <= 1:
        out = []
        for task in tasks:
            out.append(_fit_and_predict(*task))
            if progress:
                progress(len(out), len(tasks))
        return out
    from joblib import Parallel, delayed

    out = []
    for proba in Parallel(n_jobs=n_jobs, return_as="generator")(delayed(_fit_and_predict)(*task) for task in tasks):
        out.append(proba)
        if progress:
            progress(len(out), len(tasks))
    return out


@dataclass
class OutOfFold:
    """Out-of-fold probabilities for corpus rows.

    ``examples[i]`` is the corpus row (a :class:`~classifier.classification.training.TrainingExample`
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


def out_of_fold_probabilities(data: TrainingData | None = None, *, params: dict[str, Any] | None = None,
                              progress: Any = None) -> OutOfFold:
    """Out-of-fold class probabilities for every labeled corpus row, grouped by document.

    For each source document, a model is trained on the other documents' rows plus the
    curated phrasings, minus every example whose normalized name occurs in the held-out
    document, and predicts that document's rows. Returns an :class:`OutOfFold`:
    ``examples`` (corpus rows, in corpus order), ``proba`` of shape
    ``(n_rows, n_classes)``, ``classes`` (all taxonomy ids in the training data, sorted),
    ``fold_of``. Raises :class:`EvaluationError` when there is no parsed corpus.
    ``progress("documents", done, total)`` is called before the first fold and after each one
    (``total`` = the number of documents, one fit each).
    """
    data = data or load_training_data()
    examples = data.examples
    folds = document_folds(examples)
    if len({e.group for e in data.corpus}) < 2 or not folds or data.corpus[0].group == "labels":
        raise EvaluationError("按文档分组的评估需要至少含 2 个文档的已解析语料（corpus/parsed/documents.jsonl）：请先运行 zhibiao corpus build")
    classes = sorted({e.category for e in examples})
    proba = np.zeros((len(examples), len(classes)))
    fold_of = [""] * len(examples)
    if progress is not None:
        progress("documents", 0, len(folds))
    for done, fold in enumerate(folds, start=1):
        proba[fold.test] = _fold_probabilities(examples, fold, classes, params or {})
        for i in fold.test:
            fold_of[i] = fold.name
        if progress is not None:
            progress("documents", done, len(folds))
    rows = [i for i, e in enumerate(examples) if e.source == "corpus"]
    return OutOfFold([examples[i] for i in rows], proba[rows], classes, [fold_of[i] for i in rows])


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
    fields: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    splits: list[str] = field(default_factory=list)

    def subset(self, keep: Sequence[bool], title: str) -> "CVResult":
        """The rows where ``keep`` is true, as a result of their own."""
        idx = [i for i, k in enumerate(keep) if k]
        pick = lambda values: [values[i] for i in idx] if values else []  # noqa: E731
        groups = pick(self.groups)
        return CVResult(title, [f for f in self.folds if f in set(groups)] if groups else self.folds,
                        pick(self.y_true), pick(self.model_pred), pick(self.majority_pred), pick(self.keyword_pred),
                        self.proba[idx], self.classes, pick(self.names), pick(self.fields), groups, pick(self.splits))

    def per_field(self) -> dict[str, dict[str, Any]]:
        """``{field: {rows, organisations, accuracy, macro_f1, keyword_rules_accuracy}}`` (empty without fields)."""
        out = {}
        for name in sorted(set(self.fields)):
            part = self.subset([f == name for f in self.fields], name)
            model = scores(part.y_true, part.model_pred)
            out[name] = {"rows": len(part.y_true), "organisations": len(set(part.groups)),
                         "accuracy": model["accuracy"], "macro_f1": model["macro_f1"],
                         "keyword_rules_accuracy": scores(part.y_true, part.keyword_pred)["accuracy"]}
        return out

    def summary(self) -> dict[str, Any]:
        out = {
            "title": self.title,
            "folds": self.folds,
            "rows": len(self.y_true),
            "distinct_names": len({normalize_text(n) for n in self.names}),
            **compare_with_baselines(self.y_true, self.model_pred, self.majority_pred, self.keyword_pred,
                                     self.proba, self.classes),
        }
        if self.fields and len(set(self.fields)) > 1:
            out["per_field"] = self.per_field()
        return out


def cross_validate(examples: Sequence[TrainingExample], folds: list[Fold], title: str, params: dict[str, Any] | None = None,
                   *, source_weights: dict[str, float] | None = None, n_jobs: int | None = None, progress: Any = None) -> CVResult:
    """Run ``folds`` for the model and both baselines; rows in fold order. Folds are fitted in
    ``n_jobs`` processes (see :func:`folds_probabilities`); ``source_weights`` as in
    :func:`classifier.classification.training.fit_model`."""
    from classifier.vocabulary.keyword_rules import KeywordRuleClassifier

    classes = sorted({e.category for e in examples})
    folds = [f for f in folds if f.test]
    fold_probas = folds_probabilities(examples, folds, classes, params=params, source_weights=source_weights,
                                      n_jobs=n_jobs, progress=progress)
    y_true, model_pred, majority_pred, keyword_pred, names, probas = [], [], [], [], [], []
    fields, groups, splits = [], [], []
    for fold, proba in zip(folds, fold_probas):
        train = [examples[i] for i in fold.train]
        test = [examples[i] for i in fold.test]
        probas.append(proba)
        fields += [e.field or ("seeds" if e.source == "corpus" else e.project_type or e.source) for e in test]
        groups += [fold.name] * len(test)
        splits += [split_of_example(e) or "" for e in test]
        model_pred += [classes[k] for k in np.argmax(proba, axis=1)]
        majority = Counter(e.category for e in train).most_common(1)[0][0]
        majority_pred += [majority] * len(test)
        rules = KeywordRuleClassifier().fit([e.name for e in train], [e.category for e in train])
        keyword_pred += ["placeholder" if is_rule_placeholder(e.name) else p for e, p in zip(test, rules.predict([e.name for e in test]))]
        y_true += [e.category for e in test]
        names += [e.name for e in test]
    proba_all = np.vstack(probas) if probas else np.zeros((0, len(classes)))
    return CVResult(title, [f.name for f in folds], y_true, model_pred, majority_pred, keyword_pred, proba_all, classes, names,
                    fields, groups, splits)


def review_figures(result: CVResult, cutoff: float | None) -> dict[str, Any]:
    """How the ``needs_review`` cut-off splits ``result``'s rows: the share answered (probability
    ≥ ``cutoff``: ``coverage``), their accuracy, and the accuracy of the rows marked for review."""
    if cutoff is None or not len(result.y_true):
        return {}
    confidence = result.proba.max(axis=1)
    correct = np.array([t == p for t, p in zip(result.y_true, result.model_pred)])
    answered = confidence >= cutoff
    return {
        "cutoff": cutoff,
        "coverage": round(float(answered.mean()), 4),
        "answered_accuracy": round(float(correct[answered].mean()), 4) if answered.any() else None,
        "review_rows": int((~answered).sum()),
        "review_accuracy": round(float(correct[~answered].mean()), 4) if (~answered).any() else None,
    }


@dataclass
class EvaluationReport:
    """The cross-validations; ``summary()`` is the JSON stored in the model metadata.

    ``by_organisation`` is the headline: leave one organisation out over the seed documents
    and the real tables (:func:`organisation_folds`). ``by_document`` is its seed-document
    part; ``by_project_type`` the held-out-project-type cross-validation of the curated
    phrasings (written by the project)."""

    by_document: CVResult | None
    by_project_type: CVResult | None
    training_rows: dict[str, int]
    test_files: list[Any] = field(default_factory=list)  # classifier.evaluation.test_files.FileEvaluation each
    cross_validated: bool = True  # False: skipped on request (the CV results are None)
    by_organisation: CVResult | None = None
    review_cutoff: float | None = None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"training_rows": self.training_rows}
        if self.by_organisation is not None:
            org = self.by_organisation
            real = org.subset([s in ("development", "test") for s in org.splits], "real tables of other organisations")
            test = org.subset([s == "test" for s in org.splits], "real tables, test split (chose nothing)")
            out["leave_one_organisation_out"] = {**org.summary(), "review": review_figures(org, self.review_cutoff)}
            for key, part in (("real_tables", real), ("real_tables_test_split", test)):
                if part.y_true:
                    out["leave_one_organisation_out"][key] = {**part.summary(), "review": review_figures(part, self.review_cutoff)}
        out["grouped_by_document"] = self.by_document.summary() if self.by_document else None
        out["held_out_project_type"] = self.by_project_type.summary() if self.by_project_type else None
        if not self.cross_validated:
            out["cross_validation"] = "skipped"
        if self.test_files:
            out["test_files"] = [tested.summary() for tested in self.test_files]
        return out

    def format(self) -> str:
        """The human-readable report printed by ``zhibiao evaluate``."""
        return format_summary(self.summary())


def evaluate(data: TrainingData | None = None, *, params: dict[str, Any] | None = None,
             test_file: Any = "auto", cross_validation: bool = True, source_weights: dict[str, float] | None = None,
             review_cutoff: float | None = None, n_jobs: int | None = None, progress: Any = None) -> EvaluationReport:
    """Run the cross-validations on the training data (default: the shipped data files), then
    score a model fitted on all of it on labeled test files it never saw
    (:mod:`classifier.evaluation.test_files`).

    First, the headline: leave one organisation out over the seed documents and the real
    tables (:func:`organisation_folds`), whose seed part is also reported as
    ``grouped_by_document``; then the held-out-project-type cross-validation of the curated
    phrasings. ``test_file``: ``"auto"`` (the blind test sets ``corpus/blind_phrasings*.csv``
    that exist), a path, a list of paths, or None (skip). ``cross_validation=False`` skips the
    cross-validations (minutes) and only scores the test files (one fit: seconds).
    ``review_cutoff`` (default :data:`classifier.classification.training.REVIEW_CUTOFF`) is the probability
    below which a result needs review; the report gives the coverage and accuracy it leads to.
    ``progress(step, done, total)`` is called after each fold (``step`` names the cross-validation)."""
    from classifier.classification.training import REVIEW_CUTOFF

    test_paths: list[Any] = []
    if test_file is not None:
        from classifier.evaluation.test_files import default_blind_paths, read_labeled_file

        if test_file == "auto":
            test_paths = default_blind_paths()
        else:
            test_paths = list(test_file) if isinstance(test_file, (list, tuple)) else [test_file]
            for path in test_paths:
                read_labeled_file(path)  # a bad file fails now, not after the cross-validations
    data = data or load_training_data()
    examples = data.examples
    has_orgs = len({organisation_of(e) for e in examples} - {None}) >= 2
    if not has_orgs and not data.curated:
        raise EvaluationError("没有可评估的数据：没有已解析的语料、真实表格，也没有整理的表述")

    def step(name: str):
        return (lambda done, total: progress(name, done, total)) if progress else None

    by_org = by_doc = by_type = None
    if has_orgs and cross_validation:
        by_org = cross_validate(examples, organisation_folds(examples),
                                "leave one organisation out (seed documents + real tables of other organisations; the headline)",
                                params, source_weights=source_weights, n_jobs=n_jobs, progress=step("organisations"))
        if any(s == "seed" for s in by_org.splits):
            by_doc = by_org.subset([s == "seed" for s in by_org.splits], "seed documents (leave one document out)")
    if len({e.project_type for e in data.curated}) >= 2 and cross_validation:
        by_type = cross_validate(examples, project_type_folds(examples),
                                 "held-out project type (curated phrasings written by the project; secondary)",
                                 params, source_weights=source_weights, n_jobs=n_jobs, progress=step("project types"))
    rows = {"corpus": len(data.corpus), "real": len(data.real), "curated": len(data.curated),
            "taxonomy": sum(e.source == "taxonomy" for e in examples)}
    if data.added:
        rows["added"] = len(data.added)
    tested = []
    if test_paths:
        from classifier.evaluation.test_files import evaluate_file

        model = fit_model(examples, source_weights=source_weights, **(params or {}))
        tested = [evaluate_file(path, model=model, training=data) for path in test_paths]
    return EvaluationReport(by_doc, by_type, rows, tested, cross_validated=cross_validation, by_organisation=by_org,
                            review_cutoff=REVIEW_CUTOFF if review_cutoff is None else review_cutoff)


#: The cross-validations and sets of the report, in words (their keys stay those of the JSON summary).
PART_ZH = {
    "real_tables": "其他单位的真实表格（逐个留出一个单位）",
    "real_tables_test_split": "真实表格的测试部分（未参与任何选择）",
    "all_organisations": "全部单位：种子文件 + 其他单位的真实表格（逐个留出一个单位；主要结果）",
    "grouped_by_document": "种子文件（逐个留出一个文件）",
    "held_out_project_type": "留出项目类型（项目自己编写的整理写法；次要结果）",
}
#: The model and the two baselines, in words.
SCORER_ZH = {"model": "模型", "keyword_rules": "关键词规则", "majority": "多数类"}


def _format_cv(key: str, part: dict[str, Any], lines: list[str], *, details: bool = True) -> None:
    model = part["model"]
    title = PART_ZH.get(key, part["title"])
    lines.append(f"\n[{key}] {title}：{part['rows']} 行，{part['distinct_names']} 个不同名称，{len(part['folds'])} 折")
    lines.append(f"  {_cell('', 16, right=False)}{_cell('macro-F1', 10)}{_cell('准确率', 10)}")
    for name, figures in (("model", model), ("keyword_rules", part["keyword_rules"]), ("majority", part["majority"])):
        lines.append(f"  {_cell(SCORER_ZH[name], 16, right=False)}{figures['macro_f1']:>10.3f}{figures['accuracy']:>10.3f}")
    cal = part["calibration"]
    lines.append(f"  校准：Brier {cal['brier']:.3f}，ECE {cal['ece']:.3f}，平均置信度 {cal['mean_confidence']:.3f}")
    review = part.get("review") or {}
    if review:
        answered = "–" if review["answered_accuracy"] is None else f"{review['answered_accuracy']:.3f}"
        marked = "–" if review["review_accuracy"] is None else f"{review['review_accuracy']:.3f}"
        lines.append(f"  请复核线 p {review['cutoff']:.2f}：直接给出 {review['coverage']:.1%} 的行，准确率 {answered}；"
                     f"{review['review_rows']} 行标为请复核（准确率 {marked}）")
    if not details:
        return
    if part.get("per_field"):
        lines.append("  " + _cell("领域", 18, right=False) + "".join(
            _cell(h, w) for h, w in (("行数", 6), ("单位数", 8), ("准确率", 10), ("macro-F1", 10), ("规则准确率", 12))))
        for name, m in part["per_field"].items():
            lines.append(f"  {_cell(name, 18, right=False)}{m['rows']:>6d}{m['organisations']:>8d}{m['accuracy']:>10.3f}"
                         f"{m['macro_f1']:>10.3f}{m['keyword_rules_accuracy']:>12.3f}")
    lines.append("  " + _cell("类别", 18, right=False) + "".join(
        _cell(h, w) for h, w in (("精确率", 10), ("召回率", 8), ("F1", 7), ("样本数", 9))))
    for c, m in model["per_class"].items():
        lines.append(f"  {_cell(c, 18, right=False)}{m['precision']:>10.2f}{m['recall']:>8.2f}{m['f1']:>7.2f}{m['support']:>9d}")
    labels = model["confusion"]["labels"]
    short = [c[:5] for c in labels]
    lines.append("  混淆矩阵（行 = 人工标注，列 = 预测）：")
    lines.append("  " + " " * 18 + "".join(f"{s:>6}" for s in short))
    for c, row in zip(labels, model["confusion"]["matrix"]):
        lines.append(f"  {c:<18}" + "".join(f"{v:>6d}" if v else f"{'.':>6}" for v in row))


def format_summary(summary: dict[str, Any]) -> str:
    """Plain-text rendering of :meth:`EvaluationReport.summary` (also works on stored metadata),
    in Chinese for the command line: the real-table figures first, then the secondary sets
    written by the project."""
    rows = summary["training_rows"]
    added = f"、你加入的 {rows['added']} 行（只用于训练）" if rows.get("added") else ""
    real = f"真实表格 {rows['real']} 行、" if rows.get("real") else ""
    lines = [f"训练数据：种子文件 {rows['corpus']} 行、{real}整理的写法 {rows['curated']} 条、"
             f"类别典型名称 {rows.get('taxonomy', 0)} 个{added}"]
    skipped = summary.get("cross_validation") == "skipped"
    not_run = "未运行（" + ("用 --test-only 跳过了" if skipped else "没有数据") + "）"
    org = summary.get("leave_one_organisation_out")
    if org:
        for key in ("real_tables", "real_tables_test_split"):
            if org.get(key) and org[key].get("rows"):
                _format_cv(key, org[key], lines, details=key == "real_tables")
        _format_cv("all_organisations", org, lines, details=False)
    elif "leave_one_organisation_out" in summary or skipped:
        lines.append(f"\n[leave_one_organisation_out] 逐个留出一个单位：{not_run}")
    lines.append("\n次要结果：种子文件，以及项目自己编写的数据集")
    for key in ("grouped_by_document", "held_out_project_type"):
        part = summary.get(key)
        if not part:
            lines.append(f"\n[{key}] {PART_ZH[key]}：{not_run}")
            continue
        _format_cv(key, part, lines)
    if summary.get("test_files"):
        from classifier.evaluation.test_files import format_file_evaluation

        for tested in summary["test_files"]:
            lines.append("\n" + format_file_evaluation(tested))
    return "\n".join(lines)


def train_evaluated(out_dir: str | Path | None = None, *, data: TrainingData | None = None, progress: Any = None,
                    **params: Any) -> dict[str, Any]:
    """Cross-validate (:func:`evaluate`, minutes; ``progress`` as there), then train and save the
    model with those figures in its metadata (:func:`classifier.classification.training.train`);
    returns the metadata."""
    from classifier.classification.training import train

    data = data or load_training_data()
    summary = evaluate(data=data, progress=progress, **({"params": params} if params else {})).summary()
    return train(out_dir, data=data, evaluation=summary, **params)
