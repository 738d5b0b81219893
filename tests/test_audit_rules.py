"""Audit rules on hand-built documents (no reader, no model: a fake classifier is injected)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from classifier.auditing.api import audit, audit_documents
from classifier.auditing.rules.norms import CorpusStats
from classifier.core.records import Document, Indicator, Location, Project
from classifier.vocabulary.thresholds import Threshold

STATS = CorpusStats(satisfaction_median=90.0, satisfaction_q1=85.0, satisfaction_q3=95.0,
                    satisfaction_rows=40, source="test")


def T(raw, **kw):
    """A parsed 指标值 (built by hand so these tests do not depend on the parser)."""
    return Threshold(raw=raw, **kw)


PCT = dict(unit="%", kind="rate")


def row(level1, level2, name, value, *, desc="", basis="年初工作计划", basis_category="计划标准", n=0):
    return dict(level1=level1, level2=level2, name=name, value=value, desc=desc, basis=basis,
                basis_category=basis_category)


def make_project(rows, *, index=1, name="项目甲", budget=100.0, purpose="", fiscal=None, other=None):
    indicators = []
    prev1 = prev2 = None
    for i, r in enumerate(rows, start=1):
        value = r["value"] if isinstance(r["value"], Threshold) else T(r["value"], kind="qualitative",
                                                                        text=r["value"])
        indicators.append(Indicator(
            row=i, level1_raw=r["level1"], level1=r["level1"], level1_inherited=r["level1"] == prev1,
            level2_raw=r["level2"], level2=r["level2"], level2_inherited=r["level2"] == prev2,
            name_raw=r["name"], name=r["name"], description_raw=r["desc"], description=r["desc"],
            value_raw=value.raw, basis_raw=r["basis"], basis_category=r["basis_category"], threshold=value,
            location=Location(path="t.txt", line_start=100 * index + i, line_end=100 * index + i),
        ))
        prev1, prev2 = r["level1"], r["level2"]
    return Project(
        index=index, title=name, name=name, code=None, code_raw="", agency="单位", budget_total=budget,
        budget_total_raw=str(budget), budget_fiscal=fiscal, budget_fiscal_raw="", budget_other=other,
        budget_other_raw="", purpose=purpose, spending_plan={}, goals=[], indicators=indicators,
        location=Location(path="t.txt", line_start=100 * index, line_end=100 * index + 50),
    )


def make_doc(*projects, doc_id="t"):
    return Document(doc_id=doc_id, source_path=f"{doc_id}.txt", format="txt", encoding="utf-8", agency="单位",
                    agency_code=None, budget_year=2023, projects=list(projects))


def good_rows():
    """A clean legacy table: every rule should stay silent on it."""
    return [
        row("产出指标", "数量指标", "举办招商活动场次", T("≥2场", direction=">=", value=2, unit="场", kind="count"),
            desc="全年举办招商推介活动的场次"),
        row("产出指标", "质量指标", "工程验收合格率", T("100%", direction="=", value=100, **PCT),
            desc="验收合格工程数/完工工程数"),
        row("产出指标", "时效指标", "项目完成时限", T("12月底前", kind="deadline", deadline={"year": None, "month": 12, "day": None}),
            desc="年度内完成全部工作"),
        row("产出指标", "成本指标", "项目总成本", T("≤80万元", direction="<=", value=80, unit="万元", kind="money"),
            desc="全年支出总额", basis="预算支出标准", basis_category="预算支出标准"),
        row("效益指标", "社会效益指标", "带动就业人数", T("≥30人", direction=">=", value=30, unit="人", kind="count"),
            desc="项目带动新增就业人员"),
        row("满意度指标", "服务对象满意度指标", "服务对象满意度", T("≥90%", direction=">=", value=90, **PCT),
            desc="抽样调查满意人数/受访人数"),
    ]


FAKE_CATEGORIES = {
    "举办招商活动场次": "quantity", "工程验收合格率": "quality", "项目完成时限": "timeliness",
    "项目总成本": "cost", "带动就业人数": "social", "服务对象满意度": "satisfaction",
    "完工及时率": "timeliness", "成本开支": "cost", "网络正常运行": "operation", "项目资金支付率": "budget_execution", "无": "placeholder",
}


def fake_classifier(probability=0.95, table=FAKE_CATEGORIES):
    def classify(names, descriptions=None, *, regime):
        return [SimpleNamespace(category=table.get(n, "quantity"), probability=probability, alternatives=[])
                for n in names]
    return classify


def rules_of(report):
    return [(f.rule, f.project_index, f.row) for f in report.findings]


def run(*projects, model=None, **kw):
    return audit(make_doc(*projects), model=model or fake_classifier(), corpus_stats=STATS, **kw)


def test_clean_table_has_no_findings():
    report = run(make_project(good_rows()))
    assert report.findings == [], [f.message for f in report.findings]
    assert report.regime == "legacy" and report.regime_guessed


def test_r04_flags_a_misfiled_row_and_names_the_right_level2():
    rows = good_rows()
    rows[1] = row("产出指标", "质量指标", "完工及时率", T("≥95%", direction=">=", value=95, **PCT), desc="按时完工数/总数")
    report = run(make_project(rows))
    r04 = [f for f in report.findings if f.rule == "R04"]
    assert [(f.row, f.cell) for f in r04] == [(2, "level2")]
    assert "时效指标" in r04[0].fix
    assert r04[0].evidence["category"] == "timeliness" and r04[0].evidence["probability"] == 0.95


def test_r04_quotes_what_in_the_text_made_the_classifier_decide():
    rows = good_rows()
    rows[1] = row("产出指标", "质量指标", "完工及时率", T("≥95%", direction=">=", value=95, **PCT), desc="按时完工数/总数")

    def classify(names, descriptions=None, *, regime):
        return [SimpleNamespace(category=FAKE_CATEGORIES.get(n, "quantity"), probability=0.95, alternatives=[],
                                top_tokens=[("规则:timeliness", 1.6), ("字:及时", 0.5), ("字:时", 0.4), ("描述:按时", 0.3)])
                for n in names]

    (r04,) = [f for f in run(make_project(rows), model=classify).findings if f.rule == "R04"]
    assert "（依据“及时”、描述“按时”；分类器认为它不属于该二级的概率 0.95）" in r04.message
    assert r04.evidence["text_evidence"] == ["“及时”", "描述“按时”"]
    (plain,) = [f for f in run(make_project(rows)).findings if f.rule == "R04"]  # a classifier that gives no tokens
    assert "依据" not in plain.message and plain.evidence["text_evidence"] == []


def test_r04_respects_the_probability_cutoff():
    rows = good_rows()
    rows[1] = row("产出指标", "质量指标", "完工及时率", T("≥95%", direction=">=", value=95, **PCT), desc="按时完工数/总数")
    report = run(make_project(rows), model=fake_classifier(probability=0.3))
    assert "R04" not in {f.rule for f in report.findings}


def distribution_classifier(distributions):
    """A fake classifier reporting a full probability distribution per name."""
    def classify(names, descriptions=None, *, regime):
        out = []
        for n in names:
            dist = distributions.get(n, {FAKE_CATEGORIES.get(n, "quantity"): 1.0})
            best = max(dist, key=dist.get)
            out.append(SimpleNamespace(category=best, probability=dist[best], probabilities=dist,
                                       alternatives=sorted(dist.items(), key=lambda kv: -kv[1])[:3]))
        return out
    return classify


def test_r04_weighs_all_categories_a_row_could_be():
    # no single category reaches the cut-off, but together the categories that do not
    # belong under 数量指标 do: the row is flagged and the 二级 holding most mass proposed
    rows = good_rows()
    rows[0] = row("产出指标", "数量指标", "企业开工率、投产率", T("≥80%", direction=">=", value=80, **PCT))
    dist = {"economic": 0.45, "social": 0.40, "quantity": 0.15}
    report = run(make_project(rows), model=distribution_classifier({"企业开工率、投产率": dist}))
    r04 = [f for f in report.findings if f.rule == "R04"]
    assert [f.row for f in r04] == [1]
    assert r04[0].evidence["misfiled_probability"] == pytest.approx(0.85)
    assert r04[0].evidence["category"] == "economic"
    assert "经济效益指标" in r04[0].fix
    assert "经济效益" in r04[0].message and "社会效益" in r04[0].message and "0.85" in r04[0].message


def test_r04_is_silent_when_enough_mass_fits_the_declared_level2():
    # the most probable category does not fit 数量指标, but more than half the mass does
    # (the cut-off is chosen among values >= 0.5, so 0.46 misfiled mass is below any of them)
    rows = good_rows()
    rows[0] = row("产出指标", "数量指标", "企业开工率、投产率", T("≥80%", direction=">=", value=80, **PCT))
    dist = {"economic": 0.46, "quantity": 0.44, "completion": 0.1}
    report = run(make_project(rows), model=distribution_classifier({"企业开工率、投产率": dist}))
    assert "R04" not in {f.rule for f in report.findings}


def test_r04_placeholder_mass_never_hides_a_misfiling():
    """Mass on ``placeholder`` does not make a possible misfiling vanish: among the readings
    of the row as a real indicator it is 0.45 / 0.55 = 0.82 misfiled, so R04 asks for a check
    (a 提示); the warning needs the plain mass to reach the cut-off."""
    rows = good_rows()
    rows[0] = row("产出指标", "数量指标", "某某情况", T("≥80%", direction=">=", value=80, **PCT))
    dist = {"economic": 0.45, "placeholder": 0.45, "quantity": 0.1}
    report = run(make_project(rows), model=distribution_classifier({"某某情况": dist}))
    (r04,) = [f for f in report.findings if f.rule == "R04"]
    assert r04.severity == "info" and r04.evidence["needs_review"] and r04.message.startswith("请复核")
    assert r04.evidence["misfiled_probability"] == 0.45
    assert r04.evidence["misfiled_probability_as_real_name"] == 0.8182 and r04.evidence["placeholder_probability"] == 0.45
    dist = {"economic": 0.9, "placeholder": 0.05, "quantity": 0.05}
    report = run(make_project(rows), model=distribution_classifier({"某某情况": dist}))
    (r04,) = [f for f in report.findings if f.rule == "R04"]
    assert r04.severity == "warning" and not r04.evidence["needs_review"]


def test_r04_below_the_cut_off_is_a_prompt_to_check_not_a_warning():
    """Between the review cut-off (0.5) and the R04 cut-off, R04 says 请复核 as a 提示, with
    what it would move the row to; process-measure mass counts for neither side."""
    rows = good_rows()
    rows[0] = row("产出指标", "数量指标", "某某情况", T("≥80%", direction=">=", value=80, **PCT))
    dist = {"economic": 0.5, "placeholder": 0.3, "management": 0.2}   # 0.5 / 0.7 = 0.71
    report = run(make_project(rows), model=distribution_classifier({"某某情况": dist}))
    (r04,) = [f for f in report.findings if f.rule == "R04"]
    assert r04.severity == "info" and r04.evidence["needs_review"]
    assert r04.message.startswith("请复核") and "经济效益" in r04.message and "0.71" in r04.message  # 0.5 / 0.7
    assert "经济效益指标" in r04.fix
    dist = {"economic": 0.45, "management": 0.55}   # 0.45 < 0.5: nothing
    report = run(make_project(rows), model=distribution_classifier({"某某情况": dist}))
    assert "R04" not in {f.rule for f in report.findings}


def test_without_classifier_r04_is_skipped_and_noted():
    report = audit(make_doc(make_project(good_rows())), model=False, corpus_stats=STATS)
    assert report.findings == []
    assert any("R04" in note for note in report.notes)


def test_budget_execution_is_r05_not_r04():
    rows = good_rows()
    rows[3] = row("产出指标", "成本指标", "项目资金支付率", T("≥60%", direction=">=", value=60, **PCT))
    report = run(make_project(rows))
    assert ("R05", 1, 4) in rules_of(report)
    assert not any(f.rule in ("R04", "R16") and f.row == 4 for f in report.findings)


def test_levels_rules_r01_r02_r03():
    rows = good_rows()[:4] + [
        row("效果指标", "社会效益指标", "带动就业人数", T("≥30人", direction=">=", value=30, unit="人", kind="count")),
    ]
    rows[0] = row("产出指标", "经济效益指标", "举办招商活动场次", T("≥2场", direction=">=", value=2, unit="场", kind="count"))
    report = run(make_project(rows))
    found = rules_of(report)
    assert ("R02", 1, 1) in found
    assert ("R01", 1, 5) in found
    r03 = [f for f in report.findings if f.rule == "R03"]
    assert len(r03) == 1 and r03[0].row is None
    assert set(r03[0].evidence["missing"]) == {"效益指标", "满意度指标"}


def test_central2021_requires_cost_level1():
    report = run(make_project(good_rows()), regime="central2021")
    assert not report.regime_guessed
    r03 = [f for f in report.findings if f.rule == "R03"]
    assert r03 and "成本指标" in r03[0].evidence["missing"]
    # 成本指标 under 产出指标 is wrong in the 2021 regime
    assert any(f.rule == "R02" and f.row == 4 for f in report.findings)


def test_regime_guess_from_cost_level1():
    rows = [dict(r) for r in good_rows()]
    rows[3] = dict(rows[3], level1="成本指标", level2="经济成本指标")
    report = run(make_project(rows))
    assert report.regime == "central2021"
    assert "R02" not in {f.rule for f in report.findings}


@pytest.mark.parametrize(
    "value, rule",
    [
        (T("XX", kind="missing", issues=("placeholder",)), "R07"),
        (T("", kind="missing", issues=("empty",)), "R07"),
        (T("平方米", kind="missing", unit="平方米", issues=("number_missing",)), "R07"),
        (T("95", value=95, kind="number"), "R08"),
        (T("逐步增强", kind="qualitative", text="逐步增强"), "R09"),
        (T("打造合作的平台和典范", kind="qualitative", text="打造合作的平台和典范"), "R09"),
        (T("≥120%", direction=">=", value=120, **PCT), "R12"),
    ],
)
def test_value_rules(value, rule):
    rows = good_rows()
    rows[4] = row("效益指标", "社会效益指标", "企业营商环境", value)
    report = run(make_project(rows))
    assert [f.rule for f in report.findings if f.row == 5 and f.cell == "value"] == [rule]


def test_qualitative_value_with_a_criterion_is_accepted_but_not_under_cost():
    rows = good_rows()
    rows[4] = row("效益指标", "社会效益指标", "网络正常运行", T("各个专项网络正常使用为合格", kind="qualitative"))
    assert run(make_project(rows)).findings == []
    rows[3] = row("产出指标", "成本指标", "成本开支", T("在预算指标内支出为合格", kind="qualitative"),
                  basis="预算支出标准", basis_category="预算支出标准")
    r16 = [f for f in run(make_project(rows, budget=18.0)).findings if f.rule == "R16"]
    assert [f.row for f in r16] == [4] and "18万元" in r16[0].fix


def test_r14_timeliness_needs_a_date_duration_or_rate():
    rows = good_rows()
    for value in (T("是", kind="boolean", boolean=True), T("按时完工为合格", kind="qualitative")):
        rows[2] = row("产出指标", "时效指标", "项目完成时限", value)
        assert [f.rule for f in run(make_project(rows)).findings if f.row == 3] == ["R14"]
    rows[2] = row("产出指标", "时效指标", "完工及时率", T("≥95%", direction=">=", value=95, **PCT))
    assert run(make_project(rows)).findings == []


def test_r11_direction_conflicts():
    rows = good_rows()
    rows[1] = row("产出指标", "质量指标", "工程验收合格率", T("≤60%", direction="<=", value=60, **PCT))
    rows[0] = row("产出指标", "数量指标", "举办招商活动场次", T("≤2场", direction="<=", value=2, unit="场", kind="count"))
    rows[3] = row("产出指标", "成本指标", "项目总成本", T("≥80万元", direction=">=", value=80, unit="万元", kind="money"),
                  basis_category="预算支出标准")
    found = rules_of(run(make_project(rows)))
    assert ("R11", 1, 1) in found and ("R11", 1, 2) in found and ("R11", 1, 4) in found


def test_r13_uses_the_corpus_median_and_reports_it():
    rows = good_rows()
    rows[5] = row("满意度指标", "服务对象满意度指标", "服务对象满意度", T("≥60百分比", direction=">=", value=60, **PCT))
    report = run(make_project(rows))
    r13 = [f for f in report.findings if f.rule == "R13"]
    assert len(r13) == 1 and r13[0].evidence["corpus_median"] == 90.0
    assert "90" in r13[0].message
    # at the median: fine
    rows[5] = row("满意度指标", "服务对象满意度指标", "服务对象满意度", T("≥90%", direction=">=", value=90, **PCT))
    assert "R13" not in {f.rule for f in run(make_project(rows)).findings}


def test_r14_r15_r16_value_kind_against_level2():
    rows = good_rows()
    rows[2] = row("产出指标", "时效指标", "项目完成时限", T("3台", value=3, unit="台", kind="count"))
    rows[0] = row("产出指标", "数量指标", "举办招商活动场次", T("12月底前", kind="deadline",
                                                          deadline={"year": None, "month": 12, "day": None}))
    rows[3] = row("产出指标", "成本指标", "项目总成本", T("≥2场", direction=">=", value=2, unit="场", kind="count"),
                  basis_category="预算支出标准")
    found = rules_of(run(make_project(rows), model=False))
    assert ("R14", 1, 3) in found and ("R15", 1, 1) in found and ("R16", 1, 4) in found


def test_r16_cost_above_budget_is_an_error():
    rows = good_rows()
    rows[3] = row("产出指标", "成本指标", "项目总成本", T("≤2000万元", direction="<=", value=2000, unit="万元", kind="money"),
                  basis_category="预算支出标准")
    r16 = [f for f in run(make_project(rows, budget=150.0)).findings if f.rule == "R16"]
    assert len(r16) == 1 and r16[0].severity == "error" and r16[0].evidence["budget_total"] == 150.0


def test_r17_basis_missing_or_unmapped():
    rows = good_rows()
    rows[0] = dict(rows[0], basis="", basis_category=None)
    rows[1] = dict(rows[1], basis="领导交办", basis_category=None)
    found = [(f.rule, f.row, f.cell) for f in run(make_project(rows)).findings]
    assert ("R17", 1, "basis") in found and ("R17", 2, "basis") in found


def test_wording_r06_r10_r18():
    rows = good_rows()
    rows[0] = row("产出指标", "数量指标", "投入资金", T("≥50万元", direction=">=", value=50, unit="万元", kind="money"))
    rows[4] = row("效益指标", "社会效益指标", "进一步提高服务水平", T("≥5%", direction=">=", value=5, **PCT),
                  desc="服务水平")
    rows[1] = dict(rows[1], desc="工程验收合格率（%）")
    found = [(f.rule, f.row, f.cell) for f in run(make_project(rows)).findings]
    assert ("R06", 1, "name") in found
    assert ("R10", 5, "name") in found
    assert ("R18", 2, "description") in found


def test_r19_duplicates_and_r22_multi_year():
    rows = good_rows() + [row("产出指标", "数量指标", "举办招商活动场次（）", T("≥2场", direction=">=", value=2, unit="场", kind="count"))]
    rows[4] = row("效益指标", "社会效益指标", "带动就业人数", T("≥30人", direction=">=", value=30, unit="人", kind="count"),
                  desc="2021-2025年累计带动就业")
    found = [(f.rule, f.row) for f in run(make_project(rows)).findings]
    assert ("R19", 7) in found and ("R22", 5) in found


def test_r23_satisfaction_as_benefit():
    rows = good_rows()
    rows[4] = row("效益指标", "社会效益指标", "企业满意度", T("≥90%", direction=">=", value=90, **PCT))
    found = rules_of(run(make_project(rows), model=False))
    assert ("R23", 1, 5) in found


def test_r24_same_indicator_set_in_two_projects_and_across_documents():
    p1 = make_project(good_rows(), index=1, name="项目甲")
    p2 = make_project(good_rows(), index=2, name="项目乙")
    report = run(p1, p2)
    r24 = [f for f in report.findings if f.rule == "R24"]
    assert [(f.project_index, f.row, f.evidence["other_project_index"]) for f in r24] == [(1, None, 2), (2, None, 1)]
    # a single document alone: nothing to compare with
    assert run(p1).findings == []
    # across documents of one run
    d1 = make_doc(make_project(good_rows(), name="项目甲"), doc_id="a")
    d2 = make_doc(make_project(good_rows(), name="项目丙"), doc_id="b")
    reports = audit_documents([d1, d2], model=fake_classifier(), corpus_stats=STATS)
    assert [(f.rule, f.evidence["other_doc_id"]) for f in reports[0].findings] == [("R24", "b")]
    assert [(f.rule, f.evidence["other_doc_id"]) for f in reports[1].findings] == [("R24", "a")]
    # a different indicator set is not a paste
    other = make_project(good_rows()[:2] + [row("产出指标", "数量指标", f"指标{k}乙", T("≥1个", direction=">=", value=1,
                                                                              unit="个", kind="count")) for k in range(5)],
                         index=2, name="项目乙")
    assert "R24" not in {f.rule for f in run(p1, other).findings}
    # the same project in another year's document is not a paste
    d3 = make_doc(make_project(good_rows(), name="项目甲"), doc_id="c")
    assert audit_documents([d1, d3], model=False, corpus_stats=STATS)[1].findings == []


def test_budget_check_prose_vs_table():
    project = make_project(good_rows(), budget=150.0, purpose="项目预算数为10万元，主要用于招商活动。")
    b01 = [f for f in run(project).findings if f.rule == "B01"]
    assert len(b01) == 1 and b01[0].evidence["prose_amount_wan"] == 10.0 and b01[0].row is None
    same = make_project(good_rows(), budget=18.0, purpose="安全生产项目预算数为18万元，主要用于……")
    assert not [f for f in run(same).findings if f.rule == "B01"]


def test_finding_to_dict_is_json_ready():
    import json

    rows = good_rows()
    rows[5] = row("满意度指标", "服务对象满意度指标", "服务对象满意度", T("≥60%", direction=">=", value=60, **PCT))
    report = run(make_project(rows))
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["summary"]["by_rule"] == {"R13": 1}
    f = data["findings"][0]
    assert set(f) >= {"rule", "severity", "doc_id", "project_index", "row", "cell", "location", "message", "fix",
                      "evidence"}
    assert f["location"]["line_start"] == 106


def test_unknown_regime_is_a_clear_error():
    from classifier.core.errors import ZhibiaoError

    with pytest.raises(ZhibiaoError, match="未知的体系“2015”"):
        run(make_project(good_rows()), regime="2015")


def test_r23_output_wording_unless_the_classifier_reads_an_effect():
    table = dict(FAKE_CATEGORIES, 组织开展招商推介活动="quantity", 招商活动的签约项目金额="economic")
    rows = good_rows()
    rows[4] = row("效益指标", "经济效益指标", "组织开展招商推介活动", T("≥4次", direction=">=", value=4, unit="次", kind="count"))
    found = [f for f in run(make_project(rows), model=fake_classifier(table=table)).findings if f.rule == "R23"]
    assert [f.row for f in found] == [5] and found[0].evidence["matched"] == "活动"
    rows[4] = row("效益指标", "经济效益指标", "招商活动的签约项目金额",
                  T("≥1亿元", direction=">=", value=1, unit="亿元", kind="money"))
    assert "R23" not in {f.rule for f in run(make_project(rows), model=fake_classifier(table=table)).findings}


def test_a_model_that_does_not_fit_is_a_model_error():
    from classifier.core.errors import ModelError

    class Broken:
        classes_ = ["quantity"]

        def predict_proba(self, names, descriptions=None):
            raise ValueError("X has 5 features, but ColumnTransformer is expecting 4 features as input.")

    with pytest.raises(ModelError, match="Broken：无法用这个模型分类（ValueError"):
        audit(make_doc(make_project(good_rows())), model=Broken(), corpus_stats=STATS)


@pytest.mark.parametrize("name, description, repeats", [
    ("项目完成时限", "项目完成时间", True),
    ("宣传报道及时性", "宣传报道是否及时", True),
    ("工程验收合格率（%）", "工程验收合格率", True),
    ("任务完成率", "已完成任务数/计划任务数", False),
    ("服务对象满意度", "抽样调查满意人数占受访人数的比例", False),
    ("控制成本", "", False),
])
def test_r18_description_repeats_name(name, description, repeats):
    from classifier.auditing.rules.wording import repeats_name

    assert repeats_name(name, description) is repeats


def test_r04_on_a_row_whose_level2_came_from_the_row_above_says_so():
    rows = good_rows()
    rows[1] = row("产出指标", "质量指标", "完工及时率", T("≥95%", direction=">=", value=95, **PCT))
    rows[2] = row("产出指标", "质量指标", "项目按期完成率", T("≥95%", direction=">=", value=95, **PCT))
    project = make_project(rows)
    assert not project.indicators[1].level2_inherited and project.indicators[2].level2_inherited
    table = dict(FAKE_CATEGORIES, 项目按期完成率="timeliness")
    r04 = {f.row: f for f in run(project, model=fake_classifier(table=table)).findings if f.rule == "R04"}
    assert set(r04) == {2, 3}
    assert "二级取自上一行" in r04[3].message and r04[3].evidence["level2_filled_from_above"] is True
    assert "二级取自上一行" not in r04[2].message and r04[2].evidence["level2_filled_from_above"] is False


def test_the_old_evaluation_level2_is_recognised_and_its_budget_rows_are_r05():
    rows = good_rows()
    rows[1] = row("产出指标", "预算管理", "项目资金支付率", T("≥95%", direction=">=", value=95, **PCT))
    rows[2] = row("产出指标", "财务管理指标", "财务管理制度健全性", T("健全", kind="qualitative", text="健全"))
    found = rules_of(run(make_project(rows)))
    assert ("R02", 1, 2) not in found and ("R02", 1, 3) not in found
    assert ("R05", 1, 2) in found
    rows[1] = row("产出指标", "社会效益指标", "带动就业人数", T("≥10人", direction=">=", value=10, unit="人", kind="count"))
    assert ("R02", 1, 2) in rules_of(run(make_project(rows)))  # other misplaced 二级 are still R02
