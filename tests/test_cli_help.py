"""Every command is documented: Chinese help text with an example (示例：zhibiao …), and the
README mentions it."""
from __future__ import annotations

import re
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
        assert "示例：zhibiao " in text, f"`zhibiao {name}` help has no example (示例：zhibiao …)"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _ in _commands():
        assert f"zhibiao {name}" in readme, f"`zhibiao {name}` is not mentioned in the README"


def test_version_and_the_top_level_help_has_an_example():
    from typer.testing import CliRunner

    from classifier import __version__

    runner = CliRunner()
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith(f"zhibiao {__version__}（模型训练于 ")
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "示例：zhibiao " in result.output


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_help_screen_is_in_chinese():
    """``--help`` of the tool, of each group and of each command: the first line of its help text
    is Chinese, so are every option's help and the screen's own words (usage line, panel titles,
    the help option)."""
    from typer.testing import CliRunner

    runner = CliRunner()
    screens = [[], ["corpus"]] + [name.split() for name, _ in _commands()]
    assert len(screens) == len(EXPECTED) + 2
    for words in screens:
        result = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "2000"})
        assert result.exit_code == 0, (words, result.output)
        lines = [line.strip(" │") for line in result.output.splitlines() if line.strip(" │╭╰─")]
        assert lines[0].startswith("用法：") and "[选项]" in lines[0], lines[0]
        assert CJK.search(lines[1]), f"zhibiao {' '.join(words)} --help: the first help line is not Chinese: {lines[1]}"
        for english in ("Usage:", "Options", "Arguments", "Commands", "Show this message", "[default:", "[required]", "<str>", "<bool>", "<int>", "<list[str]>", "Example"):
            assert english not in result.output, (words, english)
        assert "╭─ 选项 " in result.output and "显示本帮助并退出。" in result.output
        command = typer.main.get_command(app)
        for word in words:
            command = command.commands[word]
        for param in command.params:
            assert param.help and CJK.search(param.help), (words, param.name, param.help)


def test_python_dash_m_classifier_runs_the_command():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "classifier", "--version"], capture_output=True, text=True,
                         cwd=ROOT, timeout=900)
    assert out.returncode == 0 and out.stdout.startswith("zhibiao ")


def _choice_options():
    """(command, option name, choices) of every option declared with an Enum of choices."""
    import enum
    import typing

    for name, cmd in _commands():
        hints = typing.get_type_hints(cmd.callback)
        for param in cmd.params:
            kind = hints.get(param.name)
            kind = next((a for a in typing.get_args(kind) if a is not type(None)), kind) if typing.get_args(kind) else kind
            if isinstance(kind, type) and issubclass(kind, enum.Enum):
                yield name, param.opts[0], [c.value for c in kind]


def test_fixed_choices_are_choices_the_parser_refuses_one_line():
    """--regime, --format, --fail-on, --by, --corpus-mode are declared as choices: the help lists
    them, and a wrong value is refused in one line naming the option, exit code 1."""
    from typer.testing import CliRunner

    found = {(name, opt) for name, opt, _ in _choice_options()}
    assert {("classify", "--regime"), ("audit", "--regime"), ("draft", "--regime"), ("read", "--format"),
            ("audit", "--fail-on"), ("quality", "--by"), ("suggest", "--corpus-mode")} <= found
    runner = CliRunner()
    for name, opt, choices in _choice_options():
        args = [*name.split(), opt, "no-such-choice"]
        result = runner.invoke(app, args)
        lines = result.stderr.strip().splitlines()
        assert result.exit_code == 1, (args, result.output)
        assert len(lines) == 1 and lines[0].startswith(f"zhibiao: {name}: ") and opt in lines[0], lines
        assert f"{opt} 的值“no-such-choice”不在可选值中（可选：{'、'.join(choices)}）" in lines[0], lines[0]


def test_usage_errors_are_one_line_without_a_box():
    from typer.testing import CliRunner

    runner = CliRunner()
    for args, expected in ((["classify", "--no-such-option"], "没有选项 --no-such-option"),
                           (["check"], "缺少参数 NAME"),
                           (["corpus", "no-such-command"], "没有命令 no-such-command")):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and expected in result.stderr and "╭" not in result.stderr, result.stderr
