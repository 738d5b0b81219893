"""Threshold suggestions, checks and drafts on the terminal."""
from __future__ import annotations

from typing import Any

from classifier.cli.rendering import kind_zh, location_zh
from classifier.suggestion.drafting import Draft
from classifier.suggestion.values import DIRECTION_SYMBOL, format_number
from classifier.suggestion.suggest import ThresholdSuggestion
from classifier.suggestion.check import ThresholdCheck

#: Where a suggestion's category came from (``ThresholdSuggestion.category_source``), for people.
SOURCE_ZH = {"label": "人工标注", "corpus": "语料中的同名指标", "model": "分类器判断", "category": "按类别查询",
             "given": "指定类别"}

def _value(text: str) -> str:
    """A value as the corpus groups it; the empty cell (``(empty)``) in words."""
    return "（空）" if text == "(empty)" else text


def print_suggestion(s: ThresholdSuggestion, *, console: Any = None) -> None:
    """Print a suggestion for people: the category, one line per value group, evidence rows, notes."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    console.print(f"[bold]{s.query}[/bold] → {s.category}（{s.category_zh}，{SOURCE_ZH.get(s.category_source, s.category_source)}）；"
                  f"{s.documents} 个文件 {s.tables} 张表中 {s.rows} 行"
                  + (f"；二级 {s.level2}" if s.level2 else "") + (f"；单位 {s.unit}" if s.unit else ""))
    if s.similar_names:
        console.print("几乎相同的名称：" + "、".join(f"{n} ({v:.2f})" for n, v in s.similar_names))
    table = Table(show_lines=False)
    for col in ("写法", "行数", "占比", "表数", "最常见", "中位数 [q1–q3]", "依据", "其他取值"):
        table.add_column(col, overflow="fold")
    for g in s.groups:
        form = " ".join(x for x in (DIRECTION_SYMBOL.get(g.direction, g.direction) or "=", g.unit or "", kind_zh(g.kind)) if x)
        spread = f"{format_number(g.median)} [{format_number(g.q1)}–{format_number(g.q3)}]" if g.median is not None else ""
        table.add_row(form, str(g.rows), f"{g.share:.0%}", str(g.tables),
                      f"{_value(g.most_common)}（{g.most_common_tables} 张表）", spread,
                      g.basis_raw or g.basis or "", "、".join(f"{_value(v)}×{n}" for v, n in g.values[1:6]))
    console.print(table)
    for g in s.groups[:2]:
        for e in g.examples[:3]:
            console.print(f"  例：{e.value_raw!s:<14} {e.name} — {e.project}（{location_zh(e.location)}）")
    if s.proposal and s.proposal.value:
        console.print(f"[bold]建议取值：{s.proposal.value}[/bold]（{s.proposal.note}）")
    for note in s.notes:
        console.print(f"[yellow]注：[/yellow]{note}")


def print_check(c: ThresholdCheck, *, console: Any = None) -> None:
    """Print a check for people: the verdict, then one line per message."""
    from rich.console import Console

    console = console or Console()
    console.print(f"[bold]{c.name} {c.value}[/bold] → {c.category}（{c.category_zh}）：[bold]{c.verdict_zh}[/bold]")
    for message in c.messages:
        console.print(f"  {message}")
    if c.advice:
        console.print(f"  [green]建议：[/green]{c.advice}")


def _field_zh(field: str) -> str:
    from classifier.suggestion.fields import field_zh

    return field_zh(field) if field else "领域不明"


def render_draft(d: Draft) -> Any:
    """A :class:`rich.table.Table` of the draft for the terminal."""
    from rich.table import Table

    how = "指定" if d.field_source == "given" else "由项目名称推断，可用 --field 指定"
    table = Table(title=f"绩效目标表（草稿）：{d.project_name}  [{d.regime}]  领域：{d.field_zh}（{how}）",
                  show_lines=False)
    for col in ("一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "证据"):
        table.add_column(col, overflow="fold")
    for slot in d.slots:
        if not slot.items:
            table.add_row(slot.level1, slot.level2, "—", "", "", "无先例")
        for n, item in enumerate(slot.items):
            name = f"{item.name} 【跨领域】" if item.other_field else item.name
            table.add_row(slot.level1 if n == 0 else "", slot.level2 if n == 0 else "", name, item.value,
                          item.basis or "", item.evidence_short)
    return table


def print_draft(d: Draft, *, console: Any = None) -> None:
    """Print the draft for people: the table, the similar projects used, the notes."""
    from rich.console import Console

    console = console or Console()
    console.print(render_draft(d))
    if d.similar_projects:
        console.print("参考的相似项目：" + "；".join(
            f"{p.project}（{p.organisation or p.doc_id}，{_field_zh(p.field)}，相似度 {p.similarity:.2f}）"
            for p in d.similar_projects))
    for note in d.notes:
        console.print(f"[yellow]注：[/yellow]{note}")
