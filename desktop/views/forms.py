"""Small helpers shared by the dialogs: labelled fields, inline error labels, busy state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from desktop.services.errors import ServiceError, ValidationFailed


def error_label(parent: QWidget, name: str, accessible: str) -> QLabel:
    """A red, word-wrapped message label, hidden until ``show_error`` fills it."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible)
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    """Show (or clear, with "") a message; screen readers get it as the description too."""
    label.setText(message)
    label.setAccessibleDescription(message)
    label.setVisible(bool(message))


def busy_bar(parent: QWidget, accessible: str) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setObjectName("busyIndicator")
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(6)
    bar.setAccessibleName(accessible)
    bar.hide()
    return bar


def message_of(error: BaseException, fallback: str) -> str:
    """The user-facing text of an expected failure, or ``fallback`` for anything else."""
    return str(error) if isinstance(error, ServiceError) else fallback


def field_errors(error: BaseException) -> dict[str, str]:
    return dict(error.fields) if isinstance(error, ValidationFailed) else {}
