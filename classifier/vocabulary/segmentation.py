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
its dictionary (jieba's own plus the domain words) is cached under
:func:`classifier.core.paths.cache_dir` (never /tmp) and read back in one piece; jieba's
logging is silenced. Output is deterministic: the same text always gives the same list.

When the optional package ``rjieba`` (jieba in Rust, about 15 times faster) is installed, a
private ``rjieba.Jieba`` with the same domain words cuts the texts on which it gives jieba's
words, and jieba — the reference — cuts the others: rjieba keeps a run of ASCII letters and
digits with ``-``, ``+``, ``_`` … in one piece (``0-6岁`` → ``0-6``, where jieba gives ``0``,
``-``, ``6``) and treats CJK characters outside U+4E00–U+9FD5 and kana or hangul as words of
their own, so texts holding such a run or character go to jieba. Either way the words are
jieba's (a test compares both on every name and description the project ships).

Example::

    >>> from classifier.vocabulary.segmentation import normalize_text, segment
    >>> normalize_text("【新增】（一）服务对象满意度（%）")
    '服务对象满意度'
    >>> segment("完工及时率")
    ['完工及时率']
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import threading
import unicodedata
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path
from typing import Sequence

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
_LEADING_MARK_CHARS = "★☆▲△●○■□◆◇※"
_LEADING_MARKS = re.compile(r"^\s*[" + _LEADING_MARK_CHARS + r"]+\s*")
_NUMBERING_CHARS = "(一二三四五六七八九十百"  # what _NUMBERING's match can begin with, besides \s and \d
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
    # The patterns anchored at the start are tried only when the text's first character could
    # begin a match (white space, which \s and str.isspace agree on, or the pattern's first characters).
    first = text[:1]
    if first.isspace() or "\u2460" <= first <= "\u2473" or "\u2776" <= first <= "\u2793":
        text = _CIRCLED_NUMBER.sub("", text)  # before NFKC, which turns ① into 1
    text = unicodedata.normalize("NFKC", text)
    if "【" in text:
        text = _EDIT_MARK.sub("", text)
    first = text[:1]
    if first.isspace() or first in _LEADING_MARK_CHARS:
        text = _LEADING_MARKS.sub("", text)
    if "指" in text or "目" in text:
        text = _TEMPLATE_NUMBERING.sub("", text)
    first = text[:1]
    if first.isspace() or first.isdecimal() or first in _NUMBERING_CHARS:  # \d is str.isdecimal
        text = _NUMBERING.sub("", text)
    if "(" in text:
        text = _UNIT_BRACKET.sub(lambda m: "" if len(m.group(0)) <= MAX_UNIT_BRACKET + 2 else m.group(0), text)
    if "*" in text or "＊" in text:
        text = _STARS.sub("", text)
    text = " ".join(text.split()).lower()  # white space runs → one space (str.split and \s agree)
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


#: The file, in :func:`classifier.core.paths.cache_dir`, holding the private tokenizer's
#: dictionary (jieba's words and frequencies with the domain words added), written with
#: :mod:`marshal` as jieba writes its own cache, and read back with one read.
TOKENIZER_CACHE_FILE = "jieba-zhibiao.cache"
_CACHE_FORMAT = 1


def _jieba_dict_file() -> Path:
    """jieba's default dictionary file, found without importing jieba."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise ImportError("jieba is not installed")
    return Path(spec.origin).parent / "dict.txt"


def _user_words() -> list[tuple[str, int | None, str | None]]:
    """The lines of the domain dictionary as jieba reads them: ``(word, freq, tag)``."""
    out = []
    for line in USER_DICT_FILE.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        out.append((parts[0], freq, tag))
    return out


def _cache_key() -> str:
    """What the cached dictionary was made from: jieba's dictionary file (size, time) and the
    domain dictionary (its bytes)."""
    import importlib.metadata

    stat = _jieba_dict_file().stat()
    digest = hashlib.sha256(USER_DICT_FILE.read_bytes()).hexdigest()
    return f"{_CACHE_FORMAT}|{importlib.metadata.version('jieba')}|{stat.st_size}|{stat.st_mtime_ns}|{digest}"


def _read_tokenizer_cache(path: Path, key: str):
    """``(FREQ, total, tags)`` from the cache file when it was made from ``key``, else None."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(data, tuple) and len(data) == 4 and data[0] == key and isinstance(data[1], dict)
            and isinstance(data[2], int) and isinstance(data[3], dict)):
        return None
    return data[1], data[2], data[3]


