"""The ``zhibiao`` command line: options are parsed in :mod:`classifier.cli.app`, which calls
the library. ``main`` is the console entry point (``zhibiao = "classifier.cli:main"``)."""
from classifier.cli.app import main

__all__ = ["main"]
