"""The tabs of one MACSE meeting (details, agenda, cohort, decisions, actions): widgets only;
they emit requests and MeetingsView talks to the service."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_date
from desktop.domain.enums import MeetingOutcome, RiskCategory
from desktop.domain.meetings import (
    DEFAULT_AGENDA,
    ActionState,
    ActionView,
    AttendeeView,
    CohortMember,
    MeetingDetail,
)
from desktop.models.caseload import RISK_COLOURS, RISK_TINTS
from desktop.models.meetings import (
    OPEN_STATES,
    OUTCOME_LABELS,
    ActionColumn,
    ActionFilter,
    ActionsTableModel,
    AttendeeColumn,
    AttendeesModel,
    CohortColumn,
    CohortModel,
    risk_text,
)
from desktop.views.forms import error_label, qdate, show_error
from desktop.views.meeting_dialogs import ActivatingTable, action_history_text


def _button(parent: QWidget, text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setAutoDefault(False)
    return button


def _table(parent: QWidget, name: str, accessible: str) -> QTableView:
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


# ---------------------------------------------------------------------------------------------
# Details
# ---------------------------------------------------------------------------------------------


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
        self.attendee_table = _table(self, "attendeesTable", self.tr("Attendees"))
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
        self.add_attendee_button = _button(
            self, self.tr("Add &attendee"), "addAttendee", self.tr("Add attendee")
        )
        self.remove_attendee_button = _button(
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


# ---------------------------------------------------------------------------------------------
# Agenda
# ---------------------------------------------------------------------------------------------


class AgendaList(QListWidget):
    """Ctrl+Up/Down move the current item, Insert adds one, Delete removes it (not while an
    item is being edited: the editor gets its keys first)."""

    sig_move = Signal(int)
    sig_remove = Signal()
    sig_insert = Signal()

    def keyPressEvent(self, event: Any) -> None:
        key, mods = event.key(), event.modifiers()
        if mods & Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.sig_move.emit(-1 if key == Qt.Key.Key_Up else 1)
        elif key == Qt.Key.Key_Delete and not mods:
            self.sig_remove.emit()
        elif key == Qt.Key.Key_Insert and not mods:
            self.sig_insert.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class AgendaTab(QWidget):
    """The agenda as an editable, reorderable list (Ctrl+Up/Down move, Insert adds, Delete
    removes, F2 edits)."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingAgendaTab")
        self._loading = False
        self.list = AgendaList(self)
        self.list.setObjectName("agendaList")
        self.list.setAccessibleName(self.tr("Agenda items"))
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(True)
        # room for the (style-sheet padded) line editor when an item is reworded
        self.list.setStyleSheet("QListWidget#agendaList::item { padding: 6px 4px; }")
        self.add_button = _button(self, self.tr("&Add item"), "agendaAdd", self.tr("Add item"))
        self.remove_button = _button(
            self, self.tr("&Remove item"), "agendaRemove", self.tr("Remove item")
        )
        self.up_button = _button(self, self.tr("Move &up"), "agendaUp", self.tr("Move item up"))
        self.down_button = _button(
            self, self.tr("Move &down"), "agendaDown", self.tr("Move item down")
        )
        self.reset_button = _button(
            self, self.tr("Standard &order"), "agendaReset", self.tr("Reset to the standard agenda")
        )
        self.up_button.setToolTip(self.tr("Move the item up (Ctrl+Up)"))
        self.down_button.setToolTip(self.tr("Move the item down (Ctrl+Down)"))
        buttons = QVBoxLayout()
        for b in (
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.reset_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        hint = QLabel(
            self.tr(
                "The pack prints the agenda in this order. Double-click or press F2 to reword "
                "an item; Ctrl+Up and Ctrl+Down move it."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(hint)
        layout.addLayout(row, 1)

        self.list.sig_move.connect(self._move)
        self.list.sig_remove.connect(self.remove_item)
        self.list.sig_insert.connect(self.add_item)
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.reset_button.clicked.connect(self.reset)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentRowChanged.connect(self._update_buttons)
        self._editable = True

    def set_items(self, items: tuple[str, ...]) -> None:
        self._loading = True
        try:
            self.list.clear()
            for text in items:
                self._append(text)
            if self.list.count():
                self.list.setCurrentRow(0)
        finally:
            self._loading = False
        self._update_buttons()

    def items(self) -> tuple[str, ...]:
        texts = (self.list.item(i).text().strip() for i in range(self.list.count()))
        return tuple(t for t in texts if t)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for b in (
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.reset_button,
        ):
            b.setVisible(editable)
        for i in range(self.list.count()):
            self._set_item_flags(self.list.item(i))

    def _set_item_flags(self, item: QListWidgetItem) -> None:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)

    def _append(self, text: str, row: int | None = None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        self._set_item_flags(item)
        if row is None:
            self.list.addItem(item)
        else:
            self.list.insertItem(row, item)
        return item

    def add_item(self) -> None:
        if not self._editable:
            return
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        item = self._append(self.tr("New item"), row)
        self.list.setCurrentItem(item)
        self.list.setFocus()
        self.list.editItem(item)
        self._changed()

    def remove_item(self) -> None:
        row = self.list.currentRow()
        if self._editable and row >= 0:
            self.list.takeItem(row)
            self._changed()

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if not self._editable or row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._changed()

    def reset(self) -> None:
        self.set_items(DEFAULT_AGENDA)
        self._changed()

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        if not self._loading:
            self._changed()

    def _changed(self) -> None:
        self._update_buttons()
        if not self._loading:
            self.sig_changed.emit()

    def _update_buttons(self, *_args: Any) -> None:
        row = self.list.currentRow()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)


# ---------------------------------------------------------------------------------------------
# Cohort
# ---------------------------------------------------------------------------------------------


class CohortTab(QWidget):
    """Who is discussed and why; suggest, add, remove, open a young person's record."""

    sig_suggest = Signal()
    sig_add = Signal()
    #: Remove this young person from the cohort.
    sig_remove = Signal(int)
    #: Open this young person's record (double-click, Enter or the button).
    sig_open_person = Signal(int)

    def __init__(self, model: CohortModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingCohortTab")
        self.model = model
        self.table = ActivatingTable(self)
        self.table.setObjectName("cohortTable")
        self.table.setAccessibleName(self.tr("Cohort: young people to discuss"))
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setSortingEnabled(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        char = self.fontMetrics().horizontalAdvance("n")
        header.resizeSection(CohortColumn.NAME, char * 22 + 16)
        header.resizeSection(CohortColumn.RISK, char * 13 + 16)
        header.setSectionResizeMode(CohortColumn.REASON, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(CohortColumn.DECISION, char * 30 + 16)
        self.suggest_button = _button(
            self, self.tr("&Suggest…"), "cohortSuggest", self.tr("Suggest young people")
        )
        self.add_button = _button(
            self, self.tr("A&dd young person…"), "cohortAdd", self.tr("Add a young person")
        )
        self.remove_button = _button(
            self, self.tr("&Remove from cohort"), "cohortRemove", self.tr("Remove from cohort")
        )
        self.open_button = _button(
            self, self.tr("&Open record"), "cohortOpen", self.tr("Open the young person's record")
        )
        self.error_label = error_label(self, "cohortError", self.tr("Cohort message"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("cohortCount")
        buttons = QHBoxLayout()
        for b in (self.suggest_button, self.add_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        self.suggest_button.clicked.connect(self.sig_suggest)
        self.add_button.clicked.connect(self.sig_add)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.table.sig_activated.connect(self._on_table_activated)
        model.modelReset.connect(self._update)
        self.table.selectionModel().currentRowChanged.connect(self._update)
        self._editable = True
        self._update()

    def selected(self) -> CohortMember | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def set_editable(self, editable: bool, *, can_add: bool = True) -> None:
        self._editable = editable
        self.suggest_button.setVisible(editable)
        self.add_button.setVisible(editable and can_add)
        self.remove_button.setVisible(editable)

    def _update(self, *_args: Any) -> None:
        n = self.model.rowCount()
        self.count_label.setText(
            self.tr("1 young person") if n == 1 else self.tr("{n} young people").format(n=n)
        )
        has = self.selected() is not None
        self.remove_button.setEnabled(has)
        self.open_button.setEnabled(has)

    def _on_remove_clicked(self) -> None:
        m = self.selected()
        if m is not None:
            self.sig_remove.emit(m.young_person_id)

    def _on_open_clicked(self) -> None:
        m = self.selected()
        if m is not None:
            self.sig_open_person.emit(m.young_person_id)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open_person.emit(self.model.row_at(index.row()).young_person_id)


# ---------------------------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------------------------


class DecisionsTab(QWidget):
    """Per young person: category agreed, continue / step down / close, next review, notes."""

    #: Save this decision: (member, category agreed, outcome, notes, next review date).
    sig_save = Signal(object, object, object, str, object)
    sig_open_person = Signal(int)

    def __init__(self, model: CohortModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingDecisionsTab")
        self.model = model
        self._member: CohortMember | None = None
        self._held_on: date | None = None
        self.table = ActivatingTable(self)
        self.table.setObjectName("decisionPeople")
        self.table.setAccessibleName(self.tr("Young people in the cohort"))
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setColumnHidden(CohortColumn.REASON, True)
        self.table.setColumnHidden(CohortColumn.RISK, True)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(CohortColumn.NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CohortColumn.DECISION, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.person_label = QLabel(self)
        self.person_label.setObjectName("decisionPerson")
        self.person_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.person_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.person_label.setFont(font)
        self.risk_label = QLabel(self)
        self.risk_label.setObjectName("decisionCurrentRisk")
        self.risk_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.reason_label = QLabel(self)
        self.reason_label.setObjectName("decisionReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setProperty("role", "hint")
        self.category_combo = QComboBox(self)
        self.category_combo.setObjectName("decisionCategory")
        self.category_combo.setAccessibleName(self.tr("Risk category agreed"))
        self.category_combo.view().setAccessibleName(self.tr("Risk category agreed"))
        self.category_combo.addItem(self.tr("Not agreed yet"), None)
        for c in sorted(RiskCategory, key=lambda c: -c.value):
            self.category_combo.addItem(self.tr(c.label), c)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.setObjectName("decisionOutcome")
        self.outcome_combo.setAccessibleName(self.tr("Outcome"))
        self.outcome_combo.view().setAccessibleName(self.tr("Outcome"))
        self.outcome_combo.addItem(self.tr("Not decided yet"), None)
        for outcome, label in OUTCOME_LABELS.items():
            self.outcome_combo.addItem(self.tr(label), outcome)
        self.review_check = QCheckBox(self.tr("Ne&xt review on:"), self)
        self.review_check.setObjectName("decisionReviewSet")
        self.review_check.setAccessibleName(self.tr("Set a next review date"))
        self.review_edit = QDateEdit(self)
        self.review_edit.setObjectName("decisionReview")
        self.review_edit.setAccessibleName(self.tr("Next review date"))
        self.review_edit.setCalendarPopup(True)
        self.review_edit.setDisplayFormat("d MMM yyyy")
        self.review_edit.setEnabled(False)
        self.review_check.toggled.connect(self.review_edit.setEnabled)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setObjectName("decisionNotes")
        self.notes_edit.setAccessibleName(self.tr("Decision notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(
            self.tr("The decision and its reasons, as the chronology should record them")
        )
        self.review_error = error_label(self, "decisionReviewError", self.tr("Review: message"))
        self.error_label = error_label(self, "decisionError", self.tr("Decision message"))
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("decisionSaved")
        self.saved_label.setProperty("role", "ok")
        self.saved_label.hide()
        self.save_button = _button(
            self, self.tr("Save &decision"), "decisionSave", self.tr("Save decision")
        )
        self.open_button = _button(
            self, self.tr("&Open record"), "decisionOpen", self.tr("Open the young person's record")
        )
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_check)
        review_row.addWidget(self.review_edit)
        review_row.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Current risk:"), self.risk_label)
        for text, widget in (
            (self.tr("&Category agreed:"), self.category_combo),
            (self.tr("O&utcome:"), self.outcome_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", review_row)
        form.addRow("", self.review_error)
        notes_label = QLabel(self.tr("Decision &notes:"), self)
        notes_label.setBuddy(self.notes_edit)
        form.addRow(notes_label, self.notes_edit)
        actions = QHBoxLayout()
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.save_button)

        self.form_box = QWidget(self)
        right = QVBoxLayout(self.form_box)
        right.setContentsMargins(12, 0, 0, 0)
        right.addWidget(self.person_label)
        right.addWidget(self.reason_label)
        right.addLayout(form, 1)
        right.addWidget(self.error_label)
        right.addLayout(actions)
        self.empty_label = QLabel(
            self.tr("Add young people to the cohort to record decisions."), self
        )
        self.empty_label.setObjectName("decisionEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.form_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([320, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(split, 1)
        layout.addWidget(self.empty_label)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.sig_activated.connect(self._on_person_activated)
        model.modelReset.connect(self._on_model_reset)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self._editable = True
        self._on_model_reset()

    def set_meeting_date(self, held_on: date) -> None:
        self._held_on = held_on

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.save_button.setVisible(editable)
        for w in (self.category_combo, self.outcome_combo, self.review_check):
            w.setEnabled(editable)
        self.review_edit.setEnabled(editable and self.review_check.isChecked())
        self.notes_edit.setReadOnly(not editable)

    def current(self) -> CohortMember | None:
        return self._member

    def select(self, young_person_id: int) -> None:
        row = self.model.row_of_id(young_person_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, CohortColumn.NAME),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def show_saved(self, text: str) -> None:
        self.saved_label.setText(text)
        self.saved_label.setVisible(bool(text))

    def show_error(self, message: str, fields: dict[str, str]) -> None:
        if "next_review_on" in fields:
            show_error(self.review_error, fields["next_review_on"])
            if len(fields["next_review_on"]) < 20:
                show_error(self.review_error, message)
            self.review_edit.setFocus()
        else:
            show_error(self.error_label, message)

    def _on_person_activated(self, _index: QModelIndex) -> None:
        self.category_combo.setFocus()

    def _on_model_reset(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        self.form_box.setEnabled(not empty)
        if empty:
            self._fill(None)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._fill(self.model.row_at(current.row()) if current.isValid() else None)

    def _fill(self, m: CohortMember | None) -> None:
        self._member = m
        show_error(self.review_error, "")
        show_error(self.error_label, "")
        self.show_saved("")
        if m is None:
            self.person_label.setText(self.tr("No young person chosen"))
            self.risk_label.setText("")
            self.reason_label.setText("")
            self.notes_edit.setPlainText("")
            return
        self.person_label.setText(m.display_name)
        self.risk_label.setText(risk_text(m.current_category))
        category = m.current_category
        self.risk_label.setStyleSheet(
            f"QLabel {{ background: {RISK_TINTS[category]}; color: #1b1f24; font-weight: bold;"
            f" border: 1px solid {RISK_COLOURS[category]};"
            f" border-left: 8px solid {RISK_COLOURS[category]}; padding: 2px 8px; }}"
            if category is not None
            else "QLabel { color: #374151; padding: 2px 0px; }"
        )
        self.risk_label.setAccessibleName(
            self.tr("Current risk: {risk}").format(risk=risk_text(m.current_category))
        )
        self.reason_label.setText(
            self.tr("Why discussed: {reason}").format(reason=m.reason or self.tr("not given"))
        )
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(m.category_agreed)))
        self.outcome_combo.setCurrentIndex(max(0, self.outcome_combo.findData(m.outcome)))
        review = m.next_review_on or self._held_on
        self.review_check.setChecked(m.next_review_on is not None)
        if review is not None:
            self.review_edit.setDate(qdate(review))
        self.review_edit.setEnabled(self._editable and self.review_check.isChecked())
        self.notes_edit.setPlainText(m.decision)

    def _on_save_clicked(self) -> None:
        m = self._member
        if m is None:
            return
        show_error(self.review_error, "")
        show_error(self.error_label, "")
        category: RiskCategory | None = self.category_combo.currentData()
        outcome: MeetingOutcome | None = self.outcome_combo.currentData()
        review = self.review_edit.date().toPython() if self.review_check.isChecked() else None
        self.sig_save.emit(m, category, outcome, self.notes_edit.toPlainText(), review)

    def _on_open_clicked(self) -> None:
        if self._member is not None:
            self.sig_open_person.emit(self._member.young_person_id)


# ---------------------------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------------------------

#: The tracker's state filter choices (label, states shown; empty = all).
STATE_FILTERS: tuple[tuple[str, frozenset[ActionState]], ...] = (
    ("All actions", frozenset()),
    ("Still open", OPEN_STATES),
    ("Overdue", frozenset({ActionState.OVERDUE})),
    ("Due within 7 days", frozenset({ActionState.UPCOMING})),
    ("Done", frozenset({ActionState.DONE})),
    ("Cancelled", frozenset({ActionState.CANCELLED})),
)


class ActionsTab(QWidget):
    """The action tracker: filters by state, owner agency and young person; overdue first;
    the selected action's updates below."""

    sig_add = Signal()
    #: Update this action (status, due date, note).
    sig_update = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingActionsTab")
        self.model = ActionsTableModel(self)
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("actionStateFilter")
        self.state_combo.setAccessibleName(self.tr("Filter actions by state"))
        self.state_combo.view().setAccessibleName(self.tr("Filter actions by state"))
        for label, states in STATE_FILTERS:
            self.state_combo.addItem(self.tr(label), states)
        self.agency_combo = QComboBox(self)
        self.agency_combo.setObjectName("actionAgencyFilter")
        self.agency_combo.setAccessibleName(self.tr("Filter actions by owner agency"))
        self.agency_combo.view().setAccessibleName(self.tr("Filter actions by owner agency"))
        self.person_combo = QComboBox(self)
        self.person_combo.setObjectName("actionPersonFilter")
        self.person_combo.setAccessibleName(self.tr("Filter actions by young person"))
        self.person_combo.view().setAccessibleName(self.tr("Filter actions by young person"))
        for combo in (self.state_combo, self.agency_combo, self.person_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("actionCount")
        self.table = ActivatingTable(self)
        self.table.setObjectName("actionsTable")
        self.table.setAccessibleName(self.tr("Actions"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ActionColumn.STATE, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for column in (ActionColumn.STATE, ActionColumn.DUE, ActionColumn.REFERENCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        char = self.fontMetrics().horizontalAdvance("n")
        for column in (ActionColumn.SUBJECT, ActionColumn.OWNER, ActionColumn.AGENCY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, char * 15 + 12)
        header.setSectionResizeMode(ActionColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.history = QPlainTextEdit(self)
        self.history.setObjectName("actionHistory")
        self.history.setAccessibleName(self.tr("Updates to the selected action"))
        self.history.setReadOnly(True)
        self.history.setTabChangesFocus(True)
        self.history.setPlaceholderText(self.tr("Choose an action to see its updates"))
        self.add_button = _button(self, self.tr("&Add action…"), "actionAdd", self.tr("Add action"))
        self.update_button = _button(
            self, self.tr("&Update…"), "actionUpdate", self.tr("Update the selected action")
        )
        self.clear_button = _button(
            self, self.tr("C&lear filters"), "actionClearFilters", self.tr("Clear action filters")
        )
        filters = QHBoxLayout()
        for text, combo in (
            (self.tr("&State:"), self.state_combo),
            (self.tr("A&gency:"), self.agency_combo),
            (self.tr("&Young person:"), self.person_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(8)
        filters.addWidget(self.clear_button)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.update_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        history_label = QLabel(self.tr("Updates:"), self)
        history_label.setBuddy(self.history)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(history_label)
        lower_layout.addWidget(self.history, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        for combo in (self.state_combo, self.agency_combo, self.person_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.model.modelReset.connect(self._on_current)
        self.add_button.clicked.connect(self.sig_add)
        self.update_button.clicked.connect(self._on_update_clicked)
        self.table.doubleClicked.connect(self._on_update_clicked)
        self.table.sig_activated.connect(self._on_update_clicked)
        self._rebuilding = False
        self._rebuild_choices([])
        self._on_current()

    def set_actions(self, actions: tuple[ActionView, ...] | list[ActionView]) -> None:
        """Show these actions; filters and the selected action stay where they still apply."""
        selected = self.selected()
        self._rebuild_choices(actions)
        self.model.set_rows(actions)
        self._apply()
        if selected is not None:
            self.select(selected.id)

    def selected(self) -> ActionView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, action_id: int) -> None:
        row = self.model.row_of_id(action_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def set_can_add(self, can_add: bool) -> None:
        self.add_button.setVisible(can_add)

    def clear_filters(self) -> None:
        self._rebuilding = True
        for combo in (self.state_combo, self.agency_combo, self.person_combo):
            combo.setCurrentIndex(0)
        self._rebuilding = False
        self._apply()

    def _rebuild_choices(self, actions: Any) -> None:
        agency, person = self.agency_combo.currentData(), self.person_combo.currentData()
        self._rebuilding = True
        try:
            self.agency_combo.clear()
            self.agency_combo.addItem(self.tr("All agencies"), "")
            for name in sorted({a.owner_agency for a in actions}, key=str.casefold):
                self.agency_combo.addItem(name, name)
            self.person_combo.clear()
            self.person_combo.addItem(self.tr("All young people"), None)
            people = {a.young_person_id: a.subject for a in actions if a.young_person_id}
            for yp_id, name in sorted(people.items(), key=lambda kv: kv[1].casefold()):
                self.person_combo.addItem(name, yp_id)
            self.agency_combo.setCurrentIndex(max(0, self.agency_combo.findData(agency or "")))
            if person is not None:
                self.person_combo.setCurrentIndex(max(0, self.person_combo.findData(person)))
        finally:
            self._rebuilding = False

    def _on_filter_changed(self, _index: int) -> None:
        if not self._rebuilding:
            self._apply()

    def _apply(self) -> None:
        self.model.apply_filter(
            ActionFilter(
                states=self.state_combo.currentData() or frozenset(),
                agency=self.agency_combo.currentData() or "",
                young_person_id=self.person_combo.currentData(),
            )
        )
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        overdue = sum(a.state is ActionState.OVERDUE for a in self.model.all_rows())
        text = (
            self.tr("{total} actions").format(total=total)
            if shown == total
            else self.tr("Showing {shown} of {total} actions").format(shown=shown, total=total)
        )
        if overdue:
            text += self.tr(" · {n} overdue").format(n=overdue)
        self.count_label.setText(text)
        palette_colour = "#a4161a" if overdue else "#374151"
        self.count_label.setStyleSheet(f"QLabel {{ color: {QColor(palette_colour).name()}; }}")

    def _on_current(self, *_args: Any) -> None:
        a = self.selected()
        self.history.setPlainText(action_history_text(a))
        self.update_button.setEnabled(a is not None)

    def _on_update_clicked(self, *_args: Any) -> None:
        a = self.selected()
        if a is not None:
            self.sig_update.emit(a)


def format_meeting_heading(detail: MeetingDetail) -> str:
    when = format_date(detail.held_on)
    return detail.title if when in detail.title else f"{detail.title} — {when}"


__all__ = [
    "ActionsTab",
    "AgendaTab",
    "AttendeeView",
    "CohortTab",
    "DecisionsTab",
    "DetailsTab",
    "format_meeting_heading",
]
