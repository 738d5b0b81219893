"""Every Python snippet of the README and the docs pages runs, so none can go stale.

Each ```python block is run as a script in a fresh interpreter, in a scratch folder where
``corpus/`` points at the checkout's corpus (snippets name ``corpus/raw/…`` files and may write
``draft.docx`` and the like).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]
SNIPPETS = [(page, k, block) for page in PAGES
            for k, block in enumerate(re.findall(r"```python\n(.*?)```", (ROOT / page).read_text(encoding="utf-8"), re.S))]


def test_the_readme_has_python_snippets():
    assert any(page == "README.md" for page, _, _ in SNIPPETS)


@pytest.mark.slow
@pytest.mark.parametrize("page, k, block", SNIPPETS, ids=[f"{p}#{k}" for p, k, _ in SNIPPETS])
def test_snippet_runs(page, k, block, tmp_path):
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    result = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, cwd=tmp_path, timeout=900)
    assert result.returncode == 0, f"{page} snippet {k}:\n{block}\n{result.stderr[-1500:]}"
