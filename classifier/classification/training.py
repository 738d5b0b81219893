"""Training data assembly and ``zhibiao train``.

Training examples come from clearly separated sources:

* **corpus** rows: every indicator row of the parsed seed corpus
  (``corpus/parsed/documents.jsonl``, read with :func:`classifier.reading.corpus.load_documents`),
  name + description, labeled by hand in ``corpus/labels.csv`` (``name,category,note``,
  matched by the name as written, else by its normalized form). Their group is the
  source document (``doc_id``).
* **taxonomy** examples: the typical names listed per category in
  ``classifier/data/taxonomy.json`` (group ``taxonomy``).
* **curated** phrasings: ``corpus/curated_phrasings.csv``
  (``name,category,description,project_type,note``), typical wording per category and
  project type. Their group is ``curated:<project_type>``.
* **real** rows: every row of the real tables of other organisations
  (``corpus/real_tables/*.jsonl``, :mod:`classifier.reading.real_tables`) with its hand label from
  ``corpus/real_labels.csv`` (matched by file and line). Their group is
  ``real:<file name>`` (one organisation); ``field`` is the file's policy field and
  ``level2`` the publisher's 二级 (evidence only, never the label). They weigh
  :data:`DEFAULT_SOURCE_WEIGHTS` ``["real"]`` times a curated phrasing in :func:`fit_model`.
* **added** rows (only when asked: ``zhibiao train --add FILE``): a user's own labeled
  names, in the format of ``zhibiao evaluate --test-file`` (``name,category[,description]``).
  Their group is ``added:<file name>``; they are always training rows, never test rows.

Rows whose name has no label are left out and counted (``TrainingData.unlabeled``).
"""
from __future__ import annotations

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from classifier.core.errors import TrainingDataError
from classifier.core.paths import PROJECT_ROOT, curated_path, default_corpus_path, labels_path
from classifier.reading.labeled_files import load_labels, read_labeled_csv, read_labeled_file
from classifier.vocabulary.segmentation import normalize_text

LABELS_PATH = labels_path()
CURATED_PATH = curated_path()

#: Sample weight of each source in :func:`fit_model` (sources not named weigh 1). The weight of
#: the real-table rows was chosen on the development split of the real tables
#: (``docs/classifier_history.md``, model 0.2).
DEFAULT_SOURCE_WEIGHTS: dict[str, float] = {"real": 1.0}

#: Below this probability a classification is marked ``needs_review``; chosen on the out-of-fold
#: probabilities of the development split of the real tables (the smallest cut-off at which the
#: answered names reach accuracy ≥ 0.95; ``benchmarks/real_tables_dev.py --review-cutoff``) and
#: stored in the model metadata, which :func:`classifier.classification.api.classify` reads.
REVIEW_CUTOFF: float = 0.65


@dataclass
class TrainingExample:
    """One labeled example.

    ``source`` is ``"corpus"``, ``"real"``, ``"curated"``, ``"taxonomy"`` or ``"added"``;
    ``group`` the document id (corpus), ``"real:<file>"``, ``"curated:<project_type>"``,
    ``"taxonomy"`` or ``"added:<file>"``; ``field`` the policy field of a real row;
    ``level2`` the 二级 the row was filed under (real and added table rows); ``weight`` a
    per-example sample weight (1 except for down-weighted weak labels); ``value`` the row's
    指标值 as written ("" for curated phrasings and taxonomy names); ``weak`` True when the
    category is the weak label of the row's 二级 (``train --add TABLE --weak-level2``);
    ``location`` a readable "file line N" for corpus rows and "<file name> line N" for
    curated and added ones. ``indicator`` / ``project`` /
    ``document`` hold the corpus records (None for curated rows).
    """

    name: str
    description: str
    category: str
    source: str
    group: str
    project_type: str = ""
    location: str = ""
    value: str = ""
    field: str = ""
    level2: str = ""
    weight: float = 1.0
    weak: bool = False
    document: Any = None
    project: Any = None
    indicator: Any = None


