"""Missing episodes table: M/A wording, durations, and the return interview state over time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.domain.workspace import ReturnInterviewView
from desktop.models.missing import Column, MissingTableModel, RhiState, rhi_status, span_text
from tests.views.fake_workspace import NOW, make_workspace

FOUND = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
NO_RHI = ReturnInterviewView(None, None, None, None, None, "", "", None)


def returned(**rhi: object):
    ep = make_workspace().missing[0]
    interview = replace(NO_RHI, **rhi)
    return replace(
        ep,
        started_at=FOUND - timedelta(hours=5),
        ended_at=FOUND,
        rhi=interview,
        rhi_due=FOUND + timedelta(hours=72),
        rhi_overdue=False,
    )


def test_model_passes_the_model_tester(qtmodeltester) -> None:
    model = MissingTableModel()
    model.set_now(NOW)
    model.set_rows(make_workspace().missing)
    qtmodeltester.check(model)


def test_rows_newest_first_with_words() -> None:
    model = MissingTableModel()
    model.set_now(NOW)
    model.set_rows(reversed(make_workspace().missing))
    assert [model.row_at(i).id for i in range(2)] == [2, 1]
    assert model.index(0, Column.KIND).data() == "Missing"
    assert model.index(1, Column.KIND).data() == "Away (whereabouts known)"
    assert model.index(0, Column.POLICE_GRADE).data() == "Medium"
    assert model.index(0, Column.DURATION).data() == "1 day 5 h"
    assert model.index(0, Column.FOUND_WHERE).data() == "Piccadilly Gardens, with Two older males"
    assert model.index(0, Column.RETURN_INTERVIEW).data() == "Overdue by 21 days"
    assert model.index(1, Column.RETURN_INTERVIEW).data() == (
        "Completed 26 Sep 2026 by Return interviewer"
    )
    assert model.index(0, 0).data(model.RhiRole).state is RhiState.OVERDUE


@pytest.mark.parametrize(
    ("now", "rhi", "state", "text"),
    [
        (FOUND + timedelta(hours=31), {}, RhiState.DUE, "Due in 41 h"),
        (FOUND + timedelta(hours=71, minutes=25), {}, RhiState.DUE, "Due in 35 min"),
        (FOUND + timedelta(hours=72), {}, RhiState.DUE, "Due in 0 min"),
        (FOUND + timedelta(hours=77), {}, RhiState.OVERDUE, "Overdue by 5 hours"),
        (FOUND + timedelta(days=6), {}, RhiState.OVERDUE, "Overdue by 3 days"),
        (
            FOUND + timedelta(hours=10),
            {"offered_at": FOUND + timedelta(hours=2)},
            RhiState.DUE,
            "Offered, awaiting answer — due in 62 h",
        ),
        (
            FOUND + timedelta(days=5),
            {"offered_at": FOUND, "accepted": False, "declined_reason": "Does not want to talk"},
            RhiState.DECLINED,
            "Declined: Does not want to talk",
        ),
        (
            FOUND + timedelta(days=5),
            {"completed_at": datetime(2026, 11, 21, 15, 0, tzinfo=UTC), "completed_by": "Ali"},
            RhiState.COMPLETED,
            "Completed 21 Nov 2026 by Ali",
        ),
    ],
)
def test_return_interview_state(now, rhi, state, text) -> None:
    status = rhi_status(returned(**rhi), now)
    assert (status.state, status.text) == (state, text)


def test_declined_without_reason_stays_outstanding() -> None:
    ep = returned(accepted=False, declined_reason="  ")
    assert rhi_status(ep, FOUND + timedelta(days=4)).state is RhiState.OVERDUE


def test_still_missing_and_countdown_moves_with_set_now(qtbot) -> None:
    open_ep = replace(returned(), ended_at=None, rhi_due=None, started_at=NOW - timedelta(hours=5))
    model = MissingTableModel()
    model.set_now(FOUND + timedelta(hours=31))
    model.set_rows([returned(), open_ep])
    row_open = model.row_of_id(open_ep.id)
    assert model.index(0, Column.RETURN_INTERVIEW).data() == "Still missing"
    assert model.index(0, Column.FOUND).data() == "Still missing"
    assert model.index(0, Column.FOUND).data(Qt.ItemDataRole.FontRole).bold()
    assert row_open == 0
    with qtbot.waitSignal(model.dataChanged):
        model.set_now(FOUND + timedelta(hours=80))
    assert model.index(1, Column.RETURN_INTERVIEW).data() == "Overdue by 8 hours"
    assert model.index(1, Column.RETURN_INTERVIEW).data(Qt.ItemDataRole.ForegroundRole).name() == (
        "#a4161a"
    )
    assert "72 hours" in model.index(1, Column.RETURN_INTERVIEW).data(Qt.ItemDataRole.ToolTipRole)


def test_spans() -> None:
    assert span_text(timedelta(minutes=45)) == "45 min"
    assert span_text(timedelta(hours=5, minutes=20)) == "5 h 20 min"
    assert span_text(timedelta(days=1)) == "1 day"
    assert span_text(timedelta(days=3, hours=4)) == "3 days 4 h"
