"""MACSE meetings as Qt models: the meeting list, the action tracker, the cohort, attendees and
the chair's cohort suggestions (checkable)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from desktop.domain.dates import format_date
from desktop.domain.enums import MeetingOutcome, RiskCategory
from desktop.domain.meetings import (
    ActionState,
    ActionView,
    AttendeeView,
    CohortMember,
    CohortSuggestion,
    MeetingSummary,
    action_sort_key,
)
from desktop.models.caseload import RISK_TINTS
from desktop.models.table import RowTableModel

ModelIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingsModels", text)


#: Words for a meeting outcome (the decision about one young person).
OUTCOME_LABELS: dict[MeetingOutcome, str] = {
    MeetingOutcome.CONTINUE: "Continue",
    MeetingOutcome.STEP_DOWN: "Step down",
    MeetingOutcome.CLOSE: "Close",
}

#: Action state colours (text, tint): the state is always written in words as well.
STATE_COLOURS: dict[ActionState, tuple[str, str | None]] = {
    ActionState.OVERDUE: ("#a4161a", "#fde3e3"),
    ActionState.UPCOMING: ("#7a4f00", "#fff4cc"),
    ActionState.OPEN: ("#1b1f24", None),
    ActionState.DONE: ("#1b5e20", "#e8f5e9"),
    ActionState.CANCELLED: ("#4b5563", None),
}

STATE_WORDS: dict[ActionState, str] = {
    ActionState.OVERDUE: "Overdue",
    ActionState.UPCOMING: "Due soon",
    ActionState.OPEN: "Open",
    ActionState.DONE: "Done",
    ActionState.CANCELLED: "Cancelled",
}


def risk_text(category: RiskCategory | None) -> str:
    return _tr(category.label) if category is not None else _tr("Not assessed")


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


# ---------------------------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Cohort
# ---------------------------------------------------------------------------------------------


class CohortColumn(IntEnum):
    NAME = 0
    RISK = 1
    REASON = 2
    DECISION = 3


def decision_text(m: CohortMember) -> str:
    if m.outcome is None and m.category_agreed is None and not m.decision.strip():
        return _tr("Not recorded")
    parts: list[str] = []
    if m.outcome is not None:
        parts.append(_tr(OUTCOME_LABELS[m.outcome]))
    if m.category_agreed is not None:
        parts.append(_tr("agreed {category}").format(category=m.category_agreed.label.lower()))
    if m.next_review_on is not None:
        parts.append(_tr("review {date}").format(date=format_date(m.next_review_on)))
    return "; ".join(parts) if parts else _tr("Notes recorded")


def has_decision(m: CohortMember) -> bool:
    return m.outcome is not None or m.category_agreed is not None or bool(m.decision.strip())


class CohortModel(RowTableModel[CohortMember]):
    """The young people to be discussed: current risk (label and colour), why, and the decision.

    Kept in the order the service gives (the meeting's running order) until a header is clicked.
    """

    columns = CohortColumn
    headers = {
        CohortColumn.NAME: QT_TRANSLATE_NOOP("MeetingsModels", "Young person"),
        CohortColumn.RISK: QT_TRANSLATE_NOOP("MeetingsModels", "Current risk"),
        CohortColumn.REASON: QT_TRANSLATE_NOOP("MeetingsModels", "Why discussed"),
        CohortColumn.DECISION: QT_TRANSLATE_NOOP("MeetingsModels", "Decision"),
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sort_column = -1  # service order

    def header_text(self, column: int) -> str:
        return _tr(self.headers.get(column, ""))

    def display(self, row: CohortMember, column: int) -> str:
        if column == CohortColumn.NAME:
            return row.display_name
        if column == CohortColumn.RISK:
            return risk_text(row.current_category)
        if column == CohortColumn.REASON:
            return row.reason or _tr("No reason given")
        return decision_text(row)

    def sort_key(self, row: CohortMember, column: int) -> Any:
        if column == CohortColumn.RISK:
            value = row.current_category.value if row.current_category is not None else -1
            return (value, row.display_name.casefold())
        return (self.display(row, column).casefold(), row.young_person_id)

    def extra(self, row: CohortMember, column: int, role: int) -> Any:
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and column == CohortColumn.RISK
            and row.current_category is not None
        ):
            return QColor(RISK_TINTS[row.current_category])
        if role == Qt.ItemDataRole.ToolTipRole and column == CohortColumn.REASON:
            return row.reason
        if role == Qt.ItemDataRole.ToolTipRole and column == CohortColumn.DECISION:
            return row.decision or None
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == CohortColumn.DECISION
            and not has_decision(row)
        ):
            return QColor("#4b5563")
        return None

    def row_of_id(self, young_person_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.young_person_id == young_person_id:
                return i
        return -1


# ---------------------------------------------------------------------------------------------
# Suggestions (checkable: the chair accepts or overrides each)
# ---------------------------------------------------------------------------------------------


class SuggestionColumn(IntEnum):
    NAME = 0
    RISK = 1
    REASONS = 2


class SuggestionsModel(RowTableModel[CohortSuggestion]):
    """Suggested young people with their reasons; the name cell is a check box (accept)."""

    columns = SuggestionColumn
    headers = {
        SuggestionColumn.NAME: QT_TRANSLATE_NOOP("MeetingsModels", "Young person"),
        SuggestionColumn.RISK: QT_TRANSLATE_NOOP("MeetingsModels", "Current risk"),
        SuggestionColumn.REASONS: QT_TRANSLATE_NOOP("MeetingsModels", "Why suggested"),
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sort_column = -1  # the service's order: highest risk first
        self._checked: set[int] = set()
        self._members: set[int] = set()

    def set_suggestions(
        self, rows: Iterable[CohortSuggestion], members: Iterable[int] = ()
    ) -> None:
        """Suggestions not already in the cohort start accepted (checked); members are shown
        checked and cannot be unchecked here (remove them from the cohort tab)."""
        self._members = set(members)
        rows = list(rows)
        self._checked = {r.young_person_id for r in rows}
        self.set_rows(rows)

    def accepted(self) -> list[CohortSuggestion]:
        """Checked suggestions that are not already members, in the shown order."""
        return [
            r
            for r in self._rows
            if r.young_person_id in self._checked and r.young_person_id not in self._members
        ]

    def is_member(self, young_person_id: int) -> bool:
        return young_person_id in self._members

    def set_all(self, checked: bool) -> None:
        ids = {r.young_person_id for r in self._rows}
        self._checked = (self._checked | ids) if checked else (self._checked & self._members)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, SuggestionColumn.NAME),
                self.index(len(self._rows) - 1, SuggestionColumn.NAME),
                [Qt.ItemDataRole.CheckStateRole],
            )

    def header_text(self, column: int) -> str:
        return _tr(self.headers.get(column, ""))

    def display(self, row: CohortSuggestion, column: int) -> str:
        if column == SuggestionColumn.NAME:
            if row.young_person_id in self._members:
                return _tr("{name} (already in the cohort)").format(name=row.display_name)
            return row.display_name
        if column == SuggestionColumn.RISK:
            return risk_text(row.current_category)
        return "; ".join(row.reasons)

    def extra(self, row: CohortSuggestion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and column == SuggestionColumn.NAME:
            checked = row.young_person_id in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and column == SuggestionColumn.RISK
            and row.current_category is not None
        ):
            return QColor(RISK_TINTS[row.current_category])
        if role == Qt.ItemDataRole.ToolTipRole and column == SuggestionColumn.REASONS:
            return "\n".join(row.reasons)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if (
            index.isValid()
            and index.column() == SuggestionColumn.NAME
            and self._rows[index.row()].young_person_id not in self._members
        ):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or role != Qt.ItemDataRole.CheckStateRole
            or index.column() != SuggestionColumn.NAME
        ):
            return False
        yp = self._rows[index.row()].young_person_id
        if yp in self._members:
            return False
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(yp)
        else:
            self._checked.discard(yp)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


# ---------------------------------------------------------------------------------------------
# Attendees (editable)
# ---------------------------------------------------------------------------------------------


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
