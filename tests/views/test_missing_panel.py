"""The Missing panel: flags, still-missing banner, return-interview countdowns and the forms."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from unittest.mock import ANY

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

from desktop.app import create_application
from desktop.domain.access import Access
from desktop.domain.commands import Changes, MissingInput, ReturnInterviewInput
from desktop.domain.enums import MissingKind, PoliceRiskGrade
from desktop.domain.workspace import ReturnInterviewView
from desktop.models.missing import Column
from desktop.tasks import TaskRunner
from desktop.views.person.missing import TICK_MS, MissingPanel
from desktop.views.person.missing_dialogs import MissingEpisodeDialog, ReturnInterviewDialog
from tests.views.fake_workspace import NOW, FakeRecording, invalid, make_workspace
from tests.views.fakes import ACTOR, OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE


def unnamed_focusable(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__}({w.objectName() or '?'})"
        for w in [root, *root.findChildren(QWidget)]
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not w.accessibleName().strip()
        and not isinstance(w.parent(), QAbstractSpinBox | QComboBox)
        and type(w).__name__ not in {"QCalendarWidget", "QCalendarView", "QToolButton"}
    ]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def still_missing_workspace():
    """Jay went missing this morning; the last episode (found 31 h ago) has its RHI due."""
    ws = make_workspace()
    found = NOW - timedelta(hours=31)
    due_soon = replace(
        ws.missing[0],
        started_at=found - timedelta(hours=6),
        ended_at=found,
        rhi=ReturnInterviewView(None, NOW - timedelta(hours=3), None, None, None, "", "", None),
        rhi_due=found + timedelta(hours=72),
        rhi_overdue=False,
    )
    open_ep = replace(
        ws.missing[0],
        id=5,
        started_at=NOW - timedelta(hours=5),
        ended_at=None,
        where_found="",
        found_with="",
        police_risk_grade=PoliceRiskGrade.HIGH,
        rhi=ReturnInterviewView(None, None, None, None, None, "", "", None),
        rhi_due=None,
        rhi_overdue=False,
        version=3,
    )
    return replace(ws, missing=(open_ep, due_soon, ws.missing[1]))


def make_panel(qtbot, recording, *, ws=None, clock=None, inline=True):
    create_application()
    runner = TaskRunner(inline=inline)
    panel = MissingPanel(
        runner=runner, recording=recording, actor=lambda: ACTOR, clock=clock or Clock(NOW)
    )
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    panel.show_workspace(ws or make_workspace())
    qtbot.wait(10)
    return panel, runner


@pytest.fixture
def recording() -> FakeRecording:
    return FakeRecording()


def rhi_texts(panel: MissingPanel) -> list[str]:
    m = panel.model
    return [m.index(r, Column.RETURN_INTERVIEW).data() for r in range(m.rowCount())]


def test_flags_episodes_and_overdue_interview(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording)
    assert panel.flag_lines.texts() == [
        "Return interview overdue: Found 30 Oct 2026 10:00; interview was due by 2 Nov 2026 10:00."
    ]
    assert panel.model.rowCount() == 2
    assert panel.model.index(0, Column.KIND).data() == "Missing"
    assert panel.model.index(1, Column.KIND).data() == "Away (whereabouts known)"
    assert rhi_texts(panel) == [
        "Overdue by 21 days",
        "Completed 26 Sep 2026 by Return interviewer",
    ]
    overdue = panel.model.index(0, Column.RETURN_INTERVIEW)
    assert overdue.data(Qt.ItemDataRole.ForegroundRole).name() == "#a4161a"
    assert not panel.banner.isVisible()
    assert panel.selected_episode().id == 2
    assert "Piccadilly Gardens" in panel.detail.text()
    assert unnamed_focusable(panel) == []
    save_screen(panel, "person_missing")


def test_still_missing_is_prominent_and_countdown_ticks(qtbot, recording) -> None:
    clock = Clock(NOW)
    panel, _ = make_panel(qtbot, recording, ws=still_missing_workspace(), clock=clock)
    assert panel.banner.isVisible()
    assert panel.banner.text() == "Still missing since 23 Nov 2026 05:00 — 5 h so far"
    assert rhi_texts(panel)[:2] == ["Still missing", "Offered, awaiting answer — due in 41 h"]
    assert panel.model.index(0, Column.FOUND).data(Qt.ItemDataRole.FontRole).bold()
    assert panel.timer.isActive() and panel.timer.interval() == TICK_MS
    save_screen(panel, "person_missing_still_missing")
    clock.now = NOW + timedelta(hours=42)
    panel.timer.timeout.emit()
    assert rhi_texts(panel)[1] == "Overdue by 1 hour — Offered, awaiting answer"
    assert "— 1 day 23 h so far" in panel.banner.text()
    panel.hide()
    assert not panel.timer.isActive()  # no ticking while nobody can see it


def test_buttons_follow_the_selected_episode(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording, ws=still_missing_workspace())
    assert panel.selected_episode().id == 5
    assert panel.return_button.isEnabled() and not panel.rhi_button.isEnabled()
    assert "record the return first" in panel.rhi_button.toolTip()
    panel.table.selectRow(1)
    assert not panel.return_button.isEnabled() and panel.rhi_button.isEnabled()
    assert "already has a return" in panel.return_button.toolTip()


def test_read_only_access_disables_recording(qtbot, recording) -> None:
    ws = replace(make_workspace(), access=Access.INITIALS)
    panel, _ = make_panel(qtbot, recording, ws=ws)
    for button in (panel.report_button, panel.return_button, panel.rhi_button):
        assert not button.isEnabled() and "full access" in button.toolTip()


def test_report_missing_builds_the_command(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording)
    qtbot.mouseClick(panel.report_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, MissingEpisodeDialog) and dialog.windowTitle() == "Report missing"
    assert unnamed_focusable(dialog) == []
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(MissingKind.AWAY))
    dialog.grade_combo.setCurrentIndex(dialog.grade_combo.findData(PoliceRiskGrade.HIGH))
    qtbot.keyClicks(dialog.reported_edit, "Oakfield House")
    qtbot.keyClicks(dialog.notes_edit, "Left after a phone call.")
    qtbot.wait(10)
    save_screen(dialog, "person_missing_report")
    with qtbot.waitSignal(panel.sig_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert isinstance(saved.args[0], Changes)
    assert recording.calls[-1] == (
        "save_missing",
        MissingInput(
            young_person_id=42,
            kind=MissingKind.AWAY,
            started_at=NOW,  # 10:00 UTC shown as 10:00 UK time in November, back to UTC
            police_risk_grade=PoliceRiskGrade.HIGH,
            reported_by="Oakfield House",
            notes="Left after a phone call.",
            request_id=ANY,
        ),
    )


def test_record_return_in_summer_time_converts_to_utc(qtbot, recording) -> None:
    ws = still_missing_workspace()
    summer = replace(ws.missing[0], started_at=datetime(2026, 7, 1, 21, 0, tzinfo=UTC))
    panel, _ = make_panel(qtbot, recording, ws=replace(ws, missing=(summer, *ws.missing[1:])))
    assert panel.select_episode(5)
    panel.return_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, MissingEpisodeDialog) and dialog.windowTitle() == "Record return"
    assert dialog.started_edit.text() == "1 Jul 2026 22:00"  # BST on screen
    dialog.ended_edit.setDateTime(QDateTime.fromString("2 Jul 2026 08:30", "d MMM yyyy HH:mm"))
    qtbot.keyClicks(dialog.where_edit, "Bus station")
    qtbot.keyClicks(dialog.with_edit, "Alone")
    qtbot.wait(10)
    save_screen(dialog, "person_missing_return")
    with qtbot.waitSignal(panel.sig_saved):
        dialog.save_button.click()
    command = recording.calls[-1][1]
    assert command.episode_id == 5 and command.version == 3
    assert command.started_at == datetime(2026, 7, 1, 21, 0, tzinfo=UTC)
    assert command.ended_at == datetime(2026, 7, 2, 7, 30, tzinfo=UTC)
    assert (command.where_found, command.found_with) == ("Bus station", "Alone")


def test_validation_keeps_typed_text(qtbot, recording) -> None:
    recording.fail_with = invalid(
        "Not saved", ended_at="The return cannot be before the episode started."
    )
    panel, _ = make_panel(qtbot, recording, ws=still_missing_workspace())
    panel.return_button.click()
    dialog = panel.dialog
    qtbot.keyClicks(dialog.where_edit, "Bus station")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.field_errors["ended_at"].text() == (
        "The return cannot be before the episode started."
    )
    assert dialog.field_errors["ended_at"].isVisible()
    assert dialog.where_edit.text() == "Bus station"


def test_return_interview_declined_needs_a_reason(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording)
    panel.rhi_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, ReturnInterviewDialog)
    assert unnamed_focusable(dialog) == []
    assert not dialog.declined_edit.isEnabled()
    dialog.offered_check.setChecked(True)
    dialog.declined_radio.setChecked(True)
    assert dialog.declined_edit.isEnabled()
    dialog.save_button.click()
    assert "reason for declining" in dialog.field_errors["declined_reason"].text()
    assert recording.calls == []
    qtbot.keyClicks(dialog.declined_edit, "Does not want to talk to social care")
    qtbot.wait(10)
    save_screen(dialog, "person_missing_interview")
    with qtbot.waitSignal(panel.sig_saved):
        dialog.save_button.click()
    assert recording.calls[-1] == (
        "save_return_interview",
        ReturnInterviewInput(
            young_person_id=42,
            episode_id=2,
            offered_at=NOW,
            accepted=False,
            declined_reason="Does not want to talk to social care",
            version=None,
            request_id=ANY,
        ),
    )


def test_completed_interview_sends_its_version(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording)
    panel.table.selectRow(1)
    panel.rhi_button.click()
    dialog = panel.dialog
    assert dialog.accepted_radio.isChecked() and dialog.completed_check.isChecked()
    assert dialog.completed_by_edit.text() == "Return interviewer"
    with qtbot.waitSignal(panel.sig_saved):
        dialog.save_button.click()
    command = recording.calls[-1][1]
    assert command.version == 1 and command.accepted is True
    assert command.completed_at == NOW - timedelta(days=58)
    assert command.key_disclosures == "Said she felt safe there."


def test_refresh_keeps_selection_and_enter_opens_the_right_form(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording, ws=still_missing_workspace())
    panel.table.selectRow(1)
    panel.show_workspace(still_missing_workspace())
    assert panel.selected_episode().id == 2
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert isinstance(panel.dialog, ReturnInterviewDialog)
    panel.dialog.reject()
    qtbot.keyClick(panel.table, Qt.Key.Key_Up)
    qtbot.keyClick(panel.table, Qt.Key.Key_Enter)
    assert isinstance(panel.dialog, MissingEpisodeDialog)
    panel.dialog.reject()


def test_save_through_the_real_worker(qtbot, recording) -> None:
    panel, runner = make_panel(qtbot, recording, inline=False)
    panel.report_button.click()
    saved: list[object] = []
    panel.sig_saved.connect(saved.append)
    panel.dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(saved), timeout=5000)
    assert saved[0].kinds == frozenset({"missing"})
    assert recording.calls[-1][0] == "save_missing"
    runner.wait_idle(5.0)
