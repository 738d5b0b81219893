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
    AuditRegime, ChineseHelpCommand, CorpusMode, OneLineErrors, ReadFormat, Regime, ScoreBy, Severity, audit_option,
    classify_option, corpus_mode_option, corpus_option, json_option, model_option, research_corpus_help,
)
from classifier.cli.progress import progress_bars, quiet_option

app = typer.Typer(
    name="zhibiao",
    cls=OneLineErrors,
    help="zhibiao（指标）：读取、分类、审核预算绩效目标表的指标，并给出指标值建议。\n\n"
         "示例：zhibiao audit 绩效目标表.xlsx --xlsx 审核结果.xlsx\n\n"
         "示例：zhibiao classify 完工及时率 服务对象满意度",
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
            model = f"模型训练于 {meta.get('trained_at', '?')}"
        except ZhibiaoError as err:
            model = f"没有可用的默认模型：{err}"
        typer.echo(f"zhibiao {__version__}（{model}）")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="显示版本（及默认模型的训练日期）并退出。")) -> None:
    """zhibiao（指标）：读取、分类、审核预算绩效目标表的指标，并给出指标值建议。"""


corpus_app = typer.Typer(help="构建指标语料。\n\n示例：zhibiao corpus build", no_args_is_help=True, cls=OneLineErrors)
app.add_typer(corpus_app, name="corpus")


def fail(message: str, code: int = 1) -> None:
    """Print one line to stderr and exit with ``code`` (no traceback)."""
    typer.echo(f"zhibiao: {message}", err=True)
    raise typer.Exit(code)


# ---- section: reading and corpus ----------------------------------------------


@corpus_app.command("build", cls=ChineseHelpCommand)
def corpus_build_command(
    raw: str | None = typer.Option(
        None, "--raw", help="原始文件所在的文件夹。默认：本仓库的 corpus/raw。", show_default=False),
    out: str | None = typer.Option(
        None, "--out", help="输出的 JSON Lines 文件。默认：corpus/parsed/documents.jsonl。", show_default=False),
    quiet: bool = quiet_option(),
) -> None:
    """把 --raw 下的每个文件解析成 JSON Lines 语料，并打印核对结果。

    核对结果：文件数、项目数、表数、读取的行数、保留的指标行数、按原因分列的跳过行数、跳过的文件及原因。有文件读取失败时退出码为 1。

    示例：zhibiao corpus build --raw corpus/raw --out corpus/parsed/documents.jsonl
    """
    from classifier.reading.corpus import build_corpus

    with progress_bars(quiet) as progress:
        target, rec = build_corpus(raw, out, progress=progress)
    for line in rec.lines():
        typer.echo(line)
    typer.echo(f"已写入 {target}")
    if rec.failed_files:
        raise typer.Exit(1)


@app.command("read", cls=ChineseHelpCommand)
def read_command(
    paths: list[str] = typer.Argument(..., help="文件（.txt 导出文件、.docx、.xlsx、.csv）或文件夹。"),
    output_format: ReadFormat = typer.Option(ReadFormat.table, "--format", "-f", show_default=False,
                                             help="table（表格）、json 或 csv（带 BOM，便于 Excel 和 WPS 打开）。默认：table。"),
    quiet: bool = quiet_option(),
) -> None:
    """显示从文件中读到的内容：每个项目一张表，或 JSON 记录，或平铺的 CSV。

    表中有一级、二级、三级指标，指标值及解析出的阈值，依据，所在行。读不了的文件在 stderr 上各报一行并跳过；有文件读取失败时退出码为 1。

    示例：zhibiao read corpus/raw/004_d57b153e55ee6404.txt --format table
    """
    from classifier.core.errors import ReadError
    from classifier.reading import read_path
    from classifier.cli.rendering.reading import print_tables
    from classifier.reading.report import documents_json, rows_csv

    documents, failures, ignored = [], [], []
    with progress_bars(quiet) as progress:
        for path in paths:
            try:
                result = read_path(path, progress=progress)
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
        typer.echo(f"zhibiao: 已忽略 {len(ignored)} 个其他类型的文件，如 {ignored[0]}", err=True)
    if failures:
        typer.echo(f"zhibiao: 已读取 {len(documents)} 个文件，跳过 {len(failures)} 个", err=True)
        raise typer.Exit(1)

