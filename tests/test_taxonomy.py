"""The shipped taxonomy data file matches the spec (shared/taxonomy.md) and loads as documented."""
from __future__ import annotations

import dataclasses

import pytest

from classifier.core.errors import ZhibiaoError
from classifier.core.taxonomy import load_taxonomy

SPEC_IDS = (
    "quantity", "completion", "coverage", "quality", "safety", "operation", "timeliness",
    "budget_execution", "cost", "economic", "social", "ecological", "sustainability",
    "satisfaction", "management", "placeholder",
)
# The normalized 二级 spellings of both regimes (legacy and 财预〔2021〕101号).
VALID_LEVEL2 = {
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
}


def test_version_and_ids_follow_the_spec_order():
    tax = load_taxonomy()
    assert tax.version == "1"
    assert tax.ids == SPEC_IDS


def test_every_category_has_chinese_name_definition_and_typical_names():
    tax = load_taxonomy()
    zh_names = [tax.zh(cid) for cid in tax.ids]
    assert len(set(zh_names)) == len(zh_names)
    assert tax.zh("timeliness") == "时效"
    assert tax.zh("placeholder") == "无效占位"
    for cid in tax.ids:
        cat = tax.category(cid)
        assert cat.definition.strip()
        assert cat.typical_names, cid


def test_expected_level2_uses_normalized_names_of_both_regimes():
    tax = load_taxonomy()
    for cid in tax.ids:
        for regime in ("legacy", "central2021"):
            assert set(tax.expected_level2(cid, regime)) <= VALID_LEVEL2, (cid, regime)
    assert tax.expected_level2("timeliness", "legacy") == ("时效指标",)
    assert tax.expected_level2("cost", "legacy") == ("成本指标",)
    assert "经济成本指标" in tax.expected_level2("cost", "central2021")
    assert "成本指标" not in tax.expected_level2("cost", "central2021")
    assert tax.expected_level2("satisfaction", "central2021") == ("服务对象满意度指标",)


def test_process_measures_and_defect_have_no_expected_level2():
    tax = load_taxonomy()
    flagged = {cid for cid in tax.ids if tax.category(cid).process_measure}
    assert flagged == {"budget_execution", "management"}
    assert [cid for cid in tax.ids if tax.category(cid).defect] == ["placeholder"]
    for cid in ("budget_execution", "management", "placeholder"):
        assert tax.expected_level2(cid, "legacy") == ()
        assert tax.expected_level2(cid, "central2021") == ()
    # every other category belongs somewhere in both regimes
    for cid in set(tax.ids) - {"budget_execution", "management", "placeholder"}:
        assert tax.expected_level2(cid, "legacy") and tax.expected_level2(cid, "central2021")


def test_unknown_id_or_regime_raises_a_library_error_with_one_line_message():
    tax = load_taxonomy()
    with pytest.raises(ZhibiaoError) as err:
        tax.category("speed")
    assert "speed" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ZhibiaoError, match="未知的体系“2015”"):
        tax.expected_level2("cost", "2015")


def test_taxonomy_is_cached_and_immutable():
    tax = load_taxonomy()
    assert load_taxonomy() is tax
    with pytest.raises(dataclasses.FrozenInstanceError):
        tax.version = "2"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        tax.category("cost").zh = "x"  # type: ignore[misc]


def test_version_history_records_the_current_version_with_a_reason():
    tax = load_taxonomy()
    assert tax.changes, "taxonomy.json must keep a version history"
    assert tax.changes[-1].version == tax.version
    assert all(change.reason.strip() for change in tax.changes)
