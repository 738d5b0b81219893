"""The blind test sets ``corpus/blind_phrasings.csv``, ``corpus/blind_phrasings_2.csv``,
``corpus/blind_phrasings_3.csv`` and ``corpus/blind_phrasings_4.csv`` (see corpus/README.md).

Each file was written by hand, apart from the training data, by someone who saw neither the
training data, nor the keyword rules, nor the model. These tests keep them usable as
held-out sets: they parse, their labels are taxonomy ids, every field and category is
represented, and no name in them is (after normalization) a training example — so a later
addition to the training data that leaks a blind name makes the suite fail.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from classifier.vocabulary.segmentation import normalize_text
from classifier.core.taxonomy import load_taxonomy

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BLIND_PATH = CORPUS / "blind_phrasings.csv"
COLUMNS = ["name", "category", "description", "field", "note"]
#: file → (its fields, fewest rows per field, fewest rows per category, fewest rows)
BLIND_SETS = {
    "blind_phrasings.csv": (
        {"school", "hospital", "research", "agriculture", "inspection",
         "social_security", "transport", "culture", "environment", "it"}, 25, 8, 300),
    "blind_phrasings_2.csv": (
        {"civil_affairs", "water", "housing", "sports", "justice", "emergency",
         "market_regulation", "commerce_tourism", "statistics_tax", "veterans_disability"}, 25, 5, 250),
    "blind_phrasings_3.csv": (
        {"school", "hospital", "research", "agriculture", "inspection", "social_security"}, 40, 5, 280),
    "blind_phrasings_4.csv": (
        {"school", "hospital", "research", "agriculture", "inspection", "social_security"}, 40, 5, 280),
}


def read_blind(file_name: str) -> list[dict[str, str]]:
    with (CORPUS / file_name).open(encoding="utf-8", newline="") as fh:  # strict UTF-8
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.fixture(scope="module", params=sorted(BLIND_SETS))
def blind_set(request) -> tuple[str, list[dict[str, str]]]:
    return request.param, read_blind(request.param)


@pytest.fixture(scope="module")
def blind_rows() -> list[dict[str, str]]:
    return read_blind("blind_phrasings.csv")


def overlapping_names(blind_names: list[str], training_names: list[str]) -> list[str]:
    """Blind names whose normalized text equals a training name's normalized text."""
    training_keys = {normalize_text(name) for name in training_names}
    return [name for name in blind_names if normalize_text(name) in training_keys]


def test_every_row_is_complete(blind_set):
    file_name, rows = blind_set
    assert len(rows) >= BLIND_SETS[file_name][3]
    for line, row in enumerate(rows, start=2):
        assert None not in row, f"line {line}: more cells than columns"
        assert all(value is not None for value in row.values()), f"line {line}: missing cells"
        assert row["name"].strip(), f"line {line}: empty name"


def test_categories_are_taxonomy_ids(blind_set):
    ids = set(load_taxonomy().ids)
    unknown = sorted({row["category"] for row in blind_set[1]} - ids)
    assert unknown == []


def test_fields_are_the_ten_fields_each_with_enough_rows(blind_set):
    file_name, rows = blind_set
    fields, min_rows, _, _ = BLIND_SETS[file_name]
    counts = Counter(row["field"] for row in rows)
    assert set(counts) == fields
    thin = {field: n for field, n in counts.items() if n < min_rows}
    assert thin == {}


def test_every_category_has_enough_rows(blind_set):
    file_name, rows = blind_set
    least = BLIND_SETS[file_name][2]
    counts = Counter(row["category"] for row in rows)
    thin = {c.id: counts[c.id] for c in load_taxonomy().categories if counts[c.id] < least}
    assert thin == {}


def test_names_are_distinct_also_after_normalization(blind_set):
    names = [row["name"] for row in blind_set[1]]
    assert [n for n, k in Counter(names).items() if k > 1] == []
    keys = Counter(normalize_text(n) for n in names)
    assert [k for k, n in keys.items() if n > 1] == []


def test_overlap_check_catches_a_name_that_differs_only_by_form():
    # The check must see through what normalization removes (a unit bracket, full-width
    # characters), or the real check below could pass while a blind name leaks.
    assert overlapping_names(["病历书写甲级率（%）", "门诊量"], ["病历书写甲级率"]) == ["病历书写甲级率（%）"]
    assert overlapping_names(["ＰＵＥ值"], ["PUE值"]) == ["ＰＵＥ值"]
    assert overlapping_names(["门诊量"], ["住院量"]) == []


