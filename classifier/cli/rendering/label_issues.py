"""Suspect filings and suspect hand labels of the corpus on the terminal."""
from __future__ import annotations

from typing import Any

from classifier.evaluation.label_issues import CorpusMislabels

def print_mislabels(result: CorpusMislabels, *, console: Any = None, top: int = 30) -> None:
    """Print both ranked lists (at most ``top`` rows each), one line per suspect row."""
    from rich.console import Console
    from rich.text import Text

    from classifier.core.taxonomy import load_taxonomy

    zh = load_taxonomy().zh
    console = console or Console()
    for title, items, note in (
        ("二级归类可能错误的行（表格本身的问题）", result.misfiled,
         f"按样本外概率排序：不属于所填二级的概率 ≥ {result.cutoff:g}"),
        ("人工标注可能有误的行（corpus/labels.csv）", result.disputed_labels,
         "按 p(预测) − p(标注) 排序；置信学习：预测类别的概率 ≥ 该类别的平均自信度"),
    ):
        console.rule(f"{title}：{len(items)} 行")
        console.print(f"[dim]{note}[/dim]", soft_wrap=True)
        for rank, s in enumerate(items[:top], start=1):
            line = Text(f"{rank:>3}. ")
            line.append(f"{s.doc_id} 项目{s.project_index} 第{s.row}行 ", style="dim")
            line.append(s.name, style="bold")
            if s.kind == "misfiled":
                line.append(f"  所填：{s.level2} → 应属：{'／'.join(s.expected_level2)}")
                line.append(f"  （不属于所填二级的概率 {s.misfiled_probability:.2f}；最可能 {zh(s.predicted)} "
                            f"p={s.probability:.2f}；标注 {zh(s.label)}）", style="dim")
            else:
                line.append(f"  标注：{zh(s.label)} p={s.label_probability:.2f} → 模型：{zh(s.predicted)} "
                            f"p={s.probability:.2f}")
                line.append(f"  （{s.level2}）", style="dim")
            console.print(line, soft_wrap=True)
        if len(items) > top:
            console.print(f"[dim]… 另有 {len(items) - top} 行（--top 调整，--json 输出全部）[/dim]")
    console.print(f"共 {result.rows} 行有标注的语料行参与样本外评估（每个文件的行由没见过该文件的模型打分）。",
                  soft_wrap=True)
