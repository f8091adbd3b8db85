"""Three-way merge of one record's fields: what the user typed against what a colleague saved.

``base`` is the record as the user opened it, ``mine`` what they want to save and ``theirs``
what is stored now. A field changed by only one side takes that side's value; a field both
changed to different values is a conflict the user settles; both changed alike is no conflict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Returned for a key one side does not carry (never equal to a real value).
_ABSENT: Any = object()


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged values (a conflict keeps the user's value until they choose otherwise)."""

    values: dict[str, object] = field(default_factory=dict)
    #: Fields both sides changed to different values, in ``mine``'s order.
    conflicts: tuple[str, ...] = ()
    #: Fields only the colleague changed: their value was taken.
    auto_taken_theirs: tuple[str, ...] = ()
    #: Fields only the user changed: their value was kept.
    auto_kept_mine: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.conflicts

    def resolved(self, choices: Mapping[str, object]) -> dict[str, object]:
        """The values with each conflict settled by ``choices`` (field -> value to save)."""
        missing = [name for name in self.conflicts if name not in choices]
        if missing:
            raise ValueError(f"No choice made for {', '.join(missing)}")
        return {**self.values, **{name: choices[name] for name in self.conflicts}}


def merge(
    base: Mapping[str, object], mine: Mapping[str, object], theirs: Mapping[str, object]
) -> MergeResult:
    """Merge field by field over ``mine``'s fields (a field ``theirs`` lacks is unchanged by
    them; a field ``base`` lacks counts as changed by whichever side has it)."""
    values: dict[str, object] = {}
    conflicts: list[str] = []
    taken: list[str] = []
    kept: list[str] = []
    for name, my_value in mine.items():
        before = base.get(name, _ABSENT)
        their_value = theirs.get(name, before)
        if their_value is _ABSENT:  # neither base nor theirs knows it: only mine does
            values[name] = my_value
            continue
        i_changed = my_value != before
        they_changed = their_value != before
        if my_value == their_value:
            values[name] = my_value  # unchanged, or both made the same change
        elif i_changed and they_changed:
            values[name] = my_value
            conflicts.append(name)
        elif they_changed:
            values[name] = their_value
            taken.append(name)
        else:
            values[name] = my_value
            kept.append(name)
    return MergeResult(values, tuple(conflicts), tuple(taken), tuple(kept))
