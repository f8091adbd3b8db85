"""ContactsTableModel: the Qt model contract, the texts people read, failed attempts set apart."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from desktop.domain.enums import ContactKind
from desktop.models.contacts import (
    FAILED_COLOUR,
    Column,
    ContactsTableModel,
    duration_text,
)
from tests.views.fake_workspace import make_workspace


@pytest.fixture
def model() -> ContactsTableModel:
    m = ContactsTableModel()
    m.set_rows(make_workspace().contacts)
    return m


def test_model_contract(qtmodeltester, model: ContactsTableModel) -> None:
    qtmodeltester.check(model)
    model.sort(Column.DURATION, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_newest_first_and_texts(model: ContactsTableModel) -> None:
    assert model.rowCount() == 14
    ids = [model.row_at(i).id for i in range(model.rowCount())]
    assert ids == list(range(1, 15))  # contact 1 is the most recent
    row = model.row_of_id(4)
    cell = lambda col: model.index(row, col).data()  # noqa: E731
    assert cell(Column.WHEN) == "11 Nov 2026 06:00"
    assert cell(Column.KIND) == "Face to face"
    assert cell(Column.DURATION) == "45 min"
    assert cell(Column.OUT_OF_HOURS) == "Out of hours"
    assert cell(Column.WITH) == "Young person"
    assert cell(Column.WORKER) == "Lee Walsh"
    assert cell(Column.SUMMARY) == "Contact 4: talked about school and friends."
    assert model.index(model.row_of_id(3), Column.SAID).data() == "“It's fine, I'm fine.”"
    assert model.index(model.row_of_id(5), Column.SUMMARY).data().startswith("★ ")
    assert model.headerData(Column.SAID, Qt.Orientation.Horizontal) == "In their own words"


def test_failed_attempts_look_and_read_different(model: ContactsTableModel) -> None:
    failed = model.row_of_id(3)
    ok = model.row_of_id(4)
    assert model.row_at(failed).kind is ContactKind.FAILED_ATTEMPT
    assert model.index(failed, Column.KIND).data() == "✗ Failed attempt"
    assert model.index(failed, Column.DURATION).data() == ""
    fg = model.index(failed, Column.SUMMARY).data(Qt.ItemDataRole.ForegroundRole)
    assert fg.name() == FAILED_COLOUR
    assert model.index(failed, Column.SUMMARY).data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(ok, Column.SUMMARY).data(Qt.ItemDataRole.ForegroundRole) is None
    accessible = Qt.ItemDataRole.AccessibleTextRole
    assert "no contact made" in model.index(failed, Column.KIND).data(accessible)
    assert model.index(ok, Column.OUT_OF_HOURS).data(accessible) == "Out of hours"
    assert model.index(model.row_of_id(2), Column.OUT_OF_HOURS).data(accessible) == (
        "In office hours"
    )


def test_sorting_in_python(model: ContactsTableModel) -> None:
    model.sort(Column.WHEN, Qt.SortOrder.AscendingOrder)
    assert model.row_at(0).id == 14
    model.sort(Column.DURATION, Qt.SortOrder.AscendingOrder)
    assert model.row_at(0).duration_minutes is None
    assert model.index(0, Column.DURATION).data(model.SortRole) == -1
    long = replace(model.all_rows()[0], id=99, duration_minutes=125)
    model.set_rows([*model.all_rows(), long])
    model.sort(Column.DURATION, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).id == 99
    assert model.index(0, Column.DURATION).data() == "2 h 5 min"
    assert model.index(0, 0).data(model.RowRole) is long


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(None, ""), (0, "0 min"), (59, "59 min"), (60, "1 h"), (90, "1 h 30 min")],
)
def test_duration_text(minutes: int | None, text: str) -> None:
    assert duration_text(minutes) == text