def test_no_blind_name_is_a_training_example(blind_set):
    """No name the project wrote for training equals a blind name. Real tables of other
    organisations may share a name with a blind set by chance (they are not ours to change);
    those names are left out when the blind set is scored (next test)."""
    from classifier.classification.training import load_training_data

    training_names = [example.name for example in load_training_data().examples if example.source != "real"]
    assert len(training_names) > 100  # the check is not vacuous
    leaked = overlapping_names([row["name"] for row in blind_set[1]], training_names)
    assert leaked == [], f"blind names found in the training data: {leaked}"


def test_blind_names_that_occur_in_real_tables_are_left_out_when_scored(blind_set):
    from classifier.evaluation.test_files import evaluate_file
    from classifier.vocabulary.segmentation import normalize_text
    from classifier.classification.training import load_training_data

    data = load_training_data()
    real = {normalize_text(e.name) for e in data.real}
    shared = [row["name"] for row in blind_set[1] if normalize_text(row["name"]) in real]
    result = evaluate_file(CORPUS / blind_set[0], training=data)
    assert result.summary()["left_out_as_training_names"] >= len(shared)
    assert not {normalize_text(r.name) for r in result.rows} & real


def test_second_annotation_covers_the_blind_set_and_matches_the_quoted_agreement(blind_rows):
    """corpus/second_annotation.csv labels every blind name once (and 100 seed names); the
    agreement corpus/README.md quotes is what the files give."""
    import re

    from classifier.evaluation.test_files import annotator_agreement

    root = BLIND_PATH.parent
    with (root / "second_annotation.csv").open(encoding="utf-8", newline="") as fh:
        second = list(csv.DictReader(fh))
    valid = set(load_taxonomy().ids)
    assert {r["category"] for r in second} <= valid
    blind = {r["name"]: r["category"] for r in blind_rows}
    second_blind = [r for r in second if r["set"] == "blind"]
    assert sorted(r["name"] for r in second_blind) == sorted(blind)
    with (root / "labels.csv").open(encoding="utf-8", newline="") as fh:
        seed_labels = {r["name"]: r["category"] for r in csv.DictReader(fh)}
    second_seed = [r for r in second if r["set"] == "seed"]
    assert len(second_seed) == 100 and all(r["name"] in seed_labels for r in second_seed)
    figures = annotator_agreement([blind[r["name"]] for r in second_blind], [r["category"] for r in second_blind])
    readme = (root / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r"\| blind \| (\d+) \| ([\d.]+) \| ([\d.]+) \|", readme)
    assert quoted, "corpus/README.md must quote the blind-set agreement"
    assert (int(quoted.group(1)), float(quoted.group(2)), float(quoted.group(3))) == (
        figures["rows"], round(figures["agreement"], 3), round(figures["kappa"], 3))


@pytest.mark.parametrize("file_name, set_name", [("blind_phrasings_2.csv", "blind2"), ("blind_phrasings_3.csv", "blind3"),
                                                   ("blind_phrasings_4.csv", "blind4")])
def test_second_annotation_of_a_later_blind_set_matches_the_quoted_agreement(file_name, set_name):
    """The ``blind2`` / ``blind3`` / ``blind4`` rows of corpus/second_annotation.csv label every name of
    the blind set once; corpus/README.md quotes the agreement they give."""
    import re

    from classifier.evaluation.test_files import annotator_agreement

    first = {r["name"]: r["category"] for r in read_blind(file_name)}
    with (CORPUS / "second_annotation.csv").open(encoding="utf-8", newline="") as fh:
        second = [r for r in csv.DictReader(fh) if r["set"] == set_name]
    assert sorted(r["name"] for r in second) == sorted(first)
    figures = annotator_agreement([first[r["name"]] for r in second], [r["category"] for r in second])
    quoted = re.search(rf"\| {set_name} \| (\d+) \| ([\d.]+) \| ([\d.]+) \|", (CORPUS / "README.md").read_text(encoding="utf-8"))
    assert quoted, f"corpus/README.md must quote the agreement on {file_name}"
    assert (int(quoted.group(1)), float(quoted.group(2)), float(quoted.group(3))) == (
        figures["rows"], round(figures["agreement"], 3), round(figures["kappa"], 3))
