"""Threshold parser: real 指标值 strings (tests/data/threshold_cases.tsv) and properties."""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from classifier.core.paths import load_data_json
from classifier.vocabulary.thresholds import DIRECTIONS, KINDS, Threshold, chinese_to_number, parse_threshold

CASES_PATH = Path(__file__).parent / "data" / "threshold_cases.tsv"


def _load_cases() -> list[dict[str, str]]:
    lines = [ln for ln in CASES_PATH.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for ln in lines[1:]:
        cells = ln.split("\t")
        assert len(cells) == len(header), ln
        rows.append(dict(zip(header, cells)))
    return rows


CASES = _load_cases()


def _none(cell: str) -> str | None:
    return None if cell == "-" else cell


def test_case_table_is_big_enough_and_traced():
    assert len(CASES) >= 60
    seed_rows = [c for c in CASES if c["source"][:3].isdigit()]
    assert len(seed_rows) >= 60  # every distinct seed 指标值 is in the table
    raw_dir = Path(__file__).resolve().parent.parent / "corpus" / "raw"
    for case in seed_rows:  # the source line really holds that value
        prefix, line = case["source"].split(":")
        (path,) = raw_dir.glob(f"{prefix}_*.txt")
        text = path.read_text(encoding="utf-8").splitlines()[int(line) - 1]
        raw = "" if case["raw"] == "<empty>" else case["raw"]
        assert text == "\t" + raw, case
    for case in CASES:  # prose fragments occur in the stated line
        if case["source"].startswith("prose:"):
            _, prefix, line = case["source"].split(":")
            (path,) = raw_dir.glob(f"{prefix}_*.txt")
            assert case["raw"] in path.read_text(encoding="utf-8").splitlines()[int(line) - 1], case


@pytest.mark.parametrize("case", CASES, ids=[c["raw"] for c in CASES])
def test_real_values(case):
    raw = "" if case["raw"] == "<empty>" else case["raw"]
    t = parse_threshold(raw)
    assert t.raw == raw
    assert t.direction == case["direction"]
    value = _none(case["value"])
    assert t.value == (None if value is None else float(value))
    value_max = _none(case["value_max"])
    assert t.value_max == (None if value_max is None else float(value_max))
    assert t.unit == _none(case["unit"])
    assert t.kind == case["kind"]
    deadline = _none(case["deadline"])
    if deadline is None:
        assert t.deadline is None
    else:
        y, m, d = (None if p == "-" else int(p) for p in deadline.split("/"))
        assert t.deadline == {"year": y, "month": m, "day": d}
    boolean = _none(case["boolean"])
    assert t.boolean == (None if boolean is None else boolean == "True")
    issues = _none(case["issues"])
    assert t.issues == (tuple(issues.split(",")) if issues else ())
    if case["text"] != "*":
        assert t.text == _none(case["text"])


def test_glued_semicolon_text_is_kept():
    t = parse_threshold("≥90增加就业人数；科技企业占比")
    assert "增加就业人数" in t.text and "科技企业占比" in t.text


@pytest.mark.parametrize("raw, value, unit", [
    ("≥1亿元", 1, "亿元"), ("2.5万元", 2.5, "万元"), ("3万人次", 30000, "人次"),
    ("1.2万平方米", 12000, "平方米"), ("5千人", 5000, "人"), ("2万", 20000, None),
])
def test_multipliers_apply_to_non_money_units_only(raw, value, unit):
    t = parse_threshold(raw)
    assert (t.value, t.unit) == (value, unit)


@pytest.mark.parametrize("raw, direction", [
    ("大于90%", ">="), ("超过90%", ">"), ("高于90%", ">"), ("90%以上", ">="), ("不低于90%", ">="),
    ("至少3场", ">="), ("达到95%", ">="), ("小于5%", "<="), ("低于5%", "<"), ("5%以下", "<="),
    ("控制在5%以内", "<="), ("不高于120元", "<="), ("不超2000万元", "<="), ("＞90％", ">"), ("＜5％", "<"),
    ("≧90%", ">="), ("<=5%", "<="), ("=100%", "="), ("大于或等于90%", ">="),
])
def test_direction_words(raw, direction):
    t = parse_threshold(raw)
    assert t.direction == direction
    assert t.value is not None and t.issues == ()


@pytest.mark.parametrize("raw, deadline, direction", [
    ("二〇二三年底前", (2023, 12, None), "<="), ("十二月底前", (None, 12, None), "<="),
    ("2023-12-31", (2023, 12, 31), "<="), ("于2023年6月完成", (2023, 6, None), "<="),
    ("一季度", (None, 3, None), "<="), ("2023年以后", (2023, None, None), ">="),
])
def test_deadlines(raw, deadline, direction):
    t = parse_threshold(raw)
    assert t.kind == "deadline"
    assert (t.deadline["year"], t.deadline["month"], t.deadline["day"]) == deadline
    assert t.direction == direction


def test_durations_are_not_deadlines():
    assert parse_threshold("18个月").kind == "duration"
    assert parse_threshold("3年").kind == "duration"
    within = parse_threshold("3个工作日内")
    assert (within.direction, within.value, within.unit, within.kind) == ("<=", 3, "工作日", "duration")


def test_number_after_a_late_direction_symbol_is_the_target():
    t = parse_threshold("2023年度招商额≥5亿")
    assert (t.direction, t.value, t.unit) == (">=", 5, "亿元")


def test_placeholder_where_the_number_goes():
    t = parse_threshold("≥xx人")
    assert (t.direction, t.value, t.unit, t.kind) == (">=", None, "人", "count")
    assert t.issues == ("placeholder", "number_missing")
    assert parse_threshold("≥").issues == ("number_missing",)


def test_a_numeral_inside_prose_is_not_a_target():
    t = parse_threshold("在重点产业引进一批战略支撑项目")
    assert t.value is None and t.kind == "qualitative"


@pytest.mark.parametrize("text, number", [
    ("九十", 90), ("两", 2), ("十二", 12), ("三百", 300), ("一万二千", 12000), ("九十五点五", 95.5),
    ("二〇二三", 2023), ("十", 10), ("一百零五", 105), ("三亿", 300000000), ("abc", None), ("", None),
])
def test_chinese_numerals(text, number):
    assert chinese_to_number(text) == number


@pytest.mark.parametrize("raw", [
    None, 0, 90, 0.5, float("nan"), float("inf"), -3, b"\xff\xfe\xe2", bytearray(b"90%"), [], {}, object(),
    "x" * 100_000, "≥" * 50_000, "9" * 5000, "😀≥90%🎉", "\x00\x01≥\x0290%", "\u200b", "１２３４５", "1" + "0" * 400 + "%",
    "百分之" * 1000, "-" * 10_000, "9." * 10_000,
])
def test_never_raises_on_odd_input(raw):
    t = parse_threshold(raw)
    assert isinstance(t, Threshold)
    assert t.direction in DIRECTIONS and t.kind in KINDS


def test_numbers_and_bytes_are_read_as_text():
    assert parse_threshold(90).value == 90
    assert parse_threshold(bytearray("≥90%".encode())).unit == "%"
    assert parse_threshold(None).issues == ("empty",)


def test_to_dict_round_trip():
    t = parse_threshold("2023年12月31日前")
    assert Threshold.from_dict(t.to_dict()) == t


# ---- properties -----------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_never_raises_on_arbitrary_text(text):
    t = parse_threshold(text)
    assert t.direction in DIRECTIONS
    assert t.kind in KINDS
    assert t.raw == text
    for v in (t.value, t.value_max):
        assert v is None or isinstance(v, float)
    if t.direction == "range":
        assert t.value is not None and t.value_max is not None and t.value <= t.value_max
    assert (t.kind == "deadline") == (t.deadline is not None)
    assert (t.kind == "boolean") == (t.boolean is not None)


_VALUE_ALPHABET = list("0123456789.,-~%％≥≤><=年月日底前后内以上下万亿千百十一二两三九〇点元人次个平方米/每X*—无是否超不低于少过至到(含)且，")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_VALUE_ALPHABET + ["百分之", "不少于", "个工作日", "万元", "标箱", "第四季度"]),
                max_size=14).map("".join))
