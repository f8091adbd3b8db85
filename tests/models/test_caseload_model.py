"""CaseloadTableModel: Qt model contract, values per role, Python filtering and sorting."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap

from desktop.domain.enums import FlagCode, RiskCategory
from desktop.domain.records import CaseloadRow
from desktop.models.caseload import (
    RISK_TINTS,
    CaseloadFilter,
    CaseloadTableModel,
    Column,
)

Role = Qt.ItemDataRole
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


@pytest.fixture
def model(qtbot, rows: list[CaseloadRow]) -> CaseloadTableModel:
    model = CaseloadTableModel()
    model.apply(sort_column=Column.NAME, order=ASC)
    model.set_rows(rows)
    return model


def names(model: CaseloadTableModel) -> list[str]:
    return [model.row_at(i).display_name for i in range(model.rowCount())]


def cell(
    model: CaseloadTableModel, name: str, column: Column, role: int = Role.DisplayRole
) -> object:
    row = next(i for i in range(model.rowCount()) if model.row_at(i).display_name == name)
    return model.index(row, column).data(role)


def test_qtmodeltester_empty_and_filled(qtmodeltester, rows: list[CaseloadRow]) -> None:
    model = CaseloadTableModel()
    qtmodeltester.check(model)
    model.set_rows(rows)
    qtmodeltester.check(model)
    model.apply(CaseloadFilter(text="a"))
    qtmodeltester.check(model)


def test_shape_and_headers(model: CaseloadTableModel) -> None:
    assert model.rowCount() == 6 and model.columnCount() == len(Column) == 8
    assert model.rowCount(model.index(0, 0)) == 0
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == [
        "Name",
        "Age",
        "Risk",
        "Legal status",
        "Allocated worker",
        "Key person",
        "Days since contact",
        "Flags",
    ]
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_risk_label_trend_and_colour(model: CaseloadTableModel) -> None:
    assert cell(model, "Amelia Hart", Column.RISK) == "Significant ↑"
    assert cell(model, "ben Carter", Column.RISK) == "Moderate ↓"
    assert cell(model, "Chloe Adams", Column.RISK) == "Mild →"
    assert cell(model, "Ella Ahmed", Column.RISK) == "Significant"  # first assessment: no arrow
    assert cell(model, "Dylan Brooks", Column.RISK) == "Not assessed"
    background = cell(model, "Amelia Hart", Column.RISK, Role.BackgroundRole)
    assert isinstance(background, QColor)
    assert background == QColor(RISK_TINTS[RiskCategory.SIGNIFICANT])
    assert cell(model, "Dylan Brooks", Column.RISK, Role.BackgroundRole) is None
    swatch = cell(model, "Amelia Hart", Column.RISK, Role.DecorationRole)
    assert isinstance(swatch, QIcon) and not swatch.isNull()
    tip = cell(model, "Amelia Hart", Column.RISK, Role.ToolTipRole)
    assert (
        tip
        == "Significant (score 42), escalated since the previous assessment\nReview due 01 Jun 2026"
    )


def test_badges_age_contact(model: CaseloadTableModel) -> None:
    assert cell(model, "Amelia Hart", Column.STATUS) == "CLA C2"
    assert cell(model, "ben Carter", Column.STATUS) == "CP"
    assert cell(model, "Amir Hassan", Column.STATUS) == "EH"
    assert cell(model, "Dylan Brooks", Column.STATUS) == ""
    assert cell(model, "Amelia Hart", Column.AGE) == "15"
    assert cell(model, "Dylan Brooks", Column.AGE) == ""
    assert cell(model, "Amelia Hart", Column.LAST_CONTACT) == "21"
    assert cell(model, "ben Carter", Column.LAST_CONTACT) == "Never"
    assert cell(model, "Amir Hassan", Column.LAST_CONTACT) == "0"
    assert cell(model, "Amelia Hart", Column.WORKER) == "Priya Shah"
    assert cell(model, "Amelia Hart", Column.KEY_PERSON) == "Jo Reid"
    align = Qt.AlignmentFlag(cell(model, "Amelia Hart", Column.AGE, Role.TextAlignmentRole))
    assert align & Qt.AlignmentFlag.AlignRight
    # Contact gap (flag raised by the domain) is emphasised; no flag, no emphasis.
    assert cell(model, "Amelia Hart", Column.LAST_CONTACT, Role.ForegroundRole) is not None
    assert cell(model, "Chloe Adams", Column.LAST_CONTACT, Role.ForegroundRole) is None


def test_flags_icons_tooltip_and_accessible_text(model: CaseloadTableModel) -> None:
    assert cell(model, "Amelia Hart", Column.FLAGS) == ""
    strip = cell(model, "Amelia Hart", Column.FLAGS, Role.DecorationRole)
    assert isinstance(strip, QPixmap) and not strip.isNull()
    assert strip.width() / strip.devicePixelRatio() == 2 * 16 + 3  # two icons side by side
    assert strip.toImage().pixelColor(8 * 2, 8 * 2).alpha() > 0  # icon resources were found
    tip = cell(model, "Amelia Hart", Column.FLAGS, Role.ToolTipRole)
    assert tip == (
        "• Review overdue: Risk review was due on 1 March 2026.\n"
        "• Contact gap: No key-person contact for 21 days (limit 14)."
    )
    assert cell(model, "Amelia Hart", Column.FLAGS, Role.AccessibleTextRole) == (
        "Flags: Review overdue, Contact gap"
    )
    assert cell(model, "Chloe Adams", Column.FLAGS, Role.DecorationRole) is None
    assert cell(model, "Chloe Adams", Column.FLAGS, Role.ToolTipRole) is None
    assert cell(model, "Chloe Adams", Column.FLAGS, Role.AccessibleTextRole) == "No flags"
    codes = [f.code for f in cell(model, "Amelia Hart", Column.NAME, CaseloadTableModel.FlagsRole)]
    assert codes == [FlagCode.OVERDUE_REVIEW, FlagCode.CONTACT_GAP]


def test_restricted_and_row_role(model: CaseloadTableModel) -> None:
    assert isinstance(cell(model, "Dylan Brooks", Column.NAME, Role.DecorationRole), QIcon)
    assert "Restricted" in cell(model, "Dylan Brooks", Column.NAME, Role.ToolTipRole)
    row = cell(model, "Dylan Brooks", Column.AGE, CaseloadTableModel.RowRole)
    assert isinstance(row, CaseloadRow) and row.id == 4
    assert model.data(QModelIndex()) is None


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        (
            CaseloadFilter(),
            [
                "Amelia Hart",
                "Amir Hassan",
                "ben Carter",
                "Chloe Adams",
                "Dylan Brooks",
                "Ella Ahmed",
            ],
        ),
        (CaseloadFilter(text="  AM "), ["Amelia Hart", "Amir Hassan", "Chloe Adams"]),
        (CaseloadFilter(text="carter"), ["ben Carter"]),
        (CaseloadFilter(text="zz"), []),
        (
            CaseloadFilter(categories=frozenset({RiskCategory.SIGNIFICANT})),
            ["Amelia Hart", "Ella Ahmed"],
        ),
        (CaseloadFilter(categories=frozenset({None})), ["Dylan Brooks"]),
        (CaseloadFilter(flag=FlagCode.CONTACT_GAP), ["Amelia Hart", "Ella Ahmed"]),
        (CaseloadFilter(flag=FlagCode.ESCALATION), []),
        (CaseloadFilter(worker="Alex Moore"), ["Dylan Brooks", "Ella Ahmed"]),
        (
            CaseloadFilter(
                text="a", worker="Priya Shah", categories=frozenset({RiskCategory.MILD})
            ),
            ["Chloe Adams"],
        ),
    ],
)
def test_filtering(
    model: CaseloadTableModel, rows: list[CaseloadRow], filter_: CaseloadFilter, expected: list[str]
) -> None:
    model.apply(filter_)
    assert names(model) == expected
    assert model.visible_count == len(expected) and model.total_count == 6
    # The pure predicate agrees with the model's precomputed one.
    assert sorted(r.display_name for r in rows if filter_.matches(r)) == sorted(expected)


@pytest.mark.parametrize(
    ("column", "ascending"),
    [
        (
            Column.NAME,
            [
                "Amelia Hart",
                "Amir Hassan",
                "ben Carter",
                "Chloe Adams",
                "Dylan Brooks",
                "Ella Ahmed",
            ],
        ),
        (
            Column.AGE,
            [
                "Dylan Brooks",
                "Amir Hassan",
                "ben Carter",
                "Ella Ahmed",
                "Amelia Hart",
                "Chloe Adams",
            ],
        ),
        (
            Column.RISK,
            [
                "Dylan Brooks",
                "Amir Hassan",
                "Chloe Adams",
                "ben Carter",
                "Ella Ahmed",
                "Amelia Hart",
            ],
        ),
        (
            Column.STATUS,
            [
                "Dylan Brooks",
                "Amir Hassan",
                "Chloe Adams",
                "ben Carter",
                "Amelia Hart",
                "Ella Ahmed",
            ],
        ),
        (
            Column.WORKER,
            [
                "Dylan Brooks",
                "Ella Ahmed",
                "Amelia Hart",
                "Chloe Adams",
                "Amir Hassan",
                "ben Carter",
            ],
        ),
        (
            Column.KEY_PERSON,
            [
                "Amelia Hart",
                "Amir Hassan",
                "ben Carter",
                "Chloe Adams",
                "Dylan Brooks",
                "Ella Ahmed",
            ],
        ),
        (
            Column.LAST_CONTACT,
            [
                "Amir Hassan",
                "Chloe Adams",
                "Dylan Brooks",
                "Amelia Hart",
                "Ella Ahmed",
                "ben Carter",
            ],
        ),
        (
            Column.FLAGS,
            [
                "Amir Hassan",
                "Chloe Adams",
                "Dylan Brooks",
                "ben Carter",
                "Ella Ahmed",
                "Amelia Hart",
            ],
        ),
    ],
)
def test_sorting_each_column(
    model: CaseloadTableModel, column: Column, ascending: list[str]
) -> None:
    model.sort(column, ASC)
    assert names(model) == ascending
    model.sort(column, DESC)
    descending = names(model)
    # Ties keep name order in both directions; otherwise descending is the reverse.
    keys = [
        model.index(i, column).data(CaseloadTableModel.SortRole) for i in range(model.rowCount())
    ]
    assert keys == sorted(keys, reverse=True)
    if len(set(keys)) == len(keys):
        assert descending == ascending[::-1]


def test_sort_ties_stay_alphabetical_when_descending(model: CaseloadTableModel) -> None:
    model.sort(Column.KEY_PERSON, DESC)  # everyone has Jo Reid
    assert names(model) == sorted(names(model), key=str.casefold)


def test_filter_and_sort_survive_set_rows(
    model: CaseloadTableModel, rows: list[CaseloadRow]
) -> None:
    model.apply(CaseloadFilter(categories=frozenset({RiskCategory.SIGNIFICANT})), Column.RISK, DESC)
    model.set_rows([*rows, replace(rows[0], id=99, display_name="Zoe Quinn", risk_score=50)])
    assert names(model) == ["Zoe Quinn", "Amelia Hart", "Ella Ahmed"]
    assert model.row_of_id(99) == 0 and model.row_of_id(3) == -1


def test_apply_resets_model(qtbot, model: CaseloadTableModel) -> None:
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset], timeout=1000):
        model.apply(CaseloadFilter(text="amelia"))
    assert model.rowCount() == 1


def test_twenty_thousand_rows_filter_and_sort_quickly(
    model: CaseloadTableModel, rows: list[CaseloadRow]
) -> None:
    import time

    big = [
        replace(rows[i % 6], id=i, display_name=f"{rows[i % 6].display_name} {i}")
        for i in range(20_000)
    ]
    model.set_rows(big)
    start = time.perf_counter()
    model.apply(CaseloadFilter(text="amel"))
    model.sort(Column.LAST_CONTACT, DESC)
    elapsed = time.perf_counter() - start
    assert model.rowCount() == 20_000 // 6 + 1
    assert elapsed < 0.5  # generous here; the benchmark holds the 30 ms target
