"""The chronology tab driven like a user: filters, linked records, adding and editing entries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from unittest.mock import ANY

import pytest
from PySide6.QtCore import QDate, Qt

from desktop.app import create_application
from desktop.domain.access import Access
from desktop.domain.commands import ChronologyEntryInput
from desktop.domain.enums import ChronologyCategory, DatePrecision
from desktop.domain.errors import EditConflict
from desktop.models.chronology import Column
from desktop.tasks import TaskRunner
from desktop.views.person.chronology import ChronologyPanel
from desktop.views.person.chronology_dialog import ChronologyEntryDialog
from tests.views.fake_workspace import TODAY, FakeRecording, invalid, make_workspace, replace
from tests.views.fakes import ACTOR, OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen
from tests.views.test_accessibility import unnamed_focusable

pytestmark = OFFSCREEN_LOG_IGNORE


@pytest.fixture
def recording() -> FakeRecording:
    return FakeRecording()


def make_panel(qtbot, recording: FakeRecording, runner: TaskRunner) -> ChronologyPanel:
    create_application()
    panel = ChronologyPanel(runner=runner, recording=recording, actor=lambda: ACTOR)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    return panel


@pytest.fixture
def panel(qtbot, recording: FakeRecording) -> Iterator[ChronologyPanel]:
    panel = make_panel(qtbot, recording, TaskRunner(inline=True))
    panel.show_workspace(make_workspace())
    yield panel


def keys(panel: ChronologyPanel) -> list[str]:
    return [panel.model.row_at(i).key for i in range(panel.model.rowCount())]


def row_of(panel: ChronologyPanel, key: str) -> int:
    row = panel.model.row_of_key(key)
    assert row >= 0, key
    return row


def test_shows_timeline_newest_first(panel: ChronologyPanel) -> None:
    assert panel.model.rowCount() == 13
    assert panel.count_label.text() == "Showing 13 of 13 entries"
    dates = [panel.model.row_at(i).event_date for i in range(13)]
    assert dates == sorted(dates, reverse=True)
    # month precision shows no day; derived entries carry a link marker
    month_row = next(i for i in range(13) if panel.model.row_at(i).precision.value == "month")
    assert panel.model.index(month_row, Column.DATE).data().count(" ") == 1
    derived = row_of(panel, "assessment:4")
    assert panel.model.index(derived, Column.LINK).data() == "↗ Assessment"
    assert not panel.table.isColumnHidden(Column.ANALYSIS)
    save_screen(panel, "person_chronology")


def test_order_toggle(panel: ChronologyPanel) -> None:
    panel.order_combo.setCurrentIndex(1)
    dates = [panel.model.row_at(i).event_date for i in range(13)]
    assert dates == sorted(dates)
    panel.set_newest_first(True)
    assert panel.model.row_at(0).event_date == TODAY.replace(day=22)


def test_search_as_you_type(qtbot, panel: ChronologyPanel) -> None:
    qtbot.keyClicks(panel.search_edit, "pc holl")  # source
    assert panel.model.rowCount() == 6
    assert panel.count_label.text() == "Showing 6 of 13 entries"
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "older peers")  # analysis
    assert panel.model.rowCount() == 4
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "Event 7:")  # description
    assert keys(panel) == ["entry:7"]
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Escape)
    assert panel.model.rowCount() == 13


def test_category_significance_and_date_filters(qtbot, panel: ChronologyPanel) -> None:
    panel.category_actions[ChronologyCategory.RISK_ASSESSMENT].setChecked(True)
    assert keys(panel) == ["entry:3", "assessment:4"]
    assert panel.category_button.text() == "Risk assessment"
    panel.category_actions[ChronologyCategory.POLICE].setChecked(True)
    assert len(keys(panel)) == 3
    assert panel.category_button.text() == "2 categories"
    panel.all_categories_action.trigger()
    assert panel.model.rowCount() == 13

    panel.significant_check.click()
    assert all(panel.model.row_at(i).significant for i in range(panel.model.rowCount()))
    assert panel.model.rowCount() == 7
    panel.significant_check.click()

    # inclusive range: 3 Nov (the assessment) up to 15 Nov (entry 2)
    panel.from_edit.setDate(QDate(2026, 11, 3))
    panel.to_edit.setDate(QDate(2026, 11, 15))
    assert keys(panel) == ["entry:2", "entry:3", "assessment:4"]
    assert panel.current_filters() == {
        "categories": frozenset(),
        "date_from": date(2026, 11, 3),
        "date_to": date(2026, 11, 15),
        "significant_only": False,
        "text": "",
    }
    panel.to_edit.setFocus()
    qtbot.keyClick(panel.to_edit, Qt.Key.Key_Delete)  # back to "Any"
    assert panel.to_edit.value() is None
    assert keys(panel) == ["entry:1", "entry:2", "entry:3", "assessment:4"]
    panel.clear_button.click()
    assert panel.model.rowCount() == 13
    assert panel.from_edit.text() == "Any"


def test_export_emits_current_filters(qtbot, panel: ChronologyPanel) -> None:
    panel.significant_check.setChecked(True)
    panel.category_actions[ChronologyCategory.POLICE].setChecked(True)
    qtbot.keyClicks(panel.search_edit, "hollis")
    with qtbot.waitSignal(panel.sig_export_requested) as blocker:
        panel.export_button.click()
    assert blocker.args[0] == {
        "categories": frozenset({ChronologyCategory.POLICE}),
        "date_from": None,
        "date_to": None,
        "significant_only": True,
        "text": "hollis",
    }


def test_analysis_column_hidden_when_not_readable(qtbot, recording: FakeRecording) -> None:
    panel = make_panel(qtbot, recording, TaskRunner(inline=True))
    ws = make_workspace()
    hidden = tuple(replace(c, analysis=None) for c in ws.chronology)
    panel.show_workspace(replace(ws, chronology=hidden))
    assert panel.table.isColumnHidden(Column.ANALYSIS)
    panel.table.selectRow(row_of(panel, "entry:1"))
    assert not panel.edit_button.isEnabled()  # an edit would blank analysis it cannot see
    panel.show_workspace(ws)
    assert not panel.table.isColumnHidden(Column.ANALYSIS)


def test_go_to_linked_record(qtbot, panel: ChronologyPanel) -> None:
    row = row_of(panel, "assessment:4")
    panel.table.setFocus()
    panel.table.selectRow(row)
    assert panel.goto_button.isEnabled()
    assert not panel.edit_button.isEnabled()
    with qtbot.waitSignal(panel.sig_open_linked) as blocker:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert blocker.args == ["assessment", 4]
    with qtbot.waitSignal(panel.sig_open_linked):
        panel.table.doubleClicked.emit(panel.model.index(row, Column.DESCRIPTION))
    menu = panel.context_menu()
    goto, edit = menu.actions()
    assert goto.isEnabled() and not edit.isEnabled()
    with qtbot.waitSignal(panel.sig_open_linked):
        goto.trigger()
    with qtbot.waitSignal(panel.sig_open_linked):
        panel.goto_button.click()
    menu.deleteLater()


def test_add_entry_validation_then_save(qtbot, panel: ChronologyPanel, recording) -> None:
    panel.add_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, ChronologyEntryDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Add chronology entry"
    assert unnamed_focusable(dialog) == []
    qtbot.keyClicks(dialog.description_edit, "Disclosed being given cannabis by D.")
    qtbot.keyClicks(dialog.analysis_edit, "Indicates grooming through drugs.")
    dialog.save_button.click()  # no source: refused before the service is asked
    assert recording.calls == []
    assert "source is required" in dialog.field_error("source_agency")
    assert dialog.isVisible()

    dialog.agency_combo.setEditText("Police")
    qtbot.keyClicks(dialog.person_edit, "PC Hollis")
    dialog.category_combo.setCurrentIndex(
        dialog.category_combo.findData(ChronologyCategory.DISCLOSURE)
    )
    dialog.precision_combo.setCurrentIndex(dialog.precision_combo.findData(DatePrecision.MONTH))
    dialog.date_edit.setDate(QDate(2026, 10, 17))
    dialog.significant_check.setChecked(True)

    recording.fail_with = invalid("Check the form", description="Say who was involved.")
    dialog.save_button.click()
    assert dialog.field_error("description") == "Say who was involved."
    assert dialog.field_error("source_agency") == ""
    assert dialog.isVisible()
    assert dialog.description_edit.toPlainText() == "Disclosed being given cannabis by D."
    save_screen(dialog, "person_chronology_entry_invalid")

    recording.fail_with = None
    with qtbot.waitSignal(panel.sig_saved) as blocker:
        dialog.save_button.click()
    assert "chronology" in blocker.args[0].kinds
    assert not dialog.isVisible()
    name, command = recording.calls[-1]
    assert name == "save_chronology_entry"
    assert command == ChronologyEntryInput(
        young_person_id=42,
        event_date=date(2026, 10, 1),  # month precision: the day is not known
        precision=DatePrecision.MONTH,
        category=ChronologyCategory.DISCLOSURE,
        source_agency="Police",
        source_person="PC Hollis",
        description="Disclosed being given cannabis by D.",
        analysis="Indicates grooming through drugs.",
        significant=True,
        end_date=None,
        entry_id=None,
        version=None,
        request_id=ANY,
    )


def test_dialog_refuses_future_and_backwards_dates(qtbot, panel: ChronologyPanel) -> None:
    dialog = panel.open_entry_dialog()
    assert dialog is not None
    dialog.agency_combo.setEditText("Health")
    dialog.description_edit.setPlainText("Sexual health appointment")
    dialog.date_edit.setDate(QDate(2026, 11, 10))
    dialog.end_check.setChecked(True)
    dialog.end_edit.setDate(QDate(2026, 11, 2))
    dialog.save_button.click()
    assert "before the event date" in dialog.field_error("end_date")
    assert dialog.date_edit.maximumDate() == QDate(2026, 11, 23)  # today: no future dates
    dialog.reject()


def test_edit_hand_written_entry(qtbot, panel: ChronologyPanel, recording) -> None:
    row = row_of(panel, "entry:1")
    panel.table.setFocus()
    panel.table.selectRow(row)
    assert panel.edit_button.isEnabled() and not panel.goto_button.isEnabled()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter edits a hand-written entry
    dialog = panel.dialog
    assert dialog is not None and dialog.windowTitle() == "Edit chronology entry"
    assert dialog.agency_combo.currentText() == "Education"
    assert dialog.person_edit.text() == "Head of Year"
    assert dialog.analysis_edit.toPlainText() == "Shows growing influence of older peers."
    dialog.description_edit.setPlainText("Event 1, corrected.")
    recording.fail_with = EditConflict("Someone else saved this entry first.")
    dialog.save_button.click()
    assert "someone else changed" in dialog.error_label.text()
    assert dialog.description_edit.toPlainText() == "Event 1, corrected."
    recording.fail_with = None
    with qtbot.waitSignal(panel.sig_saved):
        dialog.save_button.click()
    command = recording.calls[-1][1]
    assert (command.entry_id, command.version) == (1, 1)
    assert command.description == "Event 1, corrected."
    assert command.category is ChronologyCategory.MISSING_EPISODE
    assert command.significant is True


def test_refresh_keeps_filters_and_selection(qtbot, panel: ChronologyPanel) -> None:
    qtbot.keyClicks(panel.search_edit, "Event")
    panel.table.selectRow(row_of(panel, "entry:5"))
    ws = make_workspace(entries=14)
    panel.show_workspace(ws)
    assert panel.search_edit.text() == "Event"
    assert panel.model.rowCount() == 14
    assert panel.count_label.text() == "Showing 14 of 15 entries"
    assert panel.selected_item() is not None and panel.selected_item().key == "entry:5"
    assert "Event 5" in panel.detail.toPlainText()


def test_saved_entry_selected_after_refresh(qtbot, panel: ChronologyPanel, recording) -> None:
    dialog = panel.open_entry_dialog()
    assert dialog is not None
    dialog.agency_combo.setEditText("Police")
    dialog.description_edit.setPlainText("New thing")
    with qtbot.waitSignal(panel.sig_saved):
        dialog.save_button.click()
    # the fake says it wrote record 99; the refreshed workspace holds it
    ws = make_workspace()
    new = replace(ws.chronology[1], key="entry:99", entry_id=99, description="New thing")
    panel.show_workspace(replace(ws, chronology=(*ws.chronology, new)))
    assert panel.selected_item() is not None and panel.selected_item().key == "entry:99"


def test_read_only_access_disables_recording(qtbot, recording: FakeRecording) -> None:
    panel = make_panel(qtbot, recording, TaskRunner(inline=True))
    panel.show_workspace(replace(make_workspace(), access=Access.INITIALS))
    assert not panel.add_button.isEnabled()
    assert "full access" in panel.add_button.toolTip()
    panel.table.selectRow(row_of(panel, "entry:1"))
    assert not panel.edit_button.isEnabled()
    assert panel.open_entry_dialog() is None
    assert panel.export_button.isEnabled()


def test_every_focusable_widget_is_named(panel: ChronologyPanel) -> None:
    assert unnamed_focusable(panel) == []
    accessible = Qt.ItemDataRole.AccessibleTextRole
    for row in range(panel.model.rowCount()):
        for column in range(panel.model.columnCount()):
            assert isinstance(panel.model.index(row, column).data(accessible), str)


def test_category_menu_multi_select_by_keyboard(qtbot, panel: ChronologyPanel) -> None:
    # (not popped up: the offscreen platform warns about popups grabbing the keyboard)
    menu = panel.category_menu
    menu.setActiveAction(panel.category_actions[ChronologyCategory.POLICE])
    qtbot.keyClick(menu, Qt.Key.Key_Space)  # toggles and keeps the menu for the next choice
    menu.setActiveAction(panel.category_actions[ChronologyCategory.HEALTH])
    qtbot.keyClick(menu, Qt.Key.Key_Space)
    assert panel.category_button.text() == "2 categories"
    assert {panel.model.row_at(i).category for i in range(panel.model.rowCount())} == {
        ChronologyCategory.POLICE,
        ChronologyCategory.HEALTH,
    }


def test_save_through_real_worker(qtbot, recording: FakeRecording) -> None:
    runner = TaskRunner()
    panel = make_panel(qtbot, recording, runner)
    panel.show_workspace(make_workspace())
    dialog = panel.open_entry_dialog()
    assert dialog is not None
    dialog.agency_combo.setEditText("Education")
    dialog.description_edit.setPlainText("Excluded for a day")
    saved: list = []
    accepted: list = []
    panel.sig_saved.connect(saved.append)
    dialog.accepted.connect(lambda: accepted.append(True))  # the dialog deletes itself after
    dialog.save_button.click()
    assert not dialog.save_button.isEnabled()  # busy while the worker saves
    qtbot.waitUntil(lambda: bool(saved), timeout=5000)
    assert accepted == [True]
    assert recording.calls[-1][0] == "save_chronology_entry"
    runner.wait_idle(5.0)
