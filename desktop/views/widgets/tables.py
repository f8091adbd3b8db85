"""The one record table every screen uses: read-only rows, Enter or double-click opens one, the
Menu key or Shift+F10 asks for the row's context menu."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)


class RoomyDelegate(QStyledItemDelegate):
    """Rows sized to their (wrapped) contents plus a little air above and below."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 8)


class RecordTable(QTableView):
    """A read-only table of records, one row selected at a time.

    Enter/Return on the current row and double-click emit ``sig_activated``; right-click, the
    Menu key and Shift+F10 emit ``sig_context_menu`` with the row and where to show the menu.
    Tab leaves the table (arrows move inside it), as keyboard users expect.
    """

    #: The user asked to open this row (Enter, Return or double-click).
    sig_activated = Signal(QModelIndex)
    #: A context menu is wanted for this row at this global position.
    sig_context_menu = Signal(QModelIndex, QPoint)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        name: str = "",
        accessible: str = "",
        description: str = "",
        row_padding: int = 12,
        stretch_last: bool = True,
        roomy: bool = False,
        enter_activates: bool = True,
        double_click_activates: bool = True,
    ) -> None:
        """``roomy`` sizes rows to their wrapped contents (a delegate adds air); otherwise every
        row is one line of text plus ``row_padding`` pixels. An editable table turns
        ``enter_activates`` off so Enter reaches its editor."""
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        if accessible:
            self.setAccessibleName(accessible)
        if description:
            self.setAccessibleDescription(description)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(
            QFontMetrics(self.font()).height() + row_padding
        )
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(stretch_last)
        if roomy:
            self.setItemDelegate(RoomyDelegate(self))
        self._enter_activates = enter_activates
        if double_click_activates:
            self.doubleClicked.connect(self.sig_activated)

    def set_widths(self, chars: dict[int, int], padding: int = 20) -> None:
        """Column widths in characters of the table's font (plus ``padding`` pixels)."""
        char = QFontMetrics(self.font()).horizontalAdvance("n")
        for column, n in chars.items():
            self.horizontalHeader().resizeSection(column, char * n + padding)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            self._enter_activates
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.currentIndex().isValid()
        ):
            self.sig_activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            index = self.indexAt(event.pos())
            if index.isValid():
                self.setCurrentIndex(index)
            self.sig_context_menu.emit(index, event.globalPos())
        else:
            self.request_keyboard_context_menu()
        event.accept()

    def request_keyboard_context_menu(self) -> None:
        index = self.currentIndex()
        rect = self.visualRect(index) if index.isValid() else self.viewport().rect()
        point = rect.bottomLeft() + QPoint(24, 0) if index.isValid() else rect.center()
        self.sig_context_menu.emit(index, self.viewport().mapToGlobal(point))


def section_heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionHeading")
    return label
