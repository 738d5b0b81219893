"""A draft as the .xlsx / .docx a finance office would send: a title, the header block (项目名称,
预算, 资金用途, 绩效目标), the indicator table with borders, column widths, a bold shaded
heading, wrapped text and merged 一级/二级 cells — plus, per row, where it came from
(organisation, project, year, how many tables, the typical range) in a last column marked as
reference, and in a comment on the 三级 cell (.xlsx). Notes (the field, what was generalised)
follow the table.

The cell grid is :func:`classifier.reading.table_export.project_layout` of the draft, so
``zhibiao read`` reads the file back as the same table (the reference column is not one of
the reader's headings and is left out).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

#: Heading of the reference column (not part of the form; may be deleted before sending).
EVIDENCE_HEADING = "来源与参考（供填报参考，报送前可删除）"
#: Column widths: .xlsx in characters, .docx in centimetres (landscape A4).
XLSX_WIDTHS = (11, 15, 24, 28, 14, 14, 46)
DOCX_WIDTHS_CM = (2.0, 2.6, 4.0, 4.6, 2.4, 2.4, 7.0)
FONT = "宋体"
HEADING_FILL = "D9D9D9"
LABEL_FILL = "F2F2F2"
EVIDENCE_FILL = "FFF8E1"
#: Header-block cells that are labels (bold, shaded).
LABELS = ("项目编码", "项目名称", "预算数", "其中：财政资金", "其他资金")


def _grid(d: Any) -> tuple[Any, int, list[str]]:
    """(layout with the evidence column, index of the heading row, evidence per indicator row)."""
    from classifier.reading.table_export import HEADING, project_layout

    layout = project_layout(d.to_project())
    heading = next(i for i, row in enumerate(layout.rows) if tuple(row[: len(HEADING)]) == HEADING)
    evidence = []
    for slot in d.slots:
        if not slot.items:
            evidence.append(slot.note or "")
        evidence += [("【跨领域】" if i.other_field else "") + i.evidence_text for i in slot.items]
    for k, row in enumerate(layout.rows):
        extra = ""
        if k == heading:
            extra = EVIDENCE_HEADING
        elif k > heading and k - heading - 1 < len(evidence):
            extra = evidence[k - heading - 1]
        row.append(extra)
    return layout, heading, evidence


def _header_merges(layout: Any, heading: int) -> list[tuple[int, int, int]]:
    """Horizontal merges of the header block: ``(row, first column, last column)``, 0-based."""
    width = len(layout.rows[0])
    merges = []
    for r, row in enumerate(layout.rows[:heading]):
        filled = [c for c, text in enumerate(row) if text]
        if not filled:
            continue
        last = filled[-1]
        if last < width - 1 and (row[0] in ("预算规模及资金用途", "绩效目标", "") or row[2] == "项目名称"
                                  or len(filled) <= 2):
            merges.append((r, last, width - 1))
    return merges


def _title(d: Any) -> tuple[str, str]:
    year = f"{d.year}" if d.year else "××××"
    return f"{d.project_name}绩效目标表（草稿）", f"（{year}年度）"


def _footer(d: Any) -> list[str]:
    how = "指定" if d.field_source == "given" else "由项目名称推断"
    lines = [f"说明：本表由 zhibiao 根据同领域（{d.field_zh}，{how}）已公开的绩效目标表起草，"
             "指标和指标值须按本项目的任务、预算和依据文件核定后填报；最后一列为参考来源，报送前可删除。"]
    lines += [f"{k}. {n}" for k, n in enumerate(d.notes, start=1)]
    lines.append("填报单位（盖章）：                    填报人：              联系电话：              填报日期：")
    return lines


def _lines(text: str, width_chars: float, size: float = 10) -> int:
    """Lines a text of font ``size`` takes in a cell ``width_chars`` wide (a Chinese character
    counts about 1.8 width units at 10 pt)."""
    units = sum(1.8 if ord(ch) > 0x2E80 else 1.0 for ch in text) * size / 10
    return max(1, math.ceil(units / max(width_chars - 1, 1)))


def write_draft_xlsx(d: Any, path: str | Path) -> Path:
    """The draft as a styled .xlsx form (see the module docstring)."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    path = Path(path)
    layout, heading, _ = _grid(d)
    width = len(layout.rows[0])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "绩效目标表草稿"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    base, bold = Font(name=FONT, size=10), Font(name=FONT, size=10, bold=True)
    for c, w in enumerate(XLSX_WIDTHS[:width], start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    title, year = _title(d)
    for r, (text, size) in enumerate(((title, 16), (year, 11)), start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.font = Font(name=FONT, size=size, bold=size > 12)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    ws.row_dimensions[1].height = 30
    top = 3  # the grid starts on row 3
    header_merges = _header_merges(layout, heading)
    merged_width: dict[tuple[int, int], float] = {}
    for r, first, last in header_merges:
        merged_width[(r, first)] = sum(XLSX_WIDTHS[first:last + 1])
    items = [i for s in d.slots for i in (s.items or [None])]
    for r, row in enumerate(layout.rows):
        excel_row = top + r
        lines = 1
        for c, text in enumerate(row):
            cell = ws.cell(row=excel_row, column=c + 1)
            if text:
                cell.value = text
                cell.data_type = "s"  # never a formula
            cell.border = border
            cell.font, cell.alignment = base, wrap
            if r == heading:
                cell.font, cell.alignment = bold, centre
                cell.fill = PatternFill("solid", fgColor=HEADING_FILL)
            elif r < heading and text and (c == 0 or text in LABELS):
                cell.font = bold
                cell.fill = PatternFill("solid", fgColor=LABEL_FILL)
            elif r > heading and c in (0, 1):
                cell.alignment = centre
            elif r > heading and c == 4:
                cell.alignment = centre
            if r > heading and c == width - 1:
                cell.fill = PatternFill("solid", fgColor=EVIDENCE_FILL)
                cell.font = Font(name=FONT, size=9, color="595959")
            size = 9 if (r > heading and c == width - 1) else 10
            lines = max(lines, _lines(text, merged_width.get((r, c), XLSX_WIDTHS[min(c, len(XLSX_WIDTHS) - 1)]), size))
        ws.row_dimensions[excel_row].height = max(18, 13 * lines + 5)
        if r > heading and r - heading - 1 < len(items) and items[r - heading - 1] is not None:
            item = items[r - heading - 1]
            if item.evidence_text:
                comment = Comment(item.evidence_text, "zhibiao")
                comment.width, comment.height = 320, 120
                ws.cell(row=excel_row, column=3).comment = comment
    for column, first, last in layout.merges:
        ws.merge_cells(start_row=top + first, start_column=column + 1, end_row=top + last, end_column=column + 1)
    for r, first, last in header_merges:
        ws.merge_cells(start_row=top + r, start_column=first + 1, end_row=top + r, end_column=last + 1)
    row_no = top + len(layout.rows) + 1
    for line in _footer(d):
        cell = ws.cell(row=row_no, column=1, value=line)
        cell.font, cell.alignment = Font(name=FONT, size=9), Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=width)
        ws.row_dimensions[row_no].height = 14 * _lines(line, sum(XLSX_WIDTHS[:width]) * 1.1) + 4
        row_no += 1
    ws.freeze_panes = ws.cell(row=top + heading + 1, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{top + heading}:{top + heading}"
    ws.print_options.horizontalCentered = True
    wb.save(str(path))
    return path


def _set_cell_shading(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _set_font(run: Any, size: float, bold: bool = False, color: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        from docx.oxml import OxmlElement

        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), FONT)


def write_draft_docx(d: Any, path: str | Path) -> Path:
    """The draft as a styled .docx form (see the module docstring)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    path = Path(path)
    layout, heading, _ = _grid(d)
    width = len(layout.rows[0])
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.6)
    title, year = _title(d)
    for text, size, bold in ((title, 16, True), (year, 11, False)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(4)
        _set_font(paragraph.add_run(text), size, bold)
    table = document.add_table(rows=len(layout.rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = DOCX_WIDTHS_CM[:width]
    for c, column in enumerate(table.columns):  # the grid LibreOffice and Word lay out by
        column.width = Cm(widths[c])
    for r, row in enumerate(layout.rows):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        if r == heading:  # repeat the heading on every page
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            tr_pr.append(header)
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Cm(widths[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            is_label = r < heading and bool(text) and (c == 0 or text in LABELS)
            if r == heading or (r > heading and c in (0, 1, 4)):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                evidence = r > heading and c == width - 1
                _set_font(paragraph.add_run(text), 8 if evidence else 10, bold=r == heading or is_label,
                          color="595959" if evidence else None)
            if r == heading:
                _set_cell_shading(cell, HEADING_FILL)
            elif is_label:
                _set_cell_shading(cell, LABEL_FILL)
            elif r > heading and c == width - 1:
                _set_cell_shading(cell, EVIDENCE_FILL)
    for column, first, last in layout.merges:
        merged = table.cell(first, column).merge(table.cell(last, column))
        _keep_one_paragraph(merged)
        merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for r, first, last in _header_merges(layout, heading):
        merged = table.cell(r, first).merge(table.cell(r, last))
        _keep_one_paragraph(merged)
    for k, line in enumerate(_footer(d)):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(8 if k == 0 else 0)
        paragraph.paragraph_format.space_after = Pt(2)
        _set_font(paragraph.add_run(line), 9)
    document.save(str(path))
    return path


def _keep_one_paragraph(cell: Any) -> None:
    """A merge keeps every cell's paragraphs; drop the empty ones so the text stays centred."""
    paragraphs = cell.paragraphs
    for p in paragraphs[1:]:
        if not p.text.strip():
            p._element.getparent().remove(p._element)
