"""The project's front door: the README's two commands and CI agree."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- test-command -->\n```bash\n(.+)\n```", readme)
    assert match, "README must hold the test command after <!-- test-command -->"
    assert "pytest" in match.group(1)
    assert "pip install" in match.group(1)
    assert "test-command" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_package_imports_lazily():
    import classifier

    assert classifier.__version__
    assert "audit" in classifier.__all__
