"""The folding of many typed SELECTs into one UNION ALL, for the person repository."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    CompoundSelect,
    Integer,
    Select,
    String,
    Text,
    cast,
    func,
    literal_column,
    null,
    union_all,
)
from sqlalchemy.types import TypeEngine

from desktop.data.base import LocalDate, UTCDateTime


@dataclass(frozen=True, slots=True)
class _Part:
    """One kind of row: its columns in field order (with joins and filters) and its order."""

    kind: str
    stmt: Select[*tuple[Any, ...]]
    order: tuple[Any, ...]


#: The column families of the folded statement, in slot order, and the type of their padding.
#: Every slot holds values of one family only, so both databases agree on the UNION's column
#: types (PostgreSQL resolves them pairwise: padding is a typed NULL, never a bare one) and each
#: value is read back through its column's own type - UTCDateTime, LocalDate, Boolean - exactly
#: as a select of that kind alone would return it.
_PADDING: dict[str, TypeEngine[Any]] = {
    "i": Integer(),
    "t": Text(),
    "d": LocalDate(),
    "ts": UTCDateTime(),
    "b": Boolean(),
}


def _family(column: Any) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "ts"
    if isinstance(kind, LocalDate):
        return "d"
    if isinstance(kind, Boolean):
        return "b"
    if isinstance(kind, Integer):
        return "i"
    if isinstance(kind, String):
        return "t"
    raise TypeError(f"no slot family for {column!r} of type {kind!r}")


def _fold(
    parts: Sequence[_Part],
) -> tuple[CompoundSelect[*tuple[Any, ...]], dict[int, tuple[int, ...]]]:
    """One UNION ALL of every part, and where each part's fields sit in the result rows.

    Rows are (part number, position within the part, family slots...); the statement is ordered
    by the first two, so each part keeps the order (and the collation) its own ORDER BY gave.
    """
    families = [[_family(c) for c in p.stmt.selected_columns] for p in parts]
    width = {f: max(kinds.count(f) for kinds in families) for f in _PADDING}
    start, at = {}, 2
    for f in _PADDING:
        start[f], at = at, at + width[f]
    branches, layout = [], {}
    for n, (part, kinds) in enumerate(zip(parts, families, strict=True)):
        slots: dict[str, list[Any]] = {f: [] for f in _PADDING}
        positions = []
        for column, f in zip(part.stmt.selected_columns, kinds, strict=True):
            positions.append(start[f] + len(slots[f]))
            slots[f].append(column)
        columns = [
            literal_column(str(n), Integer).label("k"),
            func.row_number().over(order_by=part.order).label("seq"),
        ]
        for f, padding in _PADDING.items():
            filled = slots[f] + [cast(null(), padding)] * (width[f] - len(slots[f]))
            columns += [c.label(f"{f}{i}") for i, c in enumerate(filled)]
        branches.append(part.stmt.with_only_columns(*columns))
        layout[n] = tuple(positions)
    return union_all(*branches).order_by(literal_column("k"), literal_column("seq")), layout


def _name(user: Any) -> Any:
    return func.coalesce(user.display_name, "")


def _text(column: Any) -> Any:
    """Blank for NULL, so optional text arrives as a string."""
    return func.coalesce(column, "")
