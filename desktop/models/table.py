"""A read-only table model over a Python list of frozen rows, sorted in Python (no proxy)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

ModelIndex = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Subclasses give ``columns``, ``headers``, ``display()`` and ``sort_key()``; with a
    translation ``context`` the headers and their ``header_tips`` are shown translated.

    Sorting and filtering happen on the Python list, then the model resets: fast for the
    thousands of rows an audit search returns (see DESIGN.md, "Large lists").
    """

    #: Role returning the native comparable sort key of a cell.
    SortRole = Qt.ItemDataRole.UserRole
    #: Role returning the whole row object of the index's row.
    RowRole = Qt.ItemDataRole.UserRole + 1

    columns: type[IntEnum]
    #: The translation context of ``headers`` and ``header_tips`` ("" shows them as written).
    context: str = ""
    headers: Mapping[int, str] = {}
    #: Header tooltips by column.
    header_tips: Mapping[int, str] = {}
    #: The column and order a new model sorts by.
    default_sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[R] = []
        self._rows: list[R] = []
        self._predicate: Callable[[R], bool] | None = None
        self._sort_column, self._sort_order = self.default_sort

    # -- subclass hooks ---------------------------------------------------------------------

    def display(self, row: R, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, row: R, column: int) -> Any:
        return self.display(row, column).casefold()

    def accessible(self, row: R, column: int) -> str:
        """What a screen reader says for a cell; the display text unless a cell needs words
        for what it shows by colour or symbol."""
        return self.display(row, column)

    def extra(self, row: R, column: int, role: int) -> Any:
        """Any role other than Display/Sort/Row/Accessible; None by default."""
        return None

    def translated(self, text: str) -> str:
        """``text`` in the model's translation context."""
        return QCoreApplication.translate(self.context, text) if self.context and text else text

    def header_text(self, column: int) -> str:
        return self.translated(self.headers.get(column, ""))

    def header_tip(self, column: int) -> str | None:
        tip = self.header_tips.get(column)
        return self.translated(tip) if tip else None

    # -- public API -------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[R]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rows = self._compute()
        self.endResetModel()

    def set_filter(self, predicate: Callable[[R], bool] | None) -> None:
        self.beginResetModel()
        self._predicate = predicate
        self._rows = self._compute()
        self.endResetModel()

    def all_rows(self) -> Sequence[R]:
        return self._all

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def row_of_id(self, record_id: int) -> int:
        """Visible row of the record with this ``id``, or -1."""
        for i, row in enumerate(self._rows):
            if getattr(row, "id", None) == record_id:
                return i
        return -1

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._rows = self._compute()
        self.layoutChanged.emit()

    def _compute(self) -> list[R]:
        rows = [r for r in self._all if self._predicate(r)] if self._predicate else list(self._all)
        if 0 <= self._sort_column < len(self.columns):
            rows.sort(
                key=lambda r: self.sort_key(r, self._sort_column),
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
            )
        return rows

    # -- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_text(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tip(section)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if not 0 <= column < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.accessible(row, column)
        if role == self.SortRole:
            return self.sort_key(row, column)
        if role == self.RowRole:
            return row
        return self.extra(row, column, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
