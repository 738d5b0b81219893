"""Threshold parser: every 指标值 string becomes a structured :class:`Threshold`.

CONTRACT (other modules rely on it; keep the field names and value sets stable):

``direction``: one of ``">="``, ``">"``, ``"="``, ``"<"``, ``"<="``, ``"range"``, ``"none"``.
``value`` / ``value_max``: floats (``value_max`` only for ranges), None when absent.
万/亿 multipliers are applied to non-money units (``1.5万人`` → 15000, ``人``); money keeps
its own unit (``≥1亿`` → 1, ``亿元``; ``≤2000万元`` → 2000, ``万元``; ``≤120元`` → 120, ``元``).
``unit``: normalized unit or None (``%`` for 百分比/百分之…, ``元``, ``万元``, ``亿元``, ``人``,
``人次``, ``个``, ``次``, ``场``, ``天``, ``台``, ``平方米``, ``路``, ``P``, ``标箱`` …).
``kind``: one of ``rate``, ``count``, ``money``, ``area``, ``duration``, ``deadline``,
``boolean``, ``qualitative``, ``number`` (a bare number, no unit), ``measure`` (another
physical unit), ``missing`` (empty or placeholder).
``deadline``: ``{"year": int|None, "month": int|None, "day": int|None}`` or None.
``boolean``: True for 是, False for 否, else None.
``text``: the leftover qualitative text (or None).
``issues``: tuple of stable issue codes, e.g. ``number_missing``, ``number_glued_to_text``,
``placeholder``, ``empty``.

``parse_threshold`` never raises, whatever it is given.

Readings (decided here; rule tables in ``classifier/data/units.json``, ``directions.json``,
``placeholders.json``, ``numerals.json``, ``deadlines.json``):

- A number with no direction word is a target to meet exactly: direction ``=`` (``3台``,
  ``100%``). ``none`` is used only when there is no number (qualitative, missing).
- 大于/小于 → ``>=``/``<=`` (the domain primer; "大于90%为优" states a pass line); 以上/以下/以内
  include the number (``>=``/``<=``); 超过/超/高于 → ``>``, 低于/少于/不足 → ``<``.
- Two bounds make a range (``≥90%且≤95%``, ``不低于90%，不超过95%``); ``value`` ≤ ``value_max``.
- A per-unit value keeps its denominator in ``unit``: ``13万元/年`` (money), ``次/年`` (count);
  a denominator with a number (``5人/10万人``) makes the kind ``rate``.
- Deadlines: ``deadline`` holds what is written (``12月底前`` → month 12; ``2023年完成`` → year
  2023; ``年底前`` → month 12); direction ``<=`` ("by"), ``>=`` after 以后/之后. A 4-digit year
  followed by 年 is a date, other numbers with 年/月 are durations (``3年``, ``18个月``).
- 是/否 (and 有) are booleans; a bare 无 is a ``placeholder`` (kind ``missing``), never False or 0.
- ``number_glued_to_text``: a number with no unit directly followed by text
  (``≥90实际完成…比例``); kind is guessed from the text (比例/率/占比 → rate, 人数 → count …).
- ``text`` is the leftover wording: the text around the number (``服务对象满意度大于90%为优`` →
  ``服务对象满意度``; grade words such as 为优/为合格 are dropped), the whole value for
  qualitative values, None when nothing is left. Prefix and suffix are joined with ``…``.
- Chinese numerals are read before a unit, a direction word or the end (``不少于三十人``,
  ``两场``, ``百分之九十``), never inside a word (``十分满意``, ``一批项目`` stay text).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from classifier.core.paths import load_data_json
from classifier.core.records import DIRECTIONS, KINDS, Threshold

__all__ = ["DIRECTIONS", "KINDS", "ISSUE_CODES", "Threshold", "chinese_to_number", "money_in_wan", "parse_threshold",
           "wan_in"]

# ---------------------------------------------------------------------------
# Implementation. Rule tables: classifier/data/units.json, directions.json,
# placeholders.json, numerals.json, deadlines.json.
# ---------------------------------------------------------------------------
#: Issue codes this parser emits (stable).
ISSUE_CODES = (
    "empty",                 # nothing written
    "placeholder",           # 无, —, XX, *, /, 待定 … (or XX where the number should be)
    "number_missing",        # a unit (or a direction) with no number: 平方米, ≥%
    "number_glued_to_text",  # a number with no unit followed directly by description text
    "unparsed",              # internal failure, the raw text is kept as qualitative text
)

_NUMBER = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+"
_NUMBER_RE = re.compile(_NUMBER)
_RANGE_SEPARATORS = ("~", "-", "至", "到", "—", "–", "―", "－")


@lru_cache(maxsize=1)
def _rules() -> dict:
    units = load_data_json("units.json")
    directions = load_data_json("directions.json")
    placeholders = load_data_json("placeholders.json")
    numerals = load_data_json("numerals.json")
    deadlines = load_data_json("deadlines.json")

    alias_to_unit: dict[str, tuple[str, str]] = {}
    for entry in units["units"]:
        for alias in entry["aliases"]:
            alias_to_unit.setdefault(alias, (entry["unit"], entry["kind"]))
    multipliers = {k: Decimal(v) for k, v in units["multipliers"].items()}
    # every (multiplier + non-money unit) spelling, e.g. 万人 → (人, count, 10000)
    unit_spellings: dict[str, tuple[str, str, Decimal]] = {}
    for alias, (unit, kind) in alias_to_unit.items():
        unit_spellings[alias] = (unit, kind, Decimal(1))
    for mult, factor in multipliers.items():
        for alias, (unit, kind) in alias_to_unit.items():
            if kind != "money" and unit not in {"%", "‰", "百分点"}:
                unit_spellings.setdefault(mult + alias, (unit, kind, factor))
    unit_re = re.compile("|".join(re.escape(s) for s in sorted(unit_spellings, key=len, reverse=True)))
    mult_re = re.compile("|".join(re.escape(s) for s in sorted(multipliers, key=len, reverse=True)))

    def alternation(words) -> re.Pattern:
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))

    symbols = directions["symbols"]
    digits = numerals["digits"]
    cn_chars = "".join(digits) + "".join(numerals["small_units"]) + "".join(numerals["large_units"]) + "".join(numerals["point"])
    return {
        "unit_spellings": unit_spellings,
        "unit_re": unit_re,
        "mult_re": mult_re,
        "multipliers": multipliers,
        "symbols": symbols,
        "symbol_re": alternation(symbols),
        "prefix_words": directions["prefix_words"],
        "prefix_re": alternation(list(directions["prefix_words"]) + list(symbols)),
        "suffix_words": directions["suffix_words"],
        "suffix_re": alternation(directions["suffix_words"]),
        "helpers_re": alternation(directions["direction_helpers"]),
        "grade_re": alternation(directions["grade_words"]),
        "qual_words": directions["qualitative_words"],
        "qual_re": alternation(directions["qualitative_words"]),
        "glued_hints": directions["glued_kind_hints"],
        "placeholder_words": set(placeholders["words"]),
        "placeholder_chars": set(placeholders["placeholder_chars"]),
        "number_placeholder_re": re.compile(placeholders["number_placeholder_pattern"]),
        "digits": digits,
        "small_units": numerals["small_units"],
        "large_units": numerals["large_units"],
        "point": numerals["point"],
        "cn_number_re": re.compile("[" + re.escape(cn_chars) + "]+"),
        "percent_re": alternation(numerals["percent_prefix"]),
        "permille_re": alternation(numerals["permille_prefix"]),
        "fixed_phrases": numerals.get("fixed_phrases", {}),
        "booleans": placeholders["booleans"],
        "dl_lead_re": alternation(deadlines["lead_words"]),
        "dl_periods": deadlines["period_words"],
        "dl_period_re": alternation(deadlines["period_words"]),
        "dl_month_end_re": alternation([w for w in deadlines["month_end_words"] if w]),
        "dl_tail_re": alternation(deadlines["tail_words"]),
        "dl_after_re": alternation(deadlines["after_words"]),
    }


# ---- Chinese numerals ------------------------------------------------------

def chinese_to_number(text: str) -> float | None:
    """``九十`` → 90, ``两`` → 2, ``三百`` → 300, ``一万二千`` → 12000, ``九十五点五`` → 95.5,
    ``二〇二三`` → 2023. Returns None when ``text`` is not a Chinese numeral."""
    r = _rules()
    digits, small, large = r["digits"], r["small_units"], r["large_units"]
    if not text:
        return None
    integer_part, _, frac_part = text.partition(r["point"][0]) if r["point"] else (text, "", "")
    if any(ch not in digits for ch in frac_part):
        return None
    if integer_part and all(ch in digits for ch in integer_part):
        if len(integer_part) > 1 and integer_part[0] not in "两":
            value = Decimal(int("".join(str(digits[c]) for c in integer_part)))
        elif len(integer_part) == 1:
            value = Decimal(digits[integer_part])
        else:
            return None
    else:
        total, section, digit = 0, 0, None
        for ch in integer_part:
            if ch in digits:
                if digit is not None and digits[ch] != 0 and digit != 0:
                    return None  # two digits in a row with a unit system (一二十)
                digit = digits[ch]
            elif ch in small:
                section += (1 if digit is None else digit) * small[ch]
                digit = None
            elif ch in large:
                section += digit or 0
                if section == 0 and total == 0:
                    return None
                total = (total + section) * large[ch] if large[ch] > 10000 else total + section * large[ch]
                section, digit = 0, None
            else:
                return None
        if not integer_part:
            return None
        value = Decimal(total + section + (digit or 0))
    if frac_part:
        value += Decimal("0." + "".join(str(digits[c]) for c in frac_part))
    return float(value)


def _fmt(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _convert_chinese_numerals(body: str) -> str:
    """Rewrite 百分之X / 千分之X anywhere and a Chinese numeral at the start of ``body``
    when a unit, a direction word, the end, or a date word follows it."""
    r = _rules()

    def percent(match: re.Match, sign: str) -> str:
        number = chinese_to_number(match.group(2))
        return match.group(0) if number is None else _fmt(number) + sign

    cn = r["cn_number_re"].pattern
    for phrase, replacement in r["fixed_phrases"].items():
        body = body.replace(phrase, replacement)
    body = re.sub("(?:" + r["percent_re"].pattern + ")([0-9]+(?:\\.[0-9]+)?)", r"\1%", body)
    body = re.sub("(" + r["percent_re"].pattern + ")(" + cn + ")", lambda m: percent(m, "%"), body)
    body = re.sub("(" + r["permille_re"].pattern + ")(" + cn + ")", lambda m: percent(m, "‰"), body)
    lead = ""
    lm = r["prefix_re"].match(body)
    if lm:  # 不少于三十人
        lead, body = body[: lm.end()], body[lm.end():]
    m = r["cn_number_re"].match(body)
    if m:
        rest = body[m.end():]
        token = m.group(0)
        # a trailing 万/亿 belongs to the unit (三万人, 两亿元): convert the numeral before it
        while token and token[-1] in r["large_units"] and chinese_to_number(token) is not None and rest[:1] and not rest[:1].isspace():
            if r["unit_re"].match(token[-1] + rest):
                rest = token[-1] + rest
                token = token[:-1]
            else:
                break
        number = chinese_to_number(token)
        if number is not None and (_tail_is_clean(rest) or rest[0] in "年月日号"):
            body = _fmt(number) + rest
    return lead + body


def _tail_is_clean(rest: str) -> bool:
    """True when ``rest`` is only an optional unit, direction / grade words, and then the
    end, a per-unit slash or a range: what may follow a numeral that is a target
    (三十人以上) and not a word that starts with a numeral (十分满意, 一批项目)."""
    r = _rules()
    m = r["unit_re"].match(rest)
    if m:
        rest = rest[m.end():]
    while rest:
        m = r["suffix_re"].match(rest) or r["grade_re"].match(rest)
        if not m:
            break
        rest = rest[m.end():]
    return not rest or rest[0] in "/~-至到,，;；。" 


# ---- helpers ---------------------------------------------------------------

def _normalize(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") else ch for ch in text)
    text = re.sub(r"\s+", "", text)
    return text


def _is_placeholder(text: str) -> bool:
    r = _rules()
    if text in r["placeholder_words"]:
        return True
    return all(ch in r["placeholder_chars"] for ch in text)


def _match_unit(rest: str):
    """Longest unit spelling at the start of ``rest`` → (unit, kind, factor, length) or None."""
    r = _rules()
    m = r["unit_re"].match(rest)
    if not m:
        return None
    unit, kind, factor = r["unit_spellings"][m.group(0)]
    return unit, kind, factor, m.end()


def _to_decimal(number_text: str) -> Decimal:
    return Decimal(number_text.replace(",", ""))


def _strip_words(text: str, pattern: re.Pattern) -> tuple[str, list[str]]:
    """Strip words matching ``pattern`` repeatedly from the start of ``text``."""
    found = []
    while text:
        m = pattern.match(text)
        if not m or not m.group(0):
            break
        found.append(m.group(0))
        text = text[m.end():]
    return text, found


def _kind_from_text(text: str) -> str:
    for word, kind in _rules()["glued_hints"]:
        if word in text:
            return kind
    return "number"


def _join_text(*parts: str | None) -> str | None:
    parts = [p for p in parts if p]
    return "…".join(parts) if parts else None


# ---- deadlines ---------------------------------------------------------------

_DATE_PATTERNS = (
    # 2023年12月31日, 2023-12-31, 2023.12.31, 2023/12/31
    re.compile(r"(?P<year>(?:19|20)[0-9]{2})(?:年|[-./])(?P<month>[0-9]{1,2})(?:月|[-./])(?P<day>[0-9]{1,2})(?:日|号)?"),
    # 2023年12月
    re.compile(r"(?P<year>(?:19|20)[0-9]{2})年(?P<month>[0-9]{1,2})月"),
    # 6月30日
    re.compile(r"(?P<month>[0-9]{1,2})月(?P<day>[0-9]{1,2})(?:日|号)"),
    # 2023年, 2023年度
    re.compile(r"(?P<year>(?:19|20)[0-9]{2})年(?:度)?"),
    # 12月
    re.compile(r"(?P<month>[0-9]{1,2})月"),
)


def _parse_deadline(body: str):
    """A deadline at the start of ``body`` → (deadline dict, direction, leftover text) or None."""
    r = _rules()
    text, _ = _strip_words(body, r["dl_lead_re"])
    deadline = None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        parts = m.groupdict()
        year = int(parts["year"]) if parts.get("year") else None
        month = int(parts["month"]) if parts.get("month") else None
        day = int(parts["day"]) if parts.get("day") else None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None and not 1 <= day <= 31:
            return None
        deadline = {"year": year, "month": month, "day": day}
        text = text[m.end():]
        if year is not None and month is None:
            pm = r["dl_period_re"].match(text)
            if pm:
                deadline["month"] = r["dl_periods"][pm.group(0)]
                text = text[pm.end():]
            elif text[:1] in ("底", "末"):  # 2023年底
                deadline["month"] = 12
                text = text[1:]
        if day is None and deadline["month"] is not None:
            em = r["dl_month_end_re"].match(text)
            if em and em.group(0) != "末" or (em and not text[em.end():em.end() + 1].isdigit()):
                text = text[em.end():] if em else text
        break
    if deadline is None:
        pm = r["dl_period_re"].match(text)
        if not pm:
            return None
        deadline = {"year": None, "month": r["dl_periods"][pm.group(0)], "day": None}
        text = text[pm.end():]
    direction = "<="
    leftover, tails = _strip_words(text, r["dl_tail_re"])
    am = r["dl_after_re"].match(leftover)
    if am:
        direction = ">="
        leftover = leftover[am.end():]
        leftover, _ = _strip_words(leftover, r["dl_tail_re"])
    # a bare year or month followed by unrelated text is not a deadline (2023年度招商…)
    return deadline, direction, leftover or None


# ---- the parser ----------------------------------------------------------------

def _parse(raw_text: str) -> Threshold:
    r = _rules()
    text = _normalize(raw_text)
    if not text:
        return Threshold(raw=raw_text, kind="missing", issues=("empty",))
    if _is_placeholder(text):
        return Threshold(raw=raw_text, kind="missing", text=text, issues=("placeholder",))
    text = text.strip("，,;；、。").rstrip(".") or text
    if text in r["booleans"]:
        return Threshold(raw=raw_text, direction="=", kind="boolean", boolean=r["booleans"][text])

    text = _convert_chinese_numerals(text)

    # deadlines (12月底前, 2023年完成, 年底前): a date at the start (after a direction
    # word), and no other number after it (2023年度招商额≥5亿 is not a deadline)
    lead = r["prefix_re"].match(text)
    dl = _parse_deadline(text[lead.end():] if lead else text)
    if dl is not None and not (dl[2] and _NUMBER_RE.search(dl[2])):
        deadline, dl_direction, leftover = dl
        dl_word = r["symbols"].get(lead.group(0)) or r["prefix_words"].get(lead.group(0)) if lead else None
        return Threshold(
            raw=raw_text, direction=dl_word if dl_word in ("<=", "<", ">=", ">") else dl_direction,
            kind="deadline", deadline=deadline, text=leftover,
        )

    num = _NUMBER_RE.search(text)
    symbols = list(r["symbol_re"].finditer(text))
    if num and symbols and symbols[0].start() > num.start():
        # 2023年度招商额≥5亿: no symbol before the first number, so the number after the
        # first direction symbol is the target
        num = _NUMBER_RE.search(text, symbols[0].end()) or num
    elif num and _YEAR_TOKEN.match(text, num.start()):
        # 2023年完成3个: a leading year is context, the next number is the target
        num = _NUMBER_RE.search(text, num.end() + 1) or num
    prefix = text[: num.start()] if num else text
    direction = None
    prefix_left = prefix
    # the direction word closest to the number wins (满意度≥90%: ≥)
    matches = list(r["prefix_re"].finditer(prefix))
    if matches:
        last = matches[-1]
        word = last.group(0)
        direction = r["symbols"].get(word) or r["prefix_words"].get(word)
        prefix_left = prefix[: last.start()] + prefix[last.end():]
    prefix_left = r["helpers_re"].sub("", prefix_left) if prefix_left else prefix_left
    negative = False
    if prefix_left.endswith("-") and num:
        negative = True
        prefix_left = prefix_left[:-1]
    body = text[num.start():] if num else ""

    if not num:
        return _parse_no_number(raw_text, text, direction, prefix_left)

    # the number, then an optional unit
    number_text = num.group(0)
    rest = body[len(number_text):]
    try:
        value = _to_decimal(number_text)
    except InvalidOperation:
        return Threshold(raw=raw_text, kind="qualitative", text=text, issues=("unparsed",))
    if negative:
        value = -value
    unit = kind = None
    unit_match = _match_unit(rest)
    if unit_match:
        unit, kind, factor, length = unit_match
        value *= factor
        rest = rest[length:]
    else:
        mm = r["mult_re"].match(rest)
        if mm:
            value *= r["multipliers"][mm.group(0)]
            rest = rest[mm.end():]

    # a per-unit denominator: 5人/10万人, 13万元/年
    if unit and rest[:1] == "/" or unit and rest[:1] == "每":
        denominator = _per_unit(rest[1:])
        if denominator is not None:
            den_text, den_has_number, den_length = denominator
            unit = f"{unit}/{den_text}"
            if den_has_number:
                kind = "rate"
            rest = rest[1 + den_length:]

    value_max = None
    # ranges: 90%-95%, 90~95%, 80%至90%
    if rest[:1] in _RANGE_SEPARATORS or rest[:1] in ("至", "到"):
        m2 = _NUMBER_RE.match(rest[1:])
        if m2:
            second = _to_decimal(m2.group(0))
            tail = rest[1 + m2.end():]
            unit2 = _match_unit(tail)
            if unit2 and (unit is None or unit2[0] == unit):
                second *= unit2[2]
                if unit is None:
                    unit, kind = unit2[0], unit2[1]
                    value *= unit2[2]
                tail = tail[unit2[3]:]
            value, value_max = min(value, second), max(value, second)
            direction = "range"
            rest = tail

    # direction and grade words after the number (以上, 以内, 为合格 …)
    while rest:
        sm = r["suffix_re"].match(rest)
        if sm:
            if direction is None:
                direction = r["suffix_words"][sm.group(0)]
            rest = rest[sm.end():]
            continue
        gm = r["grade_re"].match(rest)
        if gm:
            rest = rest[gm.end():]
            continue
        break
    rest = rest.lstrip("，,;；。.、")

    # two bounds: ≥90%且≤95%, 不低于90%，不超过95%
    if value_max is None and direction in (">=", ">", "<=", "<") and rest:
        bound = _second_bound(rest, unit)
        if bound is not None:
            other_direction, other_value, leftover = bound
            low, high = (value, other_value) if direction[0] == ">" else (other_value, value)
            # a lower and an upper bound that make an interval; anything else stays text
            if {direction[0], other_direction[0]} == {">", "<"} and low <= high:
                value, value_max, direction, rest = low, high, "range", leftover

    issues: list[str] = []
    if unit is None:
        if rest:
            kind = _kind_from_text(rest)
            issues.append("number_glued_to_text")
        else:
            kind = "number"
    value_f = float(value) + 0.0
    value_max_f = None if value_max is None else float(value_max) + 0.0
    return Threshold(
        raw=raw_text,
        direction=direction or "=",
        value=value_f,
        value_max=value_max_f,
        unit=unit,
        kind=kind,
        text=_join_text(prefix_left, rest),
        issues=tuple(issues),
    )


_YEAR_TOKEN = re.compile(r"(?:19|20)[0-9]{2}年")
_CONJUNCTION = re.compile(r"(?:且|并且|并|和|与|,|，|;|；|、)?")


def _second_bound(rest: str, unit: str | None):
    """``且≤95%`` after a first bound → (direction, value as Decimal, leftover) or None."""
    r = _rules()
    text = rest[_CONJUNCTION.match(rest).end():]
    m = r["prefix_re"].match(text)
    if not m:
        return None
    direction = r["symbols"].get(m.group(0)) or r["prefix_words"].get(m.group(0))
    text = text[m.end():]
    num = _NUMBER_RE.match(text)
    if not num or direction not in (">=", ">", "<=", "<"):
        return None
    value = _to_decimal(num.group(0))
    text = text[num.end():]
    unit_match = _match_unit(text)
    if unit_match:
        if unit is not None and unit_match[0] != unit:
            return None
        value *= unit_match[2]
        text = text[unit_match[3]:]
    return direction, value, text


def _per_unit(text: str):
    """``10万人`` / ``年`` after a slash → (normalized denominator, has number, length)."""
    m = _NUMBER_RE.match(text)
    length = 0
    number = None
    if m:
        number = _to_decimal(m.group(0))
        length = m.end()
        # 10万人 is kept as written: the multiplier belongs to the denominator text
    unit_match = _match_unit(text[length:])
    if not unit_match:
        return None
    unit, _kind, factor, ulen = unit_match
    spelled = text[length:length + ulen]
    if number is not None:
        den = f"{_fmt(float(number))}{spelled[:-len(unit)] if spelled.endswith(unit) and len(spelled) > len(unit) else ''}{unit}"
    else:
        den = unit
    return den, number is not None, length + ulen


def _parse_no_number(raw_text: str, text: str, direction: str | None, prefix_left: str) -> Threshold:
    r = _rules()
    # a unit alone, maybe with a direction or a placeholder where the number goes
    issues: list[str] = []
    body = prefix_left
    pm = r["number_placeholder_re"].match(body)
    if pm and pm.group(0):
        issues.append("placeholder")
        body = body[pm.end():]
    unit_match = _match_unit(body) if body else None
    if unit_match and unit_match[3] == len(body) or (unit_match and not body[unit_match[3]:].strip("以上以下以内及或")):
        unit, kind, _factor, _len = unit_match
        if unit == "亿元" and body.startswith("亿") and not body.startswith("亿元"):
            pass
        issues.append("number_missing")
        return Threshold(raw=raw_text, direction=direction or "none", unit=unit, kind=kind, issues=tuple(issues))
    if issues:  # XX alone or XX followed by text
        issues.append("number_missing")
        return Threshold(raw=raw_text, direction=direction or "none", kind="missing", text=text, issues=tuple(issues))
    if not body and direction:  # ≥ alone
        return Threshold(raw=raw_text, direction=direction, kind="missing", issues=("number_missing",))
    # qualitative text: only the unambiguous negated words set a direction (不超年初预算)
    qdirection = "none"
    qm = list(r["qual_re"].finditer(text))
    if qm:
        qdirection = r["qual_words"][qm[0].group(0)]
    return Threshold(raw=raw_text, direction=qdirection, kind="qualitative", text=text)


# Real tables repeat a few hundred value strings millions of times: cache short ones.
_CACHE_MAX_LENGTH = 200
@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> Threshold:
    return _parse(text)


def parse_threshold(raw: object) -> Threshold:
    """Parse one 指标值 string into a :class:`Threshold`. Never raises.

    Whatever it is given, the result is a Threshold (text that cannot be read is kept
    as qualitative text, with issue ``unparsed`` on an internal failure). See the module
    docstring for the fields, the kinds and the issue codes.

    Parameters
    ----------
    raw : object
        The 指标值 as written; may be anything. None and empty strings give kind
        ``missing`` with issue ``empty``; bytes are decoded as UTF-8 (undecodable bytes
        replaced); other objects are converted with ``str()`` (``90`` → ``"90"``).

    Returns
    -------
    Threshold
        The parsed value: ``direction``, ``value`` / ``value_max``, ``unit``, ``kind``,
        ``deadline``, ``boolean``, ``text`` and ``issues``; ``raw`` keeps the text.

    Examples
    --------
    Readings::

        ≥60百分比        → >= 60.0 %  rate
        ≤2000万元        → <= 2000.0 万元 money
        1.5万人          → = 15000.0 人 count
        12月底前         → <= deadline {year None, month 12, day None}
        平方米           → unit 平方米, kind area, issues (number_missing,)
        ≥90实际完成…比例  → >= 90.0, kind rate, text 实际完成…比例, issues (number_glued_to_text,)

    >>> t = parse_threshold("≥60百分比")
    >>> t.direction, t.value, t.unit, t.kind
    ('>=', 60.0, '%', 'rate')
    >>> parse_threshold(None).issues
    ('empty',)
    """
    try:
        if raw is None:
            text = ""
        elif isinstance(raw, (bytes, bytearray)):
            text = bytes(raw).decode("utf-8", errors="replace")
        elif isinstance(raw, str):
            text = raw
        else:
            text = str(raw)
    except Exception:  # noqa: BLE001 - a broken __str__ must not break parsing
        text = ""
    if len(text) <= _CACHE_MAX_LENGTH:
        result = _parse_cached(text)
        # the cache shares one object between calls: hand out a fresh deadline dict
        return replace(result, deadline=dict(result.deadline)) if result.deadline else result
    return _parse(text)


@lru_cache(maxsize=1)
def _wan_factors() -> dict[str, float]:
    return {unit: float(f) for unit, f in load_data_json("units.json")["money_in_wan"].items() if not unit.startswith("_")}


def money_in_wan(value: float | None, unit: str | None) -> float | None:
    """A money amount in 万元 (``units.json`` ``money_in_wan``); None when ``value`` is None or
    ``unit`` is not a money unit (a per-unit amount such as 元/人 is not a total)."""
    factor = _wan_factors().get(unit or "")
    return None if value is None or factor is None else value * factor


def wan_in(amount_wan: float, unit: str | None) -> float:
    """An amount of 万元 expressed in ``unit`` (元, 亿元 …; 万元 for None or an unknown unit)."""
    return amount_wan / _wan_factors().get(unit or "万元", 1.0)
