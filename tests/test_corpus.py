"""Corpus build (deterministic, reconciled, machine-independent paths) and loading."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.reading.corpus import Reconciliation, build_corpus, iter_rows, read_corpus, load_documents, write_corpus
from classifier.core.errors import ReadError
from classifier.core.paths import default_corpus_path
from classifier.core.records import Document

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "documents.jsonl"
    target, rec = build_corpus(ROOT / "corpus" / "raw", out)
    return target, rec


def test_reconciliation_figures(built):
    _, rec = built
    assert (rec.documents, rec.projects, rec.indicators) == (5, 26, 189)
    assert rec.rows_read == rec.indicators + rec.skipped
    assert rec.skipped_by_reason == {"blank": 13, "header": 26, "project_header": 181}
    assert rec.failed_files == []
    # 000-003: header block and indicator table are two tables per project (a " " line
    # between them); 004: one table per project
    assert rec.tables == 2 * 5 + 2 * 1 + 2 * 4 + 2 * 3 + 13
    text = "\n".join(rec.lines())
    assert "保留的指标行：189" in text and "  project_header：181" in text


def test_build_is_deterministic_and_paths_are_relative(built, tmp_path):
    first, _ = built
    second, _ = build_corpus(ROOT / "corpus" / "raw", tmp_path / "again.jsonl")
    assert first.read_bytes() == second.read_bytes()
    lines = first.read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["doc_id"] for line in lines]
    assert ids == sorted(ids)
    assert "/work/" not in first.read_text(encoding="utf-8")
    for doc in (Document.from_dict(json.loads(line)) for line in lines):
        assert doc.source_path == f"corpus/raw/{doc.doc_id}.txt"
        assert all(i.location.path == doc.source_path for _, i in doc.iter_indicators())


def test_shipped_corpus_matches_the_raw_documents(built):
    """The committed corpus/parsed/documents.jsonl holds the same rows, from the same lines."""
    fresh = load_documents(built[0])
    shipped = load_documents(ROOT / "corpus" / "parsed" / "documents.jsonl")

    def skeleton(docs):
        return [
            (d.doc_id, d.rows_read, [(p.name, [(i.name_raw, i.value_raw, i.location.line_start) for i in p.indicators])
                                     for p in d.projects])
            for d in docs
        ]

    assert skeleton(shipped) == skeleton(fresh)


def test_load_documents_default_is_the_shipped_corpus(monkeypatch):
    monkeypatch.delenv("ZHIBIAO_CORPUS", raising=False)
    assert default_corpus_path() == ROOT / "corpus" / "parsed" / "documents.jsonl"
    docs = load_documents()
    assert len(docs) == 5 and sum(d.indicator_count for d in docs) == 189


def test_load_documents_from_folder_file_and_jsonl_agree(built):
    from_folder = load_documents(ROOT / "corpus" / "raw")
    from_file = load_documents(ROOT / "corpus" / "raw" / "003_382d1d14c10aae40.txt")
    from_jsonl = load_documents(built[0])
    assert [d.doc_id for d in from_folder] == [d.doc_id for d in from_jsonl]
    assert len(from_file) == 1 and from_file[0].indicator_count == 24
    # records survive the JSON round trip unchanged (apart from the path form)
    jsonl_003 = next(d for d in from_jsonl if d.doc_id.startswith("003"))
    a, b = jsonl_003.to_dict(), from_file[0].to_dict()
    for d in (a, b):
        d.pop("source_path")
    assert json.loads(json.dumps(a).replace("corpus/raw/", "")) == json.loads(
        json.dumps(b).replace(str(ROOT / "corpus" / "raw") + "/", ""))


def test_iter_rows_yields_every_indicator_with_its_parents():
    docs = load_documents(ROOT / "corpus" / "raw")
    rows = list(iter_rows(docs))
    assert len(rows) == 189
    for doc, project, indicator in rows:
        assert project in doc.projects and indicator in project.indicators
    assert rows[0][2].name == "企业开工率、投产率"


def test_strict_and_lenient_loading_of_a_folder_with_a_bad_file(tmp_path):
    seed = ROOT / "corpus" / "raw" / "001_44a02c3b6b020072.txt"
    (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ReadError, match="broken.xlsx"):
        load_documents(tmp_path)
    result = read_corpus(tmp_path)
    assert len(result.documents) == 1 and len(result.failures) == 1
    rec = Reconciliation.of(result.documents, result.failures)
    assert rec.documents == 1 and len(rec.failed_files) == 1


def test_broken_jsonl_names_the_line(tmp_path):
    path = tmp_path / "c.jsonl"
    docs = load_documents(ROOT / "corpus" / "raw" / "001_44a02c3b6b020072.txt")
    write_corpus(docs, path)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    with pytest.raises(ReadError, match="第 2 行：不是语料记录"):
        load_documents(path)
    with pytest.raises(ReadError, match="语料文件不存在"):
        load_documents(tmp_path / "missing.jsonl")


def test_env_var_overrides_default_corpus(monkeypatch, built):
    monkeypatch.setenv("ZHIBIAO_CORPUS", str(built[0]))
    assert default_corpus_path() == built[0]
    assert len(load_documents()) == 5


def test_folder_passes_over_hidden_and_lock_files_and_flags_duplicate_ids(tmp_path):
    seed = ROOT / "corpus" / "raw" / "001_44a02c3b6b020072.txt"
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    for target in (tmp_path / seed.name, tmp_path / "a" / seed.name, tmp_path / ".git" / seed.name):
        target.write_bytes(seed.read_bytes())
    (tmp_path / "~$001.docx").write_bytes(b"lock")
    result = read_corpus(tmp_path)
    assert len(result.documents) == 2 and result.failures == []
    assert [Path(p).name for p in result.ignored] == ["~$001.docx"]
    rec = Reconciliation.of(result.documents, result.failures, result.ignored)
    assert list(rec.duplicate_ids) == [seed.stem]
    assert any(line.startswith("重复的 doc_id") for line in rec.lines())
