"""Record one key-person contact: when (UK time, not future), how, with whom, what was said."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.commands import ContactInput
from desktop.domain.dates import is_out_of_hours, to_local
from desktop.domain.enums import ContactKind, ContactWith
from desktop.drafts import DraftStore, restore_enum
from desktop.interfaces import RecordingApi
from desktop.models.contacts import INITIATED_LABELS, initiated_label, kind_label, with_label
from desktop.tasks import TaskRunner
from desktop.views.widgets.form_dialog import RecordDialog, text_box
from desktop.views.widgets.forms import qdate, set_local, utc_of

#: TaskRunner key of a contact save.
SAVE_KEY = "person.contacts.save"


class ContactDialog(RecordDialog):
    """A new contact; the typed UK wall-clock time is sent as an aware UTC datetime."""

    draft_kind = "contact"
    long_text_fields = frozenset({"summary", "young_person_said"})

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: RecordingApi,
        actor: Callable[[], Actor],
        young_person_id: int,
        now: datetime | None = None,
        drafts: DraftStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner=runner, save_key=SAVE_KEY, parent=parent)
        self._recording = recording
        self._actor = actor
        self._young_person_id = young_person_id
        self._now = now  # fixed "now" for tests; None = the clock at each check
        self.setObjectName("contactDialog")
        self.setWindowTitle(self.tr("Add key-person contact"))
        local_now = to_local(self.now()).replace(tzinfo=None, second=0, microsecond=0)

        self.when_edit = QDateTimeEdit(self)
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat("d MMM yyyy HH:mm")
        self.when_edit.setMinimumDate(QDate(2000, 1, 1))
        self.when_edit.setMaximumDate(qdate(local_now.date()))
        set_local(self.when_edit, local_now)
        self.ooh_label = QLabel(self)
        self.ooh_label.setObjectName("outOfHoursState")
        self.ooh_label.setAccessibleName(self.tr("Office hours"))
        when_row = QWidget(self)
        when_layout = QHBoxLayout(when_row)
        when_layout.setContentsMargins(0, 0, 0, 0)
        when_layout.addWidget(self.when_edit, 1)
        when_layout.addWidget(self.ooh_label, 1)
        self.add_field(
            "occurred_at",
            self.tr("&When (UK time):"),
            self.when_edit,
            self.tr("Date and time of the contact"),
            row=when_row,
        )

        self.kind_combo = QComboBox(self)
        for kind in ContactKind:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.add_field("kind", self.tr("&Type:"), self.kind_combo, self.tr("Type of contact"))

        self.duration_spin = QSpinBox(self)
        self.duration_spin.setRange(0, 24 * 60)
        self.duration_spin.setSingleStep(5)
        self.duration_spin.setSuffix(self.tr(" min"))
        self.duration_spin.setSpecialValueText(self.tr("Not recorded"))
        self.duration_spin.setValue(30)
        self.add_field(
            "duration_minutes",
            self.tr("&Duration:"),
            self.duration_spin,
            self.tr("Duration in minutes"),
        )

        self.with_combo = QComboBox(self)
        for with_whom in ContactWith:
            self.with_combo.addItem(with_label(with_whom), with_whom)
        self.add_field("with_whom", self.tr("&With:"), self.with_combo, self.tr("Contact with"))

        self.initiated_combo = QComboBox(self)
        for code in INITIATED_LABELS:
            self.initiated_combo.addItem(initiated_label(code), code)
        self.add_field(
            "initiated_by", self.tr("&Initiated by:"), self.initiated_combo, self.tr("Initiated by")
        )

        self.location_edit = QLineEdit(self)
        self.location_edit.setMaxLength(200)
        self.location_edit.setPlaceholderText(self.tr("e.g. Home, school, café"))
        self.add_field("location", self.tr("&Location:"), self.location_edit, self.tr("Location"))

        self.summary_edit = text_box(self, 4)
        self.summary_edit.setPlaceholderText(self.tr("What happened and what was agreed"))
        self.add_field("summary", self.tr("&Summary:"), self.summary_edit, self.tr("Summary"))

        self.said_edit = text_box(self, 3)
        self.said_edit.setPlaceholderText(self.tr("What the young person said, in their own words"))
        self.add_field(
            "young_person_said",
            self.tr("In their &own words:"),
            self.said_edit,
            self.tr("In their own words: what the young person said"),
        )

        self.significant_check = QCheckBox(
            self.tr("Si&gnificant — also add this contact to the chronology"), self
        )
        self.add_field("significant", "", self.significant_check, self.tr("Significant contact"))

        self.when_edit.dateTimeChanged.connect(self._on_when_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self._on_when_changed()
        self._on_kind_changed()
        self.when_edit.setFocus()
        self.track(
            username=actor().username,
            young_person_id=young_person_id,
            record_id=None,
            drafts=drafts if drafts is not None else DraftStore(),
        )

    def set_form_values(self, values: dict[str, object]) -> None:
        when = values.get("occurred_at")
        if isinstance(when, datetime):
            set_local(self.when_edit, when)
        if "kind" in values:
            kind = restore_enum(ContactKind, values["kind"])
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        if "duration_minutes" in values:
            minutes = values["duration_minutes"]
            self.duration_spin.setValue(minutes if isinstance(minutes, int) else 0)
        if "with_whom" in values:
            with_whom = restore_enum(ContactWith, values["with_whom"])
            self.with_combo.setCurrentIndex(max(0, self.with_combo.findData(with_whom)))
        if "initiated_by" in values:
            index = self.initiated_combo.findData(values["initiated_by"])
            self.initiated_combo.setCurrentIndex(max(0, index))
        if "location" in values:
            self.location_edit.setText(str(values["location"] or ""))
        if "summary" in values:
            self.summary_edit.setPlainText(str(values["summary"] or ""))
        if "young_person_said" in values:
            self.said_edit.setPlainText(str(values["young_person_said"] or ""))
        if "significant" in values:
            self.significant_check.setChecked(bool(values["significant"]))

    def now(self) -> datetime:
        return self._now if self._now is not None else datetime.now(UTC)

    # -- slots ---------------------------------------------------------------------------------

    def _on_when_changed(self, *_: Any) -> None:
        if is_out_of_hours(self.occurred_at()):
            text = self.tr("Out of hours (outside 09:00–17:00 Mon–Fri)")
        else:
            text = self.tr("In office hours")
        self.ooh_label.setText(text)
        self.ooh_label.setAccessibleDescription(text)

    def _on_kind_changed(self, *_: Any) -> None:
        failed = ContactKind(self.kind_combo.currentData()) is ContactKind.FAILED_ATTEMPT
        self.duration_spin.setEnabled(not failed)
        self.duration_spin.setToolTip(self.tr("A failed attempt has no duration") if failed else "")

    # -- the command ---------------------------------------------------------------------------

    def occurred_at(self) -> datetime:
        """The typed UK wall-clock time as an aware UTC datetime."""
        return utc_of(self.when_edit)

    def command(self) -> ContactInput:
        kind = ContactKind(self.kind_combo.currentData())
        minutes = self.duration_spin.value()
        failed = kind is ContactKind.FAILED_ATTEMPT
        return ContactInput(
            young_person_id=self._young_person_id,
            occurred_at=self.occurred_at(),
            kind=kind,
            duration_minutes=None if failed or minutes == 0 else minutes,
            with_whom=ContactWith(self.with_combo.currentData()),
            initiated_by=str(self.initiated_combo.currentData()),
            location=self.location_edit.text().strip(),
            summary=self.summary_edit.toPlainText().strip(),
            young_person_said=self.said_edit.toPlainText().strip(),
            significant=self.significant_check.isChecked(),
            request_id=self.request_id,
        )

    def local_errors(self) -> dict[str, str]:
        if self.occurred_at() > self.now():
            return {"occurred_at": self.tr("The contact cannot be in the future.")}
        return {}

    def submit(self) -> None:
        recording, actor, command = self._recording, self._actor(), self.command()
        self.save(lambda _progress: recording.record_contact(actor, command))
