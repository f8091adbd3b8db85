"""The fields the missing-episode and return-interview forms share."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QHBoxLayout, QPlainTextEdit, QWidget

from desktop.domain.enums import MissingKind
from desktop.views.widgets.forms import set_local

#: TaskRunner key of a missing-episode or return-interview save.
SAVE_KEY = "person.missing.save"

KIND_CHOICES: dict[MissingKind, str] = {
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
