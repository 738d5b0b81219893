"""Plain-text exports of .docx tables (the seed format).

Rules (see ``corpus/README.md``):

* a line starting with TAB holds one or more cells (``\\tA\\tB`` is two cells);
* a line without TAB right after a cell line continues the last cell (wrapped text;
  the line break is kept in the cell's raw text, so ``"产出\\n指标"``);
* a blank or white-space-only line ends the row;
* a non-TAB line that does not continue a cell is a paragraph (prose or a title).
  White-space-only paragraphs are emitted too: they separate tables and titles.

``read_text_export(path, *, display_path) -> BlockStream``.
"""
from __future__ import annotations

from pathlib import Path

from classifier.core.records import Location
from classifier.reading.blocks import BlockStream, Cell, ParagraphBlock, RowBlock
from classifier.reading.decoding import decode_text


def stream_from_text(text: str, display_path: str) -> list:
    """Split decoded text into paragraph and row blocks (see module docstring)."""
    blocks: list = []
    row: list[Cell] | None = None
    row_start = 0
    table_id = 0
    paragraph_since_row = True
    last_cell: Cell | None = None

    def close_row() -> None:
        nonlocal row, last_cell
        if row is not None:
            end = max(c.line_end for c in row)
            blocks.append(RowBlock(row, Location(display_path, row_start, end), table_id))
        row = None
        last_cell = None

    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.startswith("\t"):
            if row is None:
                if paragraph_since_row:
                    table_id += 1
                    paragraph_since_row = False
                row = []
                row_start = lineno
            for part in line.split("\t")[1:]:
                last_cell = Cell(part, lineno, lineno)
                row.append(last_cell)
        elif not line.strip():
            if row is not None:
                close_row()
            elif line:
                blocks.append(ParagraphBlock(line, lineno))
                paragraph_since_row = True
        elif row is not None and last_cell is not None:
            last_cell.text += "\n" + line
            last_cell.line_end = lineno
        else:
            previous = blocks[-1] if blocks else None
            continues = (
                isinstance(previous, ParagraphBlock) and previous.line == lineno - 1 and bool(previous.text.strip())
            )
            blocks.append(ParagraphBlock(line, lineno, continues))
            paragraph_since_row = True
    close_row()
    return blocks


def read_text_export(path: Path, *, display_path: str) -> BlockStream:
    """Read a .txt export (UTF-8, UTF-8 BOM or GB18030) into blocks."""
    text, encoding = decode_text(path.read_bytes(), display_path)
    return BlockStream(stream_from_text(text, display_path), encoding)
