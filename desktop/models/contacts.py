"""Key-person contact log model: one row per contact, failed attempts set apart, Python-sorted."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.dates import format_datetime
from desktop.domain.enums import ContactKind, ContactWith
from desktop.domain.workspace import ContactView
from desktop.models.table import RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ContactsTableModel", text)


class Column(IntEnum):
    WHEN = 0
    KIND = 1
    DURATION = 2
    OUT_OF_HOURS = 3
    WITH = 4
    WORKER = 5
    SUMMARY = 6
    SAID = 7


_HEADERS: dict[int, str] = {
    Column.WHEN: QT_TRANSLATE_NOOP("ContactsTableModel", "Date and time"),
    Column.KIND: QT_TRANSLATE_NOOP("ContactsTableModel", "Type"),
    Column.DURATION: QT_TRANSLATE_NOOP("ContactsTableModel", "Duration"),
    Column.OUT_OF_HOURS: QT_TRANSLATE_NOOP("ContactsTableModel", "Out of hours"),
    Column.WITH: QT_TRANSLATE_NOOP("ContactsTableModel", "With"),
    Column.WORKER: QT_TRANSLATE_NOOP("ContactsTableModel", "Worker"),
    Column.SUMMARY: QT_TRANSLATE_NOOP("ContactsTableModel", "Summary"),
    Column.SAID: QT_TRANSLATE_NOOP("ContactsTableModel", "In their own words"),
}

_HEADER_TIPS: dict[int, str] = {
    Column.OUT_OF_HOURS: QT_TRANSLATE_NOOP(
        "ContactsTableModel", "Outside 09:00–17:00 Monday to Friday"
    ),
    Column.SAID: QT_TRANSLATE_NOOP(
        "ContactsTableModel", "What the young person said, in their own words"
    ),
    Column.KIND: QT_TRANSLATE_NOOP(
        "ContactsTableModel", "Failed attempts are shown in grey and do not count as contact made"
    ),
}

KIND_LABELS: dict[ContactKind, str] = {
    ContactKind.FACE_TO_FACE: "Face to face",
    ContactKind.PHONE: "Phone",
    ContactKind.VIDEO: "Video",
    ContactKind.MESSAGE: "Text / message",
    ContactKind.FAILED_ATTEMPT: "Failed attempt",
}

WITH_LABELS: dict[ContactWith, str] = {
    ContactWith.YOUNG_PERSON: "Young person",
    ContactWith.PARENT_CARER: "Parent / carer",
    ContactWith.PROFESSIONAL: "Professional",
}

#: Who started the contact (stored codes; the demo data and the form use these).
INITIATED_LABELS: dict[str, str] = {
    "worker": "Worker",
    "young_person": "Young person",
    "carer": "Parent / carer",
}

#: Failed attempts: grey text (5.7:1 on white) in italic, with a ✗ before the type.
FAILED_COLOUR = "#5f6672"
FAILED_TINT = "#f1f1f3"
SAID_COLOUR = "#1f3a5f"


def kind_label(kind: ContactKind) -> str:
    return _tr(KIND_LABELS.get(kind, kind.value))


def with_label(with_whom: ContactWith) -> str:
    return _tr(WITH_LABELS.get(with_whom, with_whom.value))


def initiated_label(code: str) -> str:
    return _tr(INITIATED_LABELS.get(code, code.replace("_", " ").capitalize()))


def duration_text(minutes: int | None) -> str:
    if minutes is None:
        return ""
    if minutes < 60:
        return _tr("{n} min").format(n=minutes)
    hours, rest = divmod(minutes, 60)
    return _tr("{h} h {m} min").format(h=hours, m=rest) if rest else _tr("{h} h").format(h=hours)


class ContactsTableModel(RowTableModel[ContactView]):
    """The contact log, newest first until a header click sorts otherwise."""

    columns = Column
    context = "ContactsTableModel"
    headers = _HEADERS
    header_tips = _HEADER_TIPS
    default_sort = (Column.WHEN, Qt.SortOrder.DescendingOrder)
    #: Role returning the native comparable sort key of a cell.
    SortRole = RowTableModel.SortRole
    #: Role returning the whole ``ContactView`` of the index's row.
    RowRole = RowTableModel.RowRole

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    # -- formatting ---------------------------------------------------------------------------

    def display(self, row: ContactView, column: int) -> str:
        if column == Column.WHEN:
            return format_datetime(row.occurred_at)
        if column == Column.KIND:
            label = kind_label(row.kind)
            return f"✗ {label}" if not row.successful else label
        if column == Column.DURATION:
            return duration_text(row.duration_minutes)
        if column == Column.OUT_OF_HOURS:
            return _tr("Out of hours") if row.out_of_hours else ""
        if column == Column.WITH:
            return with_label(row.with_whom)
        if column == Column.WORKER:
            return row.worker
        if column == Column.SUMMARY:
            marker = "★ " if row.significant else ""
            return marker + " ".join(row.summary.split())
        if column == Column.SAID:
            said = " ".join(row.young_person_said.split())
            return f"“{said}”" if said else ""
        return ""

    def sort_key(self, row: ContactView, column: int) -> Any:
        if column == Column.WHEN:
            return (row.occurred_at, row.id)
        if column == Column.DURATION:
            return row.duration_minutes if row.duration_minutes is not None else -1
        if column == Column.OUT_OF_HOURS:
            return row.out_of_hours
        return self.display(row, column).casefold()

    def accessible(self, row: ContactView, column: int) -> str:
        if column == Column.KIND and not row.successful:
            return _tr("Failed attempt: no contact made")
        if column == Column.OUT_OF_HOURS:
            return _tr("Out of hours") if row.out_of_hours else _tr("In office hours")
        if column == Column.SUMMARY:
            prefix = _tr("Significant. ") if row.significant else ""
            return prefix + row.summary
        if column == Column.SAID:
            return row.young_person_said or _tr("Nothing recorded")
        if column == Column.DURATION and row.duration_minutes is None:
            return _tr("No duration")
        return self.display(row, column)

    def extra(self, row: ContactView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not row.successful:
                return QColor(FAILED_COLOUR)
            if column == Column.SAID:
                return QColor(SAID_COLOUR)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and not row.successful:
            return QColor(FAILED_TINT)
        if role == Qt.ItemDataRole.FontRole:
            if not row.successful or column == Column.SAID:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == Column.DURATION:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tooltip(self, row: ContactView, column: int) -> str | None:
        if column == Column.KIND and not row.successful:
            return _tr("Failed attempt: no contact was made; it does not count towards the target")
        if column == Column.SUMMARY and row.summary:
            note = _tr("Significant: on the chronology") + "\n\n" if row.significant else ""
            return _wrap(note + row.summary)
        if column == Column.SAID and row.young_person_said:
            return _wrap(row.young_person_said)
        if column == Column.OUT_OF_HOURS and row.out_of_hours:
            return _tr("Outside 09:00–17:00 Monday to Friday")
        if column == Column.WHEN and row.location:
            return _tr("Location: {place}").format(place=row.location)
        return None


def _wrap(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"
