"""What ships is what the code makes: the parsed corpus is a fresh build of corpus/raw.

A change to the reader, the threshold parser, the level or basis rules must be
followed by `zhibiao corpus build` (and a commit); otherwise users get stale records.
"""
from __future__ import annotations

from pathlib import Path

from classifier.reading.corpus import build_corpus
from classifier.core.paths import PROJECT_ROOT

SHIPPED = PROJECT_ROOT / "corpus" / "parsed" / "documents.jsonl"


def test_shipped_corpus_is_a_fresh_build_of_corpus_raw(tmp_path: Path):
    out, reconciliation = build_corpus(PROJECT_ROOT / "corpus" / "raw", tmp_path / "documents.jsonl")
    assert reconciliation.failed_files == []
    fresh = out.read_text(encoding="utf-8").splitlines()
    shipped = SHIPPED.read_text(encoding="utf-8").splitlines()
    assert len(fresh) == len(shipped)
    for new, old in zip(fresh, shipped):
        assert new == old, "corpus/parsed/documents.jsonl is stale: run `zhibiao corpus build` and commit it"
