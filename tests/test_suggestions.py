"""suggest_thresholds / check_threshold on small hand-built corpora, and on the shipped one."""
from __future__ import annotations

import json

import pytest

from classifier.suggestion.values import same_value, value_display
from classifier.suggestion.index import SuggestionCorpus
from classifier.suggestion.suggest import suggest_thresholds
from classifier.suggestion.check import check_threshold, expected_direction
from classifier.vocabulary.thresholds import Threshold
from test_suggest_helpers import LABELS, VALUES, documents


@pytest.fixture(scope="module")
def corpus():
    return SuggestionCorpus.from_documents(documents(), labels=LABELS)


def test_rows_carry_their_category_source_and_location(corpus):
    assert len(corpus.rows) == 3 * 7 + 2 * 6
    row = next(r for r in corpus.rows if r.name == "服务对象满意度" and r.doc_id == "docB")
    assert row.category == "satisfaction" and row.category_source == "label"
    assert row.value_raw == "≥95%" and row.basis == "计划标准"
    assert str(row.location) == "b.txt lines 49-55"


def test_typical_satisfaction_value_with_counts_and_evidence(corpus):
    s = suggest_thresholds("服务对象满意度", corpus=corpus)
    assert s.category == "satisfaction" and s.category_source == "label"
    # 3 招商 tables (90, 95, 60) + 2 培训 tables (群众满意度 90)
    assert (s.rows, s.tables, s.documents) == (5, 5, 3)
    g = s.typical
    assert (g.direction, g.unit, g.kind) == (">=", "%", "rate")
    assert g.most_common == "≥90%" and g.most_common_tables == 3
    assert g.median == 90 and g.q1 == 90 and g.q3 == 90
    assert g.basis == "计划标准" and g.basis_raw == "本单位年初计划安排"
    assert g.examples[0].value_raw == "≥90%"
    assert not s.thin
    d = json.loads(json.dumps(s.to_dict(), ensure_ascii=False))
    assert d["groups"][0]["values"][0] == {"value": "≥90%", "rows": 3}
    assert d["groups"][0]["examples"][0]["location"].startswith(("a.txt", "c.txt"))


def test_groups_split_by_direction_unit_and_kind(corpus):
    s = suggest_thresholds("timeliness", corpus=corpus)
    kinds = {(g.direction, g.unit, g.kind): g.rows for g in s.groups}
    assert kinds == {(">=", "%", "rate"): 3, ("<=", None, "deadline"): 2}
    assert s.category_source == "category"
    assert abs(sum(g.share for g in s.groups) - 1.0) < 1e-6


def test_category_by_chinese_name_and_level2_filter(corpus):
    s = suggest_thresholds("成本", corpus=corpus)
    assert s.category == "cost" and s.rows == 5
    only_cost_slot = suggest_thresholds("预算执行", level2="成本指标", corpus=corpus)
    assert only_cost_slot.category == "budget_execution" and only_cost_slot.rows == 3


def test_thin_evidence_is_said_plainly(corpus):
    s = suggest_thresholds("ecological", corpus=corpus)
    assert s.tables == 2 and s.thin
    assert any("证据较少" in n and "2 张表" in n for n in s.notes)


def test_unit_filter(corpus):
    s = suggest_thresholds("cost", unit="万元", corpus=corpus)
    assert s.rows == 2 and s.typical.most_common == "≤30万元"


def test_near_identical_names_join_the_evidence(corpus):
    s = suggest_thresholds("服务对象满意度（%）", corpus=corpus)
    assert ("服务对象满意度", pytest.approx(1.0)) in [(n, pytest.approx(v)) for n, v in s.similar_names]
    assert s.category == "satisfaction" and s.category_source == "corpus"  # no classifier call needed


def test_unseen_name_goes_through_the_classifier(corpus, monkeypatch):
    seen = []

    def fake_classify(names, descriptions, *, regime, model=None):
        seen.append(list(names))
        return ["satisfaction"] * len(names)

    monkeypatch.setattr("classifier.suggestion.index.classify_names", fake_classify)
    s = suggest_thresholds("参训学员满意率", corpus=corpus)
    assert seen == [["参训学员满意率"]]
    assert s.category_source == "model" and s.typical.most_common == "≥90%"
    assert any("由分类器判断" in n for n in s.notes)


