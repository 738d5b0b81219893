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
from typer.core import TyperGroup

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


def json_option(what: str = "a table") -> Any:
    """``--json``: print JSON instead of ``what``."""
    return typer.Option(False, "--json", help=f"Print JSON instead of {what}.")


def model_option() -> Any:
    """``--model``: a model the user chose (never a file that came with a table)."""
    return typer.Option(None, "--model", help="A model folder or model.joblib you chose and trust "
                        "(default: the shipped model). Model files are pickles: never load one you did not choose.",
                        show_default=False)


def corpus_option() -> Any:
    """``--corpus`` of the suggestion commands."""
    return typer.Option(None, "--corpus", show_default=False, help=(
        "A file or folder of your own documents (.txt export, .docx, .xlsx, .csv, or a .jsonl corpus), "
        "read with the readers. Default: $ZHIBIAO_EXTRA_CORPUS if set, else none."))


def corpus_mode_option() -> Any:
    return typer.Option(CorpusMode.add, "--corpus-mode", help="'add' your documents to the shipped corpus, "
                        "or 'replace' it with them.")


def classify_option() -> Any:
    return typer.Option(True, "--classify/--no-classify", help="Run the classifier.")


def audit_option() -> Any:
    return typer.Option(True, "--audit/--no-audit", help="Run the audit.")


def research_corpus_help(default: str) -> str:
    return f"Parsed corpus (.jsonl), a source document, or a folder of them. Default: {default}."


class OneLineErrors(TyperGroup):
    """A command group whose usage errors (unknown option, wrong choice, missing argument) are
    one line on stderr — ``zhibiao: audit: Invalid value for '--fail-on': …`` — with exit code 1,
    like every other refusal of the tool (exit code 2 is kept for ``audit --fail-on`` findings)."""

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _errors.NoArgsIsHelpError as err:
            _echo(err.ctx.get_help() if err.ctx else "")
            sys.exit(1)
        except _errors.UsageError as err:
            where = err.ctx.command_path if err.ctx is not None else "zhibiao"
            hint = f" (see: {where} --help)"
            command = where.split(" ", 1)[1] + ": " if " " in where else ""
            message = err.format_message().replace("Value error, ", "")
            _echo(f"zhibiao: {command}{message}{hint}", err=True)
            sys.exit(1)
        except typer.Abort:
            _echo("zhibiao: interrupted", err=True)
            sys.exit(130)
        except _errors.ClickException as err:
            _echo(f"zhibiao: {err.format_message()}", err=True)
            sys.exit(err.exit_code)
        sys.exit(code if isinstance(code, int) else 0)
