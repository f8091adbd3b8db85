"""The Placements panel: flags explained, episodes in words, new and end episode forms."""

from __future__ import annotations

from dataclasses import replace
from unittest.mock import ANY

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

from desktop.app import create_application
from desktop.domain.access import Access
from desktop.domain.commands import Changes, EndPlacementInput, PlacementInput
from desktop.models.placements import Column
from desktop.tasks import TaskRunner
from desktop.views.person.placement_dialogs import EndPlacementDialog, NewPlacementDialog
from desktop.views.person.placements import PlacementsPanel
from tests.views.fake_workspace import TODAY, FakeRecording, invalid, make_workspace
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


def make_panel(qtbot, recording: FakeRecording, *, inline: bool = True, ws=None):
    create_application()
    runner = TaskRunner(inline=inline)
    panel = PlacementsPanel(runner=runner, recording=recording, actor=lambda: ACTOR)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    panel.show_workspace(ws or make_workspace())
    qtbot.wait(10)  # let the layouts settle before anything is measured or grabbed
    return panel, runner


@pytest.fixture
def recording() -> FakeRecording:
    return FakeRecording()


def test_flags_then_episodes_newest_first(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording)
    assert panel.flag_lines.texts() == [
        "Placed over 20 miles away: Oakfield House (LS1 4AP) is 36.2 miles from home (M4 5JD)."
    ]
    assert "<b>Placed over 20 miles away</b>" in panel.flag_lines.lines[0].text()
    model = panel.model
    assert model.rowCount() == 2
    assert model.index(0, Column.PLACEMENT).data().startswith("K2 — Children's home\nOakfield")
    assert "current (open)" in model.index(0, Column.DATES).data()
    assert "Distance not known" in model.index(1, Column.LOCATION).data()
    assert "● Starts a new placement" in model.index(0, Column.DATES).data()
    assert panel.selected_episode().id == 3  # the newest episode is selected
    # rows grow to show every line of their cells
    assert panel.table.rowHeight(0) > 2 * panel.table.fontMetrics().height()
    assert panel.summary_label.text() == "2 episodes, 2 counted placements"
    assert panel.new_button.isEnabled() and panel.end_button.isEnabled()
    assert unnamed_focusable(panel) == []
    save_screen(panel, "person_placements")


def test_no_flags_and_short_break_marked(qtbot, recording) -> None:
    ws = make_workspace()
    short = replace(ws.placements[1], id=5, ls="V3", counted=False, starts_placement=False)
    panel, _ = make_panel(
        qtbot, recording, ws=replace(ws, placement_flags=(), placements=(ws.placements[0], short))
    )
    assert panel.flag_lines.texts() == ["No placement stability flags are raised."]
    assert (
        panel.model.index(1, Column.DATES).data().endswith("\nNot counted (short break/temporary)")
    )


def test_end_disabled_with_reason_when_no_open_episode(qtbot, recording) -> None:
    ws = make_workspace()
    closed = replace(ws.placements[0], dec=TODAY, rec="E8", rec_label="Ceased for other reason")
    panel, _ = make_panel(qtbot, recording, ws=replace(ws, placements=(closed, ws.placements[1])))
    assert not panel.end_button.isEnabled()
    assert panel.end_button.toolTip() == "There is no open episode to end."
    assert panel.new_button.isEnabled()


def test_read_only_access_disables_recording_with_reason(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording, ws=replace(make_workspace(), access=Access.INITIALS))
    for button in (panel.new_button, panel.end_button):
        assert not button.isEnabled()
        assert "full access" in button.toolTip()


