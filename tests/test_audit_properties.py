"""Property tests: the audit never crashes on odd tables, and every finding points at a
real place with a known rule, a severity and Chinese text."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.auditing.api import audit_documents
from classifier.auditing.rules.base import rule_table
from classifier.vocabulary.thresholds import parse_threshold
from test_audit_rules import STATS, fake_classifier, make_doc, make_project

LEVEL1 = st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标", "效果指标", "", "无"])
LEVEL2 = st.sampled_from(["数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "经济效益指标",
                          "社会效益指标", "服务对象满意度指标", "可持续影响指标", "", "乱写"])
TEXT = st.text(alphabet=st.sampled_from(list("满意度率完成投入资金进一步提高无XX—0123456789%≥≤元万年月底前是否 ")),
               max_size=12)
VALUES = st.one_of(TEXT, st.sampled_from(["≥90%", "≤60%", "120%", "-5%", "12月底前", "是", "≥2场", "≤2000万元",
                                          "平方米", "XX", "", "逐步增强", "2021-2025年累计", "95"]))


@st.composite
def rows(draw):
    return dict(level1=draw(LEVEL1), level2=draw(LEVEL2), name=draw(TEXT), value=parse_threshold(draw(VALUES)),
                desc=draw(TEXT), basis=draw(st.sampled_from(["", "年初工作计划", "乱七八糟"])),
                basis_category=draw(st.sampled_from([None, "计划标准"])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(rows(), min_size=0, max_size=8), min_size=1, max_size=3),
       st.sampled_from(["auto", "legacy", "central2021"]),
       st.one_of(st.none(), st.floats(min_value=0, max_value=1e6)),
       st.text(max_size=30))
def test_audit_never_crashes_and_findings_point_at_real_places(projects, regime, budget, purpose):
    doc = make_doc(*[make_project(r, index=i + 1, name=f"项目{i}", budget=budget, purpose=purpose)
                     for i, r in enumerate(projects)])
    report = audit_documents([doc], regime=regime, model=fake_classifier(0.8), corpus_stats=STATS)[0]
    rules = rule_table()["rules"]
    rows_of = {p.index: {i.row for i in p.indicators} for p in doc.projects}
    for f in report.findings:
        assert f.rule in rules and f.severity in ("error", "warning", "info")
        assert f.message and f.fix and "{" not in f.message and "{" not in f.fix
        assert f.project_index in rows_of
        assert f.row is None or f.row in rows_of[f.project_index]
        json.dumps(f.to_dict(), ensure_ascii=False)
    assert report.summary["total"] == len(report.findings)
