"""Add or edit a hand-written chronology entry: dated, sourced, fact kept apart from analysis."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.commands import ChronologyEntryInput
from desktop.domain.enums import ChronologyCategory, DatePrecision
from desktop.domain.workspace import ChronologyItem
from desktop.drafts import DraftStore, restore_enum
from desktop.interfaces import RecordingApi
from desktop.models.chronology import category_label
from desktop.tasks import TaskRunner
from desktop.views.widgets.form_dialog import RecordDialog, text_box
from desktop.views.widgets.forms import (
    date_edit,
    qdate,
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
        recording: RecordingApi,
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
