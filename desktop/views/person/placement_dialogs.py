"""Start a new SSDA903 placement episode, or end the current one, through the recording service."""

from __future__ import annotations

from datetime import date
from typing import Any, Unpack

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop.domain.commands import PlacementInput
from desktop.domain.dates import format_date
from desktop.domain.ssda903 import (
    LS_DESCRIPTIONS,
    PLACE_DESCRIPTIONS,
    REASON_PLACE_CHANGE_DESCRIPTIONS,
    REC_DESCRIPTIONS,
    RNE_DESCRIPTIONS,
)
from desktop.domain.workspace import PlacementView
from desktop.views.person.end_placement_dialog import EndPlacementDialog
from desktop.views.person.episode_dialog import EpisodeDialog, EpisodeFormArgs
from desktop.views.person.placement_fields import (
    SAVE_KEY,
    code_combo,
    code_of,
    episode_words,
    name_combo,
    select_code,
)
from desktop.views.widgets.forms import date_edit

__all__ = ["SAVE_KEY", "EndPlacementDialog", "NewPlacementDialog"]


class NewPlacementDialog(EpisodeDialog):
    """A new episode (DECOM, RNE, LS, PLACE, provider, postcode, URN); the open one ends."""

    def __init__(
        self,
        *,
        current: PlacementView | None,
        home_postcode: str | None = None,
        legal_status: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
        **record: Unpack[EpisodeFormArgs],
    ) -> None:
        super().__init__(save_key=SAVE_KEY, parent=parent, **record)
        self.setObjectName("newPlacementDialog")
        self.setWindowTitle(self.tr("New placement episode"))
        self._current, self._home = current, home_postcode
        today = today or date.today()

        self.decom_edit = date_edit(self, today)
        self.rne_combo = code_combo(self, RNE_DESCRIPTIONS)
        select_code(self.rne_combo, "P" if current is not None else "S")
        self.ls_combo = code_combo(self, LS_DESCRIPTIONS)
        select_code(self.ls_combo, current.ls if current is not None else legal_status)
        self.place_combo = code_combo(self, PLACE_DESCRIPTIONS)
        select_code(self.place_combo, current.place if current is not None else None)
        self.provider_edit = QLineEdit(self)
        self.provider_edit.setMaxLength(200)
        self.postcode_edit = QLineEdit(self)
        self.postcode_edit.setMaxLength(10)
        self.postcode_edit.setPlaceholderText(self.tr("e.g. LS1 4AP"))
        self.urn_edit = QLineEdit(self)
        self.urn_edit.setMaxLength(20)
        self.urn_edit.setPlaceholderText(self.tr("Ofsted unique reference, if any"))
        self.rec_combo = code_combo(self, REC_DESCRIPTIONS)
        select_code(self.rec_combo, "X1")
        self.change_combo = code_combo(
            self, REASON_PLACE_CHANGE_DESCRIPTIONS, blank=self.tr("Not a placement change")
        )

        self.add_field("decom", self.tr("&Start (DECOM):"), self.decom_edit, self.tr("Start date"))
        self.add_field(
            "rne",
            self.tr("&Reason for new episode:"),
            self.rne_combo,
            self.tr("Reason for new episode"),
        )
        self.add_field("ls", self.tr("&Legal status:"), self.ls_combo, self.tr("Legal status"))
        self.add_field(
            "place", self.tr("&Placement type:"), self.place_combo, self.tr("Placement type")
        )
        self.add_field("provider", self.tr("Pro&vider:"), self.provider_edit, self.tr("Provider"))
        self.add_field(
            "placement_postcode",
            self.tr("Placement p&ostcode:"),
            self.postcode_edit,
            self.tr("Placement postcode"),
        )
        self.add_field("urn", self.tr("&URN:"), self.urn_edit, self.tr("URN"))
        for combo, name in (
            (self.rne_combo, self.tr("Reason for new episode")),
            (self.ls_combo, self.tr("Legal status")),
            (self.place_combo, self.tr("Placement type")),
            (self.rec_combo, self.tr("Reason the current episode ceased")),
            (self.change_combo, self.tr("Reason for placement change")),
        ):
            name_combo(combo, name)

        self.ending_note: QLabel | None = None
        if current is not None:
            self.add_heading(self.tr("The current episode"))
            self.ending_note = self.add_note("", "placementEndingNote")
            self.add_field(
                "rec",
                self.tr("Reason it &ceased (REC):"),
                self.rec_combo,
                self.tr("Reason the current episode ceased"),
            )
            self.add_field(
                "reason_place_change",
                self.tr("Reason for placement c&hange:"),
                self.change_combo,
                self.tr("Reason for placement change"),
            )
            self.decom_edit.dateChanged.connect(self._on_decom_changed)
            self._on_decom_changed()
        else:
            self.add_note(
                self.tr("No episode is open, so this one starts without ending another."),
                "placementEndingNote",
            )
            self.rec_combo.hide()
            self.change_combo.hide()
        self.save_button.setText(self.tr("&Start episode"))
        self.decom_edit.setFocus()

    def _on_decom_changed(self, *_: Any) -> None:
        if self.ending_note is None or self._current is None:
            return
        self.ending_note.setText(
            self.tr(
                "{episode}. It will end on the new start date, {date}, with the reason below."
            ).format(
                episode=episode_words(self._current),
                date=format_date(self.decom_edit.date().toPython()),
            )
        )

    def command(self) -> PlacementInput:
        follows = self._current is not None
        return PlacementInput(
            young_person_id=self._person,
            decom=self.decom_edit.date().toPython(),
            rne=code_of(self.rne_combo) or "",
            ls=code_of(self.ls_combo) or "",
            place=code_of(self.place_combo) or "",
            provider=self.provider_edit.text().strip(),
            placement_postcode=self.postcode_edit.text().strip().upper() or None,
            home_postcode=self._home,
            urn=self.urn_edit.text().strip() or None,
            reason_place_change=code_of(self.change_combo) if follows else None,
            rec=code_of(self.rec_combo) if follows else None,
            request_id=self.request_id,
        )

    def submit(self) -> None:
        self.save_with(self._recording.start_placement, self.command())
