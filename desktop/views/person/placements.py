"""The Placements panel: stability flags explained, SSDA903 episodes, new and end episode forms."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

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
from desktop.domain.dates import format_date
from desktop.domain.records import Flag
from desktop.domain.workspace import PersonWorkspace, PlacementView
from desktop.interfaces import RecordingApi
from desktop.models.placements import Column, PlacementsTableModel
from desktop.tasks import TaskRunner
from desktop.views.person.placement_dialogs import EndPlacementDialog, NewPlacementDialog
from desktop.views.widgets.tables import RecordTable, section_heading

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


class PlacementsPanel(QWidget):
    """Stability flags, then the episodes (newest first); records new and ended episodes."""

    #: A save succeeded; argument: the ``Changes`` the service returned.
    sig_saved = Signal(object)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: RecordingApi,
        actor: Callable[[], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("placementsPanel")
        self._runner, self._recording, self._actor = runner, recording, actor
        self._ws: PersonWorkspace | None = None
        self.dialog: QDialog | None = None
        self.model = PlacementsTableModel(self)
        self._build()

    def _build(self) -> None:
        self.flag_lines = FlagLines(self.tr("No placement stability flags are raised."), self)
        self.flag_lines.setAccessibleName(self.tr("Placement stability flags"))

        self.new_button = QPushButton(self.tr("&New episode…"), self)
        self.new_button.setObjectName("placementNew")
        self.new_button.setAccessibleName(self.tr("New placement episode"))
        self.new_button.clicked.connect(self._on_new_clicked)
        self.end_button = QPushButton(self.tr("&End current placement…"), self)
        self.end_button.setObjectName("placementEnd")
        self.end_button.setAccessibleName(self.tr("End current placement"))
        self.end_button.clicked.connect(self._on_end_clicked)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("placementSummary")

        self.table = RecordTable(self, roomy=True)
        self.table.setObjectName("placementsTable")
        self.table.setAccessibleName(self.tr("Placement episodes"))
        self.table.setAccessibleDescription(
            self.tr("SSDA903 episodes, newest first, each code with its description.")
        )
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(Column.DATES, Qt.SortOrder.DescendingOrder)
        # Cells are a few lines each: wrap, and let each row take the height it needs.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # fit the width, no scrolling
        header.setSectionResizeMode(Column.DATES, QHeaderView.ResizeMode.ResizeToContents)

        bar = QHBoxLayout()
        bar.addWidget(section_heading(self.tr("Episodes"), self))
        bar.addSpacing(8)
        bar.addWidget(self.summary_label)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.end_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(section_heading(self.tr("Stability"), self))
        layout.addWidget(self.flag_lines)
        layout.addSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.new_button, self.end_button)
        self.setTabOrder(self.end_button, self.table)
        self._update_buttons()

    # -- public API ---------------------------------------------------------------------------

    def show_workspace(self, ws: PersonWorkspace) -> None:
        """Show a (re)loaded workspace, keeping the selected episode and the scroll position."""
        selected = self.selected_episode()
        scroll = self.table.verticalScrollBar().value()
        self._ws = ws
        self.flag_lines.set_flags(ws.placement_flags)
        self.model.set_rows(ws.placements)
        row = self.model.row_of_id(selected.id) if selected is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self.table.verticalScrollBar().setValue(scroll)
        counted = sum(1 for p in ws.placements if p.starts_placement and p.counted)
        self.summary_label.setText(
            self.tr("{episodes} episodes, {placements} counted placements").format(
                episodes=len(ws.placements), placements=counted
            )
            if ws.placements
            else self.tr("No placement episodes recorded")
        )
        self._update_buttons()

    def selected_episode(self) -> PlacementView | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def open_episode(self) -> PlacementView | None:
        return self.model.open_episode()

    # -- slots --------------------------------------------------------------------------------

    def _on_new_clicked(self) -> None:
        ws = self._ws
        if ws is None:
            return
        self._open_dialog(
            NewPlacementDialog(
                runner=self._runner,
                recording=self._recording,
                actor=self._actor,
                young_person_id=ws.header.id,
                current=self.open_episode(),
                home_postcode=ws.header.home_postcode,
                legal_status=ws.header.legal_status_code,
                today=ws.series.today,
                parent=self,
            )
        )

    def _on_end_clicked(self) -> None:
        ws, episode = self._ws, self.open_episode()
        if ws is None or episode is None:
            return
        self._open_dialog(
            EndPlacementDialog(
                runner=self._runner,
                recording=self._recording,
                actor=self._actor,
                young_person_id=ws.header.id,
                episode=episode,
                today=ws.series.today,
                parent=self,
            )
        )

    def _on_dialog_saved(self, changes: object) -> None:
        self.sig_saved.emit(changes)

    # -- helpers --------------------------------------------------------------------------------

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_saved.connect(self._on_dialog_saved)  # type: ignore[attr-defined]
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self, *_: Any) -> None:
        self.dialog = None

    def _update_buttons(self) -> None:
        ws = self._ws
        full = ws is not None and ws.access is Access.FULL
        reason = "" if full else self.tr(READ_ONLY_REASON)
        self.new_button.setEnabled(full)
        self.new_button.setToolTip(reason or self.tr("Record a new SSDA903 episode"))
        open_ep = self.open_episode()
        can_end = full and open_ep is not None
        if not full:
            end_reason = reason
        elif open_ep is None:
            end_reason = self.tr("There is no open episode to end.")
        else:
            end_reason = self.tr("End the episode that began {date}").format(
                date=format_date(open_ep.decom)
            )
        self.end_button.setEnabled(can_end)
        self.end_button.setToolTip(end_reason)
        self.end_button.setAccessibleDescription(end_reason)
        self.new_button.setAccessibleDescription(self.new_button.toolTip())
