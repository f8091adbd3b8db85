"""Chronology timeline model: the workspace's items filtered and ordered in Python, then reset."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.chronology_filter import ChronologyFilter as DomainChronologyFilter
from desktop.domain.chronology_filter import search_text
from desktop.domain.enums import DatePrecision
from desktop.domain.workspace import ChronologyItem
from desktop.models.chronology_text import (
    ANALYSIS_COLOUR,
    ANALYSIS_TINT,
    LINK_LABELS,
    SIGNIFICANT_COLOUR,
    category_label,
    format_event_date,
    format_point,
    link_label,
    one_line,
    wrapped,
)
from desktop.models.table import RowTableModel

__all__ = [
    "ANALYSIS_COLOUR",
    "ANALYSIS_TINT",
    "LINK_LABELS",
    "SIGNIFICANT_COLOUR",
    "ChronologyFilter",
    "ChronologyTableModel",
    "Column",
    "category_label",
    "format_event_date",
    "format_point",
    "link_label",
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChronologyTableModel", text)


class Column(IntEnum):
    SIGNIFICANT = 0
    DATE = 1
    AGE = 2
    CATEGORY = 3
    LINK = 4
    SOURCE = 5
    DESCRIPTION = 6
    ANALYSIS = 7


_HEADERS: dict[int, str] = {
    Column.SIGNIFICANT: QT_TRANSLATE_NOOP("ChronologyTableModel", "★"),
    Column.DATE: QT_TRANSLATE_NOOP("ChronologyTableModel", "Date"),
    Column.AGE: QT_TRANSLATE_NOOP("ChronologyTableModel", "Age"),
    Column.CATEGORY: QT_TRANSLATE_NOOP("ChronologyTableModel", "Category"),
    Column.LINK: QT_TRANSLATE_NOOP("ChronologyTableModel", "Record"),
    Column.SOURCE: QT_TRANSLATE_NOOP("ChronologyTableModel", "Source"),
    Column.DESCRIPTION: QT_TRANSLATE_NOOP("ChronologyTableModel", "What happened (fact)"),
    Column.ANALYSIS: QT_TRANSLATE_NOOP("ChronologyTableModel", "Analysis (judgement)"),
}

_HEADER_TIPS: dict[int, str] = {
    Column.SIGNIFICANT: QT_TRANSLATE_NOOP("ChronologyTableModel", "★ marks a significant event"),
    Column.AGE: QT_TRANSLATE_NOOP(
        "ChronologyTableModel", "The young person's age on the day of the event"
    ),
    Column.SOURCE: QT_TRANSLATE_NOOP(
        "ChronologyTableModel", "Agency and person the information came from"
    ),
    Column.DESCRIPTION: QT_TRANSLATE_NOOP(
        "ChronologyTableModel", "The fact: what happened, as reported"
    ),
    Column.ANALYSIS: QT_TRANSLATE_NOOP(
        "ChronologyTableModel", "The professional judgement: what it means for the young person"
    ),
    Column.LINK: QT_TRANSLATE_NOOP(
        "ChronologyTableModel", "Entries made from another record; press Enter to go to that record"
    ),
}


@dataclass(frozen=True, slots=True)
class ChronologyFilter(DomainChronologyFilter):
    """What the timeline shows: the domain's filter, with the form the CSV export takes."""

    def as_dict(self) -> dict[str, Any]:
        """The filters as the CSV export takes them."""
        return {
            "categories": frozenset(self.categories),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "significant_only": self.significant_only,
            "text": self.text.strip(),
        }


