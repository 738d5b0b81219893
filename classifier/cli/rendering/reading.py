"""The tables ``zhibiao read`` found, one rich table per project."""
from __future__ import annotations

from typing import Any, Iterable

from classifier.cli.rendering import ISSUE_ZH, kind_zh
from classifier.core.records import Document, Threshold


def threshold_zh(th: Threshold) -> str:
    """What the parser understood of a 指标值, in one short line: ``≥ 90 %（比率）``,
    ``2023年（完成时限）``, ``是（是/否）``, with the parser's issues after a ``！``."""
    parts: list[str] = []
    if th.direction not in ("none", "="):
        parts.append({">=": "≥", "<=": "≤", "range": "区间"}.get(th.direction, th.direction))
    if th.value is not None:
        parts.append(f"{th.value:g}" + (f"–{th.value_max:g}" if th.value_max is not None else ""))
    if th.unit:
        parts.append(th.unit)
    if th.deadline:
        parts.append("".join(f"{th.deadline[k]}{suffix}" for k, suffix in (("year", "年"), ("month", "月"), ("day", "日"))
                             if th.deadline.get(k)))
    if th.boolean is not None:
        parts.append("是" if th.boolean else "否")
    text = " ".join(parts)
    text = f"{text}（{kind_zh(th.kind)}）" if text else kind_zh(th.kind)
    if th.issues:
        text += "！" + "、".join(ISSUE_ZH.get(i, i) for i in th.issues)
    return text


def print_tables(documents: Iterable[Document], *, console: Any = None) -> None:
    """Print one rich table per project, with a header line per document."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    for doc in documents:
        console.print(
            f"[bold]{doc.source_path}[/bold]  {doc.format}"
            + (f" ({doc.encoding})" if doc.encoding else "")
            + f"  单位：{doc.agency or '-'}  年度：{doc.budget_year or '-'}"
            + f"  项目 {len(doc.projects)} 个，指标 {doc.indicator_count} 行，读取 {doc.rows_read} 行"
        )
        for project in doc.projects:
            money = "/".join("-" if v is None else f"{v:g}" for v in (project.budget_total, project.budget_fiscal, project.budget_other))
            plan = " ".join(f"{k}:{'-' if v is None else f'{v:g}%'}" for k, v in project.spending_plan.items())
            goals = " | ".join(g.replace("\n", " ") for g in project.goals)
            table = Table(
                title=f"{project.index}. {project.name or project.title} [{project.code or '无编码'}] 预算/财政/其他 {money} 万元",
                title_justify="left",
                caption=f"支出计划 {plan or '-'}；绩效目标 {len(project.goals)} 条：{goals[:120] or '-'}",
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
                    threshold_zh(ind.threshold),
                    f"{ind.basis_raw.strip()} → {ind.basis_category or '?'}" if ind.basis_raw.strip() else "",
                    f"{ind.location.line_start}" if ind.location.line_start == ind.location.line_end
                    else f"{ind.location.line_start}-{ind.location.line_end}",
                )
            console.print(table)
