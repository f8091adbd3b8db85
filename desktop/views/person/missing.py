"""The Missing panel: flags, episodes with their return-interview countdowns, and the forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Unpack

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_datetime
from desktop.domain.enums import MissingKind
from desktop.domain.workspace import MissingView, PersonWorkspace
from desktop.models.missing import (
    GRADE_LABELS,
    KIND_LABELS,
    Column,
    MissingTableModel,
    duration_text,
    found_where_text,
    span_text,
)
from desktop.views.person.episode_panel import (
    READ_ONLY_REASON,
    EpisodePanel,
    EpisodePanelArgs,
    FlagLines,
    detail_html,
)
from desktop.views.person.missing_dialogs import MissingEpisodeDialog, ReturnInterviewDialog
from desktop.views.widgets.tables import section_heading

#: How often the countdowns are re-timed while the panel is visible.
TICK_MS = 60_000


class MissingPanel(EpisodePanel):
    """Missing flags, a still-missing banner, the episodes (newest first) and their RHI state."""

    model: MissingTableModel

    def __init__(
        self,
        *,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
        **services: Unpack[EpisodePanelArgs],
    ) -> None:
        super().__init__(MissingTableModel(), parent=parent, **services)
        self.setObjectName("missingPanel")
        self._clock = clock or (lambda: datetime.now(UTC))
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self._build()

    def _build(self) -> None:
        self.flag_lines = FlagLines(self.tr("No missing-from-care flags are raised."), self)
        self.flag_lines.setAccessibleName(self.tr("Missing flags"))

        self.banner = QLabel(self)
        self.banner.setObjectName("stillMissingBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleName(self.tr("Still missing"))
        self.banner.hide()

        self.report_button = self._button(
            "missingReport", self.tr("&Report missing…"), self.tr("Report missing")
        )
        self.report_button.clicked.connect(self._on_report_clicked)
        self.return_button = self._button(
            "missingReturn", self.tr("Record re&turn…"), self.tr("Record return")
        )
        self.return_button.clicked.connect(self._on_return_clicked)
        self.rhi_button = self._button(
            "missingInterview", self.tr("Return &interview…"), self.tr("Return interview")
        )
        self.rhi_button.clicked.connect(self._on_rhi_clicked)

        self.table = self._episode_table(
            "missingTable",
            self.tr("Missing episodes"),
            self.tr("Missing and away episodes, newest first, with the return interview state."),
            Column.STARTED,
        )
        # Fit the width: short columns to their contents, wordy ones wrap, and the return
        # interview (the state that needs action) takes the rest.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (Column.KIND, Column.REPORTED_BY, Column.FOUND_WHERE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.RETURN_INTERVIEW, QHeaderView.ResizeMode.Stretch)
        self.table.set_widths({Column.KIND: 12, Column.REPORTED_BY: 13, Column.FOUND_WHERE: 20})
        self.table.sig_activated.connect(self._on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)

        self.detail = QLabel(self)
        self.detail.setObjectName("recordDetail")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName(self.tr("Selected episode"))

        bar = QHBoxLayout()
        bar.addWidget(section_heading(self.tr("Episodes"), self))
        bar.addStretch(1)
        for button in (self.report_button, self.return_button, self.rhi_button):
            bar.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(section_heading(self.tr("Flags"), self))
        layout.addWidget(self.flag_lines)
        layout.addSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.detail, 0)
        self.setTabOrder(self.report_button, self.return_button)
        self.setTabOrder(self.return_button, self.rhi_button)
        self.setTabOrder(self.rhi_button, self.table)
        self._update_buttons()

    # -- public API ---------------------------------------------------------------------------

    def show_workspace(self, ws: PersonWorkspace) -> None:
        """Show a (re)loaded workspace, keeping the selected episode and the scroll position."""
        self._ws = ws
        self.flag_lines.set_flags(ws.missing_flags)
        self.model.set_now(self._clock())
        self._set_rows(ws.missing)
        self._refresh_texts()
        self._update_buttons()

    def selected_episode(self) -> MissingView | None:
        row: MissingView | None = self._selected_row()
        return row

    def select_episode(self, episode_id: int) -> bool:
        row = self.model.row_of_id(episode_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    # -- Qt events: the countdown runs only while it can be seen ---------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._on_timer_timeout()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    # -- slots --------------------------------------------------------------------------------

    def _on_timer_timeout(self) -> None:
        self.model.set_now(self._clock())
        self._refresh_texts()

    def _on_table_current_changed(self, *_: Any) -> None:
        self._show_detail()
        self._update_buttons()

    def _on_table_activated(self, *_: Any) -> None:
        ep = self.selected_episode()
        if ep is None:
            return
        if ep.ended_at is None and self.return_button.isEnabled():
            self._on_return_clicked()
        elif self.rhi_button.isEnabled():
            self._on_rhi_clicked()

    def _on_report_clicked(self) -> None:
        self._open_form(MissingEpisodeDialog, None)

    def _on_return_clicked(self) -> None:
        ep = self.selected_episode()
        if ep is not None and ep.ended_at is None:
            self._open_form(MissingEpisodeDialog, ep)

    def _on_rhi_clicked(self) -> None:
        ep = self.selected_episode()
        if ep is not None and ep.ended_at is not None:
            self._open_form(ReturnInterviewDialog, ep)

    def _open_form(self, form: Callable[..., QDialog], episode: MissingView | None) -> None:
        """Open ``form`` (a missing or return interview dialog) on ``episode`` (None: a new one)."""
        if self._ws is None:
            return
        self._open_dialog(
            form(
                runner=self._runner,
                recording=self._recording,
                actor=self._actor,
                young_person_id=self._ws.header.id,
                episode=episode,
                now=self._clock(),
                parent=self,
            )
        )

    # -- helpers --------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        full = self._has_full_access()
        read_only = self.tr(READ_ONLY_REASON)
        ep = self.selected_episode()
        self._enable(
            self.report_button,
            full,
            self.tr("Report a new missing or away episode") if full else read_only,
        )
        if not full:
            reason = read_only
        elif ep is None:
            reason = self.tr("Select an episode that is still open.")
        elif ep.ended_at is not None:
            reason = self.tr("The selected episode already has a return recorded.")
        else:
            reason = self.tr("Record when and where the young person was found")
        self._enable(self.return_button, full and ep is not None and ep.ended_at is None, reason)
        if not full:
            reason = read_only
        elif ep is None:
            reason = self.tr("Select an episode.")
        elif ep.ended_at is None:
            reason = self.tr("The return interview follows the return: record the return first.")
        else:
            reason = self.tr("Record the return home interview for the selected episode")
        self._enable(self.rhi_button, full and ep is not None and ep.ended_at is not None, reason)

    def _refresh_texts(self) -> None:
        now = self.model.now
        still = [ep for ep in self.model.all_rows() if ep.ended_at is None]
        if still:
            lines = [
                (
                    self.tr("Still missing since {start} — {span} so far")
                    if ep.kind is MissingKind.MISSING
                    else self.tr("Still away (whereabouts known) since {start} — {span} so far")
                ).format(start=format_datetime(ep.started_at), span=span_text(now - ep.started_at))
                for ep in still
            ]
            self.banner.setText("\n".join(lines))
            self.banner.setAccessibleDescription(" ".join(lines))
        self.banner.setVisible(bool(still))
        self._show_detail()

    def _show_detail(self, *_: Any) -> None:
        ep = self.selected_episode()
        if ep is None:
            self.detail.setText(
                self.tr("Select an episode to see it in full.")
                if self.model.rowCount()
                else self.tr("No missing episodes recorded.")
            )
            return
        now, rhi = self.model.now, ep.rhi
        grade = ep.police_risk_grade
        rows = [
            (self.tr("Type"), self.tr(KIND_LABELS[ep.kind])),
            (self.tr("Started"), format_datetime(ep.started_at)),
            (
                self.tr("Found / returned"),
                format_datetime(ep.ended_at) if ep.ended_at else self.tr("Still missing"),
            ),
            (self.tr("Duration"), duration_text(ep, now)),
            (
                self.tr("Police risk grade"),
                self.tr(GRADE_LABELS[grade]) if grade else self.tr("Not graded"),
            ),
            (self.tr("Reported by"), ep.reported_by or self.tr("Not recorded")),
            (self.tr("Where found / with whom"), found_where_text(ep) or "—"),
            (self.tr("Return interview"), self.model.status(ep).text),
        ]
        if ep.rhi_due is not None:
            rows.append((self.tr("Interview due by"), format_datetime(ep.rhi_due)))
        if rhi.offered_at is not None:
            rows.append((self.tr("Offered"), format_datetime(rhi.offered_at)))
        if rhi.key_disclosures.strip():
            rows.append((self.tr("Key disclosures"), rhi.key_disclosures.strip()))
        if ep.notes.strip():
            rows.append((self.tr("Notes"), ep.notes.strip()))
        self.detail.setText(detail_html(rows))
