"""Audit reports: terminal (grouped by project, summary last), JSON schema, xlsx highlights."""
from __future__ import annotations

import json

from rich.console import Console

from classifier.auditing.api import AuditRun, audit_documents
from classifier.auditing.report import SEVERITY_FILL, to_json, write_xlsx
from classifier.cli.rendering.audit import print_report
from test_audit_rules import PCT, STATS, T, fake_classifier, good_rows, make_doc, make_project, row

from pathlib import Path

RAW = Path(__file__).resolve().parent.parent / "corpus" / "raw"


def _run() -> AuditRun:
    rows = good_rows()
    rows[5] = row("满意度指标", "服务对象满意度指标", "服务对象满意度", T("≥60%", direction=">=", value=60, **PCT))
    rows[1] = dict(rows[1], basis="", basis_category=None)
    first = make_project(rows, index=1, name="安全生产", budget=150.0, purpose="项目预算数为10万元。")
    second = make_project(good_rows(), index=2, name="招商经费")
    reports = audit_documents([make_doc(first, second, doc_id="doc1")], model=fake_classifier(), corpus_stats=STATS)
    return AuditRun(reports=reports, skipped=[{"path": "bad.txt", "error": "bad.txt：没有找到表格"}])


def _text(run) -> str:
    console = Console(record=True, width=200, color_system=None)
    print_report(run, console=console)
    return console.export_text()


def test_terminal_report_groups_by_project_and_ends_with_a_summary():
    text = _text(_run())
    assert text.index("项目 1：安全生产") < text.index("项目 2：招商经费")
    assert "第 6 行 服务对象满意度" in text and "R13" in text and "项目整体" in text
    summary = text[text.index("汇总"):]
    assert "1 个文件，2 个项目，12 行指标" in summary
    assert "跳过 1 个文件" in summary and "bad.txt：没有找到表格" in summary
    # the summary counts per rule agree with the findings
    run = _run()
    for rule, count in run.summary["by_rule"].items():
        assert any(line.split()[:1] == [rule] and line.split()[-1] == str(count)
                   for line in summary.replace("│", " ").splitlines()), rule


def test_json_schema_is_stable():
    data = json.loads(to_json(_run()))
    assert set(data) == {"schema_version", "summary", "skipped", "documents"}
    assert data["summary"]["documents"] == 1 and data["summary"]["skipped"] == 1
    doc = data["documents"][0]
    assert set(doc) >= {"doc_id", "regime", "regime_reason", "regime_guessed", "notes", "summary", "findings"}
    finding = doc["findings"][0]
    assert set(finding) == {"rule", "title", "severity", "doc_id", "project_index", "project_name", "row", "cell",
                            "location", "location_text", "message", "fix", "evidence"}
    assert {f["rule"] for f in doc["findings"]} >= {"R13", "R17", "B01", "R24"}
    assert sum(doc["summary"]["by_severity"].values()) == doc["summary"]["total"] == len(doc["findings"])


