"""A plain ``pip install .`` has its defaults: the wheel carries the model and the corpus."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_ships_the_model_and_the_corpus_and_finds_them(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(tmp_path.glob("zhibiao-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("classifier/_shipped/models/model.joblib", "classifier/_shipped/models/metadata.json",
                    "classifier/_shipped/corpus/parsed/documents.jsonl", "classifier/_shipped/corpus/labels.csv",
                    "classifier/_shipped/corpus/real_labels.csv", "classifier/data/taxonomy.json",
                    "classifier/_shipped/corpus/parsed/suggestion_corpus.jsonl"):
        assert shipped in names, shipped
    # unpacked outside any checkout, the package finds its shipped data, and the model checks out
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import classifier.core.paths as p; from classifier.classification.persistence import read_metadata; "
            "print(p.default_model_dir()); read_metadata(); print(p.default_corpus_path().is_file()); "
            "from classifier.suggestion.index import load_suggestion_corpus; "
            "print(sum(r.source.origin == 'real' for r in load_suggestion_corpus().rows))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=900,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr[-2000:]
    model_dir, corpus_found, real_rows = out.stdout.split()
    assert model_dir == str(site / "classifier" / "_shipped" / "models") and corpus_found == "True"
    assert int(real_rows) > 500  # suggestions draw on the real tables the wheel carries
