"""Shared fixtures: paths to the shipped corpus and seeds."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "corpus" / "raw"

# Keep jieba's cache out of the user's home and out of /tmp during tests.
os.environ.setdefault("ZHIBIAO_CACHE_DIR", str(ROOT / ".pytest_cache" / "zhibiao"))


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW_DIR


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(RAW_DIR.glob("*.txt"))


# Tests marked ``slow`` (full model fits, notebooks, commands run in a subprocess) are skipped
# unless asked for with ``--slow`` or ``ZHIBIAO_SLOW_TESTS=1``; CI (``.ci/run``) runs them all.
def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the tests marked slow (full model fits, notebooks, subprocesses); CI runs them")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a full model fit, a notebook or a subprocess; skipped unless --slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow") or os.environ.get("ZHIBIAO_SLOW_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --slow (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory) -> Path:
    """A model folder saved like ``zhibiao train --out`` writes one, fitted in about a second on
    the taxonomy's typical names only (for tests of commands that take ``--model``)."""
    from classifier.classification.persistence import save_model
    from classifier.classification.training import fit_model, taxonomy_examples

    out = tmp_path_factory.mktemp("small-model")
    save_model(fit_model(taxonomy_examples()), out, metadata={"review_cutoff": 0.5, "evaluation": None})
    return out
