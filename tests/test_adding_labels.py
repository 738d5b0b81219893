"""Your own labeled names as extra training data (``zhibiao train --add`` / ``evaluate --add``)."""
from __future__ import annotations

import pytest

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from classifier.cli.app import app
from classifier.evaluation.cross_validation import document_folds, evaluate, format_summary, project_type_folds
from classifier.classification.training import TrainingData, TrainingExample, load_training_data

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def write(tmp_path, text, name="ours.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_added_rows_are_traced_and_only_ever_train(tmp_path):
    path = write(tmp_path, "name,category,description,field\n门诊预约挂号率,coverage,,hospital\n检验结果互认项目数,quantity,互认的检验项目数,hospital\n")
    data = load_training_data(added_paths=[path])
    added = data.added
    assert [(e.name, e.category, e.source, e.group, e.location) for e in added] == [
        ("门诊预约挂号率", "coverage", "added", "added:ours.csv", "ours.csv line 2"),
        ("检验结果互认项目数", "quantity", "added", "added:ours.csv", "ours.csv line 3"),
    ]
    assert added[1].description == "互认的检验项目数"
    assert str(path) in data.files and len(data.files[str(path)]) == 64  # its sha256, for the metadata
    assert len(data.examples) == len(load_training_data().examples) + 2
    index = {id(e): i for i, e in enumerate(data.examples)}
    added_rows = {index[id(e)] for e in added}
    for fold in document_folds(data.examples) + project_type_folds(data.examples):
        assert not added_rows & set(fold.test), fold.name
        assert added_rows <= set(fold.train), fold.name


@pytest.mark.slow
def test_evaluate_counts_added_rows_and_leaves_their_names_out_of_the_test_file(tmp_path):
    def ex(name, category, doc, source="corpus"):
        return TrainingExample(name=name, description="", category=category, source=source, group=doc)

    data = TrainingData(examples=[
        ex("服务对象满意度", "satisfaction", "a"), ex("培训人次", "quantity", "a"), ex("完工及时率", "timeliness", "a"),
        ex("群众满意度", "satisfaction", "b"), ex("设备采购数量", "quantity", "b"), ex("按时拨付率", "timeliness", "b"),
        ex("义诊活动开展场次", "quantity", "added:ours.csv", source="added"),
    ])
    test = write(tmp_path, "name,category\n参加义诊群众满意度,satisfaction\n义诊活动开展场次,quantity\n义诊人次,quantity\n", name="test.csv")
    report = evaluate(data, test_file=test)
    summary = report.summary()
    assert summary["training_rows"]["added"] == 1
    (tested,) = summary["test_files"]
    assert tested["rows"] == 2 and tested["left_out_as_training_names"] == 1
    assert "你加入的 1 行（只用于训练）" in format_summary(summary)


@pytest.mark.slow
def test_train_add_learns_your_label_and_records_the_file(tmp_path):
    name = "麒麟鲲鹏适配"  # characters no training name has
    out = runner.invoke(app, ["classify", "--json", name])
    assert json.loads(out.output)[0]["category"] != "safety"  # so the check below is not vacuous
    path = write(tmp_path, f"name,category\n{name},safety\n")
    result = runner.invoke(app, ["train", "--add", str(path), "--out", str(tmp_path / "m"), "--no-evaluate"])
    assert result.exit_code == 0, result.output
    assert "、你加入的 1 行）" in result.output
    meta = json.loads((tmp_path / "m" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["added_rows"] == 1 and str(path) in meta["training_data"]["files"]
    out = runner.invoke(app, ["classify", "--model", str(tmp_path / "m"), "--json", name])
    assert json.loads(out.output)[0]["category"] == "safety"


def _zhibiao(*args: str) -> subprocess.CompletedProcess:
    code = "from classifier.cli.app import main; import sys; sys.argv = ['zhibiao', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=900)


def test_add_needs_out_so_the_shipped_model_is_not_overwritten(tmp_path):
    path = write(tmp_path, "name,category\n门诊预约挂号率,coverage\n")
    before = (ROOT / "models" / "metadata.json").read_bytes()
    result = _zhibiao("train", "--add", str(path))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("zhibiao: --add 需要同时给出 --out") and len(result.stderr.strip().splitlines()) == 1
    assert (ROOT / "models" / "metadata.json").read_bytes() == before


@pytest.mark.slow
def test_a_bad_added_file_is_one_line_naming_file_and_line(tmp_path):
    bad = write(tmp_path, "name,category\n门诊预约挂号率,coverage\n门诊人次,visits\n")
    for command in ("train", "evaluate"):
        result = _zhibiao(command, "--add", str(bad), "--out", str(tmp_path / "m")) if command == "train" else _zhibiao(command, "--add", str(bad))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.strip() == f"zhibiao: {bad}：第 3 行：未知类别“visits”"
    empty = write(tmp_path, "name,category\n", name="empty.csv")
    result = _zhibiao("train", "--add", str(empty), "--out", str(tmp_path / "m"))
    assert result.returncode == 1 and result.stderr.strip() == f"zhibiao: {empty}：没有标注行"
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_evaluate_test_only_scores_your_file_in_one_fit_without_warnings(tmp_path):
    ours = write(tmp_path, "name,category\n门诊预约挂号率,coverage\n")
    test = write(tmp_path, "name,category,field\n门诊预约挂号率,coverage,hospital\n检验报告按时出具率,timeliness,hospital\n",
                 name="test.csv")
    result = _zhibiao("evaluate", "--test-only", "--add", str(ours), "--test-file", str(test), "--json")
    assert result.returncode == 0 and result.stderr == ""  # a one-class file used to print sklearn warnings
    summary = json.loads(result.stdout)
    assert summary["cross_validation"] == "skipped"
    assert summary["grouped_by_document"] is None and summary["held_out_project_type"] is None
    assert summary["training_rows"]["added"] == 1
    (tested,) = summary["test_files"]
    assert tested["rows"] == 1 and tested["left_out_as_training_names"] == 1  # the added name is not tested
    assert tested["model"]["confusion"]["matrix"] == [[1]]
    both = _zhibiao("evaluate", "--test-only", "--no-test-file")
    assert both.returncode == 1 and both.stderr.strip() == "zhibiao: 同时给出 --test-only 和 --no-test-file 就没有可评估的了"


def test_the_labeling_sheet_of_classify_goes_back_in_with_add(tmp_path):
    import codecs
    import csv
    import io

    from classifier.classification.training import load_added

    sheet = tmp_path / "to_label.csv"
    result = runner.invoke(app, ["classify", "--csv", str(sheet), "完工及时率", "", "补助标准（元/人）"])
    assert result.exit_code == 0, result.output
    raw = sheet.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)  # Excel and WPS need it to show the Chinese text
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0])[:3] == ["name", "category", "description"]
    assert [r["category"] for r in rows] == ["timeliness", "placeholder", "cost"]
    assert float(rows[0]["probability"]) > 0.5 and rows[0]["reason"].startswith("“及时”")
    # the user corrects a category in Excel and trains on the sheet; the empty row is no example
    sheet.write_text(raw.decode("utf-8-sig").replace("补助标准（元/人）,cost", "补助标准（元/人）,quantity"), encoding="utf-8-sig")
    assert [(e.name, e.category) for e in load_added(sheet)] == [("完工及时率", "timeliness"), ("补助标准（元/人）", "quantity")]


