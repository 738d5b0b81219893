"""The research table: load_corpus() columns and values, exports, and the optional extra."""
from __future__ import annotations

import builtins
import csv

import pytest

from classifier.core.records import Document, Indicator, Location, Project
from classifier.research.tables import (
    COLUMNS,
    MissingExtraError,
    build_tables,
    guess_regime,
    tables_to_frame,
    to_csv,
    to_parquet,
)
from classifier.vocabulary.thresholds import Threshold


def _doc(level1="产出指标"):
    th = Threshold(raw="≥90%", direction=">=", value=90.0, unit="%", kind="rate", issues=("x",))
    dl = Threshold(raw="12月底前", direction="<=", kind="deadline", deadline={"year": 2023, "month": 12, "day": None})
    ind = [
        Indicator(row=7, level1_raw=level1, level1=level1, level1_inherited=False, level2_raw="质量指标",
                  level2="质量指标", level2_inherited=False, name_raw="验收合格率", name="验收合格率",
                  description_raw="", description="", value_raw="≥90%", basis_raw="年初计划",
                  basis_category="计划标准", threshold=th, location=Location("a.txt", 40, 42)),
        Indicator(row=8, level1_raw="", level1=level1, level1_inherited=True, level2_raw="时效指标",
                  level2="时效指标", level2_inherited=False, name_raw="完成时间", name="完成时间",
                  description_raw="年底前完成", description="年底前完成", value_raw="12月底前", basis_raw="",
                  basis_category=None, threshold=dl, location=Location("a.txt", 43, 43)),
    ]
    proj = Project(index=0, title="", name="设备采购", code="13P001", code_raw="13P001", agency=None,
                   budget_total=35.5, budget_total_raw="35.50", budget_fiscal=None, budget_fiscal_raw="",
                   budget_other=None, budget_other_raw="", purpose="", spending_plan={}, goals=[],
                   indicators=ind, location=Location("a.txt", 30, 39))
    return Document(doc_id="a", source_path="a.txt", format="txt", encoding="utf-8", agency="某单位",
                    agency_code=None, budget_year=2023, projects=[proj])


def test_rows_carry_source_project_levels_and_parsed_threshold():
    tables = build_tables([_doc()], classify=False, audit=False, labels={"验收合格率": "quality"})
    first, second = tables.rows
    assert list(first) == list(COLUMNS)
    assert (first["doc_id"], first["source_path"], first["line_start"], first["line_end"]) == ("a", "a.txt", 40, 42)
    assert (first["agency"], first["project_code"], first["budget_total"], first["row"]) == ("某单位", "13P001", 35.5, 7)
    assert (first["direction"], first["value"], first["unit"], first["kind"]) == (">=", 90.0, "%", "rate")
    assert first["threshold_issues"] == ["x"] and first["basis_category"] == "计划标准"
    assert first["label"] == "quality" and second["label"] is None
    assert (second["deadline_year"], second["deadline_month"], second["level1_inherited"]) == (2023, 12, True)
    # not classified, not audited: None, never an empty list that would read as "no findings"
    assert first["category"] is None and first["findings"] is None and first["n_findings"] is None
    assert first["regime"] == "legacy"


def test_regime_guess_without_audit():
    assert guess_regime(_doc()) == "legacy"
    assert guess_regime(_doc(level1="成本指标")) == "central2021"


def test_findings_attach_to_their_rows(monkeypatch):
    from classifier.research import tables as research

    class Report:
        regime = "central2021"
        findings = [
            {"rule": "R09", "severity": "warning", "project_index": 0, "row": 7, "message": "m"},
            {"rule": "R12", "severity": "error", "project_index": 0, "row": 7, "message": "m"},
            {"rule": "R03", "severity": "error", "project_index": 0, "row": None, "message": "m"},
        ]

    import types
    import sys

    fake = types.ModuleType("classifier.auditing.api")
    fake.audit = lambda document, *, regime="auto", **kwargs: Report()
    monkeypatch.setitem(sys.modules, "classifier.auditing.api", fake)
    tables = research.build_tables([_doc()], classify=False, audit=True, labels={})
    first, second = tables.rows
    assert first["findings"] == ["R09", "R12"] and first["n_findings"] == 2 and first["max_severity"] == "error"
    assert second["findings"] == [] and second["n_findings"] == 0 and second["max_severity"] is None
    assert first["regime"] == "central2021"
    assert [f["rule"] for f in tables.findings] == ["R09", "R12", "R03"]


def test_csv_and_parquet_exports_round_trip(tmp_path):
    pd = pytest.importorskip("pandas")
    frame = tables_to_frame(build_tables([_doc()], classify=False, audit=False, labels={}))
    assert list(frame.columns) == list(COLUMNS) and len(frame) == 2

    csv_path = to_csv(frame, tmp_path / "corpus.csv")
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["name"] == "验收合格率" and rows[0]["threshold_issues"] == "x"
    assert rows[1]["description"] == "年底前完成"

    pq_path = to_parquet(frame, tmp_path / "corpus.parquet")
    back = pd.read_parquet(pq_path)
    assert list(back.columns) == list(COLUMNS)
    assert list(back["threshold_issues"].iloc[0]) == ["x"]
    assert back["value"].iloc[0] == 90.0 and back["name"].tolist() == ["验收合格率", "完成时间"]


def test_without_pandas_the_error_names_the_extra(monkeypatch):
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    from classifier.research import tables as research

    with pytest.raises(MissingExtraError) as err:
        research.load_corpus()
    assert "pip install 'zhibiao[research]'" in str(err.value)
    assert isinstance(err.value, ImportError)


def test_core_modules_do_not_import_pandas():
    import subprocess
    import sys

    code = (
        "import sys, classifier.research.tables, classifier.research.stats, classifier.research.quality; "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_build_tables_reads_the_shipped_corpus_when_given_no_documents():
    from classifier.research.tables import build_tables, load_documents

    tables = build_tables(audit=False, classify=False)
    assert len(tables.rows) == sum(len(p.indicators) for d in load_documents() for p in d.projects)


def test_the_regime_is_the_same_with_and_without_the_audit(seed_paths):
    """``stats`` and ``stats --no-audit`` judge each table in the same regime (one guess)."""
    from classifier.reading import read_document
    from classifier.research.tables import build_tables

    documents = [read_document(p) for p in seed_paths]
    with_audit = build_tables(documents, classify=False, audit=True)
    without = build_tables(documents, classify=False, audit=False)
    assert [r["regime"] for r in with_audit.rows] == [r["regime"] for r in without.rows]
    # two rows file 成本指标 under 产出指标 (the old regime), one uses 成本指标 as 一级: the old regime wins
    from test_audit_rules import make_doc, make_project, row, T

    mixed = make_doc(make_project([
        row("产出指标", "成本指标", "项目成本", T("≤10万元", direction="<=", value=10, unit="万元", kind="money")),
        row("产出指标", "成本指标", "人员成本", T("≤3万元", direction="<=", value=3, unit="万元", kind="money")),
        row("成本指标", "经济成本指标", "设备购置成本", T("≤5万元", direction="<=", value=5, unit="万元", kind="money")),
    ]))
    assert ({r["regime"] for r in build_tables([mixed], classify=False, audit=True).rows}
            == {r["regime"] for r in build_tables([mixed], classify=False, audit=False).rows} == {"legacy"})