@dataclass
class TrainingData:
    """Examples plus where they came from: ``files`` maps a path to its sha256."""

    examples: list[TrainingExample]
    files: dict[str, str] = field(default_factory=dict)
    unlabeled: list[str] = field(default_factory=list)

    @property
    def corpus(self) -> list[TrainingExample]:
        return [e for e in self.examples if e.source == "corpus"]

    @property
    def curated(self) -> list[TrainingExample]:
        return [e for e in self.examples if e.source == "curated"]

    @property
    def real(self) -> list[TrainingExample]:
        return [e for e in self.examples if e.source == "real"]

    @property
    def added(self) -> list[TrainingExample]:
        return [e for e in self.examples if e.source == "added"]

    def label_conflicts(self) -> list[tuple[TrainingExample, list[TrainingExample]]]:
        """Added rows whose normalized name is also a shipped example's with another
        category: ``(added row, [shipped examples])`` in added-file order. Both are kept and
        learned from; the training command reports them so that a user knows the model
        hears two answers for that name."""
        shipped: dict[str, list[TrainingExample]] = {}
        for e in self.examples:
            if e.source != "added":
                shipped.setdefault(normalize_text(e.name), []).append(e)
        out = []
        for e in self.added:
            other = [s for s in shipped.get(normalize_text(e.name), []) if s.category != e.category]
            if other:
                out.append((e, other))
        return out


def load_curated(path: str | Path = CURATED_PATH) -> list[TrainingExample]:
    """Curated phrasings as examples (empty list when the file does not exist yet)."""
    path = Path(path)
    if not path.is_file():
        return []
    out = []
    for line, row in read_labeled_csv(path):
        if not row["name"]:
            continue
        project_type = row.get("project_type", "").strip() or "general"
        out.append(
            TrainingExample(
                name=row["name"],
                description=row.get("description", "").strip(),
                category=row["category"],
                source="curated",
                group=f"curated:{project_type}",
                project_type=project_type,
                location=f"{path.name} line {line}",
            )
        )
    return out


def load_added(path: str | Path, *, weak_level2: bool = False) -> list[TrainingExample]:
    """A user's own labeled rows as training examples (source ``"added"``).

    ``path`` is either a name list — a CSV (UTF-8, BOM allowed) whose header holds ``name``
    and ``category`` (a taxonomy id), optionally ``description``, the format of ``zhibiao
    evaluate --test-file`` — or a 绩效目标表 (.xlsx, .docx, .txt export, or a .csv without a
    ``name`` column) with a category column (:mod:`classifier.reading.labeled_tables`). For a table,
    ``weak_level2`` labels the rows without a category by their 二级 (examples with
    ``weak=True``, to be checked by :func:`trust_weak_rows`). Raises
    :class:`TrainingDataError` (one line naming the file) when the file is missing, has no
    such header or category column, holds an unknown category (the line is named) or no
    labeled row."""
    path = Path(path)
    if _is_table_file(path):
        return _table_examples(path, weak_level2=weak_level2)
    out = [
        TrainingExample(
            name=row.name, description=row.description, category=row.category,
            source="added", group=f"added:{path.name}", location=f"{path.name} line {row.line}",
        )
        for row in read_labeled_file(path)
        if row.name
    ]
    if not out:  # rows with a category but no name
        raise TrainingDataError(f"{path}：没有标注行")
    return out


