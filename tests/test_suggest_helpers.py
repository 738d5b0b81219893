"""Small hand-built documents for the suggestion and drafting tests (helpers only: no tests here).

Thresholds are written out by hand (not parsed) so that these tests check the suggestion
logic, not the threshold parser. The rows imitate the shipped seeds: the same satisfaction
indicator at ≥90% in most tables and ≥60% in one, cost as qualitative text, and so on.
"""
from __future__ import annotations

from classifier.core.records import Document, Indicator, Location, Project
from classifier.vocabulary.thresholds import Threshold

# value text → Threshold, written by hand
VALUES = {
    "≥90%": Threshold(raw="≥90%", direction=">=", value=90.0, unit="%", kind="rate"),
    "≥95%": Threshold(raw="≥95%", direction=">=", value=95.0, unit="%", kind="rate"),
    "≥60%": Threshold(raw="≥60%", direction=">=", value=60.0, unit="%", kind="rate"),
    "≥85%": Threshold(raw="≥85%", direction=">=", value=85.0, unit="%", kind="rate"),
    "100%": Threshold(raw="100%", direction="=", value=100.0, unit="%", kind="rate"),
    "≥2场": Threshold(raw="≥2场", direction=">=", value=2.0, unit="场", kind="count"),
    "≥3场": Threshold(raw="≥3场", direction=">=", value=3.0, unit="场", kind="count"),
    "≥100人次": Threshold(raw="≥100人次", direction=">=", value=100.0, unit="人次", kind="count"),
    "≤30万元": Threshold(raw="≤30万元", direction="<=", value=30.0, unit="万元", kind="money"),
    "在预算指标内支出为合格": Threshold(raw="在预算指标内支出为合格", kind="qualitative", text="在预算指标内支出为合格"),
    "12月底前": Threshold(raw="12月底前", direction="<=", kind="deadline",
                         deadline={"year": None, "month": 12, "day": None}),
    "显著提升": Threshold(raw="显著提升", kind="qualitative", text="显著提升"),
    "无": Threshold(raw="无", kind="missing", issues=("placeholder",)),
}

LABELS = {
    "服务对象满意度": "satisfaction",
    "群众满意度": "satisfaction",
    "举办招商引资活动数量": "quantity",
    "培训人次": "quantity",
    "工程质量合格率": "quality",
    "完工及时率": "timeliness",
    "成本开支": "cost",
    "项目总成本": "cost",
    "招商引资规模增长率": "economic",
    "为企业提供优质环境": "social",
    "项目资金支付率": "budget_execution",
    "环境影响": "ecological",
}


def indicator(row, level1, level2, name, value, basis="本单位年初计划安排", path="x.txt"):
    return Indicator(
        row=row, level1_raw=level1, level1=level1, level1_inherited=False, level2_raw=level2, level2=level2,
        level2_inherited=False, name_raw=name, name=name, description_raw=name + "说明", description=name + "说明",
        value_raw=value, basis_raw=basis, basis_category="计划标准" if basis else None,
        threshold=VALUES[value], location=Location(path=path, line_start=row * 7, line_end=row * 7 + 6),
    )


def project(index, name, purpose, rows, path):
    inds = [indicator(n, *r, path=path) for n, r in enumerate(rows, start=1)]
    return Project(
        index=index, title=name + "绩效目标表", name=name, code=None, code_raw="", agency="测试单位",
        budget_total=30.0, budget_total_raw="30.00", budget_fiscal=30.0, budget_fiscal_raw="30.00",
        budget_other=None, budget_other_raw="", purpose=purpose, spending_plan={}, goals=[purpose],
        indicators=inds, location=Location(path=path, line_start=1, line_end=100),
    )


INVEST = [
    ("产出指标", "数量指标", "举办招商引资活动数量", "≥2场"),
    ("产出指标", "质量指标", "工程质量合格率", "100%"),
    ("产出指标", "时效指标", "完工及时率", "≥90%"),
    ("产出指标", "成本指标", "成本开支", "在预算指标内支出为合格"),
    ("产出指标", "成本指标", "项目资金支付率", "≥60%"),
    ("效益指标", "经济效益指标", "招商引资规模增长率", "≥85%"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
]
TRAINING = [
    ("产出指标", "数量指标", "培训人次", "≥100人次"),
    ("产出指标", "时效指标", "完工及时率", "12月底前"),
    ("产出指标", "成本指标", "项目总成本", "≤30万元"),
    ("效益指标", "社会效益指标", "为企业提供优质环境", "显著提升"),
    ("效益指标", "生态效益指标", "环境影响", "无"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
]


def documents():
    """Three documents, five tables: three 招商 tables, two 培训 tables."""
    a = Document(doc_id="docA", source_path="a.txt", format="txt", encoding="utf-8", agency="测试单位",
                 agency_code=None, budget_year=2022, projects=[
                     project(1, "招商引资专项经费", "举办招商推介活动，引进重点产业项目", INVEST, "a.txt"),
                     project(2, "干部业务培训经费", "组织干部业务培训，提升服务企业能力", TRAINING, "a.txt"),
                 ])
    invest_b = [r if r[2] != "服务对象满意度" else r[:3] + ("≥95%",) for r in INVEST]
    b = Document(doc_id="docB", source_path="b.txt", format="txt", encoding="utf-8", agency="测试单位",
                 agency_code=None, budget_year=2023, projects=[
                     project(1, "国际招商组招商经费", "开展招商引资活动，引进外资项目", invest_b, "b.txt"),
                 ])
    invest_c = [r if r[2] != "服务对象满意度" else r[:3] + ("≥60%",) for r in INVEST]
    c = Document(doc_id="docC", source_path="c.txt", format="txt", encoding="utf-8", agency="测试单位",
                 agency_code=None, budget_year=2024, projects=[
                     project(1, "招商推介活动经费", "举办招商推介会，签约产业项目", invest_c, "c.txt"),
                     project(2, "企业人才培训经费", "培训企业人才，组织业务培训班", TRAINING, "c.txt"),
                 ])
    return [a, b, c]
