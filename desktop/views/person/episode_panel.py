"""What the Missing and Placements panels share: raised flags in words, a detail table, and a
panel of episodes that keeps its selection across reloads and opens one recording dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any, TypedDict, Unpack

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import resources
from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.records import Flag
from desktop.domain.workspace import PersonWorkspace
from desktop.interfaces import RecordingApi
from desktop.models.table import RowTableModel
from desktop.tasks import TaskRunner
from desktop.views.widgets.tables import RecordTable

#: Why recording buttons are off for someone without full access to the record.
READ_ONLY_REASON = "Recording needs full access to this young person's record."


class FlagLines(QFrame):
    """Raised flags, one readable line each: the label in bold, then why it is raised."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagLines")
        self._empty_text = empty_text
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 8, 10, 8)
        self._layout.setSpacing(4)
        self.lines: list[QLabel] = []
        self.set_flags(())

    def set_flags(self, flags: Sequence[Flag]) -> None:
        for widget in self.findChildren(QLabel):
            widget.hide()  # deleteLater leaves it painted until the event loop runs
            widget.deleteLater()
        while self._layout.count():
            self._layout.takeAt(0)
        self.lines = []
        self.setProperty("raised", bool(flags))
        self.style().unpolish(self)
        self.style().polish(self)
        if not flags:
            label = QLabel(self._empty_text, self)
            label.setObjectName("flagLineEmpty")
            self._layout.addWidget(label)
            self.lines.append(label)
            return
        for flag in flags:
            row = QHBoxLayout()
            row.setSpacing(8)
            icon = QLabel(self)
            icon.setPixmap(resources.icon(flag.code.value).pixmap(16, 16))
            icon.setFixedWidth(18)
            icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            text = QLabel(f"<b>{escape(flag.label)}</b> — {escape(flag.explanation)}", self)
            text.setObjectName("flagLine")
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setAccessibleName(f"{flag.label}: {flag.explanation}")
            row.addWidget(icon)
            row.addWidget(text, 1)
            self._layout.addLayout(row)
            self.lines.append(text)

    def texts(self) -> list[str]:
        """The lines as plain text (for tests and screen readers)."""
        return [label.accessibleName() or label.text() for label in self.lines]


def detail_html(rows: Sequence[tuple[str, str]], columns: int = 2) -> str:
    """Label/value pairs as a compact HTML table, ``columns`` pairs side by side (escaped)."""
    per_column = -(-len(rows) // columns) if rows else 0
    lines = []
    for i in range(per_column):
        cells = []
        for c in range(columns):
            k = i + c * per_column
            if k < len(rows):
                label, value = rows[k]
                cells.append(
                    f"<td style='padding:1px 10px 1px 0; color:#374151'>{escape(label)}</td>"
                    f"<td style='padding:1px 28px 1px 0'>{escape(value)}</td>"
                )
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return "<table cellspacing='0'>" + "".join(lines) + "</table>"


class EpisodePanelArgs(TypedDict):
    """What every episode panel is made with, besides its own options."""

    runner: TaskRunner
    recording: RecordingApi
    actor: Callable[[], Actor]


class EpisodePanel(QWidget):
    """A panel of one young person's episodes in ``table`` over ``model``.

    Subclasses build ``table`` and their buttons, and say in ``_update_buttons`` what may be
    recorded; a dialog they open through ``_open_dialog`` reports its saves as ``sig_saved``.
    """

    #: A save succeeded; argument: the ``Changes`` the service returned.
    sig_saved = Signal(object)

    table: RecordTable

    def __init__(
        self,
        model: RowTableModel[Any],
        *,
        parent: QWidget | None = None,
        **services: Unpack[EpisodePanelArgs],
    ) -> None:
        super().__init__(parent)
        self._runner, self._recording = services["runner"], services["recording"]
        self._actor = services["actor"]
        self._ws: PersonWorkspace | None = None
        self.dialog: QDialog | None = None
        self.model = model
        model.setParent(self)

    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    def _episode_table(
        self, name: str, accessible: str, description: str, sort_column: int
    ) -> RecordTable:
        """The episodes over ``model``: rows as tall as their wrapped text, newest first."""
        table = RecordTable(
            self, name=name, accessible=accessible, description=description, roomy=True
        )
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(sort_column, Qt.SortOrder.DescendingOrder)
        table.setWordWrap(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _has_full_access(self) -> bool:
        return self._ws is not None and self._ws.access is Access.FULL

    def _set_rows(self, rows: Iterable[Any]) -> None:
        """Show new rows, keeping the selected episode (else the first) and the scroll position."""
        selected = self._selected_row()
        scroll = self.table.verticalScrollBar().value()
        self.model.set_rows(rows)
        row = self.model.row_of_id(selected.id) if selected is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self.table.verticalScrollBar().setValue(scroll)

    def _selected_row(self) -> Any:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_saved.connect(self._on_dialog_saved)  # type: ignore[attr-defined]
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_saved(self, changes: object) -> None:
        self.sig_saved.emit(changes)

    def _on_dialog_finished(self, *_: Any) -> None:
        self.dialog = None

    @staticmethod
    def _enable(button: QPushButton, enabled: bool, reason: str) -> None:
        button.setEnabled(enabled)
        button.setToolTip(reason)
        button.setAccessibleDescription(reason)
