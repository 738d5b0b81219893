"""The suggest / check / draft commands on the shipped corpus, and users' own corpora."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from classifier.cli.app import app
from classifier.suggestion.index import SuggestionError, load_suggestion_corpus

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "raw" / "002_191d77da26007e67.txt"


def invoke(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_suggest_json_on_the_shipped_corpus():
    data = json.loads(invoke("suggest", "服务对象满意度", "--json"))
    assert data["category"] == "satisfaction" and data["category_source"] == "label"
    top = data["groups"][0]
    assert top["most_common"] == "≥90%" and top["most_common_tables"] >= 10
    assert data["tables"] >= 20 and not data["thin"]
    example = top["examples"][0]
    assert example["location"].startswith("corpus/raw/") and example["doc_id"] and example["project"]


def test_suggest_table_names_the_evidence():
    out = invoke("suggest", "满意度", "--level2", "服务对象满意度指标")
    assert "satisfaction" in out and "≥90%" in out and "corpus/raw/" in out


def test_check_low_satisfaction_json():
    data = json.loads(invoke("check", "服务对象满意度", "≥60%", "--json"))
    assert data["verdict"] == "looser" and data["verdict_zh"] == "宽于常见" and data["typical"] == "≥90%"
    assert data["percentile"] < 20 and data["direction_ok"] is True
    assert f"{data['tables']} 张可比的表中 {data['typical_tables']} 张写 ≥90%" in data["messages"][0]
    assert "≥90%" in data["advice"]


def test_check_reversed_direction_text():
    out = invoke("check", "项目资金支付率", "≤60%")
    assert "写法与常见不同" in out and "方向写反" in out and "建议" in out


def test_check_a_bare_full_rate_is_a_target_not_reversed():
    data = json.loads(invoke("check", "服务对象满意度", "100%", "--json"))
    assert data["verdict"] in ("typical", "stricter") and data["comparable"] >= 20  # compared with the ≥ rates
    assert not any("方向" in m for m in data["messages"])


def test_draft_writes_an_xlsx_that_reads_back(tmp_path):
    from classifier.reading import read_path

    target = tmp_path / "draft.xlsx"
    out = invoke("draft", "招商引资专项经费", "--purpose", "举办招商推介活动", "--budget", "30", "-o", str(target))
    assert f"已写入 {target}" in out and target.exists()
    (doc,) = read_path(target).documents
    names = [i.name for _, i in doc.iter_indicators()]
    assert "项目总成本" in names and len(names) >= 6
    levels = {i.level1 for _, i in doc.iter_indicators()}
    assert levels == {"产出指标", "效益指标", "满意度指标"}


def test_draft_json_lists_sources():
    data = json.loads(invoke("draft", "招商引资专项经费", "--json"))
    sourced = [i for s in data["slots"] for i in s["items"] if i["origin"] == "similar"]
    assert sourced and all(i["sources"] for i in sourced)


@pytest.mark.slow
def test_bad_output_suffix_is_one_line_on_stderr(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", "from classifier.cli.app import main; main()", "draft", "培训经费", "-o",
         str(tmp_path / "draft.pdf")],
        capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("zhibiao: ") and "draft.pdf" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_users_corpus_added_or_replacing(tmp_path):
    own = tmp_path / "own"
    own.mkdir()
    shutil.copy(SEED, own / "my_agency_2022.txt")
    shipped = load_suggestion_corpus()
    added = load_suggestion_corpus(own, mode="add")
    replaced = load_suggestion_corpus(own, mode="replace")
    assert len(added.rows) == len(shipped.rows) + len(replaced.rows)
    assert {r.doc_id for r in replaced.rows} == {"my_agency_2022"}
    data = json.loads(invoke("suggest", "服务对象满意度", "--json", "--corpus", str(own), "--corpus-mode", "replace"))
    assert {e["doc_id"] for g in data["groups"] for e in g["examples"]} == {"my_agency_2022"}


def test_corpus_mode_errors(tmp_path):
    with pytest.raises(SuggestionError, match="需要一个语料文件夹"):
        load_suggestion_corpus(None, mode="replace")
    with pytest.raises(SuggestionError, match="应为 add 或 replace"):
        load_suggestion_corpus(tmp_path, mode="merge")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(Exception) as err:
        load_suggestion_corpus(empty, mode="replace")
    assert str(empty) in str(err.value) and "\n" not in str(err.value)


def test_configured_corpus_from_the_environment(tmp_path, monkeypatch):
    own = tmp_path / "configured"
    own.mkdir()
    shutil.copy(SEED, own / "configured_2022.txt")
    monkeypatch.setenv("ZHIBIAO_EXTRA_CORPUS", str(own))
    data = json.loads(invoke("suggest", "satisfaction", "--json", "--corpus-mode", "replace"))
    assert {e["doc_id"] for g in data["groups"] for e in g["examples"]} == {"configured_2022"}


def test_unreadable_files_of_a_users_corpus_are_skipped_and_counted(tmp_path):
    own = tmp_path / "mixed"
    own.mkdir()
    shutil.copy(SEED, own / "good_2022.txt")
    (own / "broken.xlsx").write_bytes(b"not a spreadsheet")
    corpus = load_suggestion_corpus(own, mode="replace")
    assert {r.doc_id for r in corpus.rows} == {"good_2022"}
    assert len(corpus.skipped) == 1 and "broken.xlsx" in corpus.skipped[0]
    result = CliRunner().invoke(app, ["suggest", "satisfaction", "--json", "--corpus", str(own),
                                      "--corpus-mode", "replace"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["category"] == "satisfaction"
    assert "broken.xlsx" in result.stderr and f"zhibiao: {own}：跳过了 1 个文件，使用其余文件" in result.stderr


def test_missing_corpus_folder_is_a_read_error(tmp_path):
    from classifier.core.errors import ReadError

    with pytest.raises(ReadError) as err:
        load_suggestion_corpus(tmp_path / "nowhere", mode="add")
    assert "nowhere" in str(err.value) and "\n" not in str(err.value)


def test_draft_shows_the_guessed_field_and_takes_another():
    out = invoke("draft", "疾病预防控制专项经费", "--purpose", "开展传染病防控和疫苗接种")
    assert "领域：卫生健康" in out and "--field" in out
    data = json.loads(invoke("draft", "疾病预防控制专项经费", "--field", "education", "--year", "2026", "--json"))
    assert data["field"] == "education" and data["field_source"] == "given" and data["year"] == 2026
    items = [i for s in data["slots"] for i in s["items"]]
    assert all(i["other_field"] == (i["field"] not in ("education", "")) for i in items if i["origin"] != "budget")


def test_an_unknown_field_is_a_one_line_error_listing_the_fields():
    result = runner.invoke(app, ["check", "服务对象满意度", "≥90%", "--field", "astrology"])
    assert isinstance(result.exception, SuggestionError)  # main() prints it as one line, exit 1
    message = str(result.exception)
    assert "未知的领域 'astrology'" in message and "education（教育）" in message and "\n" not in message
