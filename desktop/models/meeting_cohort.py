"""A meeting's cohort and the chair's cohort suggestions (checkable) as Qt models."""

from __future__ import annotations

from collections.abc import Iterable
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
    CohortMember,
    CohortSuggestion,
)
from desktop.models.caseload import RISK_TINTS
from desktop.models.meeting_common import (
    OUTCOME_LABELS,
    ModelIndex,
    _tr,
    risk_text,
)
from desktop.models.table import RowTableModel


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