def test_check_low_satisfaction_is_looser_than_what_most_tables_use(corpus):
    c = check_threshold("服务对象满意度", "≥60%", corpus=corpus)
    assert c.verdict == "looser" and c.verdict_zh == "宽于常见" and c.typical == "≥90%"
    assert (c.typical_tables, c.tables) == (3, 5)
    assert c.percentile == 10.0  # one tie (60) among five values, none lower
    assert c.direction_ok is True and not c.acceptable
    assert "宽于常见" in c.messages[0] and "5 张可比的表中 3 张写 ≥90%" in c.messages[0]
    assert "≥90%" in c.advice  # says what to raise it to


def test_check_typical_rate_within_five_points(corpus):
    c = check_threshold("服务对象满意度", "≥92%", corpus=corpus)
    assert c.verdict == "typical" and c.acceptable


def test_a_bare_value_is_a_target_of_the_same_family_and_a_higher_one_is_stricter(corpus):
    c = check_threshold("服务对象满意度", "100%", corpus=corpus)
    assert c.verdict == "stricter" and c.verdict_zh == "严于常见" and c.acceptable
    assert c.typical == "≥90%" and c.comparable == 5  # the bare 100% is compared with the ≥ rates
    assert "100%" in c.advice and "≥90%" in c.advice
    assert check_threshold("服务对象满意度", "90%", corpus=corpus).verdict == "typical"
    assert check_threshold("服务对象满意度", "60%", corpus=corpus).verdict == "looser"


def test_for_a_lower_is_better_rate_a_smaller_target_is_stricter(corpus):
    docs = documents()
    for doc in docs:  # the first row of every table becomes a failure rate capped at 10%
        for proj in doc.projects:
            ind = proj.indicators[0]
            ind.name, ind.threshold = "设备故障率", Threshold(raw="≤10%", direction="<=", value=10.0, unit="%", kind="rate")
    own = SuggestionCorpus.from_documents(docs, labels={**LABELS, "设备故障率": "safety"})
    assert check_threshold("设备故障率", "2%", corpus=own).verdict == "stricter"  # a bare 2% is a ceiling here
    assert check_threshold("设备故障率", "≤20%", corpus=own).verdict == "looser"
    assert check_threshold("设备故障率", "10%", corpus=own).verdict == "typical"


def test_check_flags_reversed_direction(corpus):
    c = check_threshold("服务对象满意度", "≤90%", corpus=corpus)
    assert c.direction_ok is False and c.expected_direction == "higher"
    assert c.verdict == "other_form" and "方向写反" in c.messages[0] and "≥" in c.advice
    cost = check_threshold("项目总成本", "≥30万元", corpus=corpus)
    assert cost.expected_direction == "lower" and cost.direction_ok is False and cost.verdict == "other_form"


def test_check_value_in_a_form_nobody_uses(corpus):
    c = check_threshold("服务对象满意度", "满意", corpus=corpus)
    assert c.verdict == "other_form" and c.percentile is None
    assert "≥90%" in c.messages[0] and "≥90%" in c.advice
    assert json.loads(json.dumps(c.to_dict(), ensure_ascii=False))["verdict"] == "other_form"


def test_counts_are_compared_only_with_the_same_indicator(corpus):
    same = check_threshold("举办招商引资活动数量", "≥3场", corpus=corpus)
    assert same.verdict == "stricter" and same.typical == "≥2场" and same.comparable == 3  # its 3 tables write ≥2场
    unseen = check_threshold("慰问困难群众户数", "≥500户", category="quantity", corpus=corpus)
    assert unseen.verdict == "no_evidence" and "同名" in unseen.messages[0]  # other projects' counts say nothing
    assert unseen.suggestion.category_source == "given"
    assert check_threshold("培训人次", "≥100人次", corpus=corpus).verdict == "typical"


def test_every_verdict_is_one_of_five_with_advice(corpus):
    from classifier.suggestion.check import VERDICTS

    for name, value in (("服务对象满意度", "≥60%"), ("服务对象满意度", "100%"), ("服务对象满意度", "≥90%"),
                        ("服务对象满意度", "满意"), ("培训人次", "≥500人次"), ("慰问户数", "30户"), ("成本开支", "在预算指标内支出为合格"),
                        ("完工及时率", "12月底前"), ("环境影响", "显著提升")):
        c = check_threshold(name, value, corpus=corpus)
        assert c.verdict in VERDICTS and c.advice, (name, value)


