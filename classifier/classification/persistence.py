"""Saving and loading a trained classifier: ``model.joblib`` beside ``metadata.json``.

A model file is unpickled only after its sha256 matches the metadata next to it, and only
from a folder the user chose (or the shipped ``models/``): never load a model file from
someone you do not trust, since unpickling can run code.
"""
from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from classifier.classification.estimator import IndicatorClassifier
from classifier.core.errors import ModelError

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
        raise ModelError("cannot save an unfitted IndicatorClassifier")
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
    meta.update(metadata or {})
    with open(out / METADATA_FILE, "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return out


def _major_minor(version: str) -> str:
    return ".".join(str(version).split(".")[:2])


def read_metadata(path: str | Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Find and check a model's metadata without unpickling anything.

    ``path`` is a model folder or its ``model.joblib`` (default: the shipped ``models/``).
    Returns ``(model_file, metadata)``. Raises :class:`ModelError` (one line) when a file
    is missing, the metadata is foreign, or the model file, taxonomy version or
    scikit-learn version does not match.
    """
    import sklearn

    from classifier.core.taxonomy import load_taxonomy

    from classifier.core.paths import default_model_dir

    target = Path(path) if path is not None else default_model_dir()
    names_a_file = target.suffix in (".joblib", ".json") or target.is_file()
    folder = target.parent if names_a_file else target
    model_file = target if names_a_file and target.name != METADATA_FILE else folder / MODEL_FILE
    meta_file = folder / METADATA_FILE
    if not folder.exists():
        raise ModelError(f"{folder}: no such model folder — train one with `zhibiao train --out {folder}`")
    if not model_file.is_file():
        raise ModelError(f"{model_file}: model file missing — train one with `zhibiao train`")
    if not meta_file.is_file():
        raise ModelError(f"{meta_file}: metadata missing — not a zhibiao model folder; retrain with `zhibiao train`")
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"{meta_file}: unreadable metadata ({type(err).__name__})") from None
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        raise ModelError(f"{meta_file}: not zhibiao model metadata (format {meta.get('format') if isinstance(meta, dict) else None!r})")
    if meta.get("format_version") != MODEL_FORMAT_VERSION:
        raise ModelError(f"{meta_file}: model format v{meta.get('format_version')}, this library reads v{MODEL_FORMAT_VERSION} — retrain with `zhibiao train`")
    taxonomy_version = load_taxonomy().version
    if str(meta.get("taxonomy_version")) != taxonomy_version:
        raise ModelError(
            f"{model_file}: trained for taxonomy v{meta.get('taxonomy_version')}, this library uses v{taxonomy_version} — retrain with `zhibiao train`"
        )
    trained_sklearn = str(meta.get("library_versions", {}).get("sklearn", "?"))
    if _major_minor(trained_sklearn) != _major_minor(sklearn.__version__):
        raise ModelError(
            f"{model_file}: saved with scikit-learn {trained_sklearn}, this is {sklearn.__version__} — retrain with `zhibiao train`"
        )
    if sha256_file(model_file) != meta.get("model_sha256"):
        raise ModelError(f"{model_file}: sha256 does not match {meta_file.name} — foreign or modified file, not loaded")
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

        try:
            model = joblib.load(model_file)
        except Exception as err:  # a corrupt file that still matched its hash
            raise ModelError(f"{model_file}: cannot load model ({type(err).__name__}: {err})") from None
        if not isinstance(model, IndicatorClassifier) or not hasattr(model, "pipeline_"):
            raise ModelError(f"{model_file}: not a fitted IndicatorClassifier")
        if [str(c) for c in model.classes_] != list(meta.get("classes", [])):
            raise ModelError(f"{model_file}: classes differ from {METADATA_FILE}")
        model.metadata_ = meta
        _cache[key] = model
        return model
