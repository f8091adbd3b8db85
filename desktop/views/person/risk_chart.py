"""pyqtgraph charts of the person screen: the risk trajectory and its contact-density strip.

Importing this module imports pyqtgraph (~0.5 s): panels import it only when a chart is first
shown. Everything drawn comes precomputed in ``RiskSeries``; the widgets only place it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.dates import format_date
from desktop.domain.enums import RiskCategory
from desktop.domain.risk import trend as risk_trend
from desktop.domain.workspace import RiskPoint, RiskSeries
from desktop.models.assessments import TREND_WORDS
from desktop.models.caseload import RISK_COLOURS, RISK_TINTS

_DAY = 86400.0
_INK = "#1b1f24"
_MUTED = "#4b5563"
_MISSING_COLOUR = "#6a1b9a"
_PLACEMENT_COLOUR = "#00574b"
_REVIEW_COLOUR = "#1d4f91"
_OVERDUE_COLOUR = "#b3261e"
_CONTACT_COLOUR = "#3d6fa8"
_AXIS_LEFT = 46
_AXIS_RIGHT = 84

#: One symbol per category, so the chart reads without colour (and prints in black and white).
CATEGORY_SYMBOLS: dict[RiskCategory, str] = {
    RiskCategory.NOT_AT_RISK: "o",
    RiskCategory.MILD: "s",
    RiskCategory.MODERATE: "d",
    RiskCategory.SIGNIFICANT: "star",
}
MISSING_SYMBOL = "x"
PLACEMENT_SYMBOL = "t1"


def to_x(d: date) -> float:
    """Chart x of a date: its UTC midnight as a Unix timestamp (the axis shows UTC)."""
    return datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp()


def from_x(x: float) -> date:
    return datetime.fromtimestamp(x, UTC).date()


def summarise(series: RiskSeries) -> str:
    """The trajectory in words for screen readers: count, start, latest and direction."""
    points = series.points
    if not points:
        text = "No confirmed risk assessments yet"
    else:
        latest = points[-1]
        score = f" ({latest.score})" if latest.score is not None else ""
        text = (
            f"{len(points)} assessment{'s' if len(points) != 1 else ''} from "
            f"{format_date(points[0].on)}; latest {latest.category.label}{score}"
        )
        if len(points) > 1:
            direction = risk_trend(points[-2].category, latest.category)
            text += f", {TREND_WORDS[direction]}"
    extras = []
    if series.missing_starts:
        extras.append(f"{len(series.missing_starts)} missing episodes")
    if series.placement_moves:
        extras.append(f"{len(series.placement_moves)} placement moves")
    if extras:
        text += ". " + " and ".join(extras) + " marked"
    if series.review_due is not None:
        overdue = " (overdue)" if series.review_due < series.today else ""
        text += f". Review due {format_date(series.review_due)}{overdue}"
    return text + "."


def point_tip(series: RiskSeries, point: RiskPoint) -> str:
    band = series.band_of(point)
    lines = [format_date(point.on)]
    if point.score is not None:
        lines.append(f"Score {point.score}: {point.category.label}")
        if band is not None:
            upper = f"–{band.max_score}" if band.max_score is not None else "+"
            lines.append(f"Band {band.label} ({band.min_score}{upper})")
    else:
        lines.append(f"{point.category.label} (professional judgement, no score)")
        lines.append("Plotted at the middle of its band")
    lines.append(f"Assessment #{point.assessment_id}")
    return "\n".join(lines)


def _symbol_pixmap(symbol: str, pen: QPen, brush: QColor, size: int = 14) -> QPixmap:
    """A legend swatch drawn with pyqtgraph's own symbol painter."""
    from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol

    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(size / 2, size / 2)
    drawSymbol(painter, symbol, size - 3, pen, pg.mkBrush(brush))
    painter.end()
    return pixmap


def _line_pixmap(pen: QPen, size: int = 14, vertical: bool = True) -> QPixmap:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(pen)
    if vertical:
        painter.drawLine(QPointF(size / 2, 1), QPointF(size / 2, size - 1))
    else:
        painter.drawLine(QPointF(1, size / 2), QPointF(size - 1, size / 2))
    painter.end()
    return pixmap


