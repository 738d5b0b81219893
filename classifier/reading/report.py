"""What `zhibiao read` writes: the JSON record form, a flat CSV, and the one-line threshold summary (the terminal tables are drawn by :mod:`classifier.cli.rendering.reading`)."""
from __future__ import annotations

import csv
import io
import json
from typing import Iterable, TextIO

from classifier.core.records import Document
from classifier.vocabulary.thresholds import Threshold

#: Columns of the flat CSV form, one line per indicator row.
CSV_COLUMNS = (
    "doc_id", "project_index", "project_name", "project_code", "row",
    "level1", "level2", "name", "description", "value_raw", "basis_raw", "basis_category",
    "direction", "value", "value_max", "unit", "kind", "issues", "location",
)


def threshold_summary(th: Threshold) -> str:
    """One short line: ``>= 90 % (rate)``, ``deadline 2023`` , ``boolean 是`` …"""
    parts: list[str] = []
    if th.direction not in ("none", "="):
        parts.append(th.direction)
    if th.value is not None:
        number = f"{th.value:g}"
        if th.value_max is not None:
            number += f"–{th.value_max:g}"
        parts.append(number)
    if th.unit:
        parts.append(th.unit)
    if th.deadline:
        parts.append("".join(
            f"{th.deadline[k]}{suffix}" for k, suffix in (("year", "年"), ("month", "月"), ("day", "日"))
            if th.deadline.get(k)
        ))
    if th.boolean is not None:
        parts.append("是" if th.boolean else "否")
    text = " ".join(parts)
    text = f"{text} ({th.kind})" if text else th.kind
    if th.issues:
        text += " !" + ",".join(th.issues)
    return text




def documents_json(documents: Iterable[Document]) -> str:
    """All documents as one JSON array (the corpus record form)."""
    return json.dumps([d.to_dict() for d in documents], ensure_ascii=False, indent=2, sort_keys=True)


def write_rows_csv(documents: Iterable[Document], fh: TextIO) -> None:
    """Flat CSV, one line per indicator (columns: :data:`CSV_COLUMNS`), starting with a UTF-8
    BOM so that Excel and WPS show the Chinese text (Python reads it back with ``utf-8-sig``)."""
    fh.write("\ufeff")
    writer = csv.writer(fh)
    writer.writerow(CSV_COLUMNS)
    for doc in documents:
        for project, ind in doc.iter_indicators():
            th = ind.threshold
            writer.writerow([
                doc.doc_id, project.index, project.name, project.code or "", ind.row,
                ind.level1, ind.level2, ind.name, ind.description, ind.value_raw, ind.basis_raw,
                ind.basis_category or "", th.direction,
                "" if th.value is None else f"{th.value:g}",
                "" if th.value_max is None else f"{th.value_max:g}",
                th.unit or "", th.kind, ";".join(th.issues), str(ind.location),
            ])


def rows_csv(documents: Iterable[Document]) -> str:
    buffer = io.StringIO()
    write_rows_csv(documents, buffer)
    return buffer.getvalue()
