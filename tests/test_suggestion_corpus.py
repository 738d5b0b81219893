"""The shipped suggestion corpus: seeds + every real table of other organisations, each table with
its source; rebuilt by the corpus build, new files included, bad ones skipped and named."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from classifier.core.errors import ReadError
from classifier.reading import read_path
from classifier.reading.corpus import build_corpus, load_documents
from classifier.reading.real_tables import load_real_rows
from classifier.reading.suggestion_sources import (
    build_suggestion_sources,
    default_suggestion_corpus_path,
    load_suggestion_sources,
    real_sourced_documents,
)
from classifier.suggestion.index import SuggestionCorpus, load_suggestion_corpus

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real_tables"


def skeleton(sourced):
    return [(d.origin, d.document.doc_id, [(s.to_dict(), p.name, [(i.name_raw, i.value_raw, i.location.path,
                                                                   i.location.line_start) for i in p.indicators])
                                           for s, p in zip(d.sources, d.document.projects)])
            for d in sourced]


@pytest.fixture(scope="module")
def shipped():
    return load_suggestion_sources()


def test_the_shipped_suggestion_corpus_is_the_seeds_plus_every_real_table_and_up_to_date(shipped, tmp_path):
    seeds = read_path(ROOT / "corpus" / "raw", root=ROOT).documents
    fresh_path, rec = build_suggestion_sources(seeds, out=tmp_path / "s.jsonl")
    assert skeleton(load_suggestion_sources(fresh_path)) == skeleton(shipped), \
        "corpus/parsed/suggestion_corpus.jsonl is stale: run `zhibiao corpus build`"
    assert {d.document.doc_id for d in shipped if d.origin == "real"} == {p.stem for p in REAL.glob("*.jsonl")}
    assert sum(d.document.indicator_count for d in shipped if d.origin == "real") == len(load_real_rows())
    assert sum(d.document.indicator_count for d in shipped if d.origin == "seed") == \
        sum(d.indicator_count for d in load_documents())
    assert rec.balanced and rec.failed_files == [] and rec.label_stale == 0


def test_every_real_table_carries_organisation_page_address_year_and_field(shipped):
    by_line = {(r.file, r.line): r for r in load_real_rows()}
    for d in shipped:
        for source, project in zip(d.sources, d.document.projects):
            if d.origin == "seed":
                assert source.source.startswith("corpus/raw/") and not source.organisation[:1].isdigit()
                continue
            first = by_line[(project.indicators[0].location.path, project.indicators[0].location.line_start)]
            assert (source.organisation, source.source, source.year, source.field, source.table_kind) == (
                first.organisation, first.source_url, first.year, first.field, first.table_kind)
            assert source.source.startswith("http") and project.agency == source.organisation


def test_suggestions_draw_on_real_tables_with_their_hand_labels_and_sources():
    corpus = load_suggestion_corpus()
    real = [r for r in corpus.rows if r.source.origin == "real"]
    assert len(real) == len(load_real_rows()) and all(r.category_source == "label" for r in real)
    row = next(r for r in real if r.name == "天然林和公益林管护当期任务完成率")
    assert row.category == "completion" and row.source.field and row.source.year
    assert row.to_dict()["source"]["organisation"] == row.source.organisation


def test_a_file_added_to_the_real_tables_comes_in_by_the_same_build_and_a_broken_one_is_named(tmp_path):
    folder = tmp_path / "real"
    folder.mkdir()
    for path in sorted(REAL.glob("*.jsonl"))[:2]:
        shutil.copy(path, folder / path.name)
    record = {"level1": "产出指标", "level2": "质量指标", "level3": "新增测试指标合格率", "value": "≥95%", "unit": "",
              "project": "测试项目", "field": "health", "source_url": "https://example.org/t", "source_org": "测试医院",
              "table_kind": "target", "year": "2024"}
    (folder / "page-example.org_new.jsonl").write_text(
        json.dumps(record, ensure_ascii=False) + "\n" + json.dumps({**record, "level3": ""}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    (folder / "page-broken.jsonl").write_text("{not json\n", encoding="utf-8")
    out, rec = build_suggestion_sources([], real_dir=folder, out=tmp_path / "s.jsonl")
    docs = load_suggestion_sources(out)
    new = next(d for d in docs if d.document.doc_id == "page-example.org_new")
    assert new.sources[0].organisation == "测试医院" and new.sources[0].year == "2024"
    assert [i.name for i in new.document.projects[0].indicators] == ["新增测试指标合格率"]
    assert rec.real_files == 3 and rec.real_rows_unnamed == 1 and rec.balanced
    assert len(rec.failed_files) == 1 and "page-broken.jsonl" in rec.failed_files[0]
    assert rec.unlabelled == 1  # the new row has no hand label: classified when loaded
    text = "\n".join(rec.lines())
    assert "page-broken.jsonl" in text and "无三级指标名称：    1" in text


def test_the_corpus_build_writes_the_suggestion_corpus_next_to_the_corpus(tmp_path):
    target, rec = build_corpus(ROOT / "corpus" / "raw", tmp_path / "documents.jsonl")
    written = tmp_path / "suggestion_corpus.jsonl"
    assert written.is_file() and rec.suggestion_corpus.path == written
    assert any("建议语料" in line for line in rec.lines())
    assert rec.suggestion_corpus.seed_indicators == rec.indicators


def test_a_missing_or_broken_suggestion_corpus_is_one_line(tmp_path):
    with pytest.raises(ReadError) as err:
        load_suggestion_sources(tmp_path / "none.jsonl")
    assert "none.jsonl" in str(err.value) and "\n" not in str(err.value)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"origin": "seed"}\n', encoding="utf-8")
    with pytest.raises(ReadError, match="第 1 行"):
        load_suggestion_sources(bad)


def test_users_documents_get_a_user_source(tmp_path):
    doc = load_documents()[0]
    corpus = SuggestionCorpus.from_documents([doc])
    assert {r.source.origin for r in corpus.rows} == {"user"}
    assert corpus.rows[0].source.organisation == "中日唐山曹妃甸生态工业园管理委员会本级"
    assert corpus.rows[0].source.year == "2022"


def test_the_default_path_is_in_the_shipped_corpus_folder():
    assert default_suggestion_corpus_path() == ROOT / "corpus" / "parsed" / "suggestion_corpus.jsonl"
    assert len(real_sourced_documents()) == len(list(REAL.glob("*.jsonl")))
