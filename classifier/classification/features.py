"""The feature columns of the indicator classifier: text in, a ``(n, 7)`` object array out.

All features are computed here, before the scikit-learn pipeline, so the fitted pipeline
holds no callables and pickles safely: jieba words of the normalized name (space-joined),
the normalized name (for character n-grams), the description's words, the ids of the
keyword rules that hit the name (:mod:`classifier.vocabulary.keyword_rules`), the name's
ending (last word, last 1–3 characters), the unit written in brackets after the name
(:func:`_unit_tokens`) and what the row's 指标值 says (:func:`_value_tokens`).
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from classifier.vocabulary.keyword_rules import rule_hit_masks
from classifier.vocabulary.segmentation import MAX_TEXT_CHARS, bracket_contents, normalize_text, segment_many

# Column order of the array fed to the pipeline.
_WORDS, _CHARS, _DESC, _RULES, _HEAD, _UNITS, _VALUE = 0, 1, 2, 3, 4, 5, 6
_FIELD_LABEL = {"word": "", "char": "字:", "desc": "描述:", "rule": "规则:", "head": "尾:", "unit": "单位:", "value": "指标值:"}
N_COLUMNS = 7
#: Unit kinds (:mod:`classifier.vocabulary.thresholds`) that a bracket after a name may give.
UNIT_KINDS = frozenset({"rate", "count", "money", "area", "duration", "measure"})
HEAD_CHARS = (1, 2, 3)  # name-ending character features: last 1, 2 and 3 characters


def _as_list(values: Iterable[object] | None, n: int | None = None) -> list[object]:
    if values is None:
        return [None] * (n or 0)
    if isinstance(values, str):
        return [values]
    return list(values)


def _head_tokens(words: list[str], compact: str) -> str:
    """The end of the name: its last word and its last 1-3 characters.

    Chinese noun phrases are head-final (…合格率, …满意度, …面积), so the end of a name
    says most about what it measures, also for words never seen in training.
    """
    if not compact:
        return ""
    out = [f"w_{words[-1]}"] if words else []
    out += [f"c{k}_{compact[-k:]}" for k in HEAD_CHARS if len(compact) >= k]
    return " ".join(out)


def _unit_tokens(name: object, memo: dict[tuple[str, ...], str] | None = None) -> str:
    """The unit written in brackets in the name, as tokens: its kind (``count``, ``money``,
    ``rate``, ``duration``, ``area``, ``measure``; see :mod:`classifier.vocabulary.thresholds`) and the
    unit itself, for each bracket holding a unit, plus ``per_unit`` for ``元/人``-style units.

    ``培训人次（人次）`` → ``"count 人次"``; ``补助标准（元/人）`` → ``"money 元 per_unit"``.
    Normalization removes such brackets from the name; the unit says how the indicator is
    measured (a count, an amount of money, a rate, a duration …), which is evidence of its
    category that the words alone may not give. ``memo`` (a dict kept by the caller) holds the
    tokens of the bracket contents already seen.
    """
    contents = bracket_contents(name)
    if not contents:
        return ""
    if memo is not None:
        key = tuple(contents)
        tokens = memo.get(key)
        if tokens is None:
            tokens = memo[key] = _unit_tokens_of(contents)
        return tokens
    return _unit_tokens_of(contents)


def _unit_tokens_of(contents: list[str] | tuple[str, ...]) -> str:
    from classifier.vocabulary.thresholds import parse_threshold

    tokens: list[str] = []
    for content in contents:
        numerator, slash, _ = content.partition("/")
        parsed = parse_threshold(numerator.strip("*＊ "))
        if parsed.kind not in UNIT_KINDS or not parsed.unit:
            continue
        tokens += [parsed.kind, parsed.unit] + (["per_unit"] if slash else [])
    return " ".join(dict.fromkeys(tokens))


def _value_tokens(value: object, memo: dict[str, str] | None = None) -> str:
    """What the 指标值 says about how the row is measured, as tokens: its kind (``kind_count``,
    ``kind_rate``, ``kind_money``, ``kind_deadline``, ``kind_boolean``, ``kind_qualitative`` …;
    :func:`classifier.vocabulary.thresholds.parse_threshold`), its unit (``unit_组``), ``per_unit`` for
    ``元/亩``-style units and the direction (``dir_>=``). "" for an empty value.

    ``≥5组`` → ``"kind_count unit_组 dir_>="``; ``300元/亩`` → ``"kind_money unit_元/亩 per_unit dir_="``.
    ``memo`` (a dict kept by the caller) holds the tokens of the values (str) already seen.
    """
    if memo is not None and isinstance(value, str):
        tokens = memo.get(value)
        if tokens is None:
            tokens = memo[value] = _value_tokens(value)
        return tokens
    if value is None or not str(value).strip():
        return ""
    from classifier.vocabulary.thresholds import parse_threshold

    parsed = parse_threshold(str(value)[:MAX_TEXT_CHARS])
    if parsed.kind in ("missing", "empty"):
        return ""
    tokens = [f"kind_{parsed.kind}"]
    if parsed.unit:
        tokens.append(f"unit_{parsed.unit}".replace(" ", ""))
        if "/" in parsed.unit:
            tokens.append("per_unit")
    if parsed.direction and parsed.direction != "none":
        tokens.append(f"dir_{parsed.direction}")
    return " ".join(tokens)


def aligned_columns(names: Sequence[object] | str, descriptions: Sequence[object] | None,
                    values: Sequence[object] | None) -> tuple[list[object], list[object], list[object]]:
    """``names``, ``descriptions`` and ``values`` as lists of one length (None → a list of None;
    a single str → one name). Raises ValueError when the lengths differ."""
    names = _as_list(names)
    descriptions = _as_list(descriptions, len(names))
    values = _as_list(values, len(names))
    if len(descriptions) != len(names):
        raise ValueError(f"名称有 {len(names)} 个，描述（descriptions）却有 {len(descriptions)} 个")
    if len(values) != len(names):
        raise ValueError(f"名称有 {len(names)} 个，指标值（values）却有 {len(values)} 个")
    return names, descriptions, values


def row_key(name: object, description: object = None, value: object = None) -> tuple[str, str, str, str]:
    """What the model reads of one row: ``(normalized name, normalized description, unit tokens
    of the name as written, 指标值 tokens)``. Rows with the same key get the same features (and
    so the same probabilities); the unit bracket is part of the key, because normalization
    removes it from the name (``培训人数（人次）`` and ``培训人数`` differ)."""
    return normalize_text(name), normalize_text(description), _unit_tokens(name), _value_tokens(value)


def key_columns(keys: Sequence[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str, str, str, str]]:
    """The seven text columns of :func:`feature_columns` for rows given by :func:`row_key`, one
    tuple per key: each text is segmented once (a memo within the call) and the keyword rules
    run once per distinct name, over all the names at once
    (:func:`~classifier.vocabulary.keyword_rules.rule_hit_masks`)."""
    texts = list(dict.fromkeys([key[0] for key in keys] + [key[1] for key in keys]))
    words_of = dict(zip(texts, segment_many(texts)))
    names = [n for n in dict.fromkeys([key[0] for key in keys]) if n]
    masks, rules_of = rule_hit_masks(names)
    ids_of: dict[int, str] = {}  # the rule column of each set of hits
    rules_by_name = {"": ""}
    for name, mask in zip(names, masks):
        ids = ids_of.get(mask)
        if ids is None:
            hits = rules_of(mask)
            ids = ids_of[mask] = " ".join([f"cat_{hits[0].category}"] + [h.id for h in hits]) if hits else ""
        rules_by_name[name] = ids
    out = []
    append = out.append
    head_chars = HEAD_CHARS
    for norm, desc, units, value in keys:
        words = words_of[norm]
        desc_words = words_of[desc]
        compact = norm.replace(" ", "") if " " in norm else norm
        if not compact:
            head = ""
        elif head_chars == (1, 2, 3) and len(compact) >= 3:  # _head_tokens, spelled out
            head = (f"w_{words[-1]} c1_{compact[-1]} c2_{compact[-2:]} c3_{compact[-3:]}" if words
                    else f"c1_{compact[-1]} c2_{compact[-2:]} c3_{compact[-3:]}")
        else:
            head = _head_tokens(words, compact)
        append((" ".join(words), compact, " ".join(desc_words), rules_by_name[norm], head, units, value))
    return out


def feature_columns(names: Sequence[object], descriptions: Sequence[object] | None = None,
                    values: Sequence[object] | None = None) -> np.ndarray:
    """The text columns the pipeline reads, shape ``(n, 7)``, dtype object.

    Columns: jieba words of the normalized name (space-joined), the normalized name with
    spaces removed (for character n-grams), the description's words (space-joined),
    the ids of the keyword rules hitting the name (space-joined; ``cat_<category>`` is
    the category the first hitting rule gives, i.e. the rule baseline's answer), and the
    head of the name (``w_<last word>``, ``c1_``/``c2_``/``c3_<last characters>``), and the
    unit written in brackets in the name (:func:`_unit_tokens`; "" when there is none), and the
    tokens of the row's 指标值 (:func:`_value_tokens`; "" when ``values`` is None or a value is empty).
    """
    names, descriptions, values = aligned_columns(names, descriptions, values)
    rows = key_columns([row_key(n, d, v) for n, d, v in zip(names, descriptions, values)])
    out = np.empty((len(rows), N_COLUMNS), dtype=object)
    for i, row in enumerate(rows):
        out[i, :] = row
    return out