@pytest.mark.slow
def test_the_labeling_sheet_of_a_table_keeps_each_rows_description(tmp_path):
    seed = sorted((ROOT / "corpus" / "raw").glob("*.txt"))[0]
    result = _zhibiao("classify", "--file", str(seed), "--csv", "-")
    assert result.returncode == 0, result.stderr
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    as_json = json.loads(_zhibiao("classify", "--file", str(seed), "--json").stdout)
    assert [r["name"] for r in rows] == [r["name"] for r in as_json]
    assert [r["category"] for r in rows] == [r["category"] for r in as_json]
    assert sum(bool(r["description"]) for r in rows) > len(rows) / 2
    bad = _zhibiao("classify", "--csv", str(tmp_path / "no" / "x.csv"), "完工及时率")
    assert bad.returncode == 1 and bad.stderr.strip() == f"zhibiao: {tmp_path / 'no' / 'x.csv'}：文件夹 {tmp_path / 'no'} 不存在"


@pytest.mark.slow
def test_an_added_label_that_contradicts_the_shipped_data_is_reported(tmp_path):
    ours = write(tmp_path, "name,category\n完工及时率,quality\n门诊预约挂号率,coverage\n")
    data = load_training_data(added_paths=[ours])
    ((row, shipped),) = data.label_conflicts()
    assert (row.name, row.category, row.location) == ("完工及时率", "quality", "ours.csv line 2")
    assert shipped and {e.category for e in shipped} == {"timeliness"}
    test = write(tmp_path, "name,category\n检验报告按时出具率,timeliness\n义诊活动开展场次,quantity\n", name="test.csv")
    result = _zhibiao("evaluate", "--test-only", "--add", str(ours), "--test-file", str(test))
    assert result.returncode == 0
    assert result.stderr.startswith("zhibiao: 加入的名称中有 1 个与随附数据的类别不同，如 "
                                    "ours.csv 第 2 行：完工及时率 = quality，随附数据为 timeliness")
    assert len(result.stderr.strip().splitlines()) == 1
