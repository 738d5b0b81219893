"""Saving and loading a trained classifier: ``model.joblib`` and ``scorer.npz`` beside ``metadata.json``.

``model.joblib`` is the fitted scikit-learn estimator (for ``train``, ``evaluate`` and users who
want the Pipeline); ``scorer.npz`` holds the same model as plain arrays
(:mod:`classifier.classification.scorer`), which is what :func:`classifier.classification.api.classify`
reads: :func:`load_scorer` needs neither scikit-learn nor unpickling (``allow_pickle=False``).
Either file is read only after its sha256 matches the metadata next to it, and only from a
folder the user chose (or the shipped ``models/``): never load a model file from someone you do
not trust, since unpickling can run code.
"""
from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from classifier.core.errors import ModelError

if TYPE_CHECKING:  # the estimator imports scikit-learn, which classify() does without
    from classifier.classification.estimator import IndicatorClassifier

from classifier.classification.scorer import SCORER_FILE, SCORER_FORMAT_VERSION

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
MODEL_FORMAT = "zhibiao-indicator-classifier"
MODEL_FORMAT_VERSION = 4  # 2: five feature columns (name head added); 3: six (unit bracket added); 4: seven (指标值 added)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions recorded in the metadata (sklearn, numpy, jieba, joblib, zhibiao, python)."""
    import platform

    import jieba
    import joblib
    import sklearn

    from classifier import __version__

    return {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "jieba": jieba.__version__,
        "joblib": joblib.__version__,
        "zhibiao": __version__,
        "python": platform.python_version(),
    }


def save_model(model: IndicatorClassifier, out_dir: str | Path, *, metadata: dict[str, Any] | None = None) -> Path:
    """Write ``model.joblib`` and ``metadata.json`` into ``out_dir`` (created); return the dir.

    ``metadata`` adds fields (training data hashes, evaluation figures, dates …) to the ones
    written here: format, taxonomy version, classes, model sha256 and size, library versions,
    estimator parameters.
    """
    import joblib

    from classifier.core.taxonomy import load_taxonomy

    if not hasattr(model, "pipeline_"):
        raise ModelError("无法保存还没有训练的 IndicatorClassifier")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model_path = out / MODEL_FILE
    joblib.dump(model, model_path, compress=3)
    meta: dict[str, Any] = {
        "format": MODEL_FORMAT,
        "format_version": MODEL_FORMAT_VERSION,
        "taxonomy_version": load_taxonomy().version,
        "classes": [str(c) for c in model.classes_],
        "model_file": MODEL_FILE,
        "model_sha256": sha256_file(model_path),
        "model_bytes": model_path.stat().st_size,
        "library_versions": library_versions(),
        "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()},
    }
    meta.update(_write_scorer(model, out))
    meta.update(metadata or {})
    _write_metadata(out, meta)
    return out


