"""One direction vocabulary: `zhibiao check` and the audit's R11 agree on which way is better."""
from __future__ import annotations

import pytest

from classifier.auditing.api import audit
from classifier.suggestion.check import check_threshold
from classifier.vocabulary.polarity import name_polarity
from classifier.vocabulary.thresholds import parse_threshold
from test_audit_rules import make_doc, make_project, row

# (name, 二级, value): rates and money whose direction the name settles
CASES = [
    ("人员流失率", "质量指标", "≥5%"), ("人员流失率", "质量指标", "≤5%"),
    ("设备故障率", "质量指标", "≥2%"), ("设备故障率", "质量指标", "≤2%"),
    ("故障及时处理率", "时效指标", "≥95%"), ("故障及时处理率", "时效指标", "≤95%"),
    ("服务对象满意度", "服务对象满意度指标", "≤90%"), ("服务对象满意度", "服务对象满意度指标", "≥90%"),
    ("群众投诉率", "社会效益指标", "≥1%"), ("资金到位率", "质量指标", "≤100%"),
    ("验收合格率", "质量指标", "≥98%"), ("不合格率", "质量指标", "≥3%"),
    # a rate of paying out money due is a rate to raise, though its name holds a cost word
    ("经费应发尽发率", "质量指标", "≥100%"), ("城乡居民医保参保工作经费应发尽发率", "质量指标", "≤100%"),
    ("奖补资金兑付率", "质量指标", "≥100%"), ("补助资金发放率", "质量指标", "≥95%"),
    ("专项资金拨付率", "时效指标", "≥90%"), ("项目资金执行率", "质量指标", "≥90%"),
    ("结余率", "质量指标", "≤5%"), ("结余率", "质量指标", "≥5%"),
]


def _r11_flags(name, level2, value):
    level1 = "满意度指标" if "满意度" in level2 else ("效益指标" if "效益" in level2 else "产出指标")
    doc = make_doc(make_project([row(level1, level2, name, parse_threshold(value))]))
    return any(f.rule == "R11" for f in audit(doc, model=False, regime="legacy").findings)


@pytest.mark.parametrize("name, level2, value", CASES)
def test_check_and_audit_agree_on_the_direction(name, level2, value):
    checked = check_threshold(name, value)
    assert checked.direction_ok is not None, "the name settles the direction"
    assert _r11_flags(name, level2, value) == (not checked.direction_ok), (name, value, checked.expected_direction)
    if not checked.direction_ok:  # the verdict says so too: never "typical" or "stricter" for a reversed target
        assert checked.verdict == "other_form" and "方向写反" in checked.messages[0]
    else:
        assert "方向写反" not in " ".join(checked.messages)


def test_the_word_that_ends_the_name_decides():
    assert name_polarity("人员流失率").direction == "lower"
    assert name_polarity("故障及时处理率").direction == "higher"  # a timeliness rate, not a failure count
    assert name_polarity("不满意率").direction == "lower"  # the longer word wins a tie
    assert name_polarity("运营成本节约率").direction == "higher"  # a saving
    assert name_polarity("培训人数") is None


@pytest.mark.parametrize("name", ["经费应发尽发率", "奖补资金兑付率", "补助资金发放率", "专项资金拨付率", "资金到位率",
                                  "项目资金执行率", "预算资金拨款率", "惠民资金兑现率", "预算资金当年下达率"])
def test_a_rate_of_paying_out_money_is_higher_is_better(name):
    polarity = name_polarity(name)
    assert polarity.direction == "higher" and polarity.kind == "higher", polarity
    assert check_threshold(name, "≥100%").direction_ok is True
    assert not _r11_flags(name, "质量指标", "≥100%")


def test_money_itself_stays_lower_is_better():
    for name in ("培训经费", "项目资金", "人均经费", "结余率"):
        assert name_polarity(name).direction == "lower", name
