"""`zhibiao read` and `zhibiao corpus build`: what a user sees on the good path."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from classifier.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpus" / "raw"
runner = CliRunner()


def test_read_table_shows_projects_rows_and_thresholds():
    result = runner.invoke(app, ["read", str(RAW / "004_d57b153e55ee6404.txt")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "项目 13 个，指标 83 行，读取 199 行" in out
    assert "招商经费" in out and "智慧高新指挥中心建设资金" in out
    assert "到会客商人数" in out and "≥200人" in out and "≥ 200 人（数量）" in out
    assert "无编码" in out  # 004 codes are ———— or empty


def test_read_json_is_the_record_form():
    result = runner.invoke(app, ["read", str(RAW / "001_44a02c3b6b020072.txt"), "--format", "json"])
    assert result.exit_code == 0
    (doc,) = json.loads(result.output)
    assert doc["doc_id"] == "001_44a02c3b6b020072"
    assert len(doc["projects"][0]["indicators"]) == 8
    assert doc["projects"][0]["indicators"][0]["threshold"]["raw"] == "≥90实际完成招商业务及项目建设数量占计划完成比例"


def test_read_csv_over_a_folder_has_one_line_per_indicator():
    result = runner.invoke(app, ["read", str(RAW), "--format", "csv"])
    assert result.exit_code == 0
    assert result.output.startswith("\ufeff")  # a BOM, so Excel and WPS show the Chinese
    rows = list(csv.DictReader(io.StringIO(result.output.removeprefix("\ufeff"))))
    assert len(rows) == 189
    first = rows[0]
    assert (first["doc_id"], first["name"], first["value_raw"], first["direction"], first["value"]) == (
        "000_565934a1818115aa", "企业开工率、投产率", "≥60百分比", ">=", "60")
    assert first["location"].endswith("000_565934a1818115aa.txt lines 114-120")


def test_read_rejects_an_unknown_format():
    result = runner.invoke(app, ["read", str(RAW), "--format", "pdf"])
    assert result.exit_code == 1


def test_corpus_build_prints_the_reconciliation(tmp_path):
    out = tmp_path / "c.jsonl"
    result = runner.invoke(app, ["corpus", "build", "--raw", str(RAW), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "读取的文档：5" in lines
    assert "保留的指标行：189" in lines
    assert "读取的行：409" in lines
    assert "  blank：13" in lines and "  header：26" in lines and "  project_header：181" in lines
    assert "跳过的文件：0" in lines
    assert out.read_text(encoding="utf-8").count("\n") == 5


def test_help_texts_carry_an_example():
    for args, example in ((["read", "--help"], "示例：zhibiao read"),
                          (["corpus", "build", "--help"], "示例：zhibiao corpus build")):
        result = runner.invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0 and example in result.output
