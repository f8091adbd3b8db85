"""Start a new SSDA903 placement episode, or end the current one, through the recording service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.commands import EndPlacementInput, PlacementInput
from desktop.domain.dates import format_date
from desktop.domain.ssda903 import (
    LS_DESCRIPTIONS,
    PLACE_DESCRIPTIONS,
    REASON_PLACE_CHANGE_DESCRIPTIONS,
    REC_DESCRIPTIONS,
    RNE_DESCRIPTIONS,
)
from desktop.domain.workspace import PlacementView
from desktop.drafts import DraftStore
from desktop.tasks import TaskRunner
from desktop.views.person.episode_dialog import EpisodeDialog
from desktop.views.widgets.forms import date_edit, qdate

#: TaskRunner key of a placement save (a second click supersedes a running one).
SAVE_KEY = "person.placements.save"


def code_combo(
    parent: QWidget, descriptions: dict[str, str], *, blank: str | None = None
) -> QComboBox:
    """An editable combo of 'CODE — description' items; typing filters by any part of the text."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(30)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    if blank is not None:
        combo.addItem(blank, None)
    for code, text in descriptions.items():
        combo.addItem(f"{code} — {text}", code)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setProperty("codes", list(descriptions))
    line = combo.lineEdit()
    # show the start of 'CODE — description', not its end, whatever was chosen
    combo.currentIndexChanged.connect(lambda *_: line.setCursorPosition(0))
    line.editingFinished.connect(lambda: _settle(combo))
    return combo


def _settle(combo: QComboBox) -> None:
    """A typed known code ('u4') becomes its item ('U4 — Foster placement…')."""
    code = code_of(combo)
    index = combo.findData(code) if code else -1
    if index >= 0 and combo.currentText() != combo.itemText(index):
        combo.setCurrentIndex(index)
        combo.setEditText(combo.itemText(index))
    combo.lineEdit().setCursorPosition(0)


def name_combo(combo: QComboBox, accessible: str) -> None:
    """Accessible names on a searchable combo's parts (the line edit and both pop-ups)."""
    combo.view().setAccessibleName(accessible)
    if combo.lineEdit() is not None:
        combo.lineEdit().setAccessibleName(accessible)
    if combo.completer() is not None:
        combo.completer().popup().setAccessibleName(accessible)


def select_code(combo: QComboBox, code: str | None) -> None:
    index = combo.findData(code)
    if index >= 0:
        combo.setCurrentIndex(index)
    combo.lineEdit().setCursorPosition(0)


def code_of(combo: QComboBox) -> str | None:
    """The code chosen or typed: an item's code, a typed known code, None for the blank item,
    else the text as typed (the service then says what is wrong with it, next to the field)."""
    text = combo.currentText().strip()
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    if index >= 0:
        return combo.itemData(index)
    if not text:
        return None
    token = text.split()[0].upper()
    return token if token in (combo.property("codes") or []) else text


def _episode_words(ep: PlacementView) -> str:
    where = f" at {ep.provider}" if ep.provider else ""
    return f"{ep.place} — {ep.place_label}{where}, since {format_date(ep.decom)}"


class NewPlacementDialog(EpisodeDialog):
    """A new episode (DECOM, RNE, LS, PLACE, provider, postcode, URN); the open one ends."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: Any,
        actor: Callable[[], Actor],
        young_person_id: int,
        current: PlacementView | None,
        home_postcode: str | None = None,
        legal_status: str | None = None,
        today: date | None = None,
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
                episode=_episode_words(self._current),
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


class EndPlacementDialog(EpisodeDialog):
    """End the open episode: DEC, REC and (for a move) the reason for the placement change."""

    draft_kind = "end_placement"

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: Any,
        actor: Callable[[], Actor],
        young_person_id: int,
        episode: PlacementView,
        today: date | None = None,
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
        self.setObjectName("endPlacementDialog")
        self.setWindowTitle(self.tr("End current placement"))
        self._episode = episode
        today = today or date.today()

        self.add_note(
            self.tr("Ending {episode}.").format(episode=_episode_words(episode)),
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
