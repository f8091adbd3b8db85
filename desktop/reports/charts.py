"""The risk trajectory as a vector reportlab Drawing, from the same RiskSeries the screen plots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.domain.dates import format_date
from desktop.domain.enums import RiskCategory
from desktop.domain.records import InstrumentBand
from desktop.domain.risk import seraf_instrument
from desktop.domain.workspace import RiskSeries
from desktop.reports.styles import FONT, FONT_BOLD, GRID, INK, MUTED, RISK_COLOURS

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LABEL_SIZE = 7.0
_LEFT = 50.0  # y-axis score labels and lane names
_RIGHT = 74.0  # band labels
_TOP = 24.0  # title and the review-due label
_LANE = 12.0  # each marker lane (missing episodes, placement moves)
_STRIP = 22.0  # contact density strip
_AXIS = 13.0  # date labels
_LEGEND = 14.0


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = _LABEL_SIZE,
    bold: bool = False,
    colour: Color = INK,
    anchor: str = "start",
) -> String:
    return String(
        x,
        y,
        text,
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        fillColor=colour,
        textAnchor=anchor,
    )


def _symbol(category: RiskCategory, x: float, y: float, r: float = 3.6) -> Group:
    """One assessment's marker: the shape tells the category apart in black and white too."""
    fill = RISK_COLOURS[category].strong
    style = {"fillColor": fill, "strokeColor": INK, "strokeWidth": 0.6}
    g = Group()
    if category is RiskCategory.NOT_AT_RISK:
        g.add(Circle(x, y, r, **style))
    elif category is RiskCategory.MILD:
        g.add(Rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8, **style))
    elif category is RiskCategory.MODERATE:
        g.add(Polygon([x - r, y - r * 0.85, x + r, y - r * 0.85, x, y + r * 1.05], **style))
    else:
        k = r * 1.25
        g.add(Polygon([x, y - k, x + k, y, x, y + k, x - k, y], **style))
    return g


def _missing_marker(x: float, y: float, r: float = 3.4) -> Polygon:
    return Polygon(
        [x - r, y + r * 0.8, x + r, y + r * 0.8, x, y - r * 0.9],
        fillColor=INK,
        strokeColor=INK,
        strokeWidth=0.4,
    )


def _move_marker(x: float, y: float, r: float = 3.0) -> Rect:
    return Rect(
        x - r, y - r, 2 * r, 2 * r, fillColor=colors.white, strokeColor=INK, strokeWidth=0.9
    )


def _band_edges(
    bands: Sequence[InstrumentBand], top: float
) -> list[tuple[InstrumentBand, float, float]]:
    """Each band's span on the score axis: integer scores, so edges fall half-way between."""
    out = []
    for band in bands:
        low = 0.0 if band.min_score <= 0 else band.min_score - 0.5
        high = top if band.max_score is None else band.max_score + 0.5
        out.append((band, low, min(high, top)))
    return out


def _band_range(band: InstrumentBand) -> str:
    if band.max_score is None:
        return f"{band.min_score}+"
    if band.max_score == band.min_score:
        return str(band.min_score)
    return f"{band.min_score}–{band.max_score}"


def _month_ticks(start: date, end: date, plot_width: float) -> list[date]:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    for step in (1, 2, 3, 6, 12, 24):
        if plot_width / max(1, months / step) >= 44:
            break
    y, m = start.year, start.month
    if start.day != 1:  # the first month start on or after `start`...
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    while (m - 1) % step:  # ...that is a multiple of the step
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    ticks = []
    d = date(y, m, 1)
    while d <= end:
        ticks.append(d)
        m += step
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
        d = date(y, m, 1)
    return ticks


@dataclass(frozen=True, slots=True)
class _Frame:
    """Where everything goes, in points from the drawing's bottom left."""

    width: float
    height: float
    y_max: float

    @property
    def x0(self) -> float:
        return _LEFT

    @property
    def x1(self) -> float:
        return self.width - _RIGHT

    @property
    def legend_y(self) -> float:
        return 3.0

    @property
    def axis_y(self) -> float:
        return self.legend_y + _LEGEND

    @property
    def strip_y0(self) -> float:
        return self.axis_y + _AXIS

    @property
    def moves_y(self) -> float:
        return self.strip_y0 + _STRIP + _LANE / 2 + 2

    @property
    def missing_y(self) -> float:
        return self.moves_y + _LANE

    @property
    def y0(self) -> float:  # bottom of the score plot
        return self.missing_y + _LANE / 2 + 4

    @property
    def y1(self) -> float:
        return self.height - _TOP

    def ys(self, score: float) -> float:
        return self.y0 + (self.y1 - self.y0) * score / self.y_max


