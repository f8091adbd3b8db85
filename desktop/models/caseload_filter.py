"""The caseload's filter (risk, flags, worker, search text) and the risk sort order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.domain.enums import FlagCode, Involvement, RiskCategory
from desktop.domain.records import CaseloadRow
from desktop.models.caseload_columns import (
    Column,
)

#: Legal status sorts by how statutory the involvement is, then by LS code.
_INVOLVEMENT_RANK: dict[Involvement, int] = {
    Involvement.EARLY_HELP: 0,
    Involvement.CIN: 1,
    Involvement.CP: 2,
    Involvement.CLA: 3,
}


#: Each category's rank, looked up rather than read through Enum.value 20,000 times a load.
_CATEGORY_RANK: dict[RiskCategory | None, int] = {c: c.value for c in RiskCategory}


@dataclass(frozen=True, slots=True)
class CaseloadFilter:
    """What the caseload shows: name text, risk categories (None = not assessed), flag, worker.

    Empty text / empty set / None means "no restriction" on that field.
    """

    text: str = ""
    categories: frozenset[RiskCategory | None] = frozenset()
    flag: FlagCode | None = None
    worker: str | None = None

    @property
    def is_empty(self) -> bool:
        return (
            not self.text.strip() and not self.categories and self.flag is None and not self.worker
        )

    def matches(self, row: CaseloadRow) -> bool:
        """The reference predicate (the model runs an equivalent, precomputed one)."""
        needle = self.text.strip().casefold()
        if needle and needle not in row.display_name.casefold():
            return False
        if self.categories and row.risk_category not in self.categories:
            return False
        if self.flag is not None and all(f.code != self.flag for f in row.flags):
            return False
        return not (self.worker and row.social_worker != self.worker)


def _risk_sort_key(row: CaseloadRow) -> tuple[int, int]:
    category = _CATEGORY_RANK.get(row.risk_category, -1)
    return (category, row.risk_score if row.risk_score is not None else -1)


_SORT_KEYS: dict[Column, Callable[[CaseloadRow], Any]] = {
    Column.NAME: lambda r: (r.display_name.casefold(), r.id),
    Column.AGE: lambda r: r.age if r.age is not None else -1,
    Column.RISK: _risk_sort_key,
    Column.STATUS: lambda r: (
        _INVOLVEMENT_RANK[r.involvement] if r.involvement is not None else -1,
        r.legal_status_code or "",
    ),
    Column.WORKER: lambda r: r.social_worker.casefold(),
    Column.KEY_PERSON: lambda r: r.key_person.casefold(),
    # "Never" seen is the longest gap of all.
    Column.LAST_CONTACT: lambda r: (
        r.days_since_contact if r.days_since_contact is not None else 1 << 30
    ),
    Column.FLAGS: lambda r: len(r.flags),
}