# ---- end section: reading and corpus ------------------------------------------

# ---- section: classification --------------------------------------------------

@app.command("classify", cls=ChineseHelpCommand)
def classify_command(
    names: list[str] = typer.Argument(None, help="要分类的三级指标名称；写 - 则从标准输入逐行读取名称。"),
    file: str = typer.Option(None, "--file", "-f", help="每行一个名称的文件、CSV 文件（见 --column），或 .xlsx、.docx、"
                             ".txt 导出的绩效目标表（取其中的三级指标行及描述）。"),
    column: str = typer.Option(None, "--column", help="CSV 文件或 .xlsx 工作表中存放名称的列（默认：name 或 三级指标）。"),
    as_json: bool = json_option("表格（每个名称一个对象）"),
    csv_path: str = typer.Option(None, "--csv", help="写出一张标注表（name,category,description,… 的 CSV 文件，"
                                 "可用 Excel/WPS 打开；写 - 则直接打印）：改正其中的 category 列，再用 zhibiao train --add 训练。",
                                 show_default=False),
    regime: Regime = typer.Option(Regime.legacy, "--regime", show_default=False,
                                  help="按哪套体系显示应填的二级指标：legacy（财预〔2020〕10号）或 central2021"
                                  "（财预〔2021〕101号）。默认：legacy。"),
    model_path: str = model_option(),
    quiet: bool = quiet_option(),
) -> None:
    """把三级指标名称分到规范的类别，给出概率和理由。

    示例：zhibiao classify 完工及时率 服务对象满意度 --regime central2021

    又如：zhibiao classify --file names.csv --column 三级指标 --json；zhibiao classify --file 绩效目标表.xlsx；
    echo 预算执行率 | zhibiao classify -

    标注表：zhibiao classify --file 绩效目标表.xlsx --csv to_label.csv
    """
    import json

    from classifier.classification.api import classify
    from classifier.classification.persistence import load_model
    from classifier.reading.name_lists import MAX_NAME_CHARS, read_names, split_overlong

    if as_json and csv_path:
        fail("--json 和 --csv 只能选一种输出")
    todo: list = []
    descriptions: list = []
    items = list(names or [])
    def add_read(label: str, got: list, desc: list | None) -> None:
        got, desc, left_out = split_overlong(got, desc or [""] * len(got))
        if left_out:
            typer.echo(f"zhibiao: {label}：{len(left_out)} 行超过 {MAX_NAME_CHARS} 个字，不是指标名称，已略去"
                       f"（如第 {left_out[0] + 1} 条）", err=True)
        todo.extend(got)
        descriptions.extend(desc)

    if file:
        add_read(file, *read_names(file, column=column))
    for item in items:
        if item == "-":
            add_read("标准输入", *read_names("-", column=column, text=sys.stdin.read()))
        else:
            todo.append(item)
            descriptions.append("")
    if not todo:
        fail("没有要分类的名称：请给出名称、--file 文件，或用 - 从标准输入读取（见 zhibiao classify --help）")
    model = load_model(model_path) if model_path else None
    with progress_bars(quiet) as progress:
        results = classify(todo, descriptions, regime=regime.value, model=model, progress=progress)
    if csv_path:
        from classifier.reading.labeling_sheet import sheet_text, write_sheet

        if csv_path == "-":
            typer.echo(sheet_text(results, descriptions), nl=False)
        else:
            typer.echo(f"已写入 {write_sheet(results, csv_path, descriptions)}：{len(results)} 行；改正 category 列后运行："
                       f"zhibiao train --add {csv_path} --out my-model", err=True)
        return
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
        return
    from classifier.cli.rendering.classification import print_classifications

    print_classifications(results, regime=regime.value)


def _added_data(add: list[str] | None, weak_level2: bool):
    """The shipped training data plus the added files (None without any), weak rows checked."""
    from classifier.classification.training import load_training_data, trust_weak_rows

    if not add:
        return None
    data = load_training_data(added_paths=add, weak_level2=weak_level2)
    counts = trust_weak_rows(data)
    if counts["weak"]:
        typer.echo(f"zhibiao: 加入的行中有 {counts['weak']} 行按二级指标标注；采用 {counts['trusted']} 行，"
                   f"{counts['contradicted']} 行与不用这些行训练的模型相矛盾（已略去）", err=True)
    return data


