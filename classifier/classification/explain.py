"""Why the classifier chose a category, in words a person can check against the name."""
from __future__ import annotations

from typing import Sequence

from classifier.classification.features import _FIELD_LABEL, UNIT_KINDS
from classifier.vocabulary.segmentation import has_cjk


_RULE, _UNIT, _CHAR, _HEAD, _DESC = (_FIELD_LABEL[k] for k in ("rule", "unit", "char", "head", "desc"))
_EVIDENCE_LABELS = {"en": ("description ", "unit ", "unit kind "), "zh": ("描述", "单位", None)}


_snippets: dict[str, dict[str, tuple[str, str, str] | None]] = {}  # per language: token → its snippet


def _snippet(token: str, lang: str) -> tuple[str, str, str] | None:
    """``(field, text, shown)`` of a feature token for :func:`readable_evidence`, or None when it
    shows nothing (a keyword rule, a unit kind in Chinese, text without a Chinese character)."""
    _, unit_label, kind_label = _EVIDENCE_LABELS[lang]
    if token.startswith(_RULE):
        return None
    if token.startswith(_UNIT):
        text = token[len(_UNIT):]
        if text not in UNIT_KINDS and text != "per_unit":
            return ("unit", text, f"{unit_label}（{text}）")
        return ("unit", text, f"{kind_label}{text}") if kind_label else None
    if token.startswith(_CHAR):
        where, text = "name", token[len(_CHAR):]
        shown = f"“{text}”"
    elif token.startswith(_HEAD):
        where, text = "name", token[len(_HEAD):].partition("_")[2]
        shown = f"“…{text}”"
    elif token.startswith(_DESC):
        where, text = "desc", token[len(_DESC):]
        shown = f"“{text}”"
    else:
        where, text = "name", token
        shown = f"“{text}”"
    return (where, text, shown) if has_cjk(text) else None


def readable_evidence(tokens: Sequence[tuple[str, float]], *, limit: int = 3, lang: str = "en") -> list[str]:
    """The text behind the strongest features of ``tokens`` (``(token, weight)`` pairs as in
    :attr:`Classification.top_tokens`, strongest first), as a person checks it against the
    name: ``“及时”`` (a word or characters of the name), ``“…满意度”`` (how the name ends),
    ``description “排放” “减少”`` (words of the description, in one item), ``unit （人次）`` /
    ``unit kind count`` (``lang="zh"``: ``描述“排放”“减少”``, ``单位（人次）``, unit kinds left
    out). Left out: keyword-rule features (the reason names the rule itself), name or
    description text without a Chinese character (a bracket, a digit), and a snippet whose
    text lies inside another snippet's text from the same field. At most ``limit`` snippets."""
    described = _EVIDENCE_LABELS[lang][0]
    known = _snippets.setdefault(lang, {})
    if len(known) > 500_000:  # tokens of many models: start again
        known.clear()
    snippets: list[tuple[str, str, str]] = []  # (field, text, shown)
    for token, _ in tokens:
        snippet = known.get(token, False)
        if snippet is False:
            snippet = known[token] = _snippet(token, lang)
        if snippet is not None:
            snippets.append(snippet)
    kept: list[tuple[str, str]] = []
    for where, text, shown in snippets:
        # left out: a snippet whose text lies inside another snippet's text from the same field
        inside = False
        for w, t, _ in snippets:
            if w == where and text != t and text in t:
                inside = True
                break
        if not inside and (where, shown) not in kept:
            kept.append((where, shown))
    kept = kept[:limit]
    out: list[str] = []
    for where, shown in kept:
        if where != "desc":
            out.append(shown)
        elif not any(item.startswith(described) for item in out):
            out.append(described + "".join(s for w, s in kept if w == "desc"))
    return out


def _reason(category: str, probability: float, tokens: list[tuple[str, float]], hits: list, alternatives: list[tuple[str, float]]) -> str:
    """One line: the strongest text features (:func:`readable_evidence`), the keyword rule's
    verdict, a close runner-up."""
    words = readable_evidence(tokens)
    text = f"{'、'.join(words) if words else 'no telling word'} → {category} (p={probability:.2f})"
    if hits:
        first = hits[0]
        verdict = "agrees" if first.category == category else f"says {first.category}"
        text += f"; keyword rule {first.id} ({first.pattern.pattern[:24]}) {verdict}"
    else:
        text += "; no keyword rule hits"
    if len(alternatives) > 1 and alternatives[1][1] >= 0.5 * probability:
        text += f"; close to {alternatives[1][0]} (p={alternatives[1][1]:.2f})"
    return text
