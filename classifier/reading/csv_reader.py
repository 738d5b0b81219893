""".csv (and other delimited text): one row block per record.

Decoding as for text exports (UTF-8, BOM, GB18030). The delimiter is the most
frequent of ``,`` TAB ``;`` in the first line. A record's location is its 1-based
line span (a quoted cell may hold line breaks). The interpreter maps the columns by
their header names (``headers.json``): 三级指标/指标名称, 绩效指标描述/指标解释,
指标值/目标值, 计量单位, 计算符号, 指标值确定依据/取值依据, 项目名称/项目编码 ….
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from classifier.core.errors import ReadError
from classifier.core.records import Location
from classifier.reading.blocks import BlockStream, Cell, RowBlock
from classifier.reading.decoding import decode_text


def sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv(path: Path, *, display_path: str) -> BlockStream:
    text, encoding = decode_text(path.read_bytes(), display_path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    blocks: list = []
    previous_end = 0
    try:
        for record in reader:
            start, end = previous_end + 1, reader.line_num
            previous_end = end
            cells = [Cell(value, start, end) for value in record]
            blocks.append(RowBlock(cells, Location(display_path, start, end), 1))
    except csv.Error as err:
        raise ReadError(display_path, f"CSV 格式错误（第 {reader.line_num} 行：{err}）") from None
    return BlockStream(blocks, encoding)