def _report_label_conflicts(data) -> None:
    """One line on stderr when added rows label a shipped name differently."""
    from classifier.cli.rendering import location_zh

    conflicts = data.label_conflicts() if data is not None else []
    if conflicts:
        row, shipped = conflicts[0]
        typer.echo(f"zhibiao: 加入的名称中有 {len(conflicts)} 个与随附数据的类别不同，如 "
                   f"{location_zh(row.location)}：{row.name} = {row.category}，随附数据为 {shipped[0].category}"
                   f"（{location_zh(shipped[0].location or shipped[0].source)}）；两者都参与训练，见 corpus/labeling_guide.md", err=True)


@app.command("train", cls=ChineseHelpCommand)
def train_command(
    out: str = typer.Option(None, "--out", help="存放 model.joblib 和 metadata.json 的文件夹（默认：随附的 models/）。"),
    evaluate: bool = typer.Option(False, "--evaluate/--no-evaluate", show_default=False,
                                  help="同时运行交叉验证（2 核约 15 分钟），并把评估数字存入元数据；只训练模型只需几秒。"
                                  "默认：--no-evaluate。"),
    add: list[str] = typer.Option(None, "--add", help="另外用来训练的自己标注的行；可重复；需要同时给出 --out。"
                                  "可以是 CSV 名称列表（name,category[,description]，即 --test-file 的格式），"
                                  "或带类别（category / 类别）列的绩效目标表（.xlsx、.docx、.csv、.txt 导出文件）。",
                                  show_default=False),
    weak_level2: bool = typer.Option(False, "--weak-level2", help="加入的表中没有类别的行，按其二级指标标注"
                                     "（满意度指标 → satisfaction …），只采用不用这些行训练的模型不反对的行。"),
    quiet: bool = quiet_option(),
) -> None:
    """用有标注的语料、真实表格和整理的写法训练分类器，并写出模型。

    示例：zhibiao train --out /path/to/my-model

    适应自己的领域：先标注一些自己的名称，然后运行 zhibiao train --add our_labeled_names.csv --out our-model，再用 zhibiao classify --model our-model（或 audit --model our-model）使用这个模型。
    """
    from classifier.classification.training import train
    from classifier.evaluation.cross_validation import format_summary, train_evaluated

    if add and not out:
        fail("--add 需要同时给出 --out：随附的 models/ 仍是默认模型，README 报告的是它的评估数字")
    if weak_level2 and not add:
        fail("--weak-level2 需要同时给出 --add 表格：它按二级指标标注你加入的表格中的行")
    data = _added_data(add, weak_level2)
    _report_label_conflicts(data)
    with progress_bars(quiet) as progress:
        meta = train_evaluated(out, data=data, progress=progress) if evaluate else train(out, data=data)
    rows = meta["training_data"]
    added = f"、你加入的 {rows['added_rows']} 行" if rows.get("added_rows") else ""
    typer.echo(
        f"已用 {rows['examples']} 条样本训练（种子文件 {rows['corpus_rows']} 行、真实表格 {rows.get('real_rows', 0)} 行、"
        f"整理的写法 {rows['curated_rows']} 条{added}），"
        f"用时 {meta['training_seconds']:.1f} 秒；模型 {meta['model_bytes'] / 1e6:.2f} MB"
    )
    if meta.get("evaluation"):
        typer.echo(format_summary(meta["evaluation"]))


