"""What the commands share: the choices they accept, the options several commands take
(defined once here), and one-line usage errors.

Choices are :class:`enum.Enum` classes, so that ``--help`` lists them and a wrong value is
refused by the parser itself; their ``.value`` is the string the library takes.
"""
from __future__ import annotations

import sys
from enum import Enum
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from classifier.vocabulary.levels import REGIMES

try:  # typer ≥ 0.22 carries its own copy of click
    from typer._click import exceptions as _errors
    from typer._click import echo as _echo
except ImportError:  # older typer runs on click itself
    from click import echo as _echo
    from click import exceptions as _errors


#: The two 一级/二级 systems of 绩效目标表 (财预〔2020〕10号 and 财预〔2021〕101号), as the vocabulary names them.
Regime = Enum("Regime", {name: name for name in REGIMES}, type=str)
#: A regime, or ``auto``: guessed from the table's own 一级/二级 and reported.
AuditRegime = Enum("AuditRegime", {name: name for name in ("auto", *REGIMES)}, type=str)


class ReadFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class Severity(str, Enum):
    """The severities ``--fail-on`` can stop at (``warning`` also stops at errors)."""

    error = "error"
    warning = "warning"


class ScoreBy(str, Enum):
    document = "document"
    project = "project"


class CorpusMode(str, Enum):
    """``add`` your documents to the shipped suggestion corpus, or ``replace`` it with them."""

    add = "add"
    replace = "replace"


def json_option(what: str = "表格") -> Any:
    """``--json``: print JSON instead of ``what`` (Chinese, as the help shows it)."""
    return typer.Option(False, "--json", help=f"输出 JSON，而不是{what}。")


def model_option() -> Any:
    """``--model``: a model the user chose (never a file that came with a table)."""
    return typer.Option(None, "--model", help="你自己选定并信任的模型文件夹或 model.joblib（默认：随附的模型）。"
                        "模型文件是 pickle：不是你自己选的模型文件，绝不要加载。",
                        show_default=False)


def corpus_option() -> Any:
    """``--corpus`` of the suggestion commands."""
    return typer.Option(None, "--corpus", show_default=False, help=(
        "你自己的文件或文件夹（.txt 导出文件、.docx、.xlsx、.csv，或 .jsonl 语料），按 zhibiao read 的方式读取。"
        "默认：设置了 $ZHIBIAO_EXTRA_CORPUS 时用它，否则不用。"))


def corpus_mode_option() -> Any:
    return typer.Option(CorpusMode.add, "--corpus-mode", show_default=False,
                        help="add：把你的文件加到随附的语料中；replace：用你的文件代替随附的语料。默认：add。")


def classify_option() -> Any:
    return typer.Option(True, "--classify/--no-classify", show_default=False, help="运行分类器（默认运行）。")


def audit_option() -> Any:
    return typer.Option(True, "--audit/--no-audit", show_default=False, help="运行审核（默认运行）。")


def research_corpus_help(default: str) -> str:
    return f"解析好的语料（.jsonl）、一个原始文件，或存放它们的文件夹。默认：{default}。"


def _param_name(param: Any) -> str:
    """How a usage message names a parameter: ``--fail-on`` for an option (its first name),
    ``NAME`` for an argument."""
    if getattr(param, "param_type_name", "") == "option" and getattr(param, "opts", None):
        return param.opts[0]
    return getattr(param, "metavar", None) or str(getattr(param, "name", "") or "").upper()


def _choice_value(choice: Any) -> str:
    return str(choice.value) if isinstance(choice, Enum) else str(choice)


#: What a value was expected to be, by the type of the parser's validation error.
_EXPECTED = {
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "float_parsing": "应为数字", "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false", "bool_type": "应为 true 或 false",
}


def _bad_value(err: Any) -> str:
    """``--fail-on 的值“foo”不在可选值中（可选：error、warning）`` and the like, from the
    parameter and the validation error the parser raised (not from its English text)."""
    param = getattr(err, "param", None)
    hint = err.param_hint if err.param_hint is not None else (param if param is None else _param_name(param))
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(str(h).strip("'") for h in hint)
    cause = err.__cause__
    details = cause.errors() if cause is not None and hasattr(cause, "errors") else []
    value = f"“{details[0]['input']}”" if details and "input" in details[0] else ""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and getattr(descriptor, "is_choice", False) and descriptor.choices:
        choices = "、".join(_choice_value(c) for c in descriptor.choices)
        return f"{hint} 的值{value}不在可选值中（可选：{choices}）"
    expected = _EXPECTED.get(details[0].get("type")) if details else None
    if hint is None:
        return f"值无效：{expected or err.message}"
    return f"{hint} 的值{value}无效：{expected or err.message}"


def _find_option(command: Any, name: str) -> Any:
    for param in getattr(command, "params", ()):
        if name in getattr(param, "opts", ()) or name in getattr(param, "secondary_opts", ()):
            return param
    return None


