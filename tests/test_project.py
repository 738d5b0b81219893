"""The project's front door: the README's two commands and CI agree."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- test-command -->\n```bash\n(.+)\n```", readme)
    assert match, "README must hold the test command after <!-- test-command -->"
    assert "pytest" in match.group(1)
    assert "pip install" in match.group(1)
    assert "test-command" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_import_classifier_loads_neither_scikit_learn_nor_jieba():
    code = "import sys, classifier; print(sorted(m for m in ('sklearn', 'jieba', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


#: What each public name of ``classifier`` must be: (module that defines it, kind).
PUBLIC = {
    "read_document": ("classifier.reading", "function"), "read_path": ("classifier.reading", "function"),
    "parse_threshold": ("classifier.vocabulary.thresholds", "function"),
    "Threshold": ("classifier.core.records", "class"),
    "build_corpus": ("classifier.reading.corpus", "function"),
    "load_documents": ("classifier.reading.corpus", "function"),
    "segment": ("classifier.vocabulary.segmentation", "function"),
    "classify": ("classifier.classification.api", "function"),
    "IndicatorClassifier": ("classifier.classification.estimator", "class"),
    "load_model": ("classifier.classification.persistence", "function"),
    "suggest_thresholds": ("classifier.suggestion.suggest", "function"),
    "check_threshold": ("classifier.suggestion.check", "function"),
    "draft": ("classifier.suggestion.drafting", "function"),
    "audit": ("classifier.auditing.api", "function"),
    "load_corpus": ("classifier.research.tables", "function"),
}


def test_every_public_name_is_the_object_it_names():
    import importlib
    import inspect
    import pkgutil

    import classifier

    assert set(classifier.__all__) == set(PUBLIC) | {"__version__"}
    for name, (module, kind) in PUBLIC.items():
        obj = getattr(classifier, name)
        assert obj.__module__ == module, (name, obj.__module__)
        assert (inspect.isclass(obj) if kind == "class" else inspect.isfunction(obj)), name
    # no public name is also a sub-package or module, so `from classifier import audit` is the function
    subpackages = {m.name for m in pkgutil.iter_modules(classifier.__path__)}
    assert not set(PUBLIC) & subpackages
    for sub in subpackages:
        importlib.import_module(f"classifier.{sub}") if sub not in ("__main__",) else None
    assert inspect.isfunction(classifier.audit)
