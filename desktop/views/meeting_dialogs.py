"""The Meetings area's dialogs: new meeting, add and update an action, cohort suggestions and
adding a young person to the cohort; each saves through the runner with inline field errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_date, format_datetime
from desktop.domain.enums import ActionStatus
from desktop.domain.meetings import ActionView, CohortMember, CohortSuggestion
from desktop.models.meetings import STATE_WORDS, SuggestionColumn, SuggestionsModel
from desktop.tasks import TaskRunner
from desktop.views.forms import (
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


class ActivatingTable(QTableView):
    """Enter/Return on the current row activates it (as double-click does)."""

    sig_activated = Signal(QModelIndex)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


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


class AddActionDialog(MeetingFormDialog):
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
        super().__init__(runner, "meetings.add_action", parent)
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


class UpdateActionDialog(MeetingFormDialog):
    """Change an action's status or due date, with a note for its update history."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        update: Callable[..., Any],
        action: ActionView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "meetings.update_action", parent)
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


class CohortSuggestDialog(MeetingFormDialog):
    """Suggested young people with the reasons each was suggested; the chair unticks the ones
    not to discuss (override) and accepts the rest into the cohort."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        suggestions: Sequence[CohortSuggestion],
        members: Sequence[int],
        accept: Callable[[list[CohortSuggestion]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "meetings.set_cohort", parent)
        self.setObjectName("cohortSuggestDialog")
        self.setWindowTitle(self.tr("Suggested cohort"))
        self._accept = accept
        self.model = SuggestionsModel(self)
        self.model.set_suggestions(suggestions, members)
        intro = QLabel(
            self.tr(
                "Young people meeting a suggestion rule: significant or moderate risk, escalated "
                "since the last meeting, repeat missing, a return interview overdue, a new "
                "placement or stability flag, or continued last time. Untick anyone you decide "
                "not to discuss."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.body.insertWidget(0, intro)
        self.table = ActivatingTable(self)
        self.table.setObjectName("suggestionsTable")
        self.table.setAccessibleName(self.tr("Suggested young people"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SuggestionColumn.NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SuggestionColumn.RISK, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.body.insertWidget(1, self.table, 1)
        toggles = QHBoxLayout()
        self.all_button = QPushButton(self.tr("Tick &all"), self)
        self.all_button.setAccessibleName(self.tr("Tick all suggestions"))
        self.none_button = QPushButton(self.tr("Untick a&ll"), self)
        self.none_button.setAccessibleName(self.tr("Untick all suggestions"))
        for b in (self.all_button, self.none_button):
            b.setAutoDefault(False)
            toggles.addWidget(b)
        toggles.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("suggestCount")
        toggles.addWidget(self.count_label)
        self.body.insertLayout(2, toggles)
        self.all_button.clicked.connect(self._on_all_clicked)
        self.none_button.clicked.connect(self._on_none_clicked)
        self.model.dataChanged.connect(self._update_count)
        self.table.sig_activated.connect(self._on_table_activated)
        self.field_errors["cohort"] = self.error_label
        self.save_button.setText(self.tr("Add &ticked to the cohort"))
        self.save_button.setAccessibleName(self.tr("Add the ticked young people to the cohort"))
        self._update_count()
        self.resize(860, 520)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()

    def _on_all_clicked(self) -> None:
        self.model.set_all(True)

    def _on_none_clicked(self) -> None:
        self.model.set_all(False)

    def _update_count(self, *_args: Any) -> None:
        n = len(self.model.accepted())
        self.count_label.setText(
            self.tr("{n} to add").format(n=n) if n != 1 else self.tr("1 to add")
        )
        self.save_button.setEnabled(n > 0)

    def _on_table_activated(self, index: Any) -> None:
        """Enter or double-click toggles the row's tick (Space does too, on the name cell)."""
        name = self.model.index(index.row(), SuggestionColumn.NAME)
        if not self.model.flags(name) & Qt.ItemFlag.ItemIsUserCheckable:
            return
        checked = self.model.data(name, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        self.model.setData(
            name,
            Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked,
            Qt.ItemDataRole.CheckStateRole,
        )

    def submit(self) -> None:
        accepted, accept = self.model.accepted(), self._accept
        if accepted:
            self.save(lambda _p: accept(accepted))


class AddToCohortDialog(MeetingFormDialog):
    """Choose a young person from the caseload (the chair's override) and say why."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        people: Sequence[tuple[int, str, str]],
        members: Sequence[int],
        add: Callable[[int, str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "meetings.set_cohort", parent)
        self.setObjectName("addToCohortDialog")
        self.setWindowTitle(self.tr("Add a young person to the cohort"))
        self._add = add
        source = QStandardItemModel(self)
        taken = set(members)
        for yp_id, name, risk in people:
            if yp_id in taken:
                continue
            item = QStandardItem(f"{name} — {risk}" if risk else name)
            item.setData(yp_id, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            source.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(source)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText(self.tr("Type part of a name"))
        self.find_edit.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setMinimumHeight(200)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(200)
        self.add_field("find", self.tr("&Find:"), self.find_edit, self.tr("Find a young person"))
        self.add_field("subject", self.tr("&Young person:"), self.list, self.tr("Young people"))
        self.add_field("reason", self.tr("&Why discuss:"), self.reason_edit, self.tr("Reason"))
        self.field_errors["cohort"] = self.error_label
        self.find_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.save_button.setText(self.tr("&Add to cohort"))
        self.save_button.setAccessibleName(self.tr("Add to cohort"))
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self.find_edit.setFocus()

    def submit(self) -> None:
        self.clear_errors()
        index = self.list.currentIndex()
        if not index.isValid():
            self.show_field_error("subject", self.tr("Choose a young person"))
            return
        reason = self.reason_edit.text().strip()
        if not reason:
            self.show_field_error("reason", self.tr("Say why they should be discussed"))
            return
        yp_id = int(index.data(Qt.ItemDataRole.UserRole))
        add = self._add
        self.save(lambda _p: add(yp_id, reason))


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
