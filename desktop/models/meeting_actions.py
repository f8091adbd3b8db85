"""The MACSE action tracker as a Qt model, with its filter."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QObject,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.domain.dates import format_date
from desktop.domain.meetings import (
    ActionState,
    ActionView,
    action_sort_key,
)
from desktop.models.meeting_common import (
    STATE_COLOURS,
    STATE_WORDS,
    _bold,
    _tr,
)
from desktop.models.table import RowTableModel


class ActionColumn(IntEnum):
    STATE = 0
    DUE = 1
    REFERENCE = 2
    SUBJECT = 3
    DESCRIPTION = 4
    OWNER = 5
    AGENCY = 6


#: The tracker's state filter: what each choice shows.
OPEN_STATES = frozenset({ActionState.OVERDUE, ActionState.UPCOMING, ActionState.OPEN})


@dataclass(frozen=True, slots=True)
class ActionFilter:
    """Empty set / None / "" means no restriction on that field."""

    states: frozenset[ActionState] = frozenset()
    agency: str = ""
    young_person_id: int | None = None

    def matches(self, a: ActionView) -> bool:
        if self.states and a.state not in self.states:
            return False
        if self.agency and a.owner_agency != self.agency:
            return False
        return self.young_person_id is None or a.young_person_id == self.young_person_id


class ActionsTableModel(RowTableModel[ActionView]):
    """The action tracker: overdue first (then upcoming, open, done), state in words and colour."""

    columns = ActionColumn
    headers = {
        ActionColumn.STATE: QT_TRANSLATE_NOOP("MeetingsModels", "State"),
        ActionColumn.DUE: QT_TRANSLATE_NOOP("MeetingsModels", "Due"),
        ActionColumn.REFERENCE: QT_TRANSLATE_NOOP("MeetingsModels", "Reference"),
        ActionColumn.SUBJECT: QT_TRANSLATE_NOOP("MeetingsModels", "About"),
        ActionColumn.DESCRIPTION: QT_TRANSLATE_NOOP("MeetingsModels", "Action"),
        ActionColumn.OWNER: QT_TRANSLATE_NOOP("MeetingsModels", "Owner"),
        ActionColumn.AGENCY: QT_TRANSLATE_NOOP("MeetingsModels", "Agency"),
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = ActionFilter()

    @property
    def filter(self) -> ActionFilter:
        return self._filter

    def apply_filter(self, f: ActionFilter) -> None:
        self._filter = f
        self.set_filter(f.matches)

    def header_text(self, column: int) -> str:
        return _tr(self.headers.get(column, ""))

    def display(self, row: ActionView, column: int) -> str:
        if column == ActionColumn.STATE:
            return _tr(STATE_WORDS[row.state])
        if column == ActionColumn.DUE:
            return format_date(row.due_on)
        if column == ActionColumn.REFERENCE:
            return row.reference
        if column == ActionColumn.SUBJECT:
            return row.subject
        if column == ActionColumn.DESCRIPTION:
            return " ".join(row.description.split())
        if column == ActionColumn.OWNER:
            return row.owner_name
        return row.owner_agency

    def sort_key(self, row: ActionView, column: int) -> Any:
        if column == ActionColumn.STATE:
            return action_sort_key(row)
        if column == ActionColumn.DUE:
            return (row.due_on, row.reference)
        return (self.display(row, column).casefold(), action_sort_key(row))

    def extra(self, row: ActionView, column: int, role: int) -> Any:
        fg, tint = STATE_COLOURS[row.state]
        if role == Qt.ItemDataRole.ForegroundRole and column in (
            ActionColumn.STATE,
            ActionColumn.DUE,
        ):
            return QColor(fg)
        if role == Qt.ItemDataRole.BackgroundRole and column == ActionColumn.STATE and tint:
            return QColor(tint)
        if role == Qt.ItemDataRole.FontRole and column in (ActionColumn.STATE, ActionColumn.DUE):
            return _bold() if row.state is ActionState.OVERDUE else None
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{row.reference}: {row.description}"]
            if row.state is ActionState.UPCOMING:
                lines.append(_tr("Due soon: within 7 days"))
            lines.append(
                _tr("Set {set_on}; due {due}").format(
                    set_on=format_date(row.set_on), due=format_date(row.due_on)
                )
            )
            if row.completed_on is not None:
                lines.append(_tr("Completed {on}").format(on=format_date(row.completed_on)))
            return "\n".join(lines)
        return None

    def row_of_id(self, action_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == action_id:
                return i
        return -1
