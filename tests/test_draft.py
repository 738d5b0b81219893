"""draft(): a whole indicator set from similar past projects, and its outputs."""
from __future__ import annotations

import json

import pytest

from classifier.suggestion.drafting import draft, draft_slots, write_draft
from classifier.suggestion.index import SuggestionCorpus, SuggestionError
from test_suggest_helpers import LABELS, documents


@pytest.fixture(scope="module")
def corpus():
    return SuggestionCorpus.from_documents(documents(), labels=LABELS)


@pytest.fixture(scope="module")
def invest(corpus):
    return draft("招商引资活动经费", purpose="举办招商推介活动，引进产业项目", corpus=corpus)


def test_similar_projects_are_the_investment_ones(invest):
    names = [p.project for p in invest.similar_projects]
    assert set(names[:3]) == {"招商引资专项经费", "国际招商组招商经费", "招商推介活动经费"}
    assert all(a.similarity >= b.similarity for a, b in zip(invest.similar_projects, invest.similar_projects[1:]))


def test_every_required_slot_is_drafted_in_table_order(invest):
    required = [(s["level1"], s["level2"]) for s in draft_slots("legacy") if s["required"]]
    got = [(s.level1, s.level2) for s in invest.slots]
    assert [g for g in got if g in required] == required
    assert all(1 <= len(s.items) <= 3 for s in invest.slots)


def test_rows_come_from_similar_projects_with_values_and_sources(invest):
    by_slot = {s.level2: s for s in invest.slots}
    quantity = by_slot["数量指标"].items[0]
    assert quantity.name == "举办招商引资活动数量" and quantity.value == "≥2场"
    assert quantity.unit == "场" and quantity.basis == "计划标准" and quantity.basis_raw == "本单位年初计划安排"
    assert {s.project for s in quantity.sources} == {"招商引资专项经费", "国际招商组招商经费", "招商推介活动经费"}
    assert (quantity.value_tables, quantity.value_of_tables) == (3, 3)
    # 服务对象满意度 is ≥90 / ≥95 / ≥60 in the three 招商 tables: no majority for the name,
    # so the category's typical rate is proposed (≥90% in 3 of 5 satisfaction tables)
    sat = by_slot["服务对象满意度指标"].items
    assert [i.name for i in sat] == ["服务对象满意度"]
    assert sat[0].value == "≥90%" and sat[0].value_scope == "category"
    assert "economic" in {i.category for i in by_slot["经济效益指标"].items}


def test_process_measures_are_never_proposed(invest):
    assert "项目资金支付率" not in [i.name for i in invest.items]
    assert not {"budget_execution", "management", "placeholder"} & {i.category for i in invest.items}


def test_required_slot_without_similar_rows_falls_back_to_the_corpus(invest):
    social = next(s for s in invest.slots if s.level2 == "社会效益指标")
    assert social.items[0].name == "为企业提供优质环境" and social.items[0].origin == "corpus"
    assert social.note and "社会效益指标" in social.note
    assert any("社会效益指标" in n for n in invest.notes)


def test_budget_adds_a_total_cost_row(corpus):
    d = draft("招商引资活动经费", budget=20, corpus=corpus)
    cost = next(s for s in d.slots if s.level2 == "成本指标")
    total = next(i for i in cost.items if i.name == "项目总成本")
    assert total.value == "≤20万元" and total.basis == "预算支出标准" and total.origin == "budget"
    assert "成本开支" in [i.name for i in cost.items]


def test_budget_replaces_the_value_of_a_past_total_cost_row(corpus):
    # the training tables use 项目总成本 ≤30万元; with a budget of 10 the draft proposes ≤10万元
    d = draft("干部业务培训经费", budget=10, corpus=corpus)
    cost = next(s for s in d.slots if s.level2 == "成本指标")
    assert [(i.name, i.value, i.value_scope) for i in cost.items] == [("项目总成本", "≤10万元", "budget")]


def test_central2021_puts_cost_under_its_own_level1(corpus):
    d = draft("业务培训经费", purpose="组织业务培训", regime="central2021", corpus=corpus)
    slots = {(s.level1, s.level2) for s in d.slots}
    assert ("成本指标", "经济成本指标") in slots and ("产出指标", "成本指标") not in slots
    cost = next(s for s in d.slots if s.level2 == "经济成本指标")
    assert cost.items[0].name == "项目总成本"


def test_markdown_and_json_outputs(invest, tmp_path):
    md = write_draft(invest, tmp_path / "d.md").read_text(encoding="utf-8")
    assert "| 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据 | 来源 |" in md
    assert "| 产出指标 | 数量指标 | 举办招商引资活动数量 |" in md
    data = json.loads(write_draft(invest, tmp_path / "d.json").read_text(encoding="utf-8"))
    assert data["project_name"] == "招商引资活动经费" and data["regime"] == "legacy"
    first = data["slots"][0]["items"][0]
    assert first["value"] == "≥2场" and first["unit"] == "场" and first["sources"]


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_office_outputs_read_back_as_the_same_table(invest, tmp_path, suffix):
    from classifier.reading import read_path

    path = write_draft(invest, tmp_path / f"draft{suffix}")
    docs = read_path(path).documents
    rows = [(i.level1, i.level2, i.name, i.value_raw) for _, i in docs[0].iter_indicators()]
    expected = [(r[0], r[1], r[2], r[4]) for r in invest.table_rows()]
    assert rows == expected


