"""Labeled name lists: CSV files whose header holds ``name`` and ``category``.

The format of ``zhibiao evaluate --test-file`` and ``zhibiao train --add``, of
``corpus/labels.csv`` and of the curated and blind phrasings: UTF-8 (BOM allowed), a header
row holding ``name`` and ``category`` (a taxonomy id), optionally ``description`` and a group
column (``field``).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from classifier.core.errors import TrainingDataError
from classifier.core.paths import labels_path


def _check_category(path: Path, line: int, category: str, valid: set[str]) -> str:
    category = category.strip()
    if category not in valid:
        raise TrainingDataError(f"{path}：第 {line} 行：未知类别“{category}”")
    return category


def read_labeled_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """``(line, row)`` pairs of a labeled CSV (UTF-8, BOM allowed) whose header holds
    ``name`` and ``category``: ``row["name"]`` and ``row["category"]`` stripped, the category
    checked against the taxonomy, rows with neither skipped. Raises
    :class:`TrainingDataError` (one line naming the file, and the line for a bad category)
    on a bad header, an unknown category or text that is not UTF-8."""
    from classifier.core.taxonomy import load_taxonomy

    valid = set(load_taxonomy().ids)
    out: list[tuple[int, dict[str, str]]] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"name", "category"} <= set(reader.fieldnames):
                raise TrainingDataError(f"{path}：表头必须有 name 和 category 列")
            for line, row in enumerate(reader, start=2):
                row = {k: (v or "") for k, v in row.items() if k is not None}
                row["name"] = row.get("name", "").strip()
                if not row["name"] and not row.get("category", "").strip():
                    continue
                row["category"] = _check_category(path, line, row.get("category", ""), valid)
                out.append((line, row))
    except UnicodeDecodeError:
        raise TrainingDataError(f"{path}：不是 UTF-8 文本") from None
    return out


@dataclass
class LabeledRow:
    """One row of a labeled file: ``line`` is its 1-based line number in the file."""

    name: str
    category: str
    description: str
    group: str
    line: int


def read_labeled_file(path: str | Path, *, group_column: str = "field") -> list[LabeledRow]:
    """The rows of a labeled CSV. Raises :class:`TrainingDataError` (one line naming the
    file, and the line for a bad category) when the file is missing, has no
    ``name``/``category`` header, or holds a category the taxonomy does not know."""
    path = Path(path)
    if not path.is_file():
        raise TrainingDataError(f"{path}：文件不存在")
    rows = [
        LabeledRow(name=row["name"], category=row["category"], description=row.get("description", "").strip(),
                   group=row.get(group_column, "").strip(), line=line)
        for line, row in read_labeled_csv(path)
    ]
    if not rows:
        raise TrainingDataError(f"{path}：没有标注行")
    return rows


def load_labels(path: str | Path | None = None, *, missing_ok: bool = False) -> dict[str, str]:
    """``{name: category}`` from a labels CSV with a header ``name,category[,note]`` (default:
    ``corpus/labels.csv``): the one loader of hand labels that training, suggestions and the
    research table share.

    Keys are the names as written; the normalized form of each name
    (:func:`classifier.vocabulary.segmentation.normalize_text`) is added as well, without
    overriding an exact name; look names up with :func:`label_of`. Unknown categories raise
    :class:`TrainingDataError`; a missing file raises it too, or gives ``{}`` with ``missing_ok``.
    """
    from classifier.vocabulary.segmentation import normalize_text

    path = Path(path) if path is not None else labels_path()
    if not path.is_file():
        if missing_ok:
            return {}
        raise TrainingDataError(f"{path}：标注文件不存在")
    labels = {row["name"]: row["category"] for _, row in read_labeled_csv(path) if row["name"]}
    for name, category in list(labels.items()):
        labels.setdefault(normalize_text(name), category)
    return labels


def label_of(labels: dict[str, str], name: object) -> str | None:
    """The hand label of ``name`` in ``labels`` (:func:`load_labels`): by the name as written,
    else by its normalized form; None when it has none."""
    from classifier.vocabulary.segmentation import normalize_text

    if not isinstance(name, str) or not name:
        return None
    return labels.get(name) or labels.get(normalize_text(name))
