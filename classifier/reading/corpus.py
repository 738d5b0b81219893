"""The parsed indicator corpus: build it from source documents, load it, iterate rows.

* :func:`build_corpus` reads every supported file under ``corpus/raw`` (or any
  folder) and writes JSON Lines, one :class:`Document` per line, sorted by
  ``doc_id``, keys sorted, ``ensure_ascii=False`` -- the same input gives the same
  bytes on any machine (paths are stored relative to the project root).
* :func:`load_documents` (strict) / :func:`read_corpus` (lenient: bad files are
  reported, not raised) accept a ``.jsonl`` corpus, one document file, or a folder
  of documents read on the fly; the default is the shipped corpus
  (:func:`classifier.core.paths.default_corpus_path`).
* :func:`iter_rows` yields ``(document, project, indicator)`` triples.
* :class:`Reconciliation` counts documents, projects, tables, rows read, indicator
  rows kept and rows skipped by reason, plus the files that failed, so that no row
  disappears without a reason.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from classifier.core.errors import ReadError
from classifier.core.paths import CORPUS_DIR, PROJECT_ROOT, default_corpus_path, raw_corpus_dir
from classifier.reading import ReadResult, read_path
from classifier.core.records import Document, Indicator, Project

__all__ = [
    "Reconciliation",
    "build_corpus",
    "write_corpus",
    "read_corpus_file",
    "load_documents",
    "read_corpus",
    "iter_rows",
]


@dataclass
class Reconciliation:
    """What a read or build did, in figures. ``rows_read == indicators + sum(skipped_by_reason)``."""

    documents: int = 0
    projects: int = 0
    tables: int = 0
    rows_read: int = 0
    indicators: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    failed_files: list[str] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)
    duplicate_ids: dict[str, list[str]] = field(default_factory=dict)
    #: what :func:`build_corpus` did for the suggestion corpus built next to the corpus
    #: (:class:`~classifier.reading.suggestion_sources.SourcesReconciliation`), or None.
    suggestion_corpus: Any = None

    @classmethod
    def of(cls, documents: Iterable[Document], failures: Iterable[ReadError] = (), ignored: Iterable[str] = ()) -> "Reconciliation":
        rec = cls()
        reasons: Counter[str] = Counter()
        paths_by_id: dict[str, list[str]] = {}
        for doc in documents:
            paths_by_id.setdefault(doc.doc_id, []).append(doc.source_path)
            rec.documents += 1
            rec.projects += len(doc.projects)
            rec.tables += doc.tables
            rec.rows_read += doc.rows_read
            rec.indicators += doc.indicator_count
            reasons.update(s.reason for s in doc.skipped)
        rec.skipped_by_reason = dict(sorted(reasons.items()))
        rec.failed_files = [str(f) for f in failures]
        rec.ignored_files = list(ignored)
        rec.duplicate_ids = {k: v for k, v in sorted(paths_by_id.items()) if len(v) > 1}
        return rec

    @property
    def skipped(self) -> int:
        return sum(self.skipped_by_reason.values())

    def lines(self) -> list[str]:
        """The reconciliation as printable lines."""
        out = [
            f"读取的文档：{self.documents}",
            f"项目：{self.projects}",
            f"表：{self.tables}",
            f"读取的行：{self.rows_read}",
            f"保留的指标行：{self.indicators}",
            f"跳过的行：{self.skipped}",
        ]
        out += [f"  {reason}：{count}" for reason, count in self.skipped_by_reason.items()]
        out.append(f"跳过的文件：{len(self.failed_files)}")
        out += [f"  {message}" for message in self.failed_files]
        if self.duplicate_ids:
            out.append(f"重复的 doc_id（文件名相同）：{len(self.duplicate_ids)}")
            out += [f"  {doc_id}：{'、'.join(paths)}" for doc_id, paths in self.duplicate_ids.items()]
        if self.ignored_files:
            out.append(f"忽略的文件（不支持的类型）：{len(self.ignored_files)}")
            out += [f"  {name}" for name in self.ignored_files]
        if self.suggestion_corpus is not None:
            out += self.suggestion_corpus.lines()
        return out


def write_corpus(documents: Iterable[Document], out: str | Path) -> Path:
    """Write documents as JSON Lines (sorted by doc_id, deterministic). Returns the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    docs = sorted(documents, key=lambda d: (d.doc_id, d.source_path))
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for doc in docs:
            fh.write(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    return out


def build_corpus(raw_dir: str | Path | None = None, out: str | Path | None = None, *,
                 progress: Callable[[str, int, int], object] | None = None) -> tuple[Path, Reconciliation]:
    """Read every supported file under ``raw_dir`` (default ``corpus/raw``) and write ``out``.

    Bad files are skipped and listed in the returned :class:`Reconciliation`. Paths are
    stored relative to the checkout. Next to ``out`` it also writes the suggestion corpus,
    ``suggestion_corpus.jsonl``: these documents plus every real table of
    ``corpus/real_tables`` with its source
    (:func:`classifier.reading.suggestion_sources.build_suggestion_sources`; its figures are
    ``Reconciliation.suggestion_corpus``).

    Parameters
    ----------
    raw_dir : str or Path or None, default None
        The folder of source documents, read recursively. None → ``corpus/raw``.
    out : str or Path or None, default None
        The ``.jsonl`` corpus to write (one document per line). None →
        ``corpus/parsed/documents.jsonl`` of the checkout.
    progress : callable or None, default None
        ``progress("read", done, total)`` while the documents are read (as in
        :func:`~classifier.reading.read_path`).

    Returns
    -------
    tuple of (Path, Reconciliation)
        The file written, and what the build did in figures (documents, projects, tables,
        rows read, indicators, skipped rows by reason, failed and ignored files,
        duplicate ids).

    Raises
    ------
    ReadError
        When ``raw_dir`` does not exist or is not a folder.

    Examples
    --------
    >>> from classifier import build_corpus
    >>> path, summary = build_corpus("corpus/raw", "/tmp/documents.jsonl")  # doctest: +SKIP
    >>> summary.failed_files  # doctest: +SKIP
    []
    """
    raw = Path(raw_dir) if raw_dir is not None else raw_corpus_dir()
    target = Path(out) if out is not None else CORPUS_DIR / "parsed" / "documents.jsonl"
    if not raw.is_dir():
        raise ReadError(raw, "不是文件夹" if raw.exists() else "文件夹不存在")
    result = read_path(raw, root=PROJECT_ROOT, progress=progress)
    write_corpus(result.documents, target)
    rec = Reconciliation.of(result.documents, result.failures, result.ignored)
    from classifier.reading.suggestion_sources import SUGGESTION_CORPUS_NAME, build_suggestion_sources

    _, rec.suggestion_corpus = build_suggestion_sources(result.documents, out=target.parent / SUGGESTION_CORPUS_NAME)
    return target, rec


def read_corpus_file(path: str | Path) -> list[Document]:
    """Load a ``.jsonl`` corpus. Raises :class:`ReadError` naming the line on a bad record."""
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "语料文件不存在")
    documents = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                documents.append(Document.from_dict(json.loads(line)))
            except (ValueError, TypeError, KeyError) as err:
                raise ReadError(path, f"第 {number} 行：不是语料记录（{type(err).__name__}）") from None
    return documents


