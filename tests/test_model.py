"""IndicatorClassifier, classify() and the shipped model: behaviour users rely on."""
from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.core.errors import ModelError
from classifier.classification.persistence import METADATA_FILE, MODEL_FILE, load_model, read_metadata, save_model
from classifier.classification.api import Classification, classify
from classifier.classification.estimator import IndicatorClassifier
from classifier.core.paths import PROJECT_ROOT
from classifier.vocabulary.segmentation import MAX_TEXT_CHARS

SHIPPED = PROJECT_ROOT / "models"

# A small hand-written training set (typical wording, not corpus rows).
NAMES = [
    "服务对象满意度", "群众满意度", "学生满意度", "患者满意度",
    "完工及时率", "维修及时率", "资金拨付及时率", "项目完成时限",
    "培训人次", "采购设备数量", "举办活动场次", "发放宣传册数量",
    "工程验收合格率", "设备验收合格率", "数据准确率", "质量达标率",
]
LABELS = ["satisfaction"] * 4 + ["timeliness"] * 4 + ["quantity"] * 4 + ["quality"] * 4


@pytest.fixture(scope="module")
def small_model() -> IndicatorClassifier:
    return IndicatorClassifier().fit(NAMES, LABELS)


def test_fit_returns_self_and_learns_classes(small_model):
    assert isinstance(small_model, IndicatorClassifier)
    assert list(small_model.classes_) == sorted(set(LABELS))
    assert small_model.pipeline_.named_steps["logreg"].coef_.shape[0] == 4


def test_predict_proba_shape_and_rows_sum_to_one(small_model):
    proba = small_model.predict_proba(["社会公众满意度", "图书采购数量", None], descriptions=["", "全年采购图书册数", None])
    assert proba.shape == (3, 4)
    assert np.allclose(proba.sum(axis=1), 1.0)
    pred = small_model.predict(["社会公众满意度", "图书采购数量"])
    assert list(pred) == ["satisfaction", "quantity"]


def test_sklearn_conventions_clone_and_params():
    from sklearn.base import clone

    model = IndicatorClassifier(C=3.0, description_weight=0.0)
    assert model.get_params()["C"] == 3.0
    copy = clone(model)
    assert copy.get_params() == model.get_params() and not hasattr(copy, "pipeline_")
    with pytest.raises(Exception, match="还没有训练"):
        model.predict(["满意度"])


def test_fit_rejects_mismatched_or_degenerate_input():
    with pytest.raises(ValueError):
        IndicatorClassifier().fit(["a满意度", "b"], ["satisfaction"])
    with pytest.raises(ValueError):
        IndicatorClassifier().fit(["满意度", "群众满意度"], ["satisfaction", "satisfaction"])


def _pickle_globals(obj) -> set[tuple[str, str]]:
    """(module, name) of every global a pickle of ``obj`` refers to."""
    found: set[tuple[str, str]] = set()

    class Recorder(pickle.Unpickler):
        def find_class(self, module, name):
            found.add((module, name))
            return super().find_class(module, name)

    Recorder(io.BytesIO(pickle.dumps(obj, protocol=5))).load()
    return found


def test_fitted_pipeline_holds_no_callables(small_model):
    import importlib

    found = _pickle_globals(small_model)
    assert ("classifier.classification.estimator", "IndicatorClassifier") in found
    for module, name in found:
        obj = importlib.import_module(module)
        for part in name.split("."):
            obj = getattr(obj, part)
        if isinstance(obj, type):
            continue  # classes: estimators, vectorizers, dtypes
        # the only functions allowed are numpy / scipy / copyreg reconstruction helpers
        assert module.split(".")[0] in {"numpy", "scipy", "copyreg", "_codecs"}, (module, name)


def test_save_and_load_roundtrip(tmp_path, small_model):
    save_model(small_model, tmp_path / "m", metadata={"note": "test"})
    loaded = load_model(tmp_path / "m")
    assert list(loaded.classes_) == list(small_model.classes_)
    names = ["社会公众满意度", "门诊等待时间"]
    assert np.allclose(loaded.predict_proba(names), small_model.predict_proba(names))
    meta = json.loads((tmp_path / "m" / METADATA_FILE).read_text(encoding="utf-8"))
    assert meta["note"] == "test" and meta["taxonomy_version"] and meta["library_versions"]["sklearn"]
    assert load_model(tmp_path / "m" / MODEL_FILE) is load_model(tmp_path / "m")  # cached per file


