"""Leave one organisation out on hand-built documents: the held-out organisation is never in
the corpus it is judged against, and the figures add up."""
from __future__ import annotations

import pytest

import classifier.evaluation.suggestions_by_organisation as ev_module
from classifier.evaluation.suggestions_by_organisation import evaluate_by_organisation
from classifier.reading.suggestion_sources import SourcedDocument, TableSource
from classifier.suggestion.index import SuggestionCorpus
from test_suggest_helpers import LABELS, documents


def sourced():
    docs = documents()
    origins = {"docA": "seed", "docB": "real", "docC": "real"}
    return [SourcedDocument(d, [TableSource(f"单位{d.doc_id}", f"https://example.org/{d.doc_id}", "2023", "", "target",
                                            origins[d.doc_id])] * len(d.projects), origins[d.doc_id]) for d in docs]


@pytest.fixture(scope="module")
def result():
    return evaluate_by_organisation(sourced(), labels=LABELS, row_labels={})


def test_the_held_out_organisation_is_never_in_its_corpus(monkeypatch):
    built = []
    original = SuggestionCorpus.from_documents.__func__

    def spy(cls, docs, **kwargs):
        docs = list(docs)
        built.append({d.document.doc_id for d in docs})
        return original(cls, docs, **kwargs)

    monkeypatch.setattr(ev_module.SuggestionCorpus, "from_documents", classmethod(spy))
    evaluate_by_organisation(sourced(), labels=LABELS, row_labels={}, drafts=False)
    assert built == [{"docB", "docC"}, {"docA", "docC"}, {"docA", "docB"}]
    built.clear()
    evaluate_by_organisation(sourced(), labels=LABELS, row_labels={}, drafts=False, training="seeds")
    assert built == [set(), {"docA"}, {"docA"}]  # only the seed document, never the held-out one


def test_figures_add_up(result):
    s = result.summary()
    assert s["rows"] == len(result.rows) and s["rows"] + result.rows_without_value == 33
    assert abs(sum(s["verdicts"].values()) - 1) < 1e-9
    assert s["acceptable"] == pytest.approx(s["verdicts"]["typical"] + s["verdicts"]["stricter"])
    assert result.summary("seed")["rows"] + result.summary("real")["rows"] == s["rows"]
    assert s["tables"] == 5 and 0 <= s["level2_coverage"] <= 1


def test_a_satisfaction_value_the_others_use_is_in_range_and_typical(result):
    rows = [r for r in result.rows if r.name == "服务对象满意度" and r.value == "≥90%"]
    assert rows and all(r.in_range and r.equal and r.verdict == "typical" for r in rows)
    low = next(r for r in result.rows if r.name == "服务对象满意度" and r.value == "≥60%")
    assert not low.in_range and low.verdict == "looser" and low.baseline == "≥90%"


def test_lines_name_both_baselines(result):
    text = "\n".join(result.lines())
    assert "baseline (most common value of the category)" in text and "(c) drafts of" in text


def test_unknown_training_is_refused():
    with pytest.raises(ValueError, match="training"):
        evaluate_by_organisation(sourced(), training="everything")
