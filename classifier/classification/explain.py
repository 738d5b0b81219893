"""Why the classifier chose a category, in words a person can check against the name."""
from __future__ import annotations

from typing import Sequence

from classifier.classification.features import _FIELD_LABEL, UNIT_KINDS
from classifier.vocabulary.segmentation import has_cjk


_EVIDENCE_LABELS = {"en": ("description ", "unit ", "unit kind "), "zh": ("描述", "单位", None)}


def readable_evidence(tokens: Sequence[tuple[str, float]], *, limit: int = 3, lang: str = "en") -> list[str]:
    """The text behind the strongest features of ``tokens`` (``(token, weight)`` pairs as in
    :attr:`Classification.top_tokens`, strongest first), as a person checks it against the
    name: ``“及时”`` (a word or characters of the name), ``“…满意度”`` (how the name ends),
    ``description “排放” “减少”`` (words of the description, in one item), ``unit （人次）`` /
    ``unit kind count`` (``lang="zh"``: ``描述“排放”“减少”``, ``单位（人次）``, unit kinds left
    out). Left out: keyword-rule features (the reason names the rule itself), name or
    description text without a Chinese character (a bracket, a digit), and a snippet whose
    text lies inside another snippet's text from the same field. At most ``limit`` snippets."""
    described, unit_label, kind_label = _EVIDENCE_LABELS[lang]
    snippets: list[tuple[str, str, str]] = []  # (field, text, shown)
    for token, _ in tokens:
        if token.startswith(_FIELD_LABEL["rule"]):
            continue
        if token.startswith(_FIELD_LABEL["unit"]):
            text = token[len(_FIELD_LABEL["unit"]):]
            if text not in UNIT_KINDS and text != "per_unit":
                snippets.append(("unit", text, f"{unit_label}（{text}）"))
            elif kind_label:
                snippets.append(("unit", text, f"{kind_label}{text}"))
            continue
        if token.startswith(_FIELD_LABEL["char"]):
            where, text, shown = "name", token[len(_FIELD_LABEL["char"]):], "“{}”"
        elif token.startswith(_FIELD_LABEL["head"]):
            where, text, shown = "name", token[len(_FIELD_LABEL["head"]):].partition("_")[2], "“…{}”"
        elif token.startswith(_FIELD_LABEL["desc"]):
            where, text, shown = "desc", token[len(_FIELD_LABEL["desc"]):], "“{}”"
        else:
            where, text, shown = "name", token, "“{}”"
        if has_cjk(text):
            snippets.append((where, text, shown.format(text)))
    kept: list[tuple[str, str]] = []
    for k, (where, text, shown) in enumerate(snippets):
        inside = any(j != k and w == where and text != t and text in t for j, (w, t, _) in enumerate(snippets))
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