def _write_metadata(folder: Path, meta: dict[str, Any]) -> None:
    with open(folder / METADATA_FILE, "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def _write_scorer(model: IndicatorClassifier, folder: Path) -> dict[str, Any]:
    """Write ``scorer.npz`` (the model as plain arrays) into ``folder``; the metadata fields
    that describe it."""
    from classifier.classification.scorer import export_arrays, save_scorer_arrays

    path = save_scorer_arrays(export_arrays(model), folder / SCORER_FILE)
    return {"scorer_file": SCORER_FILE, "scorer_format_version": SCORER_FORMAT_VERSION,
            "scorer_sha256": sha256_file(path), "scorer_bytes": path.stat().st_size}


def export_scorer(path: str | Path) -> Path:
    """Write ``scorer.npz`` for a model folder saved without one (or again), from its
    ``model.joblib``; the model file and its probabilities stay as they are.

    Parameters
    ----------
    path : str or Path
        A model folder (or its ``model.joblib``) the user chose; its model file is checked
        and unpickled as :func:`load_model` does.

    Returns
    -------
    Path
        The scorer file written; ``metadata.json`` now records its sha256.

    Raises
    ------
    classifier.core.errors.ModelError
        When the model cannot be loaded (see :func:`load_model`).

    Examples
    --------
    >>> from classifier.classification.persistence import export_scorer
    >>> export_scorer("our-model")  # doctest: +SKIP
    PosixPath('our-model/scorer.npz')
    """
    model_file, meta = read_metadata(path)
    model = load_model(model_file)
    meta = dict(meta)
    meta.update(_write_scorer(model, model_file.parent))
    _write_metadata(model_file.parent, meta)
    _scorers.pop(str(model_file.parent.resolve()), None)
    return model_file.parent / SCORER_FILE


def _major_minor(version: str) -> str:
    return ".".join(str(version).split(".")[:2])


def _checked_metadata(path: str | Path | None) -> tuple[Path, Path, dict[str, Any]]:
    """``(folder, model_file, metadata)`` after the checks that need neither scikit-learn nor
    the model file's bytes: folder and metadata present, ours, of this format and taxonomy."""
    from classifier.core.paths import default_model_dir
    from classifier.core.taxonomy import load_taxonomy

    target = Path(path) if path is not None else default_model_dir()
    names_a_file = target.suffix in (".joblib", ".json", ".npz") or target.is_file()
    folder = target.parent if names_a_file else target
    model_file = target if names_a_file and target.name != METADATA_FILE and target.suffix != ".npz" else folder / MODEL_FILE
    meta_file = folder / METADATA_FILE
    if not folder.exists():
        raise ModelError(f"{folder}：没有这个模型文件夹 —— 用 `zhibiao train --out {folder}` 训练一个")
    if not meta_file.is_file():
        raise ModelError(f"{meta_file}：缺少元数据，不是 zhibiao 的模型文件夹 —— 用 `zhibiao train` 重新训练")
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"{meta_file}：元数据无法读取（{type(err).__name__}）") from None
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        found = meta.get("format") if isinstance(meta, dict) else None
        raise ModelError(f"{meta_file}：不是 zhibiao 的模型元数据（format 为 {found!r}）")
    if meta.get("format_version") != MODEL_FORMAT_VERSION:
        raise ModelError(f"{meta_file}：模型格式是 v{meta.get('format_version')}，本库读取 v{MODEL_FORMAT_VERSION} —— 用 `zhibiao train` 重新训练")
    taxonomy_version = load_taxonomy().version
    if str(meta.get("taxonomy_version")) != taxonomy_version:
        raise ModelError(
            f"{model_file}：按分类体系 v{meta.get('taxonomy_version')} 训练，本库使用 v{taxonomy_version} —— 用 `zhibiao train` 重新训练"
        )
    return folder, model_file, meta


