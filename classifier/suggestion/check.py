"""Is a proposed value typical? :func:`check_threshold` places a value among the values the
corpus uses for the same category and checks its direction (one direction vocabulary with
the audit's R11: :mod:`classifier.vocabulary.polarity`).

The verdict is one of five (:data:`VERDICTS`), each with what a clerk should do:

* ``typical`` (常见) — at the most common value (rates within 5 points) or inside the middle
  half of the values tables set; keep it.
* ``stricter`` (严于常见) — a higher target than usual (or lower, for a cost or failure rate):
  keep it if the unit can reach it, else lower it to the usual value.
* ``looser`` (宽于常见) — a lower target than usual: raise it, or say why in 指标值确定依据.
* ``other_form`` (写法与常见不同) — a direction, unit or kind the corpus does not use for this
  category (≤ for a satisfaction rate, text where tables write a rate): with what the corpus
  uses instead.
* ``no_evidence`` (无可比先例) — nothing comparable: no rows of the category, or a count,
  amount or date that only rows of the same indicator could be compared with.

A bare value (``100%``, ``96%``) is a target to reach, of the same family as ``≥90%``; so
``100%`` against a usual ``≥90%`` is *stricter*, never "the other way".

Example::

    >>> check_threshold("服务对象满意度", "≥60%").verdict                  # doctest: +SKIP
    'looser'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from classifier.suggestion.suggest import (
    ThresholdGroup,
    ThresholdSuggestion,
    asks_yes_no,
    group_rows,
    measure_rows,
    suggest_thresholds,
    yes_no_answer,
)
from classifier.suggestion.values import (
    expected_direction,
    format_number,
    is_bare,
    is_numeric,
    measure_word,
    name_key,
    rules,
    target_family,
    value_display,
    value_for_name,
    value_key,
)
from classifier.vocabulary.thresholds import Threshold, parse_threshold

__all__ = ["VERDICTS", "VERDICT_ZH", "ThresholdCheck", "check_threshold", "expected_direction"]

#: The verdicts of :func:`check_threshold`, in this order of the documentation.
VERDICTS = ("typical", "stricter", "looser", "other_form", "no_evidence")
#: The verdicts in the words a clerk reads.
VERDICT_ZH = {"typical": "常见", "stricter": "严于常见", "looser": "宽于常见",
              "other_form": "写法与常见不同", "no_evidence": "无可比先例"}
#: Value kinds in words.
KIND_ZH = {"rate": "比率", "count": "数量", "money": "金额", "area": "面积", "duration": "时长", "number": "数值",
           "measure": "数值", "deadline": "完成时限", "boolean": "是/否", "qualitative": "文字描述", "missing": "空值"}
SIGN = {">=": "≥", "<=": "≤", "range": "区间", "=": ""}


@dataclass
class ThresholdCheck:
    """What :func:`check_threshold` returns.

    ``verdict``: one of :data:`VERDICTS` (``typical``, ``stricter``, ``looser``,
    ``other_form``, ``no_evidence``); ``verdict_zh`` in words. ``percentile``: share (0–100)
    of comparable corpus values numerically below the value, counting ties half.
    ``comparable``: the corpus rows the value was compared with (same target family, unit and
    kind; for counts, amounts and dates only rows of the same or a near-identical name).
    ``typical`` is the most common comparable value (or the category's most common value when
    nothing is comparable), used in ``typical_tables`` of ``tables`` tables; ``typical_range``
    the middle half of the comparable numbers (``90%–100%``).
    ``expected_direction``: ``higher`` / ``lower`` is better, or None; ``direction_ok`` is False
    when the value's explicit sign contradicts it (≤ for a good rate, ≥ for a cost or failure
    count) — the verdict is then ``other_form``. ``thin``: the comparison rests on fewer than 3
    tables. ``messages`` explain (Chinese), the first giving the verdict with the figures;
    ``advice`` is what to do.
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
    typical_range: str | None = None
    advice: str = ""

    @property
    def verdict_zh(self) -> str:
        """The verdict in words (常见, 严于常见, 宽于常见, 写法与常见不同, 无可比先例)."""
        return VERDICT_ZH[self.verdict]

    @property
    def acceptable(self) -> bool:
        """True for ``typical`` and ``stricter``: nothing to correct."""
        return self.verdict in ("typical", "stricter")

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in (
            "name", "value_raw", "value", "category", "category_zh", "verdict", "verdict_zh", "percentile",
            "typical", "typical_range", "typical_tables", "tables", "comparable", "expected_direction",
            "direction_ok", "thin", "messages", "advice")}
        d["threshold"] = self.threshold.to_dict()
        d["evidence"] = self.suggestion.to_dict()
        return d


