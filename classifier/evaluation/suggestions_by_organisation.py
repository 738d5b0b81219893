"""Leave one organisation out: suggestions, checks and drafts for tables of a body whose own
tables are not in the corpus.

Over the suggestion corpus (seed documents and real tables of other organisations, each file
one organisation), for each organisation G the suggestion corpus is rebuilt from the *other*
files only (``training="all"``; or from the seed documents only, ``training="seeds"``, the
corpus shipped before the real tables joined it) and, for each of G's rows with a value:

(a) **in range** — the real value is a typical value of the proposal for its name
    (:func:`~classifier.suggestion.suggest.propose_value`, ``Proposal.contains``): in its form
    and within 5 points (rates) of its band — the most common value and the middle half of its
    group, or for a name seen in only one or two tables its value and the middle half of the
    rows measuring the same thing —; for 是/否 and text, the same text. A proposal with no
    range (another indicator's count, amount or text: ``Proposal.ranged``) is a miss; the
    summary gives the share of rows with a range, the hit rate among them and the median span
    of the rates' ranges. Rows are also summed by the development / test split of the real
    tables' organisations (:func:`split_of_group`). **equal** — the real value equals the proposed value
    (:func:`~classifier.suggestion.values.same_value`: same target family and unit, rates within
    5 points). **Baseline** in the same run: the most common value of the row's category (most
    tables, from the same training corpus), equal in the same sense.
(b) **check** — :func:`~classifier.suggestion.check.check_threshold` on the real value: an
    approved real value called ``typical`` or ``stricter`` is *acceptable*; ``looser`` or
    ``other_form`` is a *false alarm*; ``no_evidence`` neither.
(c) **drafts** — for each of G's tables, a draft from its project name and 资金用途 only (the
    field guessed, as for a user): the share of the table's 二级 (filed, normalized; draftable
    ones) and of its 三级 categories that the draft has; baseline the same drafting with no
    similar projects (the corpus vote only, ``n_projects=0``). Also: how often the guessed field
    is the table's own (real tables give theirs), and how many drafted rows come from another
    field than the draft's and whether they are marked.

Row categories are the hand labels (``corpus/real_labels.csv`` by row, ``corpus/labels.csv`` by
name) and are given to suggest / check, so the classifier — trained on these very rows — plays
no part in the figures.

Example::

    >>> from classifier.evaluation.suggestions_by_organisation import evaluate_by_organisation
    >>> result = evaluate_by_organisation()          # doctest: +SKIP
    >>> print("\\n".join(result.lines()))               # doctest: +SKIP
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Sequence

from classifier.reading.suggestion_sources import SourcedDocument
from classifier.suggestion.check import VERDICTS, check_threshold
from classifier.suggestion.index import SuggestionCorpus, load_hand_labels, load_row_labels
from classifier.suggestion.suggest import suggest_thresholds
from classifier.suggestion.values import (
    NUMERIC_KINDS,
    expected_direction,
    name_key,
    rules,
    same_value,
    value_display,
    value_for_name,
)

__all__ = ["HeldOutRow", "HeldOutTable", "OrganisationEvaluation", "SPLITS", "evaluate_by_organisation",
           "figures_table", "split_of_group", "stored_figures"]

#: The two parts of the real tables' organisations: choices are tuned on ``development`` only.
SPLITS = ("development", "test")


def split_of_group(group: str, origin: str = "real") -> str:
    """``development`` or ``test`` for a real-table organisation (a file ``<group>.jsonl`` of
    corpus/real_tables), ``seed`` for a seed document: the split of
    :func:`classifier.reading.real_tables.split_of` (the sha256 of the file name), the same one
    the classifier's development runs use, fixed before any suggestion figure was looked at."""
    if origin != "real":
        return "seed"
    from classifier.reading.real_tables import split_of

    return split_of(group if group.endswith(".jsonl") else f"{group}.jsonl")


