"""Audit reports for people and for machines.

- :func:`to_json`: the stable JSON form documented in ``docs/audit_report_schema.md``.
- :func:`write_xlsx`: an .xlsx workbook — one sheet per document reproducing its
  indicator tables with flagged cells highlighted (colour by severity, the messages in a
  cell comment and a 问题 column), a 问题清单 sheet with every finding, a 汇总 sheet.

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


def _lay_out(ws, widths, *, body_from: int, freeze: str, title_rows: str) -> None:
    """Column widths (A, B, … in order), wrapped top-aligned body cells from row ``body_from``,
    frozen panes at ``freeze`` and the print layout."""
    from openpyxl.styles import Alignment
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.utils import get_column_letter

    for k, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    # Assigning ``cell.alignment`` hashes the Alignment and looks it up in the workbook's style
    # table, for every cell (half the writing time on 10,000 rows). The style table entry is
    # made once, on the first body cell, and its index copied into the others' style arrays.
    alignment_id = None
    for row in ws.iter_rows(min_row=body_from):
        for cell in row:
            if alignment_id is None:
                cell.alignment = wrap
                alignment_id = cell._style.alignmentId
            else:
                if cell._style is None:
                    cell._style = StyleArray()
                cell._style.alignmentId = alignment_id
    ws.freeze_panes = freeze
    _print_layout(ws, title_rows=title_rows)


def _print_layout(ws, *, title_rows: str) -> None:
    """Landscape, fit to one page wide, heading rows repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows


