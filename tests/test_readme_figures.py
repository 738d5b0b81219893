"""The README's classifier figures are the shipped model's (made by classifier.evaluation.figures from
models/metadata.json), so a retrained model cannot leave stale figures behind."""
from __future__ import annotations

import re
from pathlib import Path

from classifier.evaluation.figures import figure_tables

ROOT = Path(__file__).resolve().parent.parent


def test_readme_quotes_the_figures_of_the_shipped_model():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tables = figure_tables()
    assert {"headline", "fields", "secondary"} <= set(tables), "the shipped model's metadata holds its evaluation"
    for name, table in tables.items():
        quoted = re.search(rf"<!-- figures:{name} -->\n(.*?)\n<!-- /figures:{name} -->", readme, re.S)
        assert quoted, f"README has no <!-- figures:{name} --> block; paste `python -m classifier.evaluation.figures`"
        assert quoted.group(1).strip() == table.strip(), f"README figures:{name} differ from models/metadata.json"


def test_the_headline_is_the_real_tables():
    headline = figure_tables()["headline"].splitlines()
    assert "real tables" in headline[2] and "test split" in headline[3]
