"""Bad input: one-line ReadError naming the file; folders skip bad files; CLI exits 1, no traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from classifier.core.errors import ReadError
from classifier.reading import read_document, read_path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "raw" / "001_44a02c3b6b020072.txt"


def make_bad_files(folder: Path) -> dict[str, Path]:
    """One file per kind of bad input, plus the problem text its error must contain."""
    files = {}
    files["empty file"] = folder / "empty.txt"
    files["empty file"].write_bytes(b"")
    files["blank"] = folder / "blank.csv"
    files["blank"].write_text(" \n\n  \n", encoding="utf-8")
    files["binary"] = folder / "junk.txt"
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["controls"] = folder / "controls.txt"
    files["controls"].write_bytes(("\t一级指标" + "\x01\x02\x03\x04" * 50).encode("utf-8"))
    files["undecodable"] = folder / "latin.csv"
    files["undecodable"].write_bytes(b"abc \x80\xff\xfa\x80 abc \xff\x80\x80")
    good_docx = folder / "_good.docx"
    import docx

    docx.Document().save(good_docx)
    files["truncated docx"] = folder / "truncated.docx"
    files["truncated docx"].write_bytes(good_docx.read_bytes()[:700])
    good_docx.unlink()
    files["corrupt xlsx"] = folder / "corrupt.xlsx"
    files["corrupt xlsx"].write_bytes(b"PK\x03\x04 this is not really a workbook")
    files["no table"] = folder / "prose.txt"
    files["no table"].write_text("部门整体绩效目标\n一、总体绩效目标\n完成率大于60%。\n", encoding="utf-8")
    files["no indicator table"] = folder / "header_only.txt"
    files["no indicator table"].write_text("\t项目名称\n\t道路养护\n\n\t预算数\n\t10\n\n", encoding="utf-8")
    return files


PROBLEMS = {
    "empty file": "空文件",
    "blank": "空文件",
    "binary": "二进制数据，不是文本文件",
    "controls": "二进制数据，不是文本文件（含",
    "undecodable": "无法按 UTF-8 或 GB18030/GBK 解码",
    "truncated docx": "不是可读的 .docx 文档",
    "corrupt xlsx": "不是可读的 .xlsx 工作簿",
    "no table": "没有找到表格",
    "no indicator table": "没有找到指标表",
}


@pytest.fixture()
def bad_files(tmp_path):
    return make_bad_files(tmp_path)


@pytest.mark.parametrize("kind", sorted(PROBLEMS))
def test_bad_file_raises_one_line_naming_the_file(bad_files, kind):
    path = bad_files[kind]
    with pytest.raises(ReadError) as info:
        read_document(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path) + "：")
    assert PROBLEMS[kind] in message


def test_missing_path(tmp_path):
    with pytest.raises(ReadError, match="nope.txt：文件不存在"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="nope：文件或文件夹不存在"):
        read_path(tmp_path / "nope")


def test_folder_where_a_file_is_expected(tmp_path):
    with pytest.raises(ReadError, match="是文件夹，不是文件"):
        read_document(tmp_path)


def test_unsupported_extension(tmp_path):
    path = tmp_path / "table.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ReadError, match=r"table\.pdf：不支持的文件类型 \.pdf（支持 \.txt、\.docx、\.xlsx、\.csv）$"):
        read_document(path)
    old_word = tmp_path / "table.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReadError, match=r"不支持的文件类型 \.doc（.*）；请另存为 \.docx$"):
        read_document(old_word)


def test_folder_skips_bad_files_and_counts_them(tmp_path):
    make_bad_files(tmp_path)
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    (tmp_path / "notes.md").write_text("not a table", encoding="utf-8")
    result = read_path(tmp_path)
    assert [d.doc_id for d in result.documents] == [SEED.stem]
    assert len(result.failures) == len(PROBLEMS)
    assert all(isinstance(f, ReadError) for f in result.failures)
    assert [Path(p).name for p in result.ignored] == ["notes.md"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "classifier", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=900,
    )


def test_cli_read_reports_bad_files_and_still_prints_good_ones(tmp_path):
    files = make_bad_files(tmp_path)
    proc = run_cli("read", str(SEED), str(files["binary"]), str(tmp_path / "missing.docx"), "--format", "csv")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert f"zhibiao: {files['binary']}：二进制数据" in errors[0]
    assert "missing.docx：文件或文件夹不存在" in errors[1]
    assert errors[-1] == "zhibiao: 已读取 1 个文件，跳过 2 个"
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("\ufeffdoc_id,project_index")
    assert len(lines) == 1 + 8  # 001 has 8 indicator rows


def test_cli_corpus_build_missing_folder(tmp_path):
    proc = run_cli("corpus", "build", "--raw", str(tmp_path / "none"), "--out", str(tmp_path / "o.jsonl"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"zhibiao: {tmp_path / 'none'}：文件夹不存在"


def test_cli_corpus_build_counts_bad_files(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    make_bad_files(raw)
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    proc = run_cli("corpus", "build", "--raw", str(raw), "--out", str(tmp_path / "o.jsonl"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "读取的文档：1" in proc.stdout
    assert f"跳过的文件：{len(PROBLEMS)}" in proc.stdout
    assert (tmp_path / "o.jsonl").read_text(encoding="utf-8").count("\n") == 1
