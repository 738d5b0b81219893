"""Show what was read: a rich table per project, JSON, or flat CSV (``zhibiao read``)."""
from __future__ import annotations

import csv
import io
import json
from typing import Iterable, TextIO

from classifier.core.records import Document
from classifier.vocabulary.thresholds import Threshold

#: Columns of the flat CSV form, one line per indicator row.
CSV_COLUMNS = (
    "doc_id", "project_index", "project_name", "project_code", "row",
    "level1", "level2", "name", "description", "value_raw", "basis_raw", "basis_category",
    "direction", "value", "value_max", "unit", "kind", "issues", "location",
)


def threshold_summary(th: Threshold) -> str:
    """One short line: ``>= 90 % (rate)``, ``deadline 2023`` , ``boolean 是`` …"""
    parts: list[str] = []
    if th.direction not in ("none", "="):
        parts.append(th.direction)
    if th.value is not None:
        number = f"{th.value:g}"
        if th.value_max is not None:
            number += f"–{th.value_max:g}"
        parts.append(number)
    if th.unit:
        parts.append(th.unit)
    if th.deadline:
        parts.append("".join(
            f"{th.deadline[k]}{suffix}" for k, suffix in (("year", "年"), ("month", "月"), ("day", "日"))
            if th.deadline.get(k)
        ))
    if th.boolean is not None:
        parts.append("是" if th.boolean else "否")
    text = " ".join(parts)
    text = f"{text} ({th.kind})" if text else th.kind
    if th.issues:
        text += " !" + ",".join(th.issues)
    return text


def print_tables(documents: Iterable[Document], console=None) -> None:
    """Print one rich table per project, with a header line per document."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    for doc in documents:
        console.print(
            f"[bold]{doc.source_path}[/bold]  {doc.format}"
            + (f" ({doc.encoding})" if doc.encoding else "")
            + f"  单位: {doc.agency or '-'}  年度: {doc.budget_year or '-'}"
            + f"  projects {len(doc.projects)}, indicators {doc.indicator_count}, rows read {doc.rows_read}"
        )
        for project in doc.projects:
            money = "/".join("-" if v is None else f"{v:g}" for v in (project.budget_total, project.budget_fiscal, project.budget_other))
            plan = " ".join(f"{k}:{'-' if v is None else f'{v:g}%'}" for k, v in project.spending_plan.items())
            goals = " | ".join(g.replace("\n", " ") for g in project.goals)
            table = Table(
                title=f"{project.index}. {project.name or project.title} [{project.code or '无编码'}] 预算/财政/其他 {money} 万元",
                title_justify="left",
                caption=f"支出计划 {plan or '-'}; 绩效目标 {len(project.goals)}: {goals[:120] or '-'}",
                caption_justify="left",
                show_lines=False,
            )
            for column in ("#", "一级", "二级", "三级", "指标值", "threshold", "依据", "where"):
                table.add_column(column, overflow="fold")
            for ind in project.indicators:
                table.add_row(
                    str(ind.row),
                    ind.level1 + ("↑" if ind.level1_inherited else ""),
                    ind.level2 + ("↑" if ind.level2_inherited else ""),
                    ind.name,
                    ind.value_raw.strip(),
                    threshold_summary(ind.threshold),
                    f"{ind.basis_raw.strip()} → {ind.basis_category or '?'}" if ind.basis_raw.strip() else "",
                    f"{ind.location.line_start}" if ind.location.line_start == ind.location.line_end
                    else f"{ind.location.line_start}-{ind.location.line_end}",
                )
            console.print(table)


def documents_json(documents: Iterable[Document]) -> str:
    """All documents as one JSON array (the corpus record form)."""
    return json.dumps([d.to_dict() for d in documents], ensure_ascii=False, indent=2, sort_keys=True)


def write_rows_csv(documents: Iterable[Document], fh: TextIO) -> None:
    """Flat CSV, one line per indicator (columns: :data:`CSV_COLUMNS`), starting with a UTF-8
    BOM so that Excel and WPS show the Chinese text (Python reads it back with ``utf-8-sig``)."""
    fh.write("\ufeff")
    writer = csv.writer(fh)
    writer.writerow(CSV_COLUMNS)
    for doc in documents:
        for project, ind in doc.iter_indicators():
            th = ind.threshold
            writer.writerow([
                doc.doc_id, project.index, project.name, project.code or "", ind.row,
                ind.level1, ind.level2, ind.name, ind.description, ind.value_raw, ind.basis_raw,
                ind.basis_category or "", th.direction,
                "" if th.value is None else f"{th.value:g}",
                "" if th.value_max is None else f"{th.value_max:g}",
                th.unit or "", th.kind, ";".join(th.issues), str(ind.location),
            ])


def rows_csv(documents: Iterable[Document]) -> str:
    buffer = io.StringIO()
    write_rows_csv(documents, buffer)
    return buffer.getvalue()