def read_metadata(path: str | Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Find and check a model's metadata without unpickling anything.

    ``path`` is a model folder or its ``model.joblib`` (default: the shipped ``models/``).
    Returns ``(model_file, metadata)``. Raises :class:`ModelError` (one line) when a file
    is missing, the metadata is foreign, or the model file, taxonomy version or
    scikit-learn version does not match.
    """
    import sklearn

    folder, model_file, meta = _checked_metadata(path)
    meta_file = folder / METADATA_FILE
    if not model_file.is_file():
        raise ModelError(f"{model_file}：缺少模型文件 —— 用 `zhibiao train` 训练一个")
    trained_sklearn = str(meta.get("library_versions", {}).get("sklearn", "?"))
    if _major_minor(trained_sklearn) != _major_minor(sklearn.__version__):
        raise ModelError(
            f"{model_file}：用 scikit-learn {trained_sklearn} 保存，这里是 {sklearn.__version__} —— 用 `zhibiao train` 重新训练"
        )
    if sha256_file(model_file) != meta.get("model_sha256"):
        raise ModelError(f"{model_file}：sha256 与 {meta_file.name} 不符 —— 外来或被改动的文件，未加载")
    return model_file, meta


_cache: dict[str, IndicatorClassifier] = {}
_cache_lock = threading.Lock()


def load_model(path: str | Path | None = None) -> IndicatorClassifier:
    """Load a trained model after checking its metadata (see :func:`read_metadata`).

    The file is only unpickled after its sha256 matches the metadata next to it.
    Results are cached per resolved path.

    Parameters
    ----------
    path : str or Path or None, default None
        A model folder or a ``model.joblib`` the user chose. None → the shipped
        ``models/`` (``ZHIBIAO_MODEL_DIR`` overrides).

    Returns
    -------
    IndicatorClassifier
        The fitted model, with its checked metadata in ``metadata_`` (the same object for
        the same resolved path).

    Raises
    ------
    classifier.core.errors.ModelError
        With a one-line message, when the folder, the model file or its metadata is
        missing, the metadata is foreign, or the format, taxonomy version, scikit-learn
        version or sha256 does not match; and when the file cannot be loaded, is not a
        fitted IndicatorClassifier, or its classes differ from the metadata.

    Examples
    --------
    >>> from classifier import load_model
    >>> model = load_model()  # doctest: +SKIP
    >>> model.predict(["预算执行率"])  # doctest: +SKIP
    array(['budget_execution'], dtype=object)
    """
    model_file, meta = read_metadata(path)
    key = str(model_file.resolve())
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        import joblib

        from classifier.classification.estimator import IndicatorClassifier

        try:
            model = joblib.load(model_file)
        except Exception as err:  # a corrupt file that still matched its hash
            raise ModelError(f"{model_file}：无法加载模型（{type(err).__name__}: {err}）") from None
        if not isinstance(model, IndicatorClassifier) or not hasattr(model, "pipeline_"):
            raise ModelError(f"{model_file}：不是训练好的 IndicatorClassifier")
        if [str(c) for c in model.classes_] != list(meta.get("classes", [])):
            raise ModelError(f"{model_file}：类别与 {METADATA_FILE} 不一致")
        model.metadata_ = meta
        _cache[key] = model
        return model


_scorers: dict[str, Any] = {}


def load_scorer(path: str | Path | None = None):
    """The model of a folder as a :class:`~classifier.classification.scorer.Scorer`: what
    :func:`classifier.classification.api.classify` uses. Needs neither scikit-learn nor
    unpickling: ``scorer.npz`` is read with ``allow_pickle=False`` after its sha256 matches the
    metadata. A folder saved without a scorer file (by an older version) falls back to
    :func:`load_model`. Results are cached per folder.

    Parameters
    ----------
    path : str or Path or None, default None
        A model folder (or a file in it) the user chose. None → the shipped ``models/``
        (``ZHIBIAO_MODEL_DIR`` overrides).

    Returns
    -------
    Scorer
        The model's probabilities and explanations, with the checked metadata in ``metadata_``.

    Raises
    ------
    classifier.core.errors.ModelError
        With a one-line message (in Chinese), when the folder or its metadata is missing or
        foreign, the format or taxonomy version does not match, the scorer file is missing,
        its sha256 does not match, or it cannot be read.

    Examples
    --------
    >>> from classifier.classification.persistence import load_scorer
    >>> scorer = load_scorer()  # doctest: +SKIP
    >>> [str(c) for c in scorer.classes_][:2]  # doctest: +SKIP
    ['budget_execution', 'completion']
    """
    from classifier.classification.scorer import Scorer, load_scorer_arrays, scorer_of

    folder, model_file, meta = _checked_metadata(path)
    key = str(folder.resolve())
    cached = _scorers.get(key)
    if cached is not None:
        return cached
    if not meta.get("scorer_file"):  # saved before the scorer existed
        scorer = scorer_of(load_model(model_file))
    else:
        scorer_file = folder / str(meta["scorer_file"])
        if Path(str(meta["scorer_file"])).name != str(meta["scorer_file"]):
            raise ModelError(f"{folder / METADATA_FILE}：scorer_file 应是文件夹里的文件名，而不是 {meta['scorer_file']!r}")
        if not scorer_file.is_file():
            raise ModelError(f"{scorer_file}：缺少打分文件 —— 用 `zhibiao train` 重新训练")
        if sha256_file(scorer_file) != meta.get("scorer_sha256"):
            raise ModelError(f"{scorer_file}：sha256 与 {METADATA_FILE} 不符 —— 外来或被改动的文件，未加载")
        try:
            scorer = Scorer(load_scorer_arrays(scorer_file), meta)
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ModelError(f"{scorer_file}：无法读取打分文件（{type(err).__name__}: {err}）") from None
        if [str(c) for c in scorer.classes_] != list(meta.get("classes", [])):
            raise ModelError(f"{scorer_file}：类别与 {METADATA_FILE} 不一致")
    with _cache_lock:
        return _scorers.setdefault(key, scorer)
