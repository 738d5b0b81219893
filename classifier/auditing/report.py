"""Audit reports for people and for machines.

- :func:`to_json`: the stable JSON form documented in ``docs/audit_report_schema.md``.
- :func:`write_xlsx`: an .xlsx workbook (written with XlsxWriter) — one sheet per document reproducing its
  indicator tables with flagged cells highlighted (colour by severity, the messages in a
  cell comment and a 问题 column), a 问题清单 sheet with every finding, a 汇总 sheet
  and a 图例 (colour legend) sheet.

All functions accept an :class:`~classifier.auditing.api.AuditRun` or a single
:class:`~classifier.auditing.api.AuditReport`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Union

from classifier.auditing.api import AuditReport, AuditRun
from classifier.auditing.rules import rule_table

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
SEVERITY_FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
CELL_COLUMNS = ("level1", "level2", "name", "description", "value", "basis")

Reportable = Union[AuditRun, AuditReport]


def as_run(report: Reportable) -> AuditRun:
    """Wrap a single report in an :class:`AuditRun`."""
    return report if isinstance(report, AuditRun) else AuditRun(reports=[report])


def to_json(report: Reportable, *, indent: int | None = 2) -> str:
    """The JSON text of an audit run (schema: docs/audit_report_schema.md)."""
    return json.dumps(as_run(report).to_dict(), ensure_ascii=False, indent=indent)


# ---- text shared by the terminal and the workbook ------------------------------------


def rule_title(rule: str) -> str:
    """The Chinese title of ``rule`` (e.g. ``"R04"`` → ``"二级指标归类错误"``), or the id itself."""
    return rule_table()["rules"].get(rule, {}).get("title", rule)


def summary_text(summary: dict[str, Any]) -> str:
    """``"215 个问题：错误 12，警告 104，提示 99"`` from a ``summary`` dict (``total``, ``by_severity``)."""
    sev = summary["by_severity"]
    return (f"{summary['total']} 个问题：错误 {sev.get('error', 0)}，警告 {sev.get('warning', 0)}，"
            f"提示 {sev.get('info', 0)}")




# ---- xlsx -----------------------------------------------------------------------


def _sheet_name(wanted: str, used: set[str]) -> str:
    bad = '[]:*?/\\'
    base = "".join("_" if ch in bad else ch for ch in wanted)[:31] or "sheet"
    name, n = base, 1
    while name in used:
        n += 1
        suffix = f"~{n}"
        name = base[: 31 - len(suffix)] + suffix
    used.add(name)
    return name


#: Headings of the 问题清单 sheet (the JSON keys of a finding, in Chinese for people).
FINDING_COLUMNS_ZH = {
    "doc_id": "文件", "project_index": "项目序号", "project_name": "项目名称", "row": "行", "cell": "单元格",
    "rule": "规则", "title": "规则名称", "severity": "严重程度", "message": "问题", "fix": "建议",
    "location_text": "位置", "evidence": "依据（JSON）",
}


def _put(ws, row: int, col: int, value: Any, fmt=None) -> None:
    """Write one cell of an XlsxWriter sheet by its type (never as a formula or a link); an empty
    value only as a blank cell with ``fmt``, when it has one."""
    if value is None or value == "":
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _put_row(ws, row: int, values, fmt=None) -> None:
    for col, value in enumerate(values):
        _put(ws, row, col, value, fmt)


def _lay_out(ws, widths, *, heading_rows: int) -> None:
    """Column widths (A, B, … in order) and the print layout."""
    for col, width in enumerate(widths):
        # ``width`` characters of 7 pixels, the width in the file as given (``set_column`` would add
        # Excel's 5 pixels of padding).
        ws.set_column_pixels(col, col, width * 7)
    _print_layout(ws, heading_rows=heading_rows)


def _print_layout(ws, *, heading_rows: int) -> None:
    """Landscape, fit to one page wide, the first ``heading_rows`` rows repeated on every printed page."""
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, heading_rows - 1)


def write_xlsx(report: Reportable, path: str | Path, *,
               progress: Callable[[str, int, int], object] | None = None) -> Path:
    """Write the workbook to ``path`` and return it.

    Sheets: ``汇总`` (counts), one sheet per document (columns 项目, 行, 一级指标, 二级指标,
    三级指标, 绩效指标描述, 指标值, 指标值确定依据, 问题, 建议; a flagged cell is filled with its
    most severe finding's colour and carries the messages as a comment; project- and
    document-level findings go on the project's header line), ``问题清单`` (one
    finding per line, all fields) and ``图例`` (the colours). Body cells wrap, top-aligned; the
    heading rows are bold, frozen and repeated on every printed page (landscape, one page wide).

    ``progress("xlsx", done, total)``, for a bar on long reports: ``total`` is twice the lines
    of the document sheets and the 问题清单 (indicator rows, project lines, findings): ``done``
    grows by the lines written (after each project and every 1,000 findings) to half of it,
    and reaches ``total`` when the file is saved (XlsxWriter keeps the cells until ``close()``,
    which takes about as long as writing them did).
    """
    import xlsxwriter

    run = as_run(report)
    path = Path(path)
    lines = sum(len(p.indicators) + 1 for rep in run.reports for p in (rep.document.projects if rep.document else []))
    findings = run.findings
    lines += len(findings)
    done = 0
    if progress is not None:
        progress("xlsx", 0, 2 * lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Nothing is written to ``path`` before ``close()``. Text is text: no formulas, links or numbers
    # read out of strings.
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    bold_wrap = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    fills = {sev: wb.add_format({"pattern": 1, "bg_color": f"#{c}"}) for sev, c in SEVERITY_FILL.items()}
    filled = {sev: wb.add_format({"pattern": 1, "bg_color": f"#{c}", "text_wrap": True, "valign": "top"})
              for sev, c in SEVERITY_FILL.items()}
    rank = {"error": 0, "warning": 1, "info": 2}

    summary = run.summary
    summary_ws = wb.add_worksheet("汇总")
    used = {"汇总", "问题清单"}
    _put_row(summary_ws, 0, ["文件", "项目", "指标行", "问题", "错误", "警告", "提示", "跳过文件"], bold)
    _put_row(summary_ws, 1, [summary["documents"], summary["projects"], summary["rows"], summary["total"],
                             summary["by_severity"].get("error", 0), summary["by_severity"].get("warning", 0),
                             summary["by_severity"].get("info", 0), summary["skipped"]])
    _put_row(summary_ws, 3, ["规则", "名称", "数量", None, None, None, None, None], bold)
    line = 3
    for rule, count in summary["by_rule"].items():
        line += 1
        _put_row(summary_ws, line, [rule, rule_title(rule), count])
    for skipped in run.skipped:
        line += 1
        _put_row(summary_ws, line, ["跳过", skipped["error"]])
    _lay_out(summary_ws, (10, 48, 8, 8, 8, 8, 8, 10), heading_rows=1)  # B: the rules' names

    headers = ["项目", "行", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "问题", "建议"]
    for rep in run.reports:
        ws = wb.add_worksheet(_sheet_name(rep.doc_id, used))
        _put_row(ws, 0, [f"{rep.doc_id}  {rep.agency or ''}  体系：{rep.regime}（{rep.regime_reason}）"] + [None] * 9, bold)
        _put_row(ws, 1, headers, bold)
        by_row: dict[tuple, list] = {}
        for f in rep.findings:
            by_row.setdefault((f.project_index, f.row), []).append(f)
        projects = rep.document.projects if rep.document is not None else []
        line = 1  # the last row written (0-based)
        for project in projects:
            header = by_row.get((project.index, None), [])
            budget = "" if project.budget_total is None else f"预算 {project.budget_total:g} 万元"
            line += 1
            formats = [bold_wrap] + [wrap] * 9
            if header:
                worst = min(header, key=lambda f: rank.get(f.severity, 9))
                formats[8] = filled.get(worst.severity, wrap)
            for col, value in enumerate([f"{project.index}. {project.name}", None, budget, None, None, None, None, None,
                                         "\n".join(f"{f.rule} {f.message}" for f in header),
                                         "\n".join(f"{f.rule} {f.fix}" for f in header)]):
                _put(ws, line, col, value, formats[col])
            for ind in project.indicators:
                found = by_row.get((project.index, ind.row), [])
                values = [project.index, ind.row, ind.level1_raw.strip() or ind.level1, ind.level2_raw.strip() or ind.level2,
                          ind.name, ind.description, ind.value_raw.strip(), ind.basis_raw.strip(),
                          "\n".join(f"{f.rule} {f.message}" for f in found),
                          "\n".join(f"{f.rule} {f.fix}" for f in found)]
                line += 1
                if not found:
                    _put_row(ws, line, values, wrap)
                    continue
                formats = [wrap] * len(values)
                comments: dict[int, str] = {}
                per_cell: dict[str, list] = {}
                for f in found:
                    per_cell.setdefault(f.cell or "name", []).append(f)
                for cell_name, cell_findings in per_cell.items():
                    column = 2 + CELL_COLUMNS.index(cell_name) if cell_name in CELL_COLUMNS else 4
                    worst = min(cell_findings, key=lambda f: rank.get(f.severity, 9))
                    formats[column] = filled.get(worst.severity, wrap)
                    comments[column] = "\n".join(f"{f.rule}（{SEVERITY_ZH.get(f.severity)}）{f.message} 建议：{f.fix}"
                                                  for f in cell_findings)
                worst = min(found, key=lambda f: rank.get(f.severity, 9))
                formats[8] = filled.get(worst.severity, wrap)
                for col, value in enumerate(values):
                    _put(ws, line, col, value, formats[col])
                for col, text in comments.items():
                    ws.write_comment(line, col, text, {"author": "zhibiao"})
            if progress is not None:
                done += len(project.indicators) + 1
                progress("xlsx", done, 2 * lines)
        ws.freeze_panes(2, 2)  # C3
        _lay_out(ws, (22, 5, 10, 14, 26, 30, 14, 18, 60, 50), heading_rows=2)

    fws = wb.add_worksheet("问题清单")
    columns = ["doc_id", "project_index", "project_name", "row", "cell", "rule", "title", "severity", "message",
               "fix", "location_text", "evidence"]
    _put_row(fws, 0, [FINDING_COLUMNS_ZH[c] for c in columns], bold)
    cell_zh = rule_table()["cell_zh"]
    severity_column = columns.index("severity")
    for line, f in enumerate(findings, start=1):
        if progress is not None and (line + 1) % 1000 == 0:
            progress("xlsx", done + line - 1, 2 * lines)
        d = f.to_dict()
        d["severity"] = SEVERITY_ZH.get(f.severity, f.severity)
        d["cell"] = cell_zh.get(d["cell"], d["cell"]) if d["cell"] else d["cell"]
        d["evidence"] = json.dumps(d["evidence"], ensure_ascii=False)
        if hasattr(f.location, "zh"):  # for people: 第 68–73 行 (JSON keeps location_text as it is)
            d["location_text"] = f.location.zh()
        severity_format = filled.get(f.severity, wrap)
        for col, c in enumerate(columns):
            _put(fws, line, col, d[c], severity_format if col == severity_column else wrap)
    fws.freeze_panes(1, 0)  # A2
    _lay_out(fws, (14, 6, 22, 5, 8, 6, 20, 8, 60, 50, 24, 30), heading_rows=1)

    legend = wb.add_worksheet("图例")
    _put_row(legend, 0, ["颜色", "严重程度", "含义"], bold)
    line = 0
    for severity, meaning in rule_table()["severity_meaning_zh"].items():
        line += 1
        _put(legend, line, 0, None, fills.get(severity))
        _put_row(legend, line, [None, SEVERITY_ZH.get(severity, severity), meaning])
    _put_row(legend, line + 2, [None, "批注", "标色单元格的批注写明规则、问题和建议；“问题清单”逐条列出全部问题。"])
    _lay_out(legend, (8, 10, 70), heading_rows=1)
    if progress is not None:
        progress("xlsx", lines, 2 * lines)
    wb.close()
    if progress is not None:
        progress("xlsx", 2 * lines, 2 * lines)
    return path
