"""Corpus statistics without pandas (what ``zhibiao stats`` prints).

:func:`corpus_stats` takes the plain records of :func:`classifier.research.tables.build_tables` and
returns a JSON-ready dict; :func:`print_stats` renders it as rich tables.

Shape of the dict (counts are ints, shares floats in [0, 1] or None when undefined)::

    {
      "classified": bool, "audited": bool,
      "totals": {"documents": int, "projects": int, "rows": int},
      "documents": [{"doc_id", "budget_year", "agency", "projects", "rows"}, …],
      "level1": {一级: rows}, "level2": {二级: rows}, "level1_level2": {一级: {二级: rows}},
      "categories": {category id: {"zh": str, "rows": int}},        # predicted; {} if not classified
      "labels": {category id: rows},                                 # hand labels of the rows
      "level2_by_category": {二级: {category id: rows}},              # declared 二级 × predicted
      "level2_by_category_unexpected": {二级: {category id: rows}},   # … of which the predicted
                                               # category is not expected under that 二级
      "miscategorized": {"rows": int, "judged": int, "share": float|None,
                         "by_level2": {二级: int}},                    # declared 二级 not expected
      "value_kinds": {kind: rows},
      "quantified": {"rows": int, "with_unit": int, "share_with_unit": float|None,
                     "without_unit_by_kind": {kind: rows}},
      "basis": {category or "unmapped" or "empty": rows}, "basis_mapped_share": float|None,
      "findings": {"total": int, "by_severity": {sev: int},
                   "by_rule": {rule: {"error": int, "warning": int, "info": int, "total": int}}}
                  | None when the audit was not run
    }

Keys of the count dicts are sorted by descending count, then by name.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from classifier.research.quality import correctly_categorized, is_quantified
from classifier.research.tables import SEVERITIES, CorpusTables


def _ordered(counter: Counter) -> dict[str, int]:
    return {key: count for key, count in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))}


def _blank(value: Any) -> str:
    return value if value else "(empty)"


def corpus_stats(tables: CorpusTables) -> dict[str, Any]:
    """Statistics of a :class:`~classifier.research.tables.CorpusTables` as a JSON-ready dict (see
    the module docstring for its shape)."""
    from classifier.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    rows = tables.rows
    doc_rows = Counter(row["doc_id"] for row in rows)
    documents = []
    projects = 0
    for document in tables.documents:
        projects += len(document.projects)
        documents.append({
            "doc_id": document.doc_id,
            "budget_year": document.budget_year,
            "agency": document.agency,
            "projects": len(document.projects),
            "rows": doc_rows.get(document.doc_id, 0),
        })

    level1 = Counter(_blank(r["level1"]) for r in rows)
    level2 = Counter(_blank(r["level2"]) for r in rows)
    level1_level2: dict[str, Counter] = {}
    for r in rows:
        level1_level2.setdefault(_blank(r["level1"]), Counter())[_blank(r["level2"])] += 1

    categories: dict[str, dict[str, Any]] = {}
    cross: dict[str, Counter] = {}
    cross_unexpected: dict[str, Counter] = {}
    if tables.classified:
        predicted = Counter(r["category"] for r in rows if r["category"])
        zh = {r["category"]: r["category_zh"] for r in rows if r["category"]}
        categories = {cat: {"zh": zh.get(cat), "rows": n} for cat, n in _ordered(predicted).items()}
        for r in rows:
            if r["category"]:
                cross.setdefault(_blank(r["level2"]), Counter())[r["category"]] += 1
                predicted_row = {**r, "label": None}  # judge the prediction, not the hand label
                if correctly_categorized(predicted_row, taxonomy) is False:
                    cross_unexpected.setdefault(_blank(r["level2"]), Counter())[r["category"]] += 1
    labels = Counter(r["label"] for r in rows if r["label"])

    mis_by_level2: Counter = Counter()
    judged = wrong = 0
    for r in rows:
        verdict = correctly_categorized(r, taxonomy)
        if verdict is None:
            continue
        judged += 1
        if not verdict:
            wrong += 1
            mis_by_level2[_blank(r["level2"])] += 1

    kinds = Counter(r["kind"] for r in rows)
    quantified = [r for r in rows if is_quantified(r)]
    with_unit = sum(1 for r in quantified if r["unit"])
    without_unit = Counter(r["kind"] for r in quantified if not r["unit"])

    basis = Counter(
        r["basis_category"] or ("unmapped" if (r["basis_raw"] or "").strip() else "empty") for r in rows
    )
    mapped = sum(1 for r in rows if r["basis_category"])

    findings = None
    if tables.audited:
        by_rule: dict[str, Counter] = {}
        for f in tables.findings:
            by_rule.setdefault(str(f["rule"]), Counter())[f["severity"]] += 1
        findings = {
            "total": len(tables.findings),
            "by_severity": {s: sum(1 for f in tables.findings if f["severity"] == s) for s in SEVERITIES},
            "by_rule": {
                rule: {**{s: counts.get(s, 0) for s in SEVERITIES}, "total": sum(counts.values())}
                for rule, counts in sorted(by_rule.items())
            },
        }

    return {
        "classified": tables.classified,
        "audited": tables.audited,
        "category_source": "label when present, else predicted (for 'miscategorized')",
        "totals": {"documents": len(tables.documents), "projects": projects, "rows": len(rows)},
        "documents": documents,
        "level1": _ordered(level1),
        "level2": _ordered(level2),
        "level1_level2": {l1: _ordered(c) for l1, c in level1_level2.items()},
        "categories": categories,
        "labels": _ordered(labels),
        "level2_by_category": {l2: _ordered(c) for l2, c in sorted(cross.items())},
        "level2_by_category_unexpected": {l2: _ordered(c) for l2, c in sorted(cross_unexpected.items())},
        "miscategorized": {
            "rows": wrong,
            "judged": judged,
            "share": wrong / judged if judged else None,
            "by_level2": _ordered(mis_by_level2),
        },
        "value_kinds": _ordered(kinds),
        "quantified": {
            "rows": len(quantified),
            "with_unit": with_unit,
            "share_with_unit": with_unit / len(quantified) if quantified else None,
            "without_unit_by_kind": _ordered(without_unit),
        },
        "basis": _ordered(basis),
        "basis_mapped_share": mapped / len(rows) if rows else None,
        "findings": findings,
    }


# ---------------------------------------------------------------------------- display


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.1f}%"


def print_stats(stats: dict[str, Any], *, console: Any = None) -> None:
    """Render :func:`corpus_stats` output as rich tables on ``console`` (default: stdout)."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    totals = stats["totals"]
    console.print(
        f"[bold]{totals['documents']} documents, {totals['projects']} projects, {totals['rows']} indicator rows[/bold]"
    )

    def counts(title: str, data: dict[str, int], key: str, total: int | None = None) -> None:
        table = Table(title=title)
        table.add_column(key)
        table.add_column("rows", justify="right")
        if total:
            table.add_column("share", justify="right")
        for name, n in data.items():
            table.add_row(str(name), str(n), *([_pct(n / total)] if total else []))
        console.print(table)

    docs = Table(title="Documents")
    for column in ("doc_id", "year", "agency", "projects", "rows"):
        docs.add_column(column, justify="right" if column in ("projects", "rows", "year") else "left")
    for d in stats["documents"]:
        docs.add_row(d["doc_id"], str(d["budget_year"] or "—"), d["agency"] or "—", str(d["projects"]), str(d["rows"]))
    console.print(docs)

    levels = Table(title="Rows per 一级 / 二级 (as declared, normalized)")
    levels.add_column("一级")
    levels.add_column("二级")
    levels.add_column("rows", justify="right")
    for l1, sub in stats["level1_level2"].items():
        for i, (l2, n) in enumerate(sub.items()):
            levels.add_row(l1 if i == 0 else "", l2, str(n))
    console.print(levels)

    if stats["categories"]:
        table = Table(title="Rows per predicted category")
        table.add_column("category")
        table.add_column("中文")
        table.add_column("rows", justify="right")
        table.add_column("hand-labelled", justify="right")
        for cat, info in stats["categories"].items():
            table.add_row(cat, info["zh"] or "", str(info["rows"]), str(stats["labels"].get(cat, 0)))
        console.print(table)

        cross = Table(title="Declared 二级 × predicted category (rows; ✗ = category not expected under that 二级)")
        cross.add_column("declared 二级")
        cross.add_column("predicted category")
        cross.add_column("rows", justify="right")
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
        console.print("[dim]classification not run: no category tables[/dim]")

    mis = stats["miscategorized"]
    if mis["judged"]:
        console.print(
            f"Filed under an unexpected 二级: {mis['rows']} of {mis['judged']} rows ({_pct(mis['share'])}); "
            "category = hand label when present, else prediction"
        )
        if mis["by_level2"]:
            counts("Unexpected filings per declared 二级", mis["by_level2"], "二级")

    counts("Value kinds (指标值)", stats["value_kinds"], "kind", totals["rows"])
    q = stats["quantified"]
    console.print(
        f"Quantified values: {q['rows']}; with a unit: {q['with_unit']} ({_pct(q['share_with_unit'])})"
    )
    counts("Basis (指标值确定依据)", stats["basis"], "basis", totals["rows"])
    console.print(f"Mappable basis: {_pct(stats['basis_mapped_share'])}")

    findings = stats["findings"]
    if findings is None:
        console.print("[dim]audit not run: no findings table[/dim]")
        return
    table = Table(title=f"Audit findings per rule ({findings['total']} findings)")
    table.add_column("rule")
    for severity in SEVERITIES:
        table.add_column(severity, justify="right")
    table.add_column("total", justify="right")
    for rule, row in findings["by_rule"].items():
        table.add_row(rule, *[str(row[s]) for s in SEVERITIES], str(row["total"]))
    console.print(table)
