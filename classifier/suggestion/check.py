"""Is a proposed value typical? :func:`check_threshold` places a value among the values the
corpus uses for the same category and checks its direction (one direction vocabulary with
the audit's R11: :mod:`classifier.vocabulary.polarity`).

Example::

    >>> check_threshold("服务对象满意度", "≥60%").messages[0]              # doctest: +SKIP
    '服务对象满意度 ≥60% is below ≥90%, the value most tables use (20 of 22 tables)'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from classifier.suggestion.suggest import (
    ThresholdSuggestion,
    group_form,
    group_rows,
    of_tables,
    suggest_thresholds,
)
from classifier.suggestion.values import (
    FAMILY,
    is_numeric,
    rules,
    value_display,
    value_key,
)
from classifier.vocabulary.polarity import category_fallback, name_polarity
from classifier.vocabulary.thresholds import Threshold, parse_threshold


@dataclass
class ThresholdCheck:
    """What :func:`check_threshold` returns.

    ``verdict``: ``typical`` (at the most common value; rates within 5 points; for text values,
    the very text most tables write), ``below`` /
    ``above`` it, ``other_direction`` (the most common value has the other direction, e.g.
    ≤ where tables write ≥), ``other_form`` (a value of a unit / kind, or a text, that is not
    the category's most common one), or ``no_evidence``. ``percentile``: share (0–100) of comparable corpus values below
    the value, counting ties half. ``comparable``: corpus rows with the same unit and kind.
    ``expected_direction``: ``higher`` / ``lower`` is better, or None; ``direction_ok`` is False
    when the value's direction contradicts it (≤ for a good rate, ≥ for a cost or failure count).
    ``thin``: the category has fewer than 3 tables, or fewer than 3 tables use a comparable value.
    ``messages`` explain, one sentence each, the first being the position.
    """

    name: str
    value_raw: str
    value: str
    threshold: Threshold
    category: str
    category_zh: str
    verdict: str
    percentile: float | None
    typical: str | None
    typical_tables: int
    tables: int
    comparable: int
    expected_direction: str | None
    direction_ok: bool | None
    thin: bool
    messages: list[str]
    suggestion: ThresholdSuggestion = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in (
            "name", "value_raw", "value", "category", "category_zh", "verdict", "percentile", "typical",
            "typical_tables", "tables", "comparable", "expected_direction", "direction_ok", "thin", "messages")}
        d["threshold"] = self.threshold.to_dict()
        d["evidence"] = self.suggestion.to_dict()
        return d


def expected_direction(name: str, category: str, threshold: Threshold | None = None) -> str | None:
    """``higher`` or ``lower`` (which way is better for this indicator), or None when unclear.
    Words in the name decide first (:func:`classifier.vocabulary.polarity.name_polarity`, the
    vocabulary the audit's R11 uses too), then the category (cost → lower; satisfaction,
    completion … → higher when the value is a rate)."""
    polarity = name_polarity(name)
    if polarity is not None:
        return polarity.direction
    lower_categories, higher_rate_categories = category_fallback()
    if category in lower_categories:
        return "lower"
    if category in higher_rate_categories and (threshold is None or threshold.unit == "%"):
        return "higher"
    return None


def check_threshold(name: str, value: str, *, level2: str | None = None, corpus: Any = None) -> ThresholdCheck:
    """Is ``value`` (a 指标值 as written, e.g. ``≥60%``) typical for indicator ``name``?

    Compares with the corpus rows of the same category (see :func:`suggest_thresholds`) that
    share the value's unit and kind, and checks the direction.

    Parameters
    ----------
    name : str
        The 三级指标 name (or a category id / 中文名).
    value : str
        The 指标值 as written, e.g. ``≥60%``.
    level2 : str or None, default None
        Keep only corpus rows filed under that 二级 (as in :func:`suggest_thresholds`).
    corpus : SuggestionCorpus or list of Document or None, default None
        The evidence, as in :func:`suggest_thresholds` (None = the shipped corpus).

    Returns
    -------
    ThresholdCheck
        The ``verdict`` (``typical``, ``below``, ``above``, ``other_direction``,
        ``other_form`` or ``no_evidence``), the ``percentile`` among comparable values, the
        ``typical`` value, ``direction_ok``, ``thin``, one-sentence ``messages`` and the
        underlying :class:`ThresholdSuggestion`.

    Raises
    ------
    SuggestionError
        As :func:`suggest_thresholds` (an empty ``name``, a corpus with no rows).
    ReadError
        When ``corpus`` names a path that does not exist.

    Examples
    --------
    >>> from classifier import check_threshold
    >>> check = check_threshold("预算执行率", "≥90%")  # doctest: +SKIP
    >>> check.verdict  # doctest: +SKIP
    'typical'
    """
    t = parse_threshold(value)
    suggestion = suggest_thresholds(name, level2=level2, corpus=corpus)
    shown = value_display(t)
    family = FAMILY.get(t.direction, "=")
    messages: list[str] = []
    comparable = [r for r in suggestion.evidence
                  if r.threshold.unit == t.unit and r.threshold.kind == t.kind and is_numeric(r.threshold)]
    percentile = typical = None
    typical_tables, tables = 0, len({r.table for r in comparable})
    if not suggestion.evidence:
        verdict = "no_evidence"
        messages.append(f"no corpus rows of category {suggestion.category} to compare {name} {shown} with")
    elif is_numeric(t) and comparable:
        numbers = [r.threshold.value for r in comparable]
        below = sum(1 for v in numbers if v < t.value)
        ties = sum(1 for v in numbers if v == t.value)
        percentile = round(100.0 * (below + 0.5 * ties) / len(numbers), 1)
        group = group_rows(comparable)[0]
        mode_t = group.most_common_threshold
        typical, typical_tables, group_tables = group.most_common, group.most_common_tables, tables
        tol = rules()["rate_tolerance_points"] if t.unit == "%" else 1e-9 * max(1.0, abs(mode_t.value))
        if group_tables < rules()["thin_tables"]:
            usage = f"the value of {of_tables(typical_tables, group_tables)}, too few to call it typical"
        elif typical_tables * 2 > group_tables:
            usage = f"the value most tables use ({of_tables(typical_tables, group_tables)})"
        else:
            usage = f"the most common value ({of_tables(typical_tables, group_tables)})"
        if group.direction != family:
            verdict = "other_direction"
            messages.append(f"{name} {shown} runs the other way from {typical}, {usage}")
        elif abs(t.value - mode_t.value) <= tol:
            verdict = "typical"
            messages.append(f"{name} {shown} is at {typical}, {usage}")
        else:
            verdict = "below" if t.value < mode_t.value else "above"
            messages.append(f"{name} {shown} is {verdict} {typical}, {usage}")
        messages.append(f"{percentile:g}% of {len(numbers)} comparable corpus values "
                        f"({of_tables(tables, None)}) are lower")
    else:
        common = suggestion.typical
        same = {r.table for r in suggestion.evidence if value_key(r.threshold) == value_key(t)}
        is_top = bool(common) and value_key(common.most_common_threshold) == value_key(t)
        most = (f"the most used form is {group_form(common)} ({of_tables(common.tables, suggestion.tables)}), "
                f"most often {common.most_common} ({of_tables(common.most_common_tables, None)})" if common else "")
        if same and is_top and len(same) >= rules()["thin_tables"]:
            verdict = "typical"
            messages.append(f"{name} {shown} is the most common value "
                            f"({of_tables(common.most_common_tables, suggestion.tables)})")
        elif same and is_top:
            verdict = "other_form"
            messages.append(f"{shown} is the category's most common value, but only "
                            f"{of_tables(len(same), suggestion.tables)} write it: values vary")
        elif same:
            verdict = "other_form"
            messages.append(f"{of_tables(len(same), suggestion.tables)} of category {suggestion.category} "
                            f"write {shown}; {most}")
        else:
            verdict = "other_form"
            messages.append(
                f"no corpus row of category {suggestion.category} uses a value like {shown} ({t.kind}"
                + (f", {t.unit}" if t.unit else "") + ")" + (f"; {most}" if most else ""))
        typical = common.most_common if common else None
        typical_tables, tables = (common.most_common_tables, suggestion.tables) if common else (0, 0)
    expected = expected_direction(name, suggestion.category, t)
    direction_ok = None
    if expected and family in (">=", "<=") and is_numeric(t) and t.kind not in rules()["no_direction_kinds"]:
        direction_ok = (family == ">=") == (expected == "higher")
        if not direction_ok:
            sign = "≤" if family == "<=" else "≥"
            good = "higher" if expected == "higher" else "lower"
            messages.append(f"direction: {name} is better when {good}, so a {sign} target looks reversed")
    thin = suggestion.thin or (verdict not in ("other_form", "no_evidence") and tables < rules()["thin_tables"])
    if suggestion.thin and suggestion.evidence:
        messages.append(f"thin evidence: {of_tables(suggestion.tables, None)} in "
                        f"{suggestion.documents} document(s)")
    elif thin:
        messages.append(f"thin evidence: only {tables} {'table uses' if tables == 1 else 'tables use'} "
                        "a value like this one")
    return ThresholdCheck(
        name=name, value_raw=value, value=shown, threshold=t, category=suggestion.category,
        category_zh=suggestion.category_zh, verdict=verdict, percentile=percentile, typical=typical,
        typical_tables=typical_tables, tables=tables, comparable=len(comparable), expected_direction=expected,
        direction_ok=direction_ok, thin=thin, messages=messages, suggestion=suggestion,
    )