def _usage_message(err: Any, command: Any) -> str:
    """A click/typer usage error in Chinese, chosen by its type and attributes; ``command`` is
    the command being parsed (for an option's kind when the error carries no context)."""
    if isinstance(err, _errors.NoSuchOption):
        close = sorted(err.possibilities or ())
        return f"没有选项 {err.option_name}" + (f"（相近的选项：{'、'.join(close)}）" if close else "")
    if isinstance(err, _errors.MissingParameter):
        kind = err.param_type or getattr(err.param, "param_type_name", None)
        what = "选项" if kind == "option" else "参数"
        name = _param_name(err.param) if err.param is not None else ""
        return f"缺少{what} {name}".rstrip()
    if isinstance(err, _errors.BadParameter):
        return _bad_value(err)
    if isinstance(err, _errors.BadOptionUsage):
        option = _find_option(command, err.option_name)
        if option is not None and getattr(option, "is_flag", False):
            return f"选项 {err.option_name} 不带值"
        nargs = getattr(option, "nargs", 1) if option is not None else 1
        return f"选项 {err.option_name} 后面缺少值" if nargs == 1 else f"选项 {err.option_name} 需要 {nargs} 个值"
    # Plain UsageError: click gives it no attributes, only its text. The two it raises while
    # parsing a command (the group's "No such command" is raised in Chinese by resolve_command):
    message = err.format_message()
    if message.startswith("Got unexpected extra argument"):
        extra = message[message.rfind(" (") + 2:message.rfind(")")] if " (" in message else ""
        return f"多余的参数 {extra}".rstrip()
    if message.startswith("Missing command"):
        return "缺少命令"
    return message.replace("Value error, ", "")


#: The words of the help screens that typer and click write themselves, in Chinese.
HELP_WORDS = {"usage": "用法：", "options": "[选项]", "subcommand": "命令 [参数]...", "help": "显示本帮助并退出。",
              "arguments_panel": "参数", "options_panel": "选项", "commands_panel": "命令", "required": "[必填]"}


#: The value types typer shows beside each argument and option, in words (a flag shows none).
TYPE_WORDS = {"<str>": "<文本>", "<int>": "<整数>", "<float>": "<数值>", "<bool>": "", "<list[str]>": "<文本>"}


class ChineseHelp:
    """Mixin for typer's command and group classes: the help screen's own words (the usage
    line, the panel titles, the ``--help`` option) in Chinese, through the hooks typer and click
    offer (``format_usage``, ``get_help_option``, each parameter's and command's
    ``rich_help_panel``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if getattr(self, "options_metavar", None) == "[OPTIONS]":
            self.options_metavar = HELP_WORDS["options"]
        if getattr(self, "subcommand_metavar", None) == "COMMAND [ARGS]...":
            self.subcommand_metavar = HELP_WORDS["subcommand"]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_WORDS["help"]
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),  # type: ignore[attr-defined]
                              prefix=HELP_WORDS["usage"])

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if not getattr(param, "rich_help_panel", None):
                kind = "arguments_panel" if param.param_type_name == "argument" else "options_panel"
                param.rich_help_panel = HELP_WORDS[kind]
            shown = param.display_type_rich(ctx)
            if shown in TYPE_WORDS:  # typer has no setting for these: this parameter's own method answers
                param.display_type_rich = (lambda word: lambda ctx: word)(TYPE_WORDS[shown])
        for command in (getattr(self, "commands", None) or {}).values():
            if not getattr(command, "rich_help_panel", None):
                command.rich_help_panel = HELP_WORDS["commands_panel"]
        from typer import rich_utils

        # typer reads this fixed string at drawing time and offers no per-command setting for it
        rich_utils.REQUIRED_LONG_STRING = HELP_WORDS["required"]
        super().format_help(ctx, formatter)  # type: ignore[misc]


class ChineseHelpCommand(ChineseHelp, TyperCommand):
    """A command whose help screen is all Chinese (see :class:`ChineseHelp`)."""


class OneLineErrors(ChineseHelp, TyperGroup):
    """A command group whose usage errors (unknown option or command, wrong choice, missing
    argument) are one Chinese line on stderr — ``zhibiao: audit: --fail-on 的值“foo”不在可选值中
    （可选：error、warning）（见 zhibiao audit --help）`` — with exit code 1, like every other
    refusal of the tool (exit code 2 is kept for ``audit --fail-on`` findings)."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command named by ``args[0]``; an unknown name is a usage error in Chinese,
        with the close command names."""
        name = args[0] if args else None
        if (name is not None and not name.startswith("-") and not ctx.resilient_parsing
                and self.get_command(ctx, name) is None):
            from difflib import get_close_matches

            close = get_close_matches(name, list(self.commands))
            raise _errors.UsageError(f"没有命令 {name}" + (f"（相近的命令：{'、'.join(close)}）" if close else ""), ctx)
        return super().resolve_command(ctx, args)

    def _parsed_command(self, args: Any) -> tuple[str, Any]:
        """``(command path, command)`` named by the words of ``args`` (the command line when
        None): for errors that come without the context of the command being parsed."""
        words = list(sys.argv[1:] if args is None else args)
        path, command = ["zhibiao"], self
        for word in words:
            commands = getattr(command, "commands", None)
            if commands is None or word not in commands:
                continue
            path.append(word)
            command = commands[word]
        return " ".join(path), command

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _errors.NoArgsIsHelpError as err:
            if err.message:  # the help text; typer's rich help printed itself when the error was made
                _echo(err.message)
            sys.exit(1)
        except _errors.UsageError as err:
            if err.ctx is not None:
                where, command = err.ctx.command_path, err.ctx.command
                root = err.ctx.find_root().command_path  # "zhibiao", or "python -m classifier"
            else:
                (where, command), root = self._parsed_command(args), "zhibiao"
            command_name = where[len(root):].strip() if where.startswith(root) else ""
            prefix = f"{command_name}: " if command_name else ""
            _echo(f"zhibiao: {prefix}{_usage_message(err, command)}（见 {where} --help）", err=True)
            sys.exit(1)
        except typer.Abort:
            _echo("zhibiao: 已中断", err=True)
            sys.exit(130)
        except _errors.FileError as err:
            _echo(f"zhibiao: 无法打开文件 {err.ui_filename}：{err.message}", err=True)
            sys.exit(err.exit_code)
        except _errors.ClickException as err:
            _echo(f"zhibiao: {err.format_message()}", err=True)
            sys.exit(err.exit_code)
        sys.exit(code if isinstance(code, int) else 0)
