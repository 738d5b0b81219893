"""Name lists to classify, from any file a user has: a 绩效目标表 (.xlsx/.docx/.txt export),
a CSV with a names column, an .xlsx sheet with a header row, or one name per line."""
from __future__ import annotations

from pathlib import Path


def _table_names(path: Path, *, raise_failure: bool = False) -> tuple[list[str], list[str]] | None:
    """``(names, descriptions)`` of the 三级指标 rows of the 绩效目标表 in ``path``
    (:func:`classifier.reading.read_path`), in table order; None when it holds none (or
    cannot be read, unless ``raise_failure``)."""
    from classifier.reading.corpus import iter_rows
    from classifier.reading import read_path

    result = read_path(path)
    if result.failures and raise_failure:
        raise result.failures[0]
    # a 绩效目标表 has 一级/二级 columns; a sheet of names alone (minimal heading) is read as a
    # names column instead, which keeps one result per row, blank rows included
    rows = [indicator for _, project, indicator in iter_rows(result.documents)
            if project.columns is None or {"level1", "level2"} & set(project.columns)]
    return ([r.name for r in rows], [r.description for r in rows]) if rows else None


def _read_office_names(path: Path, label: str, column: str | None) -> tuple[list[str], list[str] | None]:
    """Names (and descriptions) of the 三级指标 rows of an .xlsx/.docx 绩效目标表, or of a
    names column of an .xlsx sheet (see :func:`read_names`)."""
    from classifier.core.errors import ReadError

    if not path.is_file():
        raise ReadError(label, "文件不存在" if not path.exists() else "不是文件")
    if column is None:
        table = _table_names(path, raise_failure=path.suffix.lower() == ".docx")
        if table:
            return table
    if path.suffix.lower() == ".xlsx":
        return _read_sheet_column(path, label, column)
    raise ReadError(label, "没有找到绩效目标表（需要有「一级指标」「二级指标」「三级指标」列的表）")


def _read_sheet_column(path: Path, label: str, column: str | None) -> tuple[list[str], list[str] | None]:
    """The first sheet whose first 20 rows hold a header cell named ``column`` (default: one
    of :data:`NAME_COLUMNS`): the cells below it (empty cells give ""), and the cells of the
    first :data:`DESCRIPTION_COLUMNS` header of the same row, if any."""
    import zipfile

    from classifier.core.errors import ReadError

    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
        raise ReadError(label, f"不是可读的 .xlsx 文件（{type(err).__name__}）") from None
    wanted = (column,) if column is not None else NAME_COLUMNS
    try:
        for sheet in workbook.worksheets:
            rows = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
            for r, header in enumerate(rows[:20]):
                name_col = next((header.index(c) for c in wanted if c in header), None)
                if name_col is None:
                    continue
                desc_col = next((header.index(c) for c in DESCRIPTION_COLUMNS if c in header and header.index(c) != name_col), None)
                body = [row for row in rows[r + 1:] if any(row)]
                names = [row[name_col] if name_col < len(row) else "" for row in body]
                if desc_col is None:
                    return names, None
                return names, [row[desc_col] if desc_col < len(row) else "" for row in body]
    finally:
        workbook.close()
    raise ReadError(label, f"没有绩效目标表，各工作表的前 20 行中也没有{_columns(wanted)}列")


#: File types that never hold a name list (documents and archives of other formats).
NOT_NAME_FILES = frozenset({".pdf", ".doc", ".xls", ".ppt", ".pptx", ".wps", ".et", ".zip", ".rar", ".7z",
                            ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".exe", ".dll", ".so"})
#: Longer than any real 三级指标 name (the real tables' longest is well under this): such a line
#: is a paragraph or junk, not a name, and is left out by :func:`split_overlong`.
MAX_NAME_CHARS = 100


def split_overlong(names: list, descriptions: list | None = None, *, limit: int = MAX_NAME_CHARS
                   ) -> tuple[list, list | None, list[int]]:
    """``(names, descriptions, left_out)``: the names of at most ``limit`` characters (with their
    descriptions, when given) and the 0-based positions of those left out."""
    left_out = [i for i, n in enumerate(names) if isinstance(n, str) and len(n.strip()) > limit]
    if not left_out:
        return names, descriptions, []
    drop = set(left_out)
    kept = [n for i, n in enumerate(names) if i not in drop]
    kept_desc = [d for i, d in enumerate(descriptions) if i not in drop] if descriptions is not None else None
    return kept, kept_desc, left_out


