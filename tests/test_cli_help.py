"""Every command is documented: help text with an example, and the README mentions it."""
from __future__ import annotations

from pathlib import Path

import typer.main

from classifier.cli.app import app

ROOT = Path(__file__).resolve().parent.parent


def _walk(command, prefix: str = ""):
    name = f"{prefix} {command.name}".strip() if prefix or command.name else ""
    if hasattr(command, "commands"):
        for sub in command.commands.values():
            yield from _walk(sub, name)
    else:
        yield name, command


def _commands():
    root = typer.main.get_command(app)
    return [(name.removeprefix("zhibiao").strip(), cmd) for name, cmd in _walk(root)]


EXPECTED = {
    "read", "corpus build", "classify", "train", "evaluate", "suggest", "check", "draft",
    "audit", "stats", "quality",
}


def test_the_documented_commands_exist():
    assert EXPECTED <= {name for name, _ in _commands()}


def test_every_command_has_help_with_an_example():
    commands = _commands()
    assert commands, "the CLI has no commands"
    for name, cmd in commands:
        text = cmd.help or ""
        assert len(text.strip()) > 20, f"`zhibiao {name}` has no help text"
        assert "zhibiao " in text and "xample" in text, f"`zhibiao {name}` help has no example"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _ in _commands():
        assert f"zhibiao {name}" in readme, f"`zhibiao {name}` is not mentioned in the README"


def test_version_and_the_top_level_help_has_an_example():
    from typer.testing import CliRunner

    from classifier import __version__

    runner = CliRunner()
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith(f"zhibiao {__version__} (model trained ")
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "Example: zhibiao " in result.output


def test_python_dash_m_classifier_runs_the_command():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "classifier", "--version"], capture_output=True, text=True,
                         cwd=ROOT, timeout=900)
    assert out.returncode == 0 and out.stdout.startswith("zhibiao ")