def test_bad_inputs_raise_one_line_errors(invest, corpus, tmp_path):
    with pytest.raises(SuggestionError, match="可用 .md、.json、.xlsx、.docx"):
        write_draft(invest, tmp_path / "d.pdf")
    with pytest.raises(SuggestionError, match="未知的体系"):
        draft("x", regime="2015", corpus=corpus)
    with pytest.raises(SuggestionError, match="需要项目名称"):
        draft("  ", corpus=corpus)


@pytest.mark.parametrize("regime", ["legacy", "central2021"])
def test_slot_data_matches_the_regime_and_the_taxonomy(regime):
    from classifier.vocabulary.levels import regime_levels
    from classifier.core.taxonomy import load_taxonomy

    slots = draft_slots(regime)
    levels = regime_levels(regime)
    assert [(s["level1"], s["level2"]) for s in slots] == [(l1, l2) for l1, l2s in levels.items() for l2 in l2s]
    tax = load_taxonomy()
    for slot in slots:
        for category in slot["default_categories"]:
            assert slot["level2"] in tax.expected_level2(category, regime)
    assert {s["level1"] for s in slots if s["required"]} == set(levels)  # every 一级 has a required slot


def test_budget_must_be_positive(corpus):
    with pytest.raises(SuggestionError, match="预算应为正数"):
        draft("培训经费", budget=0, corpus=corpus)


def test_without_any_similar_project_rows_come_from_the_corpus(corpus):
    d = draft("招商引资活动经费", corpus=corpus, n_projects=0)
    assert d.similar_projects == [] and d.notes[0].startswith("语料中没有与之相似的项目")
    assert all(i.origin == "corpus" and not i.sources for i in d.items)
    assert {s.level2 for s in d.slots} >= {"数量指标", "质量指标", "时效指标", "成本指标", "服务对象满意度指标"}


# -- same field first, nothing copied -------------------------------------------------------------
def test_the_field_is_guessed_shown_and_can_be_given(corpus):
    d = draft("招商引资活动经费", corpus=corpus)
    assert (d.field, d.field_source, d.field_zh) == ("economy", "guessed", "经济发展") and "招商" in d.field_words
    given = draft("招商引资活动经费", field="教育", corpus=corpus)
    assert (given.field, given.field_source) == ("education", "given")
    assert json.loads(given.to_json())["field_zh"] == "教育"
    with pytest.raises(SuggestionError, match="未知的领域"):
        draft("招商引资活动经费", field="astrology", corpus=corpus)


def test_similar_projects_come_from_the_same_field(corpus):
    training = draft("干部业务培训经费", purpose="组织干部业务培训", corpus=corpus)
    assert training.field == "general"
    assert {p.field for p in training.similar_projects} == {"general"}
    assert {p.project for p in training.similar_projects} == {"干部业务培训经费", "企业人才培训经费"}
    invest = draft("招商引资活动经费", purpose="举办招商推介活动", corpus=corpus)
    assert {p.field for p in invest.similar_projects} == {"economy"}


def test_a_row_from_another_field_is_used_only_when_the_field_has_nothing_and_is_marked(invest):
    rows = [i for i in invest.items if i.origin != "budget"]
    other = [i for i in rows if i.field != invest.field]
    assert other and all(i.other_field for i in other)  # 社会效益: only the 培训 (general) tables have one
    assert all(not i.other_field for i in rows if i.field == invest.field)
    social = next(s for s in invest.slots if s.level2 == "社会效益指标").items[0]
    assert social.other_field and "【跨领域：综合管理】" in social.evidence_text
    assert any("其他领域" in n for n in invest.notes)


def _copied_corpus():
    from classifier.reading.suggestion_sources import SourcedDocument, TableSource
    from classifier.vocabulary.thresholds import parse_threshold

    docs = documents()
    ind = docs[0].projects[0].indicators[2]  # 完工及时率 of 招商引资专项经费
    ind.name = "湘潭市2023年招商项目完工及时率"
    ind.description = "湘潭市环境卫生管理处2023年组织招商活动"
    ind.value_raw, ind.threshold = "2023年12月31日", parse_threshold("2023年12月31日")
    ind.basis_raw, ind.basis_category = "湘财预〔2023〕5号文件", "计划标准"
    sourced = [SourcedDocument(d, [TableSource("湘潭市环境卫生管理处", "https://example.org", "2023", "economy"
                                               if "招商" in p.name else "general", "target", "real")
                                   for p in d.projects], "real") for d in docs]
    labels = {**LABELS, "湘潭市2023年招商项目完工及时率": "timeliness"}
    return SuggestionCorpus.from_documents(sourced, labels=labels, row_labels={})


