"""Command line: parses options and calls the library. Nothing else lives here.

Imports of library modules happen inside the commands, so that ``zhibiao classify``
does not pay for python-docx, openpyxl or pandas.

Each command's docstring is its help text and carries an example; a test checks that
every command has one.
"""
from __future__ import annotations

import sys

import typer

from classifier.cli.options import (
    AuditRegime, CorpusMode, OneLineErrors, ReadFormat, Regime, ScoreBy, Severity, audit_option, classify_option,
    corpus_mode_option, corpus_option, json_option, model_option, research_corpus_help,
)

app = typer.Typer(
    name="zhibiao",
    cls=OneLineErrors,
    help="zhibiao (指标): read, classify, suggest and audit 预算绩效目标表 indicators.\n\n"
         "Example: zhibiao audit 绩效目标表.xlsx --xlsx 审核结果.xlsx\n\n"
         "Example: zhibiao classify 完工及时率 服务对象满意度",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from classifier import __version__
        from classifier.classification.persistence import read_metadata
        from classifier.core.errors import ZhibiaoError

        try:
            _, meta = read_metadata()
            model = f"model trained {meta.get('trained_at', '?')}"
        except ZhibiaoError as err:
            model = f"no usable default model: {err}"
        typer.echo(f"zhibiao {__version__} ({model})")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Print the version (and the default model's date) and exit.")) -> None:
    """zhibiao (指标): read, classify, suggest and audit 预算绩效目标表 indicators."""


corpus_app = typer.Typer(help="Build and inspect the indicator corpus.", no_args_is_help=True, cls=OneLineErrors)
app.add_typer(corpus_app, name="corpus")


def fail(message: str, code: int = 1) -> None:
    """Print one line to stderr and exit with ``code`` (no traceback)."""
    typer.echo(f"zhibiao: {message}", err=True)
    raise typer.Exit(code)


# ---- section: reading and corpus ----------------------------------------------


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
    from classifier.reading.corpus import build_corpus

    target, rec = build_corpus(raw, out)
    for line in rec.lines():
        typer.echo(line)
    typer.echo(f"written: {target}")
    if rec.failed_files:
        raise typer.Exit(1)


@app.command("read")
def read_command(
    paths: list[str] = typer.Argument(..., help="Files (.txt export, .docx, .xlsx, .csv) or folders."),
    output_format: ReadFormat = typer.Option(ReadFormat.table, "--format", "-f", help="table, json or csv (with a BOM, for Excel and WPS)."),
) -> None:
    """Show what was understood from documents: one table per project (levels, names,
    values with their parsed thresholds, basis, source lines), or JSON records, or flat CSV.
    Bad files are reported one line each on stderr and skipped; exit code 1 if any failed.

    Example: zhibiao read corpus/raw/004_d57b153e55ee6404.txt --format table
    """
    from classifier.core.errors import ReadError
    from classifier.reading import read_path
    from classifier.cli.rendering.reading import print_tables
    from classifier.reading.report import documents_json, rows_csv

    documents, failures, ignored = [], [], []
    for path in paths:
        try:
            result = read_path(path)
        except ReadError as err:
            failures.append(err)
            continue
        documents += result.documents
        failures += result.failures
        ignored += result.ignored
    if not documents:
        from classifier.reading import nothing_read

        fail(nothing_read(paths, failures, ignored))
    if output_format is ReadFormat.json:
        typer.echo(documents_json(documents))
    elif output_format is ReadFormat.csv:
        sys.stdout.write(rows_csv(documents))
    else:
        print_tables(documents)
    for err in failures:
        typer.echo(f"zhibiao: {err}", err=True)
    if ignored:
        typer.echo(f"zhibiao: ignored {len(ignored)} file(s) of other types, e.g. {ignored[0]}", err=True)
    if failures:
        typer.echo(f"zhibiao: {len(documents)} read, {len(failures)} skipped", err=True)
        raise typer.Exit(1)

# ---- end section: reading and corpus ------------------------------------------

# ---- section: classification --------------------------------------------------

@app.command("classify")
def classify_command(
    names: list[str] = typer.Argument(None, help="三级指标 names to classify; '-' reads one name per line from stdin."),
    file: str = typer.Option(None, "--file", "-f", help="A file with one name per line, a CSV (see --column), or an "
                             ".xlsx/.docx/.txt-export 绩效目标表 (its 三级指标 rows, with their descriptions)."),
    column: str = typer.Option(None, "--column", help="CSV or .xlsx sheet column holding the names (default: name / 三级指标)."),
    as_json: bool = json_option("a table (one object per name)"),
    csv_path: str = typer.Option(None, "--csv", help="Write a labeling sheet (name,category,description,… CSV for "
                                 "Excel/WPS; '-' prints it): correct its category column, then zhibiao train --add it.",
                                 show_default=False),
    regime: Regime = typer.Option(Regime.legacy, "--regime", help="Which system's expected 二级 to show."),
    model_path: str = model_option(),
) -> None:
    """Classify 三级指标 names into canonical categories, with probability and reason.

    Example: zhibiao classify 完工及时率 服务对象满意度 --regime central2021

    Also: zhibiao classify --file names.csv --column 三级指标 --json; zhibiao classify --file 绩效目标表.xlsx;
    echo 预算执行率 | zhibiao classify -

    Labeling sheet: zhibiao classify --file 绩效目标表.xlsx --csv to_label.csv
    """
    import json

    from classifier.classification.api import classify
    from classifier.classification.persistence import load_model
    from classifier.reading.name_lists import MAX_NAME_CHARS, read_names, split_overlong

    if as_json and csv_path:
        fail("--json and --csv: choose one output")
    todo: list = []
    descriptions: list = []
    items = list(names or [])
    def add_read(label: str, got: list, desc: list | None) -> None:
        got, desc, left_out = split_overlong(got, desc or [""] * len(got))
        if left_out:
            typer.echo(f"zhibiao: {label}: left out {len(left_out)} line(s) longer than {MAX_NAME_CHARS} characters, "
                       f"not indicator names (e.g. entry {left_out[0] + 1})", err=True)
        todo.extend(got)
        descriptions.extend(desc)

    if file:
        add_read(file, *read_names(file, column=column))
    for item in items:
        if item == "-":
            add_read("<stdin>", *read_names("-", column=column, text=sys.stdin.read()))
        else:
            todo.append(item)
            descriptions.append("")
    if not todo:
        fail("nothing to classify: give names, --file F, or - for stdin (see zhibiao classify --help)")
    model = load_model(model_path) if model_path else None
    results = classify(todo, descriptions, regime=regime.value, model=model)
    if csv_path:
        from classifier.reading.labeling_sheet import sheet_text, write_sheet

        if csv_path == "-":
            typer.echo(sheet_text(results, descriptions), nl=False)
        else:
            typer.echo(f"wrote {write_sheet(results, csv_path, descriptions)}: {len(results)} rows; correct the category "
                       f"column, then: zhibiao train --add {csv_path} --out my-model", err=True)
        return
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
        return
    from classifier.cli.rendering.classification import print_classifications

    print_classifications(results, regime=regime.value)


def _fold_progress():
    """A ``progress(step, done, total)`` callback that keeps one line per cross-validation up to
    date on stderr while it runs (nothing when stderr is not a terminal)."""
    if not sys.stderr.isatty():
        return None

    def report(step: str, done: int, total: int) -> None:
        sys.stderr.write(f"\r{step}: fold {done}/{total}" + ("\n" if done == total else ""))
        sys.stderr.flush()
    return report


def _added_data(add: list[str] | None, weak_level2: bool):
    """The shipped training data plus the added files (None without any), weak rows checked."""
    from classifier.classification.training import load_training_data, trust_weak_rows

    if not add:
        return None
    data = load_training_data(added_paths=add, weak_level2=weak_level2)
    counts = trust_weak_rows(data)
    if counts["weak"]:
        typer.echo(f"zhibiao: {counts['weak']} added row(s) labeled by their 二级; trusted {counts['trusted']}, "
                   f"{counts['contradicted']} contradicted by a model trained without them (left out)", err=True)
    return data


def _report_label_conflicts(data) -> None:
    """One line on stderr when added rows label a shipped name differently."""
    conflicts = data.label_conflicts() if data is not None else []
    if conflicts:
        row, shipped = conflicts[0]
        typer.echo(f"zhibiao: {len(conflicts)} added name(s) carry another category than the shipped data, e.g. "
                   f"{row.location}: {row.name} = {row.category}, shipped {shipped[0].category} ({shipped[0].location or shipped[0].source}); "
                   "both are learned from — see corpus/labeling_guide.md", err=True)


@app.command("train")
def train_command(
    out: str = typer.Option(None, "--out", help="Folder for model.joblib + metadata.json (default: the shipped models/)."),
    evaluate: bool = typer.Option(False, "--evaluate/--no-evaluate", help="Also run the cross-validations (about 15 "
                                  "minutes on 2 cores) and store their figures in the metadata; the fit alone takes seconds."),
    add: list[str] = typer.Option(None, "--add", help="Your own labeled rows to train on as well; repeatable; needs --out. "
                                  "A CSV name list (name,category[,description]; the --test-file format) or a 绩效目标表 "
                                  "(.xlsx/.docx/.csv/.txt export) with a category (类别) column.", show_default=False),
    weak_level2: bool = typer.Option(False, "--weak-level2", help="In added tables, label the rows without a category by "
                                     "their 二级 (满意度指标 → satisfaction …), trusting only those a model trained without "
                                     "them does not contradict."),
) -> None:
    """Train the classifier on the labeled corpus, the real tables and curated phrasings; write the model.

    Example: zhibiao train --out /path/to/my-model

    Adapt it to your field: label some of your own names, then
    zhibiao train --add our_labeled_names.csv --out our-model, and use it with
    zhibiao classify --model our-model (or audit --model our-model).
    """
    from classifier.classification.training import train
    from classifier.evaluation.cross_validation import format_summary, train_evaluated

    if add and not out:
        fail("--add needs --out: the shipped models/ stays the default model whose figures the README reports")
    if weak_level2 and not add:
        fail("--weak-level2 needs --add TABLE: it labels the rows of your added tables by their 二级")
    data = _added_data(add, weak_level2)
    _report_label_conflicts(data)
    meta = train_evaluated(out, data=data, progress=_fold_progress()) if evaluate else train(out, data=data)
    rows = meta["training_data"]
    added = f", {rows['added_rows']} added by you" if rows.get("added_rows") else ""
    typer.echo(
        f"trained on {rows['examples']} examples ({rows['corpus_rows']} seed rows, {rows.get('real_rows', 0)} real-table rows, "
        f"{rows['curated_rows']} curated{added}) "
        f"in {meta['training_seconds']:.1f} s; model {meta['model_bytes'] / 1e6:.2f} MB"
    )
    if meta.get("evaluation"):
        typer.echo(format_summary(meta["evaluation"]))


@app.command("evaluate")
def evaluate_command(
    as_json: bool = json_option("text (the figures)"),
    test_file: str = typer.Option(
        None, "--test-file", help="A labeled CSV (name,category[,description][,field]) never used for training; "
        "default: the blind test sets corpus/blind_phrasings*.csv."),
    skip_test_file: bool = typer.Option(False, "--no-test-file", help="Only the cross-validations."),
    test_only: bool = typer.Option(False, "--test-only", help="Skip the cross-validations (minutes): one fit, then "
                                   "score the test files (seconds)."),
    errors: bool = typer.Option(False, "--errors", help="Also list the test file's rows the model gets wrong."),
    add: list[str] = typer.Option(None, "--add", help="A CSV of your own labeled names to train on as well (as in "
                                  "zhibiao train --add); repeatable. Test-file names that are also added names are left out.",
                                  show_default=False),
) -> None:
    """Evaluate the classifier: leave one organisation out over the real tables and seed documents
    first (per field, with baselines, calibration and the needs_review coverage), then the sets
    written by the project (held-out project type; the blind test sets, or your --test-file).

    Example: zhibiao evaluate --test-file my_labeled_names.csv --errors

    What your own labels buy: zhibiao evaluate --test-only --add our_part1.csv --test-file our_part2.csv
    (compare with the same command without --add).
    """
    import json

    from classifier.evaluation.cross_validation import evaluate

    if test_only and skip_test_file:
        fail("--test-only and --no-test-file leave nothing to evaluate")
    data = _added_data(add, False)
    _report_label_conflicts(data)
    report = evaluate(data, test_file=None if skip_test_file else (test_file or "auto"), cross_validation=not test_only,
                      progress=None if as_json else _fold_progress())
    summary = report.summary()
    wrong = {tested.path: tested.errors() for tested in report.test_files} if errors else None
    if as_json:
        if wrong is not None:
            summary["test_file_errors"] = wrong
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    typer.echo(report.format())
    for path, rows in (wrong or {}).items():
        typer.echo(f"\n  {path}: rows the model gets wrong ({len(rows)}):")
        for e in rows:
            typer.echo(f"  line {e['line']:>4}  {e['name']}  label {e['label']} → {e['predicted']} (p={e['probability']:.2f})")


# ---- end section: classification ----------------------------------------------

# ---- section: suggestions -----------------------------------------------------

def _suggestion_corpus(corpus_dir: str | None, corpus_mode: CorpusMode):
    from classifier.core.paths import extra_corpus_path
    from classifier.suggestion.index import load_suggestion_corpus

    extra = corpus_dir or extra_corpus_path()
    corpus = load_suggestion_corpus(extra, mode=corpus_mode.value)
    for problem in corpus.skipped:
        typer.echo(f"zhibiao: {problem} (skipped)", err=True)
    if corpus.skipped:
        typer.echo(f"zhibiao: {len(corpus.skipped)} file(s) of {extra} skipped; using the rest", err=True)
    return corpus


@app.command("suggest")
def suggest_command(
    name: str = typer.Argument(..., help="A 三级指标 name (seen or not) or a category id / 中文名."),
    level2: str | None = typer.Option(None, "--level2", help="Only rows filed under this 二级 (e.g. 质量指标)."),
    unit: str | None = typer.Option(None, "--unit", help="Only values with this unit (e.g. %, 万元)."),
    field: str | None = typer.Option(None, "--field", help="Draw on tables of this policy field first (e.g. health, 教育)."),
    as_json: bool = json_option(),
    corpus_dir: str | None = corpus_option(),
    corpus_mode: CorpusMode = corpus_mode_option(),
) -> None:
    """Typical 指标值 for an indicator, from past documents: the values used, grouped by
    direction, unit and kind, with counts, the most common value, quartiles, the usual basis
    and example rows (document, project, source lines). Says when the evidence is thin.

    Example: zhibiao suggest 服务对象满意度 --level2 服务对象满意度指标
    """
    import json

    from classifier.cli.rendering.suggestions import print_suggestion
    from classifier.suggestion.suggest import suggest_thresholds

    result = suggest_thresholds(name, level2=level2, unit=unit, field=field,
                                corpus=_suggestion_corpus(corpus_dir, corpus_mode))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_suggestion(result)


@app.command("check")
def check_command(
    name: str = typer.Argument(..., help="The 三级指标 name."),
    value: str = typer.Argument(..., help="The proposed 指标值, as you would write it (e.g. ≥60%)."),
    level2: str | None = typer.Option(None, "--level2", help="Compare only with rows filed under this 二级."),
    field: str | None = typer.Option(None, "--field", help="Compare with tables of this policy field first (e.g. health, 教育)."),
    as_json: bool = json_option("text"),
    corpus_dir: str | None = corpus_option(),
    corpus_mode: CorpusMode = corpus_mode_option(),
) -> None:
    """Is a proposed value typical? One verdict — 常见 / 严于常见 / 宽于常见 / 写法与常见不同 /
    无可比先例 — with the figures (the most common value, n of m tables, the typical range),
    a direction check (≤ for a satisfaction or pass rate, ≥ for a cost or failure count) and
    what to do.

    Example: zhibiao check 服务对象满意度 "≥60%"
    """
    import json

    from classifier.cli.rendering.suggestions import print_check
    from classifier.suggestion.check import check_threshold

    result = check_threshold(name, value, level2=level2, field=field,
                             corpus=_suggestion_corpus(corpus_dir, corpus_mode))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_check(result)


@app.command("draft")
def draft_command(
    project_name: str = typer.Argument(..., help="The 项目名称 of the new project."),
    purpose: str | None = typer.Option(None, "--purpose", help="资金用途 / 绩效目标 text; improves matching."),
    budget: float | None = typer.Option(None, "--budget", help="预算数 in 万元; adds 项目总成本 ≤ budget."),
    regime: Regime = typer.Option(Regime.legacy, "--regime", help="legacy (财预〔2020〕10号) or central2021 (财预〔2021〕101号)."),
    output: str | None = typer.Option(None, "-o", "--output",
                                      help="Write to .xlsx, .docx, .md or .json instead of printing a table."),
    field: str | None = typer.Option(None, "--field",
                                     help="The project's policy field (e.g. education, 卫生健康). Default: guessed and shown."),
    year: int | None = typer.Option(None, "--year", help="The budget year; years of past tables become it (else ××××)."),
    as_json: bool = json_option(),
    corpus_dir: str | None = corpus_option(),
    corpus_mode: CorpusMode = corpus_mode_option(),
) -> None:
    """Draft a whole 绩效目标表 for a new project: for each 一级/二级 slot of the regime, one
    to three 三级 names from the most similar past projects of the same field (guessed from
    the name and purpose, or --field), each with a suggested value, unit and basis and where
    it came from (organisation, project, year, how many tables, the typical range).

    Example: zhibiao draft "招商引资专项经费" --purpose "举办招商推介活动" --budget 30 -o draft.xlsx
    """
    from classifier.cli.rendering.suggestions import print_draft
    from classifier.suggestion.drafting import draft, write_draft

    result = draft(project_name, purpose=purpose, budget=budget, regime=regime.value, field=field, year=year,
                   corpus=_suggestion_corpus(corpus_dir, corpus_mode))
    if output:
        typer.echo(f"written: {write_draft(result, output)}")
    elif as_json:
        typer.echo(result.to_json())
    else:
        print_draft(result)


# ---- end section: suggestions -------------------------------------------------

# ---- section: audit -----------------------------------------------------------


@app.command("audit")
def audit_command(
    paths: list[str] = typer.Argument(
        None, help="Files (.txt export, .docx, .xlsx, .csv) or folders (one summary across documents).",
        show_default=False),
    regime: AuditRegime = typer.Option(AuditRegime.auto, "--regime", help="auto (guessed and reported), legacy or central2021."),
    as_json: bool = json_option("the report (schema: docs/audit_report_schema.md)"),
    xlsx: str | None = typer.Option(
        None, "--xlsx", help="Also write an .xlsx report: the tables with flagged cells highlighted + findings.",
        show_default=False),
    fail_on: Severity | None = typer.Option(
        None, "--fail-on", help="error or warning: exit 2 when a finding of that severity (or worse) is found.",
        show_default=False),
    model: str | None = model_option(),
    corpus: bool = typer.Option(
        False, "--corpus", help="List the corpus's likely mislabels from out-of-fold probabilities instead."),
    top: int = typer.Option(30, "--top", help="--corpus: rows shown per list."),
    no_fix: bool = typer.Option(False, "--no-fix", help="Terminal report without the suggested fixes."),
    r04_cutoff: float | None = typer.Option(
        None, "--r04-cutoff", help="R04 flags a row when the probability that it is misfiled reaches this "
        "(0.5–1; default: the rule table's, chosen for precision ≥ 0.9; lower finds more, with more false alarms).",
        show_default=False),
) -> None:
    """Audit 绩效目标表 for the defects reviewers flag (rules R01–R24 and the budget check
    B01): each finding has a rule id, severity, row, Chinese message, fix and evidence.
    Output is grouped by project with a summary at the end. Bad files are reported one line
    each on stderr and skipped (exit 1); --fail-on makes findings exit 2.

    Example: zhibiao audit corpus/raw --fail-on error --xlsx audit.xlsx

    Example: zhibiao audit --corpus --top 20

    Example: zhibiao audit table.docx --r04-cutoff 0.6
    """
    if r04_cutoff is not None and not 0.5 <= r04_cutoff <= 1.0:
        fail(f"--r04-cutoff must be between 0.5 and 1, not {r04_cutoff}")
    cutoffs = {"R04_probability": r04_cutoff} if r04_cutoff is not None else None
    if corpus:
        if paths:
            fail("--corpus audits the shipped corpus; do not also give paths")
        import json

        from classifier.cli.rendering.label_issues import print_mislabels
        from classifier.evaluation.label_issues import corpus_mislabels

        result = corpus_mislabels(cutoff=r04_cutoff)
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            print_mislabels(result, top=top)
        return
    if not paths:
        fail("give at least one file or folder (or --corpus); example: zhibiao audit corpus/raw")
    from classifier.auditing.api import audit_paths
    from classifier.auditing.report import to_json, write_xlsx
    from classifier.cli.rendering.audit import print_report

    run = audit_paths(paths, regime=regime.value, model=model, cutoffs=cutoffs)
    if not run.reports:
        from classifier.reading import nothing_read

        fail(nothing_read(paths, [s["error"] for s in run.skipped], run.ignored))
    if as_json:
        typer.echo(to_json(run))
    else:
        print_report(run, show_fix=not no_fix)
    if xlsx:
        written = write_xlsx(run, xlsx)
        typer.echo(f"xlsx report: {written}", err=as_json)
    for skipped in run.skipped:
        typer.echo(f"zhibiao: {skipped['error']}", err=True)
    if run.ignored:
        typer.echo(f"zhibiao: ignored {len(run.ignored)} file(s) of other types, e.g. {run.ignored[0]}", err=True)
    if run.skipped:
        typer.echo(f"zhibiao: {len(run.reports)} audited, {len(run.skipped)} skipped", err=True)
        raise typer.Exit(1)
    if fail_on:
        worst = {Severity.error: ("error",), Severity.warning: ("error", "warning")}[fail_on]
        if any(f.severity in worst for f in run.findings):
            raise typer.Exit(2)

# ---- end section: audit -------------------------------------------------------

# ---- section: research --------------------------------------------------------


@app.command("stats")
def stats_command(
    corpus: str | None = typer.Option(
        None, "--corpus", help=research_corpus_help("the shipped corpus (or $ZHIBIAO_CORPUS)"), show_default=False),
    as_json: bool = json_option("tables"),
    classify: bool = classify_option(),
    audit: bool = audit_option(),
) -> None:
    """Corpus statistics: documents, projects, rows; rows per 一级/二级 and per category; the
    cross-table declared 二级 × predicted category; value kinds and the share of quantified
    values with a unit; basis distribution; audit findings per rule.

    Example: zhibiao stats --corpus corpus/raw --json
    """
    import json

    from classifier.research.tables import load_tables
    from classifier.cli.rendering.research import print_stats
    from classifier.research.stats import corpus_stats

    stats = corpus_stats(load_tables(corpus, classify=classify, audit=audit))
    if as_json:
        typer.echo(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        print_stats(stats)


@app.command("quality")
def quality_command(
    path: str | None = typer.Argument(
        None, help=research_corpus_help("the shipped corpus (or $ZHIBIAO_CORPUS)"), show_default=False),
    by: ScoreBy = typer.Option(ScoreBy.document, "--by", help="Table per document or per project."),
    as_json: bool = json_option("a table (documents and projects)"),
    classify: bool = classify_option(),
    audit: bool = audit_option(),
) -> None:
    """Indicator-quality score per document or per project, each component shown: share of
    quantified values with a unit, share with a mappable basis, share filed under an expected
    二级, and audit findings per row weighted by severity (formula: docs/quality_score.md).

    Example: zhibiao quality corpus/raw/000_565934a1818115aa.txt --by project
    """
    import json

    from classifier.cli.rendering.research import print_quality
    from classifier.research.quality import quality_scores
    from classifier.research.tables import load_tables

    report = quality_scores(load_tables(path, classify=classify, audit=audit))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_quality(report, by=by.value)

# ---- end section: research ----------------------------------------------------


def main() -> None:
    """Console entry point: library errors become one line on stderr, exit code 1."""
    from classifier.core.errors import ZhibiaoError

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
