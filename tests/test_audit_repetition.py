"""R19 (duplicate indicators in one project) and R22 (multi-year totals in an annual table).

Hand-built documents with an injected fake classifier (the shapes of test_audit_rules.py),
and a regression test on the seed corpus with the shipped model.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from classifier.auditing.api import audit, audit_paths
from classifier.auditing.rules.norms import CorpusStats
from classifier.auditing.rules.repetition import measure_object
from classifier.core.records import Document, Indicator, Location, Project
from classifier.vocabulary.thresholds import Threshold

STATS = CorpusStats(satisfaction_median=90.0, satisfaction_q1=85.0, satisfaction_q3=95.0,
                    satisfaction_rows=40, source="test")


def pct(value, direction=">="):
    sign = {">=": "≥", "<=": "≤", "=": ""}[direction]
    return Threshold(raw=f"{sign}{value:g}%", direction=direction, value=value, unit="%", kind="rate")


def money(raw, value, unit="万元", direction="<="):
    return Threshold(raw=raw, direction=direction, value=value, unit=unit, kind="money")


def count(raw, value, unit):
    return Threshold(raw=raw, direction=">=", value=value, unit=unit, kind="count")


def make_project(rows, *, budget=100.0, index=1, name="配套设施建设项目"):
    """``rows``: (一级, 二级, 三级, Threshold) tuples."""
    indicators = [
        Indicator(
            row=i, level1_raw=l1, level1=l1, level1_inherited=False, level2_raw=l2, level2=l2,
            level2_inherited=False, name_raw=n, name=n, description_raw="", description="",
            value_raw=t.raw, basis_raw="年初工作计划", basis_category="计划标准", threshold=t,
            location=Location(path="t.txt", line_start=10 + i, line_end=10 + i),
        )
        for i, (l1, l2, n, t) in enumerate(rows, start=1)
    ]
    return Project(
        index=index, title=name, name=name, code=None, code_raw="", agency="单位", budget_total=budget,
        budget_total_raw=str(budget), budget_fiscal=None, budget_fiscal_raw="", budget_other=None,
        budget_other_raw="", purpose="", spending_plan={}, goals=[], indicators=indicators,
        location=Location(path="t.txt", line_start=1, line_end=50),
    )


def make_doc(*projects):
    return Document(doc_id="t", source_path="t.txt", format="txt", encoding="utf-8", agency="单位",
                    agency_code=None, budget_year=2025, projects=list(projects))


def classifier(categories, probability=0.95):
    """A fake classifier: ``categories`` maps a 三级 name to a category (default quantity)."""
    def classify(names, descriptions=None, *, regime):
        return [SimpleNamespace(category=categories.get(n, "quantity"),
                                probability=probability(n) if callable(probability) else probability,
                                alternatives=[]) for n in names]
    return classify


CATEGORIES = {
    "配套设施完成率": "completion", "项目工程完成情况": "completion", "项目完成率": "completion",
    "工程质量合格率": "quality", "配套设施验收合格率": "quality", "完工及时率": "timeliness",
    "资金成本": "cost", "改造费用": "cost", "人均慰问标准": "cost",
    "道路硬化完成率": "completion", "管网铺设完成率": "completion",
    "慰问人数覆盖率": "coverage", "慰问金覆盖率": "coverage",
    "服务对象满意度": "satisfaction",
}


def table(*extra, cost=None):
    """A legacy table: 配套设施完成率 ≥60% in row 1, then ``extra`` rows before the rest."""
    return [
        ("产出指标", "数量指标", "配套设施完成率", pct(60)),
        *extra,
        ("产出指标", "时效指标", "完工及时率", pct(95)),
        cost or ("产出指标", "成本指标", "资金成本", money("≤80万元", 80)),
        ("效益指标", "社会效益指标", "带动就业人数", count("≥30人", 30, "人")),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", pct(90)),
    ]


def run(rows, *, model=None, budget=100.0):
    model = classifier(CATEGORIES) if model is None else model
    return audit(make_doc(make_project(rows, budget=budget)), model=model, corpus_stats=STATS)


def findings(report, rule):
    return [f for f in report.findings if f.rule == rule]


# ---- R19 ------------------------------------------------------------------------------


def test_measure_object_strips_generic_words():
    from classifier.auditing.rules.base import rule_table

    generic = rule_table()["R19_generic_words"]
    assert measure_object("配套设施完成率", generic) == "配套设施"
    assert measure_object("项目工程完成情况", generic) == ""
    assert measure_object("项目完成率（%）", generic) == ""
    assert measure_object("慰问人数覆盖率", generic) == "慰问人数"


def test_same_completion_rate_stated_three_times_is_reported_twice():
    # the shape of 003 project 1: the same project's completion with three different targets
    rows = table(("效益指标", "经济效益指标", "项目工程完成情况", pct(70)),
                 ("效益指标", "社会效益指标", "项目完成率", pct(80)))
    r19 = findings(run(rows), "R19")
    assert [(f.row, f.evidence["first_row"], f.severity) for f in r19] == [(2, 1, "warning"), (3, 1, "warning")]
    assert r19[0].evidence["kind"] == "same_measure" and r19[0].evidence["targets_differ"] is True
    assert "配套设施完成率" in r19[0].message and "≥70%" in r19[0].message and "≥60%" in r19[0].message
    assert "合并" in r19[0].fix


def test_same_target_is_a_redundant_row_reported_as_info():
    r19 = findings(run(table(("产出指标", "质量指标", "项目完成率", pct(60)))), "R19")
    assert [(f.row, f.severity, f.evidence["targets_differ"]) for f in r19] == [(2, "info", False)]


def test_same_object_in_another_wording_is_a_duplicate_outside_completion_too():
    # 及时性 / 及时率 of the same 维修: equal objects; a timeliness rate has no "whole project" form
    cats = dict(CATEGORIES, 维修及时性="timeliness", 维修及时率="timeliness", 拨付及时率="timeliness")
    rows = table(("产出指标", "时效指标", "维修及时性", pct(100)),
                 ("产出指标", "质量指标", "维修及时率", pct(95)),
                 ("产出指标", "时效指标", "拨付及时率", pct(90)))
    r19 = findings(run(rows, model=classifier(cats)), "R19")
    assert [(f.row, f.evidence["first_row"], f.evidence["object"]) for f in r19] == [(3, 2, "维修")]
    # 完工及时率 (row 5, object 完工) is neither 维修 nor a whole-project rate


def test_two_completion_rates_of_different_parts_are_not_duplicates():
    rows = [("产出指标", "数量指标", "道路硬化完成率", pct(100)),
            ("产出指标", "质量指标", "管网铺设完成率", pct(90))] + table()[1:]
    assert findings(run(rows), "R19") == []


def test_two_coverage_rates_of_different_things_are_not_duplicates():
    # 004 project 7: visits versus money; a generic coverage rate is not a whole-project rate
    rows = table(("产出指标", "数量指标", "慰问人数覆盖率", pct(100)),
                 ("产出指标", "质量指标", "慰问金覆盖率", pct(100)))
    assert findings(run(rows), "R19") == []


def test_rows_of_different_categories_are_not_duplicates():
    # same object (配套设施), but a completion rate and an acceptance rate are different measures
    rows = table(("产出指标", "质量指标", "配套设施验收合格率", pct(60)))
    assert findings(run(rows), "R19") == []


def test_semantic_duplicate_needs_a_confident_classifier():
    rows = table(("效益指标", "社会效益指标", "项目完成率", pct(80)))
    low = classifier(CATEGORIES, probability=lambda n: 0.5 if n == "项目完成率" else 0.95)
    assert findings(run(rows, model=low), "R19") == []
    assert [f.row for f in findings(run(rows), "R19")] == [2]


def test_semantic_duplicate_needs_percentages():
    rows = table(("效益指标", "社会效益指标", "项目完成率",
                  Threshold(raw="是", kind="boolean", text="是")))
    assert findings(run(rows), "R19") == []


def test_without_a_classifier_only_exact_duplicates_are_reported():
    rows = table(("效益指标", "社会效益指标", "项目完成率", pct(80)),
                 ("产出指标", "质量指标", "配套设施完成率（%）", pct(70)))
    r19 = findings(run(rows, model=False), "R19")
    assert [(f.row, f.evidence["first_row"], f.evidence["kind"]) for f in r19] == [(3, 1, "same_name")]
    assert r19[0].message == "三级指标“配套设施完成率（%）”在本项目中重复（第 1 行已有）。"
    # with a classifier the exact copy is still reported once, as an exact copy
    r19 = findings(run(rows), "R19")
    assert [(f.row, f.evidence["kind"]) for f in r19] == [(2, "same_measure"), (3, "same_name")]


# ---- R22 ------------------------------------------------------------------------------


def test_cost_several_times_the_budget_is_a_likely_multi_year_total():
    # the shape of 004 project 5: 改造费用 ≤2000万元 against 预算数 600万元
    rows = table(cost=("产出指标", "成本指标", "改造费用", money("≤2000万元", 2000)))
    report = run(rows, budget=600.0)
    r22 = findings(report, "R22")
    assert [(f.row, f.cell, f.severity) for f in r22] == [(3, "value", "info")]
    assert r22[0].evidence["ratio"] == pytest.approx(2000 / 600, abs=1e-3)
    assert "600" in r22[0].message and "多年度" in r22[0].message
    # R16 still says the cost is above the budget
    assert [f.row for f in findings(report, "R16")] == [3]


@pytest.mark.parametrize("value, budget", [
    (money("≤620万元", 620), 600.0),           # 1.03x: above budget (R16), but no sign of several years
    (money("≤60000万元", 60000), 600.0),       # 100x: a unit slip is likelier than a 100-year project
    (money("≥2000万元", 2000, direction=">="), 600.0),  # a floor, not a cost cap
    (money("≤200万元", 200), 600.0),           # within the budget
])
def test_cost_amounts_that_are_not_multi_year_totals(value, budget):
    rows = table(cost=("产出指标", "成本指标", "改造费用", value))
    assert findings(run(rows, budget=budget), "R22") == []


def test_per_unit_costs_and_non_cost_rows_are_not_multi_year_totals():
    per_unit = table(cost=("产出指标", "成本指标", "人均慰问标准", money("≤1000万元", 1000)))
    assert findings(run(per_unit, budget=100.0), "R22") == []
    # a money amount outside 成本 that the classifier does not read as cost (签约金额)
    rows = table(("效益指标", "经济效益指标", "签约项目金额", money("≤500万元", 500)))
    assert findings(run(rows, budget=100.0), "R22") == []


def test_multi_year_wording_still_reported():
    rows = table(("效益指标", "经济效益指标", "2021-2025年累计带动就业", count("≥300人", 300, "人")))
    r22 = findings(run(rows), "R22")
    assert [(f.row, f.cell, f.severity, f.evidence["matched"]) for f in r22] == [(2, "name", "warning", "2021-2025")]


# ---- the seed corpus ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_run(raw_dir):
    return audit_paths([raw_dir])


def test_seed_corpus_r19_r22_findings(seed_run):
    """The findings checked by hand on the five seeds (all three are in corpus/audit_gold.csv):
    003 p1 rows 5 and 6 restate row 1's completion rate with other targets; 004 p5 row 5
    is a cost of 2000万元 in a 600万元 project. Nothing else is R19/R22 on the seeds."""
    found = sorted((f.doc_id[:3], f.project_index, f.row, f.rule, f.evidence.get("first_row"))
                   for r in seed_run.reports for f in r.findings if f.rule in ("R19", "R22"))
    assert found == [("003", 1, 5, "R19", 1), ("003", 1, 6, "R19", 1), ("004", 5, 5, "R22", None)]