def _is_table_file(path: Path) -> bool:
    """True for a 绩效目标表 (.xlsx/.docx/.txt, or a .csv whose header has no ``name`` column)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".docx", ".txt"):
        return True
    if suffix != ".csv" or not path.is_file():
        return False
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
    except UnicodeDecodeError:
        return True  # not UTF-8: only the table readers decode GB18030
    return "name" not in [h.strip() for h in header]


def _table_examples(path: Path, *, weak_level2: bool) -> list[TrainingExample]:
    from classifier.core.errors import ReadError
    from classifier.reading.labeled_tables import read_labeled_table

    try:
        table = read_labeled_table(path, weak_level2=weak_level2)
    except ReadError as err:
        raise TrainingDataError(str(err)) from None
    return [
        TrainingExample(name=row.name, description=row.description, category=row.category, source="added",
                        group=f"added:{path.name}", location=row.location, level2=row.level2, weak=row.weak, value=row.value)
        for row in table.rows
    ]


def trust_weak_rows(data: "TrainingData", **params: Any) -> dict[str, int]:
    """Check the weak (二级) labels among ``data``'s added rows with confident learning
    (:func:`classifier.vocabulary.weak_labels.contradicted`) against a model fitted on every other example,
    which never saw them; a contradicted row gets weight 0 (it stays in ``data`` and is counted).
    Returns ``{"weak": n, "trusted": k, "contradicted": n - k}``; nothing is fitted when no row is weak."""
    import numpy as np

    from classifier.vocabulary.weak_labels import contradicted

    weak = [e for e in data.examples if e.weak]
    if not weak:
        return {"weak": 0, "trusted": 0, "contradicted": 0}
    model = fit_model([e for e in data.examples if not e.weak], **params)
    proba = model.predict_proba([e.name for e in weak], descriptions=[e.description for e in weak], values=[e.value for e in weak])
    flags = contradicted([e.category for e in weak], proba, [str(c) for c in model.classes_])
    for e, flag in zip(weak, flags):
        e.weight = 0.0 if flag else 1.0
    n_bad = int(np.sum(flags))
    return {"weak": len(weak), "trusted": len(weak) - n_bad, "contradicted": n_bad}


def _load_documents(corpus_path: Path) -> list[Any]:
    try:
        from classifier.reading.corpus import load_documents
    except ImportError:  # the corpus module is not there: read the stored JSON lines
        import json

        from classifier.core.records import Document

        with open(corpus_path, encoding="utf-8") as fh:
            return [Document.from_dict(json.loads(line)) for line in fh if line.strip()]
    return list(load_documents(corpus_path))


def corpus_examples(documents: Iterable[Any], labels: dict[str, str]) -> tuple[list[TrainingExample], list[str]]:
    """Labeled examples for every corpus indicator row, and the names without a label."""
    out, unlabeled = [], []
    for document in documents:
        for project, indicator in document.iter_indicators():
            name = indicator.name
            category = labels.get(name) or labels.get(normalize_text(name))
            if category is None:
                unlabeled.append(name)
                continue
            out.append(
                TrainingExample(
                    name=name,
                    description=indicator.description or "",
                    category=category,
                    value=indicator.value_raw or "",
                    source="corpus",
                    group=document.doc_id,
                    location=str(indicator.location),
                    document=document,
                    project=project,
                    indicator=indicator,
                )
            )
    return out, unlabeled


def load_training_data(
    *,
    corpus_path: str | Path | None = None,
    labels_path: str | Path = LABELS_PATH,
    curated_path: str | Path = CURATED_PATH,
    include_taxonomy: bool = True,
    include_real: bool = True,
    real_dir: str | Path | None = None,
    real_labels: str | Path | None = None,
    added_paths: Iterable[str | Path] = (),
    weak_level2: bool = False,
) -> TrainingData:
    """Assemble the training data (corpus rows with labels + curated phrasings + the
    taxonomy's typical names + the rows of each file in ``added_paths``, see
    :func:`load_added`).

    When the parsed corpus does not exist, the labeled names alone are used (no
    descriptions; group ``labels``) so that a model can still be trained.
    """
    from classifier.classification.persistence import sha256_file

    corpus_path = Path(corpus_path) if corpus_path is not None else default_corpus_path()
    labels_path, curated_path = Path(labels_path), Path(curated_path)
    labels = load_labels(labels_path)
    files = {_rel(labels_path): sha256_file(labels_path)}
    if corpus_path.is_file():
        examples, unlabeled = corpus_examples(_load_documents(corpus_path), labels)
        files[_rel(corpus_path)] = sha256_file(corpus_path)
    else:
        examples, unlabeled = [], []
        seen = set()
        for name, category in labels.items():
            key = normalize_text(name)
            if key in seen:
                continue
            seen.add(key)
            examples.append(TrainingExample(name=name, description="", category=category, source="corpus", group="labels"))
    real: list[TrainingExample] = []
    if include_real:
        real, real_unlabeled, real_files = real_table_examples(real_dir, real_labels)
        unlabeled += real_unlabeled
        files.update(real_files)
    curated = load_curated(curated_path)
    if curated_path.is_file():
        files[_rel(curated_path)] = sha256_file(curated_path)
    spec = taxonomy_examples() if include_taxonomy else []
    if spec:
        from classifier.core.paths import DATA_DIR

        files[_rel(DATA_DIR / "taxonomy.json")] = sha256_file(DATA_DIR / "taxonomy.json")
    added = []
    for added_path in added_paths:
        added += load_added(added_path, weak_level2=weak_level2)
        files[_rel(Path(added_path))] = sha256_file(Path(added_path))
    return TrainingData(examples=examples + real + curated + spec + added, files=files, unlabeled=unlabeled)


def real_table_examples(real_dir: str | Path | None = None, labels_path: str | Path | None = None
                        ) -> tuple[list[TrainingExample], list[str], dict[str, str]]:
    """``(examples, unlabeled names, {file: sha256})`` of the real tables: one example per
    labeled row (source ``"real"``, group ``"real:<file>"``), in file and line order. A label
    whose name differs from the row's raises :class:`TrainingDataError` (the labels are stale)."""
    from classifier.classification.persistence import sha256_file
    from classifier.core.paths import real_labels_path, real_tables_dir
    from classifier.reading.real_tables import load_real_labels, load_real_rows

    folder = Path(real_dir) if real_dir is not None else real_tables_dir()
    labels_file = Path(labels_path) if labels_path is not None else real_labels_path()
    rows = load_real_rows(folder)
    labels = load_real_labels(labels_file)
    out, unlabeled = [], []
    for row in rows:
        label = labels.get((row.file, row.line))
        if label is None:
            unlabeled.append(row.name)
            continue
        if label.name != row.name:
            raise TrainingDataError(f"{labels_file}：{row.location} 标注的名称是“{label.name}”，表中却是“{row.name}”")
        out.append(TrainingExample(
            name=row.name, description=row.description, category=label.category, source="real",
            value=row.value + (row.unit if row.unit and row.unit not in row.value else ""),
            group=f"real:{row.file}", location=row.location, field=row.field,
            level2=row.level2,
        ))
    files = {}
    if out:
        files[_rel(labels_file)] = sha256_file(labels_file)
        for path in sorted(folder.glob("*.jsonl")):
            files[_rel(path)] = sha256_file(path)
    return out, unlabeled, files


