"""MACSE meetings as Qt models: the meeting list here; the action tracker
(``meeting_actions``), the cohort and the chair's cohort suggestions (``meeting_cohort``) and
attendees (``meeting_attendees``) in their own modules, re-exported from here."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QObject,
    Qt,
)

from desktop.domain.dates import format_date
from desktop.domain.meetings import (
    MeetingSummary,
)
from desktop.models.meeting_actions import (
    OPEN_STATES,
    ActionColumn,
    ActionFilter,
    ActionsTableModel,
)
from desktop.models.meeting_attendees import AttendeeColumn, AttendeesModel
from desktop.models.meeting_cohort import (
    CohortColumn,
    CohortModel,
    SuggestionColumn,
    SuggestionsModel,
    decision_text,
    has_decision,
)
from desktop.models.meeting_common import (
    OUTCOME_LABELS,
    STATE_COLOURS,
    STATE_WORDS,
    ModelIndex,
    _bold,
    _tr,
    risk_text,
)
from desktop.models.table import RowTableModel

__all__ = [
    "OPEN_STATES",
    "OUTCOME_LABELS",
    "STATE_COLOURS",
    "STATE_WORDS",
    "ActionColumn",
    "ActionFilter",
    "ActionsTableModel",
    "AttendeeColumn",
    "AttendeesModel",
    "CohortColumn",
    "CohortModel",
    "MeetingColumn",
    "MeetingsTableModel",
    "ModelIndex",
    "SuggestionColumn",
    "SuggestionsModel",
    "decision_text",
    "has_decision",
    "risk_text",
]


class MeetingColumn(IntEnum):
    DATE = 0
    TITLE = 1
    COHORT = 2
    OPEN_ACTIONS = 3


class MeetingsTableModel(RowTableModel[MeetingSummary]):
    """The meeting list, newest first by default."""

    columns = MeetingColumn
    headers = {
        MeetingColumn.DATE: QT_TRANSLATE_NOOP("MeetingsModels", "Date"),
        MeetingColumn.TITLE: QT_TRANSLATE_NOOP("MeetingsModels", "Meeting"),
        MeetingColumn.COHORT: QT_TRANSLATE_NOOP("MeetingsModels", "Cohort"),
        MeetingColumn.OPEN_ACTIONS: QT_TRANSLATE_NOOP("MeetingsModels", "Open"),
    }
    header_tips = {
        MeetingColumn.COHORT: QT_TRANSLATE_NOOP("MeetingsModels", "Young people to be discussed"),
        MeetingColumn.OPEN_ACTIONS: QT_TRANSLATE_NOOP(
            "MeetingsModels", "Open actions: this meeting's and those carried forward"
        ),
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sort_column = MeetingColumn.DATE
        self._sort_order = Qt.SortOrder.DescendingOrder

    def header_text(self, column: int) -> str:
        return _tr(self.headers.get(column, ""))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            tip = self.header_tips.get(section)
            return _tr(tip) if tip else None
        return super().headerData(section, orientation, role)

    def display(self, row: MeetingSummary, column: int) -> str:
        if column == MeetingColumn.DATE:
            return format_date(row.held_on)
        if column == MeetingColumn.TITLE:
            return row.title
        if column == MeetingColumn.COHORT:
            return str(row.cohort_size)
        return str(row.open_actions)

    def sort_key(self, row: MeetingSummary, column: int) -> Any:
        if column == MeetingColumn.DATE:
            return (row.held_on, row.id)
        if column == MeetingColumn.COHORT:
            return (row.cohort_size, row.held_on)
        if column == MeetingColumn.OPEN_ACTIONS:
            return (row.open_actions, row.held_on)
        return (row.title.casefold(), row.held_on)

    def extra(self, row: MeetingSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            status = _tr("Held") if row.status == "held" else _tr("Planned")
            return _tr("{title}\n{date} at {venue}\nChair: {chair}\n{status}").format(
                title=row.title,
                date=format_date(row.held_on),
                venue=row.venue or _tr("venue to be confirmed"),
                chair=row.chair or _tr("not set"),
                status=status,
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (MeetingColumn.COHORT, MeetingColumn.OPEN_ACTIONS):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == MeetingColumn.TITLE:
            return _bold() if row.status != "held" else None
        return None

    def row_of_id(self, meeting_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == meeting_id:
                return i
        return -1
