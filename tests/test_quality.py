"""Quality score: each component and the total follow the formula of docs/quality_score.md.

The small tables below are built by hand in the test (they are not corpus documents) so that
every expected figure can be worked out on paper.
"""
from __future__ import annotations

import json

import pytest

from classifier.research.quality import (
    SEVERITY_WEIGHTS,
    correctly_categorized,
    is_quantified,
    quality_scores,
    score_rows,
)
from classifier.core.records import Document, Indicator, Location, Project
from classifier.research.tables import build_tables
from classifier.vocabulary.thresholds import Threshold


def _indicator(row, level2, name, threshold, basis_category, level1="产出指标"):
    return Indicator(
        row=row, level1_raw=level1, level1=level1, level1_inherited=False,
        level2_raw=level2, level2=level2, level2_inherited=False,
        name_raw=name, name=name, description_raw="", description="",
        value_raw=threshold.raw, basis_raw=basis_category or "", basis_category=basis_category,
        threshold=threshold, location=Location("handmade.txt", row, row),
    )


def _project(index, indicators):
    return Project(
        index=index, title="", name=f"项目{index}", code=None, code_raw="", agency="测试单位",
        budget_total=10.0, budget_total_raw="10", budget_fiscal=None, budget_fiscal_raw="",
        budget_other=None, budget_other_raw="", purpose="", spending_plan={}, goals=[],
        indicators=indicators, location=Location("handmade.txt", 1, 1),
    )


RATE = Threshold(raw="≥90%", direction=">=", value=90.0, unit="%", kind="rate")
BARE = Threshold(raw="3", direction="=", value=3.0, unit=None, kind="number")
COUNT = Threshold(raw="3场", direction="=", value=3.0, unit="场", kind="count")
DEADLINE = Threshold(raw="12月底前", direction="<=", value=None, kind="deadline",
                     deadline={"year": None, "month": 12, "day": None})
YES = Threshold(raw="是", direction="=", kind="boolean", boolean=True)


def _document():
    p0 = _project(0, [
        _indicator(1, "数量指标", "培训人次", COUNT, "计划标准"),          # quantity, filed right
        _indicator(2, "数量指标", "培训合格率", BARE, None),               # quality under 数量: wrong; no unit
        _indicator(3, "时效指标", "完工及时率", DEADLINE, "计划标准"),     # timeliness, right; not quantified
    ])
    p1 = _project(1, [
        _indicator(4, "质量指标", "服务对象满意度", RATE, "其他标准"),     # satisfaction under 质量: wrong
        _indicator(5, "成本指标", "预算执行率", RATE, None),               # budget_execution: never right
        _indicator(6, "社会效益指标", "是否出现安全事故", YES, "历史标准"),  # safety under 社会效益: right
    ])
    return Document(doc_id="handmade", source_path="handmade.txt", format="txt", encoding="utf-8",
                    agency="测试单位", agency_code=None, budget_year=2023, projects=[p0, p1])


LABELS = {
    "培训人次": "quantity", "培训合格率": "quality", "完工及时率": "timeliness",
    "服务对象满意度": "satisfaction", "预算执行率": "budget_execution", "是否出现安全事故": "safety",
}


def _tables(findings=None):
    tables = build_tables([_document()], classify=False, audit=False, labels=LABELS)
    if findings is not None:
        tables.findings = findings
        tables.audited = True
    return tables


def test_quantified_means_a_number_that_is_not_a_date_or_yes_no():
    assert is_quantified({"value": 3.0, "kind": "number"})
    assert is_quantified({"value": 90.0, "kind": "rate"})
    assert not is_quantified({"value": None, "kind": "qualitative"})
    assert not is_quantified({"value": 2023.0, "kind": "deadline"})
    assert not is_quantified({"value": 1.0, "kind": "boolean"})


def test_category_check_uses_the_label_before_the_prediction_and_the_regime():
    row = {"label": "cost", "category": "quantity", "level2": "成本指标", "regime": "legacy"}
    assert correctly_categorized(row) is True
    assert correctly_categorized({**row, "regime": "central2021"}) is False  # 经济成本指标 expected there
    assert correctly_categorized({**row, "level2": "经济成本指标", "regime": "central2021"}) is True
    assert correctly_categorized({"label": None, "category": "quantity", "level2": "数量指标",
                                  "regime": "legacy"}) is True
    assert correctly_categorized({"label": None, "category": None, "level2": "数量指标"}) is None
    assert correctly_categorized({"label": "placeholder", "level2": "数量指标", "regime": "legacy"}) is False


