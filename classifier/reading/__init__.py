"""Read 绩效目标表 documents (.txt exports, .docx, .xlsx, .csv) into records.

Each reader turns its file into a block stream (paragraphs; table rows of cells with
raw text and source span); one shared interpreter (:mod:`.interpret`) turns any
stream into :class:`~classifier.core.records.Document` / ``Project`` / ``Indicator``
records.

* :func:`read_document` (one file → Document; raises :class:`ReadError`),
* :func:`read_path` (a file or a folder → :class:`ReadResult` with the documents and
  the files that failed, each with a one-line reason),
* ``SUPPORTED_SUFFIXES``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from classifier.core.errors import ReadError, os_problem
from classifier.core.records import Document

SUPPORTED_SUFFIXES = (".txt", ".docx", ".xlsx", ".csv")

_FORMATS = {".txt": "text", ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv"}
_CONVERT_HINTS = {".doc": ".docx", ".wps": ".docx", ".rtf": ".docx", ".xls": ".xlsx", ".et": ".xlsx", ".xlsm": ".xlsx"}

__all__ = ["SUPPORTED_SUFFIXES", "ReadResult", "read_blocks", "read_document", "read_path", "display_path_for"]


@dataclass
class ReadResult:
    """Documents read from a path, plus the files that could not be read.

    ``failures`` holds one :class:`ReadError` per bad file (``str(err)`` is
    ``path：problem``); ``ignored`` lists files in a folder whose extension is not
    supported (they are not read and not counted as failures).
    """

    documents: list[Document] = field(default_factory=list)
    failures: list[ReadError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def display_path_for(path: Path, root: Path | None = None) -> str:
    """``path`` relative to ``root`` when it lies inside it (POSIX form), else as given."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def read_blocks(path: str | Path, *, display_path: str | None = None):
    """The block stream of one file (:class:`~classifier.reading.blocks.BlockStream`: its
    paragraphs and table rows, each row's cells with their raw text and source location),
    before interpretation. Raises :class:`ReadError` as :func:`read_document` does."""
    path = Path(path)
    shown = display_path or str(path)
    if not path.exists():
        raise ReadError(shown, "文件不存在")
    if path.is_dir():
        raise ReadError(shown, "是文件夹，不是文件")
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        supported = "、".join(SUPPORTED_SUFFIXES)
        hint = f"；请另存为 {_CONVERT_HINTS[suffix]}" if suffix in _CONVERT_HINTS else ""
        kind = f" {path.suffix}" if path.suffix else "（无扩展名）"
        raise ReadError(shown, f"不支持的文件类型{kind}（支持 {supported}）{hint}")
    try:
        if path.stat().st_size == 0:
            raise ReadError(shown, "空文件")
        if suffix == ".txt":
            from classifier.reading.text_export import read_text_export as reader
        elif suffix == ".csv":
            from classifier.reading.csv_reader import read_csv as reader
        elif suffix == ".docx":
            from classifier.reading.docx_reader import read_docx as reader
        else:
            from classifier.reading.xlsx_reader import read_xlsx as reader
        return reader(path, display_path=shown)
    except OSError as err:
        raise ReadError(shown, f"无法读取文件（{os_problem(err)}）") from None


def read_document(path: str | Path, *, display_path: str | None = None) -> Document:
    """Read one file into a Document.

    The document's ``doc_id`` is the file stem.

    Parameters
    ----------
    path : str or Path
        The file to read: a text export (``.txt``), ``.csv``, ``.docx`` or ``.xlsx``.
    display_path : str or None, default None
        What records store as their path. None → ``str(path)``.

    Returns
    -------
    Document
        The file's projects and their indicator rows; ``doc_id`` is the file stem.

    Raises
    ------
    ReadError
        One line, ``path：problem``, for a missing path, a folder, an unsupported
        extension, an empty / binary / corrupt file, or a file with no indicator table.

    Examples
    --------
    >>> from classifier import read_document
    >>> doc = read_document("corpus/raw/000_565934a1818115aa.txt")  # doctest: +SKIP
    >>> doc.doc_id  # doctest: +SKIP
    '000_565934a1818115aa'
    """
    path = Path(path)
    shown = display_path or str(path)
    stream = read_blocks(path, display_path=shown)
    from classifier.reading.interpret import interpret

    return interpret(
        stream.blocks, doc_id=path.stem, source_path=shown, format=_FORMATS[path.suffix.lower()], encoding=stream.encoding
    )


def read_path(path: str | Path, *, root: Path | None = None,
              progress: Callable[[str, int, int], object] | None = None) -> ReadResult:
    """Read a file or every supported file under a folder (recursively, sorted by path).

    In a folder, hidden files and folders are passed over, and files of other types
    (and Office lock files ``~$…``) are listed in ``ignored``. Bad files are collected
    in ``failures`` and skipped; the others still go through.

    Parameters
    ----------
    path : str or Path
        A file, or a folder searched recursively.
    root : Path or None, default None
        Store paths relative to it (for files inside it). None → paths as found.
    progress : callable or None, default None
        ``progress("read", done, total)``: ``total`` is the number of files to read (those of a
        supported type), ``done`` how many have been read (or have failed); called before the
        first file and after each one.

    Returns
    -------
    ReadResult
        ``documents`` (list of Document, one per file read, sorted by path),
        ``failures`` (list of ReadError, one per bad file) and ``ignored`` (list of str,
        the files of other types and Office lock files).

    Raises
    ------
    ReadError
        When ``path`` does not exist. Bad files do not raise: they go to ``failures``.

    Examples
    --------
    >>> from classifier import read_path
    >>> result = read_path("corpus/raw")  # doctest: +SKIP
    >>> result.failures  # doctest: +SKIP
    []
    """
    path = Path(path)
    result = ReadResult()
    if not path.exists():
        raise ReadError(path, "文件或文件夹不存在")
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        candidates = []
        for file in files:
            if file.suffix.lower() in _FORMATS and not file.name.startswith("~$"):  # ~$x.docx: Office lock file
                candidates.append(file)
            else:
                result.ignored.append(display_path_for(file, root))
    else:
        candidates = [path]
    if progress is not None:
        progress("read", 0, len(candidates))
    for done, file in enumerate(candidates, start=1):
        try:
            result.documents.append(read_document(file, display_path=display_path_for(file, root)))
        except ReadError as err:
            result.failures.append(err)
        if progress is not None:
            progress("read", done, len(candidates))
    return result


def nothing_read(paths: Sequence[object], failures: Sequence[object], ignored: Sequence[str]) -> str:
    """The one line to say when no table was read from ``paths``: how many files were looked at
    and why each gave nothing, e.g. ``没有读到表（2 个文件）：notes.md：不支持的文件类型；scan.pdf：不支持的文件类型``
    or ``没有读到表：empty/ 中没有 .txt、.docx、.xlsx 或 .csv 文件``."""
    reasons = [f"{Path(str(name)).name}：不支持的文件类型" for name in ignored]
    reasons += [str(err) for err in failures]
    files = len(ignored) + len(failures)
    if not files:
        return f"没有读到表：{'、'.join(str(p) for p in paths)} 中没有 .txt、.docx、.xlsx 或 .csv 文件"
    shown = "；".join(reasons[:5]) + (f"；另有 {len(reasons) - 5} 个" if len(reasons) > 5 else "")
    return f"没有读到表（{files} 个文件）：{shown}"
