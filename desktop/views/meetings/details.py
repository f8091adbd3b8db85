"""The meeting's details tab: title, date, chair, venue, notes and attendance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.meetings import (
    MeetingDetail,
)
from desktop.models.meetings import (
    AttendeeColumn,
    AttendeesModel,
)
from desktop.views.meetings.common import button
from desktop.views.widgets.forms import error_label, qdate, show_error
from desktop.views.widgets.tables import RecordTable


class DetailsTab(QWidget):
    """Title, date, chair, venue, notes and the attendance list."""

    #: The user changed something (the form is now unsaved).
    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingDetailsTab")
        self._loading = False
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("meetingTitle")
        self.title_edit.setAccessibleName(self.tr("Meeting title"))
        self.title_edit.setMaxLength(200)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("meetingDate")
        self.date_edit.setAccessibleName(self.tr("Meeting date"))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.chair_label = QLabel(self)
        self.chair_label.setObjectName("meetingChair")
        self.chair_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.venue_edit = QLineEdit(self)
        self.venue_edit.setObjectName("meetingVenue")
        self.venue_edit.setAccessibleName(self.tr("Venue"))
        self.venue_edit.setMaxLength(200)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setObjectName("meetingNotes")
        self.notes_edit.setAccessibleName(self.tr("Meeting notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(self.tr("Notes for the record (not printed)"))
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.title_error = error_label(self, "meetingTitleError", self.tr("Title: message"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget in (
            (self.tr("&Title:"), self.title_edit),
            ("", self.title_error),
            (self.tr("&Date:"), self.date_edit),
            (self.tr("Chair:"), self.chair_label),
            (self.tr("&Venue:"), self.venue_edit),
            (self.tr("&Notes:"), self.notes_edit),
        ):
            if text:
                label = QLabel(text, self)
                if widget is not self.chair_label:
                    label.setBuddy(widget)
                form.addRow(label, widget)
            else:
                form.addRow("", widget)

        self.attendees = AttendeesModel(self)
        self.attendee_table = RecordTable(
            self,
            name="attendeesTable",
            accessible=self.tr("Attendees"),
            enter_activates=False,  # Enter belongs to the cell editor
            double_click_activates=False,
        )
        self.attendee_table.setModel(self.attendees)
        self.attendee_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.attendee_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.attendee_table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (AttendeeColumn.NAME, AttendeeColumn.AGENCY, AttendeeColumn.ROLE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (AttendeeColumn.ATTENDED, AttendeeColumn.DISTRIBUTION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.add_attendee_button = button(
            self, self.tr("Add &attendee"), "addAttendee", self.tr("Add attendee")
        )
        self.remove_attendee_button = button(
            self, self.tr("&Remove attendee"), "removeAttendee", self.tr("Remove attendee")
        )
        self.attendee_error = error_label(self, "attendeesError", self.tr("Attendees: message"))
        hint = QLabel(
            self.tr(
                "Untick Attendance for apologies. Those on distribution are listed on the pack's "
                "cover. Press F2 or start typing to edit a cell."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_attendee_button)
        buttons.addWidget(self.remove_attendee_button)
        buttons.addStretch(1)
        group = QGroupBox(self.tr("Attendance"), self)
        box = QVBoxLayout(group)
        box.addWidget(self.attendee_table, 1)
        box.addWidget(self.attendee_error)
        box.addWidget(hint)
        box.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addLayout(form)
        layout.addWidget(group, 1)

        for signal in (self.title_edit.textEdited, self.venue_edit.textEdited):
            signal.connect(self._on_edited)
        self.date_edit.dateChanged.connect(self._on_edited)
        self.notes_edit.textChanged.connect(self._on_edited)
        self.attendees.dataChanged.connect(self._on_edited)
        self.attendees.rowsInserted.connect(self._on_edited)
        self.attendees.rowsRemoved.connect(self._on_edited)
        self.add_attendee_button.clicked.connect(self.add_attendee)
        self.remove_attendee_button.clicked.connect(self.remove_attendee)

    def set_meeting(self, detail: MeetingDetail) -> None:
        self._loading = True
        try:
            self.title_edit.setText(detail.title)
            self.date_edit.setDate(qdate(detail.held_on))
            self.chair_label.setText(detail.chair or self.tr("Not set"))
            self.chair_label.setAccessibleName(
                self.tr("Chair: {name}").format(name=detail.chair or self.tr("not set"))
            )
            self.venue_edit.setText(detail.venue)
            self.notes_edit.setPlainText(detail.notes)
            self.attendees.set_attendees(detail.attendees)
            show_error(self.title_error, "")
            show_error(self.attendee_error, "")
        finally:
            self._loading = False

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title_edit.text(),
            "held_on": self.date_edit.date().toPython(),
            "venue": self.venue_edit.text(),
            "notes": self.notes_edit.toPlainText(),
            # a row added and left wholly empty is dropped; a partly filled one goes to the
            # service, which says what is missing
            "attendees": tuple(
                a
                for a in self.attendees.attendees()
                if a.id is not None or (a.name + a.agency + a.role).strip()
            ),
        }

    def set_editable(self, editable: bool) -> None:
        for w in (self.title_edit, self.venue_edit):
            w.setReadOnly(not editable)
        self.notes_edit.setReadOnly(not editable)
        self.date_edit.setReadOnly(not editable)
        self.add_attendee_button.setVisible(editable)
        self.remove_attendee_button.setVisible(editable)
        self.attendee_table.setEditTriggers(
            self.attendee_table.editTriggers()
            if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.attendee_table.setEnabled(True)

    def show_errors(self, fields: dict[str, str]) -> bool:
        """Show the messages this tab has fields for; True when any was shown."""
        shown = False
        for key, label in (("title", self.title_error), ("attendees", self.attendee_error)):
            if key in fields:
                show_error(label, fields[key])
                shown = True
        return shown

    def clear_errors(self) -> None:
        show_error(self.title_error, "")
        show_error(self.attendee_error, "")

    def add_attendee(self) -> None:
        row = self.attendees.add_attendee()
        index = self.attendees.index(row, AttendeeColumn.NAME)
        self.attendee_table.setCurrentIndex(index)
        self.attendee_table.setFocus()
        self.attendee_table.edit(index)

    def remove_attendee(self) -> None:
        index = self.attendee_table.currentIndex()
        if index.isValid():
            self.attendees.remove_attendee(index.row())

    def _on_edited(self, *_args: Any) -> None:
        if not self._loading:
            self.sig_changed.emit()
