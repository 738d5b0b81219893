"""The research notebooks run end to end, so they cannot rot.

Each notebook is stored without outputs; here it is executed with nbclient on the
``python3`` kernel (jupyter_client starts it with this interpreter, i.e. the venv's python)
with ``notebooks/`` as working directory, and must finish without an error and show at
least one figure (an ``image/png`` output).
"""
from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = {
    "01_corpus_overview.ipynb",
    "02_classifier_evaluation.ipynb",
    "03_threshold_distributions.ipynb",
    "04_audit_findings.ipynb",
}
TIMEOUT_PER_CELL = 1800  # a guard against a hung kernel, not a speed limit: the notebooks read stored figures


def test_the_four_notebooks_are_there():
    assert EXPECTED <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear outputs before committing"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_draws_a_figure(path):
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=TIMEOUT_PER_CELL,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.get("output_type") == "error"]
    images = [out for out in outputs if "image/png" in out.get("data", {})]
    assert images, f"{path.name} produced no figure"
    # no warning spam (e.g. missing CJK glyphs in matplotlib's fonts) on stderr
    stderr = "".join(out.get("text", "") for out in outputs if out.get("name") == "stderr")
    assert "Glyph" not in stderr and "missing from" not in stderr, stderr[:500]
