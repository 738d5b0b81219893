"""Real tables of other organisations: labels, splits, leave-one-organisation-out folds,
weak 二级 labels, needs_review, and users' own labeled tables as training rows."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest

from classifier.core.errors import ReadError
from classifier.evaluation.cross_validation import organisation_folds, organisation_of, split_of_example
from classifier.evaluation.test_files import annotator_agreement
from classifier.reading.real_tables import load_real_labels, load_real_rows, split_of
from classifier.vocabulary.segmentation import normalize_text
from classifier.classification.training import TrainingDataError, load_training_data, real_table_examples

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def data():
    return load_training_data()


def test_every_real_table_row_has_one_hand_label_with_its_name():
    rows = load_real_rows()
    labels = load_real_labels()
    assert len({r.file for r in rows}) >= 55 and len(rows) >= 518
    assert set(labels) == {(r.file, r.line) for r in rows}
    assert all(labels[(r.file, r.line)].name == r.name for r in rows)


def test_a_name_has_the_same_label_wherever_it_occurs():
    by_name: dict[str, set[str]] = {}
    for label in load_real_labels().values():
        by_name.setdefault(label.name, set()).add(label.category)
    assert all(len(c) == 1 for c in by_name.values()), {n: c for n, c in by_name.items() if len(c) > 1}


def test_real_rows_are_training_examples_traced_to_file_and_line(data):
    real = data.real
    assert len(real) == len(load_real_rows())
    assert all(e.group.startswith("real:page-") and re.search(r"\.jsonl line \d+$", e.location) for e in real)
    assert all(e.field for e in real)
    assert any(e.level2 for e in real), "the publisher's 二级 is kept as evidence"
    assert any(f.endswith("real_labels.csv") for f in data.files)


def test_a_stale_label_is_refused(tmp_path):
    labels = tmp_path / "labels.csv"
    first = load_real_rows()[0]
    with labels.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["file", "line", "name", "category", "note"], [first.file, first.line, "别的名称", "quantity", ""]])
    with pytest.raises(TrainingDataError, match="标注的名称是“别的名称”"):
        real_table_examples(labels_path=labels)


def test_an_unknown_category_in_the_labels_names_the_line(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("file,line,name,category,note\na.jsonl,1,x,speed,\n", encoding="utf-8")
    from classifier.reading.real_tables import RealTablesError

    with pytest.raises(RealTablesError, match="第 2 行：未知类别“speed”"):
        load_real_labels(labels)


def test_second_annotation_matches_the_quoted_agreement():
    final = {label.name: label.category for label in load_real_labels().values()}
    with (CORPUS / "real_second_annotation.csv").open(encoding="utf-8", newline="") as fh:
        second = list(csv.DictReader(fh))
    assert len(second) >= len(final) / 3, "at least a third of the distinct names"
    assert all(r["name"] in final for r in second)
    figures = annotator_agreement([final[r["name"]] for r in second], [r["category"] for r in second])
    quoted = f"{round(figures['agreement'] * figures['rows']):.0f} of {figures['rows']} ({figures['agreement']:.3f}), κ {figures['kappa']:.3f}"
    assert quoted in (CORPUS / "README.md").read_text(encoding="utf-8")


def test_the_split_is_fixed_by_the_file_name_and_has_both_parts():
    files = sorted({r.file for r in load_real_rows()})
    splits = {f: split_of(f) for f in files}
    assert set(splits.values()) == {"development", "test"}
    assert sum(s == "development" for s in splits.values()) == 25  # as written in docs/classifier_history.md
    assert split_of("page-tjcourt.gov.cn_hebei-court-target.jsonl") == split_of("page-tjcourt.gov.cn_hebei-court-target.jsonl")
    # a file added later gets a split without moving the others
    assert split_of("page-example.org_new-table.jsonl") in ("development", "test")


def test_leave_one_organisation_out_never_shares_an_organisation_or_a_name(data):
    examples = data.examples
    folds = organisation_folds(examples)
    assert len(folds) == len({organisation_of(e) for e in examples} - {None})
    for fold in folds:
        held = {organisation_of(examples[i]) for i in fold.test}
        assert held == {fold.name}
        assert all(organisation_of(examples[i]) != fold.name for i in fold.train)
        test_names = {normalize_text(examples[i].name) for i in fold.test}
        assert not any(normalize_text(examples[i].name) in test_names for i in fold.train)
    assert all(e.source in ("curated", "taxonomy") or organisation_of(e) for e in examples)


def test_development_folds_never_train_on_a_test_split_file(data):
    examples = data.examples
    folds = organisation_folds(examples, split="development")
    assert folds and all(split_of_example(examples[i]) == "development" for f in folds for i in f.test)
    for fold in folds:
        assert not any(split_of_example(examples[i]) == "test" for i in fold.train)


# --------------------------------------------------------------------------- weak labels


def test_weak_label_reads_the_publishers_spellings():
    from classifier.vocabulary.weak_labels import weak_label

    assert weak_label("服务对象满意度指标") == "satisfaction"
    assert weak_label("满意度指标") == "satisfaction"
    assert weak_label("时效指标(必填)") == "timeliness"
    assert weak_label("经济 效益 指标") == "economic"
    assert weak_label("产出数量") == "quantity"
    assert weak_label("预算管理") is None and weak_label("") is None and weak_label(None) is None


def test_confident_learning_flags_a_label_the_model_contradicts():
    from classifier.vocabulary.weak_labels import contradicted

    classes = ["quantity", "satisfaction"]
    weak = ["quantity", "quantity", "quantity", "satisfaction", "satisfaction"]
    proba = np.array([[0.9, 0.1], [0.8, 0.2], [0.05, 0.95], [0.1, 0.9], [0.2, 0.8]])
    assert contradicted(weak, proba, classes).tolist() == [False, False, True, False, False]


# --------------------------------------------------------------------------- labeled tables


def _table(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["一级指标", "二级指标", "三级指标", "指标值", "类别"], *rows])
    return path


def test_a_table_with_a_category_column_gives_labeled_rows(tmp_path):
    from classifier.reading.labeled_tables import read_labeled_table

    path = _table(tmp_path / "ours.csv", [
        ["产出指标", "数量指标", "门诊接诊人次", "≥5000人次", "quantity"],
        ["", "时效指标", "检验报告出具时限", "≤3天", "时效"],
        ["满意度指标", "服务对象满意度指标", "患者满意度", "≥90%", ""],
    ])
    table = read_labeled_table(path)
    assert [(r.name, r.category, r.weak) for r in table.rows] == [("门诊接诊人次", "quantity", False), ("检验报告出具时限", "timeliness", False)]
    assert table.skipped["no category"] == 1
    weak = read_labeled_table(path, weak_level2=True)
    assert (weak.rows[-1].name, weak.rows[-1].category, weak.rows[-1].weak) == ("患者满意度", "satisfaction", True)


def test_an_unknown_category_in_a_table_names_the_row(tmp_path):
    from classifier.reading.labeled_tables import read_labeled_table

    path = _table(tmp_path / "bad.csv", [["产出指标", "数量指标", "门诊接诊人次", "≥5000人次", "speed"]])
    with pytest.raises(ReadError, match=r"bad\.csv row 2：未知类别“speed”"):
        read_labeled_table(path)


def test_a_table_without_any_label_is_refused_with_a_hint(tmp_path):
    path = _table(tmp_path / "none.csv", [["产出指标", "数量指标", "门诊接诊人次", "≥5000人次", ""]])
    with pytest.raises(TrainingDataError, match="没有标了类别的三级指标行.*--weak-level2"):
        load_training_data(added_paths=[path], include_real=False)


@pytest.mark.slow
def test_weak_rows_the_model_contradicts_weigh_nothing(tmp_path):
    from classifier.classification.training import trust_weak_rows

    path = _table(tmp_path / "weak.csv", [
        ["产出指标", "数量指标", "门诊接诊人次", "≥5000人次", ""],
        ["产出指标", "数量指标", "患者满意度", "≥90%", ""],  # misfiled: satisfaction under 数量
        ["满意度指标", "服务对象满意度指标", "就诊群众满意度", "≥90%", ""],
    ])
    data = load_training_data(added_paths=[path], weak_level2=True)
    counts = trust_weak_rows(data)
    weights = {e.name: e.weight for e in data.added}
    assert counts == {"weak": 3, "trusted": 2, "contradicted": 1}
    assert weights == {"门诊接诊人次": 1.0, "患者满意度": 0.0, "就诊群众满意度": 1.0}


# --------------------------------------------------------------------------- needs_review


def test_needs_review_marks_results_below_the_cut_off():
    from classifier.classification.api import classify

    names = ["服务对象满意度", "全年", "项目实施情况"]
    first = classify(names, review_cutoff=0.0)
    assert not any(r.needs_review for r in first)
    low, high = sorted(r.probability for r in first)[:2]
    cutoff = (low + high) / 2 if low < high else low + 1e-6
    results = classify(names, review_cutoff=cutoff)
    assert [r.needs_review for r in results] == [r.probability < cutoff for r in first]
    assert any(r.needs_review for r in results) and not all(r.needs_review for r in results)
    assert {r.to_dict()["needs_review"] for r in results} == {True, False}


def test_the_shipped_model_carries_its_review_cut_off():
    from classifier.classification.api import classify, review_cutoff_of
    from classifier.classification.persistence import load_model

    cutoff = review_cutoff_of(load_model())
    assert cutoff is not None and 0 < cutoff < 1
    results = classify(["服务对象满意度", "项目实施情况", "全年"])
    assert all(r.needs_review == (r.probability < cutoff) for r in results)


@pytest.mark.slow
def test_train_add_table_weak_level2_reports_what_it_trusted(tmp_path):
    import json

    from typer.testing import CliRunner

    from classifier.cli.app import app

    path = _table(tmp_path / "ours.csv", [
        ["产出指标", "数量指标", "门诊接诊人次", "≥5000人次", ""],
        ["产出指标", "数量指标", "患者满意度", "≥90%", ""],
        ["产出指标", "时效指标", "检验报告出具时限", "≤3天", "timeliness"],
    ])
    result = CliRunner().invoke(app, ["train", "--add", str(path), "--weak-level2", "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert "加入的行中有 2 行按二级指标标注；采用 1 行，1 行与不用这些行训练的模型相矛盾（已略去）" in result.output
    meta = json.loads((tmp_path / "m" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["added_rows"] == 3 and meta["review_cutoff"] == pytest.approx(0.65)


def test_weak_level2_without_add_is_refused():
    from typer.testing import CliRunner

    from classifier.cli.app import app

    result = CliRunner().invoke(app, ["train", "--weak-level2", "--out", "x"])
    assert result.exit_code != 0 and "--weak-level2 需要同时给出 --add" in result.output


def test_real_tables_read_as_documents_keep_every_row_at_its_line(tmp_path):
    """The real tables go through the same interpreter as a user's CSV: every row becomes an
    indicator located at its jsonl line, projects follow the ``project`` key, a blank 二级 is
    filled from the row above (and says so), 二级 spellings are normalized."""
    import json

    from classifier.reading.real_tables import real_table_documents

    rows = load_real_rows()
    documents = real_table_documents(rows)
    assert len(documents) == len({r.file for r in rows})
    located = {(i.location.path, i.location.line_start): i for d in documents for _, i in d.iter_indicators()}
    assert set(located) == {(r.file, r.line) for r in rows}
    assert all(located[(r.file, r.line)].name_raw == r.name for r in rows)

    table = [
        {"level1": "产出指标", "level2": "数量指标(必填硬性指标)", "level3": "培训人次", "value": "≥200", "unit": "人次",
         "project": "甲项目"},
        {"level1": "", "level2": "", "level3": "培训场次", "value": "≥4", "unit": "场", "project": "甲项目"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标等", "level3": "学员满意度", "value": "≥90%",
         "project": "乙项目"},
    ]
    (tmp_path / "x.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in table), encoding="utf-8")
    (doc,) = real_table_documents(load_real_rows(tmp_path))
    assert [p.name for p in doc.projects] == ["甲项目", "乙项目"]
    first, second = doc.projects[0].indicators
    assert first.level2 == "数量指标" and first.threshold.value == 200 and first.threshold.unit == "人次"
    assert second.level2 == "数量指标" and second.level2_inherited and second.location.line_start == 2
    assert doc.projects[1].indicators[0].level2 == "服务对象满意度指标"
