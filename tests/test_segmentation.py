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
    tokenizer = segmentation._get_tokenizer()  # the jieba reference (rjieba may have cut the text)
    assert tokenizer is not jieba.dt
    assert "服务对象满意度" in tokenizer.FREQ
    assert "服务对象满意度" not in jieba.dt.FREQ  # our words never leak into the global one


def test_jieba_cache_lives_in_the_zhibiao_cache_dir():
    from classifier.vocabulary import segmentation
    from classifier.core.paths import cache_dir

    tokenizer = segmentation._get_tokenizer()
    import tempfile
    from pathlib import Path

    assert tokenizer.tmp_dir == str(cache_dir())
    assert (cache_dir() / segmentation.TOKENIZER_CACHE_FILE).is_file()
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


# ---------------------------------------------------------------- the cached dictionary, rjieba


def test_the_cached_dictionary_is_the_one_jieba_builds(tmp_path):
    """The private tokenizer read back from its cache holds exactly the words, frequencies and
    total that jieba builds from its dictionary and the domain dictionary."""
    import jieba

    from classifier.vocabulary import segmentation

    cached = segmentation._get_tokenizer()
    built = jieba.Tokenizer()
    built.tmp_dir = str(tmp_path)
    built.initialize()
    built.load_userdict(str(segmentation.USER_DICT_FILE))
    assert cached.total == built.total and cached.FREQ == built.FREQ
    assert cached.user_word_tag_tab == built.user_word_tag_tab


def test_a_stale_or_broken_dictionary_cache_is_not_used(tmp_path):
    from classifier.vocabulary import segmentation

    path = tmp_path / "cache"
    path.write_bytes(b"not marshal data")
    assert segmentation._read_tokenizer_cache(path, segmentation._cache_key()) is None
    segmentation._write_tokenizer_cache(path, "an older key", segmentation._get_tokenizer())
    assert segmentation._read_tokenizer_cache(path, segmentation._cache_key()) is None  # made from other files
    segmentation._write_tokenizer_cache(path, segmentation._cache_key(), segmentation._get_tokenizer())
    freq, total, _ = segmentation._read_tokenizer_cache(path, segmentation._cache_key())
    assert total == segmentation._get_tokenizer().total and freq["完工及时率"] > 0


def _jieba_words(text: str) -> list[str]:
    from classifier.vocabulary import segmentation

    return [t for t in segmentation._get_tokenizer().cut(text, HMM=True) if segmentation._KEEP_TOKEN.search(t)]


def test_segment_gives_jieba_words_on_every_shipped_name_and_description():
    """Whichever tokenizer cuts a text (rjieba when installed, jieba otherwise), the words are
    jieba's, on every distinct name and description the project ships."""
    from shipped_texts import shipped_texts

    from classifier.vocabulary.segmentation import segment_normalized

    texts = shipped_texts()
    assert len(texts) > 5000
    differ = [t for t in texts if segment_normalized(t) != _jieba_words(t)]
    assert differ == []


def test_rjieba_cuts_the_texts_it_is_given_as_jieba_does():
    """rjieba (the optional fast path) against jieba (the reference): on every shipped text it is
    given, the same tokens; the texts it is not given are few, and for them rjieba differs
    indeed (``0-6岁``: rjieba ``0-6``, jieba ``0`` ``-`` ``6``)."""
    pytest.importorskip("rjieba")
    from shipped_texts import shipped_texts

    from classifier.vocabulary import segmentation

    fast = segmentation._fast_cut()
    assert fast is not None and segmentation.segmenter() == "rjieba"
    reference = segmentation._get_tokenizer()
    texts = shipped_texts()
    given = [t for t in texts if segmentation._fast_agrees(t)]
    assert len(given) > 0.99 * len(texts)
    assert [t for t in given if fast(t, True) != list(reference.cut(t, HMM=True))] == []
    kept_from_it = [t for t in texts if not segmentation._fast_agrees(t)]
    assert "0-6岁儿童健康管理数" in kept_from_it
    assert fast("0-6岁儿童健康管理数", True)[0] == "0-6" and list(reference.cut("0-6岁儿童健康管理数"))[:3] == ["0", "-", "6"]
    assert segmentation.segment_normalized("0-6岁儿童健康管理数")[:3] == ["0", "6", "岁"]  # "-" is no word


def test_rjieba_needs_jiebas_dictionary_total():
    """jieba adds a domain word's frequency to its total even when the word is in its dictionary
    (满意度 is); rjieba replaces it. Without the padding word making the totals equal, rjieba
    would cut some texts differently."""
    rjieba = pytest.importorskip("rjieba")
    from classifier.vocabulary import segmentation

    words = segmentation._user_words()
    pad = segmentation._total_pad(words)
    assert pad > 0
    unpadded = rjieba.Jieba()
    for word, freq, tag in words:
        unpadded.add_word(word, freq, tag)
    fast, reference = segmentation._fast_cut(), segmentation._get_tokenizer()
    # a text of characters whose route depends on the total: 三米 (24) against 三 + 米
    text = "属勤咨三米艾"
    assert fast(text, True) == list(reference.cut(text, HMM=True))
    assert unpadded.cut(text, True) != list(reference.cut(text, HMM=True))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="满意度及时率合格数量成本安全完成覆盖培训人次县级年度三米咨0123456789ab-+.%#&_ 、（）", max_size=24))
def test_rjieba_and_jieba_agree_on_made_up_text(text):
    pytest.importorskip("rjieba")
    from classifier.vocabulary.segmentation import normalize_text, segment_normalized

    normalized = normalize_text(text)
    assert segment_normalized(normalized) == _jieba_words(normalized)
