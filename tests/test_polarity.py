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
