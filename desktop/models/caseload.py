"""Caseload table model: filters and sorts the full Python list itself, then resets (no proxy).

The columns and their words are in ``caseload_columns``, the filter and sort keys in
``caseload_filter``, what each cell shows in ``caseload_cells``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap

from desktop.domain.enums import FlagCode, RiskCategory
from desktop.domain.records import CaseloadRow
from desktop.models.caseload_cells import CaseloadCells
from desktop.models.caseload_columns import (
    _HEADER_TIPS,
    _HEADERS,
    CONTACT_OVERDUE_COLOUR,
    RISK_COLOURS,
    RISK_TINTS,
    TREND_ARROWS,
    Column,
    _tr,
)
from desktop.models.caseload_filter import _SORT_KEYS, CaseloadFilter

ModelIndex = QModelIndex | QPersistentModelIndex

__all__ = [
    "CONTACT_OVERDUE_COLOUR",
    "RISK_COLOURS",
    "RISK_TINTS",
    "TREND_ARROWS",
    "CaseloadFilter",
    "CaseloadTableModel",
    "Column",
    "ModelIndex",
]


class CaseloadTableModel(CaseloadCells, QAbstractTableModel):
    """The visible (filtered, sorted) slice of the caseload; ``apply()`` recomputes it."""

    #: Role returning the native comparable sort key of a cell.
    SortRole = Qt.ItemDataRole.UserRole
    #: Role returning the whole ``CaseloadRow`` of the index's row.
    RowRole = Qt.ItemDataRole.UserRole + 1
    #: Role returning the row's ``tuple[Flag, ...]`` (any column).
    FlagsRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[CaseloadRow] = []
        self._visible: list[CaseloadRow] = []
        self._names: list[str] = []  # casefolded display names, aligned with _all
        self._sort_keys: dict[Column, list[Any]] = {}
        self._by_name: list[int] = []  # indices of _all in name order: the stable tie-break
        self._sorted: list[int] | None = None  # indices of _all in current sort order
        self._filter = CaseloadFilter()
        self._sort_column = Column.RISK
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._flag_pixmaps: dict[tuple[FlagCode, ...], QPixmap] = {}
        self._swatches: dict[RiskCategory | None, QIcon] = {}
        self._restricted_icon: QIcon | None = None

    # -- loading, filtering, sorting ------------------------------------------------------

    def set_rows(self, rows: Iterable[CaseloadRow]) -> None:
        """Replace the whole caseload; the current filter and sort are re-applied."""
        self.beginResetModel()
        self._all = list(rows)
        self._names = [r.display_name.casefold() for r in self._all]
        self._sort_keys = {}
        self._by_name = sorted(range(len(self._all)), key=self._keys(Column.NAME).__getitem__)
        self._sorted = None
        self._visible = self._compute_visible()
        self.endResetModel()

    def update_rows(
        self, rows: Iterable[CaseloadRow], young_person_ids: Iterable[int] = ()
    ) -> None:
        """Replace some young people's rows in place (a colleague's change), keeping the
        filter, sort, selection and scroll position.

        ``young_person_ids`` are the ids that were asked about: one of them missing from
        ``rows`` is no longer visible to this user and is removed; a row not yet listed is added.
        """
        fresh = {r.id: r for r in rows}
        asked = set(fresh).union(young_person_ids)
        if not asked:
            return
        kept: list[CaseloadRow] = []
        for r in self._all:
            if r.id not in asked:
                kept.append(r)
            elif r.id in fresh:
                kept.append(fresh.pop(r.id))
        kept.extend(fresh.values())  # newly on this caseload
        before = [r.id for r in self._visible]
        self._all = kept
        self._names = [r.display_name.casefold() for r in kept]
        self._sort_keys = {}
        self._by_name = sorted(range(len(kept)), key=self._keys(Column.NAME).__getitem__)
        self._sorted = None
        visible = self._compute_visible()
        if [r.id for r in visible] == before:
            # Same rows in the same places: repaint just the changed ones.
            self._visible = visible
            last = len(Column) - 1
            for i, r in enumerate(visible):
                if r.id in asked:
                    self.dataChanged.emit(self.index(i, 0), self.index(i, last))
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self._visible[i.row()].id for i in old]
        self._visible = visible
        where = {r.id: n for n, r in enumerate(visible)}
        new = [
            self.index(where[yp], i.column()) if yp in where else QModelIndex()
            for i, yp in zip(old, old_ids, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def apply(
        self,
        filter_: CaseloadFilter | None = None,
        sort_column: int | None = None,
        order: Qt.SortOrder | None = None,
    ) -> None:
        """Filter and sort the full list in Python and reset the model (arguments None = keep)."""
        if sort_column is not None and 0 <= sort_column < len(Column):
            column = Column(sort_column)
            if column != self._sort_column:
                self._sort_column, self._sorted = column, None
        if order is not None and order != self._sort_order:
            self._sort_order, self._sorted = order, None
        if filter_ is not None:
            self._filter = filter_
        self.beginResetModel()
        self._visible = self._compute_visible()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks land here (QTableView.setSortingEnabled)."""
        if 0 <= column < len(Column):
            self.apply(sort_column=column, order=order)

    def _keys(self, column: Column) -> list[Any]:
        keys = self._sort_keys.get(column)
        if keys is None:
            key = _SORT_KEYS[column]
            keys = self._sort_keys[column] = [key(r) for r in self._all]
        return keys

    def _sorted_indices(self) -> list[int]:
        if self._sorted is None:
            descending = self._sort_order == Qt.SortOrder.DescendingOrder
            if self._sort_column == Column.NAME:
                self._sorted = self._by_name[::-1] if descending else list(self._by_name)
            else:
                # Stable sort over name order: ties stay alphabetical in both directions.
                keys = self._keys(self._sort_column)
                self._sorted = sorted(self._by_name, key=keys.__getitem__, reverse=descending)
        return self._sorted

    def _compute_visible(self) -> list[CaseloadRow]:
        order = self._sorted_indices()
        f = self._filter
        if f.is_empty:
            return [self._all[i] for i in order]
        needle = f.text.strip().casefold()
        names, rows = self._names, self._all
        if needle:
            order = [i for i in order if needle in names[i]]
        if f.categories:
            cats = f.categories
            order = [i for i in order if rows[i].risk_category in cats]
        if f.flag is not None:
            code = f.flag
            order = [i for i in order if any(fl.code == code for fl in rows[i].flags)]
        if f.worker:
            worker = f.worker
            order = [i for i in order if rows[i].social_worker == worker]
        return [rows[i] for i in order]

    # -- read-only accessors for views ------------------------------------------------------

    @property
    def filter(self) -> CaseloadFilter:
        return self._filter

    @property
    def sort_column(self) -> Column:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    @property
    def total_count(self) -> int:
        return len(self._all)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    def all_rows(self) -> Sequence[CaseloadRow]:
        return self._all

    def row_at(self, row: int) -> CaseloadRow:
        return self._visible[row]

    def row_of_id(self, young_person_id: int) -> int:
        """Visible row of a young person, or -1 when filtered out or absent."""
        for i, r in enumerate(self._visible):
            if r.id == young_person_id:
                return i
        return -1

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(_HEADERS[column])
        if role == Qt.ItemDataRole.ToolTipRole and column in _HEADER_TIPS:
            return _tr(_HEADER_TIPS[column])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        row = self._visible[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == Column.RISK and row.risk_category is not None:
                return QColor(RISK_TINTS[row.risk_category])
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.LAST_CONTACT and self._contact_overdue(row):
                return QColor(CONTACT_OVERDUE_COLOUR)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if column == Column.LAST_CONTACT and self._contact_overdue(row):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        if role == self.SortRole:
            return _SORT_KEYS[column](row)
        if role == self.RowRole:
            return row
        if role == self.FlagsRole:
            return row.flags
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # -- formatting ---------------------------------------------------------------------------
