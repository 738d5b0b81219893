"""The audit on real tables of other organisations: the hand gold, its loader, the scoring,
and the cut-offs the audit reads from the model's metadata."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from classifier.evaluation.real_audit import RealGoldError, evaluate_real_audit, load_real_gold
from classifier.reading.real_tables import load_real_labels, load_real_rows

ROOT = Path(__file__).resolve().parent.parent


def test_the_real_gold_points_at_real_rows_with_their_names_and_labels():
    gold = load_real_gold()
    rows = {(r.file, r.line): r for r in load_real_rows()}
    labels = load_real_labels()
    assert len(gold) >= 50
    for (file, line, rule), rec in gold.items():
        assert (file, line) in rows, (file, line)
        assert rec["name"] == rows[(file, line)].name
        assert rec["category"] == labels[(file, line)].category   # the gold follows the hand labels
        if rule == "R04":
            assert rec["category"] not in ("budget_execution", "management", "placeholder")
        else:
            assert rec["category"] in ("budget_execution", "management")
        assert rec["reason"]
    assert {rec["clarity"] for rec in gold.values()} == {"clear", "arguable"}


@pytest.mark.parametrize("text, problem", [
    ("file,line,name\nx.jsonl,1,名\n", "表头缺少 rule、clarity 列"),
    ("file,line,name,rule,clarity\nx.jsonl,1,名,R99,clear\n", "第 2 行：rule 应为 R04 或 R05，而不是“R99”"),
    ("file,line,name,rule,clarity\nx.jsonl,1,名,R04,maybe\n", "第 2 行：clarity 应为 clear 或 arguable，而不是“maybe”"),
    ("file,line,name,rule,clarity\nx.jsonl,one,名,R04,clear\n", "第 2 行：line 列应为数字，而不是“one”"),
    ("file,line,name,rule,clarity\nx.jsonl,1,名,R04,clear\nx.jsonl,1,名,R04,clear\n", "第 3 行：x.jsonl 第 1 行的 R04 列了两次"),
])
def test_a_malformed_real_gold_names_the_line(tmp_path, text, problem):
    path = tmp_path / "gold.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RealGoldError) as err:
        load_real_gold(path)
    assert str(err.value) == f"{path}：{problem}" or str(err.value).startswith(f"{path}：{problem}")


def test_scoring_follows_the_gold_guide():
    """A clear row is required, an arguable one is neither right nor wrong, any other flag is a
    false alarm: checked with made-up probabilities on the real documents."""
    gold = load_real_gold()
    clear = [k for k, v in gold.items() if k[2] == "R04" and v["clarity"] == "clear"]
    arguable = [k for k, v in gold.items() if k[2] == "R04" and v["clarity"] == "arguable"]
    labels = load_real_labels()
    # every row: its hand label with p = 1 (the model is right everywhere)
    probabilities = {key: {label.category: 1.0} for key, label in labels.items()}
    ev = evaluate_real_audit(probabilities, cutoffs=(0.5, 0.9))
    at = ev.at(0.9)
    assert at["recall_clear"] == 1.0 and at["false_alarms"] == 0 and at["precision"] == 1.0
    assert at["arguable"] == len(arguable) and at["right"] == len(clear)
    # now one clear row read as what it was filed under: a miss, not a false alarm
    from classifier.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    file, line, _ = clear[0]
    filed = gold[clear[0]]["canonical_level2"]
    fits = next(c for c in taxonomy.ids if filed in taxonomy.expected_level2(c, "legacy")
                and filed in taxonomy.expected_level2(c, "central2021"))
    probabilities[(file, line)] = {fits: 1.0}
    at = evaluate_real_audit(probabilities, cutoffs=(0.9,)).at(0.9)
    assert at["right"] == len(clear) - 1 and at["recall_clear"] < 1.0


def test_the_audit_reads_its_r04_cut_offs_from_the_model_metadata(tmp_path):
    """A model whose metadata says R04_probability 0.99 gets fewer R04 warnings than the
    shipped one; the rows in between become 提示, and --r04-cutoff still wins."""
    from classifier.auditing.api import audit_paths, model_cutoffs

    shipped = ROOT / "models"
    mine = tmp_path / "model"
    shutil.copytree(shipped, mine)
    meta = json.loads((mine / "metadata.json").read_text(encoding="utf-8"))
    meta["audit_cutoffs"] = {"R04_probability": 0.99, "R04_review_probability": 0.5, "rule": "test"}
    (mine / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    assert model_cutoffs(str(mine)) == {"R04_probability": 0.99, "R04_review_probability": 0.5}

    def r04(**kwargs):
        run = audit_paths([ROOT / "corpus" / "raw"], **kwargs)
        found = [f for f in run.findings if f.rule == "R04"]
        return sum(f.severity == "warning" for f in found), len(found), {f.evidence["cutoff"] for f in found}

    warnings_mine, all_mine, cut_mine = r04(model=str(mine))
    warnings_shipped, all_shipped, _ = r04(model=str(shipped))
    assert cut_mine == {0.99} and warnings_mine < warnings_shipped and all_mine >= warnings_shipped
    _, _, cut_given = r04(model=str(mine), cutoffs={"R04_probability": 0.6})
    assert cut_given == {0.6}