@lru_cache(maxsize=64)
def _static_layer(
    frame: _Frame, bands: tuple[InstrumentBand, ...], scored: bool, title: str
) -> Group:
    """Everything that does not depend on the dates: made once per chart geometry and shared
    by every chart in a pack (the shapes are only read when drawn)."""
    f = frame
    x0, x1, ys = f.x0, f.x1, f.ys
    g = Group()
    g.add(_text(0, f.height - 11, title, size=9.5, bold=True))
    # Category bands: tinted, edged, labelled at the right (the label carries the meaning).
    edges = _band_edges(bands, f.y_max)
    for band, low, high in edges:
        tint, strong = RISK_COLOURS[band.category].tint, RISK_COLOURS[band.category].strong
        g.add(Rect(x0, ys(low), x1 - x0, ys(high) - ys(low), fillColor=tint, strokeColor=None))
        g.add(Line(x0, ys(high), x1, ys(high), strokeColor=GRID, strokeWidth=0.5))
        mid = (ys(low) + ys(high)) / 2
        g.add(Rect(x1 + 4, mid - 3.5, 7, 7, fillColor=tint, strokeColor=strong, strokeWidth=0.8))
        g.add(_text(x1 + 14, mid + 0.5, band.label, bold=True))
        g.add(_text(x1 + 14, mid - 7, f"score {_band_range(band)}", size=6.5, colour=MUTED))
    g.add(Rect(x0, f.y0, x1 - x0, f.y1 - f.y0, fillColor=None, strokeColor=INK, strokeWidth=0.6))
    if scored:  # score axis labels at the band edges
        for band, _low, _high in edges:
            if band.min_score > 0:
                y = ys(band.min_score - 0.5) - 2.5
                g.add(_text(x0 - 4, y, str(band.min_score), colour=MUTED, anchor="end"))
        g.add(_text(x0 - 4, f.y0 - 2.5, "0", colour=MUTED, anchor="end"))
        g.add(_text(4, (f.y0 + f.y1) / 2, "Score", colour=MUTED))
    # Lanes and the contact strip: names at the left, a baseline each.
    for y, name in ((f.missing_y, "Missing"), (f.moves_y, "Moves")):
        g.add(Line(x0, y, x1, y, strokeColor=GRID, strokeWidth=0.4))
        g.add(_text(x0 - 4, y - 2.5, name, anchor="end"))
    g.add(Line(x0, f.strip_y0, x1, f.strip_y0, strokeColor=INK, strokeWidth=0.5))
    g.add(_text(x0 - 4, f.strip_y0 + 9, "Contacts", anchor="end"))
    g.add(_text(x0 - 4, f.strip_y0 + 2, "per week", size=6.5, colour=MUTED, anchor="end"))
    _legend(g, x0, f.legend_y + 3)
    return g


def _legend(g: Group, x: float, y: float) -> None:
    """Symbols explained in words, so the chart reads in black and white."""
    items: list[tuple[str, object]] = [
        (c.label, c) for c in sorted(RiskCategory, key=lambda c: c.value, reverse=True)
    ]
    items += [("Missing episode", "missing"), ("Placement move", "move"), ("Review due", "due")]
    for label, kind in items:
        cy = y + 2.5
        if isinstance(kind, RiskCategory):
            g.add(_symbol(kind, x + 4, cy, r=3.0))
        elif kind == "missing":
            g.add(_missing_marker(x + 4, cy, r=3.0))
        elif kind == "move":
            g.add(_move_marker(x + 4, cy, r=2.6))
        else:
            g.add(
                Line(
                    x + 4,
                    cy - 4,
                    x + 4,
                    cy + 5,
                    strokeColor=INK,
                    strokeWidth=1.0,
                    strokeDashArray=[2, 1.5],
                )
            )
        g.add(_text(x + 10, y, label))
        x += 10 + stringWidth(label, FONT, _LABEL_SIZE) + 10