def test_never_raises_on_value_like_text(text):
    """Text made of the pieces real values are made of reaches every branch of the parser."""
    t = parse_threshold(text)
    assert "unparsed" not in t.issues
    if t.direction == "range":
        assert t.value <= t.value_max


_SYMBOLS = {">=": ["≥", ">=", "＞＝", "不低于", "不少于", "大于等于", "至少"],
            ">": [">", "超过", "高于"],
            "<=": ["≤", "<=", "不超过", "不高于", "小于等于"],
            "<": ["<", "低于"],
            "=": ["", "="]}
_SUFFIXES = {">=": ["以上", "及以上"], "<=": ["以内", "以下"]}


def _unit_spellings():
    spellings = []
    for entry in load_data_json("units.json")["units"]:
        for alias in entry["aliases"]:
            spellings.append((alias, entry["unit"], entry["kind"]))
    return spellings


_UNITS = _unit_spellings()


@st.composite
def well_formed(draw):
    direction = draw(st.sampled_from(sorted(_SYMBOLS)))
    use_suffix = direction in _SUFFIXES and draw(st.booleans())
    word = draw(st.sampled_from(_SUFFIXES[direction] if use_suffix else _SYMBOLS[direction]))
    number = draw(st.one_of(st.integers(0, 100_000).map(float),
                            st.decimals(0, 10_000, places=2, allow_nan=False).map(float)))
    spelling, unit, kind = draw(st.sampled_from(_UNITS))
    number_text = f"{number:.2f}".rstrip("0").rstrip(".")
    # 2023年 / 12月 are dates, not durations: a documented reading, excluded here
    assume(not (unit == "年" and 1900 <= number < 2100 and number.is_integer()))
    assume(not (unit == "月" and 1 <= number <= 12 and number.is_integer()))
    assume(not (spelling == "亿"))  # a bare 亿 is read as 亿元 (documented)
    multiplier, factor = "", 1
    if kind not in ("money", "rate") and draw(st.booleans()):
        multiplier, factor = draw(st.sampled_from([("万", 10_000), ("亿", 100_000_000), ("千", 1000)]))
        # 千米 is a unit of its own (公里), not 1000 米
        assume(multiplier + spelling not in {alias for alias, _u, _k in _UNITS})
    text = (f"{number_text}{multiplier}{spelling}{word}" if use_suffix
            else f"{word}{number_text}{multiplier}{spelling}")
    return text, direction, float(number_text) * factor, unit, kind


