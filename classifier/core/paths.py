"""Where things live: shipped data files, the default model, the default corpus, caches.

Environment variables override the defaults:
``ZHIBIAO_MODEL_DIR`` (the model folder), ``ZHIBIAO_CORPUS`` (a parsed corpus .jsonl),
``ZHIBIAO_CACHE_DIR`` (jieba's dictionary cache; default ``~/.cache/zhibiao``, never /tmp),
``ZHIBIAO_JOBS`` (worker processes for cross-validation folds, default: the CPU count, at most 4),
``ZHIBIAO_REAL_TABLES`` (a folder of real-table ``*.jsonl`` files, default ``corpus/real_tables``),
``ZHIBIAO_EXTRA_CORPUS`` (the user's own documents for suggestions and drafts, added to the shipped corpus).
The tests read ``ZHIBIAO_SLOW_TESTS`` (run the slow tests too) in ``tests/conftest.py``.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PACKAGE_DIR / "data"
#: The folder holding ``models/`` and ``corpus/``: the checkout when the package runs from one
#: (an editable install), else the copy a wheel carries in ``classifier/_shipped`` (setup.py).
PROJECT_ROOT = PACKAGE_DIR.parent if (PACKAGE_DIR.parent / "models" / "metadata.json").is_file() else PACKAGE_DIR / "_shipped"
CORPUS_DIR = PROJECT_ROOT / "corpus"


def default_model_dir() -> Path:
    """The shipped model folder (``models/``) unless ZHIBIAO_MODEL_DIR is set."""
    return Path(os.environ.get("ZHIBIAO_MODEL_DIR") or PROJECT_ROOT / "models")


def default_corpus_path() -> Path:
    """The shipped parsed corpus unless ZHIBIAO_CORPUS is set."""
    return Path(os.environ.get("ZHIBIAO_CORPUS") or CORPUS_DIR / "parsed" / "documents.jsonl")


def extra_corpus_path() -> Path | None:
    """The user's own suggestion corpus from ``$ZHIBIAO_EXTRA_CORPUS`` (a file or folder), or None."""
    value = os.environ.get("ZHIBIAO_EXTRA_CORPUS", "").strip()
    return Path(value) if value else None


def real_tables_dir() -> Path:
    """The real tables of other organisations (``corpus/real_tables``) unless ZHIBIAO_REAL_TABLES is set."""
    return Path(os.environ.get("ZHIBIAO_REAL_TABLES") or CORPUS_DIR / "real_tables")


def real_labels_path() -> Path:
    """The hand labels of the real-table rows (``corpus/real_labels.csv``)."""
    return CORPUS_DIR / "real_labels.csv"


def real_audit_gold_path() -> Path:
    """The audit gold of the real tables (``corpus/real_audit_gold.csv``)."""
    return CORPUS_DIR / "real_audit_gold.csv"


def labels_path() -> Path:
    """The hand labels of the seed-corpus names (``corpus/labels.csv``)."""
    return CORPUS_DIR / "labels.csv"


def curated_path() -> Path:
    """The curated example phrasings written by the project (``corpus/curated_phrasings.csv``)."""
    return CORPUS_DIR / "curated_phrasings.csv"


def audit_gold_path() -> Path:
    """The reviewer's audit findings on the seed documents (``corpus/audit_gold.csv``)."""
    return CORPUS_DIR / "audit_gold.csv"


def raw_corpus_dir() -> Path:
    """The shipped source documents (``corpus/raw``)."""
    return CORPUS_DIR / "raw"


def default_jobs() -> int:
    """Worker processes for cross-validation folds: ``ZHIBIAO_JOBS`` if set, else the CPU count (at most 4)."""
    value = os.environ.get("ZHIBIAO_JOBS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


def cache_dir() -> Path:
    """A private cache folder (created on demand), outside the shared /tmp."""
    path = Path(os.environ.get("ZHIBIAO_CACHE_DIR") or Path.home() / ".cache" / "zhibiao")
    path.mkdir(parents=True, exist_ok=True)
    return path


@lru_cache(maxsize=None)
def load_data_json(name: str) -> Any:
    """Load a JSON data file shipped in ``classifier/data`` (cached; do not mutate the result)."""
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)
