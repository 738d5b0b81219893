"""Weak labels from the publisher's 二级, trusted where a model does not contradict them.

A published table files every 三级指标 under a 二级 (数量指标, 时效指标, 服务对象满意度指标 …).
Where the 二级 narrows what a row measures, it is a weak label (:func:`weak_label`, mapping in
``classifier/data/weak_level2.json``); publishers misfile often, so a weak label is only
trusted when a model that never saw the row does not contradict it. The test is confident
learning (Northcutt et al., 2021): with probabilities ``proba`` of shape ``(n, n_classes)``
from a model that did not train on these rows, class ``k``'s threshold ``t_k`` is the mean
probability of ``k`` over the rows weakly labeled ``k``; a row weakly labeled ``y`` is
*contradicted* when ``p_y < t_y`` and some other class ``k`` has ``p_k ≥ t_k``
(:func:`contradicted`). Contradicted rows get weight 0, the others weight 1.

Example::

    >>> from classifier.vocabulary.weak_labels import weak_label
    >>> weak_label("服务对象满意度指标"), weak_label("时效指标(必填)"), weak_label("预算管理")
    ('satisfaction', 'timeliness', None)
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from classifier.vocabulary.levels import normalize_level2
from classifier.core.paths import load_data_json

_SUFFIX = re.compile(r"[（(][^（）()]*[）)]$|等$")


def weak_label(level2: object) -> str | None:
    """The category a 二级 filing suggests, or None when it narrows nothing (or is empty).
    Spellings are normalized first (``产出数量`` → 数量指标; a trailing ``(必填)`` or ``等`` is dropped)."""
    if level2 is None:
        return None
    text = re.sub(r"\s+", "", str(level2))
    previous = None
    while text and text != previous:
        previous, text = text, _SUFFIX.sub("", text)
    if not text:
        return None
    mapping = load_data_json("weak_level2.json")["level2_to_category"]
    return mapping.get(normalize_level2(text))


def class_thresholds(weak: Sequence[str], proba: np.ndarray, classes: Sequence[str]) -> dict[str, float]:
    """``{class: mean probability of that class over the rows weakly labeled with it}``
    (classes no row is labeled with are absent). ``proba``: shape ``(len(weak), len(classes))``."""
    col = {c: k for k, c in enumerate(classes)}
    out = {}
    for c in sorted(set(weak)):
        rows = [i for i, w in enumerate(weak) if w == c]
        if c in col and rows:
            out[c] = float(proba[rows, col[c]].mean())
    return out


def contradicted(weak: Sequence[str], proba: np.ndarray, classes: Sequence[str]) -> np.ndarray:
    """Boolean array of shape ``(len(weak),)``: True where the model contradicts the weak label
    (see the module docstring). A weak label the model has no class for is contradicted."""
    col = {c: k for k, c in enumerate(classes)}
    thresholds = class_thresholds(weak, proba, classes)
    # classes without weakly labeled rows: the threshold is the mean probability over all rows
    cut = np.array([thresholds.get(c, float(proba[:, k].mean()) if len(proba) else 1.0) for k, c in enumerate(classes)])
    out = np.zeros(len(weak), dtype=bool)
    for i, label in enumerate(weak):
        k = col.get(label)
        if k is None:
            out[i] = True
            continue
        above = proba[i] >= cut
        above[k] = False
        out[i] = bool(proba[i, k] < cut[k] and above.any())
    return out
