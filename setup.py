"""Build hook: the wheel carries the shipped model and corpus as package data.

The checkout keeps them at the top (``models/``, ``corpus/``); a wheel (``pip install .``)
copies them into ``classifier/_shipped/``, where :mod:`classifier.core.paths` finds them when
the package is installed outside a checkout. An editable install (``pip install -e .``)
reads them from the checkout and copies nothing.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("models", "corpus")


class BuildWithShippedData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "classifier" / "_shipped"
        for name in SHIPPED:
            shutil.copytree(ROOT / name, target / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithShippedData})
