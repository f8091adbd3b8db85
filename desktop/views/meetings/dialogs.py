"""The meeting form dialog base and the new-meeting dialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.domain.enums import ActionStatus
from desktop.tasks import TaskRunner
from desktop.views.widgets.form_dialog import FormDialog
from desktop.views.widgets.forms import (
    date_edit,
)

STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.OPEN: "Open",
    ActionStatus.DONE: "Done",
    ActionStatus.CANCELLED: "Cancelled",
}


STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.OPEN: "Open",
    ActionStatus.DONE: "Done",
    ActionStatus.CANCELLED: "Cancelled",
}


class NewMeetingDialog(FormDialog):
    """Title, date and venue; the service adds the default agenda and the chair."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        create: Callable[[str, date, str], Any],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, save_key="meetings.create", parent=parent)
        self.setObjectName("newMeetingDialog")
        self.setWindowTitle(self.tr("New MACSE meeting"))
        self._create = create
        held_on = today + timedelta(days=7)
        self.title_edit = QLineEdit(
            self.tr("MACSE meeting — {month}").format(month=f"{held_on:%B %Y}"), self
        )
        self.title_edit.setMaxLength(200)
        self.date_edit = date_edit(self, held_on, accessible=self.tr("Meeting date"))
        self.venue_edit = QLineEdit(self)
        self.venue_edit.setMaxLength(200)
        self.venue_edit.setPlaceholderText(self.tr("e.g. Civic Centre, Room 2"))
        self.add_field("title", self.tr("&Title:"), self.title_edit, self.tr("Meeting title"))
        self.add_field("held_on", self.tr("&Date:"), self.date_edit, self.tr("Meeting date"))
        self.add_field("venue", self.tr("&Venue:"), self.venue_edit, self.tr("Venue"))
        hint = QLabel(
            self.tr("The agenda starts in the usual order; you can change it afterwards."), self
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.form.addRow("", hint)
        self.save_button.setText(self.tr("&Create meeting"))
        self.save_button.setAccessibleName(self.tr("Create meeting"))
        self.title_edit.selectAll()
        self.title_edit.setFocus()

    def submit(self) -> None:
        self.clear_errors()
        title = self.title_edit.text()
        if not title.strip():
            self.show_field_error("title", self.tr("Give the meeting a title"))
            return
        held_on = self.date_edit.date().toPython()
        venue, create = self.venue_edit.text(), self._create
        self.save(lambda _p: create(title, held_on, venue))
