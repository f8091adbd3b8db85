"""Caseload table model: filters and sorts the full Python list itself, then resets (no proxy)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from desktop import resources
from desktop.domain.enums import FlagCode, Involvement, RiskCategory, Trend
from desktop.domain.records import CaseloadRow

ModelIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseloadTableModel", text)


class Column(IntEnum):
    NAME = 0
    AGE = 1
    RISK = 2
    STATUS = 3
    WORKER = 4
    KEY_PERSON = 5
    LAST_CONTACT = 6
    FLAGS = 7


_HEADERS: dict[Column, str] = {
    Column.NAME: QT_TRANSLATE_NOOP("CaseloadTableModel", "Name"),
    Column.AGE: QT_TRANSLATE_NOOP("CaseloadTableModel", "Age"),
    Column.RISK: QT_TRANSLATE_NOOP("CaseloadTableModel", "Risk"),
    Column.STATUS: QT_TRANSLATE_NOOP("CaseloadTableModel", "Legal status"),
    Column.WORKER: QT_TRANSLATE_NOOP("CaseloadTableModel", "Allocated worker"),
    Column.KEY_PERSON: QT_TRANSLATE_NOOP("CaseloadTableModel", "Key person"),
    Column.LAST_CONTACT: QT_TRANSLATE_NOOP("CaseloadTableModel", "Days since contact"),
    Column.FLAGS: QT_TRANSLATE_NOOP("CaseloadTableModel", "Flags"),
}

_HEADER_TIPS: dict[Column, str] = {
    Column.STATUS: QT_TRANSLATE_NOOP(
        "CaseloadTableModel", "Statutory involvement and SSDA903 legal status code"
    ),
    Column.LAST_CONTACT: QT_TRANSLATE_NOOP(
        "CaseloadTableModel", "Days since the last successful contact by the key person"
    ),
    Column.FLAGS: QT_TRANSLATE_NOOP(
        "CaseloadTableModel", "Active flags; hover for the reason each one was raised"
    ),
}

#: Trend shown next to the risk label (the colour is never the only cue).
TREND_ARROWS: dict[Trend, str] = {
    Trend.ESCALATED: "↑",
    Trend.DE_ESCALATED: "↓",
    Trend.UNCHANGED: "→",
    Trend.FIRST: "",
}

_TREND_WORDS: dict[Trend, str] = {
    Trend.ESCALATED: "escalated since the previous assessment",
    Trend.DE_ESCALATED: "de-escalated since the previous assessment",
    Trend.UNCHANGED: "unchanged since the previous assessment",
    Trend.FIRST: "first assessment",
}

#: Risk colours: distinct in hue and lightness (also under common colour-vision deficiencies);
#: the swatch is the strong colour, the cell background a pale tint that keeps text at AA.
RISK_COLOURS: dict[RiskCategory, str] = {
    RiskCategory.NOT_AT_RISK: "#2e7d32",
    RiskCategory.MILD: "#e0b000",
    RiskCategory.MODERATE: "#e8710a",
    RiskCategory.SIGNIFICANT: "#c62828",
}
RISK_TINTS: dict[RiskCategory, str] = {
    RiskCategory.NOT_AT_RISK: "#e8f5e9",
    RiskCategory.MILD: "#fff8d6",
    RiskCategory.MODERATE: "#ffe9d6",
    RiskCategory.SIGNIFICANT: "#fde3e3",
}
_NOT_ASSESSED_COLOUR = "#9e9e9e"
#: Days-since-contact text when the domain flagged a contact gap (7.0:1 on white).
CONTACT_OVERDUE_COLOUR = "#a4161a"

_ICON_SIZE = 16
_ICON_GAP = 3


@dataclass(frozen=True, slots=True)
class CaseloadFilter:
    """What the caseload shows: name text, risk categories (None = not assessed), flag, worker.

    Empty text / empty set / None means "no restriction" on that field.
    """

    text: str = ""
    categories: frozenset[RiskCategory | None] = frozenset()
    flag: FlagCode | None = None
    worker: str | None = None

    @property
    def is_empty(self) -> bool:
        return (
            not self.text.strip() and not self.categories and self.flag is None and not self.worker
        )

    def matches(self, row: CaseloadRow) -> bool:
        """The reference predicate (the model runs an equivalent, precomputed one)."""
        needle = self.text.strip().casefold()
        if needle and needle not in row.display_name.casefold():
            return False
        if self.categories and row.risk_category not in self.categories:
            return False
        if self.flag is not None and all(f.code != self.flag for f in row.flags):
            return False
        return not (self.worker and row.social_worker != self.worker)


#: Legal status sorts by how statutory the involvement is, then by LS code.
_INVOLVEMENT_RANK: dict[Involvement, int] = {
    Involvement.EARLY_HELP: 0,
    Involvement.CIN: 1,
    Involvement.CP: 2,
    Involvement.CLA: 3,
}


#: Each category's rank, looked up rather than read through Enum.value 20,000 times a load.
_CATEGORY_RANK: dict[RiskCategory | None, int] = {c: c.value for c in RiskCategory}


def _risk_sort_key(row: CaseloadRow) -> tuple[int, int]:
    category = _CATEGORY_RANK.get(row.risk_category, -1)
    return (category, row.risk_score if row.risk_score is not None else -1)


_SORT_KEYS: dict[Column, Callable[[CaseloadRow], Any]] = {
    Column.NAME: lambda r: (r.display_name.casefold(), r.id),
    Column.AGE: lambda r: r.age if r.age is not None else -1,
    Column.RISK: _risk_sort_key,
    Column.STATUS: lambda r: (
        _INVOLVEMENT_RANK[r.involvement] if r.involvement is not None else -1,
        r.legal_status_code or "",
    ),
    Column.WORKER: lambda r: r.social_worker.casefold(),
    Column.KEY_PERSON: lambda r: r.key_person.casefold(),
    # "Never" seen is the longest gap of all.
    Column.LAST_CONTACT: lambda r: (
        r.days_since_contact if r.days_since_contact is not None else 1 << 30
    ),
    Column.FLAGS: lambda r: len(r.flags),
}


class CaseloadTableModel(QAbstractTableModel):
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

    @staticmethod
    def _contact_overdue(row: CaseloadRow) -> bool:
        """The domain raised a contact-gap flag (or the person was never seen)."""
        return row.days_since_contact is None or any(
            f.code == FlagCode.CONTACT_GAP for f in row.flags
        )

    @staticmethod
    def _alignment(column: Column) -> int:
        if column in (Column.AGE, Column.LAST_CONTACT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    @staticmethod
    def risk_text(row: CaseloadRow) -> str:
        if row.risk_category is None:
            return _tr("Not assessed")
        arrow = TREND_ARROWS.get(row.trend, "") if row.trend is not None else ""
        label = _tr(row.risk_category.label)
        return f"{label} {arrow}" if arrow else label

    @staticmethod
    def status_text(row: CaseloadRow) -> str:
        parts = [row.involvement.value] if row.involvement is not None else []
        if row.legal_status_code:
            parts.append(row.legal_status_code)
        return " ".join(parts)

    @staticmethod
    def contact_text(row: CaseloadRow) -> str:
        return _tr("Never") if row.days_since_contact is None else str(row.days_since_contact)

    def _display(self, row: CaseloadRow, column: Column) -> str | None:
        if column == Column.NAME:
            return row.display_name
        if column == Column.AGE:
            return "" if row.age is None else str(row.age)
        if column == Column.RISK:
            return self.risk_text(row)
        if column == Column.STATUS:
            return self.status_text(row)
        if column == Column.WORKER:
            return row.social_worker
        if column == Column.KEY_PERSON:
            return row.key_person
        if column == Column.LAST_CONTACT:
            return self.contact_text(row)
        return ""  # flags are icons; their names are in the tooltip and accessible text

    def _tooltip(self, row: CaseloadRow, column: Column) -> str | None:
        if column == Column.NAME and row.restricted:
            return _tr("Restricted record: details are limited to people with access")
        if column == Column.RISK:
            return self.risk_tooltip(row)
        if column == Column.LAST_CONTACT and row.days_since_contact is None:
            return _tr("No successful key-person contact recorded")
        if column == Column.FLAGS:
            return self.flags_tooltip(row)
        return None

    @staticmethod
    def risk_tooltip(row: CaseloadRow) -> str:
        if row.risk_category is None:
            text = _tr("No risk assessment recorded")
        else:
            text = _tr(row.risk_category.label)
            if row.risk_score is not None:
                text += _tr(" (score {score})").format(score=row.risk_score)
            if row.trend is not None:
                text += ", " + _tr(_TREND_WORDS[row.trend])
        if row.review_due is not None:
            text += "\n" + _tr("Review due {date}").format(date=row.review_due.strftime("%d %b %Y"))
        return text

    @staticmethod
    def flags_tooltip(row: CaseloadRow) -> str | None:
        if not row.flags:
            return None
        return "\n".join(f"• {f.label}: {f.explanation}" for f in row.flags)

    def _accessible(self, row: CaseloadRow, column: Column) -> str | None:
        if column == Column.RISK:
            return self.risk_tooltip(row).replace("\n", ". ")
        if column == Column.FLAGS:
            if not row.flags:
                return _tr("No flags")
            return _tr("Flags: {names}").format(names=", ".join(f.label for f in row.flags))
        if column == Column.LAST_CONTACT and row.days_since_contact is not None:
            return _tr("{days} days").format(days=row.days_since_contact)
        return self._display(row, column)

    def _decoration(self, row: CaseloadRow, column: Column) -> QIcon | QPixmap | None:
        if column == Column.RISK:
            return self._swatch(row.risk_category)
        if column == Column.FLAGS and row.flags:
            return self._flag_strip(tuple(f.code for f in row.flags))
        if column == Column.NAME and row.restricted:
            if self._restricted_icon is None:
                self._restricted_icon = resources.icon("restricted")
            return self._restricted_icon
        return None

    def _swatch(self, category: RiskCategory | None) -> QIcon:
        swatch = self._swatches.get(category)
        if swatch is None:
            colour = RISK_COLOURS[category] if category is not None else _NOT_ASSESSED_COLOUR
            pixmap = QPixmap(_ICON_SIZE * 2, _ICON_SIZE * 2)
            pixmap.setDevicePixelRatio(2.0)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QColor("#303030") if category is None else QColor(colour).darker(130))
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(QRectF(2.5, 2.5, 11, 11), 2.5, 2.5)
            painter.end()
            swatch = self._swatches[category] = QIcon(pixmap)
        return swatch

    def _flag_strip(self, codes: tuple[FlagCode, ...]) -> QPixmap:
        """All of a row's flag icons side by side (a QPixmap keeps its natural width in a cell)."""
        strip = self._flag_pixmaps.get(codes)
        if strip is None:
            dpr = 2.0
            width = len(codes) * (_ICON_SIZE + _ICON_GAP) - _ICON_GAP
            strip = QPixmap(int(width * dpr), int(_ICON_SIZE * dpr))
            strip.setDevicePixelRatio(dpr)
            strip.fill(Qt.GlobalColor.transparent)
            painter = QPainter(strip)
            for i, code in enumerate(codes):
                pix = resources.icon(code.value).pixmap(QSize(_ICON_SIZE, _ICON_SIZE), dpr)
                painter.drawPixmap(i * (_ICON_SIZE + _ICON_GAP), 0, pix)
            painter.end()
            self._flag_pixmaps[codes] = strip
        return strip
