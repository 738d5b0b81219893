"""The blind test set ``corpus/blind_phrasings.csv`` (see corpus/README.md).

The file was written by hand, after the model, by someone who saw neither the training data,
nor the keyword rules, nor the model. These tests keep it usable as a held-out set: it parses,
its labels are taxonomy ids, every field and category is represented, and no name in it is
(after normalization) a training example — so a later addition to the training data that
leaks a blind name makes the suite fail.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from classifier.segmentation import normalize_text
from classifier.taxonomy import load_taxonomy

BLIND_PATH = Path(__file__).resolve().parent.parent / "corpus" / "blind_phrasings.csv"
COLUMNS = ["name", "category", "description", "field", "note"]
FIELDS = {
    "school", "hospital", "research", "agriculture", "inspection",
    "social_security", "transport", "culture", "environment", "it",
}
MIN_ROWS_PER_FIELD = 25
MIN_ROWS_PER_CATEGORY = 8


@pytest.fixture(scope="module")
def blind_rows() -> list[dict[str, str]]:
    with BLIND_PATH.open(encoding="utf-8", newline="") as fh:  # strict UTF-8
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        rows = list(reader)
    return rows


def overlapping_names(blind_names: list[str], training_names: list[str]) -> list[str]:
    """Blind names whose normalized text equals a training name's normalized text."""
    training_keys = {normalize_text(name) for name in training_names}
    return [name for name in blind_names if normalize_text(name) in training_keys]


def test_every_row_is_complete(blind_rows):
    assert len(blind_rows) >= 300
    for line, row in enumerate(blind_rows, start=2):
        assert None not in row, f"line {line}: more cells than columns"
        assert all(value is not None for value in row.values()), f"line {line}: missing cells"
        assert row["name"].strip(), f"line {line}: empty name"


def test_categories_are_taxonomy_ids(blind_rows):
    ids = set(load_taxonomy().ids)
    unknown = sorted({row["category"] for row in blind_rows} - ids)
    assert unknown == []


def test_fields_are_the_ten_fields_each_with_enough_rows(blind_rows):
    counts = Counter(row["field"] for row in blind_rows)
    assert set(counts) == FIELDS
    thin = {field: n for field, n in counts.items() if n < MIN_ROWS_PER_FIELD}
    assert thin == {}


def test_every_category_has_enough_rows(blind_rows):
    counts = Counter(row["category"] for row in blind_rows)
    thin = {c.id: counts[c.id] for c in load_taxonomy().categories if counts[c.id] < MIN_ROWS_PER_CATEGORY}
    assert thin == {}


def test_names_are_distinct_also_after_normalization(blind_rows):
    names = [row["name"] for row in blind_rows]
    assert [n for n, k in Counter(names).items() if k > 1] == []
    keys = Counter(normalize_text(n) for n in names)
    assert [k for k, n in keys.items() if n > 1] == []


def test_overlap_check_catches_a_name_that_differs_only_by_form():
    # The check must see through what normalization removes (a unit bracket, full-width
    # characters), or the real check below could pass while a blind name leaks.
    assert overlapping_names(["病历书写甲级率（%）", "门诊量"], ["病历书写甲级率"]) == ["病历书写甲级率（%）"]
    assert overlapping_names(["ＰＵＥ值"], ["PUE值"]) == ["ＰＵＥ值"]
    assert overlapping_names(["门诊量"], ["住院量"]) == []


def test_no_blind_name_is_a_training_example(blind_rows):
    from classifier.training import load_training_data

    training_names = [example.name for example in load_training_data().examples]
    assert len(training_names) > 100  # the check is not vacuous
    leaked = overlapping_names([row["name"] for row in blind_rows], training_names)
    assert leaked == [], f"blind names found in the training data: {leaked}"
