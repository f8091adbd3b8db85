"""Pieces the Meetings area's tabs and dialogs share: buttons and the meeting's heading."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.domain.dates import format_date
from desktop.domain.meetings import MeetingDetail


def button(parent: QWidget, text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setAutoDefault(False)
    return button


def format_meeting_heading(detail: MeetingDetail) -> str:
    when = format_date(detail.held_on)
    return detail.title if when in detail.title else f"{detail.title} — {when}"
