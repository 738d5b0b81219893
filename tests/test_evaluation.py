"""Evaluation: folds never share a document or a name; metrics; out-of-fold probabilities."""
from __future__ import annotations

import numpy as np
import pytest

from classifier.evaluation.metrics import calibration, scores
from classifier.evaluation.cross_validation import (
    cross_validate,
    document_folds,
    evaluate,
    format_summary,
    out_of_fold_probabilities,
    project_type_folds,
    EvaluationError,
)
from classifier.vocabulary.keyword_rules import KeywordRuleClassifier, rule_category
from classifier.vocabulary.segmentation import normalize_text
from classifier.classification.training import TrainingData, TrainingExample, load_training_data


@pytest.fixture(scope="module")
def shipped_data() -> TrainingData:
    return load_training_data()


def test_training_data_has_corpus_rows_traced_to_their_documents(shipped_data):
    corpus = shipped_data.corpus
    assert len({e.group for e in corpus}) == 5
    assert all(e.location and e.indicator is not None for e in corpus)
    assert not shipped_data.unlabeled, "every corpus name must have a hand label in corpus/labels.csv"
    assert shipped_data.curated and all(e.group.startswith("curated:") for e in shipped_data.curated)


def test_document_folds_share_no_document_and_no_name(shipped_data):
    examples = shipped_data.examples
    folds = document_folds(examples)
    assert len(folds) == 5
    for fold in folds:
        test_docs = {examples[i].group for i in fold.test}
        assert test_docs == {fold.name}
        assert all(examples[i].group != fold.name for i in fold.train)
        test_names = {normalize_text(examples[i].name) for i in fold.test}
        assert not test_names & {normalize_text(examples[i].name) for i in fold.train}


def test_project_type_folds_hold_out_whole_project_types(shipped_data):
    examples = shipped_data.examples
    folds = project_type_folds(examples)
    assert len(folds) >= 5
    for fold in folds:
        assert {examples[i].project_type for i in fold.test} == {fold.name}
        assert all(examples[i].project_type != fold.name for i in fold.train)
        test_names = {normalize_text(examples[i].name) for i in fold.test}
        assert not test_names & {normalize_text(examples[i].name) for i in fold.train}


def test_macro_f1_counts_only_classes_present_in_the_truth():
    result = scores(["a", "a", "b", "b"], ["a", "a", "b", "c"])
    # F1(a) = 1, F1(b) = 2/3; c is predicted but absent from the truth: not averaged
    assert result["macro_f1"] == pytest.approx((1 + 2 / 3) / 2, abs=1e-4)
    assert result["accuracy"] == 0.75
    assert result["confusion"]["labels"] == ["a", "b", "c"]
    assert result["confusion"]["matrix"] == [[2, 0, 0], [0, 1, 1], [0, 0, 0]]
    assert result["per_class"]["b"]["recall"] == 0.5


def test_calibration_perfect_and_overconfident():
    classes = ["a", "b"]
    perfect = calibration(["a", "b"], np.array([[1.0, 0.0], [0.0, 1.0]]), classes)
    assert perfect["brier"] == 0 and perfect["ece"] == 0
    wrong = calibration(["a", "b"], np.array([[0.0, 1.0], [1.0, 0.0]]), classes)
    assert wrong["brier"] == 2 and wrong["ece"] == 1


def _example(name, category, doc, description=""):
    return TrainingExample(name=name, description=description, category=category, source="corpus", group=doc)


# Three small hand-made "documents" (test fixtures, not corpus data).
SMALL = TrainingData(
    examples=[
        _example("服务对象满意度", "satisfaction", "d1"), _example("完工及时率", "timeliness", "d1"),
        _example("培训人次", "quantity", "d1"), _example("无", "placeholder", "d1"),
        _example("群众满意度", "satisfaction", "d2"), _example("维修及时率", "timeliness", "d2"),
        _example("采购设备数量", "quantity", "d2"), _example("18.60", "placeholder", "d2"),
        _example("服务对象满意度", "satisfaction", "d3"), _example("拨付及时率", "timeliness", "d3"),
        _example("举办活动场次", "quantity", "d3"), _example("学生满意度", "satisfaction", "d3"),
    ]
)


def test_out_of_fold_probabilities_shape_and_grouping():
    oof = out_of_fold_probabilities(SMALL)
    assert oof.proba.shape == (12, 4)
    assert oof.classes == ["placeholder", "quantity", "satisfaction", "timeliness"]
    assert np.allclose(oof.proba.sum(axis=1), 1.0)
    assert oof.fold_of == [e.group for e in SMALL.examples]
    # the no-Chinese name is decided by rule, as classify() does
    assert oof.predicted[7] == "placeholder" and oof.proba[7].max() == 1.0
    assert oof.label_probability().shape == (12,)


def test_out_of_fold_needs_documents():
    one_doc = TrainingData(examples=[_example("满意度", "satisfaction", "d1"), _example("培训人次", "quantity", "d1")])
    with pytest.raises(EvaluationError):
        out_of_fold_probabilities(one_doc)


def test_cross_validation_runs_model_and_both_baselines_on_the_same_rows():
    result = cross_validate(SMALL.examples, document_folds(SMALL.examples), "small")
    assert len(result.y_true) == len(result.model_pred) == len(result.keyword_pred) == len(result.majority_pred) == 12
    summary = result.summary()
    assert set(summary) >= {"model", "keyword_rules", "majority", "calibration"}
    report = evaluate(SMALL)
    assert report.by_document is not None and report.by_project_type is None
    text = format_summary(report.summary())
    assert "macro-F1" in text and "关键词规则" in text and "混淆矩阵（行 = 人工标注，列 = 预测）" in text


@pytest.mark.parametrize(
    "name, category",
    [
        ("按时拨付率", "timeliness"),  # guideline 2: time beats everything else
        ("按期完成率", "timeliness"),
        ("预算执行率", "budget_execution"),
        ("支出进度", "budget_execution"),
        ("完成率", "completion"),
        ("是否出现安全事故", "safety"),
        ("举办招商引资活动数量", "quantity"),  # guideline 5
        ("招商引资规模增长率", "economic"),
        ("为企业生产经营提供优质环境", "social"),
        ("经济效益指标", "placeholder"),
        ("被投诉次数", "satisfaction"),
    ],
)
def test_keyword_rules_follow_the_labeling_guideline(name, category):
    assert rule_category(name) == category


def test_keyword_baseline_falls_back_to_the_majority_class():
    rules = KeywordRuleClassifier().fit(["a", "b", "c"], ["quantity", "quantity", "social"])
    assert rules.fallback_ == "quantity"
    assert list(rules.predict(["完工及时率", "某某某"])) == ["timeliness", "quantity"]


def test_keyword_rule_file_uses_taxonomy_ids_and_unique_rule_ids():
    from classifier.vocabulary.keyword_rules import load_rules
    from classifier.core.taxonomy import load_taxonomy

    rules = load_rules()
    assert {r.category for r in rules} <= set(load_taxonomy().ids)
    assert len({r.id for r in rules}) == len(rules)