def _saved(tmp_path: Path, small_model) -> Path:
    folder = tmp_path / "m"
    save_model(small_model, folder)
    return folder


def _edit_metadata(folder: Path, **changes) -> None:
    meta = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key == "sklearn":
            meta["library_versions"]["sklearn"] = value
        else:
            meta[key] = value
    (folder / METADATA_FILE).write_text(json.dumps(meta), encoding="utf-8")


def test_load_refuses_missing_files(tmp_path, small_model):
    with pytest.raises(ModelError, match="没有这个模型文件夹"):
        load_model(tmp_path / "nowhere")
    folder = _saved(tmp_path, small_model)
    (folder / METADATA_FILE).unlink()
    with pytest.raises(ModelError, match="缺少元数据"):
        load_model(folder)


def test_load_refuses_other_taxonomy_version(tmp_path, small_model):
    folder = _saved(tmp_path, small_model)
    _edit_metadata(folder, taxonomy_version="0")
    with pytest.raises(ModelError) as err:
        load_model(folder)
    assert "按分类体系 v0 训练，本库使用 v1" in str(err.value)
    assert "zhibiao train" in str(err.value) and "\n" not in str(err.value)


def test_load_refuses_other_sklearn_version(tmp_path, small_model):
    folder = _saved(tmp_path, small_model)
    _edit_metadata(folder, sklearn="0.24.2")
    with pytest.raises(ModelError, match="scikit-learn 0.24.2"):
        load_model(folder)


def test_load_refuses_foreign_metadata(tmp_path, small_model):
    folder = _saved(tmp_path, small_model)
    (folder / METADATA_FILE).write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(ModelError, match="不是 zhibiao 的模型元数据"):
        load_model(folder)


