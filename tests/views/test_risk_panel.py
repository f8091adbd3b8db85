"""The Risk panel: chart made on first show, history and detail, new / correct / confirm."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.app import create_application
from desktop.domain.access import Access
from desktop.domain.commands import Changes
from desktop.domain.enums import Role
from desktop.models.assessments import Column
from desktop.tasks import TaskRunner
from desktop.views.person.assessment_dialog import AssessmentDialog
from desktop.views.person.risk import RiskPanel
from tests.views.fake_workspace import FakeRecording, invalid, make_workspace
from tests.views.fakes import ACTOR, OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE

REPO_ROOT = Path(__file__).resolve().parents[2]
MANAGER = replace(ACTOR, user_id=3, username="mgr", display_name="Mo Grant", role=Role.TEAM_MANAGER)


def workspace_with_unconfirmed():
    ws = make_workspace()
    rows = list(ws.assessments)
    rows[0] = replace(rows[0], confirmed=False, confirmed_by=None, confirmed_at=None)
    return replace(ws, assessments=tuple(rows))


def make_panel(qtbot, ws=None, *, actor=ACTOR, recording=None, inline=True, show=True):
    create_application()
    panel = RiskPanel(
        runner=TaskRunner(inline=inline),
        recording=recording or FakeRecording(),
        actor=lambda: actor,
    )
    qtbot.addWidget(panel)
    panel.show_workspace(ws or make_workspace())
    if show:
        panel.resize(1100, 700)
        panel.show()
        qtbot.waitUntil(lambda: panel.chart_pane is not None)
    return panel


def test_pyqtgraph_is_imported_only_when_the_panel_is_first_shown() -> None:
    code = """
import sys
from desktop.app import create_application
create_application()
from desktop.tasks import TaskRunner
from desktop.views.person.risk import RiskPanel
from tests.views.fake_workspace import FakeRecording, make_workspace
from tests.views.fakes import ACTOR
panel = RiskPanel(runner=TaskRunner(inline=True), recording=FakeRecording(), actor=lambda: ACTOR)
panel.show_workspace(make_workspace())
assert "pyqtgraph" not in sys.modules, "imported before show"
assert panel.chart_pane is None
panel.show()
assert "pyqtgraph" in sys.modules and panel.chart_pane is not None
print("ok")
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_history_and_detail_of_the_selected_assessment(qtbot) -> None:
    panel = make_panel(qtbot)
    assert panel.model.rowCount() == 4
    assert panel.selected().id == 4  # the newest is selected on first load
    assert "#4 · SERAF-style CSE risk assessment · 3 Nov 2026" in panel.detail.toPlainText()
    assert "I just want people to stop asking" in panel.detail.toPlainText()
    panel.table.selectRow(panel.model.row_of_id(2))
    text = panel.detail.toPlainText()
    assert "#2 · " in text and "Going missing — Now or in the past 6 months" in text
    assert panel.chart_pane.chart.accessibleDescription().startswith("4 assessments from")
    save_screen(panel, "person_risk")


def test_refresh_keeps_the_selection_and_updates_the_chart(qtbot) -> None:
    panel = make_panel(qtbot)
    panel.table.selectRow(panel.model.row_of_id(2))
    ws = make_workspace()
    series = replace(ws.series, points=ws.series.points[:3])
    panel.show_workspace(replace(ws, series=series))
    assert panel.selected().id == 2
    assert len(panel.chart_pane.chart.points_item.points()) == 3


