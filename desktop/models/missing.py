"""Missing episodes as a table, with each return interview's state and its 72-hour countdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum, IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.dates import format_date, format_datetime, local_date
from desktop.domain.enums import MissingKind, PoliceRiskGrade
from desktop.domain.workspace import MissingView
from desktop.models.table import RowTableModel


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

KIND_LABELS: dict[MissingKind, str] = {
    MissingKind.MISSING: "Missing",
    MissingKind.AWAY: "Away (whereabouts known)",
}

GRADE_LABELS: dict[PoliceRiskGrade, str] = {
    PoliceRiskGrade.NO_APPARENT_RISK: "No apparent risk",
    PoliceRiskGrade.LOW: "Low",
    PoliceRiskGrade.MEDIUM: "Medium",
    PoliceRiskGrade.HIGH: "High",
}


class RhiState(Enum):
    STILL_MISSING = "still_missing"
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    DECLINED = "declined"


#: Text colours on white (≥ 4.5:1): overdue and still missing red, due amber-brown, done green.
STATE_COLOURS: dict[RhiState, str] = {
    RhiState.STILL_MISSING: "#a4161a",
    RhiState.OVERDUE: "#a4161a",
    RhiState.DUE: "#7a4a00",
    RhiState.COMPLETED: "#1b4d20",
    RhiState.DECLINED: "#374151",
}
#: Pale backgrounds behind the two states that need action now.
STATE_TINTS: dict[RhiState, str] = {
    RhiState.STILL_MISSING: "#fde3e3",
    RhiState.OVERDUE: "#fde3e3",
}


@dataclass(frozen=True, slots=True)
class RhiStatus:
    state: RhiState
    text: str


def _plural(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many).format(n=n)


def span_text(delta: timedelta) -> str:
    """'3 days 4 h', '5 h 20 min', '45 min' (a duration, never negative)."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        text = _plural(days, _tr("{n} day"), _tr("{n} days"))
        return f"{text} {hours} h" if hours else text
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def _overdue_text(late: timedelta) -> str:
    """'Overdue by 3 days' / 'Overdue by 5 hours' / 'Overdue by 20 minutes'."""
    seconds = late.total_seconds()
    if seconds >= 86400:
        n = int(seconds // 86400)
        return _plural(n, _tr("Overdue by {n} day"), _tr("Overdue by {n} days"))
    if seconds >= 3600:
        n = int(seconds // 3600)
        return _plural(n, _tr("Overdue by {n} hour"), _tr("Overdue by {n} hours"))
    n = max(1, int(seconds // 60))
    return _plural(n, _tr("Overdue by {n} minute"), _tr("Overdue by {n} minutes"))


def _due_text(left: timedelta) -> str:
    """'Due in 41 h' (whole hours left), or 'Due in 35 min' in the last hour."""
    seconds = left.total_seconds()
    if seconds >= 3600:
        return _tr("Due in {n} h").format(n=int(seconds // 3600))
    return _tr("Due in {n} min").format(n=max(0, int(seconds // 60)))


def rhi_status(ep: MissingView, now: datetime) -> RhiStatus:
    """The episode's return interview in words, as of ``now`` (aware)."""
    rhi = ep.rhi
    if ep.ended_at is None:
        return RhiStatus(RhiState.STILL_MISSING, _tr("Still missing"))
    if rhi.completed_at is not None:
        who = rhi.completed_by.strip()
        when = format_date(local_date(rhi.completed_at))
        text = (
            _tr("Completed {date} by {who}").format(date=when, who=who)
            if who
            else _tr("Completed {date}").format(date=when)
        )
        return RhiStatus(RhiState.COMPLETED, text)
    if rhi.declined_reason and rhi.declined_reason.strip():
        return RhiStatus(
            RhiState.DECLINED, _tr("Declined: {reason}").format(reason=rhi.declined_reason.strip())
        )
    # Outstanding: the domain decided overdue at load time; time moves on while the screen is open.
    if rhi.offered_at is not None and rhi.accepted is None:
        answer = _tr("Offered, awaiting answer")
    elif rhi.accepted:
        answer = _tr("Accepted, not yet completed")
    else:
        answer = ""
    due = ep.rhi_due
    if due is not None and (ep.rhi_overdue or now > due):
        text = _overdue_text(now - due)
        return RhiStatus(RhiState.OVERDUE, f"{text} — {answer}" if answer else text)
    if due is None:
        return RhiStatus(RhiState.DUE, answer or _tr("Not yet offered"))
    text = _due_text(due - now)
    return RhiStatus(RhiState.DUE, f"{answer} — {text.lower()}" if answer else text)


def duration_text(ep: MissingView, now: datetime) -> str:
    if ep.ended_at is None:
        return _tr("{span} so far").format(span=span_text(now - ep.started_at))
    return span_text(ep.ended_at - ep.started_at)


def found_where_text(ep: MissingView) -> str:
    parts = [p.strip() for p in (ep.where_found, ep.found_with) if p and p.strip()]
    if not parts:
        return "" if ep.ended_at is None else _tr("Not recorded")
    if len(parts) == 2:
        return _tr("{where}, with {whom}").format(where=parts[0], whom=parts[1])
    return parts[0] if ep.where_found.strip() else _tr("With {whom}").format(whom=parts[0])


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
