"""Pieces the Meetings area's tabs and dialogs share: buttons, tables, the heading."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.domain.dates import format_date
from desktop.domain.meetings import (
    MeetingDetail,
)


class ActivatingTable(QTableView):
    """Enter/Return on the current row activates it (as double-click does)."""

    sig_activated = Signal(QModelIndex)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


def button(parent: QWidget, text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setAutoDefault(False)
    return button


def table(parent: QWidget, name: str, accessible: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def format_meeting_heading(detail: MeetingDetail) -> str:
    when = format_date(detail.held_on)
    return detail.title if when in detail.title else f"{detail.title} — {when}"
