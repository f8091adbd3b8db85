"""SSDA903 placement episodes as a table: codes with their descriptions, distance and markers."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.dates import format_date
from desktop.domain.workspace import PlacementView
from desktop.models.table import RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlacementsTableModel", text)


class Column(IntEnum):
    DATES = 0
    REASON = 1
    LEGAL_STATUS = 2
    PLACEMENT = 3
    ENDING = 4
    LOCATION = 5


_HEADERS: dict[int, str] = {
    Column.DATES: QT_TRANSLATE_NOOP("PlacementsTableModel", "Dates (DECOM – DEC)"),
    Column.REASON: QT_TRANSLATE_NOOP("PlacementsTableModel", "Reason (RNE)"),
    Column.LEGAL_STATUS: QT_TRANSLATE_NOOP("PlacementsTableModel", "Legal status (LS)"),
    Column.PLACEMENT: QT_TRANSLATE_NOOP("PlacementsTableModel", "Placement (PLACE)"),
    Column.ENDING: QT_TRANSLATE_NOOP("PlacementsTableModel", "Ended (REC)"),
    Column.LOCATION: QT_TRANSLATE_NOOP("PlacementsTableModel", "Postcode, distance"),
}

_HEADER_TIPS: dict[int, str] = {
    Column.DATES: QT_TRANSLATE_NOOP(
        "PlacementsTableModel",
        "Start (DECOM) and end (DEC) of the episode; where a new placement begins",
    ),
    Column.REASON: QT_TRANSLATE_NOOP("PlacementsTableModel", "Reason for new episode (RNE)"),
    Column.LEGAL_STATUS: QT_TRANSLATE_NOOP(
        "PlacementsTableModel", "Legal status (LS) during the episode"
    ),
    Column.PLACEMENT: QT_TRANSLATE_NOOP(
        "PlacementsTableModel", "Placement type (PLACE), provider and Ofsted URN"
    ),
    Column.ENDING: QT_TRANSLATE_NOOP(
        "PlacementsTableModel", "Reason episode ceased (REC) and reason for placement change"
    ),
    Column.LOCATION: QT_TRANSLATE_NOOP(
        "PlacementsTableModel", "Placement postcode, straight-line distance from home, out of area"
    ),
}

#: Text of the current (open) episode's dates.
_OPEN_COLOUR = "#1b4d20"
#: Muted text for episodes that do not count towards placement stability.
_NOT_COUNTED_COLOUR = "#4b5563"


def code_text(code: str | None, label: str | None) -> str:
    """'K2 — Children's home'; a code without a description as it is; blank as 'Not recorded'."""
    if not code:
        return _tr("Not recorded")
    return f"{code} — {label}" if label else code


def distance_text(miles: float | None) -> str:
    """'36.2 miles', or 'not known' for an unknown postcode (never 0)."""
    if miles is None:
        return _tr("not known")
    return _tr("{miles} miles").format(miles=f"{miles:.1f}")


def out_of_area_text(value: bool | None) -> str:
    if value is None:
        return _tr("not known")
    return _tr("Yes") if value else _tr("No")


def end_text(row: PlacementView) -> str:
    return format_date(row.dec) if row.dec is not None else _tr("current (open)")


def dates_text(row: PlacementView) -> str:
    """'25 Aug 2026 – current (open)' or '18 Mar 2026 – 25 Aug 2026'."""
    return f"{format_date(row.decom)} – {end_text(row)}"


def ending_text(row: PlacementView) -> str:
    """REC, then the reason for the placement change, one a line ('' while open)."""
    lines = []
    if row.dec is not None:
        lines.append(code_text(row.rec, row.rec_label))
    if row.reason_place_change:
        lines.append(
            _tr("Change: {reason}").format(
                reason=code_text(row.reason_place_change, row.reason_place_change_label)
            )
        )
    return "\n".join(lines)


def location_text(row: PlacementView) -> str:
    """'LS1 4AP', then '36.2 miles from home', then 'Out of area: yes'."""
    postcode = row.placement_postcode or _tr("Postcode not known")
    distance = (
        _tr("Distance not known")
        if row.distance_miles is None
        else _tr("{distance} from home").format(distance=distance_text(row.distance_miles))
    )
    area = _tr("Out of area: {answer}").format(answer=out_of_area_text(row.out_of_area).lower())
    return "\n".join([postcode, distance, area])


def markers(row: PlacementView) -> list[str]:
    """The notes a row carries: a new placement starts here; not counted."""
    notes: list[str] = []
    if row.starts_placement:
        notes.append(_tr("● Starts a new placement"))
    if not row.counted:
        notes.append(_tr("Not counted (short break/temporary)"))
    return notes


class PlacementsTableModel(RowTableModel[PlacementView]):
    """Rows are the workspace's ``PlacementView`` episodes; newest first unless re-sorted."""

    columns = Column
    context = "PlacementsTableModel"
    headers = _HEADERS
    header_tips = _HEADER_TIPS
    default_sort = (Column.DATES, Qt.SortOrder.DescendingOrder)

    def open_episode(self) -> PlacementView | None:
        """The episode with no end date (the current one), if any."""
        for row in self.all_rows():
            if row.dec is None:
                return row
        return None

    def display(self, row: PlacementView, column: int) -> str:
        """Each cell is a few short lines (the table wraps and sizes rows to them)."""
        col = Column(column)
        if col == Column.DATES:
            return "\n".join([dates_text(row), *markers(row)])
        if col == Column.REASON:
            return code_text(row.rne, row.rne_label)
        if col == Column.LEGAL_STATUS:
            return code_text(row.ls, row.ls_label)
        if col == Column.PLACEMENT:
            lines = [
                code_text(row.place, row.place_label),
                row.provider or _tr("Provider not recorded"),
            ]
            if row.urn:
                lines.append(_tr("URN {urn}").format(urn=row.urn))
            return "\n".join(lines)
        if col == Column.ENDING:
            return ending_text(row)
        return location_text(row)

    def sort_key(self, row: PlacementView, column: int) -> Any:
        col = Column(column)
        if col == Column.DATES:
            return (row.decom, row.id)
        if col == Column.LOCATION:
            return (row.distance_miles is not None, row.distance_miles or 0.0)
        if col == Column.ENDING:
            # the open episode is the latest of all
            return (row.dec or date.max, row.id)
        return self.display(row, column).casefold()

    def extra(self, row: PlacementView, column: int, role: int) -> Any:
        col = Column(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.display(row, column)
            if col == Column.LOCATION and row.distance_miles is None:
                text += "\n" + _tr(
                    "Distance not known: a home or placement postcode is missing or not recognised"
                )
            return text or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == Column.DATES and row.dec is None:
                return QColor(_OPEN_COLOUR)
            if not row.counted:
                return QColor(_NOT_COUNTED_COLOUR)
            return None
        if (
            role == Qt.ItemDataRole.FontRole
            and col == Column.DATES
            and (row.dec is None or row.starts_placement)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None