@pytest.mark.parametrize("year, expected", [(None, "××××年12月31日"), (2026, "2026年12月31日")])
def test_a_draft_never_copies_another_projects_year_basis_document_or_unit_name(year, expected):
    corpus = _copied_corpus()
    d = draft("招商引资专项经费", purpose="举办招商推介活动", year=year, corpus=corpus, n_projects=1)
    item = next(i for i in d.items if "完工及时率" in i.name)
    assert item.name == f"本地{year or '××××'}年招商项目完工及时率" and "湘潭" not in item.description
    assert item.description.startswith("本单位") and item.value == expected
    assert {"年份", "单位名称", "地名"} <= set(item.generalised)
    row = next(r for r in d.table_rows() if r[2] == item.name)
    assert row[5] == "计划标准" and "湘财预" not in "".join(row)  # the national category, not the title
    assert any("已改写" in n for n in d.notes)
    assert ("××××" in " ".join(d.notes)) == (year is None)


def test_evidence_of_a_row_names_organisation_project_year_and_tables(invest):
    item = next(s for s in invest.slots if s.level2 == "数量指标").items[0]
    assert item.name_tables == 3 and len(item.examples) == 3
    assert {e.year for e in item.examples} == {"2022", "2023", "2024"}
    assert "测试单位" in item.evidence_text and "3 张表" in item.evidence_text


# -- the office files: a form, with the evidence ---------------------------------------------------
def test_the_xlsx_draft_is_a_form_with_the_evidence(invest, tmp_path):
    import openpyxl

    ws = openpyxl.load_workbook(write_draft(invest, tmp_path / "d.xlsx")).active
    assert ws["A1"].value == "招商引资活动经费绩效目标表（草稿）" and ws["A1"].font.b and ws["A2"].value == "（××××年度）"
    heading = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "一级指标")
    cells = [ws.cell(heading, c) for c in range(1, 8)]
    assert [c.value for c in cells[:6]] == ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    assert "来源" in cells[6].value and all(c.font.b and c.fill.fgColor.rgb.endswith("D9D9D9") for c in cells)
    assert ws.column_dimensions["C"].width >= 20 and ws.column_dimensions["G"].width >= 40
    rows = range(heading, heading + 1 + len(invest.table_rows()))
    from openpyxl.cell.cell import MergedCell

    for r in rows:
        for c in range(1, 8):
            cell = ws.cell(r, c)
            if isinstance(cell, MergedCell):  # inside a merged 一级/二级 run: the run's edges carry the border
                assert cell.border.left.style == "thin" and cell.border.right.style == "thin", (r, c)
                continue
            sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
            assert all(side.style == "thin" for side in sides), (r, c)
            assert cell.alignment.wrap_text
    merged = {str(m) for m in ws.merged_cells.ranges}
    level1_runs = [m for m in merged if m.startswith("A") and m.split(":")[0][1:] != m.split(":")[1][1:]]
    assert level1_runs, "the 一级 cells of a run are merged"
    quantity = next(r for r in rows if ws.cell(r, 3).value == "举办招商引资活动数量")
    evidence = ws.cell(quantity, 7).value
    assert "测试单位" in evidence and "2022年" in evidence and "3 张表" in evidence
    assert ws.cell(quantity, 3).comment is not None and "测试单位" in ws.cell(quantity, 3).comment.text
    footer = [ws.cell(r, 1).value or "" for r in range(rows[-1] + 1, ws.max_row + 1)]
    assert any(t.startswith("说明") for t in footer) and any("填报单位" in t for t in footer)
    assert ws.page_setup.orientation == "landscape"


def test_the_docx_draft_is_a_form_with_the_evidence(invest, tmp_path):
    import docx
    from docx.shared import Cm

    document = docx.Document(str(write_draft(invest, tmp_path / "d.docx")))
    title = document.paragraphs[0]
    assert title.text == "招商引资活动经费绩效目标表（草稿）" and title.runs[0].bold
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    (table,) = document.tables
    assert table.style.name == "Table Grid"  # borders on every cell
    assert abs(table.columns[2].width - Cm(4.0)) < Cm(0.05) and table.columns[6].width > Cm(6)
    heading = next(r for r in table.rows if r.cells[0].text == "一级指标")
    assert all(run.bold for c in heading.cells for p in c.paragraphs for run in p.runs)
    assert "来源" in heading.cells[6].text
    texts = [[c.text for c in r.cells] for r in table.rows]
    quantity = next(t for t in texts if t[2] == "举办招商引资活动数量")
    assert "测试单位" in quantity[6] and "3 张表" in quantity[6]
    # merged 一级: the cells of a run are one cell (python-docx repeats it in each row)
    first = next(i for i, t in enumerate(texts) if t[0] == "产出指标")
    assert table.rows[first].cells[0]._tc is table.rows[first + 1].cells[0]._tc
    assert any(p.text.startswith("说明") for p in document.paragraphs)
