"""Scoring the model on a labeled file it never saw (``zhibiao evaluate --test-file``)."""
from __future__ import annotations

import pytest

from classifier.evaluation.test_files import annotator_agreement, evaluate_file, read_labeled_file
from classifier.classification.training import TrainingDataError


def write(tmp_path, text, name="labeled.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_scores_model_and_baselines_per_class_and_group(tmp_path):
    path = write(tmp_path, "name,category,description,field\n"
                 "参加义诊群众满意度,satisfaction,,hospital\n"
                 "义诊活动开展场次,quantity,全年开展义诊的场次,hospital\n"
                 "检测报告按期出具率,timeliness,,inspection\n"
                 "检测设备购置成本,cost,购置检测设备的费用,inspection\n")
    result = evaluate_file(path)
    summary = result.summary()
    assert summary["rows"] == 4 and summary["left_out_as_training_names"] == 0
    assert set(summary["groups"]) == {"hospital", "inspection"}
    assert summary["groups"]["hospital"]["rows"] == 2
    for key in ("model", "keyword_rules", "majority"):
        assert 0.0 <= summary[key]["macro_f1"] <= 1.0
    # these four are easy: the model must get them right
    assert result.model_pred == ["satisfaction", "quantity", "timeliness", "cost"]
    assert summary["model"]["accuracy"] == 1.0 and result.errors() == []
    assert result.proba.shape == (4, len(result.classes))
    assert result.proba.sum(axis=1) == pytest.approx([1.0] * 4, abs=1e-3)


def test_training_names_are_left_out_and_counted(tmp_path):
    # 完工及时率 is a taxonomy typical name, so it is in the training data
    path = write(tmp_path, "name,category\n完工及时率,timeliness\n参加义诊群众满意度,satisfaction\n")
    result = evaluate_file(path)
    assert [r.name for r in result.rows] == ["参加义诊群众满意度"]
    assert [r.name for r in result.overlapping] == ["完工及时率"]
    kept = evaluate_file(path, keep_training_names=True)
    assert len(kept.rows) == 2


def test_a_wrong_prediction_is_listed_with_its_line(tmp_path):
    path = write(tmp_path, "name,category\n参加义诊群众满意度,cost\n")
    errors = evaluate_file(path).errors()
    assert errors == [{"line": 2, "name": "参加义诊群众满意度", "label": "cost",
                       "predicted": "satisfaction", "probability": errors[0]["probability"]}]


@pytest.mark.parametrize("text, problem", [
    ("name,label\n满意度,satisfaction\n", "表头必须有 name 和 category 列"),
    ("name,category\n满意度,happiness\n", "第 2 行：未知类别“happiness”"),
    ("name,category\n", "没有标注行"),
])
def test_bad_files_get_one_line_naming_the_file(tmp_path, text, problem):
    path = write(tmp_path, text)
    with pytest.raises(TrainingDataError) as err:
        read_labeled_file(path)
    message = str(err.value)
    assert str(path) in message and problem in message and "\n" not in message


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(TrainingDataError, match="文件不存在"):
        read_labeled_file(tmp_path / "nope.csv")
    path = write(tmp_path, "name,category\n满意度,satisfaction\n", encoding="gb18030")
    with pytest.raises(TrainingDataError, match="不是 UTF-8 文本"):
        read_labeled_file(path)


def test_only_training_names_is_an_error(tmp_path):
    path = write(tmp_path, "name,category\n完工及时率,timeliness\n")
    with pytest.raises(TrainingDataError, match="没有可测试的行"):
        evaluate_file(path)


def test_annotator_agreement():
    first = ["quantity", "quality", "social", "social"]
    second = ["quantity", "quality", "economic", "social"]
    result = annotator_agreement(first, second)
    assert result["rows"] == 4 and result["agreement"] == 0.75
    assert 0.0 < result["kappa"] < 0.75  # kappa discounts chance agreement
    assert annotator_agreement(first, first)["kappa"] == 1.0
    with pytest.raises(ValueError):
        annotator_agreement(first, second[:3])


def test_evaluate_scores_a_model_fitted_on_the_given_data_on_the_test_file(tmp_path):
    from classifier.evaluation.cross_validation import evaluate, format_summary
    from classifier.classification.training import TrainingData, TrainingExample

    def ex(name, category, doc):
        return TrainingExample(name=name, description="", category=category, source="corpus", group=doc)

    data = TrainingData(examples=[
        ex("服务对象满意度", "satisfaction", "a"), ex("培训人次", "quantity", "a"), ex("完工及时率", "timeliness", "a"),
        ex("群众满意度", "satisfaction", "b"), ex("设备采购数量", "quantity", "b"), ex("按时拨付率", "timeliness", "b"),
    ])
    path = write(tmp_path, "name,category,field\n参加义诊群众满意度,satisfaction,hospital\n义诊活动开展场次,quantity,hospital\n")
    report = evaluate(data, test_file=path)
    (summary,) = report.summary()["test_files"]
    assert summary["rows"] == 2 and summary["groups"]["hospital"]["rows"] == 2
    assert "[测试文件]" in format_summary(report.summary())
    assert "test_files" not in evaluate(data, test_file=None).summary()
    other = write(tmp_path, "name,category\n义诊满意度,satisfaction\n义诊人次,quantity\n", name="other.csv")
    both = evaluate(data, test_file=[path, other]).summary()["test_files"]
    assert [s["rows"] for s in both] == [2, 2]
    assert format_summary(evaluate(data, test_file=[path, other]).summary()).count("[测试文件]") == 2


def test_cli_evaluate_rejects_a_bad_test_file_at_once(tmp_path):
    import subprocess
    import sys

    path = write(tmp_path, "name,label\n满意度,satisfaction\n")
    result = subprocess.run([sys.executable, "-m", "classifier", "evaluate", "--test-file", str(path)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 1
    assert result.stderr.strip() == f"zhibiao: {path}：表头必须有 name 和 category 列"
    assert result.stdout == ""