@dataclass
class HeldOutRow:
    """One held-out row with a value: what was proposed and checked for it."""

    group: str
    origin: str
    field: str
    name: str
    category: str
    value: str
    proposed: str
    proposal_scope: str
    in_range: bool
    equal: bool
    baseline: str
    baseline_equal: bool
    verdict: str
    split: str = ""
    kind: str = ""
    unit: str = ""
    typical_range: str = ""
    range_low: float | None = None
    range_high: float | None = None


@dataclass
class HeldOutTable:
    """One held-out table: its 二级 and categories, and what the draft and the baseline cover."""

    group: str
    origin: str
    field: str
    project: str
    level2: list[str]
    categories: list[str]
    draft_level2: list[str]
    draft_categories: list[str]
    baseline_level2: list[str]
    baseline_categories: list[str]
    draft_rows: int
    other_field_rows: int
    other_field_unmarked: int
    draft_field: str = ""
    field_right: bool = False


def _share(n: int, d: int) -> float | None:
    return n / d if d else None


@dataclass
class OrganisationEvaluation:
    """The held-out rows and tables of one run; :meth:`summary` gives the figures."""

    training: str
    groups: int
    rows: list[HeldOutRow] = field(default_factory=list)
    tables: list[HeldOutTable] = field(default_factory=list)
    rows_without_value: int = 0

    def summary(self, origin: str | None = None, split: str | None = None) -> dict[str, Any]:
        """Figures over the rows (and tables) of ``origin`` (``seed`` / ``real``; None = all) and
        ``split`` (``development`` / ``test`` of the real tables, :func:`split_of_group`; None =
        both). Shares in [0, 1]."""
        rows = [r for r in self.rows if (origin is None or r.origin == origin) and (split is None or r.split == split)]
        tables = [t for t in self.tables if (origin is None or t.origin == origin)
                  and (split is None or split_of_group(t.group, t.origin) == split)]
        n = len(rows)
        verdicts = Counter(r.verdict for r in rows)
        l2 = sum(len(t.level2) for t in tables)
        cats = sum(len(t.categories) for t in tables)
        rates = [r for r in rows if r.value.endswith("%")]
        ranged = [r for r in rows if r.typical_range]
        rate_spans = sorted(r.range_high - r.range_low for r in rates
                            if r.range_low is not None and r.range_high is not None and r.unit == "%")
        return {
            "rows": n, "groups": len({r.group for r in rows}),
            "rate_rows": len(rates), "rate_in_range": _share(sum(r.in_range for r in rates), len(rates)),
            "rate_baseline_equal": _share(sum(r.baseline_equal for r in rates), len(rates)),
            "in_range": _share(sum(r.in_range for r in rows), n),
            "proposed": _share(sum(1 for r in rows if r.proposal_scope != "none"), n),
            "with_range": _share(len(ranged), n),
            "in_range_of_ranged": _share(sum(r.in_range for r in ranged), len(ranged)),
            "rate_with_range": _share(len(rate_spans), len(rates)),
            "rate_median_span_points": statistics.median(rate_spans) if rate_spans else None,
            "rate_point_ranges": sum(1 for x in rate_spans if x == 0),
            "equal": _share(sum(r.equal for r in rows), n),
            "baseline_equal": _share(sum(r.baseline_equal for r in rows), n),
            "acceptable": _share(verdicts["typical"] + verdicts["stricter"], n),
            "false_alarm": _share(verdicts["looser"] + verdicts["other_form"], n),
            "verdicts": {v: _share(verdicts[v], n) for v in VERDICTS},
            "yes_no_rows": sum(1 for r in rows if r.value in ("是", "否")),
            "yes_no_proposed": sum(1 for r in rows if r.value in ("是", "否") and r.proposed in ("是", "否")),
            "tables": len(tables),
            "level2_coverage": _share(sum(len(set(t.level2) & set(t.draft_level2)) for t in tables), l2),
            "baseline_level2_coverage": _share(sum(len(set(t.level2) & set(t.baseline_level2)) for t in tables), l2),
            "category_coverage": _share(sum(len(set(t.categories) & set(t.draft_categories)) for t in tables), cats),
            "baseline_category_coverage": _share(
                sum(len(set(t.categories) & set(t.baseline_categories)) for t in tables), cats),
            "draft_rows": sum(t.draft_rows for t in tables),
            "other_field_rows": sum(t.other_field_rows for t in tables),
            "other_field_unmarked": sum(t.other_field_unmarked for t in tables),
            "field_guessed_right": _share(sum(t.field_right for t in tables), sum(1 for t in tables if t.field)),
        }

    def to_dict(self) -> dict[str, Any]:
        summary = {k: self.summary(k if k != "all" else None) for k in ("all", "real", "seed")}
        summary.update({f"real_{k}": self.summary("real", k) for k in SPLITS})
        return {"training": self.training, "groups": self.groups, "rows_without_value": self.rows_without_value,
                "summary": summary,
                "rows": [asdict(r) for r in self.rows], "tables": [asdict(t) for t in self.tables]}

    def lines(self) -> list[str]:
        """The figures as printed by ``benchmarks/eval_suggestions.py``."""
        def pct(x: float | None) -> str:
            return "n/a" if x is None else f"{100 * x:.1f}%"

        out = [f"leave one organisation out, corpus = {self.training}: {self.groups} organisations held out in turn, "
               f"{len(self.rows)} rows with a value ({self.rows_without_value} without)"]
        parts = [("real", None), ("real", "development"), ("real", "test"), ("seed", None), (None, None)]
        for origin, split in parts:
            s = self.summary(origin, split)
            if not s["rows"]:
                continue
            label = {"real": "real tables", "seed": "seed documents", None: "all"}[origin]
            label += f", {split} split" if split else ""
            span = s["rate_median_span_points"]
            out += [
                f"[{label}] {s['rows']} rows of {s['groups']} organisations",
                f"  (a) real value in the proposed typical range: {pct(s['in_range'])}; equal to the proposed value: "
                f"{pct(s['equal'])}; baseline (most common value of the category) equal: {pct(s['baseline_equal'])}",
                f"      a value proposed for {pct(s['proposed'])} of the rows, a typical range (numbers or a text) for "
                f"{pct(s['with_range'])} (in it: {pct(s['in_range_of_ranged'])}); rates: a numeric range for "
                f"{pct(s['rate_with_range'])}, median span {'n/a' if span is None else f'{span:g}'} points "
                f"(± {rules()['rate_tolerance_points']} around it), {s['rate_point_ranges']} single-value ranges",
                f"  (b) check: acceptable (typical or stricter) {pct(s['acceptable'])}, false alarms (looser or "
                f"other form) {pct(s['false_alarm'])}; " + ", ".join(f"{v} {pct(x)}" for v, x in s["verdicts"].items()),
                f"      rates (%) only: {s['rate_rows']} rows, in range {pct(s['rate_in_range'])}, baseline equal "
                f"{pct(s['rate_baseline_equal'])}; 是/否 rows: {s['yes_no_rows']}, proposed 是/否 for {s['yes_no_proposed']}",
            ]
            if s["tables"]:
                out.append(
                    f"  (c) drafts of {s['tables']} tables: 二级 covered {pct(s['level2_coverage'])} (baseline "
                    f"{pct(s['baseline_level2_coverage'])}); 三级 categories covered {pct(s['category_coverage'])} "
                    f"(baseline {pct(s['baseline_category_coverage'])}); field guessed right for "
                    f"{pct(s['field_guessed_right'])} of the tables; rows from another field than the draft's "
                    f"{s['other_field_rows']} of {s['draft_rows']}, unmarked {s['other_field_unmarked']}")
        return out