def test_xlsx_reproduces_the_table_and_highlights_flagged_cells(tmp_path):
    from openpyxl import load_workbook

    run = _run()
    path = write_xlsx(run, tmp_path / "out" / "audit.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["汇总", "doc1", "问题清单", "图例"]
    ws = wb["doc1"]
    rows = list(ws.iter_rows(values_only=True))
    names = [r[4] for r in rows[2:]]
    assert names.count("服务对象满意度") == 2  # both projects reproduced
    # the satisfaction value of project 1 (R13, warning) is highlighted, its comment explains
    for line in ws.iter_rows(min_row=3):
        if line[0].value == 1 and line[1].value == 6:
            value_cell = line[6]
            assert value_cell.fill.start_color.rgb.endswith(SEVERITY_FILL["warning"])
            assert "R13" in value_cell.comment.text
            basis_cell = line[7]
            assert basis_cell.fill.start_color.rgb in ("00000000", None) or not basis_cell.fill.fill_type
        if line[0].value == 1 and line[1].value == 2:
            assert "R17" in line[7].comment.text
    assert rows[1][-2:] == ("问题", "建议")
    r13_line = next(r for r in rows[2:] if r[0] == 1 and r[1] == 6)
    assert r13_line[8].startswith("R13 ") and r13_line[9].startswith("R13 一般设为≥90%")
    findings = list(wb["问题清单"].iter_rows(values_only=True))
    assert len(findings) - 1 == len(run.findings)
    assert findings[0][:3] == ("文件", "项目序号", "项目名称") and "严重程度" in findings[0]
    legend = list(wb["图例"].iter_rows(values_only=True))
    assert [r[1] for r in legend[1:4]] == ["错误", "警告", "提示"]
    assert wb["问题清单"].page_setup.orientation == "landscape" and ws.freeze_panes == "C3"
    # every body cell wraps, top-aligned, and a highlighted cell keeps its fill as well
    for sheet in (ws, wb["问题清单"]):
        body = [c for line in sheet.iter_rows(min_row=3 if sheet is ws else 2) for c in line]
        assert body and all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in body)
    assert any(c.fill.fill_type == "solid" and c.alignment.wrap_text for line in ws.iter_rows(min_row=3) for c in line)
    # the 汇总 sheet's rule names fit their column (a CJK character is two widths)
    summary = wb["汇总"]
    titles = [r[1] for r in summary.iter_rows(min_row=5, values_only=True) if r[0] and str(r[0]).startswith(("R", "B"))]
    assert titles and summary.column_dimensions["B"].width >= max(2 * len(t) for t in titles)


def test_xlsx_cells_keep_text_that_looks_like_a_formula_a_link_or_a_number(tmp_path):
    from openpyxl import load_workbook

    rows = good_rows()
    rows[0] = dict(rows[0], desc="=SUM(A1:A9)*2")
    rows[1] = dict(rows[1], basis="https://www.example.com/plan")
    rows[2] = dict(rows[2], desc="12")
    reports = audit_documents([make_doc(make_project(rows), doc_id="d")], model=fake_classifier(), corpus_stats=STATS)
    ws = load_workbook(write_xlsx(AuditRun(reports=reports), tmp_path / "a.xlsx"))["d"]
    by_row = {line[1].value: line for line in ws.iter_rows(min_row=4)}
    for row_number, column, text in ((1, 5, "=SUM(A1:A9)*2"), (2, 7, "https://www.example.com/plan"), (3, 5, "12")):
        cell = by_row[row_number][column]
        assert (cell.value, cell.data_type, cell.hyperlink) == (text, "s", None)


def test_terminal_rows_stay_in_order_and_clean_projects_are_named():
    rows = good_rows()
    rows[0] = dict(rows[0], desc=rows[0]["name"])  # R18 (info) on row 1
    rows[3] = row("产出指标", "成本指标", "项目总成本", T("≤2000万元", direction="<=", value=2000, unit="万元", kind="money"),
                  basis_category="预算支出标准")  # R16 error on row 4
    reports = audit_documents([make_doc(make_project(rows, budget=150.0), make_project(
        good_rows()[:3], index=2, name="小项目"), doc_id="d")], model=fake_classifier(), corpus_stats=STATS)
    text = _text(AuditRun(reports=reports))
    assert text.index("第 1 行") < text.index("第 4 行")
    assert "未发现问题" not in text or "小项目" not in text.split("未发现问题")[1]
    clean = make_project(good_rows(), index=2, name="干净项目")
    first = make_project(rows[:3] + rows[3:4], budget=150.0, name="有问题")  # 4 rows, 3 shared: no R24 pair
    text = _text(AuditRun(reports=audit_documents([make_doc(first, clean)], model=fake_classifier(),
                                                   corpus_stats=STATS)))
    assert "未发现问题：项目 2（干净项目）" in text


