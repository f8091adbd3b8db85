"""The meeting form dialog base and the new-meeting dialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import ActionStatus
from desktop.tasks import TaskRunner
from desktop.views.widgets.forms import (
    busy_bar,
    date_edit,
    error_label,
    field_errors,
    message_of,
    show_error,
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


class MeetingFormDialog(QDialog):
    """A window-modal form: fields with inline error labels, saved on a worker, kept open (with
    everything typed) when the service refuses."""

    #: Saved; argument: what the service returned.
    sig_saved = Signal(object)
    #: Saving failed; argument: the exception.
    sig_error = Signal(object)

    def __init__(self, runner: TaskRunner, key: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._runner = runner
        self._key = key
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.field_errors: dict[str, QLabel] = {}
        self.error_label = error_label(self, "formError", self.tr("Form message"))
        self.busy = busy_bar(self, self.tr("Saving"))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("formSave")
        self.save_button.setAccessibleName(self.tr("Save"))
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 16, 18, 14)
        self.body.setSpacing(10)
        self.body.addLayout(self.form)
        self.body.addWidget(self.error_label)
        self.body.addWidget(self.busy)
        self.body.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def add_field(self, key: str, text: str, widget: QWidget, accessible: str) -> None:
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(accessible)
        if isinstance(widget, QComboBox):
            widget.view().setAccessibleName(accessible)
        label = QLabel(text, self)
        label.setBuddy(widget)
        self.form.addRow(label, widget)
        message = error_label(
            self, f"error_{key}", self.tr("{field}: message").format(field=accessible)
        )
        self.form.addRow("", message)
        self.field_errors[key] = message

    def clear_errors(self) -> None:
        show_error(self.error_label, "")
        for label in self.field_errors.values():
            show_error(label, "")

    def show_field_error(self, key: str, message: str) -> None:
        label = self.field_errors.get(key)
        if label is None:
            show_error(self.error_label, message)
            return
        show_error(label, message)
        field = self.findChild(QWidget, f"field_{key}")
        if field is not None:
            field.setFocus()

    def submit(self) -> None:
        raise NotImplementedError

    def save(self, work: Callable[[Any], Any]) -> None:
        self.clear_errors()
        self._set_busy(True)
        self._runner.submit(work, on_done=self._on_saved, on_error=self._on_error, key=self._key)

    def _on_saved(self, result: Any) -> None:
        self._set_busy(False)
        self.sig_saved.emit(result)
        self.accept()

    def _on_error(self, error: BaseException) -> None:
        self._set_busy(False)
        fields = {k: v for k, v in field_errors(error).items() if k in self.field_errors}
        for key, message in fields.items():
            self.show_field_error(key, message if len(message) >= 20 else str(error))
        if not fields:
            show_error(
                self.error_label, message_of(error, self.tr("Not saved: an unexpected error."))
            )
        self.sig_error.emit(error)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.save_button.setEnabled(not busy)


class NewMeetingDialog(MeetingFormDialog):
    """Title, date and venue; the service adds the default agenda and the chair."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        create: Callable[[str, date, str], Any],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "meetings.create", parent)
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
