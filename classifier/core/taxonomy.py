"""The canonical indicator categories (taxonomy), read from ``classifier/data/taxonomy.json``.

The data file is the single source of truth for the category ids, their 中文名, definitions,
typical names and the 二级指标 each is expected under in the two regimes
(``legacy`` = 财预〔2015〕88号 / 〔2020〕10号, ``central2021`` = 财预〔2021〕101号).

Example::

    >>> from classifier.core.taxonomy import load_taxonomy
    >>> tax = load_taxonomy()
    >>> tax.version, tax.ids[0], tax.zh("timeliness")
    ('1', 'quantity', '时效')
    >>> tax.expected_level2("cost", "central2021")
    ('经济成本指标', '社会成本指标', '生态环境成本指标')
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from classifier.core.errors import ZhibiaoError
from classifier.core.paths import load_data_json

TAXONOMY_FILE = "taxonomy.json"
REGIMES = ("legacy", "central2021")


class TaxonomyError(ZhibiaoError, KeyError):
    """An unknown category id or regime was asked for (one-line message)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Category:
    """One canonical category.

    ``expected_level2`` holds ``(regime, names)`` pairs, e.g.
    ``(("legacy", ("成本指标",)), ("central2021", ("经济成本指标", …)))``; an empty tuple of names
    means the category belongs under no 二级 (process measures and defects).
    """

    id: str
    zh: str
    definition: str
    typical_names: tuple[str, ...]
    expected_level2: tuple[tuple[str, tuple[str, ...]], ...]
    process_measure: bool = False
    defect: bool = False

    def level2_for(self, regime: str) -> tuple[str, ...]:
        """The normalized 二级 names this category is expected under in ``regime``."""
        for name, level2 in self.expected_level2:
            if name == regime:
                return level2
        raise TaxonomyError(f"未知的体系“{regime}”（应为 {'、'.join(REGIMES)} 之一）")


@dataclass(frozen=True)
class Change:
    """One entry of the taxonomy's version history."""

    version: str
    date: str
    change: str
    reason: str


@dataclass(frozen=True)
class Taxonomy:
    """The versioned set of categories, in the order of the spec (shared/taxonomy.md)."""

    version: str
    categories: tuple[Category, ...]
    level2_names: tuple[str, ...]
    changes: tuple[Change, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """Category ids in spec order, e.g. ``('quantity', 'completion', …, 'placeholder')``."""
        return tuple(c.id for c in self.categories)

    @cached_property
    def _by_id(self) -> dict[str, Category]:
        return {cat.id: cat for cat in self.categories}

    def category(self, category_id: str) -> Category:
        """The :class:`Category` with this id; raises :class:`TaxonomyError` if unknown."""
        try:
            return self._by_id[category_id]
        except (KeyError, TypeError):
            raise TaxonomyError(f"未知的类别 id“{category_id}”（分类体系 v{self.version}）") from None

    def zh(self, category_id: str) -> str:
        """The 中文名 of a category, e.g. ``zh('timeliness') == '时效'``."""
        return self.category(category_id).zh

    def expected_level2(self, category_id: str, regime: str = "legacy") -> tuple[str, ...]:
        """Normalized 二级 names the category is expected under in ``regime``
        (``'legacy'`` or ``'central2021'``); empty for process measures and placeholders."""
        return self.category(category_id).level2_for(regime)


def _parse(data: dict) -> Taxonomy:
    categories = []
    for entry in data["categories"]:
        expected = entry["expected_level2"]
        categories.append(
            Category(
                id=entry["id"],
                zh=entry["zh"],
                definition=entry["definition"],
                typical_names=tuple(entry.get("typical_names", ())),
                expected_level2=tuple((regime, tuple(expected.get(regime, ()))) for regime in REGIMES),
                process_measure=bool(entry.get("process_measure", False)),
                defect=bool(entry.get("defect", False)),
            )
        )
    changes = tuple(
        Change(version=str(c["version"]), date=str(c.get("date", "")), change=c["change"], reason=c["reason"])
        for c in data.get("changes", ())
    )
    return Taxonomy(
        version=str(data["version"]),
        categories=tuple(categories),
        level2_names=tuple(data.get("level2_names", ())),
        changes=changes,
    )


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """Load the shipped taxonomy (cached; the result is immutable)."""
    return _parse(load_data_json(TAXONOMY_FILE))