class RiskTrajectoryChart(pg.PlotWidget):
    """Score as a step line over dated, shaded category bands, with event markers.

    Items are made once in ``__init__``; ``set_series`` only updates them (``setData``).
    Zoom and pan work on the date axis only; ``reset_zoom`` shows everything again.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self.date_axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
        self.band_axis = pg.AxisItem(orientation="right")
        super().__init__(
            parent, background="w", axisItems={"bottom": self.date_axis, "right": self.band_axis}
        )
        self.setObjectName("riskTrajectoryChart")
        self.setAccessibleName(self.tr("Risk trajectory chart"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAccessibleName(self.accessibleName())
        self.setMinimumHeight(200)
        self.series: RiskSeries | None = None
        self._full_range: tuple[float, float] = (0.0, 1.0)

        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=True, y=False)
        plot.showAxis("right")
        plot.showGrid(x=True, y=False, alpha=0.15)
        for name, width in (("left", _AXIS_LEFT), ("right", _AXIS_RIGHT)):
            axis = plot.getAxis(name)
            axis.setWidth(width)
            axis.setTextPen(pg.mkPen(_INK))
            axis.setPen(pg.mkPen(_MUTED))
        self.date_axis.setTextPen(pg.mkPen(_INK))
        self.date_axis.setPen(pg.mkPen(_MUTED))
        plot.getAxis("left").setLabel(self.tr("Score"), color=_INK)
        self.band_axis.setStyle(tickLength=0)

        # Category bands: one shaded region per category, drawn behind everything.
        self.band_items: dict[RiskCategory, pg.LinearRegionItem] = {}
        for category in RiskCategory:
            region = pg.LinearRegionItem(
                orientation="horizontal",
                movable=False,
                brush=pg.mkBrush(RISK_TINTS[category]),
                pen=pg.mkPen(QColor(RISK_COLOURS[category]).lighter(140), width=1),
            )
            region.setZValue(-20)
            region.hide()
            plot.addItem(region)
            self.band_items[category] = region

        self.step_item = pg.PlotDataItem(pen=pg.mkPen(_INK, width=2), antialias=True)
        self.step_item.setZValue(5)
        plot.addItem(self.step_item)

        self.points_item = pg.ScatterPlotItem(
            size=13,
            hoverable=True,
            tip=self._tip,
            hoverSize=17,
            hoverPen=pg.mkPen(_INK, width=2),
            antialias=True,
        )
        self.points_item.setZValue(10)
        plot.addItem(self.points_item)

        # Missing episodes hang from the top; placement moves rise from the bottom.
        self.missing_ticks = pg.PlotDataItem(
            connect="pairs", pen=pg.mkPen(_MISSING_COLOUR, width=2, style=Qt.PenStyle.DashLine)
        )
        self.missing_item = pg.ScatterPlotItem(
            symbol=MISSING_SYMBOL,
            size=11,
            pen=pg.mkPen(_MISSING_COLOUR, width=1.5),
            brush=pg.mkBrush(_MISSING_COLOUR),
            hoverable=True,
            tip=self._tip,
        )
        self.placement_ticks = pg.PlotDataItem(
            connect="pairs", pen=pg.mkPen(_PLACEMENT_COLOUR, width=2)
        )
        self.placement_item = pg.ScatterPlotItem(
            symbol=PLACEMENT_SYMBOL,
            size=11,
            pen=pg.mkPen(_PLACEMENT_COLOUR, width=1.5),
            brush=pg.mkBrush("#ffffff"),
            hoverable=True,
            tip=self._tip,
        )
        for item in (self.missing_ticks, self.missing_item, self.placement_ticks):
            item.setZValue(3)
            plot.addItem(item)
        self.placement_item.setZValue(3)
        plot.addItem(self.placement_item)

        self.review_line = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=pg.mkPen(_REVIEW_COLOUR, width=2, style=Qt.PenStyle.DashLine),
            label="",
            labelOpts={
                "position": 0.14,
                "color": _REVIEW_COLOUR,
                "fill": pg.mkBrush(255, 255, 255, 235),
                "anchors": [(1, 0.5), (1, 0.5)],
            },
        )
        self.review_line.setZValue(8)
        self.review_line.hide()
        plot.addItem(self.review_line)

        self.empty_text = pg.TextItem(
            self.tr("No confirmed risk assessments yet"), color=_MUTED, anchor=(0.5, 0.5)
        )
        self.empty_text.hide()
        plot.addItem(self.empty_text)

    # -- data ---------------------------------------------------------------------------------

    def set_series(self, series: RiskSeries) -> None:
        """Draw a new series (first load and every refresh); the zoom goes back to everything."""
        self.series = series
        top = series.y_top
        plot = self.getPlotItem()

        ticks = []
        present = {band.category for band in series.bands}
        for band in series.bands:
            low, high = series.band_extent(band)
            region = self.band_items[band.category]
            region.setRegion((low, high))
            region.show()
            ticks.append(((low + high) / 2, self.tr(band.category.label)))
        for category, region in self.band_items.items():
            if category not in present:
                region.hide()
        self.band_axis.setTicks([ticks, []])

        today_x = to_x(series.today)
        xs = [to_x(p.on) for p in series.points]
        ys = [series.plotted_score(p) for p in series.points]
        step_x: list[float] = []
        step_y: list[float] = []
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            end = xs[i + 1] if i + 1 < len(xs) else max(today_x, x)
            step_x += [x, end]
            step_y += [y, y]
            if i + 1 < len(xs):  # the vertical riser to the next score
                step_x.append(end)
                step_y.append(ys[i + 1])
        self.step_item.setData(step_x, step_y)

        self.points_item.setData(
            x=xs,
            y=ys,
            symbol=[CATEGORY_SYMBOLS[p.category] for p in series.points],
            pen=[
                pg.mkPen(QColor(RISK_COLOURS[p.category]).darker(160), width=1.5)
                if p.score is not None
                else pg.mkPen(RISK_COLOURS[p.category], width=2.5)
                for p in series.points
            ],
            brush=[
                pg.mkBrush(RISK_COLOURS[p.category] if p.score is not None else "#ffffff")
                for p in series.points
            ],
            data=[point_tip(series, p) for p in series.points],
        )

        tick = max(1.0, top * 0.08)
        mx = [to_x(d) for d in series.missing_starts]
        self.missing_ticks.setData(
            [x for x in mx for _ in (0, 1)], [y for _ in mx for y in (top, top - tick)]
        )
        self.missing_item.setData(
            x=mx,
            y=[top - tick] * len(mx),
            data=[
                self.tr("Missing episode started {date}").format(date=format_date(d))
                for d in series.missing_starts
            ],
        )
        px = [to_x(d) for d in series.placement_moves]
        self.placement_ticks.setData(
            [x for x in px for _ in (0, 1)], [y for _ in px for y in (0.0, tick)]
        )
        self.placement_item.setData(
            x=px,
            y=[tick] * len(px),
            data=[
                self.tr("Placement move: new placement from {date}").format(date=format_date(d))
                for d in series.placement_moves
            ],
        )

        if series.review_due is None:
            self.review_line.hide()
        else:
            overdue = series.review_due < series.today
            colour = _OVERDUE_COLOUR if overdue else _REVIEW_COLOUR
            text = self.tr("Review due {date}").format(date=format_date(series.review_due))
            if overdue:
                text = self.tr("{text} (overdue)").format(text=text)
            self.review_line.show()  # first: a hidden label ignores setFormat
            self.review_line.setPos(to_x(series.review_due))
            self.review_line.setPen(pg.mkPen(colour, width=2, style=Qt.PenStyle.DashLine))
            self.review_line.label.setColor(colour)
            self.review_line.label.setFormat(text)

        self._full_range = self._x_extent(series)
        lo, hi = self._full_range
        self.empty_text.setVisible(not series.points)
        self.empty_text.setPos((lo + hi) / 2, top / 2)
        plot.setLimits(
            xMin=lo - 365 * _DAY,
            xMax=hi + 365 * _DAY,
            minXRange=14 * _DAY,
            yMin=0,
            yMax=top,
        )
        plot.setYRange(0, top, padding=0)
        self.reset_zoom()
        self.setAccessibleDescription(summarise(series))
        self.setToolTip("")

    def _x_extent(self, series: RiskSeries) -> tuple[float, float]:
        dates = [p.on for p in series.points]
        dates += [*series.missing_starts, *series.placement_moves, series.today]
        if series.review_due is not None:
            dates.append(series.review_due)
        if series.contacts_per_week:
            dates.append(series.contacts_per_week[0].week_start)
            dates.append(series.contacts_per_week[-1].week_start + timedelta(days=7))
        lo, hi = min(dates), max(dates)
        if (hi - lo).days < 60:
            lo = hi - timedelta(days=60)
        pad = max(7.0, (hi - lo).days * 0.04) * _DAY
        return to_x(lo) - pad, to_x(hi) + pad

    # -- zoom ---------------------------------------------------------------------------------

    @property
    def full_x_range(self) -> tuple[float, float]:
        return self._full_range

    def reset_zoom(self) -> None:
        self.getPlotItem().setXRange(*self._full_range, padding=0)

    def x_range(self) -> tuple[float, float]:
        lo, hi = self.getPlotItem().viewRange()[0]
        return float(lo), float(hi)

    def keyPressEvent(self, event: Any) -> None:
        """Keyboard zoom and pan: + and - zoom, Left and Right pan, Home shows everything."""
        key = event.key()
        lo, hi = self.x_range()
        span = hi - lo
        view = self.getPlotItem().getViewBox()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            view.setXRange(lo + span / 4, hi - span / 4, padding=0)
        elif key == Qt.Key.Key_Minus:
            view.setXRange(lo - span / 2, hi + span / 2, padding=0)
        elif key == Qt.Key.Key_Left:
            view.setXRange(lo - span / 5, hi - span / 5, padding=0)
        elif key == Qt.Key.Key_Right:
            view.setXRange(lo + span / 5, hi + span / 5, padding=0)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_0):
            self.reset_zoom()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- tooltips -----------------------------------------------------------------------------

    @staticmethod
    def _tip(x: float, y: float, data: Any) -> str:
        return str(data)

    def point_tips(self) -> list[str]:
        return [str(d) for d in self.points_item.data["data"]]

    def marker_tips(self) -> list[str]:
        return [str(d) for d in self.missing_item.data["data"]] + [
            str(d) for d in self.placement_item.data["data"]
        ]


class ContactDensityStrip(pg.PlotWidget):
    """Successful key-person contacts per week as bars, its date axis linked to the chart."""

    def __init__(self, chart: RiskTrajectoryChart, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("contactDensityStrip")
        self.setAccessibleName(self.tr("Key-person contacts per week"))
        self.viewport().setAccessibleName(self.accessibleName())
        self.setFixedHeight(78)
        self._weeks: list[tuple[float, date, int]] = []
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.showAxis("right")
        plot.setXLink(chart.getPlotItem())
        plot.getAxis("bottom").setStyle(showValues=False)
        plot.getAxis("bottom").setHeight(6)
        left = plot.getAxis("left")
        left.setWidth(_AXIS_LEFT)
        left.setTextPen(pg.mkPen(_INK))
        left.setPen(pg.mkPen(_MUTED))
        right = plot.getAxis("right")
        right.setWidth(_AXIS_RIGHT)
        right.setStyle(showValues=False, tickLength=0)
        right.setPen(pg.mkPen(_MUTED))
        left.setLabel(self.tr("Contacts"), color=_INK)
        self.bars = pg.BarGraphItem(
            x=[], height=[], width=5 * _DAY, brush=pg.mkBrush(_CONTACT_COLOUR), pen=pg.mkPen(None)
        )
        plot.addItem(self.bars)
        self.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)

    def set_weeks(self, series: RiskSeries) -> None:
        weeks = series.contacts_per_week
        self._weeks = [(to_x(w.week_start) + 3.5 * _DAY, w.week_start, w.count) for w in weeks]
        self.bars.setOpts(
            x=[x for x, _, _ in self._weeks],
            height=[n for _, _, n in self._weeks],
            width=5 * _DAY,
        )
        top = max([n for _, _, n in self._weeks], default=0)
        self.getPlotItem().setYRange(0, max(top, 2), padding=0.08)
        self.getPlotItem().getAxis("left").setTicks([[(0, "0"), (max(top, 2), str(max(top, 2)))]])
        total = sum(n for _, _, n in self._weeks)
        self.setAccessibleDescription(
            self.tr("{total} successful contacts over {weeks} weeks").format(
                total=total, weeks=len(self._weeks)
            )
        )

    def week_tip(self, x: float) -> str:
        for centre, start, count in self._weeks:
            if abs(x - centre) <= 3.5 * _DAY:
                return self.tr("Week of {date}: {count} successful contacts").format(
                    date=format_date(start), count=count
                )
        return ""

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        view = self.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(pos):
            return
        self.setToolTip(self.week_tip(view.mapSceneToView(pos).x()))


class RiskChartPane(QWidget):
    """The trajectory chart, its contact strip, a legend in words and a "Reset zoom" button."""

    #: The chart was drawn (argument: the series).
    sig_drawn = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("riskChartPane")
        self.chart = RiskTrajectoryChart(self)
        self.strip = ContactDensityStrip(self.chart, self)

        self.reset_button = QPushButton(self.tr("Reset &zoom"), self)
        self.reset_button.setObjectName("riskResetZoom")
        self.reset_button.setAccessibleName(self.tr("Reset zoom"))
        self.reset_button.setToolTip(
            self.tr("Show the whole trajectory again (scroll or drag on the chart to zoom and pan)")
        )
        self.reset_button.clicked.connect(self.chart.reset_zoom)

        legend = QHBoxLayout()
        legend.setSpacing(4)
        for pixmap, text in self._legend_entries():
            swatch = QLabel(self)
            swatch.setPixmap(pixmap)
            swatch.setFixedSize(QSize(16, 16))
            label = QLabel(text, self)
            label.setObjectName("riskLegendLabel")
            legend.addWidget(swatch)
            legend.addWidget(label)
            legend.addSpacing(8)
        legend.addStretch(1)
        legend.addWidget(self.reset_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.strip)
        layout.addSpacing(4)
        layout.addLayout(legend)

    def _legend_entries(self) -> list[tuple[QPixmap, str]]:
        entries = []
        for category, symbol in CATEGORY_SYMBOLS.items():
            pen = pg.mkPen(QColor(RISK_COLOURS[category]).darker(160), width=1.5)
            entries.append(
                (_symbol_pixmap(symbol, pen, QColor(RISK_COLOURS[category])), category.label)
            )
        entries.append(
            (
                _symbol_pixmap("o", pg.mkPen(_MUTED, width=2), QColor("#ffffff")),
                self.tr("Judgement only"),
            )
        )
        entries.append(
            (
                _symbol_pixmap(MISSING_SYMBOL, pg.mkPen(_MISSING_COLOUR), QColor(_MISSING_COLOUR)),
                self.tr("Missing episode"),
            )
        )
        entries.append(
            (
                _symbol_pixmap(
                    PLACEMENT_SYMBOL, pg.mkPen(_PLACEMENT_COLOUR, width=1.5), QColor("#ffffff")
                ),
                self.tr("Placement move"),
            )
        )
        entries.append(
            (
                _line_pixmap(pg.mkPen(_REVIEW_COLOUR, width=2, style=Qt.PenStyle.DashLine)),
                self.tr("Review due"),
            )
        )
        bar = QPixmap(28, 28)
        bar.setDevicePixelRatio(2.0)
        bar.fill(Qt.GlobalColor.transparent)
        painter = QPainter(bar)
        painter.fillRect(QRectF(4, 3, 6, 10), QColor(_CONTACT_COLOUR))
        painter.end()
        entries.append((bar, self.tr("Contacts per week")))
        return entries

    def set_series(self, series: RiskSeries) -> None:
        self.chart.set_series(series)
        self.strip.set_weeks(series)
        self.setAccessibleDescription(self.chart.accessibleDescription())
        self.sig_drawn.emit(series)
