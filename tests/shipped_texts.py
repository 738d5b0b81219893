"""Every row of text the project ships, for tests that compare two ways of computing the same
thing (the numpy scorer against the scikit-learn pipeline, rjieba against jieba).

``shipped_rows()`` gives ``(name, description, value)`` for: every training example (seed
corpus, real tables, curated phrasings, the taxonomy's typical names), every row of the seed
corpus and of the real tables whether labeled or not, and every blind phrasing; in that order,
each distinct triple once.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def shipped_rows() -> tuple[tuple[str, str, str], ...]:
    from classifier.classification.training import _load_documents, load_training_data
    from classifier.core.paths import default_corpus_path
    from classifier.reading.real_tables import load_real_rows

    rows: list[tuple[str, str, str]] = []
    data = load_training_data()
    rows += [(e.name, e.description or "", e.value or "") for e in data.examples]
    rows += [(name, "", "") for name in data.unlabeled]
    for document in _load_documents(default_corpus_path()):
        rows += [(ind.name, ind.description or "", ind.value_raw or "") for _, ind in document.iter_indicators()]
    for row in load_real_rows():
        rows.append((row.name, row.description, row.value + (row.unit if row.unit and row.unit not in row.value else "")))
    for path in sorted((ROOT / "corpus").glob("blind_phrasings*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            rows += [(r["name"], r.get("description") or "", "") for r in csv.DictReader(fh)]
    return tuple(dict.fromkeys(rows))


def shipped_texts() -> list[str]:
    """Every distinct name and description of :func:`shipped_rows`, normalized as the
    classifier normalizes them before segmenting (empty ones left out)."""
    from classifier.vocabulary.segmentation import normalize_text

    texts = {normalize_text(t) for name, desc, _ in shipped_rows() for t in (name, desc)}
    texts.discard("")
    return sorted(texts)
