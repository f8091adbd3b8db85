"""End the current SSDA903 placement episode through the recording service."""

from __future__ import annotations

from datetime import date
from typing import Unpack

from PySide6.QtWidgets import QWidget

from desktop.domain.commands import EndPlacementInput
from desktop.domain.ssda903 import REASON_PLACE_CHANGE_DESCRIPTIONS, REC_DESCRIPTIONS
from desktop.domain.workspace import PlacementView
from desktop.drafts import DraftStore
from desktop.views.person.episode_dialog import EpisodeDialog, EpisodeFormArgs
from desktop.views.person.placement_fields import (
    SAVE_KEY,
    code_combo,
    code_of,
    episode_words,
    name_combo,
    select_code,
)
from desktop.views.widgets.forms import date_edit, qdate


class EndPlacementDialog(EpisodeDialog):
    """End the open episode: DEC, REC and (for a move) the reason for the placement change."""

    draft_kind = "end_placement"

    def __init__(
        self,
        *,
        episode: PlacementView,
        today: date | None = None,
        drafts: DraftStore | None = None,
        parent: QWidget | None = None,
        **record: Unpack[EpisodeFormArgs],
    ) -> None:
        super().__init__(save_key=SAVE_KEY, parent=parent, **record)
        self.setObjectName("endPlacementDialog")
        self.setWindowTitle(self.tr("End current placement"))
        self._episode = episode
        today = today or date.today()

        self.add_note(
            self.tr("Ending {episode}.").format(episode=episode_words(episode)),
            "placementEndingNote",
        )
        self.dec_edit = date_edit(self, max(today, episode.decom))
        self.dec_edit.setMinimumDate(qdate(episode.decom))
        self.rec_combo = code_combo(
            self, REC_DESCRIPTIONS, blank=self.tr("Choose why the episode ended…")
        )
        self.change_combo = code_combo(
            self, REASON_PLACE_CHANGE_DESCRIPTIONS, blank=self.tr("Not a placement change")
        )
        self.add_field("dec", self.tr("&End (DEC):"), self.dec_edit, self.tr("End date"))
        self.add_field(
            "rec",
            self.tr("&Reason ceased (REC):"),
            self.rec_combo,
            self.tr("Reason the episode ceased"),
        )
        self.add_field(
            "reason_place_change",
            self.tr("Reason for placement c&hange:"),
            self.change_combo,
            self.tr("Reason for placement change"),
        )
        name_combo(self.rec_combo, self.tr("Reason the episode ceased"))
        name_combo(self.change_combo, self.tr("Reason for placement change"))
        self.save_button.setText(self.tr("&End episode"))
        self.dec_edit.setFocus()
        self.track_record(episode.id, drafts)

    def set_form_values(self, values: dict[str, object]) -> None:
        dec = values.get("dec")
        if isinstance(dec, date):
            self.dec_edit.setDate(qdate(dec))
        for name, combo in (("rec", self.rec_combo), ("reason_place_change", self.change_combo)):
            if name in values:
                code = values[name]
                if combo.findData(code) >= 0:
                    select_code(combo, code)  # type: ignore[arg-type]
                else:
                    combo.setEditText(str(code or ""))

    def command(self) -> EndPlacementInput:
        return EndPlacementInput(
            young_person_id=self._person,
            episode_id=self._episode.id,
            version=self.version_for(self._episode.version) or self._episode.version,
            dec=self.dec_edit.date().toPython(),
            rec=code_of(self.rec_combo) or "",
            reason_place_change=code_of(self.change_combo),
            request_id=self.request_id,
        )

    def submit(self) -> None:
        command = self.command()
        if not command.rec:
            self.clear_errors()
            self.show_field_error("rec", self.tr("Choose the reason the episode ceased (REC)."))
            return
        self.save_with(self._recording.end_placement, command)
