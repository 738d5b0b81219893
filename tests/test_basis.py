"""指标值确定依据 → national category: every distinct basis string in the seeds, and the decisions."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.vocabulary.basis import BASIS_CATEGORIES, explain_basis, map_basis, map_basis_for

# Every distinct 指标值确定依据 text in the seed documents' tables (corpus/raw, first occurrence),
# with the category decided by hand.
SEED_BASES = [
    ("本单位年初计划安排", "计划标准"),            # 000:120, 43 rows
    ("无", None),                                  # 000:436, placeholder
    ("", None),                                    # 000:204, empty cells
    (" ", None),                                   # 000:212
    ("实际完成招商业务及项目建设数量", None),      # 001:73  - describes the measure, names no source
    ("各项费用实际开支数", None),                  # 001:80
    ("招商业务及项目建设资金到位数", None),        # 001:87
    ("按时拨付资金需求数", None),                  # 001:94
    ("各项经济指标实际完成金额", None),            # 001:101
    ("招商业务及项目建设提供全方位的需求", None),  # 001:108
    ("就业人数完成目标任务及高新技术企业完成比例", None),  # 001:115 - 目标任务 is part of the measure
    ("群众满意度", None),                          # 001:122
    ("关于做好2023年度安可应用替代工作的通知", "计划标准"),  # 002:79 - a higher-level document
    ("年初预算安排", "计划标准"),                  # 002:175, 22 rows (area, count, satisfaction …)
    ("年初工作计划", "计划标准"),                  # 003:86
    ("完成优秀", None),                            # 003:128
    ("年初工作安排", "计划标准"),                  # 003:189
    ("服务对象评价满意", None),                    # 003:238
    ("各项指标对象满意", None),                    # 003:341
    ("工作目标", "计划标准"),                      # 004:93
    ("工作经验", "历史标准"),                      # 004:114, 48 rows
    ("合同约定", "其他标准"),                      # 004:201
    ("合同规定", "其他标准"),                      # 004:425
    ("年度目标", "计划标准"),                      # 004:643
    ("工作要求", "计划标准"),                      # 004:650
    ("文件要求", "计划标准"),                      # 004:857
    ("工作计划", "计划标准"),                      # 004:1178
    ("年度计划", "计划标准"),                      # 004:1296
]


@pytest.mark.parametrize("raw, expected", SEED_BASES)
def test_seed_bases(raw, expected):
    assert map_basis(raw) == expected


def test_every_seed_basis_is_covered(seed_paths):
    """No basis text in the seed tables is missing from SEED_BASES."""
    from classifier.reading import read_document  # noqa: PLC0415 - the reader is another area

    seen = {ind.basis_raw.strip() for path in seed_paths for _p, ind in read_document(path).iter_indicators()}
    assert seen <= {raw.strip() for raw, _ in SEED_BASES}


@pytest.mark.parametrize("raw, expected", [
    ("历史数据", "历史标准"), ("往年完成情况", "历史标准"), ("上年实际", "历史标准"), ("近三年平均值", "历史标准"),
    ("行业标准", "行业标准"), ("国家标准GB50300", "行业标准"), ("施工验收规范", "行业标准"),
    ("预算支出标准", "预算支出标准"), ("差旅费开支标准", "预算支出标准"), ("定额标准", "预算支出标准"),
    ("计划标准", "计划标准"), ("其他标准", "其他标准"), ("历史标准", "历史标准"),
    ("按照《河北省开发区条例》", "计划标准"), ("冀财预〔2021〕12号", "计划标准"),
    ("关于印发2022年招商工作方案的通知", "计划标准"), ("上级下达任务", "计划标准"),
    ("采购合同", "其他标准"), ("框架协议", "其他标准"),
    ("年 初 计 划\n安排", "计划标准"), ("——", None), ("/", None), ("待定", None),
    ("实际完成数/计划数", None),  # a formula for the measure, not a source
])
def test_more_bases(raw, expected):
    assert map_basis(raw) == expected


def test_reasons_are_given():
    category, reason = explain_basis("合同约定")
    assert category == "其他标准" and "contract" in reason
    assert explain_basis("完成优秀") == (None, explain_basis("群众满意度")[1])
    assert explain_basis("")[0] is None


def test_budget_reference_on_cost_rows_is_the_expenditure_standard():
    assert map_basis_for("年初预算安排", level2="成本指标") == "预算支出标准"
    assert map_basis_for("年初预算安排", level2="经济成本指标") == "预算支出标准"
    assert map_basis_for("年初预算安排", kind="money") == "预算支出标准"
    assert map_basis_for("年初预算安排", level2="数量指标", kind="area") == "计划标准"
    assert map_basis_for("年初工作计划", level2="成本指标") == "计划标准"
    assert map_basis_for("工作经验", level2="成本指标") == "历史标准"
    assert map_basis_for("无", level2="成本指标") is None


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.text(max_size=50)))
def test_never_raises(raw):
    assert map_basis(raw) in BASIS_CATEGORIES + (None,)
    assert map_basis_for(raw, level2=raw if isinstance(raw, str) else None) in BASIS_CATEGORIES + (None,)
