"""Small helpers shared by the dialogs: labelled fields, inline error labels, busy state,
date fields."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QLabel, QProgressBar, QWidget

from desktop.domain.dates import LOCAL_TZ, to_local
from desktop.domain.errors import ServiceError, ValidationFailed


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


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def date_edit(
    parent: QWidget,
    value: date,
    *,
    minimum: date | None = None,
    maximum: date | None = None,
    accessible: str = "",
) -> QDateEdit:
    """A date field as every form shows one: "3 Nov 2026", with a calendar popup."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    if minimum is not None:
        edit.setMinimumDate(qdate(minimum))
    if maximum is not None:
        edit.setMaximumDate(qdate(maximum))
    edit.setDate(qdate(value))
    if accessible:
        edit.setAccessibleName(accessible)
    return edit


def set_local(edit: QDateTimeEdit, value: datetime) -> None:
    """Show ``value`` in UK wall-clock time, to the minute (naive means wall-clock already)."""
    local = to_local(value)
    edit.setDateTime(QDateTime(qdate(local.date()), QTime(local.hour, local.minute)))


def utc_of(edit: QDateTimeEdit) -> datetime:
    """The typed UK wall-clock time as an aware UTC datetime (to the minute)."""
    shown: datetime = edit.dateTime().toPython()
    local = shown.replace(second=0, microsecond=0, tzinfo=LOCAL_TZ)
    return local.astimezone(UTC)
