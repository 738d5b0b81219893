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