def write_xlsx(report: Reportable, path: str | Path, *,
               progress: Callable[[str, int, int], object] | None = None) -> Path:
    """Write the workbook to ``path`` and return it.

    Sheets: ``汇总`` (counts), one sheet per document (columns 项目, 行, 一级指标, 二级指标,
    三级指标, 绩效指标描述, 指标值, 指标值确定依据, 问题, 建议; a flagged cell is filled with its
    most severe finding's colour and carries the messages as a comment; project- and
    document-level findings go on the project's header line), and ``问题清单`` (one
    finding per line, all fields).

    ``progress("xlsx", done, total)``, for a bar on long reports: ``total`` is twice the lines
    of the document sheets and the 问题清单 (indicator rows, project lines, findings): ``done``
    grows by the lines laid out (after each project and every 1,000 findings) to half of it,
    and reaches ``total`` when the file is saved (saving takes about as long as laying out).
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    run = as_run(report)
    path = Path(path)
    lines = sum(len(p.indicators) + 1 for rep in run.reports for p in (rep.document.projects if rep.document else []))
    findings = run.findings
    lines += len(findings)
    done = 0
    if progress is not None:
        progress("xlsx", 0, 2 * lines)
    wb = Workbook()
    summary_ws = wb.active
    summary_ws.title = "汇总"
    used = {"汇总", "问题清单"}
    bold = Font(bold=True)
    fills = {sev: PatternFill("solid", start_color=c, end_color=c) for sev, c in SEVERITY_FILL.items()}
    rank = {"error": 0, "warning": 1, "info": 2}

    summary = run.summary
    summary_ws.append(["文件", "项目", "指标行", "问题", "错误", "警告", "提示", "跳过文件"])
    summary_ws.append([summary["documents"], summary["projects"], summary["rows"], summary["total"],
                       summary["by_severity"].get("error", 0), summary["by_severity"].get("warning", 0),
                       summary["by_severity"].get("info", 0), summary["skipped"]])
    summary_ws.append([])
    summary_ws.append(["规则", "名称", "数量"])
    for rule, count in summary["by_rule"].items():
        summary_ws.append([rule, rule_title(rule), count])
    for skipped in run.skipped:
        summary_ws.append(["跳过", skipped["error"]])
    for cell in summary_ws[1] + summary_ws[4]:
        cell.font = bold
    _print_layout(summary_ws, title_rows="1:1")

    headers = ["项目", "行", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "问题", "建议"]
    for rep in run.reports:
        ws = wb.create_sheet(_sheet_name(rep.doc_id, used))
        ws.append([f"{rep.doc_id}  {rep.agency or ''}  体系：{rep.regime}（{rep.regime_reason}）"])
        ws.append(headers)
        for cell in ws[1] + ws[2]:
            cell.font = bold
        by_row: dict[tuple, list] = {}
        for f in rep.findings:
            by_row.setdefault((f.project_index, f.row), []).append(f)
        projects = rep.document.projects if rep.document is not None else []
        line = 2  # the rows written so far
        for project in projects:
            header = by_row.get((project.index, None), [])
            budget = "" if project.budget_total is None else f"预算 {project.budget_total:g} 万元"
            ws.append([f"{project.index}. {project.name}", None, budget, None, None, None, None, None,
                       "\n".join(f"{f.rule} {f.message}" for f in header),
                       "\n".join(f"{f.rule} {f.fix}" for f in header)])
            line += 1  # counted, not ws.max_row (which scans the sheet: quadratic in rows)
            ws.cell(line, 1).font = bold
            if header:
                worst = min(header, key=lambda f: rank.get(f.severity, 9))
                ws.cell(line, 9).fill = fills.get(worst.severity)
            for ind in project.indicators:
                values = [project.index, ind.row, ind.level1_raw.strip() or ind.level1, ind.level2_raw.strip() or ind.level2,
                          ind.name, ind.description, ind.value_raw.strip(), ind.basis_raw.strip()]
                found = by_row.get((project.index, ind.row), [])
                ws.append(values + ["\n".join(f"{f.rule} {f.message}" for f in found),
                                    "\n".join(f"{f.rule} {f.fix}" for f in found)])
                line += 1
                per_cell: dict[str, list] = {}
                for f in found:
                    per_cell.setdefault(f.cell or "name", []).append(f)
                for cell_name, cell_findings in per_cell.items():
                    column = 3 + CELL_COLUMNS.index(cell_name) if cell_name in CELL_COLUMNS else 5
                    worst = min(cell_findings, key=lambda f: rank.get(f.severity, 9))
                    cell = ws.cell(line, column)
                    cell.fill = fills.get(worst.severity)
                    text = "\n".join(f"{f.rule}（{SEVERITY_ZH.get(f.severity)}）{f.message} 建议：{f.fix}"
                                     for f in cell_findings)
                    cell.comment = Comment(text, "zhibiao")
                if found:
                    worst = min(found, key=lambda f: rank.get(f.severity, 9))
                    ws.cell(line, 9).fill = fills.get(worst.severity)
            if progress is not None:
                done += len(project.indicators) + 1
                progress("xlsx", done, 2 * lines)
        _lay_out(ws, (22, 5, 10, 14, 26, 30, 14, 18, 60, 50), body_from=3, freeze="C3", title_rows="1:2")

    fws = wb.create_sheet("问题清单")
    columns = ["doc_id", "project_index", "project_name", "row", "cell", "rule", "title", "severity", "message",
               "fix", "location_text", "evidence"]
    fws.append([FINDING_COLUMNS_ZH[c] for c in columns])
    for cell in fws[1]:
        cell.font = bold
    cell_zh = rule_table()["cell_zh"]
    for line, f in enumerate(findings, start=2):
        if progress is not None and line % 1000 == 0:
            progress("xlsx", done + line - 2, 2 * lines)
        d = f.to_dict()
        d["severity"] = SEVERITY_ZH.get(f.severity, f.severity)
        d["cell"] = cell_zh.get(d["cell"], d["cell"]) if d["cell"] else d["cell"]
        fws.append([d[c] if c != "evidence" else json.dumps(d["evidence"], ensure_ascii=False) for c in columns])
        fws.cell(line, 8).fill = fills.get(f.severity)
    _lay_out(fws, (14, 6, 22, 5, 8, 6, 20, 8, 60, 50, 24, 30), body_from=2, freeze="A2", title_rows="1:1")

    legend = wb.create_sheet("图例")
    legend.append(["颜色", "严重程度", "含义"])
    for cell in legend[1]:
        cell.font = bold
    for line, (severity, meaning) in enumerate(rule_table()["severity_meaning_zh"].items(), start=2):
        legend.append(["", SEVERITY_ZH.get(severity, severity), meaning])
        legend.cell(line, 1).fill = fills.get(severity)
    legend.append([])
    legend.append(["", "批注", "标色单元格的批注写明规则、问题和建议；“问题清单”逐条列出全部问题。"])
    for letter, width in zip("ABC", (8, 10, 70)):
        legend.column_dimensions[letter].width = width
    _print_layout(legend, title_rows="1:1")
    path.parent.mkdir(parents=True, exist_ok=True)
    if progress is not None:
        progress("xlsx", lines, 2 * lines)
    wb.save(path)
    if progress is not None:
        progress("xlsx", 2 * lines, 2 * lines)
    return path