def stored_figures(runs: dict[str, "OrganisationEvaluation"]) -> dict[str, Any]:
    """The figures ``benchmarks/eval_suggestions.py --save`` stores (``benchmarks/results/
    eval_suggestions.json``): for each training corpus, the summaries of the real tables (both
    splits, development, test) and of the seed documents; no rows."""
    return {training: {"groups": run.groups, "rows_without_value": run.rows_without_value,
                       "summary": {k: v for k, v in run.to_dict()["summary"].items() if k != "all"}}
            for training, run in runs.items()}


def figures_table(figures: dict[str, Any]) -> str:
    """The table of real-table figures quoted by README.md and docs/suggestions.md (between
    ``<!-- figures:suggestions -->`` marks), made from :func:`stored_figures` output: corpus =
    seeds + real tables, development and test split, each with the baseline of the same run."""
    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{100 * x:.1f}%"

    splits = [figures["all"]["summary"][f"real_{k}"] for k in SPLITS]
    seeds = [figures["seeds"]["summary"][f"real_{k}"] for k in SPLITS]

    def line(label: str, cell) -> str:
        return f"| {label} | " + " | ".join(cell(s) for s in splits) + " |"

    def span(s: dict) -> str:
        x = s["rate_median_span_points"]
        return ("n/a" if x is None else f"{x:g} points") + f" ({s['rate_point_ranges']} single values)"

    head = " | ".join(f"{k} ({s['groups']} organisations, {s['rows']} rows)" for k, s in zip(SPLITS, splits))
    return "\n".join([
        f"| real tables, leave one organisation out | {head} |",
        "|---|---|---|",
        line("(a) real value in the proposed typical range", lambda s: f"**{pct(s['in_range'])}**"),
        line("(a) baseline: the category's most common value equals it", lambda s: pct(s["baseline_equal"])),
        line("(a) the proposed value equals it", lambda s: pct(s["equal"])),
        line("(a) rows given a typical range / in range among them",
             lambda s: f"{pct(s['with_range'])} / {pct(s['in_range_of_ranged'])}"),
        line("(a) rates (%): in range / baseline", lambda s: f"{pct(s['rate_in_range'])} / "
             f"{pct(s['rate_baseline_equal'])} of {s['rate_rows']}"),
        line("(a) rates: median span of the range (± 5 points)", span),
        line("(b) `check` false alarms (looser + other form)", lambda s: f"**{pct(s['false_alarm'])}**"),
        line("(c) draft covers the 三级 categories (baseline)",
             lambda s: f"{pct(s['category_coverage'])} ({pct(s['baseline_category_coverage'])})"),
        "| corpus = seeds only: (a) in range / baseline | "
        + " | ".join(f"{pct(s['in_range'])} / {pct(s['baseline_equal'])}" for s in seeds) + " |",
    ])