def test_new_episode_builds_the_command_and_saves(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording)
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, NewPlacementDialog) and dialog.isVisible()
    assert "will end on the new start date, 23 Nov 2026" in dialog.ending_note.text()
    assert "K2 — Children's home at Oakfield House" in dialog.ending_note.text()
    assert unnamed_focusable(dialog) == []
    # the searchable combo takes a typed code or any part of the description
    dialog.place_combo.lineEdit().setText("u4")  # typing pops the completer (offscreen warns)
    dialog.rne_combo.setCurrentIndex(dialog.rne_combo.findData("B"))
    qtbot.keyClicks(dialog.provider_edit, "Hillside Foster Care")
    qtbot.keyClicks(dialog.postcode_edit, "ls2 7hq")
    dialog.change_combo.setCurrentIndex(dialog.change_combo.findData("CHILD"))
    qtbot.wait(10)
    save_screen(dialog, "person_placements_new")
    with qtbot.waitSignal(panel.sig_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert isinstance(saved.args[0], Changes)
    name, command = recording.calls[-1]
    assert name == "start_placement"
    assert command == PlacementInput(
        young_person_id=42,
        decom=TODAY,
        rne="B",
        ls="C2",
        place="U4",
        provider="Hillside Foster Care",
        placement_postcode="LS2 7HQ",
        home_postcode="M4 5JD",
        urn=None,
        reason_place_change="CHILD",
        rec="X1",
        request_id=ANY,
    )
    assert not dialog.isVisible()


def test_validation_shows_next_to_field_and_keeps_what_was_typed(qtbot, recording) -> None:
    recording.fail_with = invalid(
        "Not saved", decom="The new episode cannot start before the current one began."
    )
    panel, _ = make_panel(qtbot, recording)
    panel.new_button.click()
    dialog = panel.dialog
    qtbot.keyClicks(dialog.provider_edit, "Hillside")
    dialog.save_button.click()
    assert dialog.isVisible()
    label = dialog.field_errors["decom"]
    assert label.isVisible()
    assert label.text() == "The new episode cannot start before the current one began."
    assert dialog.provider_edit.text() == "Hillside"
    qtbot.wait(10)
    save_screen(dialog, "person_placements_new_invalid")


def test_end_placement_sends_the_version(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording)
    panel.end_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, EndPlacementDialog)
    assert unnamed_focusable(dialog) == []
    dialog.save_button.click()  # no reason chosen yet: said next to the field, nothing sent
    assert dialog.field_errors["rec"].text() == "Choose the reason the episode ceased (REC)."
    assert recording.calls == []
    dialog.rec_combo.setCurrentIndex(dialog.rec_combo.findData("E4A"))
    dialog.change_combo.setCurrentIndex(dialog.change_combo.findData("CARPL"))
    with qtbot.waitSignal(panel.sig_saved):
        dialog.save_button.click()
    assert recording.calls[-1] == (
        "end_placement",
        EndPlacementInput(
            young_person_id=42,
            episode_id=3,
            version=1,
            dec=TODAY,
            rec="E4A",
            reason_place_change="CARPL",
            request_id=ANY,
        ),
    )


def test_refresh_keeps_the_selected_episode(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording)
    panel.table.selectRow(1)
    ws = make_workspace()
    panel.show_workspace(ws)
    assert panel.selected_episode().id == 2
    newer = replace(ws.placements[0], id=7, decom=TODAY, version=1)
    panel.show_workspace(replace(ws, placements=(newer, *ws.placements)))
    assert panel.selected_episode().id == 2
    assert panel.model.rowCount() == 3


def test_keyboard_reaches_the_buttons_and_opens_the_form(qtbot, recording) -> None:
    panel, _ = make_panel(qtbot, recording)
    assert panel.new_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert panel.nextInFocusChain() is not None
    qtbot.keyClick(panel.new_button, Qt.Key.Key_Space)
    assert isinstance(panel.dialog, NewPlacementDialog)
    panel.dialog.reject()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel.selected_episode().id == 2


def test_save_through_the_real_worker(qtbot, recording) -> None:
    panel, runner = make_panel(qtbot, recording, inline=False)
    panel.end_button.click()
    dialog = panel.dialog
    dialog.rec_combo.setCurrentIndex(dialog.rec_combo.findData("E8"))
    saved: list[object] = []
    panel.sig_saved.connect(saved.append)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(saved), timeout=5000)
    assert saved[0].kinds == frozenset({"placement"})
    assert recording.calls[-1][1].rec == "E8"
    runner.wait_idle(5.0)
