"""Add or edit a hand-written chronology entry: dated, sourced, fact kept apart from analysis."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.commands import ChronologyEntryInput
from desktop.domain.enums import ChronologyCategory, DatePrecision
from desktop.domain.workspace import ChronologyItem
from desktop.drafts import DraftStore, restore_enum
from desktop.models.chronology import category_label
from desktop.services.actor import Actor
from desktop.services.errors import EditConflict
from desktop.tasks import TaskRunner
from desktop.views.widgets.form_safety import SaveGuard
from desktop.views.widgets.forms import (
    busy_bar,
    date_edit,
    error_label,
    field_errors,
    message_of,
    qdate,
    show_error,
)

#: TaskRunner key of a chronology save.
SAVE_KEY = "person.chronology.save"

#: Agencies offered in the source box (any other can be typed).
AGENCIES = (
    "Children's Social Care",
    "Police",
    "Education",
    "Health",
    "Youth Justice",
    "Voluntary sector",
    "Family",
    "Young person",
)

_PRECISION_LABELS: dict[DatePrecision, str] = {
    DatePrecision.EXACT: "Exact date",
    DatePrecision.MONTH: "Month only",
    DatePrecision.APPROXIMATE: "Approximate",
}


#: The earliest event a chronology records (well before any young person's birth).
EARLIEST_EVENT = date(1990, 1, 1)


class TextBox(QPlainTextEdit):
    """A multi-line box sized by its line count (a plain QPlainTextEdit asks for ~200 px)."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


