"""What a caseload cell shows: its text, tooltip, accessible text, alignment, colour swatch
and flag strip.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from desktop import resources
from desktop.domain.enums import FlagCode, RiskCategory
from desktop.domain.records import CaseloadRow
from desktop.models.caseload_columns import (
    _ICON_GAP,
    _ICON_SIZE,
    _NOT_ASSESSED_COLOUR,
    _TREND_WORDS,
    RISK_COLOURS,
    TREND_ARROWS,
    Column,
    _tr,
)


class CaseloadCells:
    """Part of ``CaseloadTableModel`` (a mixin): see the module."""

    #: Drawn once and kept (set up by CaseloadTableModel.__init__).
    _flag_pixmaps: dict[tuple[FlagCode, ...], QPixmap]
    _swatches: dict[RiskCategory | None, QIcon]
    _restricted_icon: QIcon | None

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
