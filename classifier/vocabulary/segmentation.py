"""Text normalization and word segmentation of 三级指标 names and descriptions.

:func:`normalize_text` removes what table authors add around an indicator name and
what carries no meaning for its category:

* Unicode NFKC (full-width letters, digits and brackets become half-width: ``（`` → ``(``);
* edit marks in 【】 at the start (``【新增】``, ``【修改】``);
* leading numbering: ``(一)``, ``一、``, ``1.``, ``1、``, ``(1)``, ``①``, template numbering
  ``指标1:`` / ``指标2.`` before a name, and marks such as ``★``;
* unit / template brackets: ``(%)``, ``(**天)``, ``(个)``, ``(亿元)``, ``(人次)`` …
  (a bracket of at most :data:`MAX_UNIT_BRACKET` characters holding only unit words,
  stars, digits or ``%``); longer brackets with words (``(以签订备忘录或协议为准)``) stay;
* template stars (``**``), runs of white space (collapsed to one space), ASCII case.

:func:`segment` cuts the normalized text into words with jieba, using a private
``jieba.Tokenizer`` (never the global one) extended with the domain dictionary
``classifier/data/user_dict.txt``, so that terms such as 服务对象满意度, 完工及时率,
预算执行率, 验收合格率 stay whole. The tokenizer is created once per process and cached;
its dictionary cache lives under :func:`classifier.core.paths.cache_dir` (never /tmp); jieba's
logging is silenced. Output is deterministic: the same text always gives the same list.

Example::

    >>> from classifier.vocabulary.segmentation import normalize_text, segment
    >>> normalize_text("【新增】（一）服务对象满意度（%）")
    '服务对象满意度'
    >>> segment("完工及时率")
    ['完工及时率']
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata

from classifier.core.paths import DATA_DIR, cache_dir, load_data_json

USER_DICT_FILE = DATA_DIR / "user_dict.txt"

#: Texts longer than this (after normalization) are cut to this many characters before
#: segmenting. A 三级指标 name is rarely over 40 characters; a description rarely over 200.
MAX_TEXT_CHARS = 512

#: The longest bracket content that may be dropped as a unit or template mark.
MAX_UNIT_BRACKET = 6

_EDIT_MARK = re.compile(r"^\s*【[^】]{0,8}】\s*")
_NUMBERING = re.compile(
    r"^\s*(?:"
    r"\(\s*[一二三四五六七八九十百\d]{1,3}\s*\)[、.．]?"  # (一) (1)
    r"|[一二三四五六七八九十百]{1,3}\s*[、.．]"  # 一、
    r"|\d{1,3}\s*(?:[、]|\.(?!\d))"  # 1、 1. (not 1.5)
    r")\s*"
)
# Unit words that appear alone in brackets after a name: （个）（亿元）（人次）（**天）. They are
# the unit spellings of classifier/data/units.json (the same table the 指标值 parser reads),
# longest first, plus the few bracket-only spellings listed here.
_CIRCLED_NUMBER = re.compile(r"^\s*[\u2460-\u2473\u2776-\u277f\u2780-\u2793]\s*")  # ① … ⑳, ❶ …
# Template numbering before a real name: 指标1: / 指标2. / 目标3、 (a bare 指标1 stays: a placeholder).
_TEMPLATE_NUMBERING = re.compile(r"^\s*(?:指标|目标)\s*[\d一二三四五六七八九十]{1,3}\s*(?:[:：、]|[.．](?!\d))\s*(?=\S)")
# Marks some tables put before a name (★补助…, ▲…).
_LEADING_MARKS = re.compile(r"^\s*[★☆▲△●○■□◆◇※]+\s*")
_BRACKET_ONLY_UNITS = ("平米", "度", "标箱", "P")


def _unit_words() -> str:
    units = load_data_json("units.json")["units"]
    words = {alias for entry in units for alias in entry["aliases"]} | set(_BRACKET_ONLY_UNITS)
    words = {unicodedata.normalize("NFKC", w) for w in words}  # matched after NFKC (㎡ → m2)
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_UNIT_WORDS = _unit_words()
_UNIT_BRACKET = re.compile(
    r"\(\s*(?:[*＊xX×\d.]*\s*(?:" + _UNIT_WORDS + r")?\s*(?:/\s*(?:" + _UNIT_WORDS + r"))?)\s*\)"
)
_STARS = re.compile(r"[*＊]+")
_SPACE = re.compile(r"\s+")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KEEP_TOKEN = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff%‰≥≤]")

_tokenizer = None
_tokenizer_lock = threading.Lock()


def normalize_text(text: object) -> str:
    """Return ``text`` normalized for classification (see the module docstring).

    ``None`` and non-strings give ``""`` (None) or ``str(text)`` normalized. The result
    is at most :data:`MAX_TEXT_CHARS` characters long.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    # Cut very long input early (with room for what normalization removes).
    if len(text) > 4 * MAX_TEXT_CHARS:
        text = text[: 4 * MAX_TEXT_CHARS]
    text = _CIRCLED_NUMBER.sub("", text)  # before NFKC, which turns ① into 1
    text = unicodedata.normalize("NFKC", text)
    text = _EDIT_MARK.sub("", text)
    text = _LEADING_MARKS.sub("", text)
    text = _TEMPLATE_NUMBERING.sub("", text)
    text = _NUMBERING.sub("", text)
    text = _UNIT_BRACKET.sub(lambda m: "" if len(m.group(0)) <= MAX_UNIT_BRACKET + 2 else m.group(0), text)
    text = _STARS.sub("", text)
    text = _SPACE.sub(" ", text).strip().lower()
    return text[:MAX_TEXT_CHARS]