def _form(g: ThresholdGroup) -> str:
    """A group's form in words: ``≥ … %`` / ``数量（人）`` / ``文字描述``."""
    if g.kind in ("rate",) and g.unit == "%":
        return f"{SIGN.get(g.direction, '')}…%"
    unit = f"（{g.unit}）" if g.unit else ""
    return f"{SIGN.get(g.direction, '')}{KIND_ZH.get(g.kind, g.kind)}{unit}"


def _usage(g: ThresholdGroup, of: int) -> str:
    text = f"{of} 张可比的表中 {g.most_common_tables} 张写 {g.most_common}"
    if g.typical_range and g.typical_range != g.most_common:
        text += f"，一半的表在 {g.typical_range} 之间"
    return text


def check_threshold(name: str, value: str, *, level2: str | None = None, category: str | None = None,
                    field: str | None = None, corpus: Any = None) -> ThresholdCheck:
    """Is ``value`` (a 指标值 as written, e.g. ``≥60%``) typical for indicator ``name``?

    Rates are compared with the corpus rows of the same category (and near-identical names,
    see :func:`suggest_thresholds`) of the same target family and unit; counts, amounts,
    areas and dates only with rows of the same or a near-identical name (they depend on the
    project); text values by their exact text. The direction is checked with the vocabulary
    the audit's R11 uses.

    Parameters
    ----------
    name : str
        The 三级指标 name (or a category id / 中文名).
    value : str
        The 指标值 as written, e.g. ``≥60%``.
    level2 : str or None, default None
        Keep only corpus rows filed under that 二级 (as in :func:`suggest_thresholds`).
    category : str or None, default None
        The name's category id when you know it (as in :func:`suggest_thresholds`).
    field : str or None, default None
        Compare with tables of this policy field first (as in :func:`suggest_thresholds`).
    corpus : SuggestionCorpus or list of Document or None, default None
        The evidence, as in :func:`suggest_thresholds` (None = the shipped corpus).

    Returns
    -------
    ThresholdCheck
        The ``verdict`` (one of :data:`VERDICTS`), the ``percentile`` among comparable
        values, the ``typical`` value and range, ``direction_ok``, ``thin``, ``messages``
        (Chinese) and ``advice``, and the underlying :class:`ThresholdSuggestion`.

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
    t = value_for_name(name, parse_threshold(value))  # a bare ``≥85`` under 成活率（%） is ≥85%
    suggestion = suggest_thresholds(name, level2=level2, category=category, field=field, corpus=corpus)
    shown = value_display(t)
    better = expected_direction(name, suggestion.category, t)
    family = target_family(t, better)
    thin_limit = rules()["thin_tables"]
    evidence = [r for r in suggestion.evidence if r.threshold.kind != "missing"]
    groups = [g for g in suggestion.groups if g.kind != "missing"]
    top = groups[0] if groups else None
    all_tables = len({r.table for r in evidence})
    key = name_key(name)
    similar = {n for n, _ in suggestion.similar_names} | {key}
    same_name = [r for r in evidence if name_key(r.name) in similar]
    label = f"{name} {shown}"
    result: dict[str, Any] = {"percentile": None, "typical": top.most_common if top else None,
                              "typical_tables": top.most_common_tables if top else 0, "tables": all_tables,
                              "comparable": 0, "typical_range": top.typical_range if top else None}
    messages: list[str] = []
    advice = ""

    direction_ok = None
    if better and t.direction in (">=", ">", "<=", "<") and is_numeric(t) and t.kind not in rules()["no_direction_kinds"]:
        direction_ok = (family == ">=") == (better == "higher")

    def usual() -> str:
        return (f"同类指标最常见的写法是 {top.most_common}（{all_tables} 张表中 {top.most_common_tables} 张）"
                if top else "语料中同类指标没有可参考的取值")

    if not evidence:
        verdict = "no_evidence"
        messages.append(f"{label}：语料中没有{suggestion.category_zh}类指标的取值可以比较")
        advice = "请按本项目的实际情况设定，并在指标值确定依据中写明来源（计划、历史或行业标准）。"
    elif t.kind == "missing":
        verdict = "other_form"
        messages.append(f"{name}：没有填写指标值；{usual()}")
        advice = "每个三级指标都要有可考核的指标值，请填写。"
    elif direction_ok is False:
        verdict = "other_form"
        good = "越高越好" if better == "higher" else "越低越好"
        right = "≥" if better == "higher" else "≤"
        messages.append(f"{label}：方向写反了——{name}{good}，目标应写“{right}”；{usual()}")
        advice = f"把“{SIGN[family]}”改为“{right}”（如 {right}{format_number(t.value)}{t.unit or ''}）。"
    elif is_numeric(t):
        form_rows = [r for r in evidence if (r.family, r.threshold.unit, r.threshold.kind) == (family, t.unit, t.kind)]
        if not form_rows and is_bare(t):  # a bare number has no sign of its own: it takes the one tables write
            other = "<=" if family == ">=" else ">="
            form_rows = [r for r in evidence if (r.family, r.threshold.unit, r.threshold.kind) == (other, t.unit, t.kind)]
            family = other if form_rows else family
        if t.unit == "%":  # the rates measuring the same thing (满意度, 合格率 …) when there are enough
            pool = measure_rows(form_rows, measure_word(name), better) or form_rows
        else:
            pool = [r for r in form_rows if name_key(r.name) in similar]
        if pool:
            verdict, advice = _place(t, family, pool, label, messages, result)
        elif t.unit == "%":
            verdict = "other_form"
            messages.append(f"{label}：语料中{suggestion.category_zh}类指标没有写成“{SIGN.get(family, '')}…%”的；{usual()}")
            advice = f"考虑按常见写法改为 {top.most_common}。" if top else ""
        else:
            verdict = "no_evidence"
            what = KIND_ZH.get(t.kind, "数值")
            if same_name:
                uses = "、".join(dict.fromkeys(value_display(r.threshold) for r in same_name[:5]))
                messages.append(f"{label}：同名指标在语料中写作 {uses}，形式不同，无法比较数值")
            else:
                messages.append(f"{label}：{what}取决于项目本身，语料中没有同名指标可以比较")
            units = [g for g in groups if g.kind == t.kind]
            if units:
                messages.append(f"同类指标按{what}写目标的有 {units[0].tables} 张表（如 {units[0].most_common}），写法本身常见")
            advice = f"请按本项目的任务量、预算或计划填写{what}，并写明依据。"
    else:
        same = {r.table for r in evidence if value_key(r.threshold, r.better) == value_key(t, better)}
        same_named = {r.table for r in same_name if value_key(r.threshold, r.better) == value_key(t, better)}
        kind_rows = [r for r in evidence if r.threshold.kind == t.kind]
        result["typical"], result["typical_tables"] = shown, len(same)
        if len(same) >= 2 or same_named:
            verdict = "typical"
            result["comparable"] = len([r for r in evidence if value_key(r.threshold, r.better) == value_key(t, better)])
            where = "同名指标" if same_named else "同类指标"
            messages.append(f"{label}：常见，{where}有 {len(same)} 张表也写 {shown}（同类共 {all_tables} 张表）")
            advice = "可以照此填写。"
        elif t.kind == "boolean" and asks_yes_no(name) and not any(r.threshold.kind == "boolean" for r in same_name):
            answer = yes_no_answer(name)
            if shown == answer:
                verdict = "typical"
                messages.append(f"{label}：名称是“是否”式提问，目标写“{answer}”正合适")
                advice = "可以照此填写；年底按实际情况填“是”或“否”。"
            else:
                verdict = "no_evidence"
                messages.append(f"{label}：名称是“是否”式提问，这类指标通常希望“{answer}”，语料中没有同名指标可比")
                advice = f"请确认目标答案：“{shown}”是否就是希望达到的结果。"
        elif t.kind == "boolean" and any(r.threshold.kind == "boolean" for r in same_name):
            verdict = "other_form"
            others = "、".join(dict.fromkeys(value_display(r.threshold) for r in same_name if r.threshold.kind == "boolean"))
            messages.append(f"{label}：同名指标在语料中写 {others}")
            advice = f"确认目标答案：通常写 {others}。"
        elif kind_rows:
            verdict = "no_evidence"
            examples = "、".join(dict.fromkeys(value_display(r.threshold) for r in kind_rows[:4]))
            result["typical"], result["typical_tables"] = None, 0
            messages.append(f"{label}：语料中同类指标也有写成{KIND_ZH.get(t.kind, t.kind)}的"
                            f"（{len({r.table for r in kind_rows})} 张表，如 {examples}），但没有与“{shown}”相同的写法，无从比较")
            advice = ("请确认年底能据此核对完成情况：写清时间点或可检查的结果。" if t.kind in ("deadline", "qualitative")
                      else "请确认目标答案与指标名称一致。")
        else:
            verdict = "other_form"
            result["typical"], result["typical_tables"] = (top.most_common, top.most_common_tables) if top else (None, 0)
            messages.append(f"{label}：语料中{suggestion.category_zh}类指标很少写成{KIND_ZH.get(t.kind, t.kind)}；{usual()}")
            advice = (f"定量的目标更便于考核，可考虑改写为 {top.most_common} 这样的形式。" if top and top.kind != t.kind
                      else "请对照常见写法修改。")
    if verdict in ("typical", "stricter", "looser") and result["tables"] < thin_limit:
        thin = True
        messages.append(f"证据较少：只有 {result['tables']} 张表可比，仅供参考")
    else:
        thin = suggestion.thin
        if thin and evidence:
            messages.append(f"证据较少：{suggestion.category_zh}类指标只见于 {suggestion.tables} 张表"
                            f"（{suggestion.documents} 个文件）")
    return ThresholdCheck(
        name=name, value_raw=value, value=shown, threshold=t, category=suggestion.category,
        category_zh=suggestion.category_zh, verdict=verdict, percentile=result["percentile"],
        typical=result["typical"], typical_tables=result["typical_tables"], tables=result["tables"],
        comparable=result["comparable"], expected_direction=better, direction_ok=direction_ok, thin=thin,
        messages=messages, suggestion=suggestion, typical_range=result["typical_range"], advice=advice,
    )


def _place(t: Threshold, family: str, pool: list, label: str, messages: list[str],
           result: dict[str, Any]) -> tuple[str, str]:
    """Verdict and advice of a number among comparable rows; fills ``result`` and ``messages``."""
    numbers = [r.threshold.value for r in pool]
    below = sum(1 for v in numbers if v < t.value)
    ties = sum(1 for v in numbers if v == t.value)
    percentile = round(100.0 * (below + 0.5 * ties) / len(numbers), 1)
    group = group_rows(pool)[0]
    tables = len({r.table for r in pool})
    result.update(percentile=percentile, typical=group.most_common, typical_tables=group.most_common_tables,
                  tables=tables, comparable=len(pool), typical_range=group.typical_range)
    usage = _usage(group, tables)
    if _in_group(t, family, group):
        messages.append(f"{label}：常见（{usage}）")
        return "typical", "可以照此填写。"
    up = family != "<="  # a floor: higher is stricter; a ceiling: lower is stricter
    stricter = (t.value > group.most_common_threshold.value) == up
    looser_share = (percentile if up else 100 - percentile)
    if stricter:
        messages.append(f"{label}：严于常见（{usage}；可比取值中 {looser_share:g}% 比它宽松）")
        reach = "100% 意味着不允许任何差错，" if t.unit == "%" and t.value >= 100 and up else ""
        return "stricter", f"{reach}如果能做到并有依据（如往年完成情况），可以保留；否则可放宽到常见的 {group.most_common}。"
    messages.append(f"{label}：宽于常见（{usage}；可比取值中只有 {looser_share:g}% 比它更宽松）")
    return "looser", f"如无特殊情况，提高到常见的 {group.most_common}；确需保留，请在指标值确定依据中写明理由。"


def _in_group(t: Threshold, family: str, group: ThresholdGroup) -> bool:
    """The value sits in the group's typical band (most common value ± tolerance, or q1–q3)."""
    return group.contains(t, "lower" if family == "<=" else None)