class ChronologyTableModel(RowTableModel[ChronologyItem]):
    """The visible slice of the timeline. ``apply(filter)`` and ``set_newest_first()`` reset."""

    columns = Column
    context = "ChronologyTableModel"
    headers = _HEADERS
    header_tips = _HEADER_TIPS
    default_sort = (Column.DATE, Qt.SortOrder.DescendingOrder)
    #: Role returning the native comparable sort key of a cell.
    SortRole = RowTableModel.SortRole
    #: Role returning the whole ``ChronologyItem`` of the index's row.
    RowRole = RowTableModel.RowRole

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = ChronologyFilter()
        self._haystacks: dict[str, str] = {}
        self._analysis_visible = False

    # -- loading, filtering, ordering -------------------------------------------------------

    def set_rows(self, rows: Iterable[ChronologyItem]) -> None:
        items = list(rows)
        self._haystacks = {}  # filled lazily, on the first text search
        self._analysis_visible = any(i.analysis is not None for i in items)
        super().set_rows(items)

    def apply(self, filter_: ChronologyFilter) -> None:
        """Filter the full list in Python and reset (DESIGN.md: no proxy on large lists)."""
        self._filter = filter_
        self.set_filter(None if filter_.is_empty else self._matches)

    def _matches(self, item: ChronologyItem) -> bool:
        haystack = None
        if self._filter.text.strip():
            haystack = self._haystacks.get(item.key)
            if haystack is None:
                haystack = self._haystacks[item.key] = search_text(item)
        return self._filter.matches(item, haystack)

    def set_newest_first(self, newest_first: bool) -> None:
        order = Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
        self.beginResetModel()
        self._sort_column, self._sort_order = Column.DATE, order
        self._rows = self._compute()
        self.endResetModel()

    @property
    def newest_first(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    @property
    def filter(self) -> ChronologyFilter:
        return self._filter

    @property
    def analysis_visible(self) -> bool:
        """False when the viewer may not read any analysis (every item's analysis is None)."""
        return self._analysis_visible

    @property
    def total_count(self) -> int:
        return len(self._all)

    @property
    def visible_count(self) -> int:
        return len(self._rows)

    def row_of_key(self, key: str) -> int:
        for i, item in enumerate(self._rows):
            if item.key == key:
                return i
        return -1

    # -- formatting ---------------------------------------------------------------------------

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.AccessibleTextRole
            and section == Column.SIGNIFICANT
        ):
            return _tr("Significant")
        return super().headerData(section, orientation, role)

    def display(self, row: ChronologyItem, column: int) -> str:
        if column == Column.SIGNIFICANT:
            return "★" if row.significant else ""
        if column == Column.DATE:
            return format_event_date(row)
        if column == Column.AGE:
            return "" if row.age_at_event is None else str(row.age_at_event)
        if column == Column.CATEGORY:
            return category_label(row.category)
        if column == Column.SOURCE:
            return row.source
        if column == Column.DESCRIPTION:
            return one_line(row.description)
        if column == Column.ANALYSIS:
            return one_line(row.analysis or "")
        if column == Column.LINK:
            return f"↗ {link_label(row.linked_kind)}" if row.linked_kind else ""
        return ""

    def sort_key(self, row: ChronologyItem, column: int) -> Any:
        if column == Column.DATE:
            return (row.event_date, row.key)
        if column == Column.AGE:
            return row.age_at_event if row.age_at_event is not None else -1
        if column == Column.SIGNIFICANT:
            return row.significant
        return self.display(row, column).casefold()

    def accessible(self, row: ChronologyItem, column: int) -> str:
        if column == Column.SIGNIFICANT:
            return _tr("Significant") if row.significant else _tr("Not marked significant")
        if column == Column.LINK:
            if not row.linked_kind:
                return _tr("Hand-written entry")
            return _tr("From a linked record: {kind}").format(kind=link_label(row.linked_kind))
        if column == Column.DESCRIPTION:
            return row.description
        if column == Column.ANALYSIS:
            return row.analysis or _tr("No analysis")
        return self.display(row, column)

    def extra(self, row: ChronologyItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.ANALYSIS:
                return QColor(ANALYSIS_COLOUR)
            if column == Column.SIGNIFICANT:
                return QColor(SIGNIFICANT_COLOUR)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.ANALYSIS and row.analysis:
            return QColor(ANALYSIS_TINT)
        if role == Qt.ItemDataRole.FontRole:
            if column == Column.ANALYSIS:
                font = QFont()
                font.setItalic(True)
                return font
            if row.significant and column in (Column.SIGNIFICANT, Column.DATE):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == Column.AGE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == Column.SIGNIFICANT:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tooltip(self, row: ChronologyItem, column: int) -> str | None:
        if column == Column.SIGNIFICANT:
            return _tr("Significant event") if row.significant else None
        if column == Column.DATE:
            if row.precision is DatePrecision.MONTH:
                return _tr("Month known; day not known")
            if row.precision is DatePrecision.APPROXIMATE:
                return _tr("Approximate date")
            return None
        if column == Column.DESCRIPTION:
            return wrapped(row.description)
        if column == Column.ANALYSIS:
            return wrapped(row.analysis) if row.analysis else None
        if column == Column.LINK and row.linked_kind:
            return _tr("Made from a {kind} record. Press Enter or double-click to open it.").format(
                kind=link_label(row.linked_kind).lower()
            )
        if column == Column.SOURCE:
            return _tr("Recorded by {author}").format(author=row.author) if row.author else None
        return None
