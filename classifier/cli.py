"""Command line: parses options and calls the library. Nothing else lives here.

Imports of library modules happen inside the commands, so that ``zhibiao classify``
does not pay for python-docx, openpyxl or pandas.

Each command's docstring is its help text and carries an example; a test checks that
every command has one.
"""
from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="zhibiao",
    help="zhibiao (指标): read, classify, suggest and audit 预算绩效目标表 indicators.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
corpus_app = typer.Typer(help="Build and inspect the indicator corpus.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


def fail(message: str, code: int = 1) -> None:
    """Print one line to stderr and exit with ``code`` (no traceback)."""
    typer.echo(f"zhibiao: {message}", err=True)
    raise typer.Exit(code)


# ---- section: reading and corpus (issue 2) ------------------------------------

# ---- end section: reading and corpus ------------------------------------------

# ---- section: classification (issue 3) ----------------------------------------

# ---- end section: classification ----------------------------------------------

# ---- section: suggestions (issue 4) -------------------------------------------

# ---- end section: suggestions -------------------------------------------------

# ---- section: audit (issue 5) -------------------------------------------------

# ---- end section: audit -------------------------------------------------------

# ---- section: research (issue 6) ----------------------------------------------

# ---- end section: research ----------------------------------------------------


def main() -> None:
    """Console entry point: library errors become one line on stderr, exit code 1."""
    from .errors import ZhibiaoError

    try:
        app()
    except ZhibiaoError as err:
        typer.echo(f"zhibiao: {err}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("zhibiao: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