def taxonomy_examples() -> list[TrainingExample]:
    """The typical names of each category in the taxonomy file, as labeled examples
    (source ``"taxonomy"``, group ``"taxonomy"``): the spec's own examples, so that every
    category has some training data even when the corpus has none."""
    from classifier.core.taxonomy import load_taxonomy

    out = []
    for category in load_taxonomy().categories:
        for name in category.typical_names:
            out.append(
                TrainingExample(
                    name=name, description="", category=category.id, source="taxonomy", group="taxonomy",
                    location=f"taxonomy.json typical_names of {category.id}",
                )
            )
    return out


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def sample_weights(examples: Iterable[TrainingExample], source_weights: dict[str, float] | None = None) -> list[float]:
    """Per example: its source's weight (:data:`DEFAULT_SOURCE_WEIGHTS` unless given; 1 for a
    source not named) times its own ``weight``."""
    weights = DEFAULT_SOURCE_WEIGHTS if source_weights is None else source_weights
    return [float(weights.get(e.source, 1.0)) * float(e.weight) for e in examples]


def fit_model(examples: list[TrainingExample], *, source_weights: dict[str, float] | None = None, **params: Any):
    """Fit an :class:`~classifier.classification.estimator.IndicatorClassifier` on examples; returns the model.

    ``source_weights`` (default :data:`DEFAULT_SOURCE_WEIGHTS`) weighs examples by source, see
    :func:`sample_weights`; ``params`` go to the estimator."""
    from classifier.classification.estimator import IndicatorClassifier

    model = IndicatorClassifier(**params)
    return model.fit([e.name for e in examples], [e.category for e in examples], descriptions=[e.description for e in examples],
                     values=[e.value for e in examples], sample_weight=sample_weights(examples, source_weights))


def train(out_dir: str | Path | None = None, *, data: TrainingData | None = None,
          evaluation: dict[str, Any] | None = None, **params: Any) -> dict[str, Any]:
    """Train on all training data, write ``model.joblib`` + ``metadata.json``; return the metadata.

    ``out_dir`` defaults to the shipped model folder. The metadata records the source weights
    and the ``review_cutoff`` (:data:`REVIEW_CUTOFF`) that :func:`classifier.classification.api.classify`
    reads. ``evaluation``: cross-validation figures to store in the metadata (the summary of
    :func:`classifier.evaluation.cross_validation.evaluate`, computed for the same data and
    parameters; :func:`classifier.evaluation.cross_validation.train_evaluated` does both).
    The final fit takes seconds.
    """
    from datetime import datetime, timezone

    from classifier.classification.persistence import save_model
    from classifier.core.paths import default_model_dir

    data = data or load_training_data()
    start = time.perf_counter()
    model = fit_model(data.examples, **params)
    seconds = time.perf_counter() - start
    metadata = {
        "trained_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "training_seconds": round(seconds, 3),
        "training_data": {
            "files": data.files,
            "examples": len(data.examples),
            "corpus_rows": len(data.corpus),
            "real_rows": len(data.real),
            "real_organisations": len({e.group for e in data.real}),
            "curated_rows": len(data.curated),
            "source_weights": dict(DEFAULT_SOURCE_WEIGHTS),
            "added_rows": len(data.added),
            "unlabeled_corpus_rows": len(data.unlabeled),
        },
        "review_cutoff": REVIEW_CUTOFF,
        "evaluation": evaluation,
    }
    out = save_model(model, out_dir if out_dir is not None else default_model_dir(), metadata=metadata)
    from classifier.classification.persistence import METADATA_FILE
    import json

    return json.loads((Path(out) / METADATA_FILE).read_text(encoding="utf-8"))