@app.command("evaluate", cls=ChineseHelpCommand)
def evaluate_command(
    as_json: bool = json_option("文字（评估数字）"),
    test_file: str = typer.Option(
        None, "--test-file", help="从未用于训练的有标注 CSV 文件（name,category[,description][,field]）；"
        "默认：盲测集 corpus/blind_phrasings*.csv。"),
    skip_test_file: bool = typer.Option(False, "--no-test-file", help="只做交叉验证。"),
    test_only: bool = typer.Option(False, "--test-only", help="跳过交叉验证（要几分钟）：只训练一次，再给测试文件打分（几秒）。"),
    errors: bool = typer.Option(False, "--errors", help="同时列出测试文件中模型判错的行。"),
    add: list[str] = typer.Option(None, "--add", help="另外用来训练的自己标注的名称 CSV 文件（同 zhibiao train --add）；"
                                  "可重复。测试文件中与加入的名称相同的行不计入评估。",
                                  show_default=False),
    quiet: bool = quiet_option(),
) -> None:
    """评估分类器：先在真实表格和种子文件上做交叉验证，再用项目自己编写的数据集评估。

    交叉验证每次留出一个单位（分领域，附基线、校准和 needs_review 覆盖率）；项目自己编写的数据集：留出项目类型，以及盲测集或你的 --test-file。

    示例：zhibiao evaluate --test-file my_labeled_names.csv --errors

    看自己的标注有多大用处：zhibiao evaluate --test-only --add our_part1.csv --test-file our_part2.csv（与不带 --add 的同一命令比较）。
    """
    import json

    from classifier.evaluation.cross_validation import evaluate

    if test_only and skip_test_file:
        fail("同时给出 --test-only 和 --no-test-file 就没有可评估的了")
    data = _added_data(add, False)
    _report_label_conflicts(data)
    with progress_bars(quiet) as progress:
        report = evaluate(data, test_file=None if skip_test_file else (test_file or "auto"),
                          cross_validation=not test_only, progress=progress)
    summary = report.summary()
    wrong = {tested.path: tested.errors() for tested in report.test_files} if errors else None
    if as_json:
        if wrong is not None:
            summary["test_file_errors"] = wrong
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    typer.echo(report.format())
    for path, rows in (wrong or {}).items():
        typer.echo(f"\n  {path}：模型判错的行（{len(rows)} 行）：")
        for e in rows:
            typer.echo(f"  第 {e['line']:>4} 行  {e['name']}  标注 {e['label']} → {e['predicted']}（p={e['probability']:.2f}）")


# ---- end section: classification ----------------------------------------------

# ---- section: suggestions -----------------------------------------------------

def _suggestion_corpus(corpus_dir: str | None, corpus_mode: CorpusMode):
    from classifier.core.paths import extra_corpus_path
    from classifier.suggestion.index import load_suggestion_corpus

    extra = corpus_dir or extra_corpus_path()
    corpus = load_suggestion_corpus(extra, mode=corpus_mode.value)
    for problem in corpus.skipped:
        typer.echo(f"zhibiao: {problem}（已跳过）", err=True)
    if corpus.skipped:
        typer.echo(f"zhibiao: {extra}：跳过了 {len(corpus.skipped)} 个文件，使用其余文件", err=True)
    return corpus


@app.command("suggest", cls=ChineseHelpCommand)
def suggest_command(
    name: str = typer.Argument(..., help="三级指标名称（语料中有没有都可以），或类别 id / 类别中文名。"),
    level2: str | None = typer.Option(None, "--level2", help="只看填在这个二级指标下的行（如 质量指标）。"),
    unit: str | None = typer.Option(None, "--unit", help="只看这个计量单位的指标值（如 %、万元）。"),
    field: str | None = typer.Option(None, "--field", help="优先参考这个政策领域的表（如 health、教育）。"),
    as_json: bool = json_option(),
    corpus_dir: str | None = corpus_option(),
    corpus_mode: CorpusMode = corpus_mode_option(),
) -> None:
    """某个指标以往常用的指标值，取自以往的文件。

    按方向、计量单位和类型分组列出取值，附次数、最常见的值、四分位数、常用的依据和示例行（文件、项目、所在行）。先例太少时会说明。

    示例：zhibiao suggest 服务对象满意度 --level2 服务对象满意度指标
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


@app.command("check", cls=ChineseHelpCommand)
def check_command(
    name: str = typer.Argument(..., help="三级指标名称。"),
    value: str = typer.Argument(..., help="拟填的指标值，照表中的写法（如 ≥60%）。"),
    level2: str | None = typer.Option(None, "--level2", help="只与填在这个二级指标下的行比较。"),
    field: str | None = typer.Option(None, "--field", help="优先与这个政策领域的表比较（如 health、教育）。"),
    as_json: bool = json_option("文字"),
    corpus_dir: str | None = corpus_option(),
    corpus_mode: CorpusMode = corpus_mode_option(),
) -> None:
    """拟填的指标值是否常见：给出结论、依据的数字和处理建议。

    结论是 常见 / 严于常见 / 宽于常见 / 写法与常见不同 / 无可比先例 之一，附上数字（最常见的值、m 张表中有 n 张、常见范围）、方向检查（满意度或合格率写成 ≤、成本或故障次数写成 ≥ 时提示）和处理建议。

    示例：zhibiao check 服务对象满意度 "≥60%"
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


