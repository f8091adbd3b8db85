"""The assessment history model: what each column says, colours, sorting, the detail text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain.enums import ItemTiming, RiskCategory, Trend
from desktop.domain.workspace import AnswerView, AssessmentView
from desktop.models.assessments import AssessmentHistoryModel, Column, detail_html
from desktop.models.caseload import RISK_TINTS
from tests.views.fake_workspace import make_workspace


def history() -> list[AssessmentView]:
    """The fake workspace's four, #3 corrected by an unconfirmed, overridden #5, plus a London one."""
    rows = list(make_workspace().assessments)  # newest first: 4, 3, 2, 1
    rows[1] = replace(rows[1], superseded_by_id=5)
    correction = replace(
        rows[1],
        id=5,
        assessed_on=rows[1].assessed_on,
        score=13,
        category=RiskCategory.SIGNIFICANT,
        computed_category=RiskCategory.MODERATE,
        band_label="Moderate",
        override_reason="Found in a car with an adult at 2am after the assessment.",
        confirmed=False,
        confirmed_by=None,
        confirmed_at=None,
        supersedes_id=3,
        superseded_by_id=None,
        trend=None,
    )
    london = replace(
        rows[3],
        id=6,
        instrument_code="london",
        instrument_name="London CSE protocol category",
        assessed_on=date(2025, 12, 1),
        score=None,
        band_label="Category 1",
        category=RiskCategory.MILD,
        computed_category=RiskCategory.MILD,
        answers=(),
        trend=Trend.FIRST,
    )
    return [*rows, correction, london]


def texts(model: AssessmentHistoryModel, column: Column) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def by_id(model: AssessmentHistoryModel, assessment_id: int) -> int:
    row = model.row_of_id(assessment_id)
    assert row >= 0
    return row


def test_model_passes_the_model_tester(qtmodeltester) -> None:
    model = AssessmentHistoryModel()
    model.set_rows(history())
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_newest_first_with_every_column_formatted() -> None:
    model = AssessmentHistoryModel()
    model.set_rows(history())
    assert model.rowCount() == 6 and model.columnCount() == len(Column)
    assert texts(model, Column.ID) == ["#4", "#5", "#3", "#2", "#1", "#6"]
    assert texts(model, Column.DATE)[0] == "3 Nov 2026"
    assert model.headerData(Column.CATEGORY, Qt.Orientation.Horizontal) == "Band / category"

    latest = by_id(model, 4)
    assert model.index(latest, Column.SCORE).data() == "17"
    assert model.index(latest, Column.CATEGORY).data() == "Significant"
    assert model.index(latest, Column.TREND).data() == "↑ escalated"
    assert model.index(latest, Column.CONFIRMED).data() == "Priya Shah, 5 Nov 2026"
    assert model.index(latest, Column.STATUS).data() == "Current"
    assert model.index(latest, Column.OVERRIDE).data() == ""

    corrected = by_id(model, 3)
    assert model.index(corrected, Column.STATUS).data() == "Corrected by #5"
    assert model.index(corrected, Column.DATE).data(Qt.ItemDataRole.FontRole).strikeOut()

    correction = by_id(model, 5)
    assert model.index(correction, Column.CONFIRMED).data() == "Awaiting manager confirmation"
    assert model.index(correction, Column.STATUS).data() == "Corrects #3"
    assert model.index(correction, Column.OVERRIDE).data() == "✎ from Moderate"
    tip = model.index(correction, Column.OVERRIDE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Overridden from Moderate to Significant: Found in a car")
    accessible = model.index(correction, Column.OVERRIDE).data(Qt.ItemDataRole.AccessibleTextRole)
    assert accessible == "Overridden from Moderate"

    london = by_id(model, 6)
    assert model.index(london, Column.SCORE).data() == ""
    assert model.index(london, Column.CATEGORY).data() == "Category 1 (Mild)"
    assert model.index(london, Column.TREND).data() == "first"


def test_risk_is_shown_by_label_and_colour() -> None:
    model = AssessmentHistoryModel()
    model.set_rows(history())
    index = model.index(by_id(model, 4), Column.CATEGORY)
    assert index.data() == "Significant"
    assert index.data(Qt.ItemDataRole.BackgroundRole) == QColor(
        RISK_TINTS[RiskCategory.SIGNIFICANT]
    )
    assert isinstance(index.data(Qt.ItemDataRole.DecorationRole), QColor)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "Significant risk"
    assert "score 17" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_sorting_in_python_keeps_rows() -> None:
    model = AssessmentHistoryModel()
    model.set_rows(history())
    model.sort(Column.SCORE, Qt.SortOrder.DescendingOrder)
    assert texts(model, Column.SCORE)[:2] == ["17", "13"]
    assert texts(model, Column.SCORE)[-1] == ""  # no score sorts lowest
    model.sort(Column.DATE, Qt.SortOrder.AscendingOrder)
    assert texts(model, Column.ID)[0] == "#6"
    assert model.index(0, 0).data(model.RowRole).id == 6


def test_detail_groups_answers_and_keeps_their_words() -> None:
    row = replace(
        history()[0],
        answers=(
            AnswerView(
                "v_looked_after", "Looked after or leaving care", "vulnerability", ItemTiming.RECENT
            ),
            AnswerView("m_gifts", "Unexplained gifts or money", "moderate", ItemTiming.ABSENT),
            AnswerView("s_vehicles", "Seen entering <cars>", "significant", ItemTiming.BOTH),
        ),
        override_reason="Escalated <b>by</b> judgement",
        computed_category=RiskCategory.MODERATE,
    )
    html = detail_html(row)
    assert html.index("Vulnerabilities") < html.index("Significant risk indicators")
    assert "Looked after or leaving care" in html
    assert "Unexplained gifts" not in html  # absent answers are not listed
    assert "Seen entering &lt;cars&gt;" in html and "<i>Both</i>" in html
    assert "Escalated &lt;b&gt;by&lt;/b&gt; judgement" in html  # typed text is escaped
    assert "Computed Moderate, overridden to Significant" in html
    assert "I just want people to stop asking where I was." in html
    assert "Confirmed by Priya Shah" in html
