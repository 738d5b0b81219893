"""Readers for each format: encodings of text exports, .csv aliases, .xlsx and .docx merges."""
from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.reading import read_document
from classifier.reading.text_export import stream_from_text
from classifier.reading.blocks import ParagraphBlock, RowBlock

SEED = "002_191d77da26007e67.txt"


def records(doc):
    return [
        (p.name, p.code, [(i.level1, i.level2, i.name, i.value_raw, i.location.line_start) for i in p.indicators])
        for p in doc.projects
    ]


# -- text exports ------------------------------------------------------------

@pytest.mark.parametrize("encoding,expected", [
    ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")])
def test_text_export_encodings(raw_dir, tmp_path, encoding, expected):
    source = raw_dir / SEED
    text = source.read_text(encoding="utf-8")
    target = tmp_path / SEED
    target.write_bytes(text.encode(encoding))
    original, converted = read_document(source), read_document(target)
    assert converted.encoding == expected
    assert records(converted) == records(original)


def test_text_export_crlf_line_endings(raw_dir, tmp_path):
    source = raw_dir / SEED
    target = tmp_path / SEED
    target.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    assert records(read_document(target)) == records(read_document(source))


def test_stream_rules():
    text = "标题\n\n\t产出\n指标\n\t数量指标\n\t三级\n\n \n\tA\n"
    blocks = stream_from_text(text, "x.txt")
    assert isinstance(blocks[0], ParagraphBlock) and blocks[0].text == "标题"
    row = blocks[1]
    assert isinstance(row, RowBlock)
    assert row.texts == ["产出\n指标", "数量指标", "三级"]
    assert (row.location.line_start, row.location.line_end) == (3, 6)
    # a white-space-only line outside a row is a paragraph: it separates tables
    assert isinstance(blocks[2], ParagraphBlock) and blocks[2].text == " "
    last = blocks[3]
    assert last.texts == ["A"] and last.table_id == row.table_id + 1
    assert len(blocks) == 4


def test_cell_continuation_and_multi_cell_line():
    blocks = stream_from_text("\t一级\n指标\n\tx\ty\t\n", "x.txt")
    (row,) = blocks
    assert row.texts == ["一级\n指标", "x", "y", ""]
    assert (row.cells[0].line_start, row.cells[0].line_end) == (1, 2)


# -- csv -------------------------------------------------------------------------

FLAT_CSV = """项目名称,项目编码,一级指标,二级指标,指标名称,指标解释,计算符号,目标值,计量单位,取值依据
道路养护,13020922P00000010001A,产出指标,数量指标,养护里程,年度养护道路里程,≥,12,公里,年初工作计划
道路养护,13020922P00000010001A,,质量指标,养护合格率,"验收合格
里程占比",≥,95,%,行业标准
道路养护,13020922P00000010001A,满意度指标,服务对象满意度指标,群众满意度,,≥,90,%,历史标准
路灯维护,13020922P00000020001B,产出指标,时效指标,维修及时率,,≥,98,%,
"""


def test_csv_flat_with_aliases_and_project_columns(tmp_path):
    path = tmp_path / "flat.csv"
    path.write_text(FLAT_CSV, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "csv" and doc.encoding == "utf-8"
    assert [p.name for p in doc.projects] == ["道路养护", "路灯维护"]
    assert [p.code for p in doc.projects] == ["13020922P00000010001A", "13020922P00000020001B"]
    assert doc.budget_year == 2022
    first, second, third = doc.projects[0].indicators
    assert (first.name, first.description, first.value_raw, first.basis_raw) == (
        "养护里程", "年度养护道路里程", "≥12公里", "年初工作计划")
    assert second.level1 == "产出指标" and second.level1_inherited
    assert second.level2 == "质量指标" and not second.level2_inherited
    assert second.value_raw == "≥95%"
    assert second.description_raw == "验收合格\n里程占比" and second.description == "验收合格里程占比"
    assert (second.location.line_start, second.location.line_end) == (3, 4)
    assert third.location.line_start == 5
    assert doc.projects[1].indicators[0].level1 == "产出指标"
    assert not doc.projects[1].indicators[0].level1_inherited
    assert doc.rows_read == 5 and [s.reason for s in doc.skipped] == ["header"]


def test_csv_gbk_and_semicolons(tmp_path):
    path = tmp_path / "gbk.csv"
    text = "一级指标;二级指标;三级指标;绩效指标描述;指标值;指标值确定依据\n产出指标;数量指标;培训人数;;≥300人次;计划标准\n"
    path.write_bytes(text.encode("gbk"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    (ind,) = doc.projects[0].indicators
    assert (ind.name, ind.value_raw, ind.description) == ("培训人数", "≥300人次", "")


# -- xlsx ------------------------------------------------------------------------

def test_xlsx_merged_levels_title_and_number_cells(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目表"
    ws.append(["道路养护项目绩效目标表"])
    ws.append(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
    ws.append(["产出指标", "数量指标", "养护里程（公里）", "养护道路里程", 12, "年初工作计划"])
    ws.append([None, None, "桥梁检查（座）", "检查桥梁", 3, "年初工作计划"])
    ws.append([None, "质量指标", "验收合格率", "", 0.95, "行业标准"])
    ws.append(["满意度指标", "服务对象满意度指标", "群众满意度", None, "≥90%", "历史标准"])
    ws.merge_cells("A3:A5")
    ws.merge_cells("B3:B4")
    ws["E5"].number_format = "0%"
    path = tmp_path / "sheet.xlsx"
    wb.save(path)
    doc = read_document(path)
    assert doc.format == "xlsx" and doc.tables == 1
    (project,) = doc.projects
    assert project.title == "道路养护项目绩效目标表"
    rows = project.indicators
    assert [r.level1 for r in rows] == ["产出指标"] * 3 + ["满意度指标"]
    assert [r.level1_inherited for r in rows] == [False, True, True, False]
    assert [r.level2 for r in rows] == ["数量指标", "数量指标", "质量指标", "服务对象满意度指标"]
    assert [r.level2_inherited for r in rows] == [False, True, False, False]
    assert [r.value_raw for r in rows] == ["12", "3", "95%", "≥90%"]
    assert rows[1].location.sheet == "项目表" and rows[1].location.line_start == 4
    assert [s.reason for s in doc.skipped] == ["title", "header"]


# -- docx ------------------------------------------------------------------------

def test_docx_horizontal_and_vertical_merges(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("2024年部门预算")
    document.add_paragraph("道路养护项目绩效目标表")
    table = document.add_table(rows=4, cols=7)
    heading = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "", "指标值", "指标值确定依据"]
    body = [
        ["产出指标", "数量指标", "养护里程", "年度养护道路里程", "", "≥12公里", "年初工作计划"],
        ["", "", "桥梁检查", "检查桥梁座数", "", "3座", "年初工作计划"],
        ["", "质量指标", "验收合格率", "", "", "≥95%", "行业标准"],
    ]
    for r, cells in enumerate([heading] + body):
        for c, text in enumerate(cells):
            if text:
                table.cell(r, c).text = text
    # description spans two grid columns (the spacer), 一级 and 二级 merged vertically
    for r in range(4):
        table.cell(r, 3).merge(table.cell(r, 4))
    table.cell(1, 0).merge(table.cell(3, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    path = tmp_path / "form.docx"
    document.save(path)

    doc = read_document(path)
    assert doc.format == "docx" and doc.budget_year == 2024 and doc.tables == 1
    (project,) = doc.projects
    assert project.title == "道路养护项目绩效目标表"
    rows = project.indicators
    assert [(r.level1, r.level1_inherited) for r in rows] == [("产出指标", False), ("产出指标", True), ("产出指标", True)]
    assert [(r.level2, r.level2_inherited) for r in rows] == [("数量指标", False), ("数量指标", True), ("质量指标", False)]
    assert [r.description for r in rows] == ["年度养护道路里程", "检查桥梁座数", ""]
    assert [r.value_raw for r in rows] == ["≥12公里", "3座", "≥95%"]
    assert rows[2].location.table == 1 and rows[2].location.line_start == 4
    assert str(rows[2].location).endswith("table 1 row 4")


def test_csv_central_template_columns(tmp_path):
    """2021 central template: 指标性质 (≥/≤/定性) and 度量单位 columns, unknown columns ignored."""
    path = tmp_path / "central.csv"
    path.write_text(
        "一级指标,二级指标,三级指标,指标性质,指标值,度量单位,权重（%）,备注\n"
        "产出指标,数量指标,培训人次,≥,300,人次,20,\n"
        ",质量指标,培训合格率,≥,90,%,20,\n"
        "效益指标,社会效益指标,群众知晓度,定性,好,,10,\n"
        "成本指标,经济成本指标,人均培训成本,≤,120,元,10,\n",
        encoding="utf-8",
    )
    rows = read_document(path).projects[0].indicators
    assert [r.value_raw for r in rows] == ["≥300人次", "≥90%", "好", "≤120元"]
    assert [r.description for r in rows] == ["", "", "", ""]
    assert rows[1].level1_inherited and rows[1].level1 == "产出指标"


def test_skip_reasons_outside_table_no_name_and_money_in_yuan(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "说明：本表由财务科填报,,,,,\n"                      # before any table: outside_table
        "某某局,,,,,单位：元\n"                             # agency row, money in 元
        "项目名称,道路养护,,,,\n"
        "预算数,50000,其中：财政资金,50000,其他资金,0\n"
        "一级指标,二级指标,三级指标,绩效指标描述,指标值,指标值确定依据\n"
        "产出指标,数量指标,养护里程,,≥12公里,计划\n"
        "产出指标,质量指标,,,,\n"                            # levels only: no_name
        ",,,,,\n",                                           # blank
        encoding="utf-8",
    )
    doc = read_document(path)
    (project,) = doc.projects
    assert project.agency == "某某局" and doc.agency == "某某局" and doc.agency_code is None
    assert (project.budget_total, project.budget_fiscal, project.budget_other) == (5.0, 5.0, 0.0)
    assert [i.name for i in project.indicators] == ["养护里程"]
    assert [(s.reason, s.location.line_start) for s in doc.skipped] == [
        ("outside_table", 1), ("project_header", 2), ("project_header", 3), ("project_header", 4),
        ("header", 5), ("no_name", 7), ("blank", 8)]
    assert doc.rows_read == 8


first_line = st.text(alphabet="产出指标数量 1%≥", max_size=6)
more_lines = st.lists(st.text(alphabet="产出指标数量1%≥", min_size=1, max_size=6), max_size=2)
cell = st.tuples(first_line, more_lines)
table = st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(rows=table)
def test_text_export_stream_recovers_cells(rows):
    """Writing cells one per TAB line (wrapped lines without TAB) and reading gives them back."""
    lines = []
    for row in rows:
        for first, wrapped in row:
            lines.append("\t" + first)
            lines.extend(wrapped)
        lines.append("")
    blocks = stream_from_text("\n".join(lines) + "\n", "t.txt")
    assert [b.texts for b in blocks] == [["\n".join([first, *wrapped]) for first, wrapped in row] for row in rows]


def test_repeated_heading_inside_a_table_continues_the_project(tmp_path):
    heading = "一级指标,二级指标,三级指标,绩效指标描述,指标值,指标值确定依据\n"
    path = tmp_path / "pages.csv"
    path.write_text(
        heading + "产出指标,数量指标,养护里程,,≥12公里,计划\n"
        + heading + ",质量指标,验收合格率,,≥95%,计划\n"
        + "路灯维护项目绩效目标表,,,,,\n"
        + heading + "产出指标,数量指标,维修盏数,,≥300盏,计划\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert [len(p.indicators) for p in doc.projects] == [2, 1]
    second_row = doc.projects[0].indicators[1]
    assert second_row.level1 == "产出指标" and second_row.level1_inherited
    assert doc.projects[1].title == "路灯维护项目绩效目标表"
    assert [s.reason for s in doc.skipped] == ["header", "header", "title", "header"]


def test_xlsx_central_template_header_block(tmp_path):
    """The 2021 central template: 主管部门及代码 / 实施单位 labels, 项目资金（万元）, 年度资金总额."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目支出绩效目标表"])
    ws.append(["项目名称", "道路养护", None, "主管部门及代码", "123001某某局"])
    ws.append(["实施单位", "某某局养护中心"])
    ws.append(["项目资金（万元）", "年度资金总额", 120.5, None, None])
    ws.append([None, "其中：财政拨款", 100, None, None])
    ws.append([None, "其他资金", "20.5", None, None])
    ws.append(["年度绩效目标", "完成主干道养护12公里"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["产出指标", "数量指标", "养护里程", "≥12公里"])
    path = tmp_path / "central.xlsx"
    wb.save(path)
    doc = read_document(path)
    (project,) = doc.projects
    assert project.title == "项目支出绩效目标表"
    assert project.name == "道路养护"
    assert project.agency == "123001某某局" and doc.agency_code == "123001"
    assert (project.budget_total, project.budget_fiscal, project.budget_other) == (120.5, 100.0, 20.5)
    assert project.goals == ["完成主干道养护12公里"]
    assert [i.value_raw for i in project.indicators] == ["≥12公里"]


@pytest.mark.parametrize("raw,scale,expected", [
    ("18.00", 1, 18.0), ("300万元", 1, 300.0), ("136.5万元", 1, 136.5), ("410", 1, 410.0),
    ("1.2亿元", 1, 12000.0), ("50000元", 1, 5.0), ("50000", 0.0001, 5.0), ("1,200.5", 1, 1200.5),
    (" ", 1, None), ("————", 1, None), ("", 1, None),
])
def test_budget_cells_in_wan_yuan(raw, scale, expected):
    from classifier.reading.interpret import parse_money

    assert parse_money(raw, scale) == expected


def test_goal_cells_split_on_numbered_lines_only():
    from classifier.reading.interpret import split_goals

    assert split_goals("1.做好替代工作\n2.及时拨付资金") == ["1.做好替代工作", "2.及时拨付资金"]
    assert split_goals("保障机关正常运转，\n及时拨付资金") == ["保障机关正常运转，\n及时拨付资金"]
    assert split_goals("  ") == []