def _write_tokenizer_cache(path: Path, key: str, tokenizer) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(marshal.dumps((key, tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab)))
        os.replace(tmp, path)
    except OSError:  # a read-only cache folder: the next start builds the dictionary again
        tmp.unlink(missing_ok=True)


def _get_tokenizer():
    """The private jieba tokenizer with the domain dictionary (created once, thread-safe).

    The first start on a machine builds the dictionary as jieba does and caches it; later starts
    read the cache back in one piece (``marshal.loads`` of the file's bytes: about twice as fast
    as jieba's own ``marshal.load`` of its cache, and the domain words are already in)."""
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
            path = cache_dir() / TOKENIZER_CACHE_FILE
            key = _cache_key()
            cached = _read_tokenizer_cache(path, key)
            if cached is not None:
                tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab = cached
                tokenizer.initialized = True
            else:
                tokenizer.initialize()
                tokenizer.load_userdict(str(USER_DICT_FILE))
                _write_tokenizer_cache(path, key, tokenizer)
            _tokenizer = tokenizer
    return _tokenizer


# ---- the optional fast path: rjieba -------------------------------------------------------
#: Characters that jieba and rjieba read differently: CJK outside U+4E00–U+9FD5 (jieba's range),
#: kana, hangul, emoji … (everything but ASCII, Latin and symbols, CJK punctuation, the basic
#: CJK block, and full-width and compatibility forms).
_FAST_ODD_CHAR = re.compile(r"[^\u0000-\u2e7f\u3000-\u303f\u4e00-\u9fd5\ufe30-\ufe4f\uff00-\uffef]")
#: A run of the characters jieba keeps inside a word block besides Chinese ones.
_FAST_RUN = re.compile(r"[a-zA-Z0-9+#&._%\-]+")
_FAST_RUN_MARK = re.compile(r"[+#&._%\-]")
#: The runs on which both agree: letters and digits, or a decimal number with an optional %.
_FAST_SAFE_RUN = re.compile(r"[a-zA-Z0-9]+|[0-9]+(?:\.[0-9]+)?%?")
#: A word that can never match (white space splits the text before the dictionary is looked
#: up), added with the frequency that makes rjieba's dictionary total equal to jieba's: jieba
#: adds a domain word's frequency to its total even when the word was already in its dictionary.
_TOTAL_PAD_WORD = "zhibiao total pad"

_fast = None  # the rjieba instance's cut, False when rjieba is not installed or not wanted
_use_fast = True


