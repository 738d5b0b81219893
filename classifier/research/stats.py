"""Corpus statistics without pandas (what ``zhibiao stats`` prints).

:func:`corpus_stats` takes the plain records of :func:`classifier.research.tables.build_tables` and
returns a JSON-ready dict (the command line draws it as tables).

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
