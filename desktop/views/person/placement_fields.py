"""SSDA903 code fields shared by the placement forms: a searchable combo of codes with words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QSizePolicy, QWidget

from desktop.domain.dates import format_date
from desktop.domain.workspace import PlacementView

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


def episode_words(ep: PlacementView) -> str:
    where = f" at {ep.provider}" if ep.provider else ""
    return f"{ep.place} — {ep.place_label}{where}, since {format_date(ep.decom)}"