_SHORT_BRACKET = re.compile(r"\(\s*([^()]{1,%d}?)\s*\)" % (MAX_UNIT_BRACKET + 2))


def bracket_contents(text: object) -> list[str]:
    """The contents of the short brackets in ``text`` (after NFKC), in order.

    These are where table authors put an indicator's unit: ``培训人次（人次）`` →
    ``["人次"]``, ``补助标准（元/人）`` → ``["元/人"]``. A bracket holds at most
    ``MAX_UNIT_BRACKET + 2`` characters; longer ones are words, not units, and are skipped.
    Whether a content is a unit is for the caller to decide (see
    :func:`classifier.classification.features.feature_columns`).
    """
    if not isinstance(text, str) or "(" not in text and "（" not in text:
        return []
    return [m.group(1) for m in _SHORT_BRACKET.finditer(unicodedata.normalize("NFKC", text[: 4 * MAX_TEXT_CHARS]))]


def has_cjk(text: str) -> bool:
    """True when ``text`` holds at least one Chinese (CJK unified) character."""
    return bool(_CJK.search(text or ""))


def _get_tokenizer():
    """The private jieba tokenizer with the domain dictionary (created once, thread-safe)."""
    global _tokenizer
    if _tokenizer is not None:
        return _tokenizer
    with _tokenizer_lock:
        if _tokenizer is None:
            import jieba

            logging.getLogger("jieba").setLevel(logging.WARNING)
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = str(cache_dir())
            tokenizer.initialize()
            tokenizer.load_userdict(str(USER_DICT_FILE))
            _tokenizer = tokenizer
    return _tokenizer


def segment_normalized(normalized: str) -> list[str]:
    """Segment text that already went through :func:`normalize_text`.

    Tokens are jieba words; white space and pure punctuation tokens are dropped.
    """
    if not normalized:
        return []
    tokenizer = _get_tokenizer()
    return [tok for tok in tokenizer.cut(normalized, HMM=True) if _KEEP_TOKEN.search(tok)]


def segment(text: object) -> list[str]:
    """Normalize ``text`` and cut it into words: ``segment("预算执行率") == ["预算执行率"]``.

    Deterministic: the same text always gives the same words.

    Parameters
    ----------
    text : object
        The text to cut (an indicator name, a description …); None allowed.

    Returns
    -------
    list of str
        The words of the normalized text, in order (empty for None, empty or
        punctuation-only text).

    Examples
    --------
    >>> from classifier import segment
    >>> segment("预算执行率")
    ['预算执行率']
    >>> segment(None)
    []
    """
    return segment_normalized(normalize_text(text))
