"""Users table for the administrator screen: who may sign in, with which role, and their state."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor

from desktop.domain.dates import format_datetime
from desktop.models.table import RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("UsersTableModel", text)


class Column(IntEnum):
    USERNAME = 0
    NAME = 1
    ROLE = 2
    TEAM = 3
    AGENCY = 4
    STATUS = 5


_HEADERS = {
    Column.USERNAME: QT_TRANSLATE_NOOP("UsersTableModel", "Username"),
    Column.NAME: QT_TRANSLATE_NOOP("UsersTableModel", "Name"),
    Column.ROLE: QT_TRANSLATE_NOOP("UsersTableModel", "Role"),
    Column.TEAM: QT_TRANSLATE_NOOP("UsersTableModel", "Team"),
    Column.AGENCY: QT_TRANSLATE_NOOP("UsersTableModel", "Agency"),
    Column.STATUS: QT_TRANSLATE_NOOP("UsersTableModel", "Status"),
}

#: Status text colours on white (≥ 4.5:1): deactivated grey, locked red.
_INACTIVE_COLOUR = "#595f69"
_LOCKED_COLOUR = "#a4161a"


def status_text(user: Any, now: datetime | None = None) -> str:
    """Active / Deactivated / Locked until … (a lock that has run out is no longer shown)."""
    if not user.active:
        return _tr("Deactivated")
    now = now or datetime.now(UTC)
    if user.locked_until is not None and user.locked_until > now:
        return _tr("Locked until {time}").format(time=format_datetime(user.locked_until))
    return _tr("Active")


class UsersTableModel(RowTableModel[Any]):
    """Rows are ``UserRecord`` objects from ``UserAdminService.list_users`` (duck-typed)."""

    columns = Column

    def header_text(self, column: int) -> str:
        return _tr(_HEADERS[Column(column)])

    def display(self, row: Any, column: int) -> str:
        col = Column(column)
        if col == Column.USERNAME:
            return str(row.username)
        if col == Column.NAME:
            return str(row.display_name)
        if col == Column.ROLE:
            return _tr(row.role.label)
        if col == Column.TEAM:
            return row.team or _tr("No team")
        if col == Column.AGENCY:
            return str(row.agency)
        return status_text(row)

    def extra(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATUS:
            if not row.active:
                return QColor(_INACTIVE_COLOUR)
            if status_text(row) != _tr("Active"):
                return QColor(_LOCKED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.STATUS and not row.has_password:
            return _tr("No password set: this user can sign in only with the workstation login")
        return None

    def row_of_id(self, user_id: int) -> int:
        for i in range(self.rowCount()):
            if self.row_at(i).id == user_id:
                return i
        return -1
