"""The leave-one-document-out evaluation on hand-built documents: no leakage, figures add up."""
from __future__ import annotations

import pytest

import classifier.evaluation.suggestions as ev_module
from classifier.evaluation.suggestions import evaluate_suggestions
from classifier.suggestion.index import SuggestionCorpus
from test_suggest_helpers import LABELS, documents


@pytest.fixture(scope="module")
def evaluation():
    return evaluate_suggestions(documents(), labels=LABELS)


def test_held_out_document_never_in_the_corpus_it_is_drafted_from(monkeypatch):
    built = []
    original = SuggestionCorpus.from_documents.__func__

    def spy(cls, docs, **kwargs):
        docs = list(docs)
        built.append({d.doc_id for d in docs})
        return original(cls, docs, **kwargs)

    monkeypatch.setattr(ev_module.SuggestionCorpus, "from_documents", classmethod(spy))
    result = evaluate_suggestions(documents(), labels=LABELS)
    assert built == [{"docB", "docC"}, {"docA", "docC"}, {"docA", "docB"}]
    assert {p.doc_id for p in result.per_project} == {"docA", "docB", "docC"}


def test_counts_and_shares_add_up(evaluation):
    e = evaluation
    assert (e.documents, e.projects, e.rows) == (3, 5, 3 * 7 + 2 * 6)
    assert e.categories == sum(len(p.actual_categories) for p in e.per_project)
    assert e.coverage == pytest.approx(sum(p.covered for p in e.per_project) / e.categories)
    assert e.value_accuracy == pytest.approx(sum(p.value_hits for p in e.per_project) / e.rows)
    assert sum(n for n, _, _ in e.per_category.values()) == e.rows
    assert 0 <= e.baseline_value_accuracy <= 1 and 0 <= e.precision <= 1


def test_process_measures_are_not_counted_as_categories_to_cover(evaluation):
    for p in evaluation.per_project:
        assert "budget_execution" not in p.actual_categories


def test_investment_projects_are_covered_from_the_other_investment_tables(evaluation):
    # docB's only project has the same 7-row template as the 招商 tables of docA and docC
    (b,) = [p for p in evaluation.per_project if p.doc_id == "docB"]
    assert b.covered == len(b.actual_categories) == 6
    # its satisfaction row (≥95%) is within 5 points of the typical ≥90%
    assert evaluation.per_category["satisfaction"][1] >= 3


def test_lines_print_both_figures_and_baselines(evaluation):
    text = "\n".join(evaluation.lines())
    assert "(a) category coverage" in text and "baseline" in text and "(b) value equals" in text
