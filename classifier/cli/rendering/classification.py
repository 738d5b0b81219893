"""Classified names on the terminal: one row per name with its category, probability,
runner-up, expected 二级 and the words that weighed most."""
from __future__ import annotations

from typing import Any, Sequence

from classifier.classification.api import Classification
from classifier.classification.explain import readable_evidence


def print_classifications(results: Sequence[Classification], *, regime: str, console: Any = None) -> None:
    """Print ``results`` (from :func:`classifier.classify`) as one table, then how many are
    marked 请复核 (below the model's review cut-off)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"三级指标分类（{'财预〔2021〕101号' if regime == 'central2021' else '财预〔2020〕10号'}体系）")
    for heading in ("三级指标", "类别", "概率", "次选", "应填二级", "依据"):
        table.add_column(heading, overflow="fold")
    for r in results:
        runner_up = f"{r.alternatives[1][0]} {r.alternatives[1][1]:.2f}" if len(r.alternatives) > 1 else ""
        name = "" if r.name is None else str(r.name)
        rules = [t[3:] for t, _ in r.top_tokens if t.startswith("规则:") and not t.startswith("规则:cat_")][:1]
        why = "、".join(readable_evidence(r.top_tokens) + [f"规则 {x}" for x in rules]) if r.top_tokens else r.reason
        p = f"{r.probability:.2f}" + (" 请复核" if r.needs_review else "")
        table.add_row(name[:60], f"{r.category} {r.category_zh}", p, runner_up, "、".join(r.expected_level2) or "—", why)
    console = console or Console()
    console.print(table)
    unsure = sum(r.needs_review for r in results)
    if unsure:
        console.print(f"{len(results)} 个名称中有 {unsure} 个标为“请复核”：概率低于模型的复核线，"
                      "这样的判断正确的比例低得多。")
