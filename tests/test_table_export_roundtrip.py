"""Write each seed document to .docx, .xlsx and .csv, read it back: identical records.

Compared: every project field and every indicator field (raw and normalized text,
inheritance flags, thresholds, basis) except where things sit in the file
(``location``); document agency / agency_code. Not compared: format, encoding,
source_path, prose, skipped rows (the layout differs from the original export).
"""
from __future__ import annotations

import pytest

from classifier.reading import read_document
from classifier.reading.table_export import export_projects, project_layout


def comparable(doc):
    projects = []
    for project in doc.projects:
        p = project.to_dict()
        p.pop("location")
        for ind in p["indicators"]:
            ind.pop("location")
        projects.append(p)
    return {"agency": doc.agency, "agency_code": doc.agency_code, "projects": projects}


@pytest.fixture(scope="module")
def seeds(raw_dir):
    return [read_document(p) for p in sorted(raw_dir.glob("*.txt"))]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv"])
def test_round_trip_all_seeds(seeds, tmp_path, suffix):
    for doc in seeds:
        out = export_projects(doc, tmp_path / f"{doc.doc_id}{suffix}")
        back = read_document(out)
        assert back.format == suffix[1:]
        assert back.doc_id == doc.doc_id
        assert comparable(back) == comparable(doc), f"{doc.doc_id}{suffix}"
        assert back.rows_read == back.indicator_count + len(back.skipped)
        if doc.projects[0].code:  # year from the codes survives; 004's comes from prose
            assert back.budget_year == doc.budget_year


def test_layout_merges_inherited_runs(seeds):
    doc = next(d for d in seeds if d.doc_id.startswith("004"))
    layout = project_layout(doc.projects[0])
    heading = layout.rows.index(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
    # 产出 spans rows 1-5 of the indicator table; 数量指标 spans rows 1-2
    assert (0, heading + 1, heading + 5) in layout.merges
    assert (1, heading + 1, heading + 2) in layout.merges


def test_docx_has_real_merged_cells(seeds, tmp_path):
    import docx

    doc = next(d for d in seeds if d.doc_id.startswith("000"))
    out = export_projects(doc.projects[:1], tmp_path / "one.docx")
    table = docx.Document(str(out)).tables[0]
    column = [row.cells[0] for row in table.rows]
    # python-docx returns the same underlying cell for a vertical merge
    tcs = [c._tc for c in column]
    assert len(set(map(id, tcs))) < len(tcs)
    assert "产出指标" in [c.text for c in column]


def test_xlsx_has_merged_ranges(seeds, tmp_path):
    import openpyxl

    doc = next(d for d in seeds if d.doc_id.startswith("000"))
    out = export_projects(doc, tmp_path / "all.xlsx")
    sheet = openpyxl.load_workbook(out).active
    assert len(sheet.merged_cells.ranges) >= 2 * len(doc.projects)


def test_unknown_suffix_is_refused(seeds, tmp_path):
    from classifier.core.errors import ZhibiaoError

    with pytest.raises(ZhibiaoError, match="x.pdf：不能写成 .pdf 格式"):
        export_projects(seeds[0], tmp_path / "x.pdf")
