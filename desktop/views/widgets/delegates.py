"""Item delegates for the caseload table: legal-status badges drawn as small chips."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

#: Chip colours per badge (text on white ≥ 7:1); unknown tokens (LS codes) use the last entry.
BADGE_COLOURS: dict[str, str] = {
    "CLA": "#1f3a5f",
    "CP": "#8e1b1b",
    "CIN": "#00574b",
    "EH": "#4a4a4a",
    "": "#3d4a5c",
}


class BadgeDelegate(QStyledItemDelegate):
    """Draws the DisplayRole tokens as chips: the first (involvement) filled, the rest outlined."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        tokens = opt.text.split()
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not tokens:
            return
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        fm = QFontMetrics(opt.font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(opt.font)
        height = fm.height() + 4
        x = opt.rect.left() + 6.0
        y = opt.rect.top() + (opt.rect.height() - height) / 2
        colour = QColor(BADGE_COLOURS.get(tokens[0], BADGE_COLOURS[""]))
        for i, token in enumerate(tokens):
            width = fm.horizontalAdvance(token) + 12
            if x + width > opt.rect.right():
                break
            rect = QRectF(x, y, width, height)
            if i == 0:  # involvement: filled chip
                painter.setPen(QPen(QColor("#ffffff") if selected else colour, 1))
                painter.setBrush(colour)
                text_colour = QColor("#ffffff")
            else:  # legal status code: outlined chip
                fg = QColor("#ffffff") if selected else colour
                painter.setPen(QPen(fg, 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                text_colour = fg
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            painter.setPen(text_colour)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, token)
            x += width + 5
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        tokens = str(index.data() or "").split()
        fm = QFontMetrics(option.font)
        width = sum(fm.horizontalAdvance(t) + 17 for t in tokens) + 12
        return QSize(max(size.width(), width), max(size.height(), fm.height() + 8))
