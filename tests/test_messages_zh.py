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


def _english_prose(text: str, *, allowed: set[str] = frozenset()) -> list[str]:
    """The English words of ``text`` that are not file names, options, commands, choices or
    ``allowed`` names (category ids and the like): what would be a sentence in English."""
    from classifier.core.taxonomy import load_taxonomy

    words = TOKENS | {"train", "add", "out", "model", "category", "json", "table"} | set(load_taxonomy().ids) | allowed
    rest = re.sub(r"--[\w-]+|\S+\.(txt|md|csv|xlsx|docx|pdf|jsonl)\b|\S*/\S*", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{3,}", rest) if w.lower() not in words]


SEED = "000_565934a1818115aa.txt"


def test_common_paths_print_no_english_sentence(tmp_path):
    """``zhibiao read`` of a folder (a seed table, a note of another type, a broken file) to a CSV
    file, and ``zhibiao classify --file`` of a list with an overlong line: every line they print
    for people is Chinese."""
    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / SEED).write_bytes((root / "corpus" / "raw" / SEED).read_bytes())
    (folder / "notes.md").write_text("not a table", encoding="utf-8")
    (folder / "broken.txt").write_text("这不是一张表\n", encoding="utf-8")
    read = _zhibiao("read", "tables", "--format", "csv", cwd=tmp_path)
    assert read.returncode == 1 and read.stdout.startswith("\ufeffdoc_id,")  # CSV columns stay English
    lines = read.stderr.strip().splitlines()
    assert lines[0].startswith("zhibiao: tables/broken.txt：") and lines[1:] == [
        "zhibiao: 已忽略 1 个其他类型的文件，如 tables/notes.md",
                         "zhibiao: 已读取 1 个文件，跳过 1 个"], lines
    names = tmp_path / "names.txt"
    names.write_text("完工及时率\n" + "字" * 150 + "\n服务对象满意度\n", encoding="utf-8")
    classify = _zhibiao("classify", "--file", "names.txt", "--csv", "sheet.csv", cwd=tmp_path)
    assert classify.returncode == 0 and classify.stdout == ""
    assert classify.stderr.splitlines() == [
        "zhibiao: names.txt：1 行超过 100 个字，不是指标名称，已略去（如第 2 条）",
        "已写入 sheet.csv：2 行；改正 category 列后运行：zhibiao train --add sheet.csv --out my-model"]
    table = _zhibiao("classify", "--file", "names.txt", cwd=tmp_path)
    assert table.returncode == 0 and "三级指标分类" in table.stdout
    for result in (read, classify, table):
        for line in result.stderr.splitlines() + ([] if result is read else result.stdout.splitlines()):
            assert CJK.search(line) or re.fullmatch(r"[\s\u2500-\u257f]*", line), line  # text, or a table border
            assert not _english_prose(line), (line, _english_prose(line))
