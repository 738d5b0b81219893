"""Golden tests on the five seed documents (corpus/raw).

The expected counts were made by hand from the files (one indicator per table row
under a 一级指标 heading with a 三级 name), not by running the reader:

* 000: 5 projects × 9 rows = 45 (7-column tables with an empty spacer column)
* 001: 1 project, 8 rows
* 002: 4 projects, 7 + 7 + 8 + 7 = 29
* 003: 3 projects × 8 = 24
* 004: 13 projects, 7+7+7+6+7+6+6+7+6+6+6+6+6 = 83
"""
from __future__ import annotations

import pytest

from classifier.reading import read_document

EXPECTED = {
    "000_565934a1818115aa": (5, [9, 9, 9, 9, 9]),
    "001_44a02c3b6b020072": (1, [8]),
    "002_191d77da26007e67": (4, [7, 7, 8, 7]),
    "003_382d1d14c10aae40": (3, [8, 8, 8]),
    "004_d57b153e55ee6404": (13, [7, 7, 7, 6, 7, 6, 6, 7, 6, 6, 6, 6, 6]),
}


@pytest.fixture(scope="module")
def docs(raw_dir):
    return {p.stem: read_document(p) for p in sorted(raw_dir.glob("*.txt"))}


def ind(doc, project_index, row):
    project = doc.projects[project_index - 1]
    return project.indicators[row - 1]


def test_all_five_seeds_present(docs):
    assert sorted(docs) == sorted(EXPECTED)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_counts_per_document(docs, doc_id):
    doc = docs[doc_id]
    n_projects, per_project = EXPECTED[doc_id]
    assert len(doc.projects) == n_projects
    assert [len(p.indicators) for p in doc.projects] == per_project
    assert doc.indicator_count == sum(per_project)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_every_row_is_an_indicator_or_skipped_with_reason(docs, doc_id):
    doc = docs[doc_id]
    assert doc.rows_read == doc.indicator_count + len(doc.skipped)
    assert all(s.reason for s in doc.skipped)
    # every project has exactly one heading row
    assert sum(s.reason == "header" for s in doc.skipped) == len(doc.projects)


def test_total_is_189_rows(docs):
    assert sum(d.indicator_count for d in docs.values()) == 189


def test_document_fields(docs):
    d0 = docs["000_565934a1818115aa"]
    assert d0.agency == "808001中日唐山曹妃甸生态工业园管理委员会本级"
    assert d0.agency_code == "808001"
    assert d0.budget_year == 2022
    assert d0.format == "text" and d0.encoding == "utf-8"
    assert docs["001_44a02c3b6b020072"].budget_year == 2022
    assert docs["002_191d77da26007e67"].budget_year == 2023
    assert docs["003_382d1d14c10aae40"].budget_year == 2025
    d4 = docs["004_d57b153e55ee6404"]
    assert d4.agency is None and d4.agency_code is None
    assert d4.budget_year == 2021  # from the prose "2021年部门整体绩效目标"
    assert d4.prose[0].text == " 高新区管委员会办公室编制"


def test_spacer_column_table_000(docs):
    doc = docs["000_565934a1818115aa"]
    first = ind(doc, 1, 1)
    assert (first.level1, first.level2, first.name) == ("产出指标", "数量指标", "企业开工率、投产率")
    assert first.description == "入区企业开工建设及投产情况"
    assert first.value_raw == "≥60百分比"  # not the empty spacer cell
    assert first.basis_raw == "本单位年初计划安排"
    assert (first.location.line_start, first.location.line_end) == (114, 120)
    assert first.location.path.endswith("000_565934a1818115aa.txt")
    second = ind(doc, 1, 2)
    assert second.level1 == "产出指标" and second.level1_inherited and second.level1_raw == ""
    assert second.level2 == "质量指标" and not second.level2_inherited
    # the 效益 block: 一级 given again, 二级 new
    fifth = ind(doc, 1, 5)
    assert (fifth.level1, fifth.level2, fifth.level1_inherited) == ("效益指标", "经济效益指标", False)
    assert fifth.name_raw == "对经济发展带来效果 " and fifth.name == "对经济发展带来效果"


def test_six_column_table_002(docs):
    doc = docs["002_191d77da26007e67"]
    row = ind(doc, 2, 1)
    assert (row.name, row.description, row.value_raw, row.basis_raw) == (
        "租赁面积", "租赁办公用房使用的建筑面积", "867平方米", "年初预算安排")
    assert (row.location.line_start, row.location.line_end) == (170, 175)


def test_wrapped_cells_004(docs):
    doc = docs["004_d57b153e55ee6404"]
    first = ind(doc, 1, 1)
    assert first.level1_raw == "产出\n指标"
    assert first.level1 == "产出指标"
    assert (first.location.line_start, first.location.line_end) == (87, 93)
    later = ind(doc, 2, 1)
    assert later.level1_raw == "产出\n指标 "  # trailing space kept in raw
    assert later.level1 == "产出指标"
    effect = ind(doc, 1, 6)
    assert effect.level1_raw == "效果\n指标"


