"""`zhibiao classify / train / evaluate`: what a user sees."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from classifier.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
WIDE = {"COLUMNS": "200"}


def test_classify_names_prints_a_table():
    result = runner.invoke(app, ["classify", "完工及时率", "服务对象满意度"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "timeliness 时效" in result.output and "satisfaction 满意度" in result.output
    assert "时效指标" in result.output  # expected 二级 (legacy)


def test_classify_json_and_regime():
    result = runner.invoke(app, ["classify", "--json", "--regime", "central2021", "项目总成本", ""])
    assert result.exit_code == 0, result.output
    cost, empty = json.loads(result.output)
    assert cost["category"] == "cost" and "经济成本指标" in cost["expected_level2"]
    assert len(cost["alternatives"]) == 3 and cost["top_tokens"] and cost["reason"]
    assert empty["category"] == "placeholder" and empty["reason"] == "name is empty"


def test_classify_file_of_lines(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("完工及时率\n\n预算执行率\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", "--file", str(path), "--json"])
    assert [r["category"] for r in json.loads(result.output)] == ["timeliness", "budget_execution"]


def test_classify_csv_column_keeps_rows_and_reads_gbk(tmp_path):
    path = tmp_path / "table.csv"
    path.write_bytes("序号,三级指标\n1,培训人次\n2,\n3,设备验收合格率\n".encode("gbk"))
    result = runner.invoke(app, ["classify", "--file", str(path), "--column", "三级指标", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["category"] for r in json.loads(result.output)] == ["quantity", "placeholder", "quality"]


def test_classify_stdin():
    result = runner.invoke(app, ["classify", "-", "--json"], input="群众满意度\n资金到位率\n")
    assert [r["category"] for r in json.loads(result.output)] == ["satisfaction", "budget_execution"]


def test_classify_with_an_explicit_model_folder(tmp_path):
    result = runner.invoke(app, ["train", "--out", str(tmp_path / "m"), "--no-evaluate"])
    assert result.exit_code == 0, result.output
    assert "trained on" in result.output
    meta = json.loads((tmp_path / "m" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["files"] and meta["evaluation"] is None
    result = runner.invoke(app, ["classify", "--model", str(tmp_path / "m"), "--json", "完工及时率"])
    assert json.loads(result.output)[0]["category"] == "timeliness"


@pytest.mark.parametrize("command", ["classify", "train", "evaluate"])
def test_help_has_an_example(command):
    result = runner.invoke(app, [command, "--help"], env=WIDE)
    assert result.exit_code == 0 and f"Example: zhibiao {command}" in result.output


def _zhibiao(*args: str) -> subprocess.CompletedProcess:
    code = "from classifier.cli import main; import sys; sys.argv = ['zhibiao', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_errors_are_one_line_without_traceback(tmp_path):
    missing = _zhibiao("classify", "--file", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"zhibiao: {tmp_path / 'nope.txt'}: no such file"
    bad_model = _zhibiao("classify", "--model", str(tmp_path), "完工及时率")
    assert bad_model.returncode == 1 and "Traceback" not in bad_model.stderr
    assert bad_model.stderr.startswith("zhibiao: ") and len(bad_model.stderr.strip().splitlines()) == 1


def test_classify_without_input_fails_cleanly():
    result = runner.invoke(app, ["classify"])
    assert result.exit_code == 1 and "nothing to classify" in result.output


def test_csv_without_the_column_names_the_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = _zhibiao("classify", "--file", str(path))
    assert result.returncode == 1 and "columns are a, b" in result.stderr


def test_binary_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "model.bin"
    path.write_bytes(b"\x00\x01\x02PK\x03\x04" * 10)
    result = _zhibiao("classify", "--file", str(path))
    assert result.returncode == 1
    assert result.stderr.strip() == f"zhibiao: {path}: binary file, expected text or CSV"
