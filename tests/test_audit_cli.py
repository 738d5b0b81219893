"""`zhibiao audit`: real seed documents, folders, bad files, exit codes, JSON and xlsx output."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from classifier.cli.app import app

SEED = "000_565934a1818115aa.txt"


@pytest.fixture()
def runner():
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 always keeps stderr apart
        return CliRunner()


def test_audit_help_has_an_example(runner):
    result = runner.invoke(app, ["audit", "--help"])
    assert result.exit_code == 0 and "示例：zhibiao audit" in result.output


def test_audit_json_of_a_seed_document(runner, raw_dir):
    result = runner.invoke(app, ["audit", str(raw_dir / SEED), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    doc = data["documents"][0]
    assert doc["doc_id"] == SEED[:-4] and doc["regime"] == "legacy" and doc["regime_guessed"]
    rules = {(f["rule"], f["project_index"], f["row"]) for f in doc["findings"]}
    # the real budget mismatch of project 5: 预算数 150.00 in the table, "预算数为10万元" in the prose
    assert ("B01", 5, None) in rules
    budget = next(f for f in doc["findings"] if f["rule"] == "B01")
    assert budget["evidence"]["budget_total"] == 150.0 and budget["evidence"]["prose_amount_wan"] == 10.0
    # projects 2 and 5 carry the same indicator table
    assert ("R24", 2, None) in rules and ("R24", 5, None) in rules
    # satisfaction targets of 60% (projects 1 and 4) are below the corpus norm
    assert ("R13", 1, 9) in rules and ("R13", 4, 9) in rules
    assert all(f["location"]["path"].endswith(SEED) for f in doc["findings"])


def test_folder_with_a_bad_file_reports_one_line_and_exits_1(runner, raw_dir, tmp_path):
    (tmp_path / "good.txt").write_bytes((raw_dir / SEED).read_bytes())
    (tmp_path / "broken.txt").write_text("这不是一张表\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(tmp_path)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "broken.txt" in line]
    assert len(errors) == 1 and errors[0].startswith("zhibiao: ")
    assert "Traceback" not in result.stderr
    assert "已审核 1 个文件，跳过 1 个" in result.stderr
    assert "汇总" in result.stdout and "项目 5：招商引资专项经费" in result.stdout


def test_fail_on_sets_the_exit_code(runner, raw_dir):
    path = str(raw_dir / SEED)
    assert runner.invoke(app, ["audit", path, "--fail-on", "error"]).exit_code == 2
    assert runner.invoke(app, ["audit", path]).exit_code == 0
    bad = runner.invoke(app, ["audit", path, "--fail-on", "sometimes"])
    assert bad.exit_code == 1 and "--fail-on" in bad.stderr


def test_regime_option_and_xlsx(runner, raw_dir, tmp_path):
    out = tmp_path / "audit.xlsx"
    result = runner.invoke(app, ["audit", str(raw_dir / SEED), "--regime", "central2021", "--xlsx", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["regime"] == "central2021" and not doc["regime_guessed"]
    # the legacy table lacks the 2021 成本指标 一级 in every project
    assert sum(1 for f in doc["findings"] if f["rule"] == "R03") == 5
    assert out.is_file() and out.stat().st_size > 0


def test_missing_path_is_one_line(runner, tmp_path):
    result = runner.invoke(app, ["audit", str(tmp_path / "nope.docx")])
    assert result.exit_code == 1
    assert "nope.docx" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv"])
def test_audit_reads_every_format_the_readers_take(runner, raw_dir, tmp_path, suffix):
    from classifier.reading import read_document
    from classifier.reading.table_export import export_projects

    document = read_document(raw_dir / SEED)
    path = export_projects(document, tmp_path / f"seed{suffix}")
    result = runner.invoke(app, ["audit", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    rules = {(f["rule"], f["project_index"], f["row"]) for f in doc["findings"]}
    # the same table yields the same row findings as the text export
    assert ("R13", 1, 9) in rules and ("R24", 2, None) in rules and ("R18", 1, 3) in rules


@pytest.mark.slow
def test_a_model_you_name_that_is_missing_is_one_line(raw_dir, tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "classifier", "audit", str(raw_dir / SEED), "--model", str(tmp_path / "nope")],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("zhibiao: ") and len(result.stderr.strip().splitlines()) == 1
    assert "nope" in result.stderr


def test_r04_cutoff_trades_findings_for_certainty(runner, raw_dir):
    """A higher cut-off gives fewer R04 warnings; the rows between the review cut-off and it
    stay in the report as 提示 (请复核), so nothing is dropped silently."""
    def r04(cutoff):
        result = runner.invoke(app, ["audit", str(raw_dir), "--json", "--r04-cutoff", cutoff])
        assert result.exit_code == 0, result.output
        found = [f for d in json.loads(result.stdout)["documents"] for f in d["findings"] if f["rule"] == "R04"]
        return sum(f["severity"] == "warning" for f in found), len(found)

    (warnings_low, all_low), (warnings_high, all_high) = r04("0.5"), r04("0.99")
    assert warnings_low > warnings_high > 0
    assert all_low == all_high
    bad = runner.invoke(app, ["audit", str(raw_dir), "--r04-cutoff", "0.2"])
    assert bad.exit_code == 1 and bad.stderr.strip() == "zhibiao: --r04-cutoff 应在 0.5 到 1 之间，不能是 0.2"


@pytest.mark.parametrize("command", ["audit", "read"])
def test_a_folder_without_a_table_is_an_error_that_says_what_it_found(runner, tmp_path, command):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, [command, str(empty), *(["--fail-on", "error"] if command == "audit" else [])])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"zhibiao: 没有读到表：{empty} 中没有 .txt、.docx、.xlsx 或 .csv 文件"
    other = tmp_path / "other"
    other.mkdir()
    (other / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (other / "notes.md").write_text("# notes\n", encoding="utf-8")
    result = runner.invoke(app, [command, str(other)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "zhibiao: 没有读到表（2 个文件）：notes.md：不支持的文件类型；scan.pdf：不支持的文件类型"


@pytest.mark.slow
def test_an_unusable_default_model_stops_the_audit_instead_of_switching_r04_off(raw_dir, tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, ZHIBIAO_MODEL_DIR=str(tmp_path / "gone"))
    result = subprocess.run([sys.executable, "-m", "classifier", "audit", str(raw_dir / SEED)],
                            capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("zhibiao: ") and "gone" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "R04" not in result.stdout


def test_a_sheet_of_just_names_and_values_is_read_and_audited(runner, tmp_path):
    sheet = tmp_path / "ours.csv"
    sheet.write_text("三级指标,指标值\n完工及时率,≥95%\n培训人数,≥200人次\n服务对象满意度,≥90%\n", encoding="utf-8-sig")
    read = runner.invoke(app, ["read", str(sheet), "--format", "json"])
    assert read.exit_code == 0, read.output
    rows = [i for p in json.loads(read.stdout)[0]["projects"] for i in p["indicators"]]
    assert [(r["name"], r["value_raw"]) for r in rows] == [("完工及时率", "≥95%"), ("培训人数", "≥200人次"), ("服务对象满意度", "≥90%")]
    result = runner.invoke(app, ["audit", str(sheet), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)["documents"][0]
    assert not {f["rule"] for f in doc["findings"]} & {"R01", "R02", "R03", "R04"}
    assert any("没有一级/二级指标列" in note and "R04" in note for note in doc["notes"])


def test_a_sheet_of_names_alone_is_read_and_the_rules_needing_absent_columns_are_listed(runner, tmp_path):
    sheet = tmp_path / "names.csv"
    sheet.write_text("三级指标\n完工及时率\n培训人数\n", encoding="utf-8-sig")
    read = runner.invoke(app, ["read", str(sheet), "--format", "json"])
    assert read.exit_code == 0, read.output
    project = json.loads(read.stdout)[0]["projects"][0]
    assert [r["name"] for r in project["indicators"]] == ["完工及时率", "培训人数"]
    assert project["columns"] == ["name"]
    result = runner.invoke(app, ["audit", str(sheet), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)["documents"][0]
    # no 指标值 / 依据 column: their empty cells are not defects of this sheet
    assert not {f["rule"] for f in doc["findings"]} & {"R07", "R17"}
    assert any("没有指标值列" in note and "R07" in note for note in doc["notes"])
    assert any("没有指标值确定依据列" in note and "R17" in note for note in doc["notes"])


def test_an_empty_cell_of_a_column_the_sheet_has_is_still_reported(runner, tmp_path):
    sheet = tmp_path / "ours.csv"
    sheet.write_text("三级指标,绩效指标描述,指标值\n完工及时率,按时完工的比例,≥95%\n培训人数,参训人次,\n",
                     encoding="utf-8-sig")
    result = runner.invoke(app, ["audit", str(sheet), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)["documents"][0]
    r07 = [f for f in doc["findings"] if f["rule"] == "R07"]
    assert len(r07) == 1 and r07[0]["row"] == 2
    assert not any("没有指标值列" in note for note in doc["notes"])
    assert "R17" not in {f["rule"] for f in doc["findings"]}


def test_a_full_table_with_empty_basis_cells_still_gets_r17(runner, tmp_path):
    sheet = tmp_path / "full.csv"
    sheet.write_text("一级指标,二级指标,三级指标,指标值,指标值确定依据\n"
                     "产出指标,数量指标,培训人数,≥200人次,\n产出指标,时效指标,完工及时率,≥95%,计划标准\n",
                     encoding="utf-8-sig")
    result = runner.invoke(app, ["audit", str(sheet), "--json"])
    doc = json.loads(result.stdout)["documents"][0]
    assert [f["row"] for f in doc["findings"] if f["rule"] == "R17"] == [1]
    assert not any("没有指标值确定依据列" in note for note in doc["notes"])
