"""Corpus statistics (classifier.research.stats) and the `zhibiao stats` / `zhibiao quality` commands."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from classifier.core.records import Document, Indicator, Location, Project
from classifier.research.tables import build_tables
from classifier.cli.rendering.research import print_stats
from classifier.research.stats import corpus_stats
from classifier.vocabulary.thresholds import Threshold

RATE = Threshold(raw="≥90%", direction=">=", value=90.0, unit="%", kind="rate")
BARE = Threshold(raw="3", direction="=", value=3.0, kind="number")
YES = Threshold(raw="是", direction="=", kind="boolean", boolean=True)


def _ind(row, level1, level2, name, th, basis_raw, basis_category):
    return Indicator(row=row, level1_raw=level1, level1=level1, level1_inherited=False, level2_raw=level2,
                     level2=level2, level2_inherited=False, name_raw=name, name=name, description_raw="",
                     description="", value_raw=th.raw, basis_raw=basis_raw, basis_category=basis_category,
                     threshold=th, location=Location("handmade.txt", row, row))


def _doc(doc_id, indicators, n_projects=1):
    projects = []
    for index in range(1, n_projects + 1):
        projects.append(Project(
            index=index, title="", name=f"项目{index}", code=None, code_raw="", agency=None, budget_total=None,
            budget_total_raw="", budget_fiscal=None, budget_fiscal_raw="", budget_other=None, budget_other_raw="",
            purpose="", spending_plan={}, goals=[], indicators=indicators if index == 1 else [],
            location=Location("handmade.txt", 1, 1)))
    return Document(doc_id=doc_id, source_path="handmade.txt", format="txt", encoding="utf-8", agency="单位",
                    agency_code=None, budget_year=2024, projects=projects)


def _tables():
    a = _doc("a", [
        _ind(1, "产出指标", "数量指标", "培训人次", BARE, "年初计划", "计划标准"),
        _ind(2, "产出指标", "质量指标", "服务对象满意度", RATE, "", None),
        _ind(3, "满意度指标", "服务对象满意度指标", "群众满意度", RATE, "自定", None),
    ], n_projects=2)
    b = _doc("b", [_ind(1, "效益指标", "社会效益指标", "是否出现安全事故", YES, "历史数据", "历史标准")])
    tables = build_tables([a, b], classify=False, audit=False, labels={})
    # stand-in predictions and findings, set by hand so every count below can be checked
    for row, category in zip(tables.rows, ["quantity", "satisfaction", "satisfaction", "safety"]):
        row["category"], row["category_zh"], row["probability"] = category, category.upper(), 0.9
    tables.classified = True
    tables.findings = [
        {"doc_id": "a", "project_index": 1, "row": 1, "rule": "R08", "severity": "warning"},
        {"doc_id": "a", "project_index": 1, "row": 2, "rule": "R04", "severity": "warning"},
        {"doc_id": "a", "project_index": 1, "row": None, "rule": "R03", "severity": "error"},
        {"doc_id": "b", "project_index": 1, "row": 1, "rule": "R17", "severity": "info"},
        {"doc_id": "b", "project_index": 1, "row": 1, "rule": "R04", "severity": "warning"},
    ]
    tables.audited = True
    return tables


def test_counts_levels_categories_and_the_cross_table():
    stats = corpus_stats(_tables())
    assert stats["totals"] == {"documents": 2, "projects": 3, "rows": 4}
    assert [(d["doc_id"], d["projects"], d["rows"]) for d in stats["documents"]] == [("a", 2, 3), ("b", 1, 1)]
    assert stats["level1"] == {"产出指标": 2, "效益指标": 1, "满意度指标": 1}
    assert stats["level1_level2"]["产出指标"] == {"数量指标": 1, "质量指标": 1}
    assert stats["categories"]["satisfaction"] == {"zh": "SATISFACTION", "rows": 2}
    assert stats["level2_by_category"] == {
        "数量指标": {"quantity": 1}, "服务对象满意度指标": {"satisfaction": 1},
        "社会效益指标": {"safety": 1}, "质量指标": {"satisfaction": 1},
    }
    assert stats["level2_by_category_unexpected"] == {"质量指标": {"satisfaction": 1}}
    # satisfaction filed under 质量指标 is the one miscategorization
    assert stats["miscategorized"]["rows"] == 1 and stats["miscategorized"]["judged"] == 4
    assert stats["miscategorized"]["by_level2"] == {"质量指标": 1}


def test_values_units_basis_and_findings():
    stats = corpus_stats(_tables())
    assert stats["value_kinds"] == {"rate": 2, "boolean": 1, "number": 1}
    assert stats["quantified"] == {"rows": 3, "with_unit": 2, "share_with_unit": pytest.approx(2 / 3),
                                   "without_unit_by_kind": {"number": 1}}
    assert stats["basis"] == {"历史标准": 1, "计划标准": 1, "empty": 1, "unmapped": 1}
    assert stats["basis_mapped_share"] == pytest.approx(0.5)
    findings = stats["findings"]
    assert findings["total"] == 5
    assert findings["by_severity"] == {"error": 1, "warning": 3, "info": 1}
    assert findings["by_rule"]["R04"] == {"error": 0, "warning": 2, "info": 0, "total": 2}
    assert list(findings["by_rule"]) == sorted(findings["by_rule"])


def test_without_classifier_or_audit_the_sections_say_so():
    tables = build_tables([_doc("a", [_ind(1, "产出指标", "数量指标", "培训人次", BARE, "", None)])],
                          classify=False, audit=False, labels={})
    stats = corpus_stats(tables)
    assert stats["categories"] == {} and stats["level2_by_category"] == {}
    assert stats["findings"] is None
    assert stats["miscategorized"]["judged"] == 0 and stats["miscategorized"]["share"] is None


def test_terminal_tables(capsys):
    from rich.console import Console

    print_stats(corpus_stats(_tables()), console=Console(width=160, color_system=None))
    out = capsys.readouterr().out
    assert "2 个文件，3 个项目，4 行指标" in out
    assert "所填二级 × 预测类别" in out
    assert "带计量单位：2 行（66.7%）" in out
    assert "R04" in out and "R17" in out


def _zhibiao(*args):
    return subprocess.run([sys.executable, "-m", "classifier", *args], capture_output=True, text=True,
                          timeout=300)


def test_stats_json_on_a_source_document_matches_the_reader(seed_paths):
    from classifier.reading.corpus import load_documents

    path = seed_paths[1]
    result = _zhibiao("stats", "--corpus", str(path), "--json", "--no-classify", "--no-audit")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    (document,) = load_documents(path)
    assert stats["totals"] == {"documents": 1, "projects": len(document.projects),
                               "rows": document.indicator_count}
    assert sum(stats["value_kinds"].values()) == document.indicator_count
    assert sum(stats["level2"].values()) == document.indicator_count


def test_quality_json_shows_every_component(seed_paths):
    result = _zhibiao("quality", str(seed_paths[1]), "--json", "--no-classify", "--no-audit")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    (doc,) = data["documents"]
    assert set(doc["components"]) == {"unit", "basis", "category", "findings"}
    assert doc["components"]["findings"]["value"] is None  # --no-audit
    assert data["projects"] and all(p["doc_id"] == doc["doc_id"] for p in data["projects"])


def test_bad_path_is_one_line_and_exit_1(tmp_path):
    missing = tmp_path / "nope.txt"
    for args in (("stats", "--corpus", str(missing)), ("quality", str(missing))):
        result = _zhibiao(*args)
        assert result.returncode == 1
        assert result.stderr.startswith("zhibiao: ") and "nope.txt" in result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_quality_rejects_an_unknown_grouping():
    result = _zhibiao("quality", "--by", "agency", "--no-classify", "--no-audit")
    assert result.returncode == 1 and "--by" in result.stderr
