"""Audit evaluation: gold file parsing, per-rule scores, the random-flip experiment (small fixtures)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from classifier.evaluation.audit_gold import (
    GoldError, RuleScore, evaluate_audit, flip_documents, load_gold, per_document_classifier, score_rules,
)
from test_audit_rules import FAKE_CATEGORIES, STATS, good_rows, make_doc, make_project

GOLD = """doc_id,project_index,row,name,rule,severity,reason
d,1,6,服务对象满意度,R13,warning,低于常见水平
d,1,,,BUDGET,error,预算数不一致
d,1,2,工程验收合格率,R04,warning,示例
"""


def test_load_gold_keys_and_aliases(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text(GOLD, encoding="utf-8")
    gold = load_gold(path)
    assert set(gold) == {("d", 1, 6, "R13"), ("d", 1, None, "B01"), ("d", 1, 2, "R04")}
    assert gold[("d", 1, 6, "R13")]["reason"] == "低于常见水平"


def test_load_gold_errors_are_one_line(tmp_path):
    with pytest.raises(GoldError, match="金标准文件不存在"):
        load_gold(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("doc_id,rule\nd,R01\n", encoding="utf-8")
    with pytest.raises(GoldError, match="缺少列 project_index、row"):
        load_gold(bad)
    bad.write_text("doc_id,project_index,row,rule\nd,one,2,R01\n", encoding="utf-8")
    with pytest.raises(GoldError, match="第 2 行：project_index/row 应为整数"):
        load_gold(bad)


def test_score_rules_counts():
    predicted = {("d", 1, 1, "R04"), ("d", 1, 2, "R04"), ("d", 1, 3, "R17")}
    gold = {("d", 1, 1, "R04"), ("d", 1, 5, "R04"), ("d", 1, 3, "R17")}
    scores = score_rules(predicted, gold)
    assert (scores["R04"].tp, scores["R04"].fp, scores["R04"].fn) == (1, 1, 1)
    assert scores["R17"].precision == 1.0 and scores["R17"].recall == 1.0
    assert (scores["all"].tp, scores["all"].fp, scores["all"].fn) == (2, 1, 1)
    assert RuleScore("x", 0, 0, 0).precision is None


def _corpus(n_projects=8):
    return [make_doc(*[make_project(good_rows(), index=i + 1, name=f"项目{i}") for i in range(n_projects)], doc_id="d")]


def test_flip_documents_is_seeded_and_stays_within_the_level1():
    docs = _corpus()
    flipped, flips = flip_documents(docs, seed=3, share=0.05)
    again, flips_again = flip_documents(docs, seed=3, share=0.05)
    assert flips == flips_again and len(flips) == round(0.05 * 48)
    assert flip_documents(docs, seed=4)[1] != flips
    levels = {ind.level2 for _, ind in docs[0].iter_indicators()}
    for (doc_id, pi, r), (old, new) in flips.items():
        original = docs[0].projects[pi - 1].indicators[r - 1]
        changed = flipped[0].projects[pi - 1].indicators[r - 1]
        assert original.level2 == old != new == changed.level2  # the input is not modified
        assert changed.level1 == original.level1 and new in levels
        assert original.level1 in ("产出指标", "效益指标")  # 满意度指标 has a single 二级: never flipped
    unflipped = [(p.index, i.row) for p, i in docs[0].iter_indicators() if ("d", p.index, i.row) not in flips]
    for pi, r in unflipped:
        assert flipped[0].projects[pi - 1].indicators[r - 1].level2 == docs[0].projects[pi - 1].indicators[r - 1].level2


def _categories(docs, probability=0.95):
    out = {}
    for d in docs:
        for p, i in d.iter_indicators():
            cat = FAKE_CATEGORIES[i.name]
            out[(d.doc_id, p.index, i.row)] = SimpleNamespace(category=cat, probability=probability,
                                                              alternatives=[], label=cat)
    return out


def test_per_document_classifier_replays_by_row():
    docs = _corpus(2)
    model = per_document_classifier(_categories(docs))(docs[0])
    result = model([i.name for _, i in docs[0].iter_indicators()], regime="legacy")
    assert [r.category for r in result][:3] == ["quantity", "quality", "timeliness"]


def test_evaluation_finds_flips_that_make_rows_wrong():
    docs = _corpus()
    gold = {("d", 1, None, "R24"): {}}
    ev = evaluate_audit(docs, gold=gold, categories=_categories(docs), corpus_stats=STATS,
                        cutoffs=(0.5, 0.99), seeds=(0, 1, 2))
    assert ev.rows == 48
    low, high = ev.flips
    # with a correct, confident classifier every harmful flip is found and nothing else is flagged
    assert low["recall_harmful"] == 1.0 and low["flagged_unflipped"] == 0 and low["precision_strict"] == 1.0
    # above the classifier's probability nothing is flagged
    assert high["flagged_flips"] == 0
    # the clean corpus has no R04; every project pastes the same set (R24): 1 TP, 7 FP vs this gold
    assert ev.scores["R24"].tp == 1 and ev.scores["R24"].fp == 7
    assert all(row["flagged"] == 0 for row in ev.r04_sweep)


def test_corpus_mislabels_ranks_misfiled_rows_and_disputed_labels():
    import numpy as np

    from classifier.evaluation.label_issues import corpus_mislabels

    docs = _corpus(2)
    classes = ["quality", "quantity", "timeliness"]
    examples, proba = [], []
    for p, i in docs[0].iter_indicators():
        if i.row > 3:
            continue
        label = {1: "quantity", 2: "quality", 3: "timeliness"}[i.row]
        examples.append(SimpleNamespace(document=docs[0], project=p, indicator=i, category=label))
        if (p.index, i.row) == (1, 2):  # labelled quality, filed under 质量: the model says timeliness
            proba.append([0.03, 0.05, 0.92])
        elif (p.index, i.row) == (2, 1):  # filed under 数量, model fairly sure it is quality
            proba.append([0.7, 0.3, 0.0])
        else:
            proba.append([0.9 if label == "quality" else 0.05, 0.9 if label == "quantity" else 0.05,
                          0.9 if label == "timeliness" else 0.05])
    oof = SimpleNamespace(examples=examples, proba=np.array(proba), classes=classes)
    result = corpus_mislabels(oof, cutoff=0.6)
    assert [(s.project_index, s.row, s.predicted) for s in result.misfiled] == [(1, 2, "timeliness"), (2, 1, "quality")]
    assert result.misfiled[0].expected_level2 == ["时效指标"]
    # the disputed hand labels: both disagreements, the larger margin first
    assert [(s.project_index, s.row, s.label) for s in result.disputed_labels] == [(1, 2, "quality"), (2, 1, "quantity")]
    assert result.to_dict()["rows"] == 6


def test_choose_cutoff_takes_the_lowest_with_enough_precision_on_both():
    from classifier.evaluation.audit_gold import AuditEvaluation, choose_cutoff

    sweep = [{"cutoff": 0.5, "precision": 0.85}, {"cutoff": 0.6, "precision": 0.92}, {"cutoff": 0.7, "precision": 1.0}]
    flips = [{"cutoff": 0.5, "precision_gold": 0.95}, {"cutoff": 0.6, "precision_gold": 0.88},
             {"cutoff": 0.7, "precision_gold": 0.91}]
    ev = AuditEvaluation(documents=1, rows=1, gold_findings=0, scores={}, r04_sweep=sweep, flips=flips, cutoff=0.7)
    assert choose_cutoff(ev) == 0.7
    assert choose_cutoff(ev, precision=0.99) is None
    low = AuditEvaluation(documents=1, rows=1, gold_findings=0, scores={}, cutoff=0.5,
                          r04_sweep=[{"cutoff": 0.3, "precision": 0.95}, {"cutoff": 0.5, "precision": 0.95}],
                          flips=[{"cutoff": 0.3, "precision_gold": 0.95}, {"cutoff": 0.5, "precision_gold": 0.95}])
    assert choose_cutoff(low) == 0.5  # below 0.5 the category is not more probable than the rest together


def test_choose_cutoff_also_asks_the_real_tables_when_given():
    from types import SimpleNamespace

    from classifier.evaluation.audit_gold import AuditEvaluation, choose_cutoff

    ev = AuditEvaluation(documents=1, rows=1, gold_findings=1, scores={}, cutoff=0.85,
                         r04_sweep=[{"cutoff": c, "precision": 0.95} for c in (0.5, 0.7, 0.9)],
                         flips=[{"cutoff": c, "precision_gold": 0.95} for c in (0.5, 0.7, 0.9)])
    assert choose_cutoff(ev) == 0.5
    real = SimpleNamespace(sweep=[{"cutoff": 0.5, "precision": 0.6}, {"cutoff": 0.7, "precision": 0.92},
                                  {"cutoff": 0.9, "precision": 0.95}])
    assert choose_cutoff(ev, real=real) == 0.7
    assert choose_cutoff(ev, real=SimpleNamespace(sweep=[{"cutoff": 0.9, "precision": 0.5}])) is None
