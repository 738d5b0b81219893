""".docx (python-docx): body paragraphs and tables in document order.

python-docx repeats merged cells: a horizontally merged cell appears once per grid
column and a vertically merged cell repeats the cell above. Both are de-duplicated
to empty cells (keeping grid positions), so a merged 一级/二级 run reads like the text
export: the first row holds the text, continuation rows are empty and inherit.
Locations: ``table`` = 1-based table number, ``line_start`` = 1-based row in the
table. Paragraph numbers count body paragraphs (1-based).
"""
from __future__ import annotations

from pathlib import Path

from classifier.core.errors import ReadError
from classifier.core.records import Location
from classifier.reading.blocks import BlockStream, Cell, ParagraphBlock, RowBlock


def read_docx(path: Path, *, display_path: str) -> BlockStream:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a core dependency
        raise ReadError(display_path, "读取 .docx 需要 python-docx：pip install python-docx") from None
    try:
        document = docx.Document(str(path))
    except Exception as err:  # PackageNotFoundError, BadZipFile, KeyError, lxml errors
        raise ReadError(display_path, f"不是可读的 .docx 文档（{type(err).__name__}）") from None
    blocks: list = []
    paragraph_no = 0
    table_no = 0
    try:
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraph_no += 1
                blocks.append(ParagraphBlock(Paragraph(child, document).text, paragraph_no))
            elif tag == "tbl":
                table_no += 1
                table = Table(child, document)
                above: list = []
                for row_no, row in enumerate(table.rows, start=1):
                    tcs = [cell._tc for cell in row.cells]
                    cells = []
                    for i, (tc, cell) in enumerate(zip(tcs, row.cells)):
                        duplicate = (i > 0 and tcs[i - 1] is tc) or (i < len(above) and above[i] is tc)
                        text = "" if duplicate else cell.text
                        cells.append(Cell(text, row_no, row_no))
                    above = tcs
                    loc = Location(display_path, row_no, row_no, table=table_no)
                    blocks.append(RowBlock(cells, loc, table_no))
    except Exception as err:
        raise ReadError(display_path, f".docx 内容已损坏（{type(err).__name__}）") from None
    return BlockStream(blocks, None)
