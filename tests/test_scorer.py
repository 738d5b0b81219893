"""The numpy scorer (scorer.npz) against the scikit-learn pipeline (model.joblib), and how
model folders with a scorer are saved, checked and loaded."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from classifier.classification.api import classify
from classifier.classification.estimator import IndicatorClassifier
from classifier.classification.features import key_columns, row_key
from classifier.classification.persistence import (
    METADATA_FILE, MODEL_FILE, export_scorer, load_model, load_scorer, save_model, sha256_file,
)
from classifier.classification.scorer import SCORER_FILE, Scorer, export_arrays, load_scorer_arrays, scorer_of
from classifier.core.errors import ModelError
from classifier.core.paths import PROJECT_ROOT
from test_model import _Booby  # a pickle that leaves a marker file when it is loaded

SHIPPED = PROJECT_ROOT / "models"

NAMES = [
    "服务对象满意度", "群众满意度", "学生满意度", "患者满意度",
    "完工及时率", "维修及时率", "资金拨付及时率", "项目完成时限",
    "培训人次", "采购设备数量", "举办活动场次", "发放宣传册数量",
    "工程验收合格率", "设备验收合格率", "数据准确率", "质量达标率",
]
LABELS = ["satisfaction"] * 4 + ["timeliness"] * 4 + ["quantity"] * 4 + ["quality"] * 4
PROBES = ["社会公众满意度", "门诊等待时间", "培训人数（人次）", "补助标准（元/人）", "", None, "设备完好率（%）", "zzz"]


@pytest.fixture(scope="module")
def small_model() -> IndicatorClassifier:
    return IndicatorClassifier().fit(NAMES, LABELS, descriptions=["群众对服务的评价"] + [""] * 15,
                                     values=["≥90%"] + [None] * 15)


def _rows(names, descriptions=None, values=None):
    n = len(names)
    return key_columns([row_key(a, b, c) for a, b, c in zip(names, descriptions or [None] * n, values or [None] * n)])


def test_the_shipped_scorer_gives_the_pipelines_probabilities_on_every_shipped_row():
    """What classify() computes without scikit-learn is what the pipeline computes: the same
    feature matrix and probabilities within 1e-9, on every name, description and value shipped."""
    from shipped_texts import shipped_rows

    model, scorer = load_model(SHIPPED), load_scorer(SHIPPED)
    names, descs, values = (list(column) for column in zip(*shipped_rows()))
    reference = model._transform(names, descs, values)
    indptr, indices, data = scorer.transform(_rows(names, descs, values))
    assert np.array_equal(indptr, reference.indptr) and np.array_equal(indices, reference.indices)
    assert np.abs(data - reference.data).max() < 1e-12
    proba = scorer.proba((indptr, indices, data))
    assert np.abs(proba - model.predict_proba(names, descriptions=descs, values=values)).max() < 1e-9


def test_the_shipped_scorer_is_the_export_of_the_shipped_model():
    """models/scorer.npz holds exactly what model.joblib exports today: it cannot go stale."""
    exported = export_arrays(load_model(SHIPPED))
    stored = load_scorer_arrays(SHIPPED / SCORER_FILE)
    assert set(exported) == set(stored)
    for key, value in exported.items():
        assert np.array_equal(np.asarray(value), stored[key]), key


@pytest.mark.slow
def test_classify_runs_without_scikit_learn():
    code = ("import sys; from classifier import classify; r = classify(['完工及时率', '培训人数（人次）']); "
            "print(r[0].category, r[0].top_tokens != [], 'sklearn' in sys.modules, 'scipy' in sys.modules, 'joblib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    assert out.stdout.split() == ["timeliness", "True", "False", "False", "False"]


def test_save_model_writes_a_scorer_that_loads_without_unpickling(tmp_path, small_model):
    folder = save_model(small_model, tmp_path / "m")
    meta = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    assert meta["scorer_file"] == SCORER_FILE and meta["scorer_sha256"] == sha256_file(folder / SCORER_FILE)
    scorer = load_scorer(folder)
    assert isinstance(scorer, Scorer) and list(scorer.classes_) == list(small_model.classes_)
    assert np.abs(scorer.predict_proba(_rows(PROBES)) - small_model.predict_proba(PROBES)).max() < 1e-9
    assert load_scorer(folder / SCORER_FILE) is scorer  # cached per folder
    assert [r.category for r in classify(PROBES[:2], model=scorer)] == [r.category for r in classify(PROBES[:2], model=small_model)]


def test_a_changed_scorer_file_is_refused(tmp_path, small_model):
    folder = save_model(small_model, tmp_path / "m")
    path = folder / SCORER_FILE
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelError, match="sha256 与 metadata.json 不符") as err:
        load_scorer(folder)
    assert "\n" not in str(err.value)


def test_a_scorer_file_holding_pickled_objects_is_never_unpickled(tmp_path, small_model):
    """Even with a matching sha256 (a metadata.json written for it), a scorer.npz holding an
    object array is refused without running its pickle."""
    folder = save_model(small_model, tmp_path / "m")
    marker = tmp_path / "unpickled.txt"
    arrays = dict(load_scorer_arrays(folder / SCORER_FILE))
    arrays["classes"] = np.array([_Booby(str(marker))], dtype=object)
    np.savez(folder / SCORER_FILE, **arrays)
    meta = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    meta["scorer_sha256"] = sha256_file(folder / SCORER_FILE)
    (folder / METADATA_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="无法读取打分文件"):
        load_scorer(folder)
    assert not marker.exists()


def test_the_scorer_file_named_in_the_metadata_must_lie_in_the_folder(tmp_path, small_model):
    folder = save_model(small_model, tmp_path / "m")
    meta = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    meta["scorer_file"] = "../elsewhere.npz"
    (folder / METADATA_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="scorer_file"):
        load_scorer(folder)


def test_a_folder_saved_without_a_scorer_loads_and_can_be_given_one(tmp_path, small_model):
    """Model folders written before scorer.npz existed still classify (through model.joblib);
    export_scorer writes their scorer without touching the model file."""
    folder = save_model(small_model, tmp_path / "m")
    (folder / SCORER_FILE).unlink()
    meta = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    for key in ("scorer_file", "scorer_format_version", "scorer_sha256", "scorer_bytes"):
        meta.pop(key)
    (folder / METADATA_FILE).write_text(json.dumps(meta), encoding="utf-8")
    model_sha = sha256_file(folder / MODEL_FILE)
    fallback = load_scorer(folder)
    assert np.abs(fallback.predict_proba(_rows(PROBES)) - small_model.predict_proba(PROBES)).max() < 1e-9
    written = export_scorer(folder)
    assert written == folder / SCORER_FILE and sha256_file(folder / MODEL_FILE) == model_sha
    meta = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    assert meta["scorer_sha256"] == sha256_file(written) and meta["model_sha256"] == model_sha
    fresh = load_scorer(folder)
    assert fresh is not fallback
    assert np.abs(fresh.predict_proba(_rows(PROBES)) - small_model.predict_proba(PROBES)).max() < 1e-9


def test_the_same_model_exports_the_same_bytes(tmp_path, small_model):
    first = save_model(small_model, tmp_path / "a") / SCORER_FILE
    second = save_model(small_model, tmp_path / "b") / SCORER_FILE
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("temperature", [1.0, 0.5])
def test_two_class_models_score_as_the_pipeline_does(temperature):
    model = IndicatorClassifier(temperature=temperature).fit(NAMES[:8], LABELS[:8])
    assert np.abs(scorer_of(model).predict_proba(_rows(PROBES)) - model.predict_proba(PROBES)).max() < 1e-9


def test_a_model_fitted_again_is_exported_again(small_model):
    from sklearn.base import clone

    model = clone(small_model).fit(NAMES, LABELS)
    first = scorer_of(model)
    assert scorer_of(model) is first
    model.fit(NAMES[:8] + NAMES[12:], LABELS[:8] + LABELS[12:])
    assert scorer_of(model) is not first and list(scorer_of(model).classes_) == ["quality", "satisfaction", "timeliness"]


def test_explanations_are_strongest_first_and_equal_ones_in_feature_order(small_model):
    """A model fitted on 16 names has many features with equal contributions (n-grams that
    only ever occur together); their order is the order of the features, so that classify()
    and IndicatorClassifier.explain() always agree."""
    from classifier.classification.scorer import relative_coefficients

    names = ["群众满意度调查", "维修及时率", "验收合格率", "举办活动场次"]
    chosen = list(small_model.predict(names))
    explained = small_model.explain(names, chosen)
    X = small_model._transform(names, None)
    relative = relative_coefficients(small_model.pipeline_.named_steps["logreg"].coef_)
    features = {name: k for k, name in enumerate(small_model._feature_names())}
    ties = 0
    for i, (tokens, category) in enumerate(zip(explained, chosen)):
        k = list(small_model.classes_).index(category)
        row = dict(zip(X.indices[X.indptr[i]:X.indptr[i + 1]].tolist(), X.data[X.indptr[i]:X.indptr[i + 1]].tolist()))
        exact = [row[features[t]] * relative[k, features[t]] for t, _ in tokens]  # unrounded
        assert tokens and all(w > 0 for w in exact)
        for (t1, _), (t2, _), w1, w2 in zip(tokens, tokens[1:], exact, exact[1:]):
            assert w1 >= w2
            if w1 == w2:
                ties += 1
                assert features[t1] < features[t2]
    assert ties > 0  # the case this test is about does occur
    assert [r.top_tokens for r in classify(names, model=small_model)] == explained