def test_the_summary_counts_a_rule_per_severity():
    """R04 reports warnings and, below its cut-off, 提示: the summary gives each its own line."""
    import re

    from rich.console import Console

    from classifier.auditing.api import audit_paths

    run = audit_paths([RAW], cutoffs={"R04_probability": 0.99})
    r04 = [f for f in run.findings if f.rule == "R04"]
    severities = {f.severity for f in r04}
    assert severities == {"warning", "info"}
    console = Console(width=200, color_system=None, record=True)
    print_report(run, console=console)
    text = console.export_text()
    for severity, zh in (("warning", "警告"), ("info", "提示")):
        count = sum(f.severity == severity for f in r04)
        assert re.search(rf"R04\s+│\s+\S+\s+│\s+{zh}\s+│\s+{count}\s+│", text), (zh, count)


# ---- the workbook's cells against a fixture -----------------------------------------------

SEED_001 = RAW / "001_44a02c3b6b020072.txt"
#: The cells of the workbook of SEED_001's audit (rules only), as the openpyxl writer wrote them before the
#: writer was changed: every sheet's values row by row, and each filled or commented cell's colour and comment.
#: After a deliberate change to the rules or the report, rewrite it with ``.venv/bin/python tests/test_report.py``.
SEED_001_CELLS = Path(__file__).resolve().parent / "data" / "audit_report_001.json"


def _seed_001_run() -> AuditRun:
    from classifier.auditing.api import audit_paths

    return audit_paths([SEED_001], model=False)


def _workbook_cells(path) -> dict:
    """What a reader of the workbook sees, per sheet: values, and the colours and comments of marked cells."""
    from openpyxl import load_workbook

    sheets = {}
    for ws in load_workbook(path).worksheets:
        marked = {}
        for line in ws.iter_rows():
            for c in line:
                mark = {}
                if c.fill is not None and c.fill.fill_type == "solid":
                    mark["fill"] = c.fill.start_color.rgb[-6:]
                if c.comment is not None:
                    mark["comment"] = c.comment.text
                if mark:
                    marked[c.coordinate] = mark
        root = str(RAW.parent.parent) + "/"  # the checkout's place is not what the test is about
        values = [[v.replace(root, "") if isinstance(v, str) else v for v in r] for r in ws.iter_rows(values_only=True)]
        sheets[ws.title] = {"values": values, "marked": marked}
    return sheets


def _cells_json(sheets: dict) -> str:
    """One line per row and per marked cell, so that a change shows as a readable diff."""
    out = ["{"]
    for k, (title, sheet) in enumerate(sheets.items()):
        rows = ",\n".join("   " + json.dumps(r, ensure_ascii=False) for r in sheet["values"])
        marks = ",\n".join(f"   {json.dumps(c)}: {json.dumps(m, ensure_ascii=False)}" for c, m in sheet["marked"].items())
        marks = f"{{\n{marks}\n  }}" if marks else "{}"
        out.append(f' {json.dumps(title, ensure_ascii=False)}: {{\n  "values": [\n{rows}\n  ],\n'
                   f'  "marked": {marks}\n }}' + ("," if k < len(sheets) - 1 else ""))
    out.append("}")
    return "\n".join(out) + "\n"


def test_xlsx_cells_are_the_ones_written_before(tmp_path):
    """The sheets' values, colours and comments of a seed document's audit, as the earlier writer wrote them."""
    got = _workbook_cells(write_xlsx(_seed_001_run(), tmp_path / "audit.xlsx"))
    expected = json.loads(SEED_001_CELLS.read_text(encoding="utf-8"))
    assert list(got) == list(expected)
    for title in expected:
        assert got[title]["values"] == expected[title]["values"], title
        assert got[title]["marked"] == expected[title]["marked"], title


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        SEED_001_CELLS.write_text(_cells_json(_workbook_cells(write_xlsx(_seed_001_run(), Path(tmp) / "a.xlsx"))),
                                  encoding="utf-8")
    print(f"wrote {SEED_001_CELLS}")
