"""Packs and summaries shared with a partner-agency reader (or by a chair), one row each."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.domain.dates import format_datetime
from desktop.models.table import RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("SharedDocumentsModel", text)


class Column(IntEnum):
    TITLE = 0
    KIND = 1
    SHARED_BY = 2
    SHARED_AT = 3
    PAGES = 4


_HEADERS = {
    Column.TITLE: QT_TRANSLATE_NOOP("SharedDocumentsModel", "Document"),
    Column.KIND: QT_TRANSLATE_NOOP("SharedDocumentsModel", "Kind"),
    Column.SHARED_BY: QT_TRANSLATE_NOOP("SharedDocumentsModel", "Shared by"),
    Column.SHARED_AT: QT_TRANSLATE_NOOP("SharedDocumentsModel", "Shared"),
    Column.PAGES: QT_TRANSLATE_NOOP("SharedDocumentsModel", "Pages"),
}


class SharedDocumentsModel(RowTableModel[Any]):
    """Rows are ``SharedDocumentView`` objects from ``SharingService.list_shared``.

    For the sharer (``sharer=True``) the third column names the reader it was shared with."""

    columns = Column

    def __init__(self, parent: Any = None, *, sharer: bool = False) -> None:
        super().__init__(parent)
        self.sharer = sharer

    def header_text(self, column: int) -> str:
        if self.sharer and Column(column) == Column.SHARED_BY:
            return _tr("Shared with")
        return _tr(_HEADERS[Column(column)])

    def display(self, row: Any, column: int) -> str:
        col = Column(column)
        if col == Column.TITLE:
            return f"{row.title} {_tr('(withdrawn)')}" if row.revoked else str(row.title)
        if col == Column.KIND:
            return _tr(row.kind_label)
        if col == Column.SHARED_BY:
            return str(row.shared_with if self.sharer else row.shared_by)
        if col == Column.SHARED_AT:
            return format_datetime(row.shared_at)
        return str(row.pages)

    def sort_key(self, row: Any, column: int) -> Any:
        col = Column(column)
        if col == Column.SHARED_AT:
            return (row.shared_at, row.id)
        if col == Column.PAGES:
            return row.pages
        return self.display(row, column).casefold()
