"""What the user narrowed the chronology to, and the items that match it."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from desktop.domain.enums import ChronologyCategory
from desktop.domain.workspace import ChronologyItem


@dataclass(frozen=True, slots=True)
class ChronologyFilter:
    """What the user narrowed the timeline to; an empty field (empty set, None, "") does not
    restrict, so the default matches everything.

    Dates are inclusive; an item with an end date matches when its span overlaps the range.
    Text matches when the phrase appears (case-insensitive, surrounding spaces ignored) in the
    description, the source or the analysis.
    """

    categories: frozenset[ChronologyCategory] = frozenset()  # empty = every category
    date_from: date | None = None
    date_to: date | None = None
    significant_only: bool = False
    text: str = ""

    @classmethod
    def of(
        cls,
        *,
        categories: Collection[ChronologyCategory] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        significant_only: bool = False,
        text: str = "",
    ) -> ChronologyFilter:
        return cls(frozenset(categories or ()), date_from, date_to, significant_only, text)

    @property
    def is_empty(self) -> bool:
        return (
            not self.categories
            and self.date_from is None
            and self.date_to is None
            and not self.significant_only
            and not self.text.strip()
        )

    def matches(self, item: ChronologyItem, haystack: str | None = None) -> bool:
        """`haystack` may pass the item's search_text() when the caller caches it."""
        if self.categories and item.category not in self.categories:
            return False
        if self.significant_only and not item.significant:
            return False
        if self.date_to is not None and item.event_date > self.date_to:
            return False
        if self.date_from is not None:
            last = max(item.event_date, item.end_date or item.event_date)
            if last < self.date_from:
                return False
        needle = self.text.strip().casefold()
        if needle:
            return needle in (search_text(item) if haystack is None else haystack)
        return True

    def as_detail(self) -> dict[str, object]:
        """The filter for an audit entry's detail (only what was set)."""
        detail: dict[str, object] = {}
        if self.categories:
            detail["categories"] = sorted(c.value for c in self.categories)
        if self.date_from is not None:
            detail["date_from"] = self.date_from.isoformat()
        if self.date_to is not None:
            detail["date_to"] = self.date_to.isoformat()
        if self.significant_only:
            detail["significant_only"] = True
        if self.text.strip():
            detail["text"] = self.text.strip()
        return detail


def search_text(item: ChronologyItem) -> str:
    """What free-text search looks in: description, source and analysis (casefolded)."""
    return "\n".join((item.description, item.source, item.analysis or "")).casefold()


def filter_chronology(
    items: Iterable[ChronologyItem], flt: ChronologyFilter
) -> tuple[ChronologyItem, ...]:
    """The items `flt` matches, in their given order."""
    if flt.is_empty:
        return tuple(items)
    return tuple(item for item in items if flt.matches(item))
