"""The hand-annotated audit gold file (corpus/audit_gold.csv) is well-formed and keyed
to real rows of the seed documents.

The audit's per-rule precision and recall are computed against this file, so a malformed
line, an unknown rule id, a duplicate finding or a key that points at the wrong row would
silently distort every figure. How the findings were decided is in
corpus/audit_gold_guide.md.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "audit_gold.csv"
GUIDE = ROOT / "corpus" / "audit_gold_guide.md"
RAW_DIR = ROOT / "corpus" / "raw"
PARSED = ROOT / "corpus" / "parsed" / "documents.jsonl"

COLUMNS = ["doc_id", "project_index", "row", "name", "rule", "severity", "reason"]
# R01-R24 as listed in /work/shared/domain.md (there is no R20 or R21), plus the
# document-level budget check.
VALID_RULES = {f"R{i:02d}" for i in range(1, 20)} | {"R22", "R23", "R24", "BUDGET"}
VALID_SEVERITIES = {"error", "warning", "info"}
# Findings about a whole project (no row): missing 一级 groups, pasted indicator sets,
# prose budget vs table budget.
PROJECT_LEVEL_RULES = {"R03", "R24", "BUDGET"}


def _load_gold() -> list[dict[str, str]]:
    with GOLD.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        assert header == COLUMNS, f"header is {header}, expected {COLUMNS}"
        lines = []
        for lineno, cells in enumerate(reader, start=2):
            assert len(cells) == len(COLUMNS), f"{GOLD.name} line {lineno}: {len(cells)} fields"
            lines.append(dict(zip(COLUMNS, cells), _line=str(lineno)))
    return lines


@pytest.fixture(scope="module")
def gold() -> list[dict[str, str]]:
    return _load_gold()


def _where(g: dict[str, str]) -> str:
    return f"{GOLD.name} line {g['_line']} ({g['doc_id']} p{g['project_index']} r{g['row']} {g['rule']})"


def test_gold_file_parses_with_typed_keys(gold):
    assert len(gold) > 100, "the gold file should cover the ~190 seed rows"
    for g in gold:
        assert re.fullmatch(r"\d{3}_[0-9a-f]{16}", g["doc_id"]), _where(g)
        assert g["project_index"].isdigit() and int(g["project_index"]) >= 1, _where(g)
        if g["row"]:
            assert g["row"].isdigit() and int(g["row"]) >= 1, _where(g)
            assert g["name"] and not re.search(r"\s", g["name"]), _where(g)
        else:
            assert g["name"] == "", f"{_where(g)}: a project-level finding has no name"
        assert g["reason"].strip(), f"{_where(g)}: empty reason"


def test_rule_ids_and_severities_are_valid(gold):
    for g in gold:
        assert g["rule"] in VALID_RULES, f"{_where(g)}: unknown rule id"
        assert g["severity"] in VALID_SEVERITIES, f"{_where(g)}: unknown severity"


def test_project_level_rules_have_no_row_and_row_rules_have_one(gold):
    for g in gold:
        if g["rule"] in PROJECT_LEVEL_RULES:
            assert g["row"] == "", f"{_where(g)}: project-level rule keyed to a row"
        else:
            assert g["row"] != "", f"{_where(g)}: row-level rule without a row"


def test_no_duplicate_key_rule_lines(gold):
    keys = Counter((g["doc_id"], g["project_index"], g["row"], g["rule"]) for g in gold)
    duplicates = [k for k, n in keys.items() if n > 1]
    assert not duplicates, f"duplicate (key, rule) lines: {duplicates}"


def test_every_document_exists_and_names_occur_in_its_text(gold):
    """Independent of the reader: each keyed name is text of the document it names."""
    texts = {}
    for g in gold:
        path = RAW_DIR / f"{g['doc_id']}.txt"
        assert path.exists(), f"{_where(g)}: no such seed document {path.name}"
        if g["doc_id"] not in texts:
            texts[g["doc_id"]] = re.sub(r"\s", "", path.read_text(encoding="utf-8"))
        if g["name"]:
            assert g["name"] in texts[g["doc_id"]], f"{_where(g)}: name not found in {path.name}"


def test_keys_match_the_parsed_corpus(gold):
    if not PARSED.exists():
        pytest.skip(f"parsed corpus {PARSED.relative_to(ROOT)} is absent; run the reader to build it")
    projects = {}
    with PARSED.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                doc = json.loads(line)
                for project in doc["projects"]:
                    projects[(doc["doc_id"], project["index"])] = {
                        ind["row"]: ind["name"] for ind in project["indicators"]
                    }
    for g in gold:
        key = (g["doc_id"], int(g["project_index"]))
        assert key in projects, f"{_where(g)}: project not in the parsed corpus"
        if g["row"]:
            rows = projects[key]
            assert int(g["row"]) in rows, f"{_where(g)}: row not in the parsed corpus"
            assert rows[int(g["row"])] == g["name"], (
                f"{_where(g)}: gold name {g['name']!r} but parsed name {rows[int(g['row'])]!r}"
            )


def test_guide_documents_every_rule_used(gold):
    """Each rule id in the file has a written decision in the guide, so it can be reviewed."""
    guide = GUIDE.read_text(encoding="utf-8")
    for rule in sorted({g["rule"] for g in gold}):
        assert re.search(rf"\b{rule}\b", guide), f"{GUIDE.name} does not explain {rule}"
