"""Corpus norms the audit compares against (R13: the satisfaction target).

:func:`compute_corpus_stats` takes documents; :func:`default_corpus_stats` computes them
once from the shipped parsed corpus (``corpus/parsed/documents.jsonl``, or the raw
documents when the parsed file is absent), caches the result in memory and in
``cache_dir()/audit_norms.json`` (keyed by the corpus file's path, size and mtime), and
returns None when no corpus can be read.
"""
from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from classifier.core.records import Document
from classifier.auditing.rules.base import is_satisfaction_name, percent_value, rule_table

CACHE_FILE = "audit_norms.json"
CACHE_VERSION = 1


@dataclass(frozen=True)
class CorpusStats:
    """Satisfaction targets in a corpus: the median, quartiles and row count of the %
    values of rows whose 三级 name is a satisfaction measure. ``source`` names the corpus."""

    satisfaction_median: float | None
    satisfaction_q1: float | None
    satisfaction_q3: float | None
    satisfaction_rows: int
    source: str

    def evidence(self, number: float) -> dict[str, Any]:
        return {"value": number, "corpus_median": self.satisfaction_median, "corpus_q1": self.satisfaction_q1,
                "corpus_q3": self.satisfaction_q3, "corpus_rows": self.satisfaction_rows,
                "corpus": self.source}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def compute_corpus_stats(documents: Iterable[Document], *, source: str = "") -> CorpusStats:
    """Satisfaction norms of ``documents`` (median is None below the minimum row count)."""
    table = rule_table()
    values = []
    for document in documents:
        for _, ind in document.iter_indicators():
            if is_satisfaction_name(ind.name, table) and ind.threshold.direction not in ("<=", "<"):
                number = percent_value(ind)
                if number is not None and 0 <= number <= 100:
                    values.append(number)
    if len(values) < int(table["corpus_stats"]["satisfaction_min_rows"]):
        return CorpusStats(None, None, None, len(values), source)
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return CorpusStats(float(statistics.median(values)), float(q1), float(q3), len(values), source)


def _corpus_documents() -> tuple[list[Document], Path] | None:
    from classifier.core.paths import default_corpus_path, raw_corpus_dir

    parsed = default_corpus_path()
    if parsed.is_file():
        with open(parsed, encoding="utf-8") as fh:
            return [Document.from_dict(json.loads(line)) for line in fh if line.strip()], parsed
    raw = raw_corpus_dir()
    if raw.is_dir():
        try:
            from classifier.reading import read_document
        except ImportError:
            return None
        docs = []
        for path in sorted(p for p in raw.iterdir() if p.is_file() and not p.name.startswith(".")):
            try:
                docs.append(read_document(path))
            except Exception:  # a bad corpus file only lowers the row count
                continue
        return docs, raw
    return None


@lru_cache(maxsize=1)
def default_corpus_stats() -> CorpusStats | None:
    """Norms of the shipped corpus, computed once (memory + disk cache); None without a corpus."""
    from classifier.core.paths import cache_dir, default_corpus_path

    parsed = default_corpus_path()
    key = None
    if parsed.is_file():
        st = parsed.stat()
        key = f"{CACHE_VERSION}:{parsed.resolve()}:{st.st_size}:{st.st_mtime_ns}"
        cache = cache_dir() / CACHE_FILE
        try:
            cached = json.loads(cache.read_text(encoding="utf-8"))
            if cached.get("key") == key:
                return CorpusStats(**cached["stats"])
        except (OSError, ValueError, TypeError, KeyError):
            pass
    found = _corpus_documents()
    if found is None:
        return None
    documents, path = found
    stats = compute_corpus_stats(documents, source=str(path))
    if key is not None:
        try:
            (cache_dir() / CACHE_FILE).write_text(
                json.dumps({"key": key, "stats": stats.to_dict()}, ensure_ascii=False), encoding="utf-8"
            )
        except OSError:
            pass
    return stats
