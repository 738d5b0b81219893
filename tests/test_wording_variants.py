"""The shipped model reads common wording variants it never saw as a practitioner would.

Curated batches 5–7 (corpus/labeling_guide.md) taught the model wordings it used to get
wrong (满意程度 read as social, 支出 as quantity, …). These names are *not* training examples
(the first test checks it), so they test that the lesson generalizes, and they guard it
against a later change of data or configuration.
"""
from __future__ import annotations

import pytest

from classifier.classification.api import classify
from classifier.vocabulary.segmentation import normalize_text
from classifier.classification.training import load_training_data

UNSEEN_VARIANTS = {
    "群众满意程度": "satisfaction",
    "居民对服务的满意程度": "satisfaction",
    "参加义诊群众满意度": "satisfaction",
    "检测设备购置支出": "cost",
    "人均培训支出": "cost",
    "设备运行情况": "operation",
    "空调系统运行情况": "operation",
    "提高渔民收入水平": "economic",
    "改善社区人居环境": "ecological",
    "图书馆开放天数": "quantity",
    "按期完工率": "timeliness",
    "课件制作质量": "quality",
}


def test_the_variants_are_not_training_examples():
    training = {normalize_text(e.name) for e in load_training_data().examples}
    assert not [n for n in UNSEEN_VARIANTS if normalize_text(n) in training]


@pytest.mark.parametrize("name, category", sorted(UNSEEN_VARIANTS.items()))
def test_shipped_model_reads_an_unseen_wording_variant(name, category):
    result = classify([name])[0]
    assert result.category == category, result.reason
