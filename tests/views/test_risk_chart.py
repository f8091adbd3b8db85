"""The risk trajectory chart draws RiskSeries as given: steps, bands, markers, review line, zoom."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.app import create_application
from desktop.domain.enums import RiskCategory
from desktop.domain.workspace import RiskPoint, RiskSeries
from desktop.models.caseload import RISK_COLOURS
from tests.views.fake_workspace import TODAY, make_workspace
from tests.views.fakes import OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE

charts = pytest.importorskip("desktop.views.person.risk_chart")


def series() -> RiskSeries:
    return make_workspace().series


def make_pane(qtbot, s: RiskSeries | None = None):
    create_application()
    pane = charts.RiskChartPane()
    qtbot.addWidget(pane)
    pane.resize(1000, 420)
    pane.show()
    pane.set_series(s or series())
    return pane


def test_scores_are_a_step_line_over_dates(qtbot) -> None:
    pane = make_pane(qtbot)
    chart = pane.chart
    assert isinstance(chart.date_axis, charts.pg.DateAxisItem)
    x, y = chart.step_item.getData()
    s = series()
    assert list(y[:3]) == [7, 7, 12]  # holds 7 until the next assessment, then rises
    assert x[0] == charts.to_x(s.points[0].on) and x[1] == charts.to_x(s.points[1].on)
    assert x[-1] == charts.to_x(TODAY) and y[-1] == 17  # the latest holds until today
    assert [p.pos().y() for p in chart.points_item.points()] == [7, 12, 12, 17]


def test_bands_are_shaded_and_labelled(qtbot) -> None:
    pane = make_pane(qtbot)
    chart = pane.chart
    ticks = chart.band_axis._tickLevels[0]
    assert [label for _, label in ticks] == ["Not at risk", "Mild", "Moderate", "Significant"]
    assert chart.band_items[RiskCategory.MILD].getRegion() == (5.5, 10.5)
    assert chart.band_items[RiskCategory.NOT_AT_RISK].getRegion() == (0.0, 5.5)
    low, high = chart.band_items[RiskCategory.SIGNIFICANT].getRegion()
    assert low == 15.5 and high == series().y_top == 21.5
    assert chart.getPlotItem().viewRange()[1] == pytest.approx([0, 21.5])


def test_points_use_a_symbol_per_category_and_explain_themselves(qtbot) -> None:
    pane = make_pane(qtbot)
    chart = pane.chart
    symbols = [p.symbol() for p in chart.points_item.points()]
    assert symbols == ["s", "d", "d", "star"]  # reads in black and white too
    brush = chart.points_item.points()[-1].brush().color().name()
    assert brush == RISK_COLOURS[RiskCategory.SIGNIFICANT]
    tips = chart.point_tips()
    assert tips[-1].splitlines()[:3] == [
        "3 Nov 2026",
        "Score 17: Significant",
        "Band Significant (16+)",
    ]
    assert "Band Mild (6–10)" in tips[0]
    assert chart.points_item.opts["hoverable"]
    assert chart.points_item.opts["tip"](x=0, y=0, data=tips[0]) == tips[0]


def test_judgement_points_sit_mid_band_and_say_so(qtbot) -> None:
    s = series()
    judged = RiskPoint(s.points[-1].on + timedelta(days=5), None, RiskCategory.MODERATE, 9)
    pane = make_pane(qtbot, replace(s, points=(*s.points, judged)))
    chart = pane.chart
    point = chart.points_item.points()[-1]
    assert point.pos().y() == pytest.approx((10.5 + 15.5) / 2)
    assert point.brush().color().name() == "#ffffff"  # hollow: no score
    assert "professional judgement, no score" in chart.point_tips()[-1]
    assert "middle of its band" in chart.point_tips()[-1]


def test_missing_and_placement_markers_are_distinct(qtbot) -> None:
    pane = make_pane(qtbot)
    chart = pane.chart
    assert len(chart.missing_item.points()) == 2 and len(chart.placement_item.points()) == 2
    assert chart.missing_item.opts["symbol"] == charts.MISSING_SYMBOL
    assert chart.placement_item.opts["symbol"] == charts.PLACEMENT_SYMBOL
    assert charts.MISSING_SYMBOL != charts.PLACEMENT_SYMBOL
    x, _ = chart.missing_ticks.getData()
    assert len(x) == 4  # one tick (two ends) per episode
    s = series()
    assert chart.marker_tips() == [
        *(f"Missing episode started {charts.format_date(d)}" for d in s.missing_starts),
        *(f"Placement move: new placement from {charts.format_date(d)}" for d in s.placement_moves),
    ]
    assert chart.marker_tips()[0] == "Missing episode started 24 Sep 2026"
    legend = [label.text() for label in pane.findChildren(charts.QLabel)]
    assert "Missing episode" in legend and "Placement move" in legend


def test_review_due_line_is_labelled_and_red_when_overdue(qtbot) -> None:
    s = series()
    pane = make_pane(qtbot, s)
    chart = pane.chart
    line = chart.review_line
    assert line.isVisible() and line.value() == charts.to_x(s.review_due)
    assert line.label.toPlainText() == "Review due 1 Dec 2026"
    assert line.pen.style() == Qt.PenStyle.DashLine
    assert line.pen.color().name() != charts._OVERDUE_COLOUR

    chart.set_series(replace(s, today=s.review_due + timedelta(days=1)))
    assert line.label.toPlainText() == "Review due 1 Dec 2026 (overdue)"
    assert line.pen.color().name() == charts._OVERDUE_COLOUR
    chart.set_series(replace(s, review_due=None))
    assert not line.isVisible()


def test_contact_density_strip_is_linked_on_x(qtbot) -> None:
    pane = make_pane(qtbot)
    heights = list(pane.strip.bars.opts["height"])
    assert heights == [w.count for w in series().contacts_per_week]
    assert pane.strip.getPlotItem().getViewBox().linkedView(0) is pane.chart.getViewBox()
    first = series().contacts_per_week[0]
    tip = pane.strip.week_tip(charts.to_x(first.week_start) + 2 * 86400)
    assert (
        tip == f"Week of {charts.format_date(first.week_start)}: {first.count} successful contacts"
    )


def test_zoom_and_pan_on_x_only_with_reset(qtbot) -> None:
    pane = make_pane(qtbot)
    chart = pane.chart
    state = chart.getViewBox().state["mouseEnabled"]
    assert list(state) == [True, False]
    full = chart.x_range()
    assert full == pytest.approx(chart.full_x_range)
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Plus)
    zoomed = chart.x_range()
    assert zoomed[1] - zoomed[0] < (full[1] - full[0]) * 0.6
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.x_range()[0] < zoomed[0]
    assert chart.getPlotItem().viewRange()[1] == pytest.approx([0, 21.5])  # y never moves
    qtbot.mouseClick(pane.reset_button, Qt.MouseButton.LeftButton)
    assert chart.x_range() == pytest.approx(full)
    assert pane.reset_button.accessibleName() == "Reset zoom"


def test_refresh_updates_the_same_items(qtbot) -> None:
    pane = make_pane(qtbot)
    chart = pane.chart
    items = set(map(id, chart.getPlotItem().items))
    step, points = chart.step_item, chart.points_item
    s = series()
    chart.set_series(replace(s, points=s.points[:2], missing_starts=()))
    assert chart.step_item is step and chart.points_item is points
    assert set(map(id, chart.getPlotItem().items)) == items
    assert len(chart.points_item.points()) == 2 and len(chart.missing_item.points()) == 0


def test_accessible_summary_in_words(qtbot) -> None:
    pane = make_pane(qtbot)
    assert pane.chart.accessibleName() == "Risk trajectory chart"
    assert pane.chart.accessibleDescription() == (
        "4 assessments from 27 Jan 2026; latest Significant (17), escalated. "
        "2 missing episodes and 2 placement moves marked. Review due 1 Dec 2026."
    )
    assert pane.strip.accessibleDescription() == "18 successful contacts over 16 weeks"
    save_screen(pane, "person_risk_chart")


def test_an_empty_series_says_so(qtbot) -> None:
    empty = RiskSeries((), series().bands, (), (), (), None, date(2026, 11, 23))
    pane = make_pane(qtbot, empty)
    assert pane.chart.empty_text.isVisible()
    assert pane.chart.accessibleDescription() == "No confirmed risk assessments yet."
    lo, hi = pane.chart.x_range()
    assert hi > lo
