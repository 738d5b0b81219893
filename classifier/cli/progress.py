"""Progress bars on stderr for the library's ``progress(step, done, total)`` callbacks.

The library reports the long steps it takes (reading the files of a folder, classifying
names, the audit's rules, writing the audit workbook, the folds of a cross-validation) by
calling ``progress(step, done, total)``; it never draws. :func:`progress_bars` gives the
commands one such callback that draws a :class:`rich.progress.Progress` on stderr, one bar
per step, in Chinese.

Nothing is drawn when stderr is not a terminal (a pipe, a file, a test runner), with
``--quiet``, or for a step with little work (:data:`MINIMUM`): a bar appears for 20 files or
more, 2,000 names or rows or more, and for every cross-validation. stdout is never touched,
so ``--json`` output stays clean.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

#: What each step is called on its bar, and what it counts.
LABELS = {
    "read": ("读取文件", "个文件"),
    "classify": ("分类", "个名称"),
    "audit": ("审核规则", "行"),
    "xlsx": ("写入审核报告", ""),
    "organisations": ("交叉验证（留一单位）", "折"),
    "project types": ("交叉验证（留一项目类型）", "折"),
    "documents": ("交叉验证（留一文件）", "折"),
}
#: Steps counted in folds: their bar says which fold is under way (第 k 折).
FOLD_STEPS = ("organisations", "project types", "documents")
#: The least ``total`` for which a step gets a bar (other steps: 1).
MINIMUM = {"read": 20, "classify": 2000, "audit": 2000, "xlsx": 4000}

Callback = Callable[[str, int, int], None]


def wanted(quiet: bool = False, stream: Any = None) -> bool:
    """Whether bars may be drawn: not ``quiet`` and ``stream`` (default stderr) a terminal."""
    stream = sys.stderr if stream is None else stream
    if quiet:
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class _Bars:
    """The callback: starts the :class:`~rich.progress.Progress` when a step first has enough
    work, one task per step; a step that starts over (a new path, a new total) restarts its bar."""

    def __init__(self) -> None:
        self.progress: Any = None
        self.tasks: dict[str, Any] = {}
        self.seen: dict[str, tuple[int, int]] = {}

    def _start(self) -> Any:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[count]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True, redirect_stdout=False,
        )
        self.progress.start()
        return self.progress

    def __call__(self, step: str, done: int, total: int) -> None:
        before = self.seen.get(step)
        self.seen[step] = (done, total)
        task = self.tasks.get(step)
        if task is None:
            if total < MINIMUM.get(step, 1) or done >= total:
                return
            progress = self.progress if self.progress is not None else self._start()
            self.tasks[step] = progress.add_task(_describe(step, done, total), total=total, completed=done,
                                                 count=_count(step, done, total))
            return
        if before is not None and (total != before[1] or done < before[0]):  # the step started over
            self.progress.reset(task, total=total, completed=done)
        self.progress.update(task, completed=done, description=_describe(step, done, total),
                             count=_count(step, done, total))

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def _describe(step: str, done: int, total: int) -> str:
    """The bar's label: ``分类``, ``交叉验证（留一单位）第 3 折`` (the fold under way) …"""
    label = LABELS.get(step, (step, ""))[0]
    if step in FOLD_STEPS:
        return f"{label} 第 {min(done + 1, total)} 折"
    if step == "xlsx" and 0 < total == 2 * done:  # the second half: the workbook is being saved
        return f"{label}（保存文件）"
    return label


def _count(step: str, done: int, total: int) -> str:
    """``1,024/10,005 个名称``; empty for a step whose counts mean nothing to a person (the
    workbook's lines and its saving)."""
    unit = LABELS.get(step, (step, ""))[1]
    return f"{done:,}/{total:,} {unit}".rstrip() if unit else ""


@contextmanager
def progress_bars(quiet: bool = False) -> Iterator[Callback | None]:
    """``with progress_bars(quiet) as progress: library_call(..., progress=progress)``.

    ``progress`` is None (draw nothing) when :func:`wanted` says no; otherwise a callback
    that draws the bars on stderr while the block runs and removes them when it ends (also
    on an error or Ctrl-C). Print the command's output after the block."""
    if not wanted(quiet):
        yield None
        return
    bars = _Bars()
    try:
        yield bars
    finally:
        bars.close()


def quiet_option() -> Any:
    """``--quiet`` / ``-q`` of the commands with long steps: no progress bars."""
    import typer

    return typer.Option(False, "--quiet", "-q", help="不显示进度条（进度条只在标准错误输出是终端、工作量较大时显示）。")
