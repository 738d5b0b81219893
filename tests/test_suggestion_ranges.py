"""The typical range a proposal stands behind: not a point when the name has one or two tables,
a rate from rates, no range from other indicators' counts, a unitless number read with the
name's unit; and the development / test split of the suggestions' evaluation."""
from __future__ import annotations

import pytest

from classifier.core.records import Document, Indicator, Location
from classifier.evaluation.suggestions_by_organisation import OrganisationEvaluation, HeldOutRow, split_of_group
from classifier.reading.real_tables import split_of
from classifier.suggestion.index import SuggestionCorpus
from classifier.suggestion.suggest import suggest_thresholds
from classifier.suggestion.values import value_display, value_for_name
from classifier.vocabulary.thresholds import parse_threshold
from test_suggest_helpers import project

LABELS = {"政策知晓率": "social", "群众政策知晓率": "social", "宣传知晓率": "social", "法律知识知晓率": "social",
          "宣传次数": "quantity", "培训人次": "quantity", "发放手册": "quantity",
          "大厅运行正常": "operation", "设备运行正常率": "operation", "系统运行正常率": "operation",
          "网络运行正常率": "operation"}


def _doc(doc_id, rows):
    """One document, one table, rows ``(name, value)`` parsed as a reader would."""
    p = project(1, f"项目{doc_id}", "开展宣传", [], f"{doc_id}.txt")
    for n, (name, value) in enumerate(rows, start=1):
        p.indicators.append(Indicator(
            row=n, level1_raw="效益指标", level1="效益指标", level1_inherited=False, level2_raw="社会效益指标",
            level2="社会效益指标", level2_inherited=False, name_raw=name, name=name, description_raw="",
            description="", value_raw=value, basis_raw="", basis_category=None, threshold=parse_threshold(value),
            location=Location(path=f"{doc_id}.txt", line_start=n, line_end=n)))
    return Document(doc_id=doc_id, source_path=f"{doc_id}.txt", format="txt", encoding="utf-8", agency="测试单位",
                    agency_code=None, budget_year=2024, projects=[p])


@pytest.fixture(scope="module")
def corpus():
    docs = [
        _doc("d1", [("政策知晓率", "≥90%"), ("宣传次数", "≥4次"), ("大厅运行正常", "平稳运行")]),
        _doc("d2", [("群众政策知晓率", "95%"), ("培训人次", "≥300人次"), ("设备运行正常率", "100%")]),
        _doc("d3", [("宣传知晓率", "100%"), ("发放手册", "≥2000份"), ("系统运行正常率", "≥95%")]),
        _doc("d4", [("法律知识知晓率", "≥90%"), ("网络运行正常率", "100%")]),
    ]
    return SuggestionCorpus.from_documents(docs, labels=LABELS, row_labels={})


def test_one_table_of_the_name_gives_its_value_with_the_range_of_the_same_measure(corpus):
    p = suggest_thresholds("政策知晓率", category="social", corpus=corpus).proposal
    assert p.scope == "name" and p.value == "≥90%"
    assert p.range_group is not None and p.typical_range == "90–96.25%"  # not the point ≥90%
    assert p.band() == (90.0, 96.25) and "同样计量" in p.note
    assert p.contains(parse_threshold("100%")) and p.contains(parse_threshold("≥90%"))
    assert not p.contains(parse_threshold("≥60%")) and not p.contains(parse_threshold("≤90%"))


def test_a_rate_is_not_proposed_from_a_similar_names_text(corpus):
    p = suggest_thresholds("大厅运行正常率", category="operation", corpus=corpus).proposal
    assert p.threshold.unit == "%" and p.value != "平稳运行"
    assert p.contains(parse_threshold("100%"))


def test_another_indicators_count_gives_a_value_but_no_range(corpus):
    p = suggest_thresholds("入户走访户数", category="quantity", corpus=corpus).proposal
    assert p.scope == "category" and p.value  # the form tables use, to be rewritten for the project
    assert not p.ranged and p.typical_range is None and p.band() is None
    assert not p.contains(p.threshold)
    own = suggest_thresholds("宣传次数", category="quantity", corpus=corpus).proposal
    assert own.scope == "name" and own.ranged and own.contains(parse_threshold("≥4次"))


@pytest.mark.parametrize("name, value, read", [
    ("种植作物成活率(≥**%)", "≥85", "≥85%"), ("满意度（%）", "≥90", "≥90%"), ("各类书籍审稿率", "1", "100%"),
    ("覆盖率", "0.95", "95%"), ("审稿率", "95", "95%"), ("开展修复工程(个)", "≥1", "≥1"), ("道路长度", "100", "100"),
    ("审稿率", "100%", "100%"), ("培训人数", "5", "5"),
])
def test_a_unitless_number_is_read_with_the_unit_of_its_name(name, value, read):
    t = value_for_name(name, parse_threshold(value))
    assert value_display(t) == read
    assert (t.kind == "rate") == read.endswith("%")


def test_the_development_and_test_split_is_the_real_tables_split():
    assert split_of_group("page-tjcourt.gov.cn_hebei-court-target") == split_of("page-tjcourt.gov.cn_hebei-court-target.jsonl")
    assert split_of_group("docA", "seed") == "seed"
    rows = [HeldOutRow(group=g, origin="real", field="", name="满意度", category="satisfaction", value="≥90%",
                       proposed="≥90%", proposal_scope="measure", in_range=ok, equal=ok, baseline="≥90%",
                       baseline_equal=ok, verdict="typical", split=s, kind="rate", unit="%", typical_range="90–95%",
                       range_low=90.0, range_high=95.0)
            for g, s, ok in (("a", "development", True), ("b", "development", False), ("c", "test", True))]
    result = OrganisationEvaluation(training="all", groups=3, rows=rows)
    dev, test = result.summary("real", "development"), result.summary("real", "test")
    assert (dev["rows"], dev["in_range"], test["rows"], test["in_range"]) == (2, 0.5, 1, 1.0)
    assert dev["rate_median_span_points"] == 5 and dev["with_range"] == 1.0
    assert {"real_development", "real_test"} <= set(result.to_dict()["summary"])
    assert any("development split" in line for line in result.lines())
