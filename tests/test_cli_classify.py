"""`zhibiao classify / train / evaluate`: what a user sees."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from classifier.cli.app import app

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


def test_classify_uses_the_model_folder_it_is_given(small_model_dir):
    shipped = json.loads(runner.invoke(app, ["classify", "--json", "完工及时率", "门诊预约挂号"]).output)
    result = runner.invoke(app, ["classify", "--model", str(small_model_dir), "--json", "完工及时率", "门诊预约挂号"])
    assert result.exit_code == 0, result.output
    given = json.loads(result.output)
    assert given[0]["category"] == "timeliness"
    # the probabilities are the small model's, not the shipped one's
    assert [r["probability"] for r in given] != [r["probability"] for r in shipped]


@pytest.mark.slow
def test_classify_with_an_explicit_model_folder(tmp_path):
    result = runner.invoke(app, ["train", "--out", str(tmp_path / "m"), "--no-evaluate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("已用 ") and " 条样本训练（种子文件 " in result.output
    meta = json.loads((tmp_path / "m" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["files"] and meta["evaluation"] is None
    result = runner.invoke(app, ["classify", "--model", str(tmp_path / "m"), "--json", "完工及时率"])
    assert json.loads(result.output)[0]["category"] == "timeliness"


@pytest.mark.parametrize("command", ["classify", "train", "evaluate"])
def test_help_has_an_example(command):
    result = runner.invoke(app, [command, "--help"], env=WIDE)
    assert result.exit_code == 0 and f"示例：zhibiao {command}" in result.output


def _zhibiao(*args: str) -> subprocess.CompletedProcess:
    code = "from classifier.cli.app import main; import sys; sys.argv = ['zhibiao', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=900)


@pytest.mark.slow
def test_errors_are_one_line_without_traceback(tmp_path):
    missing = _zhibiao("classify", "--file", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"zhibiao: {tmp_path / 'nope.txt'}：文件不存在"
    bad_model = _zhibiao("classify", "--model", str(tmp_path), "完工及时率")
    assert bad_model.returncode == 1 and "Traceback" not in bad_model.stderr
    assert bad_model.stderr.startswith("zhibiao: ") and len(bad_model.stderr.strip().splitlines()) == 1


def test_classify_without_input_fails_cleanly():
    result = runner.invoke(app, ["classify"])
    assert result.exit_code == 1 and "没有要分类的名称" in result.output


@pytest.mark.slow
def test_csv_without_the_column_names_the_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = _zhibiao("classify", "--file", str(path))
    assert result.returncode == 1 and "现有列：a、b" in result.stderr


@pytest.mark.slow
def test_binary_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "model.bin"
    path.write_bytes(b"\x00\x01\x02PK\x03\x04" * 10)
    result = _zhibiao("classify", "--file", str(path))
    assert result.returncode == 1
    assert result.stderr.strip() == f"zhibiao: {path}：二进制文件，应为文本或 CSV 文件"


def _performance_table_xlsx(path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["培训项目绩效目标表"])
    ws.append(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
    ws.append(["产出指标", "数量指标", "培训人次（人次）", "参加培训的人次", "≥300人次", "年初工作计划"])
    ws.append([None, "时效指标", "完工及时率", "按期完成的比例", "100%", "年初工作计划"])
    ws.append(["满意度指标", "服务对象满意度指标", "参训人员满意度", None, "≥90%", "历史标准"])
    wb.save(path)
    return path


def test_classify_an_xlsx_performance_table_gives_its_rows(tmp_path):
    path = _performance_table_xlsx(tmp_path / "绩效目标表.xlsx")
    result = runner.invoke(app, ["classify", "--file", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["name"] for r in rows] == ["培训人次（人次）", "完工及时率", "参训人员满意度"]
    assert [r["category"] for r in rows] == ["quantity", "timeliness", "satisfaction"]


def test_classify_an_xlsx_column_of_names(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["序号", "指标名称", "指标描述"])
    wb.active.append([1, "预算执行率", "实际支出占预算"])
    wb.active.append([2, None, None])
    wb.active.append([3, "设备验收合格率", ""])
    path = tmp_path / "names.xlsx"
    wb.save(path)
    result = runner.invoke(app, ["classify", "--file", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert [r["category"] for r in json.loads(result.output)] == ["budget_execution", "placeholder", "quality"]


def test_classify_a_docx_performance_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("道路养护项目绩效目标表")
    cells = [["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
             ["产出指标", "数量指标", "养护道路里程（公里）", "年度养护里程", "≥12公里", "年初工作计划"],
             ["", "质量指标", "验收合格率", "", "≥95%", "行业标准"]]
    table = document.add_table(rows=3, cols=6)
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "form.docx"
    document.save(path)
    result = runner.invoke(app, ["classify", "--file", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert [r["category"] for r in json.loads(result.output)] == ["quantity", "quality"]


@pytest.mark.slow
def test_an_xlsx_without_a_table_or_names_column_is_one_line(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["a", "b"])
    path = tmp_path / "other.xlsx"
    wb.save(path)
    result = _zhibiao("classify", "--file", str(path))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().startswith(f"zhibiao: {path}：没有绩效目标表，各工作表的前 20 行中也没有「name」或「三级指标」")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    result = _zhibiao("classify", "--file", str(broken))
    assert result.returncode == 1 and result.stderr.strip().startswith(f"zhibiao: {broken}：不是可读的 .xlsx 文件")
    assert "Traceback" not in result.stderr


def test_classify_a_text_export_of_a_table_gives_its_rows():
    from classifier.reading.corpus import iter_rows
    from classifier.reading import read_path

    path = ROOT / "corpus" / "raw" / "000_565934a1818115aa.txt"
    expected = [i.name for _, _, i in iter_rows(read_path(path).documents)]
    result = runner.invoke(app, ["classify", "--file", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert [r["name"] for r in json.loads(result.output)] == expected and len(expected) > 20


def test_a_pdf_or_a_non_text_file_is_refused_and_overlong_lines_are_left_out(tmp_path):
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    result = runner.invoke(app, ["classify", "--file", str(pdf)])
    assert result.exit_code == 1 and "不支持用作名称列表的文件类型 .pdf" in str(result.exception)  # main() prints it
    junk = tmp_path / "junk.txt"
    junk.write_text("完工及时率\n" + "\x01\x02\x03" * 50 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", "--file", str(junk)])
    assert result.exit_code == 1 and "不是文本" in str(result.exception)
    mixed = tmp_path / "mixed.txt"
    mixed.write_text("完工及时率\n" + "字" * 150 + "\n服务对象满意度\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", "--file", str(mixed), "--json"])
    assert result.exit_code == 0
    assert f"zhibiao: {mixed}：1 行超过 100 个字，不是指标名称，已略去（如第 2 条）" in result.output
    assert [r["name"] for r in json.loads(result.output[result.output.index("["):])] == ["完工及时率", "服务对象满意度"]
