"""Successful key-person contacts per week as bars on a date axis, with the cadence target's line.

pyqtgraph costs ~0.5 s to import, so it is imported when the chart is first shown (DESIGN.md).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from desktop.domain.dates import format_date
from desktop.domain.workspace import WeekCount

BAR_COLOUR = "#1d5fbf"
TARGET_COLOUR = "#a4161a"
_WEEK = 7 * 24 * 3600


def _seconds(d: date) -> float:
    """UTC midnight of ``d`` in epoch seconds (the DateAxisItem runs with a zero UTC offset)."""
    return float(calendar.timegm(d.timetuple()))


def weekly_guide(target_days: int) -> float:
    """Successful contacts a week the target implies: one every ``target_days`` days."""
    return 7.0 / target_days if target_days > 0 else 0.0


class ContactChart(QWidget):
    """Bars of ``per_week`` (oldest first) and a dashed line at ``7 / target_days`` a week."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactChart")
        self.setAccessibleName(self.tr("Successful contacts per week"))
        self._weeks: tuple[WeekCount, ...] = ()
        self._target_days = 7
        self.plot: Any = None  # a pyqtgraph PlotWidget once shown
        self._bars: Any = None
        self._target_line: Any = None
        self.title = QLabel(self.tr("Successful contacts per week"), self)
        self.title.setObjectName("contactChartTitle")
        self.title.setStyleSheet("font-weight: bold; color: #1f3a5f;")
        self.legend = QLabel(self)
        self.legend.setObjectName("contactChartLegend")
        self.legend.setStyleSheet(f"color: {TARGET_COLOUR};")
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self.title)
        heading.addSpacing(16)
        heading.addWidget(self.legend, 1)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addLayout(heading)
        self.placeholder = QLabel(self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.placeholder, 1)
        self.setMinimumHeight(150)

    # -- public API ---------------------------------------------------------------------------

    def set_summary(self, per_week: Sequence[WeekCount], target_days: int) -> None:
        self._weeks = tuple(per_week)
        self._target_days = target_days
        self.setAccessibleDescription(self.describe())
        self.legend.setText(self.legend_text())
        if self.plot is not None:
            self._refresh()

    @property
    def is_built(self) -> bool:
        return self.plot is not None

    def bar_heights(self) -> list[int]:
        return [w.count for w in self._weeks]

    def guide_value(self) -> float:
        return weekly_guide(self._target_days)

    def legend_text(self) -> str:
        return self.tr("- - -  target: {guide:.1f} a week (one contact every {days} days)").format(
            guide=self.guide_value(), days=self._target_days
        )

    def describe(self) -> str:
        """The chart in words (screen readers, and the tooltip of the plot)."""
        if not self._weeks:
            return self.tr("No weeks to show")
        total = sum(w.count for w in self._weeks)
        empty = sum(1 for w in self._weeks if w.count == 0)
        below = sum(1 for w in self._weeks if w.count < self.guide_value())
        return self.tr(
            "{weeks} weeks from {first}: {total} successful contacts, {empty} weeks with none; "
            "{below} weeks below the target of {guide:.1f} a week (one every {days} days)"
        ).format(
            weeks=len(self._weeks),
            first=format_date(self._weeks[0].week_start),
            total=total,
            empty=empty,
            below=below,
            guide=self.guide_value(),
            days=self._target_days,
        )

    def week_at(self, x: float) -> WeekCount | None:
        for week in self._weeks:
            start = _seconds(week.week_start)
            if start <= x < start + _WEEK:
                return week
        return None

    # -- building (lazy) ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if self.plot is None:
            self._build_plot()
            self._refresh()
        super().showEvent(event)

    def _build_plot(self) -> None:
        import pyqtgraph as pg

        axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
        plot = pg.PlotWidget(self, background="w", axisItems={"bottom": axis})
        plot.setObjectName("contactChartPlot")
        plot.setAccessibleName(self.accessibleName())
        plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read-only: no zoom or pan to drive
        plot.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        plot.viewport().setAccessibleName(self.accessibleName())
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        item = plot.getPlotItem()
        item.showGrid(x=False, y=True, alpha=0.25)
        item.setLabel("left", self.tr("Contacts"))
        for name in ("left", "bottom"):
            ax = item.getAxis(name)
            ax.setPen(pg.mkPen("#4b5563"))
            ax.setTextPen(pg.mkPen("#1b1f24"))
        item.getAxis("left").setTickSpacing(1, 1)
        self._bars = pg.BarGraphItem(
            x=[], height=[], width=_WEEK * 0.7, brush=pg.mkBrush(BAR_COLOUR), pen=pg.mkPen(None)
        )
        plot.addItem(self._bars)
        self._target_line = pg.InfiniteLine(
            angle=0,
            movable=False,
            pen=pg.mkPen(TARGET_COLOUR, width=2, style=Qt.PenStyle.DashLine),
        )
        plot.addItem(self._target_line)
        plot.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self._layout.removeWidget(self.placeholder)
        self.placeholder.hide()
        self._layout.addWidget(plot, 1)
        self.plot = plot

    def _refresh(self) -> None:
        weeks = self._weeks
        xs = [_seconds(w.week_start) + _WEEK / 2 for w in weeks]
        heights = [w.count for w in weeks]
        self._bars.setOpts(x=xs, height=heights, width=_WEEK * 0.7)
        guide = self.guide_value()
        self._target_line.setValue(guide)
        item = self.plot.getPlotItem()
        top = max([*heights, guide, 1]) + 1
        item.setYRange(0, top, padding=0)
        if weeks:
            first = _seconds(weeks[0].week_start)
            last = _seconds(weeks[-1].week_start + timedelta(days=7))
            item.setXRange(first, last, padding=0.01)
        self.plot.setToolTip(self.describe())

    # -- slots ---------------------------------------------------------------------------------

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        if self.plot is None:
            return
        view = self.plot.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(pos):
            return
        week = self.week_at(view.mapSceneToView(pos).x())
        if week is None:
            return
        text = self.tr("Week of {day}: {n} successful contacts").format(
            day=format_date(week.week_start), n=week.count
        )
        QToolTip.showText(self.plot.mapToGlobal(self.plot.mapFromScene(pos)), text)
