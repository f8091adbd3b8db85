"""What every record table model gets from RowTableModel: headers and their tooltips, the first
sort, and finding a record's row."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import Qt

from desktop.models.table import RowTableModel


@dataclass(frozen=True)
class _Row:
    id: int
    name: str


class _Column(IntEnum):
    ID = 0
    NAME = 1


class _Model(RowTableModel[_Row]):
    columns = _Column
    headers = {_Column.ID: "#", _Column.NAME: "Name"}
    header_tips = {_Column.NAME: "Who it is"}
    default_sort = (_Column.NAME, Qt.SortOrder.DescendingOrder)

    def display(self, row: _Row, column: int) -> str:
        return str(row.id) if column == _Column.ID else row.name


def _model() -> _Model:
    model = _Model()
    model.set_rows([_Row(1, "Ava"), _Row(2, "Cal"), _Row(3, "Bea")])
    return model


def test_rows_start_in_the_default_sort_and_a_record_is_found_by_id() -> None:
    model = _model()
    assert [model.row_at(i).name for i in range(model.rowCount())] == ["Cal", "Bea", "Ava"]
    assert model.row_of_id(1) == 2
    assert model.row_of_id(99) == -1
    model.set_filter(lambda r: r.id != 2)
    assert model.row_of_id(3) == 0


def test_headers_and_their_tooltips() -> None:
    model = _model()
    horizontal = Qt.Orientation.Horizontal
    assert model.headerData(_Column.NAME, horizontal) == "Name"
    assert model.headerData(_Column.NAME, horizontal, Qt.ItemDataRole.ToolTipRole) == "Who it is"
    assert model.headerData(_Column.ID, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert model.headerData(5, horizontal) is None


def test_a_translation_context_translates_headers(monkeypatch) -> None:
    from desktop.models import table

    seen: list[tuple[str, str]] = []

    def translate(context: str, text: str) -> str:
        seen.append((context, text))
        return text.upper()

    monkeypatch.setattr(table.QCoreApplication, "translate", staticmethod(translate))

    class _Translated(_Model):
        context = "SomeModel"

    model = _Translated()
    assert model.headerData(_Column.NAME, Qt.Orientation.Horizontal) == "NAME"
    assert ("SomeModel", "Name") in seen
    assert _model().headerData(_Column.NAME, Qt.Orientation.Horizontal) == "Name"