def is_numeric_kind(t: Any) -> bool:
    """A value of a numeric kind (rate, count …), with or without its number."""
    return t.kind in NUMERIC_KINDS


def _category(ind: Any, source: Any, row_labels: dict, labels: dict[str, str]) -> str | None:
    from classifier.reading.suggestion_sources import label_matches

    if source.origin == "real":
        found = row_labels.get((ind.location.path, ind.location.line_start))
        if found is not None and label_matches(found[0], ind.name_raw, ind.name):
            return found[1]
    return labels.get(name_key(ind.name))


def evaluate_by_organisation(documents: Sequence[SourcedDocument] | None = None, *, training: str = "all",
                             drafts: bool = True, regime: str = "legacy", labels: dict[str, str] | None = None,
                             row_labels: dict | None = None,
                             held_out: Callable[[SourcedDocument], bool] | None = None) -> OrganisationEvaluation:
    """Run the leave-one-organisation-out evaluation (see the module docstring).

    ``documents``: default the shipped suggestion corpus; ``training``: ``all`` (the other
    organisations' files, seeds and real tables) or ``seeds`` (the other seed documents only);
    ``drafts``: also draft each held-out table (c); ``labels`` / ``row_labels``: the hand labels
    by name and by real-table row (default corpus/labels.csv and corpus/real_labels.csv). Rows
    without a hand label are left out. ``held_out``: hold out only the documents it accepts
    (e.g. the development split, :func:`split_of_group`); the others stay training data.
    """
    from classifier.core.taxonomy import load_taxonomy
    from classifier.reading.suggestion_sources import shipped_suggestion_documents
    from classifier.suggestion.drafting import draft, draft_slots
    from classifier.vocabulary.levels import normalize_level2

    if training not in ("all", "seeds"):
        raise ValueError(f"training must be 'all' or 'seeds', not {training!r}")
    documents = list(documents) if documents is not None else shipped_suggestion_documents()
    labels = load_hand_labels() if labels is None else labels
    row_labels = load_row_labels() if row_labels is None else row_labels
    tax = load_taxonomy()
    slots = {s["level2"] for s in draft_slots(regime)}
    result = OrganisationEvaluation(training=training, groups=0)
    for held in documents:
        doc = held.document
        if not doc.indicator_count or (held_out is not None and not held_out(held)):
            continue
        train = [d for d in documents if d is not held and (training == "all" or d.origin == "seed")]
        corpus = SuggestionCorpus.from_documents(train, labels=labels, row_labels=row_labels, regime=regime)
        result.groups += 1
        for project, source in zip(doc.projects, held.sources):
            for ind in project.indicators:
                category = _category(ind, source, row_labels, labels)
                if category is None:
                    continue
                if ind.threshold.kind == "missing" or (is_numeric_kind(ind.threshold) and ind.threshold.value is None):
                    result.rows_without_value += 1
                    continue
                threshold = value_for_name(ind.name, ind.threshold)  # as check and the corpus read it
                better = expected_direction(ind.name, category, threshold)
                s = suggest_thresholds(ind.name, category=category, corpus=corpus)
                p = s.proposal
                band = p.band() if p is not None else None
                in_range = p is not None and p.contains(threshold, better)
                base = _category_mode(category, corpus)
                c = check_threshold(ind.name, ind.value_raw, category=category, corpus=corpus)
                result.rows.append(HeldOutRow(
                    group=doc.doc_id, origin=held.origin, field=source.field, name=ind.name, category=category,
                    value=value_display(threshold), proposed=p.value if p else "",
                    proposal_scope=p.scope if p else "none", in_range=in_range,
                    equal=p is not None and same_value(threshold, p.threshold, better=better),
                    baseline=value_display(base) if base is not None else "",
                    baseline_equal=base is not None and same_value(threshold, base, better=better),
                    verdict=c.verdict, split=split_of_group(doc.doc_id, held.origin), kind=threshold.kind,
                    unit=threshold.unit or "",
                    typical_range=(p.typical_range or p.value) if p is not None and p.ranged else "",
                    range_low=band[0] if band else None, range_high=band[1] if band else None,
                ))
            if drafts and project.indicators:
                result.tables.append(_draft_table(project, held, source, corpus, row_labels, labels, tax, slots,
                                                  regime, draft, normalize_level2))
    return result


