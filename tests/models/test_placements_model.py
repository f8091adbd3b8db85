"""The placement episodes table: code descriptions, distance wording, markers, newest first."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from desktop.models.placements import Column, PlacementsTableModel
from tests.views.fake_workspace import make_workspace


def episodes():
    ws = make_workspace()
    temporary = replace(
        ws.placements[1],
        id=9,
        decom=ws.placements[1].decom.replace(year=ws.placements[1].decom.year - 1),
        place="T4",
        place_label="Temporary accommodation of seven days or less",
        counted=False,
        starts_placement=False,
        distance_miles=0.4,
        out_of_area=False,
    )
    return [ws.placements[1], temporary, ws.placements[0]]


def test_model_passes_the_model_tester(qtmodeltester) -> None:
    model = PlacementsTableModel()
    model.set_rows(episodes())
    qtmodeltester.check(model)


def test_newest_first_with_codes_described() -> None:
    model = PlacementsTableModel()
    model.set_rows(episodes())
    assert [model.row_at(i).id for i in range(model.rowCount())] == [3, 2, 9]

    def text(row: int, column: Column) -> str:
        return model.index(row, column).data()

    assert text(0, Column.DATES) == "25 Aug 2026 – current (open)\n● Starts a new placement"
    assert text(0, Column.REASON) == "P — Change of placement and carer(s) only"
    assert text(0, Column.LEGAL_STATUS) == "C2 — Full care order"
    assert text(0, Column.PLACEMENT) == "K2 — Children's home\nOakfield House\nURN SC123456"
    assert text(0, Column.ENDING) == ""
    assert text(0, Column.LOCATION) == "LS1 4AP\n36.2 miles from home\nOut of area: yes"
    assert text(1, Column.DATES).startswith("18 Mar 2026 – 25 Aug 2026")
    assert text(1, Column.ENDING) == (
        "E4A — Moved to another placement\n"
        "Change: CREQB — Carer(s) requested placement end due to child's behaviour"
    )
    # an unknown postcode is "not known", never 0
    assert text(1, Column.LOCATION) == (
        "Postcode not known\nDistance not known\nOut of area: not known"
    )
    assert text(2, Column.LOCATION).splitlines()[1:] == ["0.4 miles from home", "Out of area: no"]
    assert text(2, Column.DATES).splitlines()[1:] == ["Not counted (short break/temporary)"]
    assert text(2, Column.PLACEMENT).startswith("T4 — Temporary accommodation")
    assert model.open_episode().id == 3


def test_sorting_is_by_date_and_distance_not_text() -> None:
    model = PlacementsTableModel()
    model.set_rows(episodes())
    model.sort(Column.DATES, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(i).id for i in range(3)] == [9, 2, 3]
    model.sort(Column.LOCATION, Qt.SortOrder.DescendingOrder)
    assert [model.row_at(i).id for i in range(3)] == [3, 9, 2]  # not known last
    model.sort(Column.ENDING, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).id == 3  # the open episode ends latest
    index = model.index(0, Column.DATES)
    assert index.data(model.RowRole).id == 3
    assert index.data(model.SortRole)[0] == model.row_at(0).decom


def test_open_episode_is_bold_green_and_tooltip_explains_unknown_distance() -> None:
    model = PlacementsTableModel()
    model.set_rows(episodes())
    assert model.index(0, Column.DATES).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, Column.DATES).data(Qt.ItemDataRole.ForegroundRole).name() == "#1b4d20"
    tip = model.index(1, Column.LOCATION).data(Qt.ItemDataRole.ToolTipRole)
    assert "postcode is missing or not recognised" in tip
    assert model.index(2, Column.PLACEMENT).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.headerData(Column.REASON, Qt.Orientation.Horizontal) == "Reason (RNE)"
    assert model.headerData(
        Column.REASON, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    ) == ("Reason for new episode (RNE)")