def text_box(parent: QWidget, lines: int = 4) -> QPlainTextEdit:
    """A multi-line box where Tab moves on (keyboard users are not trapped in it)."""
    box = TextBox(parent)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class RecordDialog(SaveGuard, QDialog):
    """A form with an inline error label per command field, saved through the TaskRunner.

    Field keys are the command's field names, so ``ValidationFailed.fields`` land next to the
    field they name; a failed save never closes the dialog or loses typed text: it keeps a
    local draft, and an edit conflict opens the field-by-field merge (form_safety.SaveGuard).
    """

    #: Saved; argument: the ``Changes`` the service returned.
    sig_saved = Signal(object)
    #: Saving failed; argument: the exception.
    sig_error = Signal(object)

    def __init__(self, *, runner: TaskRunner, save_key: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._runner = runner
        self._save_key = save_key
        self.init_guard()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setVerticalSpacing(6)
        self.field_errors: dict[str, QLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}
        self.error_label = error_label(self, "formError", self.tr("Form message"))
        self.busy = busy_bar(self, self.tr("Saving"))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("formSave")
        self.save_button.setAccessibleName(self.tr("Save"))
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(580)

    def add_field(
        self,
        key: str,
        text: str,
        widget: QWidget,
        accessible: str,
        *,
        row: QWidget | None = None,
    ) -> None:
        """Add ``widget`` (or the ``row`` holding it) with its error label below it."""
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(accessible)
        if isinstance(widget, QComboBox):
            widget.view().setAccessibleName(accessible)
        self.form.addRow(text, row if row is not None else widget)
        label_item = self.form.itemAt(self.form.rowCount() - 1, QFormLayout.ItemRole.LabelRole)
        if label_item is not None and isinstance(label_item.widget(), QLabel):
            label_item.widget().setBuddy(widget)
        label = error_label(
            self, f"error_{key}", self.tr("{field}: message").format(field=accessible)
        )
        self.form.addRow("", label)
        self.field_errors[key] = label
        self.field_widgets[key] = widget

    def fit_height(self) -> None:
        """Grow to show wrapped messages (a shown dialog does not re-measure by itself)."""
        layout = self.layout()
        layout.activate()
        height = layout.totalSizeHint().height()
        if height > self.height():
            self.resize(self.width(), height)

    def clear_errors(self) -> None:
        show_error(self.error_label, "")
        for label in self.field_errors.values():
            show_error(label, "")

    def show_field_error(self, key: str, message: str, *, focus: bool = True) -> None:
        label = self.field_errors.get(key)
        if label is None:
            show_error(self.error_label, message)
            self.fit_height()
            return
        show_error(label, message)
        self.fit_height()
        if focus:
            self.field_widgets[key].setFocus(Qt.FocusReason.OtherFocusReason)

    def field_error(self, key: str) -> str:
        """The message shown next to a field ("" when none)."""
        label = self.field_errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    # -- saving -----------------------------------------------------------------------------

    def local_errors(self) -> dict[str, str]:
        """Checks made before asking the service (it checks again); field -> message."""
        return {}

    def submit(self) -> None:
        raise NotImplementedError

    def save(self, work: Callable[[Any], Any]) -> None:
        self.clear_errors()
        errors = self.local_errors()
        if errors:
            for i, (key, message) in enumerate(errors.items()):
                self.show_field_error(key, message, focus=i == 0)
            return
        self._set_busy(True)
        self._runner.submit(
            work, on_done=self._on_saved, on_error=self._on_error, key=self._save_key
        )

    def _on_saved(self, changes: Any) -> None:
        self._set_busy(False)
        self.guard_saved()
        self.sig_saved.emit(changes)
        self.accept()

    def reject(self) -> None:
        self.keep_draft_on_close()
        super().reject()

    def _on_error(self, error: BaseException) -> None:
        self._set_busy(False)
        if self.guard_failed(error):
            self.sig_error.emit(error)
            return
        fields = field_errors(error)
        shown = [k for k in fields if k in self.field_errors]
        for i, key in enumerate(shown):
            self.show_field_error(key, fields[key], focus=i == 0)
        unplaced = [msg for k, msg in fields.items() if k not in self.field_errors]
        if not shown or unplaced:
            if isinstance(error, EditConflict):
                message = self.tr(
                    "Not saved: someone else changed this record while you were editing. "
                    "Your text is still here; copy it, close, and open the record again."
                )
            else:
                message = "; ".join(unplaced) if unplaced and shown else None
                message = message or message_of(error, self.tr("Not saved: an unexpected error."))
            show_error(self.error_label, message)
            self.fit_height()
        self.sig_error.emit(error)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.save_button.setEnabled(not busy)


def split_source(source: str) -> tuple[str, str]:
    """'Police — PC Hollis' → ('Police', 'PC Hollis')."""
    agency, sep, person = source.partition(" — ")
    return (agency.strip(), person.strip()) if sep else (source.strip(), "")


class ChronologyEntryDialog(RecordDialog):
    """A new hand-written entry (``item=None``) or an edit of one (its entry_id and version)."""

    draft_kind = "chronology_entry"
    long_text_fields = frozenset({"description", "analysis"})

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: Any,
        actor: Callable[[], Actor],
        young_person_id: int,
        item: ChronologyItem | None = None,
        today: date | None = None,
        drafts: DraftStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner=runner, save_key=SAVE_KEY, parent=parent)
        self._recording = recording
        self._actor = actor
        self._young_person_id = young_person_id
        self._item = item
        self._today = today or date.today()
        self.setObjectName("chronologyEntryDialog")
        self.setWindowTitle(
            self.tr("Add chronology entry") if item is None else self.tr("Edit chronology entry")
        )
        start = item.event_date if item is not None else self._today

        self.date_edit = date_edit(self, start, minimum=EARLIEST_EVENT, maximum=self._today)
        self.precision_combo = QComboBox(self)
        for precision in DatePrecision:
            self.precision_combo.addItem(self.tr(_PRECISION_LABELS[precision]), precision)
        date_row = QWidget(self)
        date_layout = QHBoxLayout(date_row)
        date_layout.setContentsMargins(0, 0, 0, 0)
        date_layout.addWidget(self.date_edit, 1)
        precision_label = QLabel(self.tr("&Precision:"), date_row)
        precision_label.setBuddy(self.precision_combo)
        date_layout.addWidget(precision_label)
        date_layout.addWidget(self.precision_combo, 1)
        self.add_field(
            "event_date",
            self.tr("Event &date:"),
            self.date_edit,
            self.tr("Event date"),
            row=date_row,
        )
        self.precision_combo.setObjectName("field_precision")
        self.precision_combo.setAccessibleName(self.tr("Date precision"))
        self.precision_combo.view().setAccessibleName(self.tr("Date precision"))

        self.end_check = QCheckBox(self.tr("Lasted &until"), self)
        self.end_check.setObjectName("endDateEnabled")
        self.end_check.setAccessibleName(self.tr("The event lasted over a period"))
        end = item.end_date if item is not None and item.end_date is not None else start
        self.end_edit = date_edit(self, end, minimum=EARLIEST_EVENT, maximum=self._today)
        end_row = QWidget(self)
        end_layout = QHBoxLayout(end_row)
        end_layout.setContentsMargins(0, 0, 0, 0)
        end_layout.addWidget(self.end_check)
        end_layout.addWidget(self.end_edit, 1)
        self.add_field(
            "end_date", self.tr("Period:"), self.end_edit, self.tr("End date"), row=end_row
        )

        self.category_combo = QComboBox(self)
        for category in ChronologyCategory:
            self.category_combo.addItem(category_label(category), category)
        # "Other" until chosen: a forgotten choice must not file an entry as, say, a missing episode
        self.category_combo.setCurrentIndex(self.category_combo.findData(ChronologyCategory.OTHER))
        self.add_field("category", self.tr("&Category:"), self.category_combo, self.tr("Category"))

        self.agency_combo = QComboBox(self)
        self.agency_combo.setEditable(True)
        self.agency_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency_combo.addItems([self.tr(a) for a in AGENCIES])
        self.agency_combo.setCurrentIndex(-1)
        self.agency_combo.lineEdit().setPlaceholderText(self.tr("Required: who told us this"))
        self.agency_combo.lineEdit().setMaxLength(200)
        self.agency_combo.lineEdit().setAccessibleName(self.tr("Source agency"))
        self.add_field(
            "source_agency",
            self.tr("Source &agency: *"),
            self.agency_combo,
            self.tr("Source agency"),
        )
        self.person_edit = QLineEdit(self)
        self.person_edit.setMaxLength(200)
        self.person_edit.setPlaceholderText(self.tr("Name or role, e.g. PC Hollis"))
        self.add_field(
            "source_person", self.tr("Source &person:"), self.person_edit, self.tr("Source person")
        )

        hint = QLabel(
            self.tr(
                "<b>Fact</b>: what happened, as seen or reported, without opinion. "
                "<b>Analysis</b>: what it means for the young person — your professional "
                "judgement, kept apart so a reader can always tell the two apart."
            ),
            self,
        )
        hint.setObjectName("formHint")
        hint.setWordWrap(True)
        self.form.addRow("", hint)

        self.description_edit = text_box(self, 4)
        self.description_edit.setPlaceholderText(self.tr("Required: the fact"))
        self.add_field(
            "description",
            self.tr("&Fact (what happened): *"),
            self.description_edit,
            self.tr("Fact: what happened"),
        )
        self.analysis_edit = text_box(self, 3)
        self.analysis_edit.setObjectName("field_analysis")
        self.analysis_edit.setPlaceholderText(self.tr("Optional: impact on the young person"))
        self.add_field(
            "analysis",
            self.tr("A&nalysis (judgement):"),
            self.analysis_edit,
            self.tr("Analysis: professional judgement"),
        )
        self.significant_check = QCheckBox(self.tr("&Significant event"), self)
        self.add_field("significant", "", self.significant_check, self.tr("Significant event"))

        self.end_check.toggled.connect(self._on_end_check_toggled)
        self.precision_combo.currentIndexChanged.connect(self._on_precision_changed)
        if item is not None:
            self._fill(item)
        self._on_end_check_toggled(self.end_check.isChecked())
        self._on_precision_changed()
        self.date_edit.setFocus()
        self.track(
            username=actor().username,
            young_person_id=young_person_id,
            record_id=item.entry_id if item is not None else None,
            drafts=drafts if drafts is not None else DraftStore(),
        )

    def _fill(self, item: ChronologyItem) -> None:
        self.precision_combo.setCurrentIndex(max(0, self.precision_combo.findData(item.precision)))
        self.end_check.setChecked(item.end_date is not None)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(item.category)))
        agency, person = split_source(item.source)
        self.agency_combo.setEditText(agency)
        self.person_edit.setText(person)
        self.description_edit.setPlainText(item.description)
        self.analysis_edit.setPlainText(item.analysis or "")
        self.significant_check.setChecked(item.significant)

    def set_form_values(self, values: dict[str, object]) -> None:
        if "precision" in values:
            precision = restore_enum(DatePrecision, values["precision"])
            self.precision_combo.setCurrentIndex(max(0, self.precision_combo.findData(precision)))
        if isinstance(values.get("event_date"), date):
            self.date_edit.setDate(qdate(values["event_date"]))  # type: ignore[arg-type]
        if "end_date" in values:
            end = values["end_date"]
            self.end_check.setChecked(isinstance(end, date))
            if isinstance(end, date):
                self.end_edit.setDate(qdate(end))
        if "category" in values:
            category = restore_enum(ChronologyCategory, values["category"])
            self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(category)))
        if "source_agency" in values:
            self.agency_combo.setEditText(str(values["source_agency"] or ""))
        if "source_person" in values:
            self.person_edit.setText(str(values["source_person"] or ""))
        if "description" in values:
            self.description_edit.setPlainText(str(values["description"] or ""))
        if "analysis" in values:
            self.analysis_edit.setPlainText(str(values["analysis"] or ""))
        if "significant" in values:
            self.significant_check.setChecked(bool(values["significant"]))

    # -- slots ---------------------------------------------------------------------------------

    def _on_end_check_toggled(self, checked: bool) -> None:
        self.end_edit.setEnabled(checked)

    def _on_precision_changed(self, *_: Any) -> None:
        exact = DatePrecision(self.precision_combo.currentData()) is DatePrecision.EXACT
        fmt = "d MMM yyyy" if exact else "MMM yyyy"
        for edit in (self.date_edit, self.end_edit):
            edit.setDisplayFormat(fmt)

    # -- the command ---------------------------------------------------------------------------

    def _date(self, edit: QDateEdit) -> date:
        value: date = edit.date().toPython()
        if DatePrecision(self.precision_combo.currentData()) is not DatePrecision.EXACT:
            value = value.replace(day=1)  # the day is unknown: store the month's first day
        return value

    def command(self) -> ChronologyEntryInput:
        item = self._item
        return ChronologyEntryInput(
            young_person_id=self._young_person_id,
            event_date=self._date(self.date_edit),
            precision=DatePrecision(self.precision_combo.currentData()),
            category=ChronologyCategory(self.category_combo.currentData()),
            source_agency=self.agency_combo.currentText().strip(),
            source_person=self.person_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            analysis=self.analysis_edit.toPlainText().strip(),
            significant=self.significant_check.isChecked(),
            end_date=self._date(self.end_edit) if self.end_check.isChecked() else None,
            entry_id=item.entry_id if item is not None else None,
            version=self.version_for(item.version if item is not None else None),
            request_id=self.request_id,
        )

    def local_errors(self) -> dict[str, str]:
        cmd = self.command()
        errors: dict[str, str] = {}
        if cmd.event_date > self._today:
            errors["event_date"] = self.tr("The event date cannot be in the future.")
        if cmd.end_date is not None and cmd.end_date < cmd.event_date:
            errors["end_date"] = self.tr("The end date cannot be before the event date.")
        if not cmd.source_agency:
            errors["source_agency"] = self.tr(
                "Say which agency this information came from: the source is required."
            )
        if not cmd.description:
            errors["description"] = self.tr("Write what happened (the fact).")
        return errors

    def submit(self) -> None:
        recording, actor, command = self._recording, self._actor(), self.command()
        self.save(lambda _progress: recording.save_chronology_entry(actor, command))
