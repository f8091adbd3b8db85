"""ChronologyTableModel: the Qt model contract, date precision, filters (boundaries included)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt

from desktop.domain.enums import ChronologyCategory, DatePrecision
from desktop.domain.workspace import ChronologyItem
from desktop.models.chronology import (
    ChronologyFilter,
    ChronologyTableModel,
    Column,
    format_event_date,
)


def item(
    key: str,
    on: date,
    *,
    category: ChronologyCategory = ChronologyCategory.POLICE,
    precision: DatePrecision = DatePrecision.EXACT,
    end: date | None = None,
    source: str = "Police — PC Hollis",
    description: str = "Seen getting into a car",
    analysis: str | None = "",
    significant: bool = False,
    linked: tuple[str, int] | None = None,
) -> ChronologyItem:
    return ChronologyItem(
        key=key,
        event_date=on,
        precision=precision,
        end_date=end,
        category=category,
        source=source,
        description=description,
        analysis=analysis,
        significant=significant,
        author="Sam Okafor",
        recorded_at=datetime(2026, 3, 1, tzinfo=UTC),
        age_at_event=14,
        linked_kind=linked[0] if linked else None,
        linked_id=linked[1] if linked else None,
        entry_id=None if linked else int(key.split(":")[1]),
        version=None if linked else 1,
    )


ITEMS = [
    item("entry:5", date(2026, 3, 20), significant=True, analysis="Grooming pattern"),
    item(
        "missing:3",
        date(2026, 3, 10),
        end=date(2026, 3, 12),
        category=ChronologyCategory.MISSING_EPISODE,
        source="Missing episode",
        description="Missing overnight",
        significant=True,
        linked=("missing", 3),
    ),
    item(
        "entry:4",
        date(2026, 3, 1),
        precision=DatePrecision.MONTH,
        category=ChronologyCategory.EDUCATION,
        source="Education — Head of Year",
        description="Attendance fell to 60%",
    ),
    item(
        "entry:2",
        date(2026, 1, 1),
        precision=DatePrecision.APPROXIMATE,
        category=ChronologyCategory.POSITIVE_EVENT,
        source="Family — Aunt Mel",
        description="Joined a boxing club",
    ),
]


@pytest.fixture
def model() -> ChronologyTableModel:
    m = ChronologyTableModel()
    m.set_rows(ITEMS)
    return m


def keys(model: ChronologyTableModel) -> list[str]:
    return [model.row_at(i).key for i in range(model.rowCount())]


def test_model_contract(qtmodeltester, model: ChronologyTableModel) -> None:
    qtmodeltester.check(model)
    model.apply(ChronologyFilter(text="car"))
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("precision", "end", "expected"),
    [
        (DatePrecision.EXACT, None, "3 Mar 2026"),
        (DatePrecision.MONTH, None, "Mar 2026"),
        (DatePrecision.APPROXIMATE, None, "c. Mar 2026"),
        (DatePrecision.EXACT, date(2026, 3, 5), "3 Mar 2026 – 5 Mar 2026"),
        (DatePrecision.EXACT, date(2026, 3, 3), "3 Mar 2026"),
        (DatePrecision.MONTH, date(2026, 5, 1), "Mar 2026 – May 2026"),
        (DatePrecision.MONTH, date(2026, 3, 28), "Mar 2026"),
    ],
)
def test_event_date_respects_precision(
    precision: DatePrecision, end: date | None, expected: str
) -> None:
    assert format_event_date(item("entry:1", date(2026, 3, 3), precision=precision, end=end)) == (
        expected
    )


def test_cells_say_what_people_read(model: ChronologyTableModel) -> None:
    cell = lambda row, col: model.index(row, col).data()  # noqa: E731
    assert keys(model) == ["entry:5", "missing:3", "entry:4", "entry:2"]  # newest first
    assert cell(0, Column.SIGNIFICANT) == "★"
    assert cell(2, Column.SIGNIFICANT) == ""
    assert cell(1, Column.DATE) == "10 Mar 2026 – 12 Mar 2026"
    assert cell(2, Column.DATE) == "Mar 2026"
    assert cell(3, Column.DATE) == "c. Jan 2026"
    assert cell(0, Column.AGE) == "14"
    assert cell(1, Column.CATEGORY) == "Missing episode"
    assert cell(1, Column.LINK) == "↗ Missing episode"
    assert cell(0, Column.LINK) == ""
    assert cell(0, Column.ANALYSIS) == "Grooming pattern"
    assert model.headerData(Column.DESCRIPTION, Qt.Orientation.Horizontal).startswith(
        "What happened"
    )
    # analysis looks different from fact: italic, its own colour
    font = model.index(0, Column.ANALYSIS).data(Qt.ItemDataRole.FontRole)
    assert font.italic()
    assert model.index(0, Column.ANALYSIS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, Column.DESCRIPTION).data(Qt.ItemDataRole.FontRole) is None
    # markers speak to screen readers
    accessible = Qt.ItemDataRole.AccessibleTextRole
    assert model.index(0, Column.SIGNIFICANT).data(accessible) == "Significant"
    assert "Missing episode" in model.index(1, Column.LINK).data(accessible)
    assert "Enter" in model.index(1, Column.LINK).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, 0).data(model.RowRole) is ITEMS[2]
    assert model.index(2, Column.DATE).data(model.SortRole) == (date(2026, 3, 1), "entry:4")


def test_analysis_column_is_known_hidden_when_none_readable() -> None:
    model = ChronologyTableModel()
    model.set_rows([replace(i, analysis=None) for i in ITEMS])
    assert not model.analysis_visible
    model.set_rows(ITEMS)
    assert model.analysis_visible


def test_oldest_first(model: ChronologyTableModel) -> None:
    model.set_newest_first(False)
    assert keys(model) == ["entry:2", "entry:4", "missing:3", "entry:5"]
    assert not model.newest_first
    model.set_newest_first(True)
    assert keys(model) == ["entry:5", "missing:3", "entry:4", "entry:2"]


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        (ChronologyFilter(), ["entry:5", "missing:3", "entry:4", "entry:2"]),
        (ChronologyFilter(significant_only=True), ["entry:5", "missing:3"]),
        (
            ChronologyFilter(
                categories=frozenset(
                    {ChronologyCategory.EDUCATION, ChronologyCategory.POSITIVE_EVENT}
                )
            ),
            ["entry:4", "entry:2"],
        ),
        # inclusive at both ends
        (ChronologyFilter(date_from=date(2026, 3, 20)), ["entry:5"]),
        (ChronologyFilter(date_to=date(2026, 1, 1)), ["entry:2"]),
        (ChronologyFilter(date_from=date(2026, 3, 21)), []),
        # an event spanning a period matches when the period overlaps the range
        (ChronologyFilter(date_from=date(2026, 3, 12), date_to=date(2026, 3, 15)), ["missing:3"]),
        (ChronologyFilter(date_from=date(2026, 3, 13), date_to=date(2026, 3, 15)), []),
        # free text over description, source and analysis, any case
        (ChronologyFilter(text="BOXING"), ["entry:2"]),
        (ChronologyFilter(text="head of year"), ["entry:4"]),
        (ChronologyFilter(text="grooming"), ["entry:5"]),
        (ChronologyFilter(text="  grooming "), ["entry:5"]),
        (ChronologyFilter(text="nothing like this"), []),
        (
            ChronologyFilter(significant_only=True, text="missing", date_to=date(2026, 3, 31)),
            ["missing:3"],
        ),
    ],
)
def test_filters(
    model: ChronologyTableModel, filter_: ChronologyFilter, expected: list[str]
) -> None:
    model.apply(filter_)
    assert keys(model) == expected
    assert model.visible_count == len(expected)
    assert model.total_count == 4
    assert all(filter_.matches(i) == (i.key in expected) for i in ITEMS)


def test_filter_survives_new_rows(model: ChronologyTableModel) -> None:
    model.apply(ChronologyFilter(text="boxing"))
    changed = [replace(i, description="Boxing again") if i.key == "entry:4" else i for i in ITEMS]
    model.set_rows(changed)
    assert keys(model) == ["entry:4", "entry:2"]
    assert model.row_of_key("entry:2") == 1
    assert model.row_of_key("entry:99") == -1


def test_filter_as_export_dict() -> None:
    f = ChronologyFilter(
        categories=frozenset({ChronologyCategory.POLICE}),
        date_from=date(2026, 1, 1),
        significant_only=True,
        text=" car ",
    )
    assert f.as_dict() == {
        "categories": frozenset({ChronologyCategory.POLICE}),
        "date_from": date(2026, 1, 1),
        "date_to": None,
        "significant_only": True,
        "text": "car",
    }