def read_corpus(path: str | Path | None = None) -> ReadResult:
    """Documents from a .jsonl corpus, a document file or a folder; bad files in ``failures``.

    ``path=None`` loads the shipped corpus. A missing path or a broken .jsonl raises
    :class:`ReadError`.
    """
    target = Path(path) if path is not None else default_corpus_path()
    if target.suffix.lower() == ".jsonl" and not target.is_dir():
        return ReadResult(documents=read_corpus_file(target))
    return read_path(target)


def load_documents(path: str | Path | None = None) -> list[Document]:
    """Like :func:`read_corpus` but strict: the first bad file raises its :class:`ReadError`.

    Parameters
    ----------
    path : str or Path or None, default None
        A ``.jsonl`` corpus, a document file or a folder of them. None → the shipped
        corpus (``$ZHIBIAO_CORPUS`` overrides).

    Returns
    -------
    list of Document
        Every document read, in corpus order (sorted by path for a folder).

    Raises
    ------
    ReadError
        For a missing path, a broken ``.jsonl`` (naming the line), or the first file
        that cannot be read.

    Examples
    --------
    >>> from classifier import load_documents
    >>> documents = load_documents()  # doctest: +SKIP
    >>> documents[0].doc_id  # doctest: +SKIP
    '000_565934a1818115aa'
    """
    result = read_corpus(path)
    if result.failures:
        raise result.failures[0]
    return result.documents


def iter_rows(documents: Iterable[Document]) -> Iterator[tuple[Document, Project, Indicator]]:
    """Yield ``(document, project, indicator)`` for every indicator row, in document order."""
    for document in documents:
        for project in document.projects:
            for indicator in project.indicators:
                yield document, project, indicator
