"""normalize_text / segment: what the classifier and the other modules rely on."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.vocabulary.segmentation import MAX_TEXT_CHARS, has_cjk, normalize_text, segment


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("【新增】服务对象满意度", "服务对象满意度"),
        ("服务对象满意度（%）", "服务对象满意度"),
        ("安全运行天数（**天）", "安全运行天数"),
        ("举办招商引资活动数量（个）", "举办招商引资活动数量"),
        ("招商活动的签约项目金额（亿元）", "招商活动的签约项目金额"),
        ("（一）任务完成率", "任务完成率"),
        ("一、任务完成率", "任务完成率"),
        ("1.任务完成率", "任务完成率"),
        ("2、任务完成率", "任务完成率"),
        ("(3)任务完成率", "任务完成率"),
        ("①项目资金支付率", "项目资金支付率"),
        ("**", ""),
        ("培训＊＊人次", "培训人次"),
        ("ＡＢＣ　满意度", "abc 满意度"),
        ("  完工及时率\n", "完工及时率"),
    ],
)
def test_normalize_strips_marks_numbering_units_and_full_width(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_keeps_meaningful_brackets_and_decimals():
    assert normalize_text("实际达成合作意向数（以签订备忘录或协议为准）") == "实际达成合作意向数(以签订备忘录或协议为准)"
    assert normalize_text("1.5亿元产值") == "1.5亿元产值"


@pytest.mark.parametrize("term", ["服务对象满意度", "完工及时率", "预算执行率", "验收合格率"])
def test_domain_terms_stay_whole(term):
    assert segment(term) == [term]
    assert term in segment(f"设备{term}") or term in segment(f"开发区{term}")


def test_segment_words_of_a_long_name():
    assert segment("项目资金支付率") == ["项目", "资金支付率"]
    assert "及时率" in segment("维修及时率")


def test_segment_is_deterministic_and_drops_punctuation():
    text = "完成省、市下达任务情况（%）"
    first = segment(text)
    assert all(segment(text) == first for _ in range(3))
    assert "、" not in first and "(" not in first


def test_private_tokenizer_leaves_global_jieba_alone():
    import jieba

    from classifier.vocabulary import segmentation

    segment("服务对象满意度")
    assert segmentation._tokenizer is not jieba.dt
    assert "服务对象满意度" not in jieba.dt.FREQ  # our words never leak into the global one


def test_jieba_cache_lives_in_the_zhibiao_cache_dir():
    from classifier.vocabulary import segmentation
    from classifier.core.paths import cache_dir

    segment("预算执行率")
    import tempfile
    from pathlib import Path

    assert segmentation._tokenizer.tmp_dir == str(cache_dir())
    # not jieba's default, the shared temp folder itself (where every user's cache collides)
    assert Path(cache_dir()).resolve() != Path(tempfile.gettempdir()).resolve()
    assert any(cache_dir().glob("jieba*.cache"))


@pytest.mark.parametrize("bad", [None, "", "   \t\n", "😀🎉", "!!!", 12.5])
def test_bad_input_gives_a_list_never_an_error(bad):
    tokens = segment(bad)
    assert isinstance(tokens, list)
    assert all(isinstance(t, str) and t.strip() for t in tokens)


def test_long_text_is_cut_before_segmenting():
    start = time.perf_counter()
    tokens = segment("服务对象满意度" * 20_000)  # 140,000 characters
    assert time.perf_counter() - start < 10  # generous: a guard against hanging, not a benchmark
    assert len(normalize_text("满" * 100_000)) == MAX_TEXT_CHARS
    assert sum(len(t) for t in tokens) <= MAX_TEXT_CHARS


def test_has_cjk():
    assert has_cjk("abc满意度") and not has_cjk("hello 123 😀") and not has_cjk("")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_normalize_is_idempotent_and_segment_never_fails(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert len(once) <= MAX_TEXT_CHARS
    assert all(tok and not tok.isspace() for tok in segment(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("培训人次（人次）", ["人次"]),
        ("补助标准（元/人）", ["元/人"]),
        ("（一）服务对象满意度（%）", ["一", "%"]),
        ("签约率(以签订备忘录或协议为准)", []),  # long bracket: words, not a unit
        ("完工及时率", []),
        (None, []),
    ],
)
def test_bracket_contents_finds_the_short_brackets_a_unit_is_written_in(text, expected):
    from classifier.vocabulary.segmentation import bracket_contents

    assert bracket_contents(text) == expected


@pytest.mark.parametrize("raw", ["安全生产事故（起）", "购置设备（台套）", "政务外网带宽（Mbps）", "培训补贴（元/学时）", "路灯改造（盏）"])
def test_every_unit_of_the_units_table_is_stripped_from_a_name_bracket(raw):
    # the bracket units come from classifier/data/units.json, the table the 指标值 parser reads
    assert normalize_text(raw) == normalize_text(raw.split("（")[0])