class _Booby:
    """Unpickling this creates a marker file: proof that a pickle was (not) loaded."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_foreign_model_file_is_never_unpickled(tmp_path, small_model):
    import joblib

    folder = _saved(tmp_path, small_model)
    marker = tmp_path / "unpickled.txt"
    joblib.dump(_Booby(str(marker)), folder / MODEL_FILE)  # swapped file, metadata unchanged
    with pytest.raises(ModelError, match="sha256 与 metadata.json 不符"):
        load_model(folder)
    assert not marker.exists()


# ---------------------------------------------------------------- shipped model + classify()


def test_shipped_model_passes_its_checks_and_is_small():
    model_file, meta = read_metadata(SHIPPED)
    assert model_file.stat().st_size < 5_000_000
    assert meta["training_seconds"] < 30
    assert set(meta["classes"]) <= set(__import__("classifier.core.taxonomy", fromlist=["x"]).load_taxonomy().ids)
    ev = meta["evaluation"]["grouped_by_document"]
    for key in ("model", "keyword_rules", "majority", "calibration"):
        assert key in ev
    assert 0 <= ev["calibration"]["brier"] <= 2 and 0 <= ev["calibration"]["ece"] <= 1


@pytest.mark.parametrize(
    "name, category",
    [
        ("完工及时率", "timeliness"),
        ("服务对象满意度", "satisfaction"),
        ("预算执行率", "budget_execution"),
        ("设备验收合格率", "quality"),
        ("培训人次", "quantity"),
        ("无", "placeholder"),
    ],
)
def test_classify_typical_names(name, category):
    (result,) = classify([name])
    assert result.category == category


def test_classification_fields():
    result, cost = classify(["完工及时率", "项目总成本"], regime="central2021")
    assert isinstance(result, Classification)
    assert result.name == "完工及时率" and result.category_zh == "时效"
    assert 0.5 < result.probability <= 1.0
    assert len(result.alternatives) == 3 and result.alternatives[0][0] == result.category
    probs = [p for _, p in result.alternatives]
    assert probs == sorted(probs, reverse=True)
    assert result.expected_level2 == ["时效指标"]
    assert cost.category == "cost" and "经济成本指标" in cost.expected_level2
    assert result.top_tokens and all(w > 0 for _, w in result.top_tokens)
    assert "timeliness" in result.reason
    json.dumps([result.to_dict(), cost.to_dict()], ensure_ascii=False)


def test_evidence_reads_as_text_of_the_name_and_description():
    from classifier.classification.explain import readable_evidence

    tokens = [("规则:timeliness", 1.7), ("字:时", 0.5), ("字:及时", 0.4), ("字:及", 0.3)]
    assert readable_evidence(tokens) == ["“及时”"]  # 时 and 及 lie inside 及时; rules are named apart
    tokens = [("尾:c1_度", 0.7), ("尾:c3_满意度", 0.6), ("描述:满意", 0.5), ("单位:人次", 0.4), ("单位:count", 0.3)]
    assert readable_evidence(tokens) == ["“…满意度”", "description “满意”", "unit （人次）"]
    assert readable_evidence(tokens, limit=5)[-1] == "unit kind count"
    assert readable_evidence(tokens, limit=5, lang="zh") == ["“…满意度”", "描述“满意”", "单位（人次）"]
    assert readable_evidence([("规则:cost", 1.0)]) == []
    # description words make one item; text without a Chinese character is no evidence
    tokens = [("描述:完成", 0.9), ("尾:c1_)", 0.8), ("描述:计划", 0.7), ("字:功能", 0.6)]
    assert readable_evidence(tokens, lang="zh") == ["描述“完成”“计划”", "“功能”"]


def test_the_reason_quotes_the_name_not_feature_codes():
    timely, satisfied = classify(["完工及时率", "参训学员对培训内容满意度"])
    assert timely.reason.startswith("“及时”") and "字:" not in timely.reason
    assert "“…满意度”" in satisfied.reason and "尾:" not in satisfied.reason


def test_classify_uses_the_description():
    model = load_model()
    plain, described = model.predict_proba(["完成情况", "完成情况"], descriptions=["", "按时完成全部维修任务，响应及时"])
    assert np.abs(plain - described).max() > 1e-4
    timeliness = list(model.classes_).index("timeliness")
    assert described[timeliness] > plain[timeliness]


@pytest.mark.parametrize(
    "bad, why",
    [
        (None, "None"),
        ("", "empty"),
        ("   \t", "empty"),
        ("hello world", "no Chinese"),
        ("😀🎉", "no Chinese"),
        ("18.60", "no Chinese"),
        ("（%）", "only numbering"),
    ],
)
def test_bad_names_are_placeholders_with_a_reason(bad, why):
    (result,) = classify([bad])
    assert result.category == "placeholder" and result.probability == 1.0
    assert why in result.reason
    assert result.expected_level2 == []


def test_a_batch_with_bad_entries_keeps_order_and_length():
    names = ["完工及时率", None, "", "服务对象满意度", "x" * 100_000]
    results = classify(names)
    assert [r.name for r in results] == names
    assert [r.category for r in results] == ["timeliness", "placeholder", "placeholder", "satisfaction", "placeholder"]


def test_long_chinese_name_is_cut_and_says_so():
    (result,) = classify(["服务对象满意度" * 20_000])
    assert result.category == "satisfaction"
    assert f"cut to {MAX_TEXT_CHARS}" in result.reason


def test_classify_argument_errors():
    assert len(classify("完工及时率")) == 1  # a single string is one name
    with pytest.raises(ValueError, match="descriptions"):
        classify(["a", "b"], ["only one"])
    with pytest.raises(ValueError, match="未知的体系“2015”"):
        classify(["完工及时率"], regime="2015")


def test_classify_with_an_explicit_model(small_model):
    (result,) = classify(["社会公众满意度"], model=small_model)
    assert result.category == "satisfaction"
    assert {c for c, _ in result.alternatives} <= set(small_model.classes_)


def test_classify_agrees_with_predict_proba_and_explain(small_model):
    """classify() vectorizes each name once for both steps; what it reports must be what the
    estimator's public predict_proba and explain give for the same names."""
    names = ["培训人次", "服务对象满意度", "完工及时率", "设备故障率", "培训人次"]
    descriptions = ["参训人员总人次", None, "按时完工的比例", "", "参训人员总人次"]
    results = classify(names, descriptions, model=small_model)
    proba = small_model.predict_proba(names, descriptions=descriptions)
    chosen = [str(small_model.classes_[k]) for k in np.argmax(proba, axis=1)]
    tokens = small_model.explain(names, chosen, descriptions=descriptions)
    for result, row, category, top in zip(results, proba, chosen, tokens):
        assert result.category == category
        assert result.probability == pytest.approx(float(row.max()), abs=1e-4)
        assert result.top_tokens == top