def trajectory_drawing(
    series: RiskSeries,
    width: float,
    height: float = 230.0,
    title: str = "Risk trajectory",
) -> Drawing:
    """Score step line over shaded, labelled category bands; lanes of missing episodes and
    placement moves; weekly key-person contacts; today and the review-due date; a legend.

    `title` must not name the young person in a wider-audience pack (the builder passes a
    generic one).
    """
    bands = tuple(series.bands or seraf_instrument().bands)
    points = series.points
    today = series.today
    scores = [p.score for p in points if p.score is not None]
    top_band = max(b.min_score for b in bands)
    f = _Frame(width, height, float(max(top_band + 6, (max(scores) + 3) if scores else 0)))
    x0, x1, y1, strip_y0 = f.x0, f.x1, f.y1, f.strip_y0
    edges = _band_edges(bands, f.y_max)

    start = points[0].on - timedelta(days=21) if points else today - timedelta(days=365)
    end = max(today, series.review_due or today) + timedelta(days=14)
    span = max(1, (end - start).days)

    def xd(on: date) -> float:
        return x0 + (x1 - x0) * (on - start).days / span

    def y_of(category: RiskCategory, score: int | None) -> float:
        if score is not None:
            return f.ys(min(float(score), f.y_max))
        for band, low, high in edges:  # judgement instruments: the middle of the category's band
            if band.category is category:
                return f.ys((low + high) / 2)
        return f.ys(0)

    d = Drawing(width, height)
    d.add(_static_layer(f, bands, bool(scores), title))

    # Month grid and date labels, never overlapping.
    last_right = -1e9
    for i, tick in enumerate(_month_ticks(start, end, x1 - x0)):
        x = xd(tick)
        d.add(Line(x, strip_y0, x, y1, strokeColor=GRID, strokeWidth=0.3, strokeDashArray=[1, 2]))
        d.add(Line(x, strip_y0, x, strip_y0 - 3, strokeColor=INK, strokeWidth=0.5))
        label = _MONTHS[tick.month - 1] + (f" {tick.year}" if i == 0 or tick.month == 1 else "")
        w = stringWidth(label, FONT, _LABEL_SIZE)
        if x - w / 2 > last_right + 4 and x + w / 2 <= width - 2:
            d.add(_text(x, f.axis_y + 2, label, anchor="middle"))
            last_right = x + w / 2

    for on in series.missing_starts:
        if start <= on <= end:
            d.add(_missing_marker(xd(on), f.missing_y))
    for on in series.placement_moves:
        if start <= on <= end:
            d.add(_move_marker(xd(on), f.moves_y))

    # Contact density: one grey bar per week, height by count.
    weeks = [w for w in series.contacts_per_week if start <= w.week_start <= end]
    most = max((w.count for w in weeks), default=0)
    if most:
        week_px = (x1 - x0) * 7 / span
        for w in weeks:
            if w.count:
                h = (_STRIP - 6) * w.count / most
                bx = xd(w.week_start)
                bw = max(1.0, min(week_px - 1.0, x1 - bx))
                d.add(Rect(bx, strip_y0, bw, h, fillColor=MUTED, strokeColor=None))
        d.add(_text(x1 + 4, strip_y0 + 2, f"most {most}/wk", size=6.5, colour=MUTED))
    else:
        msg = "No successful key-person contacts in this period"
        d.add(_text(x0 + 4, strip_y0 + 5, msg, colour=MUTED))

    # Today and the review-due date.
    xt = xd(today)
    d.add(Line(xt, strip_y0, xt, y1, strokeColor=INK, strokeWidth=0.6))
    d.add(_text(xt - 3, f.y0 + 3, "Today", anchor="end"))
    if series.review_due is not None and start <= series.review_due <= end:
        xr = xd(series.review_due)
        dash = Line(xr, strip_y0, xr, y1 + 4, strokeColor=INK, strokeWidth=1.0)
        dash.strokeDashArray = [3, 2]
        d.add(dash)
        label = f"Review due {format_date(series.review_due)}"
        right = xr > (x0 + x1) / 2
        d.add(
            _text(
                xr - 3 if right else xr + 3,
                y1 + 6,
                label,
                bold=True,
                anchor="end" if right else "start",
            )
        )

    # The score step line and one symbol per assessment.
    if points:
        coords: list[float] = []
        for i, p in enumerate(points):
            x, y = xd(p.on), y_of(p.category, p.score)
            if i:
                coords += [x, coords[-1]]
            coords += [x, y]
        coords += [xt, coords[-1]]
        d.add(PolyLine(coords, strokeColor=INK, strokeWidth=1.6))
        for p in points:
            x, y = xd(p.on), y_of(p.category, p.score)
            d.add(_symbol(p.category, x, y))
            if p.score is not None:
                d.add(_text(x + 5, y + 4, str(p.score), bold=True))
    else:
        msg = "No confirmed risk assessment yet"
        d.add(_text((x0 + x1) / 2, (f.y0 + y1) / 2, msg, size=9, anchor="middle"))
    return d
