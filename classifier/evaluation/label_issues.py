"""The corpus's own likely mislabels, confident-learning style (``zhibiao audit --corpus``).

Every corpus row gets out-of-fold class probabilities
(:func:`classifier.evaluation.cross_validation.out_of_fold_probabilities`: the model that scores a row
never saw its document nor any row with the same normalized name). Two ranked lists:

* ``misfiled``: rows R04 would flag with the out-of-fold probabilities: the probability
  that the row does not belong under its declared 二级 (the mass of the categories whose
  expected 二级 exclude it, :func:`~classifier.auditing.rules.categories.level2_fit`) is
  ≥ the R04 cut-off — the table's own filing is probably wrong. Ranked by that
  probability (``misfiled_probability``).
* ``disputed_labels``: hand labels (``corpus/labels.csv``) the out-of-fold model
  confidently disputes. As in confident learning, the per-class threshold ``t_k`` is the
  mean probability of class k over the rows hand-labelled k; a row labelled j ≠ k is
  listed when ``p_k ≥ t_k`` and k is the arg-max. Ranked by ``p_k − p_j``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from classifier.auditing.rules.base import rule_table
from classifier.auditing.rules.categories import NOT_R04, level2_fit


@dataclass
class CorpusSuspect:
    """One ranked suspect row. ``kind`` is ``misfiled`` or ``disputed_label``."""

    kind: str
    doc_id: str
    project_index: int
    row: int
    name: str
    level1: str
    level2: str
    label: str
    predicted: str
    probability: float
    label_probability: float
    expected_level2: list[str]
    location: str
    misfiled_probability: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CorpusMislabels:
    misfiled: list[CorpusSuspect]
    disputed_labels: list[CorpusSuspect]
    rows: int
    cutoff: float
    class_thresholds: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows, "cutoff": self.cutoff, "class_thresholds": self.class_thresholds,
            "misfiled": [s.to_dict() for s in self.misfiled],
            "disputed_labels": [s.to_dict() for s in self.disputed_labels],
        }


def corpus_mislabels(oof: Any = None, *, cutoff: float | None = None, progress: Any = None) -> CorpusMislabels:
    """Rank the corpus's likely mislabels from out-of-fold probabilities (computed when
    ``oof`` is None, ``progress(step, done, total)`` called after each fold as by
    :func:`~classifier.evaluation.cross_validation.out_of_fold_probabilities`; raises the
    evaluation's error when there is no parsed corpus)."""
    import numpy as np

    from classifier.auditing.api import guess_regime, regime_levels
    from classifier.core.taxonomy import load_taxonomy

    if oof is None:
        from classifier.evaluation.cross_validation import out_of_fold_probabilities

        oof = out_of_fold_probabilities(progress=progress)
    taxonomy = load_taxonomy()
    cutoff = float(rule_table()["cutoffs"]["R04_probability"] if cutoff is None else cutoff)
    col = {c: k for k, c in enumerate(oof.classes)}
    predicted_idx = np.argmax(oof.proba, axis=1)
    labels = [e.category for e in oof.examples]
    thresholds: dict[str, float] = {}
    for cls, k in col.items():
        own = [oof.proba[i, k] for i, lab in enumerate(labels) if lab == cls]
        if own:
            thresholds[cls] = float(np.mean(own))
    regimes: dict[str, str] = {}
    valid_level2: dict[str, set[str]] = {}
    misfiled, disputed = [], []
    for i, e in enumerate(oof.examples):
        ind, project, document = e.indicator, e.project, e.document
        if ind is None or project is None or document is None:
            continue
        if document.doc_id not in regimes:
            regimes[document.doc_id] = guess_regime(document)[0]
            valid_level2[document.doc_id] = {l2 for children in regime_levels(regimes[document.doc_id]).values()
                                             for l2 in children}
        k = int(predicted_idx[i])
        pred, p = oof.classes[k], float(oof.proba[i, k])
        p_label = float(oof.proba[i, col[e.category]]) if e.category in col else 0.0
        expected = list(taxonomy.expected_level2(pred, regimes[document.doc_id]))

        distribution = {c: float(oof.proba[i, col[c]]) for c in oof.classes}
        p_misfiled, _, misfit = level2_fit(distribution, ind.level2, regimes[document.doc_id])

        def suspect(kind: str) -> CorpusSuspect:
            return CorpusSuspect(
                kind=kind, doc_id=document.doc_id, project_index=project.index, row=ind.row, name=ind.name,
                level1=ind.level1, level2=ind.level2, label=e.category, predicted=pred,
                probability=round(p, 4), label_probability=round(p_label, 4), expected_level2=expected,
                location=str(ind.location), misfiled_probability=round(p_misfiled, 4),
            )

        if (pred not in NOT_R04 and misfit and p_misfiled >= cutoff
                and ind.level2 in valid_level2[document.doc_id]):
            misfiled.append(suspect("misfiled"))
        if pred != e.category and p >= thresholds.get(pred, 1.0):
            disputed.append(suspect("disputed_label"))
    misfiled.sort(key=lambda s: (-s.misfiled_probability, s.doc_id, s.project_index, s.row))
    disputed.sort(key=lambda s: (-(s.probability - s.label_probability), s.doc_id, s.project_index, s.row))
    return CorpusMislabels(misfiled=misfiled, disputed_labels=disputed, rows=len(oof.examples),
                           cutoff=cutoff, class_thresholds={k: round(v, 4) for k, v in thresholds.items()})
