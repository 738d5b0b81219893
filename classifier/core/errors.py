"""Errors with a one-line message that names the file and the problem."""
from __future__ import annotations


class ZhibiaoError(Exception):
    """Base class: every error the library raises on purpose."""


class ReadError(ZhibiaoError):
    """A file could not be read as a 绩效目标表. ``str(err)`` is one line: ``path: problem``."""

    def __init__(self, path: object, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ModelError(ZhibiaoError):
    """A model file is missing, foreign, or does not match this library / taxonomy."""


class TrainingDataError(ZhibiaoError):
    """A labels / curated / labeled file is missing or malformed (one line: ``path: problem``)."""
