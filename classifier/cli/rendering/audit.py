"""The audit report on the terminal: one block per document and project (findings by row),
then a summary across documents."""
from __future__ import annotations

from typing import Any

from classifier.cli.rendering import location_zh
from classifier.auditing.report import SEVERITY_RANK, SEVERITY_ZH, Reportable, as_run, rule_title, summary_text
from classifier.auditing.rules import rule_table

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_report(report: Reportable, *, console: Any = None, show_fix: bool = True) -> None:
    """Print the audit grouped by document and project, with a summary at the end."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    run = as_run(report)
    for rep in run.reports:
        console.rule(Text(f"{rep.doc_id}  {rep.agency or ''}  {rep.budget_year or ''}".strip(), style="bold"))
        how = "推断" if rep.regime_guessed else "指定"
        console.print(f"体系：{rule_table()['regime_zh'].get(rep.regime, rep.regime)}（{how}：{rep.regime_reason}）",
                      soft_wrap=True)
        console.print(f"{rep.projects} 个项目，{rep.rows} 行指标；{summary_text(rep.summary)}", soft_wrap=True)
        for note in rep.notes:
            console.print(f"[dim]注：{note}[/dim]")
        by_project: dict[Any, list] = {}
        for f in rep.findings:
            by_project.setdefault(f.project_index, []).append(f)
        projects = {p.index: p for p in rep.document.projects} if rep.document is not None else {}
        clean = [p for i, p in projects.items() if i not in by_project]
        for index, findings in by_project.items():
            project = projects.get(index)
            name = findings[0].project_name or ""
            budget = f"，预算 {project.budget_total:g} 万元" if project and project.budget_total is not None else ""
            console.print()
            head = Text(f"项目 {index}：{name}{budget}", style="bold")
            if project:
                head.append(f"  {location_zh(project.location)}", style="dim")
            console.print(head, soft_wrap=True)
            indicators = {i.row: i for i in project.indicators} if project else {}
            by_row: dict[Any, list] = {}
            for f in sorted(findings, key=lambda f: (f.row or 0, SEVERITY_RANK.get(f.severity, 9))):
                by_row.setdefault(f.row, []).append(f)
            for row, row_findings in by_row.items():
                ind = indicators.get(row)
                if row is None:
                    line = Text("  项目整体", style="bold")
                elif ind is not None:
                    line = Text(f"  第 {row} 行 ", style="bold")
                    line.append(ind.name or "（无名称）", style="bold")
                    line.append(f"  {ind.level1}／{ind.level2}｜{ind.value_raw.strip() or '（空）'}", style="dim")
                else:
                    line = Text(f"  第 {row} 行", style="bold")
                console.print(line, soft_wrap=True)
                for f in row_findings:
                    item = Text("    ")
                    item.append(f"{f.rule} {SEVERITY_ZH.get(f.severity, f.severity)}",
                                style=SEVERITY_STYLE.get(f.severity, ""))
                    item.append(f"  {f.message}")
                    console.print(item, soft_wrap=True)
                    if show_fix:
                        console.print(Text(f"      → {f.fix}", style="green"), soft_wrap=True)
        if clean:
            console.print()
            names = "、".join(f"项目 {p.index}（{p.name}）" for p in clean)
            console.print(Text(f"未发现问题：{names}", style="green"), soft_wrap=True)
        console.print()
    summary = run.summary
    console.rule(Text("汇总", style="bold"))
    console.print(
        f"{summary['documents']} 个文件，{summary['projects']} 个项目，{summary['rows']} 行指标；"
        f"{summary_text(summary)}" + (f"；跳过 {summary['skipped']} 个文件" if summary["skipped"] else "")
    )
    if summary["by_rule"]:
        table = Table(show_header=True, header_style="bold")
        table.add_column("规则")
        table.add_column("名称")
        table.add_column("级别")
        table.add_column("数量", justify="right")
        # a rule can report at more than one severity (R04: 警告, or 提示 when unsure): one line each
        by_severity: dict[tuple[str, str], int] = {}
        for f in run.findings:
            by_severity[(f.rule, f.severity)] = by_severity.get((f.rule, f.severity), 0) + 1
        order = {rule: k for k, (rule, _) in enumerate(sorted(summary["by_rule"].items(), key=lambda kv: (-kv[1], kv[0])))}
        for (rule, severity), count in sorted(by_severity.items(),
                                              key=lambda kv: (order.get(kv[0][0], 99), SEVERITY_RANK.get(kv[0][1], 9))):
            table.add_row(rule, rule_title(rule), SEVERITY_ZH.get(severity, severity), str(count))
        console.print(table)
    for skipped in run.skipped:
        console.print(f"[red]跳过[/red] {skipped['error']}")
