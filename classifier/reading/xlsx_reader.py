""".xlsx (openpyxl): every sheet's rows become row blocks, in sheet order.

Merged cells: openpyxl gives the value to the top-left cell only, so the
continuation rows of a merged 一级/二级 range come out empty and the interpreter
inherits them, exactly as for text exports; horizontally merged cells come out as
empty cells to the right. Trailing empty rows of a sheet are dropped. Numbers are
rendered without a spurious ``.0``; cells formatted as percent become ``25%``.
A location is (sheet name, 1-based sheet row).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from classifier.core.errors import ReadError
from classifier.core.records import Location
from classifier.reading.blocks import BlockStream, Cell, RowBlock


def cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        fmt = getattr(cell, "number_format", "") or ""
        if "%" in fmt:
            return f"{value * 100:g}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path, *, display_path: str) -> BlockStream:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a core dependency
        raise ReadError(display_path, "读取 .xlsx 需要 openpyxl：pip install openpyxl") from None
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as err:  # zipfile.BadZipFile, KeyError, lxml errors, ...
        raise ReadError(display_path, f"不是可读的 .xlsx 工作簿（{type(err).__name__}）") from None
    blocks: list = []
    try:
        for table_id, sheet in enumerate(workbook.worksheets, start=1):
            rows = [[cell_text(c) for c in row] for row in sheet.iter_rows()]
            while rows and not any(t.strip() for t in rows[-1]):
                rows.pop()
            for number, texts in enumerate(rows, start=1):
                cells = [Cell(t, number, number) for t in texts]
                loc = Location(display_path, number, number, sheet=sheet.title)
                blocks.append(RowBlock(cells, loc, table_id))
    finally:
        workbook.close()
    return BlockStream(blocks, None)