@settings(max_examples=400, deadline=None)
@given(well_formed())
def test_round_trip_of_well_formed_values(case):
    text, direction, number, unit, kind = case
    t = parse_threshold(text)
    assert t.direction == direction, t
    assert t.unit == unit, t
    assert t.kind == kind, t
    assert math.isclose(t.value, number), t
    assert t.issues == (), t


@pytest.mark.parametrize("raw, direction, value, value_max, unit", [
    ("≥90%且≤95%", "range", 90, 95, "%"),
    ("不低于90%，不超过95%", "range", 90, 95, "%"),
    ("≤5%,≥1%", "range", 1, 5, "%"),
    ("95%-90%", "range", 90, 95, "%"),
    ("3~5个工作日", "range", 3, 5, "工作日"),
    ("1-2次", "range", 1, 2, "次"),
])
def test_ranges_and_two_bounds(raw, direction, value, value_max, unit):
    t = parse_threshold(raw)
    assert (t.direction, t.value, t.value_max, t.unit) == (direction, value, value_max, unit)


@pytest.mark.parametrize("raw, value, unit, text", [
    ("2023年完成3个", 3, "个", "2023年完成"),      # a leading year is context
    ("人均≤500元", 500, "元", "人均"),
    ("≤500元/人", 500, "元/人", None),
    ("2次/月", 2, "次/月", None),
    ("提高5个百分点", 5, "百分点", "提高"),
    ("百分百", 100, "%", None),
    ("百分之90", 90, "%", None),
    ("三万人", 30000, "人", None),
    ("0起", 0, "起", None),
    ("100%完成", 100, "%", "完成"),
])
def test_more_forms(raw, value, unit, text):
    t = parse_threshold(raw)
    assert (t.value, t.unit, t.text) == (value, unit, text)
    assert t.issues == ()


@pytest.mark.parametrize("raw", ["十分满意", "两个确保", "零事故", "一流水平", "按期完成"])
def test_words_starting_with_a_numeral_stay_qualitative(raw):
    t = parse_threshold(raw)
    assert (t.kind, t.value, t.text) == ("qualitative", None, raw)


@pytest.mark.parametrize("raw, boolean", [("是", True), ("否", False), ("有", True), ("是。", True), (" 否 ", False)])
def test_booleans(raw, boolean):
    t = parse_threshold(raw)
    assert (t.kind, t.boolean) == ("boolean", boolean)


def test_results_do_not_share_mutable_state():
    first = parse_threshold("12月底前")
    first.deadline["month"] = 1
    assert parse_threshold("12月底前").deadline == {"year": None, "month": 12, "day": None}


def test_money_units_convert_through_one_table():
    from classifier.vocabulary.thresholds import money_in_wan, wan_in

    assert money_in_wan(20000, "元") == 2.0 and money_in_wan(1.5, "亿元") == 15000.0 and money_in_wan(30, "万元") == 30
    assert money_in_wan(120, "元/人") is None and money_in_wan(None, "万元") is None and money_in_wan(3, "人") is None
    assert wan_in(2.0, "元") == 20000 and wan_in(30, None) == 30
