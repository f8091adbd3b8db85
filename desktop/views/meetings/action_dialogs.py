"""Adding and updating a multi-agency action, and an action's update history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain.dates import format_date, format_datetime
from desktop.domain.meetings import ActionView, CohortMember
from desktop.models.meetings import STATE_WORDS
from desktop.tasks import TaskRunner
from desktop.views.meetings.dialogs import STATUS_LABELS
from desktop.views.widgets.form_dialog import FormDialog
from desktop.views.widgets.forms import (
    date_edit,
)


class AddActionDialog(FormDialog):
    """A new action about one young person in the cohort, with its owner and due date."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        add: Callable[..., Any],
        cohort: Sequence[CohortMember],
        today: date,
        young_person_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, save_key="meetings.add_action", parent=parent)
        self.setObjectName("addActionDialog")
        self.setWindowTitle(self.tr("Add action"))
        self._add = add
        self.subject_combo = QComboBox(self)
        for m in cohort:
            self.subject_combo.addItem(m.display_name, m.young_person_id)
        if young_person_id is not None:
            self.subject_combo.setCurrentIndex(max(0, self.subject_combo.findData(young_person_id)))
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.owner_edit = QLineEdit(self)
        self.owner_edit.setMaxLength(200)
        self.agency_edit = QLineEdit(self)
        self.agency_edit.setMaxLength(200)
        self.agency_edit.setPlaceholderText(self.tr("e.g. Police, Health, Education"))
        self.due_edit = date_edit(self, today + timedelta(days=28), accessible=self.tr("Due date"))
        self.add_field(
            "subject", self.tr("&Young person:"), self.subject_combo, self.tr("Young person")
        )
        self.add_field("description", self.tr("&Action:"), self.description_edit, self.tr("Action"))
        self.add_field("owner_name", self.tr("&Owner:"), self.owner_edit, self.tr("Owner's name"))
        self.add_field(
            "owner_agency", self.tr("A&gency:"), self.agency_edit, self.tr("Owner's agency")
        )
        self.add_field("due_on", self.tr("&Due:"), self.due_edit, self.tr("Due date"))
        self.save_button.setText(self.tr("&Add action"))
        self.save_button.setAccessibleName(self.tr("Add action"))
        self.description_edit.setFocus()

    def submit(self) -> None:
        self.clear_errors()
        young_person_id = self.subject_combo.currentData()
        if young_person_id is None:
            self.show_field_error("subject", self.tr("Add young people to the cohort first"))
            return
        values = {
            "young_person_id": young_person_id,
            "description": self.description_edit.toPlainText(),
            "owner_name": self.owner_edit.text(),
            "owner_agency": self.agency_edit.text(),
            "due_on": self.due_edit.date().toPython(),
        }
        add = self._add
        self.save(lambda _p: add(**values))


class UpdateActionDialog(FormDialog):
    """Change an action's status or due date, with a note for its update history."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        update: Callable[..., Any],
        action: ActionView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, save_key="meetings.update_action", parent=parent)
        self.setObjectName("updateActionDialog")
        self.setWindowTitle(self.tr("Update {reference}").format(reference=action.reference))
        self._update = update
        self._action = action
        about = QLabel(
            self.tr("{subject}: {description}\nOwner: {owner} ({agency}). {state}.").format(
                subject=action.subject,
                description=action.description,
                owner=action.owner_name,
                agency=action.owner_agency,
                state=self.tr(STATE_WORDS[action.state]),
            ),
            self,
        )
        about.setObjectName("actionAbout")
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(about)
        self.status_combo = QComboBox(self)
        for status, label in STATUS_LABELS.items():
            self.status_combo.addItem(self.tr(label), status)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(action.status)))
        self.due_edit = date_edit(self, action.due_on, accessible=self.tr("Due date"))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.note_edit.setPlaceholderText(self.tr("What happened, or why the date moved"))
        self.add_field("status", self.tr("&Status:"), self.status_combo, self.tr("Status"))
        self.add_field("due_on", self.tr("&Due:"), self.due_edit, self.tr("Due date"))
        self.add_field("note", self.tr("&Note:"), self.note_edit, self.tr("Update note"))
        self.note_edit.setFocus()

    def submit(self) -> None:
        action, update = self._action, self._update
        status = self.status_combo.currentData()
        due_on = self.due_edit.date().toPython()
        note = self.note_edit.toPlainText()
        self.save(
            lambda _p: update(action.id, action.version, status=status, due_on=due_on, note=note)
        )


def action_history_text(action: ActionView | None) -> str:
    """The update history of an action, newest last, as plain text."""
    if action is None:
        return ""
    lines = [
        f"{action.reference} — {action.subject}: {action.description}",
        f"Owner {action.owner_name} ({action.owner_agency}); set {format_date(action.set_on)}, "
        f"due {format_date(action.due_on)}",
        "",
    ]
    if not action.updates:
        lines.append("No updates yet.")
    for u in action.updates:
        lines.append(f"{format_datetime(u.at)} — {u.author}: {u.note}")
    return "\n".join(lines)
