"""一级/二级 normalization, the two regimes, and the regime guess."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.vocabulary.levels import (
    REGIMES, guess_regime, is_valid_level1, is_valid_pair, normalize_level1, normalize_level2,
    regime_label, regime_levels,
)

# every distinct 一级 / 二级 spelling in the seed documents (corpus/raw), plus the brief's list
SEED_LEVEL1 = {
    "产出指标": "产出指标", "效益指标": "效益指标", "满意度指标": "满意度指标",
    "效果\n指标": "效益指标",          # corpus/raw/004, wrapped cell
    "产出\n指标 ": "产出指标",         # corpus/raw/004, wrapped cell with a trailing space
    "产出\n指标": "产出指标",
}
SEED_LEVEL2 = {
    "数量指标": "数量指标", "质量指标": "质量指标", "时效指标": "时效指标", "成本指标": "成本指标",
    "经济效益指标": "经济效益指标", "社会效益指标": "社会效益指标", "生态效益指标": "生态效益指标",
    "可持续影响指标": "可持续影响指标", "服务对象满意度指标": "服务对象满意度指标",
    "可持续性影响": "可持续影响指标",  # corpus/raw/004
}


@pytest.mark.parametrize("raw, expected", sorted(SEED_LEVEL1.items()))
def test_seed_level1_spellings(raw, expected):
    assert normalize_level1(raw) == expected


@pytest.mark.parametrize("raw, expected", sorted(SEED_LEVEL2.items()))
def test_seed_level2_spellings(raw, expected):
    assert normalize_level2(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("效果指标", "效益指标"), ("满意度", "满意度指标"), ("产出", "产出指标"), (" 成本\r\n指标 ", "成本指标"),
    ("一、产出指标", "产出指标"), ("产出指标：", "产出指标"), ("产 出 指 标", "产出指标"),
])
def test_level1_spellings(raw, expected):
    assert normalize_level1(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("产出数量", "数量指标"), ("产出质量", "质量指标"), ("产出时效", "时效指标"), ("进度指标", "时效指标"),
    ("产出成本", "成本指标"), ("环境效益", "生态效益指标"), ("环境效益指标", "生态效益指标"),
    ("可持续影响", "可持续影响指标"), ("可持续性影响", "可持续影响指标"),
    ("服务对象满意度", "服务对象满意度指标"), ("经济成本", "经济成本指标"), ("社会成本", "社会成本指标"),
    ("生态环境成本", "生态环境成本指标"), ("（1）数量指标", "数量指标"), ("ＸＹＺ指标", "XYZ指标"),
])
def test_level2_spellings(raw, expected):
    assert normalize_level2(raw) == expected


def test_unknown_text_comes_back_cleaned_not_rejected():
    assert normalize_level1("管理\n指标 ") == "管理指标"
    assert normalize_level2("  目标内容1 ") == "目标内容1"
    assert normalize_level1("") == "" and normalize_level2(None) == ""


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=40), st.integers()))
def test_normalizers_never_raise_and_leave_no_white_space(raw):
    for func in (normalize_level1, normalize_level2):
        out = func(raw)
        assert isinstance(out, str)
        assert not any(ch.isspace() for ch in out)


def test_regime_tables_follow_the_taxonomy():
    legacy, central = regime_levels("legacy"), regime_levels("central2021")
    assert legacy == {
        "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
        "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
        "满意度指标": ["服务对象满意度指标"],
    }
    assert central["产出指标"] == ["数量指标", "质量指标", "时效指标"]
    assert central["成本指标"] == ["经济成本指标", "社会成本指标", "生态环境成本指标"]
    assert central["效益指标"] == legacy["效益指标"] and central["满意度指标"] == legacy["满意度指标"]
    assert set(REGIMES) == {"legacy", "central2021"}
    assert "2021" in regime_label("central2021")


def test_regime_levels_returns_a_copy():
    regime_levels("legacy")["产出指标"].append("junk")
    assert "junk" not in regime_levels("legacy")["产出指标"]


def test_unknown_regime_is_a_clear_error():
    with pytest.raises(ValueError, match="未知的体系“2030”"):
        regime_levels("2030")


@pytest.mark.parametrize("level1, regime, valid", [
    ("产出指标", "legacy", True), ("成本指标", "legacy", False), ("成本指标", "central2021", True),
    ("效果指标", "legacy", True), ("产出\n指标", "central2021", True), ("管理指标", "legacy", False),
])
def test_is_valid_level1(level1, regime, valid):
    assert is_valid_level1(level1, regime) is valid


@pytest.mark.parametrize("level1, level2, regime, valid", [
    ("产出指标", "成本指标", "legacy", True),
    ("产出指标", "成本指标", "central2021", False),
    ("成本指标", "经济成本指标", "central2021", True),
    ("成本指标", "经济成本", "central2021", True),
    ("产出指标", "产出数量", "legacy", True),
    ("产出指标", "进度指标", "central2021", True),
    ("效果\n指标", "可持续性影响", "legacy", True),
    ("效益指标", "环境效益", "legacy", True),
    ("满意度指标", "服务对象满意度", "legacy", True),
    ("产出指标", "社会效益指标", "legacy", False),
    ("效益指标", "数量指标", "central2021", False),
    ("满意度指标", "质量指标", "legacy", False),
    ("管理指标", "数量指标", "legacy", False),
])
def test_is_valid_pair(level1, level2, regime, valid):
    assert is_valid_pair(level1, level2, regime) is valid


def test_guess_regime_legacy_from_cost_under_output():
    pairs = [("产出指标", "数量指标"), ("产出指标", "成本指标"), ("效益指标", "社会效益指标")]
    regime, reason = guess_regime(pairs)
    assert regime == "legacy" and "产出指标" in reason and "\n" not in reason


def test_guess_regime_central_from_cost_level1():
    pairs = [("产出指标", "数量指标"), ("成本指标", "经济成本指标"), ("成本指标", "社会成本"),
             ("满意度指标", "服务对象满意度指标")]
    regime, reason = guess_regime(pairs)
    assert regime == "central2021" and "2021" in reason


def test_guess_regime_majority_and_default():
    mixed = [("产出指标", "成本指标")] * 3 + [("成本指标", "经济成本指标")]
    assert guess_regime(mixed)[0] == "legacy"
    assert guess_regime([("产出指标", "成本指标"), ("成本指标", "经济成本指标")])[0] == "legacy"
    regime, reason = guess_regime([("产出指标", "数量指标")])
    assert regime == "legacy" and "默认" in reason
    assert guess_regime([])[0] == "legacy"


def test_guess_regime_accepts_a_document_like_object():
    class Ind:
        def __init__(self, l1, l2):
            self.level1, self.level2 = l1, l2

    class Doc:
        def iter_indicators(self):
            yield None, Ind("成本指标", "经济成本指标")
            yield None, Ind("产出指标", "数量指标")

    assert guess_regime(Doc())[0] == "central2021"


def test_guess_regime_on_the_seed_documents(seed_paths):
    """The five seed tables all file 成本指标 under 产出指标: legacy."""
    from classifier.reading import read_document  # noqa: PLC0415 - the reader is another area

    for path in seed_paths:
        doc = read_document(path)
        regime, _reason = guess_regime(doc)
        assert regime == "legacy", path


def test_an_object_whose_text_cannot_be_had_is_empty_and_a_bug_is_not_hidden():
    from classifier.vocabulary.thresholds import parse_threshold

    class Broken:
        def __str__(self):
            raise RuntimeError("no text")

    assert normalize_level1(Broken()) == "" and normalize_level2(Broken()) == ""
    assert parse_threshold(Broken()).issues == ("empty",)


def test_a_trailing_note_after_a_level_name_is_dropped():
    """Real tables write 数量指标(必填硬性指标), 时效指标（工期指标）, 服务对象满意度指标等: the
    level is still the level; a note on an unknown name leaves the name as it is."""
    from classifier.vocabulary.levels import normalize_level1, normalize_level2

    assert normalize_level2("数量指标(必填硬性指标)") == "数量指标"
    assert normalize_level2("时效指标（工期指标）") == "时效指标"
    assert normalize_level2("服务对象满意度指标等") == "服务对象满意度指标"
    assert normalize_level2("产出数量（必填）") == "数量指标"
    assert normalize_level1("产出指标(必填)") == "产出指标"
    assert normalize_level2("预算(或投资规模)控制指标") == "预算(或投资规模)控制指标"
    assert normalize_level2("监督检查指标(必填)") == "监督检查指标(必填)"
