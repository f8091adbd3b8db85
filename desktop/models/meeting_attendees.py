"""A meeting's attendees as an editable Qt model."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.domain.meetings import (
    AttendeeView,
)
from desktop.models.meeting_common import (
    ModelIndex,
    _tr,
)


class AttendeeColumn(IntEnum):
    NAME = 0
    AGENCY = 1
    ROLE = 2
    ATTENDED = 3
    DISTRIBUTION = 4


_ATTENDEE_HEADERS: dict[AttendeeColumn, str] = {
    AttendeeColumn.NAME: QT_TRANSLATE_NOOP("MeetingsModels", "Name"),
    AttendeeColumn.AGENCY: QT_TRANSLATE_NOOP("MeetingsModels", "Agency"),
    AttendeeColumn.ROLE: QT_TRANSLATE_NOOP("MeetingsModels", "Role"),
    AttendeeColumn.ATTENDED: QT_TRANSLATE_NOOP("MeetingsModels", "Attendance"),
    AttendeeColumn.DISTRIBUTION: QT_TRANSLATE_NOOP("MeetingsModels", "On distribution"),
}
_TEXT_FIELDS = {
    AttendeeColumn.NAME: "name",
    AttendeeColumn.AGENCY: "agency",
    AttendeeColumn.ROLE: "role",
}


_CHECK_FIELDS = {
    AttendeeColumn.ATTENDED: "attended",
    AttendeeColumn.DISTRIBUTION: "on_distribution",
}


class AttendeesModel(QAbstractTableModel):
    """The meeting's attendance list, edited in place: text cells and two check boxes
    (attended, unchecked = apologies; on the pack's distribution list)."""

    #: Role returning the row's AttendeeView.
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AttendeeView] = []

    def set_attendees(self, rows: Iterable[AttendeeView]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def attendees(self) -> tuple[AttendeeView, ...]:
        return tuple(self._rows)

    def add_attendee(self) -> int:
        """Append an empty row (attending, on distribution); returns its row."""
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(AttendeeView(None, "", "", "", True, True))
        self.endInsertRows()
        return n

    def remove_attendee(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(AttendeeColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(AttendeeColumn)
        ):
            return _tr(_ATTENDEE_HEADERS[AttendeeColumn(section)])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], AttendeeColumn(index.column())
        if column in _TEXT_FIELDS:
            value = getattr(row, _TEXT_FIELDS[column])
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return value
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return value or _tr("empty")
            if role == Qt.ItemDataRole.ForegroundRole and column == AttendeeColumn.NAME:
                return QColor("#a4161a") if not value.strip() else None
        else:
            on = bool(getattr(row, _CHECK_FIELDS[column]))
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                if column == AttendeeColumn.ATTENDED:
                    return _tr("Attended") if on else _tr("Apologies")
                return _tr("Yes") if on else _tr("No")
        if role == self.RowRole:
            return row
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if index.column() in _TEXT_FIELDS:
            return flags | Qt.ItemFlag.ItemIsEditable
        return flags | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        column = AttendeeColumn(index.column())
        row = self._rows[index.row()]
        if column in _TEXT_FIELDS and role == Qt.ItemDataRole.EditRole:
            new = replace(row, **{_TEXT_FIELDS[column]: str(value)})
        elif column in _CHECK_FIELDS and role == Qt.ItemDataRole.CheckStateRole:
            state = Qt.CheckState(value) if isinstance(value, int) else value
            new = replace(row, **{_CHECK_FIELDS[column]: state == Qt.CheckState.Checked})
        else:
            return False
        if new == row:
            return True
        self._rows[index.row()] = new
        self.dataChanged.emit(index, index)
        return True