def _jieba_frequencies(words: set[str]) -> dict[str, int]:
    """The frequencies of ``words`` in jieba's default dictionary (0 when absent)."""
    out = dict.fromkeys(words, 0)
    with open(_jieba_dict_file(), encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.partition(" ")
            if word in out:
                out[word] = int(rest.split(" ", 1)[0])
    return out


def _total_pad(words: list[tuple[str, int | None, str | None]]) -> int:
    """What jieba's dictionary total holds beyond rjieba's after adding ``words`` (cached).

    jieba adds every domain word's frequency to its total; rjieba replaces the frequency of a
    word it has, so its total grows by the difference. The total weighs every word of the
    dictionary (the route through a name is chosen by frequency / total), so the two would cut
    some names differently if the totals differed."""
    path = cache_dir() / "rjieba-total.json"
    key = _cache_key()
    try:
        import json

        cached = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(cached, dict) and cached.get("key") == key and isinstance(cached.get("pad"), int):
            return cached["pad"]
    except (OSError, ValueError):
        pass
    current = _jieba_frequencies({w for w, _, _ in words})
    pad = 0
    for word, freq, _ in words:
        pad += current[word]  # jieba: total += freq; rjieba: total += freq - current
        current[word] = freq if freq is not None else current[word]
    try:
        import json

        path.write_text(json.dumps({"key": key, "pad": pad}), encoding="utf-8")
    except OSError:
        pass
    return pad


def _fast_cut():
    """rjieba's cut with the domain words, or None (rjieba missing or switched off)."""
    global _fast
    if _fast is None:
        with _tokenizer_lock:
            if _fast is None:
                try:
                    import rjieba
                except ImportError:
                    _fast = False
                else:
                    instance = rjieba.Jieba()
                    words = _user_words()
                    if any(freq is None for _, freq, _ in words):  # jieba would guess a frequency
                        _fast = False
                    else:
                        for word, freq, tag in words:
                            instance.add_word(word, freq, tag)
                        pad = _total_pad(words)
                        if pad > 0:
                            instance.add_word(_TOTAL_PAD_WORD, pad, None)
                        _fast = instance.cut
    return _fast if _fast and _use_fast else None


def _fast_agrees(text: str) -> bool:
    """True when rjieba cuts ``text`` as jieba does (see the module docstring)."""
    if _FAST_ODD_CHAR.search(text):
        return False
    if not _FAST_RUN_MARK.search(text):
        return True
    return all(_FAST_SAFE_RUN.fullmatch(run) for run in _FAST_RUN.findall(text))


def segmenter() -> str:
    """``"rjieba"`` when the fast path is in use (texts it cuts as jieba does), else ``"jieba"``."""
    return "rjieba" if _fast_cut() is not None else "jieba"


def segment_normalized(normalized: str) -> list[str]:
    """Segment text that already went through :func:`normalize_text`.

    Tokens are jieba words; white space and pure punctuation tokens are dropped.
    """
    if not normalized:
        return []
    fast = _fast_cut()
    if fast is not None and _fast_agrees(normalized):
        tokens = fast(normalized, True)
        if normalized.isalnum() and "" not in tokens:  # letters and digits only: every token is kept
            return tokens
    else:
        tokens = _get_tokenizer().cut(normalized, HMM=True)
    return [tok for tok in tokens if tok.isalnum() or _KEEP_TOKEN.search(tok)]  # isalnum() implies a \w match


def segment_many(texts: Sequence[str]) -> list[list[str]]:
    """:func:`segment_normalized` of each text (already normalized), for many texts at once: the
    checks for what rjieba cuts differently (:func:`_fast_agrees`) run once over all the texts
    joined by newlines, and only the texts they flag are checked one by one."""
    fast = _fast_cut()
    joined = "\n".join(texts)
    if fast is None or joined.count("\n") != len(texts) - 1:  # no rjieba, or a text holding a newline
        return [segment_normalized(t) for t in texts]
    flagged: set[int] = set()
    marks = [m.start() for m in _FAST_ODD_CHAR.finditer(joined)] + [m.start() for m in _FAST_RUN_MARK.finditer(joined)]
    if marks:
        starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        flagged = {bisect_right(starts, at) - 1 for at in marks}
    out = []
    append = out.append
    for i, text in enumerate(texts):
        if not text:
            append([])
        elif i in flagged:
            append(segment_normalized(text))
        else:
            tokens = fast(text, True)
            if text.isalnum() and "" not in tokens:  # letters and digits only: every token is kept
                append(tokens)
            else:
                append([tok for tok in tokens if tok.isalnum() or _KEEP_TOKEN.search(tok)])
    return out


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