def test_continuation_row_with_empty_level2_004(docs):
    row = ind(docs["004_d57b153e55ee6404"], 1, 2)
    assert row.name == "到会客商人数"
    assert row.level1_raw == "" and row.level2_raw == ""
    assert row.level1 == "产出指标" and row.level1_inherited
    assert row.level2 == "数量指标" and row.level2_inherited
    assert row.value_raw == "≥200人"
    assert (row.location.line_start, row.location.line_end) == (95, 100)


def test_row_with_empty_description_004(docs):
    row = ind(docs["004_d57b153e55ee6404"], 1, 4)
    assert row.name == "项目完成时限"
    assert row.description_raw == "" and row.description == ""
    assert row.value_raw == "12月底前"
    assert row.basis_raw == "工作经验"
    assert row.location.line_start == 109


def test_project_header_000(docs):
    project = docs["000_565934a1818115aa"].projects[0]
    assert project.title == "1.安全生产、综治维稳工作安排绩效目标表"  # bookmark stripped
    assert project.name == "安全生产、综治维稳工作安排"
    assert project.code == "13020922P00014710001D"
    assert project.budget_total == 18.0 and project.budget_total_raw == "18.00"
    assert project.budget_fiscal == 18.0
    assert project.budget_other is None and project.budget_other_raw == " "
    assert project.purpose.startswith("安全生产、综治维稳工作安排项目预算数为18万元")
    assert project.spending_plan == {"3月底": 25.0, "6月底": 50.0, "10月底": 75.0, "12月底": 100.0}
    assert len(project.goals) == 1 and project.goals[0].startswith("1.产业项目谋划和前期组织推动")
    assert (project.location.line_start, project.location.line_end) == (48, 184)


def test_project_5_budget_disagrees_with_purpose_000(docs):
    project = docs["000_565934a1818115aa"].projects[4]
    assert project.name == "招商引资专项经费"
    assert project.budget_total == 150.0
    assert "预算数为10万元" in project.purpose


def test_code_placeholder_and_money_units_004(docs):
    projects = docs["004_d57b153e55ee6404"].projects
    first = projects[0]
    assert first.code is None and first.code_raw == "————"
    assert first.title == "招商经费绩效目标"
    assert first.budget_total == 300.0 and first.budget_total_raw == "300万元"
    assert projects[1].code is None and projects[1].code_raw == ""
    assert projects[2].budget_total == 136.5
    culture = projects[9]
    assert culture.name == "文化宣传"
    assert culture.budget_total == 410.0 and culture.budget_fiscal == 410.0
    assert culture.budget_fiscal_raw == "410"


def test_two_line_title_004(docs):
    projects = docs["004_d57b153e55ee6404"].projects
    assert projects[8].title == "信息网络运行、维护费与改造升级资金项目绩效目标表"
    assert projects[8].name == "信息网络运行、维护费及改造升级资金"
    assert projects[10].title == "火炬大厦楼顶LED大屏升级改造项目绩效目标表"


def test_multi_goal_rows_004(docs):
    project = docs["004_d57b153e55ee6404"].projects[0]
    assert project.goals == [
        "瞄准重点区域、重点客商和商务机构，加强企业对接、园区对接，项目对接。",
        "宣传本区投资环境，力争在重点产业引进一批战略支撑项目、龙头企业和协力配套企业。",
    ]
    # spending plan with empty cells
    assert docs["004_d57b153e55ee6404"].projects[2].spending_plan == {
        "3月底": None, "6月底": None, "10月底": 100.0, "12月底": 100.0}


def test_numbered_goals_in_one_wrapped_cell_002(docs):
    project = docs["002_191d77da26007e67"].projects[0]
    assert project.goals == ["1.做好国产化应用替代工作，保障单位业务开展", "2.及时拨付资金"]
    # a goal line with trailing TAB cells
    assert docs["002_191d77da26007e67"].projects[1].goals == ["1.保证开发区机关正常运转，及时拨付该项资金"]


def test_skipped_reasons_004(docs):
    doc = docs["004_d57b153e55ee6404"]
    reasons = [s.reason for s in doc.skipped]
    # the all-empty row under each heading
    assert reasons.count("blank") == 13
    blank = next(s for s in doc.skipped if s.reason == "blank")
    assert blank.location.line_start == 80 and blank.cells == [""] * 6


def test_same_project_header_and_indicator_table_in_one_or_two_tables(docs):
    # 000: header block and indicator table are two tables per project; 004: one.
    assert docs["000_565934a1818115aa"].tables == 10
    assert docs["004_d57b153e55ee6404"].tables == 13
