"""Three-way field merge: one side's change merges itself; two different changes conflict."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.merge import MergeResult, merge

B = {"fact": "Seen at the park", "analysis": "", "when": date(2026, 3, 1), "significant": False}


@pytest.mark.parametrize(
    ("case", "mine", "theirs", "values", "conflicts", "taken", "kept"),
    [
        ("nobody changed anything", {}, {}, {}, (), (), ()),
        ("only I changed", {"fact": "Seen at the station"}, {}, {"fact": "Seen at the station"},
         (), (), ("fact",)),
        ("only they changed", {}, {"analysis": "Grooming risk"}, {"analysis": "Grooming risk"},
         (), ("analysis",), ()),
        ("different fields", {"fact": "F2"}, {"analysis": "A2"}, {"fact": "F2", "analysis": "A2"},
         (), ("analysis",), ("fact",)),
        ("same field, different values", {"fact": "Mine"}, {"fact": "Theirs"}, {"fact": "Mine"},
         ("fact",), (), ()),
        ("same field, same value", {"fact": "Both"}, {"fact": "Both"}, {"fact": "Both"},
         (), (), ()),
        ("dates", {"when": date(2026, 3, 2)}, {"when": date(2026, 3, 3)},
         {"when": date(2026, 3, 2)}, ("when",), (), ()),
        ("a flag one side set", {}, {"significant": True}, {"significant": True},
         (), ("significant",), ()),
        ("they cleared, I kept", {}, {"fact": ""}, {"fact": ""}, (), ("fact",), ()),
        ("mixed", {"fact": "Mine", "when": date(2026, 2, 1)},
         {"fact": "Theirs", "analysis": "A2", "when": date(2026, 2, 1)},
         {"fact": "Mine", "analysis": "A2", "when": date(2026, 2, 1)}, ("fact",), ("analysis",),
         ()),
    ],
)  # fmt: skip
def test_merge(
    case: str,
    mine: dict[str, object],
    theirs: dict[str, object],
    values: dict[str, object],
    conflicts: tuple[str, ...],
    taken: tuple[str, ...],
    kept: tuple[str, ...],
) -> None:
    result = merge(B, {**B, **mine}, {**B, **theirs})
    assert result.values == {**B, **values}, case
    assert result.conflicts == conflicts, case
    assert result.auto_taken_theirs == taken, case
    assert result.auto_kept_mine == kept, case
    assert result.clean is (not conflicts)


def test_fields_only_the_colleague_side_lacks_count_as_unchanged_by_them() -> None:
    result = merge({"a": 1, "b": 1}, {"a": 2, "b": 1}, {"b": 3})
    assert result.values == {"a": 2, "b": 3}
    assert (result.auto_kept_mine, result.auto_taken_theirs) == (("a",), ("b",))


def test_a_field_missing_from_base_conflicts_only_when_the_sides_differ() -> None:
    assert merge({}, {"a": 1}, {"a": 1}).conflicts == ()
    assert merge({}, {"a": 1}, {"a": 2}).conflicts == ("a",)
    assert merge({}, {"a": 1}, {}).values == {"a": 1}


def test_only_my_fields_are_merged() -> None:
    """A stored field the form does not edit is not the form's business."""
    assert merge({"a": 1}, {"a": 1}, {"a": 1, "other": 9}).values == {"a": 1}


def test_resolved_applies_each_choice_and_needs_one_per_conflict() -> None:
    result = merge({"a": 0, "b": 0, "c": 0}, {"a": 1, "b": 1, "c": 0}, {"a": 2, "b": 2, "c": 5})
    assert result.conflicts == ("a", "b")
    assert result.resolved({"a": 2, "b": "typed"}) == {"a": 2, "b": "typed", "c": 5}
    with pytest.raises(ValueError, match="b"):
        result.resolved({"a": 1})
    assert MergeResult().resolved({}) == {}
