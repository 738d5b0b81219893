"""The README's classifier figures are the shipped model's (made by classifier.evaluation.figures from
models/metadata.json), so a retrained model cannot leave stale figures behind."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from classifier.evaluation.figures import figure_tables

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("page, names", [("README.md", ("headline", "audit")),
                                         ("docs/evaluation.md", ("headline", "fields", "secondary")),
                                         ("docs/audit.md", ("audit",))])
def test_the_pages_quote_the_figures_of_the_shipped_model(page, names):
    text = (ROOT / page).read_text(encoding="utf-8")
    tables = figure_tables()
    assert {"headline", "fields", "secondary", "audit"} <= set(tables), "the shipped model's metadata holds its evaluation"
    for name in names:
        quoted = re.search(rf"<!-- figures:{name} -->\n(.*?)\n<!-- /figures:{name} -->", text, re.S)
        assert quoted, f"{page} has no <!-- figures:{name} --> block; paste `python -m classifier.evaluation.figures`"
        assert quoted.group(1).strip() == tables[name].strip(), f"{page} figures:{name} differ from models/metadata.json"


def test_the_readme_is_a_front_door():
    assert len((ROOT / "README.md").read_bytes()) <= 10_000


def test_the_headline_is_the_real_tables():
    headline = figure_tables()["headline"].splitlines()
    assert "real tables" in headline[2] and "test split" in headline[3]


@pytest.mark.parametrize("page", ["README.md", "docs/suggestions.md"])
def test_the_pages_quote_the_stored_suggestion_figures(page):
    """The suggestions' figures are those `benchmarks/eval_suggestions.py --save` stored; rerun it
    (and paste `--table`) when the suggestions change."""
    import json

    from classifier.evaluation.suggestions_by_organisation import figures_table

    stored = json.loads((ROOT / "benchmarks" / "results" / "eval_suggestions.json").read_text(encoding="utf-8"))
    text = (ROOT / page).read_text(encoding="utf-8")
    quoted = re.search(r"<!-- figures:suggestions -->\n(.*?)\n<!-- /figures:suggestions -->", text, re.S)
    assert quoted, f"{page} has no <!-- figures:suggestions --> block; paste `python benchmarks/eval_suggestions.py --table`"
    assert quoted.group(1).strip() == figures_table(stored).strip(), f"{page} figures:suggestions differ from the stored run"
    assert "77.9%" not in text
