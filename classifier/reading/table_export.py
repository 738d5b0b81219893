"""Write projects back out as real 绩效目标表 tables: .docx, .xlsx or .csv.

Each project becomes a table laid out like the forms people fill in::

    单位 (agency)                                   单位：万元
    项目编码 | code | 项目名称 | name
    预算规模及资金用途
    预算数 | total | 其中：财政资金 | fiscal | 其他资金 | other
           | purpose (资金用途)
    资金支出计划（%） | 3月底 | 6月底 | 10月底 | 12月底
                     | 25    | 50    | 75     | 100
    绩效目标 | 目标1 | goal text
             | 目标2 | goal text
    一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据
    产出指标 | 数量指标 | …

The raw cell texts are written (``*_raw`` fields), and a run of inherited 一级/二级
cells becomes a merged cell in .docx and .xlsx (empty continuation cells in .csv),
so reading the file back gives the same records. The project title goes in a
paragraph before the table (.docx) or a one-cell row above it (.xlsx, .csv).

Entry points: :func:`project_layout` (the cell grid and merges, format-free),
:func:`write_docx`, :func:`write_xlsx`, :func:`write_csv`, and
:func:`export_projects` (by file suffix).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from classifier.core.errors import ZhibiaoError
from classifier.core.records import Document, Project

HEADING = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
WIDTH = len(HEADING)


@dataclass
class ProjectLayout:
    """A project as a grid of cell texts.

    ``rows``: list of rows, each ``WIDTH`` (or more) strings. ``merges``: vertical
    merges as ``(column, first_row, last_row)`` with 0-based indices into ``rows``.
    ``title``: the table title ('' for none).
    """

    title: str
    rows: list[list[str]] = field(default_factory=list)
    merges: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows) if self.rows else WIDTH


def _pad(cells: list[str], width: int = WIDTH) -> list[str]:
    return cells + [""] * (width - len(cells))


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def project_layout(project: Project) -> ProjectLayout:
    """The cell grid of one project (see module docstring)."""
    layout = ProjectLayout(title=project.title)
    rows = layout.rows
    if project.agency:
        rows.append(_pad([project.agency], WIDTH - 1) + ["单位：万元"])
    rows.append(_pad(["项目编码", project.code_raw, "项目名称", project.name]))
    rows.append(_pad(["预算规模及资金用途"]))
    rows.append(_pad([
        "预算数", project.budget_total_raw, "其中：财政资金", project.budget_fiscal_raw,
        "其他资金", project.budget_other_raw,
    ]))
    rows.append(_pad(["", project.purpose]))
    if project.spending_plan:
        labels = list(project.spending_plan)
        rows.append(_pad(["资金支出计划（%）"] + labels))
        rows.append(_pad([""] + [_number(project.spending_plan[k]) for k in labels]))
    if project.goals:
        for k, goal in enumerate(project.goals):
            rows.append(_pad(["绩效目标" if k == 0 else "", f"目标{k + 1}", goal]))
    else:
        rows.append(_pad(["绩效目标"]))
    rows.append(list(HEADING))
    first_indicator = len(rows)
    runs: dict[int, int | None] = {0: None, 1: None}
    for offset, ind in enumerate(project.indicators):
        row_index = first_indicator + offset
        rows.append([ind.level1_raw, ind.level2_raw, ind.name_raw, ind.description_raw, ind.value_raw, ind.basis_raw])
        for column, inherited in ((0, ind.level1_inherited), (1, ind.level2_inherited)):
            # An inherited empty cell joins the merged run above; an inherited cell holding
            # only white space stays a cell of its own so that its raw text survives.
            if inherited and offset > 0 and rows[row_index][column] == "":
                if runs[column] is None:
                    runs[column] = row_index - 1
            else:
                _close_run(layout, runs, column, row_index - 1)
    end = first_indicator + len(project.indicators) - 1
    for column in (0, 1):
        _close_run(layout, runs, column, end)
    width = layout.width
    layout.rows = [_pad(r, width) for r in rows]
    return layout


def _close_run(layout: ProjectLayout, runs: dict[int, int | None], column: int, last_row: int) -> None:
    start = runs[column]
    if start is not None and last_row > start:
        layout.merges.append((column, start, last_row))
    runs[column] = None


def _projects_of(source: Document | Iterable[Project]) -> list[Project]:
    return list(source.projects) if isinstance(source, Document) else list(source)


def write_docx(source: Document | Iterable[Project], path: str | Path) -> Path:
    """One Word table per project (title paragraph before it), merged 一级/二级 runs."""
    import docx

    path = Path(path)
    document = docx.Document()
    for k, project in enumerate(_projects_of(source)):
        layout = project_layout(project)
        if k:
            document.add_paragraph("")
        if layout.title:
            document.add_paragraph(layout.title)
        table = document.add_table(rows=len(layout.rows), cols=layout.width)
        for r, cells in enumerate(layout.rows):
            row = table.rows[r]
            for c, text in enumerate(cells):
                if text:
                    row.cells[c].text = text
        for column, first, last in layout.merges:
            table.cell(first, column).merge(table.cell(last, column))
    document.save(str(path))
    return path


def write_xlsx(source: Document | Iterable[Project], path: str | Path, *, sheet_title: str = "绩效目标表") -> Path:
    """All projects on one sheet, a blank row between them; merged 一级/二级 runs."""
    import openpyxl

    path = Path(path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    row_no = 0
    for k, project in enumerate(_projects_of(source)):
        layout = project_layout(project)
        if k:
            row_no += 1
        if layout.title:
            row_no += 1
            sheet.cell(row=row_no, column=1, value=layout.title)
        top = row_no + 1
        for cells in layout.rows:
            row_no += 1
            for c, text in enumerate(cells, start=1):
                if text:
                    cell = sheet.cell(row=row_no, column=c, value=text)
                    cell.data_type = "s"  # never a formula, whatever the text starts with
        for column, first, last in layout.merges:
            sheet.merge_cells(start_row=top + first, start_column=column + 1, end_row=top + last, end_column=column + 1)
    workbook.save(str(path))
    return path


def write_csv(source: Document | Iterable[Project], path: str | Path, *, encoding: str = "utf-8-sig") -> Path:
    """The same grid as CSV (UTF-8 with BOM by default, which Excel opens correctly)."""
    path = Path(path)
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        for k, project in enumerate(_projects_of(source)):
            layout = project_layout(project)
            if k:
                writer.writerow([])
            if layout.title:
                writer.writerow(_pad([layout.title], layout.width))
            writer.writerows(layout.rows)
    return path


WRITERS = {".docx": write_docx, ".xlsx": write_xlsx, ".csv": write_csv}


def export_projects(source: Document | Sequence[Project], path: str | Path) -> Path:
    """Write ``source`` to ``path``; the format follows the suffix (.docx, .xlsx, .csv)."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise ZhibiaoError(f"{path}：不能写成 {path.suffix or '无扩展名'} 格式（请用 .docx、.xlsx 或 .csv）")
    return writer(source, path)