def test_confirm_is_for_team_managers_and_unconfirmed_assessments(qtbot) -> None:
    panel = make_panel(qtbot, workspace_with_unconfirmed())
    assert panel.selected().id == 4 and not panel.selected().confirmed
    assert not panel.confirm_button.isEnabled()
    assert panel.confirm_button.toolTip() == "Only a team manager can confirm an assessment"
    assert panel.status_label.text() == "1 awaiting manager confirmation"
    row = panel.model.row_of_id(4)
    assert panel.model.index(row, Column.CONFIRMED).data() == "Awaiting manager confirmation"

    manager = make_panel(qtbot, workspace_with_unconfirmed(), actor=MANAGER)
    assert manager.confirm_button.isEnabled()
    manager.table.selectRow(manager.model.row_of_id(3))  # already confirmed
    assert not manager.confirm_button.isEnabled()
    assert manager.confirm_button.toolTip() == "Already confirmed"


def test_a_manager_confirms_through_the_worker(qtbot) -> None:
    recording = FakeRecording()
    panel = make_panel(
        qtbot, workspace_with_unconfirmed(), actor=MANAGER, recording=recording, inline=False
    )
    with qtbot.waitSignal(panel.sig_saved, timeout=5000) as blocker:
        qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert isinstance(blocker.args[0], Changes)
    assert recording.calls == [("confirm_assessment", (42, 4))]
    panel.show_workspace(make_workspace())  # the refresh the person window sends
    assert panel.selected().id == 4 and not panel.confirm_button.isEnabled()
    panel._runner.wait_idle()


def test_a_failed_confirm_says_why(qtbot) -> None:
    recording = FakeRecording(fail_with=invalid("Already confirmed by someone else"))
    panel = make_panel(qtbot, workspace_with_unconfirmed(), actor=MANAGER, recording=recording)
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert panel.error_label.text() == "Already confirmed by someone else"
    assert panel.error_label.isVisible()


def test_new_assessment_saves_and_selects_the_new_record(qtbot) -> None:
    recording = FakeRecording()
    panel = make_panel(qtbot, recording=recording)
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, AssessmentDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "New risk assessment"
    with qtbot.waitSignal(panel.sig_saved) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].record_id == 99
    assert recording.calls[0][0] == "record_assessment"
    ws = make_workspace()
    new = replace(ws.assessments[0], id=99, superseded_by_id=None)
    panel.show_workspace(replace(ws, assessments=(new, *ws.assessments)))
    assert panel.selected().id == 99


def test_correct_opens_a_prefilled_new_version(qtbot) -> None:
    recording = FakeRecording()
    panel = make_panel(qtbot, recording=recording)
    panel.table.selectRow(panel.model.row_of_id(3))
    assert "never edited" in panel.correct_button.toolTip()
    qtbot.mouseClick(panel.correct_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog.windowTitle() == "Correct assessment #3"
    with qtbot.waitSignal(dialog.sig_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert recording.calls[0][1].supersedes_id == 3

    ws = make_workspace()
    rows = [replace(a, superseded_by_id=5) if a.id == 3 else a for a in ws.assessments]
    panel.show_workspace(replace(ws, assessments=tuple(rows)))
    panel.table.selectRow(panel.model.row_of_id(3))
    assert not panel.correct_button.isEnabled()
    assert panel.correct_button.toolTip() == "Already corrected by #5"
    assert panel.model.index(panel.model.row_of_id(3), Column.STATUS).data() == "Corrected by #5"


def test_read_only_access_disables_recording(qtbot) -> None:
    ws = replace(workspace_with_unconfirmed(), access=Access.INITIALS)
    panel = make_panel(qtbot, ws, actor=MANAGER)
    for button in (panel.new_button, panel.correct_button, panel.confirm_button):
        assert not button.isEnabled()
        assert button.toolTip() == "You can read this record but not record on it"
    assert panel.new_assessment() is None


def test_every_focusable_widget_is_named(qtbot) -> None:
    panel = make_panel(qtbot)
    unnamed = [
        f"{type(w).__name__}({w.objectName()})"
        for w in panel.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisibleTo(panel)
        and not w.accessibleName().strip()
        and w.objectName() != "qt_scrollarea_viewport"
    ]
    assert unnamed == []
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel.selected().id == 3  # arrow keys move through the history
