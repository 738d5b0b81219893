"""The documents suggestions draw from, each table with where it came from.

The shipped suggestion corpus (``corpus/parsed/suggestion_corpus.jsonl``) is the seed documents
(``corpus/raw``, read by the readers) plus every real table of other organisations
(``corpus/real_tables/*.jsonl``, read by the same interpreter as a user's table through
:func:`classifier.reading.real_tables.real_table_documents`). Each table (project) carries a
:class:`TableSource`: the organisation, the page address or file it came from, the year, the
policy field (as the real tables give it; "" when unknown), the kind of table and whether it is
a seed, a real table or a user's document.

:func:`build_suggestion_sources` writes the file and returns a :class:`SourcesReconciliation`
(files, lines, rows kept, rows left out by reason, hand labels found), so that no row
disappears without a reason; ``zhibiao corpus build`` runs it after the seed corpus, so a file
added to the real tables later comes in by the same command. :func:`load_suggestion_sources`
reads the file back.

Each line of the file is one JSON object: ``{"origin": ..., "sources": [TableSource, ...],
"document": Document}`` (sources in project order), sorted by origin then ``doc_id``, keys
sorted — the same input gives the same bytes.

Example::

    >>> from classifier.reading.suggestion_sources import load_suggestion_sources
    >>> docs = load_suggestion_sources()                       # doctest: +SKIP
    >>> docs[-1].sources[0].organisation, docs[-1].sources[0].year   # doctest: +SKIP
    ('湘潭市环境卫生管理处（湘潭市城市管理和综合执法局）', '2023')
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Iterable, Sequence

from classifier.core.errors import ReadError
from classifier.core.paths import CORPUS_DIR, real_labels_path, real_tables_dir
from classifier.core.records import Document

__all__ = [
    "SUGGESTION_CORPUS_NAME",
    "TableSource",
    "SourcedDocument",
    "SourcesReconciliation",
    "default_suggestion_corpus_path",
    "document_sources",
    "real_sourced_documents",
    "build_suggestion_sources",
    "load_suggestion_sources",
    "shipped_suggestion_documents",
]

#: File name of the suggestion corpus, written next to the seed corpus.
SUGGESTION_CORPUS_NAME = "suggestion_corpus.jsonl"
#: Rows the real-table reader adds in front of each table (项目名称 and the heading row); the
#: interpreter reports them as skipped, and the reconciliation takes them out again.
_SYNTHETIC_REASONS = ("project_header", "header")
_LEADING_CODE = re.compile(r"^\d{3,}")


def default_suggestion_corpus_path() -> Path:
    """``corpus/parsed/suggestion_corpus.jsonl`` of the checkout (or of the wheel's copy)."""
    return CORPUS_DIR / "parsed" / SUGGESTION_CORPUS_NAME


@dataclass(frozen=True)
class TableSource:
    """Where one table came from.

    ``organisation``: the publishing body (""), ``source``: the page address of a real table,
    the file path of a seed or user document; ``year``: the budget year as written (""),
    ``field``: the policy field of the real tables' ``field`` key (``health``, ``education`` …;
    "" when not given: seeds and users' documents are guessed later), ``table_kind``:
    ``target`` / ``selfeval`` / ``evaltable`` ("" unknown), ``origin``: ``seed``, ``real`` or
    ``user``.
    """

    organisation: str = ""
    source: str = ""
    year: str = ""
    field: str = ""
    table_kind: str = ""
    origin: str = "user"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class SourcedDocument:
    """A document and the source of each of its projects (same order as ``document.projects``)."""

    document: Document
    sources: list[TableSource]
    origin: str


def _organisation(text: str | None) -> str:
    return _LEADING_CODE.sub("", (text or "").strip())


def document_sources(doc: Document, *, origin: str = "user") -> list[TableSource]:
    """Sources of a document read by the readers: organisation from the project's or the
    document's 单位 (leading budget code removed), the file path, the budget year."""
    year = str(doc.budget_year) if doc.budget_year else ""
    kind = "target" if origin == "seed" else ""
    return [TableSource(_organisation(p.agency or doc.agency), doc.source_path, year, "", kind, origin)
            for p in doc.projects]


@dataclass
class SourcesReconciliation:
    """What :func:`build_suggestion_sources` did, in figures.

    ``real_lines`` (non-blank lines of the real-table files) = ``real_rows_unnamed`` (no 三级
    name: left out) + ``real_indicators`` + sum of ``real_skipped_by_reason``. ``labelled`` real
    rows have a hand label of ``corpus/real_labels.csv`` whose name matches; ``label_stale``
    have one whose name does not (the row is then classified by the model when loaded);
    ``unlabelled`` have none.
    """

    path: Path | None = None
    seed_documents: int = 0
    seed_projects: int = 0
    seed_indicators: int = 0
    real_files: int = 0
    real_lines: int = 0
    real_rows_unnamed: int = 0
    real_projects: int = 0
    real_indicators: int = 0
    real_skipped_by_reason: dict[str, int] = field(default_factory=dict)
    failed_files: list[str] = field(default_factory=list)
    labelled: int = 0
    label_stale: int = 0
    unlabelled: int = 0
    organisations: int = 0
    fields: dict[str, int] = field(default_factory=dict)

    @property
    def balanced(self) -> bool:
        """True when every real-table line is accounted for."""
        return self.real_lines == self.real_rows_unnamed + self.real_indicators + sum(
            self.real_skipped_by_reason.values())

    def lines(self) -> list[str]:
        """The reconciliation as printable lines."""
        out = [
            f"建议语料：种子文件 {self.seed_documents} 个（{self.seed_projects} 张表，{self.seed_indicators} 行）"
            f" + 真实表文件 {self.real_files} 个",
            f"  真实表行数：        {self.real_lines}",
            f"  无三级指标名称：    {self.real_rows_unnamed}（未收入）",
            f"  收入的指标行：      {self.real_indicators}（{self.real_projects} 张表，{self.organisations} 个单位）",
        ]
        out += [f"  跳过（{reason}）：{n}" for reason, n in self.real_skipped_by_reason.items()]
        out.append(f"  人工标注：{self.labelled} 行；名称不符 {self.label_stale} 行；无标注 {self.unlabelled} 行"
                   "（后两者载入时由分类器判断类别）")
        if self.fields:
            out.append("  领域：" + "，".join(f"{k} {v}" for k, v in self.fields.items()))
        if not self.balanced:
            out.append("  警告：真实表的行数对不上")
        out.append(f"  跳过的文件：{len(self.failed_files)}")
        out += [f"    {message}" for message in self.failed_files]
        if self.path is not None:
            out.append(f"已写入：{self.path}")
        return out


def _check_real_files(folder: Path) -> tuple[list[Path], list[str], int]:
    """(good files, ``path: problem`` of bad files, non-blank lines of the good files)."""
    good, bad, lines = [], [], 0
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        count = 0
        try:
            with open(path, encoding="utf-8") as fh:
                for number, text in enumerate(fh, start=1):
                    if not text.strip():
                        continue
                    count += 1
                    if not isinstance(json.loads(text), dict):
                        raise ValueError(f"第 {number} 行不是 JSON 对象")
        except (ValueError, UnicodeDecodeError) as err:
            bad.append(f"{path}：不是 JSON Lines（{str(err).splitlines()[0]}）")
            continue
        good.append(path)
        lines += count
    return good, bad, lines


def real_sourced_documents(directory: str | Path | None = None,
                           rec: SourcesReconciliation | None = None) -> list[SourcedDocument]:
    """The real tables of ``directory`` (default :func:`~classifier.core.paths.real_tables_dir`)
    as documents with their sources: one document per file, one source per table (project), from
    the table's first row (``source_org``, ``source_url``, ``year``, ``field``, ``table_kind``);
    each project's ``agency`` is set to the organisation, the document's ``budget_year`` to the
    year when all its tables share one. A file that is not JSON Lines is skipped (listed in
    ``rec.failed_files``)."""
    from classifier.reading.real_tables import load_real_rows, real_table_documents

    folder = Path(directory) if directory is not None else real_tables_dir()
    rec = rec if rec is not None else SourcesReconciliation()
    good, bad, lines = _check_real_files(folder)
    rec.failed_files += bad
    rec.real_files, rec.real_lines = len(good), lines
    if bad:  # read only the good files
        with tempfile.TemporaryDirectory() as tmp:
            for path in good:
                shutil.copy(path, Path(tmp) / path.name)
            rows = load_real_rows(tmp)
    else:
        rows = load_real_rows(folder)
    rec.real_rows_unnamed = lines - len(rows)
    documents = real_table_documents(rows)
    out: list[SourcedDocument] = []
    skipped: Counter[str] = Counter()
    for doc, (file, file_rows) in zip(documents, groupby(rows, key=lambda r: r.file)):
        groups = [list(g) for _, g in groupby(file_rows, key=lambda r: r.project)]
        sources = []
        for project, group in zip(doc.projects, groups):
            first = group[0]
            source = TableSource(first.organisation, first.source_url, first.year, first.field, first.table_kind, "real")
            project.agency = project.agency or first.organisation or None
            sources.append(source)
        if len(sources) != len(doc.projects):  # the interpreter split or merged a table: file-level source
            first = groups[0][0]
            sources = [TableSource(first.organisation, first.source_url, first.year, first.field, first.table_kind,
                                   "real")] * len(doc.projects)
        years = {s.year for s in sources if s.year}
        if len(years) == 1 and next(iter(years)).isdigit():
            doc.budget_year = int(next(iter(years)))
        reasons = Counter(s.reason for s in doc.skipped)
        for reason in _SYNTHETIC_REASONS:
            reasons[reason] -= min(reasons[reason], len(groups))
        skipped.update({k: v for k, v in reasons.items() if v > 0})
        rec.real_projects += len(doc.projects)
        rec.real_indicators += doc.indicator_count
        out.append(SourcedDocument(doc, sources, "real"))
    rec.real_skipped_by_reason = dict(sorted(skipped.items()))
    rec.organisations = len({s.organisation for d in out for s in d.sources})
    rec.fields = dict(Counter(s.field or "(none)" for d in out for s, p in zip(d.sources, d.document.projects)
                              for _ in p.indicators).most_common())
    _count_labels(out, rec)
    return out


def _count_labels(documents: Sequence[SourcedDocument], rec: SourcesReconciliation) -> None:
    from classifier.reading.real_tables import load_real_labels

    labels = load_real_labels(real_labels_path())
    for d in documents:
        for project in d.document.projects:
            for ind in project.indicators:
                label = labels.get((ind.location.path, ind.location.line_start))
                if label is None:
                    rec.unlabelled += 1
                elif label_matches(label.name, ind.name_raw, ind.name):
                    rec.labelled += 1
                else:
                    rec.label_stale += 1


def label_matches(label_name: str, *names: str) -> bool:
    """Whether a hand label written for ``label_name`` still fits a row named ``names``
    (white space ignored; any of the row's spellings)."""
    key = "".join(label_name.split())
    return any(key == "".join((n or "").split()) for n in names)


def build_suggestion_sources(seed_documents: Iterable[Document], *, real_dir: str | Path | None = None,
                             out: str | Path | None = None) -> tuple[Path, SourcesReconciliation]:
    """Write the suggestion corpus: ``seed_documents`` (sources from their 单位, path and year)
    plus every real table of ``real_dir`` (default ``corpus/real_tables``).

    Parameters
    ----------
    seed_documents : iterable of Document
        The documents read from ``corpus/raw`` (or any folder of source documents).
    real_dir : str or Path or None, default None
        The folder of real-table ``*.jsonl`` files. None → ``corpus/real_tables``
        (``$ZHIBIAO_REAL_TABLES`` overrides). An absent folder adds nothing.
    out : str or Path or None, default None
        The file to write. None → ``corpus/parsed/suggestion_corpus.jsonl``.

    Returns
    -------
    tuple of (Path, SourcesReconciliation)
        The file written, and the figures (seed documents, real files, lines, rows kept,
        rows left out by reason, hand labels, files skipped with the reason).

    Examples
    --------
    >>> from classifier.reading.suggestion_sources import build_suggestion_sources
    >>> path, rec = build_suggestion_sources([], out="/tmp/suggestion_corpus.jsonl")  # doctest: +SKIP
    >>> rec.balanced  # doctest: +SKIP
    True
    """
    target = Path(out) if out is not None else default_suggestion_corpus_path()
    rec = SourcesReconciliation()
    seeds = [SourcedDocument(d, document_sources(d, origin="seed"), "seed") for d in seed_documents]
    rec.seed_documents = len(seeds)
    rec.seed_projects = sum(len(d.document.projects) for d in seeds)
    rec.seed_indicators = sum(d.document.indicator_count for d in seeds)
    real = real_sourced_documents(real_dir, rec)
    target.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(seeds, key=lambda d: (d.document.doc_id, d.document.source_path)) + sorted(
        real, key=lambda d: d.document.doc_id)
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        for d in ordered:
            record = {"origin": d.origin, "sources": [s.to_dict() for s in d.sources], "document": d.document.to_dict()}
            fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    rec.path = target
    return target, rec


def load_suggestion_sources(path: str | Path | None = None) -> list[SourcedDocument]:
    """Read a suggestion corpus written by :func:`build_suggestion_sources` (default the shipped
    one). Raises :class:`~classifier.core.errors.ReadError` naming the file and line on a
    missing file or a bad record."""
    path = Path(path) if path is not None else default_suggestion_corpus_path()
    if not path.is_file():
        raise ReadError(path, "没有这个建议语料文件（请先运行 zhibiao corpus build）")
    out = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                doc = Document.from_dict(record["document"])
                sources = [TableSource(**s) for s in record["sources"]]
                origin = str(record["origin"])
            except (ValueError, TypeError, KeyError) as err:
                raise ReadError(path, f"第 {number} 行不是建议语料记录（{type(err).__name__}）") from None
            if len(sources) != len(doc.projects):
                raise ReadError(path, f"第 {number} 行：{len(doc.projects)} 张表却有 {len(sources)} 条来源")
            out.append(SourcedDocument(doc, sources, origin))
    return out


def shipped_suggestion_documents() -> list[SourcedDocument]:
    """The documents of the shipped suggestion corpus: the corpus named by ``$ZHIBIAO_CORPUS``
    when it is set (its documents as seeds, no real tables); else the built file
    (:func:`default_suggestion_corpus_path`); else, when it has not been built, the seed corpus
    plus the real tables read now."""
    import os

    from classifier.reading.corpus import load_documents

    if os.environ.get("ZHIBIAO_CORPUS"):
        return [SourcedDocument(d, document_sources(d, origin="seed"), "seed") for d in load_documents()]
    path = default_suggestion_corpus_path()
    if path.is_file():
        return load_suggestion_sources(path)
    seeds = [SourcedDocument(d, document_sources(d, origin="seed"), "seed") for d in load_documents()]
    return seeds + real_sourced_documents()
