"""Missing episodes as a table, with each return interview's state and its 72-hour countdown."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.dates import format_datetime
from desktop.domain.enums import MissingKind, PoliceRiskGrade
from desktop.domain.workspace import MissingView
from desktop.models.missing_text import (
    GRADE_LABELS,
    KIND_LABELS,
    STATE_COLOURS,
    STATE_TINTS,
    RhiState,
    RhiStatus,
    duration_text,
    found_where_text,
    rhi_status,
    span_text,
)
from desktop.models.table import RowTableModel

__all__ = [
    "GRADE_LABELS",
    "KIND_LABELS",
    "STATE_COLOURS",
    "STATE_TINTS",
    "Column",
    "MissingTableModel",
    "RhiState",
    "RhiStatus",
    "duration_text",
    "found_where_text",
    "rhi_status",
    "span_text",
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("MissingTableModel", text)


class Column(IntEnum):
    KIND = 0
    STARTED = 1
    FOUND = 2
    DURATION = 3
    POLICE_GRADE = 4
    REPORTED_BY = 5
    FOUND_WHERE = 6
    RETURN_INTERVIEW = 7


_HEADERS: dict[int, str] = {
    Column.KIND: QT_TRANSLATE_NOOP("MissingTableModel", "Type"),
    Column.STARTED: QT_TRANSLATE_NOOP("MissingTableModel", "Started"),
    Column.FOUND: QT_TRANSLATE_NOOP("MissingTableModel", "Found / returned"),
    Column.DURATION: QT_TRANSLATE_NOOP("MissingTableModel", "Duration"),
    Column.POLICE_GRADE: QT_TRANSLATE_NOOP("MissingTableModel", "Police risk"),
    Column.REPORTED_BY: QT_TRANSLATE_NOOP("MissingTableModel", "Reported by"),
    Column.FOUND_WHERE: QT_TRANSLATE_NOOP("MissingTableModel", "Where found, with whom"),
    Column.RETURN_INTERVIEW: QT_TRANSLATE_NOOP("MissingTableModel", "Return interview"),
}


class MissingTableModel(RowTableModel[MissingView]):
    """Rows are the workspace's ``MissingView`` episodes; ``set_now()`` moves the countdowns."""

    columns = Column
    context = "MissingTableModel"
    headers = _HEADERS
    default_sort = (Column.STARTED, Qt.SortOrder.DescendingOrder)
    #: Role returning the row's ``RhiStatus`` (any column).
    RhiRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._now = datetime.now(UTC)

    @property
    def now(self) -> datetime:
        return self._now

    def set_now(self, now: datetime) -> None:
        """Re-time the countdown and duration cells (their text depends on the time)."""
        self._now = now
        if self.rowCount():
            for column in (Column.DURATION, Column.RETURN_INTERVIEW):
                self.dataChanged.emit(
                    self.index(0, column),
                    self.index(self.rowCount() - 1, column),
                    [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
                )

    def status(self, row: MissingView) -> RhiStatus:
        return rhi_status(row, self._now)

    def display(self, row: MissingView, column: int) -> str:
        col = Column(column)
        if col == Column.KIND:
            return _tr(KIND_LABELS[row.kind])
        if col == Column.STARTED:
            return format_datetime(row.started_at)
        if col == Column.FOUND:
            return format_datetime(row.ended_at) if row.ended_at else _tr("Still missing")
        if col == Column.DURATION:
            return duration_text(row, self._now)
        if col == Column.POLICE_GRADE:
            grade = row.police_risk_grade
            return _tr(GRADE_LABELS[grade]) if grade is not None else _tr("Not graded")
        if col == Column.REPORTED_BY:
            return row.reported_by
        if col == Column.FOUND_WHERE:
            return found_where_text(row)
        return self.status(row).text

    def sort_key(self, row: MissingView, column: int) -> Any:
        col = Column(column)
        if col == Column.STARTED:
            return (row.started_at, row.id)
        if col == Column.FOUND:
            return (row.ended_at is None, row.ended_at or row.started_at, row.id)
        if col == Column.DURATION:
            end = row.ended_at or self._now
            return (end - row.started_at).total_seconds()
        if col == Column.POLICE_GRADE:
            order = list(PoliceRiskGrade)
            grade = row.police_risk_grade
            return -1 if grade is None else order.index(grade)
        if col == Column.RETURN_INTERVIEW:
            urgency = [
                RhiState.COMPLETED,
                RhiState.DECLINED,
                RhiState.DUE,
                RhiState.OVERDUE,
                RhiState.STILL_MISSING,
            ]
            return urgency.index(self.status(row).state)
        return self.display(row, column).casefold()

    def data(self, index: QModelIndex | Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.RhiRole and index.isValid() and 0 <= index.row() < self.rowCount():
            return self.status(self.row_at(index.row()))
        return super().data(index, role)

    def extra(self, row: MissingView, column: int, role: int) -> Any:
        col = Column(column)
        urgent = col == Column.RETURN_INTERVIEW or (col == Column.FOUND and row.ended_at is None)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == Column.RETURN_INTERVIEW:
                return self.rhi_tooltip(row)
            if col == Column.KIND:
                return (
                    _tr("Missing: whereabouts unknown")
                    if row.kind is MissingKind.MISSING
                    else _tr("Away from placement without authorisation: whereabouts known")
                )
            return self.display(row, column) or None
        if not urgent:
            return None
        state = self.status(row).state
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(STATE_COLOURS[state])
        if role == Qt.ItemDataRole.BackgroundRole:
            tint = STATE_TINTS.get(state)
            return QColor(tint) if tint else None
        if role == Qt.ItemDataRole.FontRole and state in STATE_TINTS:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def rhi_tooltip(self, row: MissingView) -> str:
        rhi = row.rhi
        lines = [self.status(row).text]
        if row.rhi_due is not None:
            lines.append(
                _tr("Due by {time} (72 hours after found)").format(
                    time=format_datetime(row.rhi_due)
                )
            )
        if rhi.offered_at is not None:
            lines.append(_tr("Offered {time}").format(time=format_datetime(rhi.offered_at)))
        if rhi.accepted is True:
            lines.append(_tr("Accepted"))
        return "\n".join(lines)