def test_document_components_are_worked_out_from_the_rows():
    report = quality_scores(_tables())
    (doc,) = report.documents
    c = doc.components
    # quantified: rows 1, 2, 4, 5 (row 3 is a deadline, row 6 a 是/否); with unit: 1, 4, 5
    assert (c["unit"].numerator, c["unit"].denominator) == (3, 4)
    assert c["unit"].value == pytest.approx(0.75)
    # mappable basis: rows 1, 3, 4, 6
    assert (c["basis"].numerator, c["basis"].denominator) == (4, 6)
    # filed right: rows 1, 3, 6
    assert (c["category"].numerator, c["category"].denominator) == (3, 6)
    # not audited: findings component absent, total is the mean of the other three
    assert c["findings"].value is None and c["findings"].note == "未运行审核"
    assert doc.total == pytest.approx(100 * (0.75 + 4 / 6 + 0.5) / 3)


def test_project_scores_are_separate():
    report = quality_scores(_tables())
    p0, p1 = report.projects
    assert (p0.project_index, p0.rows, p1.rows) == (0, 3, 3)
    assert (p0.components["unit"].numerator, p0.components["unit"].denominator) == (1, 2)
    assert (p1.components["unit"].numerator, p1.components["unit"].denominator) == (2, 2)
    assert (p0.components["category"].numerator, p1.components["category"].numerator) == (2, 1)
    assert report.corpus.rows == 6


def test_findings_are_weighted_by_severity_and_skip_rules_measured_elsewhere():
    findings = [
        {"doc_id": "handmade", "project_index": 0, "row": 2, "rule": "R08", "severity": "warning", "message": ""},
        {"doc_id": "handmade", "project_index": 0, "row": 2, "rule": "R07", "severity": "error", "message": ""},
        {"doc_id": "handmade", "project_index": 1, "row": 5, "rule": "R05", "severity": "warning", "message": ""},
        {"doc_id": "handmade", "project_index": 1, "row": None, "rule": "R03", "severity": "error", "message": ""},
        {"doc_id": "handmade", "project_index": None, "row": None, "rule": "R10", "severity": "info", "message": ""},
    ]
    report = quality_scores(_tables(findings))
    (doc,) = report.documents
    weighted = SEVERITY_WEIGHTS["error"] * 2 + SEVERITY_WEIGHTS["warning"] + SEVERITY_WEIGHTS["info"]
    assert doc.components["findings"].numerator == pytest.approx(weighted)  # R08 left out
    assert doc.components["findings"].value == pytest.approx(1 / (1 + weighted / 6))
    p0, p1 = report.projects
    assert p0.components["findings"].numerator == pytest.approx(1.0)  # R07 only
    assert p1.components["findings"].numerator == pytest.approx(1.5)  # R05 + project-level R03
    assert doc.total == pytest.approx(100 * (0.75 + 4 / 6 + 0.5 + 1 / (1 + weighted / 6)) / 4)


def test_more_findings_never_raise_the_score():
    rows = _tables().rows
    one = [{"rule": "R07", "severity": "error"}]
    two = one + [{"rule": "R09", "severity": "warning"}]
    scores = [score_rows(rows, f)[0]["findings"].value for f in ([], one, two)]
    assert scores[0] == 1.0
    assert scores[0] > scores[1] > scores[2] > 0


def test_empty_scope_has_no_total_rather_than_a_made_up_one():
    components, total = score_rows([], [])
    assert total is None
    assert all(c.value is None for c in components.values())


def test_report_is_json_and_shows_every_component():
    data = json.loads(json.dumps(quality_scores(_tables()).to_dict(), ensure_ascii=False))
    assert set(data["documents"][0]["components"]) == {"unit", "basis", "category", "findings"}
    assert data["documents"][0]["components"]["unit"] == {
        "value": 0.75, "numerator": 3, "denominator": 4, "note": ""}
    assert len(data["projects"]) == 2
    assert data["formula"]["severity_weights"] == SEVERITY_WEIGHTS


def test_a_project_with_no_rows_is_still_listed():
    doc = _document()
    doc.projects.append(_project(2, []))
    tables = build_tables([doc], classify=False, audit=False, labels=LABELS)
    report = quality_scores(tables)
    empty = [s for s in report.projects if s.project_index == 2]
    assert empty and empty[0].rows == 0 and empty[0].total is None


def test_print_quality_shows_components(capsys):
    from rich.console import Console

    from classifier.cli.rendering.research import print_quality

    console = Console(width=200, color_system=None)
    print_quality(quality_scores(_tables()), by="project", console=console)
    out = capsys.readouterr().out
    assert "0.75 (3/4)" in out  # the document-wide unit component, corpus row
    assert "0.50 (1/2)" in out  # project 0's unit share
    assert "未运行审核" in out
