"""Progress of the long steps: the library's ``progress(step, done, total)`` callbacks, and the
command line's bars (on a terminal's stderr only, never with --quiet or under a test runner)."""
from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from classifier.cli.app import app
from classifier.cli.progress import progress_bars, wanted

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpus" / "raw"
runner = CliRunner()


class Calls(list):
    """A progress callback that records its calls."""

    def __call__(self, step, done, total):
        self.append((step, done, total))

    def of(self, step):
        return [(done, total) for s, done, total in self if s == step]


def assert_grows_to_total(calls, total):
    """``done`` never goes back, ends at ``total``, and ``total`` stays the same."""
    assert calls, "progress was never called"
    dones = [done for done, _ in calls]
    assert {t for _, t in calls} == {total}
    assert dones == sorted(dones) and dones[-1] == total and dones[0] < total


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """25 copies of the seed documents, a notes file of another type, and a bad file."""
    path = tmp_path_factory.mktemp("tables")
    seeds = sorted(RAW.glob("*.txt"))
    for k in range(25):
        shutil.copy(seeds[k % len(seeds)], path / f"{k:02d}_{seeds[k % len(seeds)].name}")
    (path / "notes.md").write_text("not a table", encoding="utf-8")
    (path / "empty.csv").write_bytes(b"")
    return path


def test_reading_a_folder_reports_every_file(folder):
    from classifier.reading import read_path

    calls = Calls()
    result = read_path(folder, progress=calls)
    assert len(result.documents) == 25 and len(result.failures) == 1  # the empty .csv counts as a file done
    assert [done for _, done, _ in calls] == list(range(27)) and {s for s, _, _ in calls} == {"read"}
    assert_grows_to_total(calls.of("read"), 26)


def _distinct_names(n: int) -> list[str]:
    # distinct Chinese names (digits would be normalized away), plus rows decided by rule
    return [f"培训{chr(0x4E00 + k)}{chr(0x4E00 + k // 7)}人数" for k in range(n)]


def test_classifying_many_names_reports_per_chunk():
    from classifier.classification.api import classify

    names = _distinct_names(5000) + ["", None, "18.60"]
    calls = Calls()
    results = classify(names, explain=False, progress=calls)
    assert len(results) == len(names)
    steps = calls.of("classify")
    assert_grows_to_total(steps, len(names))
    assert steps[0][0] == 3  # the three rows decided by rule, before the model scores any
    assert len(steps) == 1 + 3  # once keyed, then once per chunk of 2,048 distinct rows: not per name
    without = classify(names, explain=False)
    assert [(r.category, r.probability) for r in without] == [(r.category, r.probability) for r in results]


def test_audit_reports_rows_classified_and_checked_across_documents(folder):
    from classifier.auditing.api import audit_paths

    calls = Calls()
    run = audit_paths([folder], progress=calls)
    rows = sum(r.rows for r in run.reports)
    assert len(run.reports) == 25 and rows > 500
    assert_grows_to_total(calls.of("read"), 26)
    assert_grows_to_total(calls.of("classify"), rows)
    assert_grows_to_total(calls.of("audit"), rows)
    assert len(calls.of("audit")) > len(run.reports)  # after each project, not only each document


def test_writing_the_xlsx_report_reports_lines_then_the_save(folder, tmp_path):
    from classifier.auditing.api import AuditRun, audit_documents
    from classifier.auditing.report import write_xlsx
    from classifier.reading import read_path

    documents = read_path(folder).documents
    run = AuditRun(reports=audit_documents(documents, model=False))
    calls = Calls()
    target = tmp_path / "audit.xlsx"

    def watch(step, done, total):
        calls(step, done, total)
        assert target.exists() == (done == total)  # done reaches total once the file is written
    write_xlsx(run, target, progress=watch)
    lines = sum(len(p.indicators) + 1 for d in documents for p in d.projects) + len(run.findings)
    steps = calls.of("xlsx")
    assert_grows_to_total(steps, 2 * lines)
    assert (lines, 2 * lines) in steps and len(steps) > 30


def test_out_of_fold_probabilities_report_each_fold(monkeypatch):
    """``audit --corpus``: one fit per seed document (the fits replaced by zeros here, to be quick)."""
    import numpy as np

    from classifier.evaluation import cross_validation

    monkeypatch.setattr(cross_validation, "_fold_probabilities",
                        lambda examples, fold, classes, params: np.zeros((len(fold.test), len(classes))))
    calls = Calls()
    oof = cross_validation.out_of_fold_probabilities(progress=calls)
    folds = len(set(oof.fold_of))
    assert folds >= 2 and [done for _, done, _ in calls] == list(range(folds + 1))
    assert_grows_to_total(calls.of("documents"), folds)


def test_no_bars_when_stderr_is_not_a_terminal_or_quiet(monkeypatch):
    assert not wanted(stream=io.StringIO())
    tty = io.StringIO()
    tty.isatty = lambda: True
    assert wanted(stream=tty) and not wanted(True, stream=tty)
    with progress_bars() as progress:  # pytest's stderr is no terminal
        assert progress is None
    monkeypatch.setattr(sys, "stderr", tty)
    with progress_bars(quiet=True) as progress:
        assert progress is None


def test_bars_on_a_terminal_only_for_enough_work(monkeypatch):
    tty = io.StringIO()
    tty.isatty = lambda: True
    monkeypatch.setattr(sys, "stderr", tty)
    with progress_bars() as progress:
        assert progress is not None
        progress("classify", 0, 1)
        progress("classify", 1, 1)
        progress("read", 0, 5)
        assert progress.progress is None  # one name, five files: no bar
        progress("organisations", 0, 40)
        assert progress.progress is not None
        progress("organisations", 1, 40)
        (task,) = progress.progress.tasks
        assert task.completed == 1 and task.total == 40 and "第 2 折" in task.description
    assert progress.progress is None  # stopped with the block


def test_cli_prints_no_progress_under_the_test_runner(tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("\n".join(_distinct_names(2500)), encoding="utf-8")
    result = runner.invoke(app, ["classify", "--file", str(names), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith("[") and "分类" not in result.stderr and "━" not in result.output
    assert result.stderr == ""


@pytest.mark.parametrize("args", [
    ["classify", "完工及时率", "--quiet"],
    ["classify", "完工及时率", "-q", "--json"],
    ["read", str(RAW / "000_565934a1818115aa.txt"), "--format", "json", "-q"],
    ["audit", str(RAW / "000_565934a1818115aa.txt"), "--json", "--quiet"],
])
def test_quiet_is_accepted(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output


def test_quiet_is_offered_by_the_commands_with_long_steps():
    for command in (["corpus", "build"], ["read"], ["classify"], ["audit"], ["train"], ["evaluate"]):
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0 and "--quiet" in result.output and "-q" in result.output, command