def test_shipped_model_was_trained_on_the_current_data_files():
    """What ships is what the code makes: after editing labels or curated phrasings, run
    `zhibiao train` and commit models/."""
    from classifier.classification.persistence import sha256_file

    _, meta = read_metadata(SHIPPED)
    files = meta["training_data"]["files"]
    assert {"corpus/labels.csv", "corpus/curated_phrasings.csv", "corpus/parsed/documents.jsonl"} <= set(files)
    for rel, digest in files.items():
        assert sha256_file(PROJECT_ROOT / rel) == digest, f"{rel} changed since models/ was trained: run `zhibiao train`"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=40), st.text(alphabet="满意度及时率合格数量成本安全无（）%*①、 ", max_size=20)), max_size=6))
def test_classify_never_fails_on_any_text(names):
    results = classify(names)
    assert len(results) == len(names)
    for name, r in zip(names, results):
        assert r.name is name or r.name == name
        assert 0.0 <= r.probability <= 1.0 and r.alternatives[0][0] == r.category


def test_works_inside_sklearn_model_selection():
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    scores = cross_val_score(IndicatorClassifier(), NAMES, LABELS, cv=StratifiedKFold(2, shuffle=True, random_state=0))
    assert scores.shape == (2,) and all(0.0 <= s <= 1.0 for s in scores)


def test_feature_blocks_can_be_switched_off_for_ablation():
    words_only = IndicatorClassifier(char_weight=0.0, rule_weight=0.0, head_weight=0.0).fit(NAMES, LABELS)
    blocks = [name for name, _, _ in words_only.pipeline_.named_steps["features"].transformers]
    assert blocks == ["word"]
    assert list(words_only.predict(["学生满意度"])) == ["satisfaction"]
    with pytest.raises(ValueError, match="没有可用的特征块"):
        IndicatorClassifier(word_weight=0, char_weight=0, description_weight=0, rule_weight=0, head_weight=0).fit(NAMES, LABELS)


@pytest.mark.parametrize(
    "name, tokens",
    [
        ("培训人次（人次）", "count 人次"),
        ("补助标准（元/人）", "money 元 per_unit"),
        ("（一）设备完好率（%）", "rate %"),
        ("办结时限（工作日）", "duration 工作日"),
        ("新建道路长度（公里）", "measure 公里"),
        ("路面技术状况指数（PQI）", ""),  # not a unit
        ("完工及时率", ""),
        (None, ""),
    ],
)
def test_the_unit_written_after_a_name_becomes_its_own_feature_column(name, tokens):
    from classifier.classification.features import _UNITS, N_COLUMNS, feature_columns

    columns = feature_columns([name])
    assert columns.shape == (1, N_COLUMNS)
    assert columns[0, _UNITS] == tokens
    # the name's words no longer hold the unit (normalization strips it)
    assert "人次 人次" not in columns[0, 0]


def test_unit_features_change_the_prediction_only_through_their_own_block():
    names = ["培训人数", "补助金额", "资金节约", "参训人员"] * 2
    names = [n + u for n, u in zip(names, ["（人）", "（万元）", "（万元）", "（人次）"] * 2)]
    labels = ["quantity", "cost", "cost", "quantity"] * 2
    with_units = IndicatorClassifier(unit_weight=1.0).fit(names, labels)
    blocks = [name for name, _, _ in with_units.pipeline_.named_steps["features"].transformers]
    assert "unit" in blocks
    without = IndicatorClassifier(unit_weight=0.0).fit(names, labels)
    assert "unit" not in [name for name, _, _ in without.pipeline_.named_steps["features"].transformers]
    # an unseen name: only the unit tells a count from money
    assert with_units.predict(["某某某（万元）"])[0] == "cost"
    assert with_units.predict(["某某某（人）"])[0] == "quantity"
    assert any(token.startswith("单位:") for token, _ in with_units.explain(["某某某（万元）"], ["cost"])[0])


