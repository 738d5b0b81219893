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


@corpus_app.command("build")
def corpus_build_command(
    raw: str | None = typer.Option(
        None, "--raw", help="Folder of source documents. Default: corpus/raw of the checkout.", show_default=False),
    out: str | None = typer.Option(
        None, "--out", help="Output JSON Lines file. Default: corpus/parsed/documents.jsonl.", show_default=False),
) -> None:
    """Parse every document under --raw into the JSON Lines corpus and print the
    reconciliation: documents, projects, tables, rows read, indicator rows kept, rows
    skipped by reason, files skipped with the reason. Exit code 1 if a file failed.

    Example: zhibiao corpus build --raw corpus/raw --out corpus/parsed/documents.jsonl
    """
    from .corpus import build_corpus

    target, rec = build_corpus(raw, out)
    for line in rec.lines():
        typer.echo(line)
    typer.echo(f"written: {target}")
    if rec.failed_files:
        raise typer.Exit(1)


@app.command("read")
def read_command(
    paths: list[str] = typer.Argument(..., help="Files (.txt export, .docx, .xlsx, .csv) or folders."),
    output_format: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
) -> None:
    """Show what was understood from documents: one table per project (levels, names,
    values with their parsed thresholds, basis, source lines), or JSON records, or flat CSV.
    Bad files are reported one line each on stderr and skipped; exit code 1 if any failed.

    Example: zhibiao read corpus/raw/004_d57b153e55ee6404.txt --format table
    """
    import sys

    if output_format not in ("table", "json", "csv"):
        fail(f"--format must be table, json or csv, not {output_format!r}")
    from .errors import ReadError
    from .reading import read_path
    from .reading.report import documents_json, print_tables, rows_csv

    documents, failures = [], []
    for path in paths:
        try:
            result = read_path(path)
        except ReadError as err:
            failures.append(err)
            continue
        documents += result.documents
        failures += result.failures
    if output_format == "json":
        typer.echo(documents_json(documents))
    elif output_format == "csv":
        sys.stdout.write(rows_csv(documents))
    else:
        print_tables(documents)
    for err in failures:
        typer.echo(f"zhibiao: {err}", err=True)
    if failures:
        typer.echo(f"zhibiao: {len(documents)} read, {len(failures)} skipped", err=True)
        raise typer.Exit(1)

# ---- end section: reading and corpus ------------------------------------------

# ---- section: classification (issue 3) ----------------------------------------

# ---- end section: classification ----------------------------------------------

# ---- section: suggestions (issue 4) -------------------------------------------

# ---- end section: suggestions -------------------------------------------------

# ---- section: audit (issue 5) -------------------------------------------------

# ---- end section: audit -------------------------------------------------------

# ---- section: research (issue 6) ----------------------------------------------


@app.command("stats")
def stats_command(
    corpus: str | None = typer.Option(
        None, "--corpus", help="Parsed corpus (.jsonl), a source document, or a folder of them. "
        "Default: the shipped corpus (or $ZHIBIAO_CORPUS).", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    classify: bool = typer.Option(True, "--classify/--no-classify", help="Run the classifier."),
    audit: bool = typer.Option(True, "--audit/--no-audit", help="Run the audit."),
) -> None:
    """Corpus statistics: documents, projects, rows; rows per 一级/二级 and per category; the
    cross-table declared 二级 × predicted category; value kinds and the share of quantified
    values with a unit; basis distribution; audit findings per rule.

    Example: zhibiao stats --corpus corpus/raw --json
    """
    import json

    from .research import load_tables
    from .stats import corpus_stats, print_stats

    stats = corpus_stats(load_tables(corpus, classify=classify, audit=audit))
    if as_json:
        typer.echo(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        print_stats(stats)


@app.command("quality")
def quality_command(
    path: str | None = typer.Argument(
        None, help="Parsed corpus (.jsonl), a source document, or a folder of them. "
        "Default: the shipped corpus.", show_default=False),
    by: str = typer.Option("document", "--by", help="Table per 'document' or per 'project'."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (documents and projects) instead of a table."),
    classify: bool = typer.Option(True, "--classify/--no-classify", help="Run the classifier."),
    audit: bool = typer.Option(True, "--audit/--no-audit", help="Run the audit."),
) -> None:
    """Indicator-quality score per document or per project, each component shown: share of
    quantified values with a unit, share with a mappable basis, share filed under an expected
    二级, and audit findings per row weighted by severity (formula: docs/quality_score.md).

    Example: zhibiao quality corpus/raw/000_565934a1818115aa.txt --by project
    """
    import json

    if by not in ("document", "project"):
        fail(f"--by must be 'document' or 'project', not {by!r}")
    from .quality import print_quality, quality_scores
    from .research import load_tables

    report = quality_scores(load_tables(path, classify=classify, audit=audit))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_quality(report, by=by)

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