def _category_mode(category: str, corpus: SuggestionCorpus):
    cache = corpus.__dict__.setdefault("_eval_category_mode", {})
    if category not in cache:
        s = suggest_thresholds(category, category=category, corpus=corpus)
        g = next((g for g in s.groups if g.kind != "missing"), None)
        cache[category] = g.most_common_threshold if g is not None else None
    return cache[category]


def _draft_table(project, held, source, corpus, row_labels, labels, tax, slots, regime, draft, normalize_level2):
    categories = set()
    for ind in project.indicators:
        c = _category(ind, source, row_labels, labels)
        if c is not None and tax.expected_level2(c, regime):
            categories.add(c)
    level2 = {normalize_level2(i.level2) for i in project.indicators} & slots
    name = project.name or project.title
    d = draft(name, purpose=project.purpose or None, regime=regime, corpus=corpus)
    base = draft(name, regime=regime, corpus=corpus, n_projects=0)
    other = [i for i in d.items if i.origin != "budget" and i.field and i.field != d.field]
    return HeldOutTable(
        group=held.document.doc_id, origin=held.origin, field=source.field, project=name,
        level2=sorted(level2), categories=sorted(categories),
        draft_level2=sorted({s.level2 for s in d.slots if s.items}), draft_categories=sorted({i.category for i in d.items}),
        baseline_level2=sorted({s.level2 for s in base.slots if s.items}),
        baseline_categories=sorted({i.category for i in base.items}),
        draft_rows=len(d.items), other_field_rows=len(other),
        other_field_unmarked=sum(1 for i in other if not i.other_field),
        draft_field=d.field, field_right=bool(source.field) and d.field == source.field,
    )
