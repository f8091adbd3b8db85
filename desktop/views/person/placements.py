"""The Placements panel: stability flags explained, SSDA903 episodes, new and end episode forms."""

from __future__ import annotations

from typing import Unpack

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_date
from desktop.domain.workspace import PersonWorkspace, PlacementView
from desktop.models.placements import Column, PlacementsTableModel
from desktop.views.person.episode_panel import (
    READ_ONLY_REASON,
    EpisodePanel,
    EpisodePanelArgs,
    FlagLines,
)
from desktop.views.person.placement_dialogs import EndPlacementDialog, NewPlacementDialog
from desktop.views.widgets.tables import section_heading


class PlacementsPanel(EpisodePanel):
    """Stability flags, then the episodes (newest first); records new and ended episodes."""

    model: PlacementsTableModel

    def __init__(
        self,
        *,
        parent: QWidget | None = None,
        **services: Unpack[EpisodePanelArgs],
    ) -> None:
        super().__init__(PlacementsTableModel(), parent=parent, **services)
        self.setObjectName("placementsPanel")
        self._build()

    def _build(self) -> None:
        self.flag_lines = FlagLines(self.tr("No placement stability flags are raised."), self)
        self.flag_lines.setAccessibleName(self.tr("Placement stability flags"))

        self.new_button = self._button(
            "placementNew", self.tr("&New episode…"), self.tr("New placement episode")
        )
        self.new_button.clicked.connect(self._on_new_clicked)
        self.end_button = self._button(
            "placementEnd", self.tr("&End current placement…"), self.tr("End current placement")
        )
        self.end_button.clicked.connect(self._on_end_clicked)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("placementSummary")

        # Cells are a few lines each: they wrap, and each row takes the height it needs.
        self.table = self._episode_table(
            "placementsTable",
            self.tr("Placement episodes"),
            self.tr("SSDA903 episodes, newest first, each code with its description."),
            Column.DATES,
        )
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
        self._ws = ws
        self.flag_lines.set_flags(ws.placement_flags)
        self._set_rows(ws.placements)
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
        row: PlacementView | None = self._selected_row()
        return row

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

    # -- helpers --------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        full = self._has_full_access()
        reason = "" if full else self.tr(READ_ONLY_REASON)
        self._enable(self.new_button, full, reason or self.tr("Record a new SSDA903 episode"))
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
        self._enable(self.end_button, can_end, end_reason)
