"""Record the return home interview offered after a missing episode."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Unpack

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QRadioButton, QWidget

from desktop.domain.commands import ReturnInterviewInput
from desktop.domain.dates import format_datetime
from desktop.domain.workspace import MissingView
from desktop.drafts import DraftStore
from desktop.views.person.episode_dialog import EpisodeDialog, EpisodeFormArgs
from desktop.views.person.missing_fields import SAVE_KEY, _optional_time, text_box
from desktop.views.widgets.forms import set_local, utc_of


class ReturnInterviewDialog(EpisodeDialog):
    """Offered, accepted or declined (with the reason), completed, by whom, key disclosures."""

    draft_kind = "return_interview"
    long_text_fields = frozenset({"key_disclosures"})

    def __init__(
        self,
        *,
        episode: MissingView,
        now: datetime | None = None,
        drafts: DraftStore | None = None,
        parent: QWidget | None = None,
        **record: Unpack[EpisodeFormArgs],
    ) -> None:
        super().__init__(save_key=SAVE_KEY, parent=parent, **record)
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