@app.command("draft", cls=ChineseHelpCommand)
def draft_command(
    project_name: str = typer.Argument(..., help="新项目的项目名称。"),
    purpose: str | None = typer.Option(None, "--purpose", help="资金用途 / 绩效目标的文字；能让匹配更准。"),
    budget: float | None = typer.Option(None, "--budget", help="预算数（万元）；会加上一行 项目总成本 ≤ 预算数。"),
    regime: Regime = typer.Option(Regime.legacy, "--regime", show_default=False,
                                  help="legacy（财预〔2020〕10号）或 central2021（财预〔2021〕101号）。默认：legacy。"),
    output: str | None = typer.Option(None, "-o", "--output",
                                      help="写入 .xlsx、.docx、.md 或 .json 文件，而不是打印表格。"),
    field: str | None = typer.Option(None, "--field",
                                     help="项目所属的政策领域（如 education、卫生健康）。默认：自动推断并显示。"),
    year: int | None = typer.Option(None, "--year", help="预算年度；以往表格中的年份都改成这一年（不给则写 ××××）。"),
    as_json: bool = json_option(),
    corpus_dir: str | None = corpus_option(),
    corpus_mode: CorpusMode = corpus_mode_option(),
) -> None:
    """为新项目起草整张绩效目标表。

    体系中的每个一级/二级指标位置，从同一领域（由项目名称和用途推断，或用 --field 指定）最相似的以往项目中选一到三个三级指标，各附建议的指标值、计量单位和依据，以及出处（单位、项目、年度、多少张表、常见范围）。

    示例：zhibiao draft "招商引资专项经费" --purpose "举办招商推介活动" --budget 30 -o draft.xlsx
    """
    from classifier.cli.rendering.suggestions import print_draft
    from classifier.suggestion.drafting import draft, write_draft

    result = draft(project_name, purpose=purpose, budget=budget, regime=regime.value, field=field, year=year,
                   corpus=_suggestion_corpus(corpus_dir, corpus_mode))
    if output:
        typer.echo(f"已写入 {write_draft(result, output)}")
    elif as_json:
        typer.echo(result.to_json())
    else:
        print_draft(result)


# ---- end section: suggestions -------------------------------------------------

# ---- section: audit -----------------------------------------------------------


