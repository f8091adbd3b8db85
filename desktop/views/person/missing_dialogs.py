"""Report a missing episode, record the return, and record the return home interview."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.commands import MissingInput, ReturnInterviewInput
from desktop.domain.dates import format_datetime
from desktop.domain.enums import MissingKind, PoliceRiskGrade
from desktop.domain.workspace import MissingView
from desktop.drafts import DraftStore, restore_enum
from desktop.models.missing import GRADE_LABELS
from desktop.tasks import TaskRunner
from desktop.views.person.episode_dialog import EpisodeDialog
from desktop.views.widgets.forms import set_local, utc_of

#: TaskRunner key of a missing-episode or return-interview save.
SAVE_KEY = "person.missing.save"

_KIND_CHOICES: dict[MissingKind, str] = {
    MissingKind.MISSING: "Missing — whereabouts unknown",
    MissingKind.AWAY: "Away — whereabouts known, without authorisation",
}


def datetime_edit(parent: QWidget, value: datetime) -> QDateTimeEdit:
    """A date-time field with a calendar pop-up showing ``value`` in UK wall-clock time."""
    edit = QDateTimeEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy HH:mm")
    set_local(edit, value)
    return edit


def text_box(parent: QWidget, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)  # Tab moves on; the form stays keyboard-operable
    box.setFixedHeight(height)
    return box


def _optional_time(
    parent: QWidget, text: str, value: datetime | None, now: datetime, accessible: str
) -> tuple[QWidget, QCheckBox, QDateTimeEdit]:
    """A check box that switches a date-time field on, in one row."""
    box = QWidget(parent)
    check = QCheckBox(text, box)
    check.setAccessibleName(accessible)
    edit = datetime_edit(box, value or now)
    edit.setAccessibleName(accessible + parent.tr(" (date and time)"))
    check.setChecked(value is not None)
    edit.setEnabled(value is not None)
    check.toggled.connect(edit.setEnabled)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(check)
    row.addWidget(edit, 1)
    box.setFocusProxy(check)
    return box, check, edit


class MissingEpisodeDialog(EpisodeDialog):
    """Report a new episode (``episode=None``) or record the return of an open one."""

    draft_kind = "missing_episode"
    long_text_fields = frozenset({"notes"})

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: Any,
        actor: Callable[[], Actor],
        young_person_id: int,
        episode: MissingView | None = None,
        now: datetime | None = None,
        drafts: DraftStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner=runner,
            recording=recording,
            actor=actor,
            young_person_id=young_person_id,
            save_key=SAVE_KEY,
            parent=parent,
        )
        self._episode = episode
        now = now or datetime.now(UTC)
        returning = episode is not None
        self.setObjectName("missingEpisodeDialog")
        self.setWindowTitle(self.tr("Record return") if returning else self.tr("Report missing"))

        self.kind_combo = QComboBox(self)
        for kind, label in _KIND_CHOICES.items():
            self.kind_combo.addItem(self.tr(label), kind)
        self.started_edit = datetime_edit(self, episode.started_at if episode else now)
        self.grade_combo = QComboBox(self)
        self.grade_combo.addItem(self.tr("Not graded yet"), None)
        for grade in PoliceRiskGrade:
            self.grade_combo.addItem(self.tr(GRADE_LABELS[grade]), grade)
        self.reported_edit = QLineEdit(self)
        self.reported_edit.setMaxLength(200)
        self.reported_edit.setPlaceholderText(self.tr("e.g. carer, residential staff, parent"))
        self.notes_edit = text_box(self)

        self.add_field("kind", self.tr("&Type:"), self.kind_combo, self.tr("Type of episode"))
        self.add_field(
            "started_at", self.tr("&Started at:"), self.started_edit, self.tr("Started at")
        )
        self.add_field(
            "police_risk_grade",
            self.tr("&Police risk grade:"),
            self.grade_combo,
            self.tr("Police risk grade"),
        )
        self.add_field(
            "reported_by", self.tr("Reported &by:"), self.reported_edit, self.tr("Reported by")
        )
        self.add_field("notes", self.tr("&Notes:"), self.notes_edit, self.tr("Notes"))

        self.ended_edit: QDateTimeEdit | None = None
        self.where_edit: QLineEdit | None = None
        self.with_edit: QLineEdit | None = None
        if episode is not None:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(episode.kind)))
            self.grade_combo.setCurrentIndex(
                max(0, self.grade_combo.findData(episode.police_risk_grade))
            )
            self.reported_edit.setText(episode.reported_by)
            self.notes_edit.setPlainText(episode.notes)
            self.add_heading(self.tr("Return"))
            self.ended_edit = datetime_edit(self, episode.ended_at or now)
            self.where_edit = QLineEdit(self)
            self.where_edit.setMaxLength(200)
            self.with_edit = QLineEdit(self)
            self.with_edit.setMaxLength(200)
            self.where_edit.setText(episode.where_found)
            self.with_edit.setText(episode.found_with)
            self.add_field(
                "ended_at",
                self.tr("&Found / returned at:"),
                self.ended_edit,
                self.tr("Found or returned at"),
            )
            self.add_field(
                "where_found", self.tr("&Where found:"), self.where_edit, self.tr("Where found")
            )
            self.add_field(
                "found_with", self.tr("With &whom:"), self.with_edit, self.tr("Found with whom")
            )
            self.add_note(self.tr("A return home interview is due within 72 hours of the return."))
            self.save_button.setText(self.tr("&Record return"))
            self.ended_edit.setFocus()
        else:
            self.save_button.setText(self.tr("&Report missing"))
            self.kind_combo.setFocus()
        self.track_record(episode.id if episode is not None else None, drafts)

    def set_form_values(self, values: dict[str, object]) -> None:
        if "kind" in values:
            kind = restore_enum(MissingKind, values["kind"])
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        if isinstance(values.get("started_at"), datetime):
            set_local(self.started_edit, values["started_at"])  # type: ignore[arg-type]
        if self.ended_edit is not None and isinstance(values.get("ended_at"), datetime):
            set_local(self.ended_edit, values["ended_at"])  # type: ignore[arg-type]
        if "police_risk_grade" in values:
            raw = values["police_risk_grade"]
            grade = restore_enum(PoliceRiskGrade, raw) if raw is not None else None
            self.grade_combo.setCurrentIndex(max(0, self.grade_combo.findData(grade)))
        if "reported_by" in values:
            self.reported_edit.setText(str(values["reported_by"] or ""))
        if self.where_edit is not None and "where_found" in values:
            self.where_edit.setText(str(values["where_found"] or ""))
        if self.with_edit is not None and "found_with" in values:
            self.with_edit.setText(str(values["found_with"] or ""))
        if "notes" in values:
            self.notes_edit.setPlainText(str(values["notes"] or ""))

    def command(self) -> MissingInput:
        ep = self._episode
        return MissingInput(
            young_person_id=self._person,
            kind=MissingKind(self.kind_combo.currentData()),
            started_at=utc_of(self.started_edit),
            ended_at=utc_of(self.ended_edit) if self.ended_edit is not None else None,
            police_risk_grade=self.grade_combo.currentData(),
            reported_by=self.reported_edit.text().strip(),
            where_found=self.where_edit.text().strip() if self.where_edit else "",
            found_with=self.with_edit.text().strip() if self.with_edit else "",
            notes=self.notes_edit.toPlainText().strip(),
            episode_id=ep.id if ep is not None else None,
            version=self.version_for(ep.version if ep is not None else None),
            request_id=self.request_id,
        )

    def submit(self) -> None:
        self.save_with(self._recording.save_missing, self.command())


class ReturnInterviewDialog(EpisodeDialog):
    """Offered, accepted or declined (with the reason), completed, by whom, key disclosures."""

    draft_kind = "return_interview"
    long_text_fields = frozenset({"key_disclosures"})

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: Any,
        actor: Callable[[], Actor],
        young_person_id: int,
        episode: MissingView,
        now: datetime | None = None,
        drafts: DraftStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner=runner,
            recording=recording,
            actor=actor,
            young_person_id=young_person_id,
            save_key=SAVE_KEY,
            parent=parent,
        )
        self._episode = episode
        now = now or datetime.now(UTC)
        rhi = episode.rhi
        self.setObjectName("returnInterviewDialog")
        self.setWindowTitle(self.tr("Return home interview"))

        found = format_datetime(episode.ended_at) if episode.ended_at else self.tr("not recorded")
        due = (
            self.tr(" It is due by {time}.").format(time=format_datetime(episode.rhi_due))
            if episode.rhi_due
            else ""
        )
        self.add_note(
            self.tr("Return from the episode that began {start}; found {found}.").format(
                start=format_datetime(episode.started_at), found=found
            )
            + due
        )

        offered_box, self.offered_check, self.offered_edit = _optional_time(
            self, self.tr("Offered"), rhi.offered_at, now, self.tr("Interview offered")
        )
        self.add_field("offered_at", self.tr("&Offered:"), offered_box, self.tr("Offered at"))

        answer_box = QWidget(self)
        self.answer_group = QButtonGroup(self)
        self.pending_radio = QRadioButton(self.tr("Not answered yet"), answer_box)
        self.accepted_radio = QRadioButton(self.tr("&Accepted"), answer_box)
        self.declined_radio = QRadioButton(self.tr("&Declined"), answer_box)
        row = QHBoxLayout(answer_box)
        row.setContentsMargins(0, 0, 0, 0)
        for i, radio in enumerate((self.pending_radio, self.accepted_radio, self.declined_radio)):
            radio.setAccessibleName(radio.text().replace("&", ""))
            self.answer_group.addButton(radio, i)
            row.addWidget(radio)
        row.addStretch(1)
        answer_box.setFocusProxy(self.pending_radio)
        {None: self.pending_radio, True: self.accepted_radio, False: self.declined_radio}[
            rhi.accepted
        ].setChecked(True)
        self.add_field("accepted", self.tr("Answer:"), answer_box, self.tr("Young person's answer"))

        self.declined_edit = QLineEdit(self)
        self.declined_edit.setMaxLength(500)
        self.declined_edit.setPlaceholderText(self.tr("The young person's reason, in their words"))
        self.declined_edit.setText(rhi.declined_reason or "")
        self.add_field(
            "declined_reason",
            self.tr("Reason &declined:"),
            self.declined_edit,
            self.tr("Reason declined"),
        )

        completed_box, self.completed_check, self.completed_edit = _optional_time(
            self, self.tr("Completed"), rhi.completed_at, now, self.tr("Interview completed")
        )
        self.add_field(
            "completed_at", self.tr("&Completed:"), completed_box, self.tr("Completed at")
        )
        self.completed_by_edit = QLineEdit(self)
        self.completed_by_edit.setMaxLength(200)
        self.completed_by_edit.setText(rhi.completed_by)
        self.add_field(
            "completed_by",
            self.tr("Completed &by:"),
            self.completed_by_edit,
            self.tr("Completed by"),
        )
        self.disclosures_edit = text_box(self, 90)
        self.disclosures_edit.setPlainText(rhi.key_disclosures)
        self.add_field(
            "key_disclosures",
            self.tr("&Key disclosures:"),
            self.disclosures_edit,
            self.tr("Key disclosures"),
        )
        self.answer_group.idToggled.connect(self._on_answer_toggled)
        self._on_answer_toggled()
        self.save_button.setText(self.tr("&Save interview"))
        self.offered_check.setFocus()
        self.track_record(episode.id, drafts)  # the interview is the episode's: one draft each

    def set_form_values(self, values: dict[str, object]) -> None:
        for name, check, edit in (
            ("offered_at", self.offered_check, self.offered_edit),
            ("completed_at", self.completed_check, self.completed_edit),
        ):
            if name in values:
                value = values[name]
                check.setChecked(isinstance(value, datetime))
                if isinstance(value, datetime):
                    set_local(edit, value)
        if "accepted" in values:
            radio = {None: self.pending_radio, True: self.accepted_radio}.get(
                values["accepted"],
                self.declined_radio,  # type: ignore[arg-type]
            )
            radio.setChecked(True)
        if "declined_reason" in values:
            self.declined_edit.setText(str(values["declined_reason"] or ""))
        if "completed_by" in values:
            self.completed_by_edit.setText(str(values["completed_by"] or ""))
        if "key_disclosures" in values:
            self.disclosures_edit.setPlainText(str(values["key_disclosures"] or ""))

    def _on_answer_toggled(self, *_: Any) -> None:
        self.declined_edit.setEnabled(self.declined_radio.isChecked())

    def accepted(self) -> bool | None:
        if self.accepted_radio.isChecked():
            return True
        if self.declined_radio.isChecked():
            return False
        return None

    def command(self) -> ReturnInterviewInput:
        accepted = self.accepted()
        return ReturnInterviewInput(
            young_person_id=self._person,
            episode_id=self._episode.id,
            offered_at=utc_of(self.offered_edit) if self.offered_check.isChecked() else None,
            accepted=accepted,
            declined_reason=self.declined_edit.text().strip() if accepted is False else "",
            completed_at=(
                utc_of(self.completed_edit) if self.completed_check.isChecked() else None
            ),
            completed_by=self.completed_by_edit.text().strip(),
            key_disclosures=self.disclosures_edit.toPlainText().strip(),
            version=self.version_for(self._episode.rhi.version),
            request_id=self.request_id,
        )

    def submit(self) -> None:
        command = self.command()
        if command.accepted is False and not command.declined_reason:
            self.clear_errors()
            self.show_field_error(
                "declined_reason",
                self.tr(
                    "Give the young person's reason for declining: without it the interview "
                    "stays outstanding."
                ),
            )
            return
        self.save_with(self._recording.save_return_interview, command)
