"""zhibiao (指标): Chinese budget performance indicators — read, classify, suggest, audit.

The public API is imported lazily so that ``import classifier`` stays cheap.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    # reading (issue 2)
    "read_document": "classifier.reading",
    "read_path": "classifier.reading",
    "parse_threshold": "classifier.thresholds",
    "Threshold": "classifier.thresholds",
    "build_corpus": "classifier.corpus",
    "load_documents": "classifier.corpus",
    # classification (issue 3)
    "segment": "classifier.segmentation",
    "classify": "classifier.model",
    "IndicatorClassifier": "classifier.model",
    "load_model": "classifier.model",
    # suggestions (issue 4)
    "suggest_thresholds": "classifier.suggestions",
    "check_threshold": "classifier.suggestions",
    "draft": "classifier.drafting",
    # audit (issue 5)
    "audit": "classifier.audit",
    # research (issue 6)
    "load_corpus": "classifier.research",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'classifier' has no attribute {name!r}")
    return getattr(import_module(module), name)