@app.command("audit", cls=ChineseHelpCommand)
def audit_command(
    paths: list[str] = typer.Argument(
        None, help="文件（.txt 导出文件、.docx、.xlsx、.csv）或文件夹（多个文件最后合并汇总）。",
        show_default=False),
    regime: AuditRegime = typer.Option(AuditRegime.auto, "--regime", show_default=False,
                                       help="auto（自动推断并在报告中说明）、legacy 或 central2021。默认：auto。"),
    as_json: bool = json_option("审核报告（格式见 docs/audit_report_schema.md）"),
    xlsx: str | None = typer.Option(
        None, "--xlsx", help="另外写出一份 .xlsx 审核报告：标出有问题单元格的表格，以及问题清单。",
        show_default=False),
    fail_on: Severity | None = typer.Option(
        None, "--fail-on", help="error 或 warning：发现这一级别（或更严重）的问题时退出码为 2。",
        show_default=False),
    model: str | None = model_option(),
    corpus: bool = typer.Option(
        False, "--corpus", help="改为按样本外概率列出语料中可能标错的行。"),
    top: int = typer.Option(30, "--top", show_default=False, help="与 --corpus 一起用：每个列表显示的行数。默认：30。"),
    no_fix: bool = typer.Option(False, "--no-fix", help="终端报告中不显示修改建议。"),
    r04_cutoff: float | None = typer.Option(
        None, "--r04-cutoff", help="某行不属于所填二级指标的概率达到这个值时，R04 标出该行（0.5–1；默认：规则表中的值，"
        "按精确率 ≥ 0.9 选定；调低能找出更多，误报也更多）。",
        show_default=False),
    quiet: bool = quiet_option(),
) -> None:
    """审核绩效目标表中评审常指出的问题（规则 R01–R24 和预算检查 B01）。

    每个问题都有规则编号、严重程度、所在行、说明、修改建议和证据。输出按项目分组，最后是汇总。读不了的文件在 stderr 上各报一行并跳过（退出码 1）；用 --fail-on 时发现问题退出码为 2。

    示例：zhibiao audit corpus/raw --fail-on error --xlsx audit.xlsx

    示例：zhibiao audit --corpus --top 20

    示例：zhibiao audit table.docx --r04-cutoff 0.6
    """
    if r04_cutoff is not None and not 0.5 <= r04_cutoff <= 1.0:
        fail(f"--r04-cutoff 应在 0.5 到 1 之间，不能是 {r04_cutoff}")
    cutoffs = {"R04_probability": r04_cutoff} if r04_cutoff is not None else None
    if corpus:
        if paths:
            fail("--corpus 审核的是随附的语料，不要同时给出文件或文件夹")
        import json

        from classifier.cli.rendering.label_issues import print_mislabels
        from classifier.evaluation.label_issues import corpus_mislabels

        with progress_bars(quiet) as progress:
            result = corpus_mislabels(cutoff=r04_cutoff, progress=progress)
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            print_mislabels(result, top=top)
        return
    if not paths:
        fail("请至少给出一个文件或文件夹（或 --corpus）；示例：zhibiao audit corpus/raw")
    from classifier.auditing.api import audit_paths
    from classifier.auditing.report import to_json, write_xlsx
    from classifier.cli.rendering.audit import print_report

    with progress_bars(quiet) as progress:
        run = audit_paths(paths, regime=regime.value, model=model, cutoffs=cutoffs, progress=progress)
    if not run.reports:
        from classifier.reading import nothing_read

        fail(nothing_read(paths, [s["error"] for s in run.skipped], run.ignored))
    if as_json:
        typer.echo(to_json(run))
    else:
        print_report(run, show_fix=not no_fix)
    if xlsx:
        with progress_bars(quiet) as progress:
            written = write_xlsx(run, xlsx, progress=progress)
        typer.echo(f"已写入审核报告 {written}", err=as_json)
    for skipped in run.skipped:
        typer.echo(f"zhibiao: {skipped['error']}", err=True)
    if run.ignored:
        typer.echo(f"zhibiao: 已忽略 {len(run.ignored)} 个其他类型的文件，如 {run.ignored[0]}", err=True)
    if run.skipped:
        typer.echo(f"zhibiao: 已审核 {len(run.reports)} 个文件，跳过 {len(run.skipped)} 个", err=True)
        raise typer.Exit(1)
    if fail_on:
        worst = {Severity.error: ("error",), Severity.warning: ("error", "warning")}[fail_on]
        if any(f.severity in worst for f in run.findings):
            raise typer.Exit(2)

# ---- end section: audit -------------------------------------------------------

# ---- section: research --------------------------------------------------------


@app.command("stats", cls=ChineseHelpCommand)
def stats_command(
    corpus: str | None = typer.Option(
        None, "--corpus", help=research_corpus_help("随附的语料（或 $ZHIBIAO_CORPUS）"), show_default=False),
    as_json: bool = json_option("表格"),
    classify: bool = classify_option(),
    audit: bool = audit_option(),
) -> None:
    """语料统计：文件、项目、指标行的数量及其分布。

    包括各一级/二级指标和各类别的行数；所填二级指标 × 预测类别的交叉表；指标值类型，以及量化指标值中带计量单位的比例；依据的分布；各规则的审核问题数。

    示例：zhibiao stats --corpus corpus/raw --json
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


@app.command("quality", cls=ChineseHelpCommand)
def quality_command(
    path: str | None = typer.Argument(
        None, help=research_corpus_help("随附的语料（或 $ZHIBIAO_CORPUS）"), show_default=False),
    by: ScoreBy = typer.Option(ScoreBy.document, "--by", show_default=False,
                               help="按文件（document）还是按项目（project）列表。默认：document。"),
    as_json: bool = json_option("表格（文件和项目）"),
    classify: bool = classify_option(),
    audit: bool = audit_option(),
) -> None:
    """按文件或按项目给出指标质量分，并列出每一项。

    各项是：量化指标值中带计量单位的比例、依据可以归类的比例、填在应填二级指标下的比例，以及按严重程度加权的每行审核问题数（公式见 docs/quality_score.md）。

    示例：zhibiao quality corpus/raw/000_565934a1818115aa.txt --by project
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
        typer.echo("zhibiao: 已中断", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
