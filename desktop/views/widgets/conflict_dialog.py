"""Settle an edit conflict field by field: the user's value, the colleague's, and the result."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_date, format_datetime
from desktop.domain.merge import MergeResult

MINE, THEIRS, EDIT = "mine", "theirs", "edit"


def display_value(value: object) -> str:
    """A stored or typed value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return str(label) if label else str(value.value).replace("_", " ").capitalize()
    return str(value)


def is_long_text(*values: object) -> bool:
    return any(isinstance(v, str) and (len(v) > 60 or "\n" in v) for v in values)


def _size_text_box(box: QPlainTextEdit) -> None:
    """Four to seven lines, wrapped: long enough to read, short enough to see the next field."""
    line = box.fontMetrics().lineSpacing()
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    box.setMinimumHeight(line * 4 + 12)
    box.setMaximumHeight(line * 7 + 12)
    # share the row's width with its neighbours instead of asking for a fixed text width
    box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    box.setMinimumWidth(150)


class ConflictDialog(QDialog):
    """Shows each differing field; conflicting ones need a choice (mine, theirs, or for long
    text an editable copy of the user's text). "Save merged" emits the values to save."""

    #: The user chose "Save merged"; argument: dict of field -> value to save.
    sig_resolved = Signal(dict)

    def __init__(
        self,
        *,
        mine: Mapping[str, object],
        theirs: Mapping[str, object],
        result: MergeResult,
        labels: Mapping[str, str],
        changed_by: str,
        changed_at: datetime | None,
        long_text: frozenset[str] = frozenset(),
        fmt: Callable[[str, object], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Someone else changed this record"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._result = result
        self._mine, self._theirs = dict(mine), dict(theirs)
        self._fmt = fmt or (lambda _name, value: display_value(value))
        self.groups: dict[str, QButtonGroup] = {}
        self.editors: dict[str, QPlainTextEdit] = {}
        who = changed_by or self.tr("A colleague")
        when = format_datetime(changed_at) if changed_at else ""

        intro = QLabel(self)
        intro.setObjectName("conflictIntro")
        intro.setWordWrap(True)
        saved = (
            self.tr("{who} saved this record at {when} while you were editing it.")
            if when
            else self.tr("{who} saved this record while you were editing it.")
        ).format(who=who, when=when)
        n = len(result.conflicts)
        need = (
            self.tr(" You both changed {n} field(s): choose what to keep.").format(n=n)
            if n
            else self.tr(" Your changes and theirs touch different fields and merge by themselves.")
        )
        intro.setText(saved + self.tr(" Nothing has been saved or overwritten.") + need)

        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)
        theirs_title = self.tr("{who}'s version").format(who=who)
        for col, text in enumerate(
            (self.tr("Field"), self.tr("Your version"), theirs_title, self.tr("Result"))
        ):
            head = QLabel(f"<b>{text}</b>", grid_host)
            grid.addWidget(head, 0, col)
        shown = [
            name
            for name in mine
            if name in result.conflicts
            or name in result.auto_taken_theirs
            or name in result.auto_kept_mine
        ]
        row = 1
        for name in shown:
            label = labels.get(name) or name.replace("_", " ").capitalize()
            long = name in long_text or is_long_text(self._mine.get(name), self._theirs.get(name))
            name_label = QLabel(f"<b>{label}</b>", grid_host)
            name_label.setAlignment(Qt.AlignmentFlag.AlignTop)
            name_label.setWordWrap(True)
            top = Qt.AlignmentFlag.AlignTop
            grid.addWidget(name_label, row, 0, top)
            mine_cell = self._value(name, self._mine.get(name), long, MINE)
            mine_cell.setAccessibleName(self.tr("{field}: your version").format(field=label))
            theirs_cell = self._value(name, self._theirs.get(name), long, THEIRS)
            theirs_cell.setAccessibleName(
                self.tr("{field}: {who}'s version").format(field=label, who=who)
            )
            grid.addWidget(mine_cell, row, 1, top)
            grid.addWidget(theirs_cell, row, 2, top)
            grid.addWidget(self._outcome(name, label, who, long, grid_host), row, 3, top)
            row += 1
        same = len(mine) - len(shown)
        if same:
            note = QLabel(
                self.tr("{n} other field(s) are the same in both versions.").format(n=same),
                grid_host,
            )
            note.setObjectName("formHint")
            grid.addWidget(note, row, 0, 1, 4)
            row += 1
        grid.setRowStretch(row, 1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(grid_host)
        scroll.setAccessibleName(self.tr("Differences, field by field"))
        self.setAccessibleName(self.tr("Someone else changed this record"))

        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            self.tr("&Save merged"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("conflictSave")
        self.save_button.setAccessibleName(self.tr("Save merged"))
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton(
            self.tr("&Back to my form"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setObjectName("conflictCancel")
        self.cancel_button.setAccessibleName(self.tr("Cancel: back to the form"))
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)

    # -- cells -------------------------------------------------------------------------------

    def _value(self, name: str, value: object, long: bool, side: str) -> QWidget:
        text = self._fmt(name, value)
        if long:
            box = QPlainTextEdit(self)
            box.setObjectName(f"{side}_{name}")
            box.setReadOnly(True)
            box.setTabChangesFocus(True)
            box.setPlainText(text)
            _size_text_box(box)
            return box
        label = QLabel(text, self)
        label.setObjectName(f"{side}_{name}")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _outcome(self, name: str, label: str, who: str, long: bool, parent: QWidget) -> QWidget:
        if name in self._result.auto_kept_mine:
            text = self.tr("Yours (only you changed it)")
        elif name in self._result.auto_taken_theirs:
            text = self.tr("{who}'s (only they changed it)").format(who=who)
        else:
            return self._choice(name, label, long, parent)
        cell = QLabel(f"<i>{text}</i>", parent)
        cell.setObjectName(f"result_{name}")
        cell.setWordWrap(True)
        cell.setAlignment(Qt.AlignmentFlag.AlignTop)
        return cell

    def _choice(self, name: str, label: str, long: bool, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        box.setObjectName(f"result_{name}")
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        group = QButtonGroup(box)
        options = [(MINE, self.tr("Keep mine")), (THEIRS, self.tr("Take theirs"))]
        if long:
            options.append((EDIT, self.tr("Edit my text (below)")))
        for i, (key, text) in enumerate(options):
            radio = QRadioButton(text, box)
            radio.setObjectName(f"choice_{name}_{key}")
            radio.setAccessibleName(f"{label}: {text}")
            radio.setProperty("choice", key)
            group.addButton(radio, i)
            column.addWidget(radio)
        group.button(0).setChecked(True)
        self.groups[name] = group
        if long:
            editor = QPlainTextEdit(box)
            editor.setObjectName(f"edit_{name}")
            editor.setAccessibleName(self.tr("{field}: your text to save").format(field=label))
            editor.setTabChangesFocus(True)
            editor.setPlainText(str(self._mine.get(name) or ""))
            _size_text_box(editor)
            editor.setEnabled(False)
            group.idToggled.connect(
                lambda _id, _on, g=group, e=editor: e.setEnabled(g.checkedId() == 2)
            )
            column.addWidget(editor)
            self.editors[name] = editor
        return box

    # -- the outcome -------------------------------------------------------------------------

    def choose(self, name: str, choice: str) -> None:
        """Pick mine / theirs / edit for a conflicting field (keyboard and tests)."""
        for button in self.groups[name].buttons():
            if button.property("choice") == choice:
                button.setChecked(True)
                return
        raise ValueError(f"{choice!r} is not offered for {name}")

    def choices(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for name, group in self.groups.items():
            checked = group.checkedButton()
            choice = checked.property("choice") if checked is not None else MINE
            if choice == THEIRS:
                values[name] = self._theirs.get(name)
            elif choice == EDIT:
                values[name] = self.editors[name].toPlainText().strip()
            else:
                values[name] = self._mine.get(name)
        return values

    def resolved_values(self) -> dict[str, object]:
        return self._result.resolved(self.choices())

    def _on_save_clicked(self) -> None:
        values = self.resolved_values()
        self.accept()
        self.sig_resolved.emit(values)
