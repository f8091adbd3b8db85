"""The meeting's agenda tab: an editable, reorderable list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.meetings import (
    DEFAULT_AGENDA,
)
from desktop.views.meetings.common import button


class AgendaList(QListWidget):
    """Ctrl+Up/Down move the current item, Insert adds one, Delete removes it (not while an
    item is being edited: the editor gets its keys first)."""

    sig_move = Signal(int)
    sig_remove = Signal()
    sig_insert = Signal()

    def keyPressEvent(self, event: Any) -> None:
        key, mods = event.key(), event.modifiers()
        if mods & Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.sig_move.emit(-1 if key == Qt.Key.Key_Up else 1)
        elif key == Qt.Key.Key_Delete and not mods:
            self.sig_remove.emit()
        elif key == Qt.Key.Key_Insert and not mods:
            self.sig_insert.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class AgendaTab(QWidget):
    """The agenda as an editable, reorderable list (Ctrl+Up/Down move, Insert adds, Delete
    removes, F2 edits)."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingAgendaTab")
        self._loading = False
        self.list = AgendaList(self)
        self.list.setObjectName("agendaList")
        self.list.setAccessibleName(self.tr("Agenda items"))
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(True)
        # room for the (style-sheet padded) line editor when an item is reworded
        self.list.setStyleSheet("QListWidget#agendaList::item { padding: 6px 4px; }")
        self.add_button = button(self, self.tr("&Add item"), "agendaAdd", self.tr("Add item"))
        self.remove_button = button(
            self, self.tr("&Remove item"), "agendaRemove", self.tr("Remove item")
        )
        self.up_button = button(self, self.tr("Move &up"), "agendaUp", self.tr("Move item up"))
        self.down_button = button(
            self, self.tr("Move &down"), "agendaDown", self.tr("Move item down")
        )
        self.reset_button = button(
            self, self.tr("Standard &order"), "agendaReset", self.tr("Reset to the standard agenda")
        )
        self.up_button.setToolTip(self.tr("Move the item up (Ctrl+Up)"))
        self.down_button.setToolTip(self.tr("Move the item down (Ctrl+Down)"))
        buttons = QVBoxLayout()
        for b in (
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.reset_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        hint = QLabel(
            self.tr(
                "The pack prints the agenda in this order. Double-click or press F2 to reword "
                "an item; Ctrl+Up and Ctrl+Down move it."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(hint)
        layout.addLayout(row, 1)

        self.list.sig_move.connect(self._move)
        self.list.sig_remove.connect(self.remove_item)
        self.list.sig_insert.connect(self.add_item)
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.reset_button.clicked.connect(self.reset)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentRowChanged.connect(self._update_buttons)
        self._editable = True

    def set_items(self, items: tuple[str, ...]) -> None:
        self._loading = True
        try:
            self.list.clear()
            for text in items:
                self._append(text)
            if self.list.count():
                self.list.setCurrentRow(0)
        finally:
            self._loading = False
        self._update_buttons()

    def items(self) -> tuple[str, ...]:
        texts = (self.list.item(i).text().strip() for i in range(self.list.count()))
        return tuple(t for t in texts if t)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for b in (
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.reset_button,
        ):
            b.setVisible(editable)
        for i in range(self.list.count()):
            self._set_item_flags(self.list.item(i))

    def _set_item_flags(self, item: QListWidgetItem) -> None:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)

    def _append(self, text: str, row: int | None = None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        self._set_item_flags(item)
        if row is None:
            self.list.addItem(item)
        else:
            self.list.insertItem(row, item)
        return item

    def add_item(self) -> None:
        if not self._editable:
            return
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        item = self._append(self.tr("New item"), row)
        self.list.setCurrentItem(item)
        self.list.setFocus()
        self.list.editItem(item)
        self._changed()

    def remove_item(self) -> None:
        row = self.list.currentRow()
        if self._editable and row >= 0:
            self.list.takeItem(row)
            self._changed()

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if not self._editable or row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._changed()

    def reset(self) -> None:
        self.set_items(DEFAULT_AGENDA)
        self._changed()

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        if not self._loading:
            self._changed()

    def _changed(self) -> None:
        self._update_buttons()
        if not self._loading:
            self.sig_changed.emit()

    def _update_buttons(self, *_args: Any) -> None:
        row = self.list.currentRow()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)
