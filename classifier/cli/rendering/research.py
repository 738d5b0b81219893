"""Corpus statistics and quality scores on the terminal."""
from __future__ import annotations

from typing import Any

from classifier.cli.rendering import kind_zh
from classifier.research.quality import COMPONENTS, Component, QualityReport, QualityScore
from classifier.auditing.report import SEVERITY_ZH
from classifier.research.tables import SEVERITIES

#: The two basis cells that have no basis category, in words.
BASIS_ZH = {"unmapped": "无法归类", "empty": "未填写"}


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.1f}%"


def print_stats(stats: dict[str, Any], *, console: Any = None) -> None:
    """Render :func:`corpus_stats` output as rich tables on ``console`` (default: stdout)."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    totals = stats["totals"]
    console.print(
        f"[bold]{totals['documents']} 个文件，{totals['projects']} 个项目，{totals['rows']} 行指标[/bold]"
    )

    def counts(title: str, data: dict[str, int], key: str, total: int | None = None) -> None:
        table = Table(title=title)
        table.add_column(key)
        table.add_column("行数", justify="right")
        if total:
            table.add_column("占比", justify="right")
        for name, n in data.items():
            table.add_row(str(name), str(n), *([_pct(n / total)] if total else []))
        console.print(table)

    docs = Table(title="文件")
    for column in ("文件", "年度", "单位", "项目", "行数"):
        docs.add_column(column, justify="right" if column in ("项目", "行数", "年度") else "left")
    for d in stats["documents"]:
        docs.add_row(d["doc_id"], str(d["budget_year"] or "—"), d["agency"] or "—", str(d["projects"]), str(d["rows"]))
    console.print(docs)

    levels = Table(title="各一级／二级的行数（按表中所填，已规范写法）")
    levels.add_column("一级")
    levels.add_column("二级")
    levels.add_column("行数", justify="right")
    for l1, sub in stats["level1_level2"].items():
        for i, (l2, n) in enumerate(sub.items()):
            levels.add_row(l1 if i == 0 else "", l2, str(n))
    console.print(levels)

    if stats["categories"]:
        table = Table(title="各预测类别的行数")
        table.add_column("类别")
        table.add_column("中文")
        table.add_column("行数", justify="right")
        table.add_column("人工标注", justify="right")
        for cat, info in stats["categories"].items():
            table.add_row(cat, info["zh"] or "", str(info["rows"]), str(stats["labels"].get(cat, 0)))
        console.print(table)

        cross = Table(title="所填二级 × 预测类别（行数；✗ = 该类别不应填在此二级下）")
        cross.add_column("所填二级")
        cross.add_column("预测类别")
        cross.add_column("行数", justify="right")
        cross.add_column("", justify="center")
        for l2, row in stats["level2_by_category"].items():
            unexpected = stats["level2_by_category_unexpected"].get(l2, {})
            for i, (cat, n) in enumerate(row.items()):
                mark = "✗" if unexpected.get(cat) else ""
                if unexpected.get(cat) and unexpected[cat] != n:
                    mark = f"✗ {unexpected[cat]}"
                cross.add_row(l2 if i == 0 else "", cat, str(n), mark)
            cross.add_section()
        console.print(cross)
    else:
        console.print("[dim]未运行分类：没有类别统计表[/dim]")

    mis = stats["miscategorized"]
    if mis["judged"]:
        console.print(
            f"填错二级的行：{mis['judged']} 行中 {mis['rows']} 行（{_pct(mis['share'])}）；"
            "类别取人工标注，没有标注时取预测"
        )
        if mis["by_level2"]:
            counts("各所填二级下填错的行", mis["by_level2"], "二级")

    counts("指标值类型", {kind_zh(kind): n for kind, n in stats["value_kinds"].items()}, "类型", totals["rows"])
    q = stats["quantified"]
    console.print(
        f"量化的指标值：{q['rows']} 行；带计量单位：{q['with_unit']} 行（{_pct(q['share_with_unit'])}）"
    )
    basis = {BASIS_ZH.get(name, name): n for name, n in stats["basis"].items()}
    counts("指标值确定依据", basis, "依据类别", totals["rows"])
    console.print(f"可归入依据类别的行：{_pct(stats['basis_mapped_share'])}")

    findings = stats["findings"]
    if findings is None:
        console.print("[dim]未运行审核：没有问题统计表[/dim]")
        return
    table = Table(title=f"各规则的审核问题（共 {findings['total']} 个）")
    table.add_column("规则")
    for severity in SEVERITIES:
        table.add_column(SEVERITY_ZH.get(severity, severity), justify="right")
    table.add_column("合计", justify="right")
    for rule, row in findings["by_rule"].items():
        table.add_row(rule, *[str(row[s]) for s in SEVERITIES], str(row["total"]))
    console.print(table)


def _fmt(component: Component) -> str:
    if component.value is None:
        return f"— ({component.note})" if component.note else "—"
    return f"{component.value:.2f} ({component.numerator:g}/{component.denominator})"


def print_quality(report: QualityReport, *, by: str = "document", console: Any = None) -> None:
    """Print the scores as a rich table: ``by`` is ``document`` or ``project``; the corpus
    total follows. Each component shows its value and its counts."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    scores = report.projects if by == "project" else report.documents
    table = Table(title=f"各{'项目' if by == 'project' else '文件'}的指标质量（总分 0–100；各项 0–1，见 docs/quality_score.md）")
    table.add_column("文件")
    if by == "project":
        table.add_column("项目")
    table.add_column("行数", justify="right")
    table.add_column("总分", justify="right")
    headers = {"unit": "单位（带单位/量化）", "basis": "依据（可归类/行数）",
               "category": "归类（二级正确/行数）", "findings": "问题（1/(1+w/行数)）"}
    for name in COMPONENTS:
        table.add_column(headers[name], justify="right")
    def cells_for(score: QualityScore) -> list[str]:
        cells = [score.doc_id or "全部"]
        if by == "project":
            label = "" if score.project_index is None else f"{score.project_index} {score.project_name or ''}"
            cells.append(label.strip())
        cells.append(str(score.rows))
        cells.append("—" if score.total is None else f"{score.total:.1f}")
        cells.extend(_fmt(score.components[name]) for name in COMPONENTS)
        return cells

    for score in scores:
        table.add_row(*cells_for(score))
    if report.corpus is not None:
        table.add_section()
        table.add_row(*cells_for(report.corpus))
    console.print(table)
    notes = []
    if not report.classified:
        notes.append("未运行分类：归类一项只用人工标注")
    if not report.audited:
        notes.append("未运行审核：不计问题一项")
    for note in notes:
        console.print(f"[dim]{note}[/dim]")