def _columns(names) -> str:
    """``「name」或「三级指标」``: column names as the messages quote them."""
    return "或".join(f"「{name}」" for name in names)


#: Column names tried, in order, when a CSV is given without ``column``.
NAME_COLUMNS = ("name", "三级指标", "三级指标名称", "指标名称")
DESCRIPTION_COLUMNS = ("description", "绩效指标描述", "指标描述")


def read_names(path: str | Path, *, column: str | None = None, text: str | None = None) -> tuple[list[str], list[str] | None]:
    """Names to classify from a file: ``(names, descriptions or None)``.

    ``path`` ``"-"`` means ``text`` (the caller reads stdin). A ``.xlsx`` or ``.docx`` file
    holding a 绩效目标表 gives its 三级指标 rows with their 绩效指标描述, in table order
    (read by :mod:`classifier.reading`; with ``column``, or when it holds no such table, an
    ``.xlsx`` is read as a sheet with a header row instead — see :func:`_read_sheet_column`).
    A text export of such a table (``corpus/raw/*.txt``: cells start with a TAB) gives its rows
    the same way. A ``.csv`` file, or any other file when ``column`` is given, is read as CSV
    with a header: names from ``column`` (default:
    the first of :data:`NAME_COLUMNS` present), descriptions from the first of
    :data:`DESCRIPTION_COLUMNS` present. Otherwise one name per line; blank lines are
    skipped. UTF-8 (with or without BOM), else GB18030. Raises
    :class:`classifier.core.errors.ReadError` (``path：problem``).
    """
    import csv
    import io

    from classifier.core.errors import ReadError

    label = "<stdin>" if str(path) == "-" else str(path)
    if str(path) != "-" and Path(path).suffix.lower() in (".xlsx", ".docx"):
        return _read_office_names(Path(path), label, column)
    if str(path) == "-":
        content = text or ""
    else:
        p = Path(path)
        if not p.is_file():
            raise ReadError(label, "文件不存在" if not p.exists() else "不是文件")
        raw = p.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                content = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes almost anything
            raise ReadError(label, "既不是 UTF-8 也不是 GB18030 文本")
        if b"\x00" in raw[:4096]:
            raise ReadError(label, "二进制文件，应为文本或 CSV 文件")
        if p.suffix.lower() in NOT_NAME_FILES or raw[:5] == b"%PDF-":
            raise ReadError(label, f"不支持用作名称列表的文件类型 {p.suffix.lower() or repr(raw[:5])}"
                                   "（请用 .txt、.csv、.xlsx 或 .docx）")
        sample = content[:20000]
        control = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r")  # control characters
                      or 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd")  # private use, undecodable
        if sample and control > 0.01 * len(sample):
            raise ReadError(label, "不是文本：含控制字符或无法解码的字符，应为每行一个名称的文本或 CSV 文件")
    as_csv = column is not None or label.lower().endswith(".csv")
    if not as_csv:
        if str(path) != "-" and any(line.startswith("\t") for line in content.splitlines()):
            table = _table_names(Path(path))  # a .txt export of a 绩效目标表: table cells start with a TAB
            if table:
                return table
        return [line.strip() for line in content.splitlines() if line.strip()], None
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise ReadError(label, "CSV 文件为空，应有表头行")
    reader.fieldnames = header
    wanted = column if column is not None else next((c for c in NAME_COLUMNS if c in header), None)
    if wanted is None or wanted not in header:
        raise ReadError(label, f"没有{_columns((wanted,) if wanted else NAME_COLUMNS)}列；现有列：{'、'.join(header)}")
    desc_col = next((c for c in DESCRIPTION_COLUMNS if c in header and c != wanted), None)
    names, descriptions = [], []
    for row in reader:
        name = (row.get(wanted) or "").strip()
        names.append(name)
        descriptions.append((row.get(desc_col) or "").strip() if desc_col else "")
    return names, (descriptions if desc_col else None)
