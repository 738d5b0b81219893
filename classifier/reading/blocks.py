"""The block stream every reader produces and the interpreter consumes.

A reader turns its file into a list of blocks in document order:

* :class:`ParagraphBlock` -- a line (text export) or paragraph (.docx) outside any
  table, kept exactly as written;
* :class:`RowBlock` -- one table row: a list of :class:`Cell` s (raw text, source
  span) plus the row's :class:`~classifier.core.records.Location`. ``table_id`` is a
  reader-local counter that changes whenever a new table starts (used to count
  tables, nothing else).

The interpreter (:mod:`classifier.reading.interpret`) never looks at the file again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from classifier.core.records import Location


@dataclass
class Cell:
    """One table cell: exact text (wrapped lines joined with ``\\n``) and its 1-based line span."""

    text: str
    line_start: int
    line_end: int


@dataclass
class RowBlock:
    cells: list[Cell]
    location: Location
    table_id: int

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class ParagraphBlock:
    """Text outside tables. ``line`` is the 1-based line (text export) or paragraph number (.docx).

    ``continues`` is True when this line directly follows another non-blank paragraph
    line of the same paragraph (a title wrapped over two lines in a text export).
    """

    text: str
    line: int
    continues: bool = False


@dataclass
class BlockStream:
    """What a reader hands to the interpreter."""

    blocks: list = field(default_factory=list)
    encoding: str | None = None
