"""The tables ``zhibiao read`` found, one rich table per project."""
from __future__ import annotations

from typing import Any, Iterable

from classifier.core.records import Document
from classifier.reading.report import threshold_summary


def print_tables(documents: Iterable[Document], *, console: Any = None) -> None:
    """Print one rich table per project, with a header line per document."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    for doc in documents:
        console.print(
            f"[bold]{doc.source_path}[/bold]  {doc.format}"
            + (f" ({doc.encoding})" if doc.encoding else "")
            + f"  单位: {doc.agency or '-'}  年度: {doc.budget_year or '-'}"
            + f"  项目 {len(doc.projects)} 个，指标 {doc.indicator_count} 行，读取 {doc.rows_read} 行"
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
            for column in ("#", "一级", "二级", "三级", "指标值", "解析", "依据", "行号"):
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
