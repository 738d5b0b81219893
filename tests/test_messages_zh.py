"""What a clerk sees when the input is wrong: one Chinese line on stderr, naming the file (or the
option) and the problem, exit code 1 — through the installed command, as a user runs it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")
#: English words allowed in a message: the tool, its commands and options, file types, choices.
TOKENS = {"zhibiao", "help", "audit", "read", "classify", "file", "fail", "txt", "docx", "xlsx", "csv",
          "pdf", "error", "warning"}


def _zhibiao(*args: str, cwd) -> subprocess.CompletedProcess:
    """The installed ``zhibiao`` command (``python -m classifier`` where it is not installed)."""
    env = dict(os.environ, COLUMNS="200")
    script = Path(sys.executable).with_name("zhibiao")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "classifier"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600)


def _cases(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (tmp_path / "empty").mkdir()
    return {
        "unsupported file": (["read", "scan.pdf"], "scan.pdf：不支持的文件类型 .pdf"),
        "unsupported names file": (["classify", "--file", "scan.pdf"], "scan.pdf：不支持用作名称列表的文件类型"),
        "missing file": (["audit", "missing.xlsx"], "missing.xlsx：文件或文件夹不存在"),
        "empty folder": (["read", "empty"], "没有读到表：empty 中没有"),
        "wrong choice": (["audit", "scan.pdf", "--fail-on", "never"],
                         "audit: --fail-on 的值“never”不在可选值中（可选：error、warning）（见 zhibiao audit --help）"),
        "unknown option": (["read", "--no-such-option", "scan.pdf"], "read: 没有选项 --no-such-option"),
    }


@pytest.mark.parametrize("case", ["unsupported file", "unsupported names file", "missing file", "empty folder",
                                  "wrong choice", "unknown option"])
def test_bad_input_is_one_chinese_line_with_exit_code_1(tmp_path, case):
    args, expected = _cases(tmp_path)[case]
    result = _zhibiao(*args, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("zhibiao: ") and expected in line, line
    assert CJK.search(line), line
    # no English sentence left: the words that remain are file names, commands, options and choices
    rest = line
    for name in ("scan.pdf", "missing.xlsx", "empty", "no-such-option", "never"):
        rest = rest.replace(name, "")
    assert set(w.lower() for w in re.findall(r"[A-Za-z]{3,}", rest)) <= TOKENS, line
