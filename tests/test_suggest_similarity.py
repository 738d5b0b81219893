"""TextSimilarity: names and projects that read alike rank first; the fitted object is plain data."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

from classifier.suggestion.similarity import TextSimilarity, project_text

NAMES = ["服务对象满意度", "群众满意度", "项目完成率", "完工及时率", "举办招商引资活动数量", "工程质量合格率"]


@pytest.fixture(scope="module")
def fitted():
    return TextSimilarity().fit(NAMES)


def test_near_identical_spelling_is_most_similar(fitted):
    (best, score), *_ = fitted.most_similar("服务对象满意度（%）", k=3)
    assert NAMES[best] == "服务对象满意度" and score > 0.95


def test_related_names_beat_unrelated_ones(fitted):
    ranked = [NAMES[i] for i, _ in fitted.most_similar("受访群众满意度", k=6)]
    assert set(ranked[:2]) == {"群众满意度", "服务对象满意度"}
    assert "项目完成率" not in ranked  # nothing in common: score 0, not listed


def test_scores_are_in_unit_interval_and_shaped(fitted):
    scores = fitted.similarity(["完工及时率", "招商活动"])
    assert scores.shape == (2, len(NAMES))
    assert np.all(scores >= 0) and np.all(scores <= 1)
    assert scores[0, NAMES.index("完工及时率")] == pytest.approx(1.0)


def test_min_score_and_empty_queries(fitted):
    assert fitted.most_similar("", k=3) == []
    assert all(s > 0.5 for _, s in fitted.most_similar("工程质量合格率", k=6, min_score=0.5))


def test_fitted_object_pickles_without_callables(fitted):
    clone = pickle.loads(pickle.dumps(fitted))
    assert clone.most_similar("群众满意度", k=1)[0][0] == NAMES.index("群众满意度")
    assert clone.word_vectorizer_.analyzer == "word" and clone.char_vectorizer_.analyzer == "char"


def test_unfitted_and_empty_corpus():
    with pytest.raises(RuntimeError, match="not fitted"):
        TextSimilarity().similarity(["x"])
    empty = TextSimilarity().fit([])
    assert empty.most_similar("满意度") == []


def test_project_text_weighs_the_name_twice():
    text = project_text("招商经费", "举办推介会", ["目标一"])
    assert text.count("招商经费") == 2 and "举办推介会" in text and "目标一" in text
