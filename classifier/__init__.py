"""zhibiao (指标): Chinese budget performance indicators — read, classify, suggest, audit.

The public API is imported lazily so that ``import classifier`` stays cheap.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    # reading
    "read_document": "classifier.reading",
    "read_path": "classifier.reading",
    "parse_threshold": "classifier.vocabulary.thresholds",
    "Threshold": "classifier.core.records",
    "build_corpus": "classifier.reading.corpus",
    "load_documents": "classifier.reading.corpus",
    # classification
    "segment": "classifier.vocabulary.segmentation",
    "classify": "classifier.classification.api",
    "IndicatorClassifier": "classifier.classification.estimator",
    "load_model": "classifier.classification.persistence",
    # suggestions
    "suggest_thresholds": "classifier.suggestion.suggest",
    "check_threshold": "classifier.suggestion.check",
    "draft": "classifier.suggestion.drafting",
    # audit
    "audit": "classifier.auditing.api",
    # research
    "load_corpus": "classifier.research.tables",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'classifier' has no attribute {name!r}")
    return getattr(import_module(module), name)
