"""Leave-one-document-out evaluation of drafting and typical values.

For each document D of the corpus, the suggestion corpus is built from the *other*
documents only, and for each project P of D:

(a) **category coverage** — :func:`~classifier.suggestion.drafting.draft` is called with P's name and
    资金用途 (never its indicators); the share of P's actual indicator categories that the
    draft's rows cover. Categories that belong under no 二级 (预算执行, 管理合规, 无效占位) are
    left out: a draft never proposes them. Baseline: a draft that ignores the project (the
    corpus's most used name for each required slot, i.e. ``n_projects=0``).
(b) **typical value** — for each indicator row of P, whether its actual 指标值 equals the
    suggested typical value for the row's category (:func:`~classifier.suggestion.suggest.suggest_thresholds`
    on the other documents; equality by :func:`~classifier.suggestion.values.same_value`: same
    direction and unit, rates within 5 points). Baseline in the same run: the single most
    common value per 二级 (the row's filed 二级) regardless of name.

Row categories are the hand labels (corpus/labels.csv) where they exist, else the
classifier's. No row of D is ever used to build the corpus P is drafted from.

Example::

    >>> from classifier.evaluation.suggestions import evaluate_suggestions
    >>> result = evaluate_suggestions()          # doctest: +SKIP
    >>> print("\\n".join(result.lines()))          # doctest: +SKIP
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

from classifier.core.records import Document
from classifier.suggestion.values import name_key, same_value, value_key
from classifier.suggestion.index import SuggestionCorpus, classify_names, load_hand_labels
from classifier.suggestion.suggest import suggest_thresholds
from classifier.vocabulary.thresholds import Threshold


@dataclass
class ProjectScore:
    """One held-out project: actual vs drafted categories, and value hits per row."""

    doc_id: str
    project: str
    actual_categories: list[str]
    draft_categories: list[str]
    baseline_categories: list[str]
    covered: int
    baseline_covered: int
    draft_items: int
    baseline_items: int
    rows: int
    value_hits: int
    baseline_value_hits: int
    draft_value_rows: int = 0
    draft_value_hits: int = 0


@dataclass
class SuggestionEvaluation:
    """Totals over all held-out projects. Shares are in [0, 1]; ``None`` when undefined.

    ``coverage`` = covered categories / actual categories, summed over projects (micro);
    ``precision`` = drafted categories the project really has / drafted categories;
    ``coverage_macro`` the mean of per-project shares. ``value_accuracy`` = rows whose value
    equals the category's typical value / rows; ``baseline_*`` the same for the baselines.
    """

    documents: int
    projects: int
    categories: int
    rows: int
    coverage: float | None
    coverage_macro: float | None
    baseline_coverage: float | None
    baseline_coverage_macro: float | None
    precision: float | None
    baseline_precision: float | None
    mean_draft_items: float | None
    mean_baseline_items: float | None
    value_accuracy: float | None
    baseline_value_accuracy: float | None
    draft_value_rows: int
    draft_value_accuracy: float | None
    rows_without_value: int
    seconds_per_draft: float | None
    per_project: list[ProjectScore] = field(default_factory=list)
    per_category: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["per_project"] = [asdict(p) for p in self.per_project]
        return d

    def lines(self) -> list[str]:
        """The figures as printed by ``benchmarks/eval_suggestions.py``."""
        def pct(x: float | None) -> str:
            return "n/a" if x is None else f"{100 * x:.1f}%"

        return [
            f"leave-one-document-out over {self.documents} documents, {self.projects} projects, {self.rows} indicator rows",
            f"(a) category coverage: draft {pct(self.coverage)} (macro {pct(self.coverage_macro)}) of "
            f"{self.categories} actual project categories; baseline ignoring the project "
            f"{pct(self.baseline_coverage)} (macro {pct(self.baseline_coverage_macro)})",
            f"    precision (drafted categories the project has): draft {pct(self.precision)}, "
            f"baseline {pct(self.baseline_precision)}",
            f"    rows per draft: {self.mean_draft_items:.1f} (baseline {self.mean_baseline_items:.1f})"
            if self.mean_draft_items is not None else "    rows per draft: n/a",
            f"(b) value equals the suggested typical value of the row's category: {pct(self.value_accuracy)}; "
            f"baseline (most common value per 二级): {pct(self.baseline_value_accuracy)}  "
            f"[{self.rows} rows, {self.rows_without_value} with no value]",
            f"    the draft's own values: {pct(self.draft_value_accuracy)} of the {self.draft_value_rows} rows whose "
            "category the draft covers equal one of its values for that category",
            "    by category (rows: hits / baseline hits): " + ", ".join(
                f"{c} {n}: {h}/{b}" for c, (n, h, b) in sorted(self.per_category.items(), key=lambda kv: -kv[1][0])),
            f"time per draft in the evaluation: {1000 * self.seconds_per_draft:.0f} ms (the first draft of a fold "
            "also builds its similarity indexes)" if self.seconds_per_draft is not None else "time per draft: n/a",
        ]


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _row_categories(documents: Sequence[Document], labels: dict[str, str], model: Any) -> dict[str, str]:
    names = sorted({name_key(i.name) for d in documents for _, i in d.iter_indicators()})
    missing = [n for n in names if n not in labels]
    categories = {n: labels[n] for n in names if n in labels}
    if missing:
        categories.update(zip(missing, classify_names(missing, None, regime="legacy", model=model)))
    return categories


def _level2_typical(corpus: SuggestionCorpus) -> dict[str, Threshold]:
    """Baseline: the most common value (most tables) of each filed 二级, regardless of name."""
    by_level2: dict[str, list] = {}
    for row in corpus.rows:
        by_level2.setdefault(row.level2, []).append(row)
    typical = {}
    for level2, rows in by_level2.items():
        counts: Counter = Counter()
        tables: dict[tuple, set] = {}
        first: dict[tuple, Threshold] = {}
        for r in rows:
            k = value_key(r.threshold)
            tables.setdefault(k, set()).add(r.table)
            counts[k] += 1
            first.setdefault(k, r.threshold)
        best = max(tables, key=lambda k: (len(tables[k]), counts[k]))
        typical[level2] = first[best]
    return typical


def evaluate_suggestions(documents: Sequence[Document] | None = None, *, labels: dict[str, str] | None = None,
                         regime: str = "legacy", model: Any = None) -> SuggestionEvaluation:
    """Run the leave-one-document-out evaluation (see the module docstring).

    ``documents``: default the shipped corpus; ``labels``: default corpus/labels.csv;
    ``model``: the classifier for unlabeled names (default the shipped model, only loaded if needed).
    """
    from classifier.suggestion.drafting import draft
    from classifier.core.taxonomy import load_taxonomy

    if documents is None:
        from classifier.reading.corpus import load_documents

        documents = load_documents()
    documents = [d for d in documents if d.indicator_count]
    labels = load_hand_labels() if labels is None else labels
    tax = load_taxonomy()
    categories = _row_categories(documents, labels, model)
    labels_all = {**categories, **labels}
    scores: list[ProjectScore] = []
    draft_seconds, drafts = 0.0, 0
    rows_without_value = 0
    per_category: dict[str, list[int]] = {}
    for held_out in documents:
        train = [d for d in documents if d is not held_out]
        corpus = SuggestionCorpus.from_documents(train, labels=labels_all, model=model, regime=regime)
        if not corpus.rows:
            continue
        category_typical: dict[str, Threshold | None] = {}
        level2_typical = _level2_typical(corpus)
        for project in held_out.projects:
            if not project.indicators:
                continue
            started = time.perf_counter()
            d = draft(project.name or project.title, purpose=project.purpose or None, regime=regime, corpus=corpus)
            draft_seconds += time.perf_counter() - started
            drafts += 1
            base = draft(project.name or project.title, regime=regime, corpus=corpus, n_projects=0)
            actual = sorted({categories[name_key(i.name)] for i in project.indicators
                             if tax.expected_level2(categories[name_key(i.name)], regime)})
            drafted = sorted({i.category for i in d.items})
            baseline = sorted({i.category for i in base.items})
            hits = base_hits = draft_rows = draft_hits = 0
            drafted_values: dict[str, list[Threshold]] = {}
            for item in d.items:
                drafted_values.setdefault(item.category, []).append(item.threshold)
            for ind in project.indicators:
                category = categories[name_key(ind.name)]
                if category not in category_typical:
                    s = suggest_thresholds(category, corpus=corpus)
                    category_typical[category] = s.typical.most_common_threshold if s.typical else None
                typical = category_typical[category]
                if ind.threshold.kind == "missing":
                    rows_without_value += 1
                tally = per_category.setdefault(category, [0, 0, 0])
                tally[0] += 1
                if typical is not None and same_value(ind.threshold, typical):
                    hits += 1
                    tally[1] += 1
                if category in drafted_values:
                    draft_rows += 1
                    draft_hits += any(same_value(ind.threshold, t) for t in drafted_values[category])
                other = level2_typical.get(ind.level2)
                if other is not None and same_value(ind.threshold, other):
                    base_hits += 1
                    tally[2] += 1
            scores.append(ProjectScore(
                doc_id=held_out.doc_id, project=project.name, actual_categories=actual, draft_categories=drafted,
                baseline_categories=baseline, covered=len(set(actual) & set(drafted)),
                baseline_covered=len(set(actual) & set(baseline)), draft_items=len(d.items),
                baseline_items=len(base.items), rows=len(project.indicators), value_hits=hits,
                baseline_value_hits=base_hits, draft_value_rows=draft_rows, draft_value_hits=draft_hits,
            ))
    n_cat = sum(len(s.actual_categories) for s in scores)
    n_rows = sum(s.rows for s in scores)
    with_cats = [s for s in scores if s.actual_categories]
    return SuggestionEvaluation(
        documents=len({s.doc_id for s in scores}), projects=len(scores), categories=n_cat, rows=n_rows,
        coverage=_ratio(sum(s.covered for s in scores), n_cat),
        coverage_macro=_ratio(sum(s.covered / len(s.actual_categories) for s in with_cats), len(with_cats)),
        baseline_coverage=_ratio(sum(s.baseline_covered for s in scores), n_cat),
        baseline_coverage_macro=_ratio(sum(s.baseline_covered / len(s.actual_categories) for s in with_cats),
                                       len(with_cats)),
        precision=_ratio(sum(s.covered for s in scores), sum(len(s.draft_categories) for s in scores)),
        baseline_precision=_ratio(sum(s.baseline_covered for s in scores),
                                  sum(len(s.baseline_categories) for s in scores)),
        mean_draft_items=_ratio(sum(s.draft_items for s in scores), len(scores)),
        mean_baseline_items=_ratio(sum(s.baseline_items for s in scores), len(scores)),
        value_accuracy=_ratio(sum(s.value_hits for s in scores), n_rows),
        baseline_value_accuracy=_ratio(sum(s.baseline_value_hits for s in scores), n_rows),
        draft_value_rows=sum(s.draft_value_rows for s in scores),
        draft_value_accuracy=_ratio(sum(s.draft_value_hits for s in scores), sum(s.draft_value_rows for s in scores)),
        rows_without_value=rows_without_value, seconds_per_draft=_ratio(draft_seconds, drafts),
        per_project=scores, per_category={c: tuple(v) for c, v in per_category.items()},
    )
