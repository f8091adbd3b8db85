"""Audit log table: who did what to which record, and when, summarised for a person to read."""

from __future__ import annotations

import json
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from desktop.domain.dates import format_datetime
from desktop.domain.enums import AuditAction
from desktop.models.table import RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditTableModel", text)


class Column(IntEnum):
    WHEN = 0
    USER = 1
    ACTION = 2
    YOUNG_PERSON = 3
    RECORD = 4
    FIELDS = 5
    DETAIL = 6


_HEADERS = {
    Column.WHEN: QT_TRANSLATE_NOOP("AuditTableModel", "When"),
    Column.USER: QT_TRANSLATE_NOOP("AuditTableModel", "User"),
    Column.ACTION: QT_TRANSLATE_NOOP("AuditTableModel", "Action"),
    Column.YOUNG_PERSON: QT_TRANSLATE_NOOP("AuditTableModel", "Young person"),
    Column.RECORD: QT_TRANSLATE_NOOP("AuditTableModel", "Record"),
    Column.FIELDS: QT_TRANSLATE_NOOP("AuditTableModel", "Fields"),
    Column.DETAIL: QT_TRANSLATE_NOOP("AuditTableModel", "Detail"),
}

#: What each audit action is called on screen.
ACTION_LABELS: dict[AuditAction, str] = {
    AuditAction.VIEW: "Viewed",
    AuditAction.CREATE: "Created",
    AuditAction.UPDATE: "Updated",
    AuditAction.PRINT: "Printed",
    AuditAction.EXPORT: "Exported",
    AuditAction.LOGIN: "Signed in",
    AuditAction.FAILED_LOGIN: "Failed sign-in",
    AuditAction.BREAK_GLASS: "Break-glass",
    AuditAction.PERMISSION_DENIED: "Permission denied",
}

_RECORD_KINDS = {
    "young_person": "Young person",
    "user": "User",
    "audit_csv": "Audit export",
    "caseload_csv": "Caseload export",
    "demo_data": "Demo data",
}

_DETAIL_KEYS = {
    "reason": "Reason",
    "method": "Method",
    "surface": "Screen",
    "attempts": "Attempt",
    "file": "File",
    "entries": "Entries",
    "rows": "Rows",
    "filters": "Filters",
}


def action_label(action: AuditAction) -> str:
    return _tr(ACTION_LABELS.get(action, action.value))


def _loads(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


def fields_text(fields: str) -> str:
    value = _loads(fields)
    if isinstance(value, list):
        return ", ".join(str(v).replace("_", " ") for v in value)
    return "" if value is None else str(value)


def _value(value: Any) -> str:
    if isinstance(value, dict):
        parts = [f"{k.replace('_', ' ')} {v}" for k, v in value.items() if v not in (None, "")]
        return ", ".join(parts) or _tr("none")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def detail_text(action: AuditAction, detail: str) -> str:
    """The JSON detail as a sentence fragment: the break-glass reason first and in full."""
    value = _loads(detail)
    if not value:
        return ""
    if not isinstance(value, dict):
        return str(value)
    if action is AuditAction.BREAK_GLASS and "reason" in value:
        return _tr("Reason: “{reason}”").format(reason=value["reason"])
    parts = []
    for key, item in value.items():
        label = _tr(_DETAIL_KEYS.get(key, key.replace("_", " ").capitalize()))
        parts.append(f"{label}: {_value(item)}")
    return "; ".join(parts)


def record_text(row: Any) -> str:
    if not row.object_kind:
        return ""
    kind = _tr(_RECORD_KINDS.get(row.object_kind, row.object_kind.replace("_", " ").capitalize()))
    return f"{kind} #{row.object_id}" if row.object_id is not None else kind


class AuditTableModel(RowTableModel[Any]):
    """Rows are ``AuditRow`` objects from ``AuditViewerService.search`` (duck-typed)."""

    columns = Column

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sort_column = Column.WHEN
        self._sort_order = Qt.SortOrder.DescendingOrder

    def header_text(self, column: int) -> str:
        return _tr(_HEADERS[Column(column)])

    def display(self, row: Any, column: int) -> str:
        col = Column(column)
        if col == Column.WHEN:
            return format_datetime(row.at)
        if col == Column.USER:
            return str(row.username)
        if col == Column.ACTION:
            return action_label(row.action)
        if col == Column.YOUNG_PERSON:
            return str(row.young_person)
        if col == Column.RECORD:
            return record_text(row)
        if col == Column.FIELDS:
            return fields_text(row.fields)
        return detail_text(row.action, row.detail)

    def sort_key(self, row: Any, column: int) -> Any:
        if column == Column.WHEN:
            return (row.at, row.id)
        return (self.display(row, column).casefold(), row.id)

    def extra(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.DETAIL, Column.FIELDS):
            text = self.display(row, column)
            return text or None
        return None