def test_temperature_changes_how_sure_the_probabilities_are_not_the_prediction(small_model):
    from sklearn.base import clone

    names = ["社会公众满意度", "图书采购数量", "维修响应及时率", "档案数字化"]
    plain = clone(small_model).set_params(temperature=1.0).fit(NAMES, LABELS)
    assert np.allclose(plain.predict_proba(names), plain.pipeline_.named_steps["logreg"].predict_proba(
        plain._transform(names, None)))  # temperature 1 = the regression's own probabilities
    sharper = clone(small_model).set_params(temperature=0.5).fit(NAMES, LABELS)
    softer = clone(small_model).set_params(temperature=2.0).fit(NAMES, LABELS)
    p1, p_sharp, p_soft = (m.predict_proba(names) for m in (plain, sharper, softer))
    for p in (p_sharp, p_soft):
        assert np.allclose(p.sum(axis=1), 1.0)
        assert (p.argmax(axis=1) == p1.argmax(axis=1)).all()
    assert (p_sharp.max(axis=1) > p1.max(axis=1)).all() and (p_soft.max(axis=1) < p1.max(axis=1)).all()
    with pytest.raises(ValueError, match="temperature 应大于 0"):
        IndicatorClassifier(temperature=0).fit(NAMES, LABELS)


def test_temperature_with_two_classes_matches_a_sharpened_sigmoid():
    names, labels = NAMES[:8], LABELS[:8]
    plain = IndicatorClassifier().fit(names, labels)
    sharp = IndicatorClassifier(temperature=0.5).fit(names, labels)
    z = plain.pipeline_.named_steps["logreg"].decision_function(plain._transform(["社区居民满意度"], None))
    expected = 1 / (1 + np.exp(-z / 0.5))
    assert np.allclose(sharp.predict_proba(["社区居民满意度"])[:, 1], expected)


def test_classify_equals_predict_proba_on_every_shipped_name_with_its_value():
    """On every row the project ships — seed and real-table rows (labeled or not, with unit
    brackets, descriptions and 指标值), curated and blind phrasings, the taxonomy's typical
    names — classify() (the shipped scorer.npz, no scikit-learn) reports the probabilities
    predict_proba() (the scikit-learn pipeline) gives, for every class."""
    from shipped_texts import shipped_rows

    from classifier.classification.persistence import load_model

    model = load_model()
    names, descs, values = (list(column) for column in zip(*shipped_rows()))
    assert len(names) > 4000 and any(values) and any(descs)
    bracketed = [i for i, n in enumerate(names) if "（" in n or "(" in n]
    assert len(bracketed) > 100
    results = classify(names, descs, values=values)
    proba = model.predict_proba(names, descriptions=descs, values=values)
    classes = [str(c) for c in model.classes_]
    checked = 0
    for result, row in zip(results, proba):
        if result.reason.startswith("name "):  # decided by rule before the model (empty, no Chinese …)
            continue
        checked += 1
        assert result.category == classes[int(np.argmax(row))]
        assert result.probability == pytest.approx(float(row.max()), abs=5e-5)
        assert all(abs(result.probabilities[c] - p) <= 5e-5 + 1e-12 for c, p in zip(classes, row.tolist()))
    assert checked > 0.95 * len(names)


def test_the_unit_bracket_is_part_of_what_classify_reads():
    """Normalization strips （人次） from 培训人数（人次）, but the bracket is a feature: the two
    names are classified apart, each as predict_proba classifies it."""
    from classifier.classification.persistence import load_model

    names = ["培训人数（人次）", "培训人数", "补助标准（元/人）", "补助标准"]
    results = classify(names)
    proba = load_model().predict_proba(names)
    assert results[0].probabilities != results[1].probabilities
    assert results[2].probabilities != results[3].probabilities
    for result, row in zip(results, proba):
        assert result.probability == pytest.approx(float(row.max()), abs=5e-5)


def test_classify_without_explanations_gives_the_same_answers():
    from classifier.classification.api import classify

    names = ["完工及时率", "培训人数（人次）", "服务对象满意度", "", "门诊预约挂号", "完工及时率"]
    full = classify(names, values=["≥95%", "≥200人次", None, None, "", "≥95%"])
    quick = classify(names, values=["≥95%", "≥200人次", None, None, "", "≥95%"], explain=False)
    for a, b in zip(full, quick):
        assert (a.category, a.probability, a.alternatives, a.probabilities, a.needs_review) == (
            b.category, b.probability, b.alternatives, b.probabilities, b.needs_review)
    assert all(r.top_tokens == [] for r in quick if r.category != "placeholder")
    assert all(r.reason == "" for r in quick if r.category != "placeholder") and full[0].reason
