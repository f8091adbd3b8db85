"""The risk assessment history as a table model, and the texts that describe one assessment."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.dates import format_date
from desktop.domain.workspace import AssessmentView
from desktop.models.assessment_text import (
    GROUP_TITLES,
    OVERRIDE_MARK,
    TIMING_LABELS,
    TREND_WORDS,
    category_colour,
    category_text,
    confirmed_text,
    detail_html,
    override_text,
    status_text,
    trend_text,
)
from desktop.models.caseload import RISK_COLOURS, RISK_TINTS
from desktop.models.table import RowTableModel

__all__ = [
    "GROUP_TITLES",
    "TIMING_LABELS",
    "TREND_WORDS",
    "AssessmentHistoryModel",
    "Column",
    "category_colour",
    "category_text",
    "confirmed_text",
    "detail_html",
    "override_text",
    "status_text",
    "trend_text",
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("AssessmentHistoryModel", text)


class Column(IntEnum):
    ID = 0
    DATE = 1
    SCORE = 2
    CATEGORY = 3
    OVERRIDE = 4
    TREND = 5
    CONFIRMED = 6
    STATUS = 7
    INSTRUMENT = 8  # last: the full name is in the detail heading when it is clipped


_HEADERS: dict[int, str] = {
    Column.ID: QT_TRANSLATE_NOOP("AssessmentHistoryModel", "#"),
    Column.DATE: QT_TRANSLATE_NOOP("AssessmentHistoryModel", "Date"),
    Column.INSTRUMENT: QT_TRANSLATE_NOOP("AssessmentHistoryModel", "Instrument"),
    Column.SCORE: QT_TRANSLATE_NOOP("AssessmentHistoryModel", "Score"),
    Column.CATEGORY: QT_TRANSLATE_NOOP("AssessmentHistoryModel", "Band / category"),
    Column.OVERRIDE: QT_TRANSLATE_NOOP("AssessmentHistoryModel", "Override"),
    Column.TREND: QT_TRANSLATE_NOOP("AssessmentHistoryModel", "Trend"),
    Column.CONFIRMED: QT_TRANSLATE_NOOP("AssessmentHistoryModel", "Confirmed"),
    Column.STATUS: QT_TRANSLATE_NOOP("AssessmentHistoryModel", "Version"),
}

_HEADER_TIPS: dict[int, str] = {
    Column.ID: QT_TRANSLATE_NOOP(
        "AssessmentHistoryModel", "Assessment number (corrections refer to it)"
    ),
    Column.CATEGORY: QT_TRANSLATE_NOOP(
        "AssessmentHistoryModel", "Band of the instrument and the risk category after any override"
    ),
    Column.OVERRIDE: QT_TRANSLATE_NOOP(
        "AssessmentHistoryModel",
        "A professional override of the computed category (with its reason)",
    ),
    Column.TREND: QT_TRANSLATE_NOOP(
        "AssessmentHistoryModel", "Against the previous assessment on the trajectory"
    ),
    Column.STATUS: QT_TRANSLATE_NOOP(
        "AssessmentHistoryModel",
        "Corrections are new versions: the corrected assessment stays in the history",
    ),
}


class AssessmentHistoryModel(RowTableModel[AssessmentView]):
    """Assessments, newest first by default; superseded ones greyed and marked, never hidden."""

    columns = Column
    context = "AssessmentHistoryModel"
    headers = _HEADERS
    header_tips = _HEADER_TIPS
    default_sort = (Column.DATE, Qt.SortOrder.DescendingOrder)

    def display(self, row: AssessmentView, column: int) -> str:
        c = Column(column)
        if c == Column.ID:
            return f"#{row.id}"
        if c == Column.DATE:
            return format_date(row.assessed_on)
        if c == Column.INSTRUMENT:
            return row.instrument_name
        if c == Column.SCORE:
            return "" if row.score is None else str(row.score)
        if c == Column.CATEGORY:
            return category_text(row)
        if c == Column.OVERRIDE:
            return override_text(row)
        if c == Column.TREND:
            return trend_text(row)
        if c == Column.CONFIRMED:
            return confirmed_text(row)
        return status_text(row)

    def sort_key(self, row: AssessmentView, column: int) -> Any:
        c = Column(column)
        if c == Column.ID:
            return row.id
        if c == Column.DATE:
            return (row.assessed_on, row.id)
        if c == Column.SCORE:
            return (-1 if row.score is None else row.score, row.id)
        if c == Column.CATEGORY:
            return (row.category.value, row.id)
        if c == Column.CONFIRMED:
            return (row.confirmed, row.confirmed_at.isoformat() if row.confirmed_at else "")
        return (self.display(row, column).casefold(), row.id)

    def extra(self, row: AssessmentView, column: int, role: int) -> Any:
        c = Column(column)
        superseded = row.superseded_by_id is not None
        if role == Qt.ItemDataRole.BackgroundRole and c == Column.CATEGORY:
            return QColor(RISK_TINTS[row.category])
        if role == Qt.ItemDataRole.DecorationRole and c == Column.CATEGORY:
            return QColor(RISK_COLOURS[row.category])
        if role == Qt.ItemDataRole.ForegroundRole:
            if c == Column.CONFIRMED and not row.confirmed:
                return QColor("#8a4b00")
            if superseded:
                return QColor("#5f6670")
            return None
        if role == Qt.ItemDataRole.FontRole:
            if superseded and c != Column.STATUS:
                font = QFont()
                font.setStrikeOut(True)
                return font
            if c == Column.CONFIRMED and not row.confirmed:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if c in (Column.ID, Column.SCORE):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == Column.OVERRIDE and override_text(row):
                return _tr("Overridden from {computed} to {category}: {reason}").format(
                    computed=_tr(row.computed_category.label),
                    category=_tr(row.category.label),
                    reason=row.override_reason or "",
                )
            if c == Column.CONFIRMED:
                return confirmed_text(row, with_time=True)
            if c == Column.CATEGORY:
                text = _tr("{category} risk").format(category=_tr(row.category.label))
                if row.score is not None:
                    text += _tr(" (score {score}, band {band})").format(
                        score=row.score, band=row.band_label
                    )
                return text
            if c == Column.INSTRUMENT:
                return row.instrument_name
            if c == Column.STATUS and superseded:
                return _tr(
                    "A correction (#{id}) replaced this assessment; it is kept for the record."
                ).format(id=row.superseded_by_id)
            return None
        return None

    def accessible(self, row: AssessmentView, column: int) -> str:
        if column == Column.CATEGORY:
            return _tr("{category} risk").format(category=category_text(row))
        if column == Column.OVERRIDE:
            return override_text(row).replace(OVERRIDE_MARK, _tr("Overridden")) or _tr(
                "No override"
            )
        return self.display(row, column)
