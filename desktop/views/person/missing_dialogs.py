"""Report a missing episode, record the return, and record the return home interview."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Unpack

from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLineEdit, QWidget

from desktop.domain.commands import MissingInput
from desktop.domain.enums import MissingKind, PoliceRiskGrade
from desktop.domain.workspace import MissingView
from desktop.drafts import DraftStore, restore_enum
from desktop.models.missing import GRADE_LABELS
from desktop.views.person.episode_dialog import EpisodeDialog, EpisodeFormArgs
from desktop.views.person.missing_fields import KIND_CHOICES, SAVE_KEY, datetime_edit, text_box
from desktop.views.person.return_interview_dialog import ReturnInterviewDialog
from desktop.views.widgets.forms import set_local, utc_of

__all__ = ["SAVE_KEY", "MissingEpisodeDialog", "ReturnInterviewDialog"]


class MissingEpisodeDialog(EpisodeDialog):
    """Report a new episode (``episode=None``) or record the return of an open one."""

    draft_kind = "missing_episode"
    long_text_fields = frozenset({"notes"})

    def __init__(
        self,
        *,
        episode: MissingView | None = None,
        now: datetime | None = None,
        drafts: DraftStore | None = None,
        parent: QWidget | None = None,
        **record: Unpack[EpisodeFormArgs],
    ) -> None:
        super().__init__(save_key=SAVE_KEY, parent=parent, **record)
        self._episode = episode
        now = now or datetime.now(UTC)
        returning = episode is not None
        self.setObjectName("missingEpisodeDialog")
        self.setWindowTitle(self.tr("Record return") if returning else self.tr("Report missing"))

        self.kind_combo = QComboBox(self)
        for kind, label in KIND_CHOICES.items():
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