def test_expected_direction_words_and_categories():
    assert expected_direction("设备故障次数", "quality") == "lower"
    assert expected_direction("工程验收合格率", "quality") == "higher"
    assert expected_direction("不合格率", "quality") == "lower"
    assert expected_direction("成本节约率", "cost") == "higher"
    assert expected_direction("人均慰问标准", "cost") == "lower"
    assert expected_direction("举办活动场次", "quantity") is None


def test_same_value_rules():
    t = VALUES
    assert same_value(t["≥90%"], t["≥95%"])  # within 5 points
    assert same_value(t["≥90%"], t["≥85%"])  # exactly 5 points apart
    assert not same_value(t["≥60%"], t["≥90%"])
    assert same_value(t["100%"], t["≥95%"])  # a bare target is a floor to reach
    assert same_value(t["100%"], t["≥95%"], better="lower")  # a bare number has no sign of its own
    assert not same_value(t["≥90%"], Threshold(raw="≤90%", direction="<=", value=90.0, unit="%", kind="rate"))
    assert same_value(t["≥2场"], Threshold(raw="2场以上", direction=">", value=2.0, unit="场", kind="count"))
    assert not same_value(t["≥2场"], t["≥3场"])
    assert same_value(t["在预算指标内支出为合格"], Threshold(raw=" 在预算指标内支出为合格 ", kind="qualitative"))
    assert not same_value(t["无"], t["无"])


def test_value_display():
    assert value_display(VALUES["≥90%"]) == "≥90%"
    assert value_display(Threshold(raw="≥1.5万元", direction=">=", value=1.5, unit="万元", kind="money")) == "≥1.5万元"
    assert value_display(VALUES["12月底前"]) == "12月底前"


def test_check_text_values_by_their_use(corpus):
    typical = check_threshold("成本开支", "在预算指标内支出为合格", corpus=corpus)
    assert typical.verdict == "typical" and "3 张表也写" in typical.messages[0]
    deadline = check_threshold("完工及时率", "12月底前", corpus=corpus)
    assert deadline.verdict == "typical"  # the name's own tables write it (2 of 5)
    other = check_threshold("完工及时率", "11月底前", corpus=corpus)
    assert other.verdict == "no_evidence" and "12月底前" in other.messages[0]  # dates are the project's own
    text = check_threshold("工程质量合格率", "显著提升", corpus=corpus)
    assert text.verdict == "other_form" and "100%" in text.advice  # the quality rows write 100%


def test_deadlines_and_durations_are_not_direction_checked(corpus):
    # 及时 would ask for "higher", but a deadline or a time limit is fine with ≤ (前, 以内)
    assert check_threshold("完工及时率", "12月底前", corpus=corpus).direction_ok is None
    assert check_threshold("完工及时率", "≤30天", corpus=corpus).direction_ok is None
    assert check_threshold("完工及时率", "≤90%", corpus=corpus).direction_ok is False


def test_field_guess_from_names_and_on_the_real_tables():
    from classifier.reading.suggestion_sources import real_sourced_documents
    from classifier.suggestion.fields import guess_field

    assert guess_field("疾病预防控制专项经费").field == "health"
    assert guess_field("学院实训设备购置", "改善学生实训条件").field == "education"
    assert guess_field("档案数字化项目").field == "general"
    assert guess_field("招商引资专项经费").field == "economy"
    assert guess_field("无从判断的名称").field == "general"  # no word: the default
    tables = [(s.field, p) for d in real_sourced_documents() for s, p in zip(d.sources, d.document.projects)]
    right = sum(guess_field(p.name, p.purpose).field == f for f, p in tables)
    assert right / len(tables) >= 0.8  # the real tables give their field: the guess agrees on most


def test_suggest_draws_on_the_same_field_when_it_has_enough_tables(corpus):
    # the helper corpus: 招商 tables are economy, 培训 tables general (guessed from the project names)
    economy = suggest_thresholds("服务对象满意度", field="economy", corpus=corpus)
    assert economy.field == "economy" and {r.field for r in economy.evidence} == {"economy"}
    assert any("同领域" in n for n in economy.notes)
    general = suggest_thresholds("服务对象满意度", field="general", corpus=corpus)
    assert general.field is None and general.tables == 5  # 2 general tables: too few, all fields used
    assert any("用了所有领域" in n for n in general.notes)
