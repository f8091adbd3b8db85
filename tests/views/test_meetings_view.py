"""The Meetings area against an in-memory meeting service (the real one is tested apart)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QWidget

from desktop.app import create_application
from desktop.domain.enums import ActionStatus, MeetingOutcome, RiskCategory
from desktop.domain.errors import EditConflict
from desktop.domain.meetings import DEFAULT_AGENDA, ActionState
from desktop.models.meetings import ActionColumn, AttendeeColumn, CohortColumn
from desktop.tasks import TaskRunner
from desktop.views.meetings.action_dialogs import AddActionDialog, UpdateActionDialog
from desktop.views.meetings.cohort_dialogs import AddToCohortDialog, CohortSuggestDialog
from desktop.views.meetings.dialogs import NewMeetingDialog
from desktop.views.meetings.pack_dialog import PackDialog
from desktop.views.meetings.view import MeetingsView
from tests.views.fake_meetings import CHAIR, WORKER, FakeMeetings, fake_today
from tests.views.fakes import OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE


class FakeCaseload:
    def load(self, actor, progress):
        from tests.models.conftest import make_row

        return [
            make_row(105, "Samir Begum", category=RiskCategory.MODERATE),
            make_row(106, "Ruby Lewis", category=RiskCategory.SIGNIFICANT),
            make_row(101, "Jade Carter", category=RiskCategory.SIGNIFICANT),
        ]


@pytest.fixture(autouse=True)
def app_style(qapp):  # type: ignore[no-untyped-def]
    """The application's style, set once as the app does (screenshots look as the app does);
    re-styling live widgets of earlier tests can crash Qt."""
    create_application()


_RUNNERS: list[TaskRunner] = []


def make_view(qtbot, fake: FakeMeetings | None = None, *, actor=CHAIR, runner=None, **kwargs):
    fake = fake or FakeMeetings()
    runner = runner or TaskRunner(inline=True)
    view = MeetingsView(
        runner=runner,
        meetings=fake,
        actor=actor,
        today=fake_today,
        **kwargs,
    )
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    view.reload()
    return view, fake


def choose(view: MeetingsView, meeting_id: int) -> None:
    view.select_meeting(meeting_id)
    assert view.detail is not None and view.detail.id == meeting_id


def test_lists_meetings_and_shows_newest(qtbot) -> None:
    view, _fake = make_view(qtbot)
    assert view.model.rowCount() == 3
    assert view.count_label.text() == "3 meetings"
    assert view.detail is not None and view.detail.id == 3  # newest first, chosen
    choose(view, 2)
    assert view.title_label.text() == "MACSE meeting — November 2026 — 3 Nov 2026"
    assert "Chair: Morgan Price" in view.subtitle_label.text()
    assert "previous meeting 6 Oct 2026" in view.subtitle_label.text()
    assert view.details_tab.title_edit.text() == "MACSE meeting — November 2026"
    assert view.details_tab.attendees.rowCount() == 4
    assert view.agenda_tab.items() == DEFAULT_AGENDA
    assert view.cohort_model.rowCount() == 4
    assert view.actions_tab.model.rowCount() == 4
    assert not view.save_button.isEnabled()
    view.tabs.setCurrentWidget(view.details_tab)
    save_screen(view, "meetings_details")


def test_each_meeting_tab_is_reached_with_alt_and_its_number(qtbot) -> None:
    from PySide6.QtCore import Qt

    view, _fake = make_view(qtbot)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)  # mnemonics reach the active window only
    view.details_tab.title_edit.setFocus()
    tabs = [view.details_tab, view.agenda_tab, view.cohort_tab, view.decisions_tab,
            view.actions_tab]  # fmt: skip
    for number in (3, 5, 2, 4, 1):
        qtbot.keyClick(view.details_tab.title_edit, Qt.Key(Qt.Key.Key_0 + number),
                       Qt.KeyboardModifier.AltModifier)  # fmt: skip
        assert view.tabs.currentWidget() is tabs[number - 1], number


def test_edit_details_attendees_and_agenda_then_save(qtbot) -> None:
    view, fake = make_view(qtbot)
    choose(view, 2)
    details = view.details_tab
    details.title_edit.selectAll()
    qtbot.keyClicks(details.title_edit, "MACSE - November (rearranged)")
    assert view.is_dirty and view.save_button.isEnabled()
    # apologies for the police sergeant, and a new attendee
    police = details.attendees.index(1, AttendeeColumn.ATTENDED)
    details.attendees.setData(police, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.mouseClick(details.add_attendee_button, Qt.MouseButton.LeftButton)
    row = details.attendees.rowCount() - 1
    details.attendees.setData(details.attendees.index(row, AttendeeColumn.NAME), "Kim Lee")
    details.attendees.setData(details.attendees.index(row, AttendeeColumn.AGENCY), "Youth Justice")
    # agenda: move the third item to the top with the keyboard
    view.tabs.setCurrentWidget(view.agenda_tab)
    agenda = view.agenda_tab
    agenda.list.setFocus()
    agenda.list.setCurrentRow(2)
    qtbot.keyClick(agenda.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(agenda.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert agenda.items()[0] == DEFAULT_AGENDA[2]
    assert agenda.list.currentRow() == 0
    qtbot.mouseClick(agenda.add_button, Qt.MouseButton.LeftButton)
    editor = agenda.list.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "New item"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    agenda.list.currentItem().setText("Police update on Operation Lantern")
    save_screen(view, "meetings_agenda")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

    ((args, kwargs),) = fake.called("update")
    assert args[1:] == (2, 1)
    assert kwargs["title"] == "MACSE - November (rearranged)"
    assert kwargs["agenda"][0] == DEFAULT_AGENDA[2]
    assert kwargs["agenda"][1] == "Police update on Operation Lantern"
    assert not kwargs["attendees"][1].attended
    assert kwargs["attendees"][-1].name == "Kim Lee" and kwargs["attendees"][-1].id is None
    assert not view.is_dirty and not view.save_button.isEnabled()
    assert view.saved_label.text() == "Meeting saved"
    assert view.detail.version == 2
    assert view.model.row_at(view.table.currentIndex().row()).title.startswith("MACSE - Nov")


def test_save_refused_shows_message_next_to_field_and_keeps_text(qtbot) -> None:
    view, fake = make_view(qtbot)
    choose(view, 2)
    details = view.details_tab
    qtbot.mouseClick(details.add_attendee_button, Qt.MouseButton.LeftButton)
    row = details.attendees.rowCount() - 1
    details.attendees.setData(details.attendees.index(row, AttendeeColumn.AGENCY), "Health")
    details.attendees.setData(details.attendees.index(row, AttendeeColumn.NAME), " ")
    view.tabs.setCurrentWidget(view.agenda_tab)
    view.save_meeting()
    assert view.tabs.currentWidget() is details
    assert details.attendee_error.text() == "Every attendee needs a name"
    assert details.attendee_error.isVisible()
    assert details.attendees.rowCount() == 5 and view.is_dirty

    details.attendees.remove_attendee(row)
    fake.fail["update"] = EditConflict("Someone else saved this meeting since you opened it")
    view.save_meeting()
    assert "Someone else saved" in view.detail_error.text()
    assert view.is_dirty and view.save_button.isEnabled()


def test_new_meeting_dialog_creates_and_selects(qtbot) -> None:
    view, fake = make_view(qtbot)
    view.activateWindow()
    assert QTest.qWaitForWindowActive(view)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, NewMeetingDialog) and dialog.isVisible()
    assert dialog.title_edit.text() == "MACSE meeting — November 2026"
    assert dialog.date_edit.date() == QDate(2026, 11, 30)
    dialog.title_edit.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_errors["title"].text() == "Give the meeting a title"
    qtbot.keyClicks(dialog.title_edit, "Extraordinary MACSE meeting")
    qtbot.keyClicks(dialog.venue_edit, "Police HQ")
    save_screen(dialog, "meetings_new_dialog")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    ((args, _kw),) = fake.called("create")
    assert args[1:] == ("Extraordinary MACSE meeting", date(2026, 11, 30), "Police HQ")
    assert view.detail.title == "Extraordinary MACSE meeting"
    assert view.model.rowCount() == 4
    assert view.model.row_at(view.table.currentIndex().row()).id == view.detail.id
    assert view.tabs.currentWidget() is view.cohort_tab
    assert view.agenda_tab.items() == DEFAULT_AGENDA


def test_cohort_suggestions_accept_and_override(qtbot) -> None:
    view, fake = make_view(qtbot)
    choose(view, 2)
    view.tabs.setCurrentWidget(view.cohort_tab)
    qtbot.mouseClick(view.cohort_tab.suggest_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, CohortSuggestDialog)
    model = dialog.model
    assert model.rowCount() == 3
    assert model.index(1, 0).data() == "Jade Carter (already in the cohort)"
    assert dialog.count_label.text() == "2 to add"
    save_screen(dialog, "meetings_suggest_dialog")
    # the chair overrides one suggestion with the keyboard (Enter toggles the current row)
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(model.index(2, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.count_label.text() == "1 to add"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    ((args, _kw),) = fake.called("set_cohort")
    assert args[2] == [101, 102, 103, 104, 106]
    assert args[3] == {106: "Significant risk; Escalated since 3 Nov 2026"}
    assert view.cohort_model.rowCount() == 5
    assert view.saved_label.text() == "Cohort updated from the suggestions"
    assert view.model.row_at(view.table.currentIndex().row()).cohort_size == 5


def test_cohort_remove_refused_when_decision_recorded_and_open_person(qtbot) -> None:
    view, _fake = make_view(qtbot)
    choose(view, 2)
    tab = view.cohort_tab
    view.tabs.setCurrentWidget(tab)
    tab.table.setCurrentIndex(view.cohort_model.index(3, 0))  # Tia: a decision recorded
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert "Tia Hughes has a decision recorded" in tab.error_label.text()
    assert view.cohort_model.rowCount() == 4
    tab.table.setCurrentIndex(view.cohort_model.index(2, 0))
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert view.cohort_model.rowCount() == 3
    assert view.saved_label.text() == "Maya Okoro removed from the cohort"
    tab.table.setFocus()
    tab.table.setCurrentIndex(view.cohort_model.index(0, 0))
    with qtbot.waitSignal(view.sig_open_person) as blocker:
        qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert blocker.args == [101]
    save_screen(view, "meetings_cohort")


def test_add_young_person_not_suggested(qtbot) -> None:
    view, fake = make_view(qtbot, caseload_service=FakeCaseload())
    choose(view, 3)
    view.tabs.setCurrentWidget(view.cohort_tab)
    assert view.cohort_tab.add_button.isVisibleTo(view)
    view.add_to_cohort()
    dialog = view.dialog
    assert isinstance(dialog, AddToCohortDialog)
    assert dialog.proxy.rowCount() == 2  # Jade is already in the cohort
    qtbot.keyClicks(dialog.find_edit, "ruby")
    assert dialog.proxy.rowCount() == 1
    dialog.list.setCurrentIndex(dialog.proxy.index(0, 0))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_errors["reason"].text() == "Say why they should be discussed"
    qtbot.keyClicks(dialog.reason_edit, "Police concern about a new associate")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    ((args, _kw),) = fake.called("set_cohort")
    assert args[2] == [101, 106]
    assert args[3] == {106: "Police concern about a new associate"}
    assert view.cohort_model.rowCount() == 2


def test_record_decision_per_person(qtbot) -> None:
    view, fake = make_view(qtbot)
    choose(view, 2)
    tab = view.decisions_tab
    view.tabs.setCurrentWidget(tab)
    tab.select(102)
    assert tab.person_label.text() == "Leon Walsh"
    assert tab.risk_label.text() == "Moderate"
    assert "Escalated since" in tab.reason_label.text()
    tab.category_combo.setCurrentIndex(tab.category_combo.findData(RiskCategory.SIGNIFICANT))
    tab.outcome_combo.setCurrentIndex(tab.outcome_combo.findData(MeetingOutcome.CONTINUE))
    tab.review_check.setChecked(True)
    tab.review_edit.setDate(QDate(2026, 10, 1))  # before the meeting: refused
    qtbot.keyClicks(tab.notes_edit, "Escalate to strategy discussion; police to lead disruption.")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.review_error.text() == "The next review cannot be before the meeting"
    assert tab.notes_edit.toPlainText().startswith("Escalate")
    tab.review_edit.setDate(QDate(2026, 12, 1))
    decided: list[int] = []
    view.sig_decision_saved.connect(decided.append)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert decided == [102]  # goes on that young person's chronology: their record refreshes
    args, _kw = fake.called("record_decision")[-1]
    assert args[1:] == (
        2,
        102,
        RiskCategory.SIGNIFICANT,
        MeetingOutcome.CONTINUE,
        "Escalate to strategy discussion; police to lead disruption.",
        date(2026, 12, 1),
        1,
    )
    assert tab.current().young_person_id == 102  # still on the same young person
    assert tab.current().version == 2
    assert tab.saved_label.text() == "Saved."
    row = view.cohort_model.row_of_id(102)
    assert view.cohort_model.index(row, CohortColumn.DECISION).data() == (
        "Continue; agreed significant; review 1 Dec 2026"
    )
    assert "Held" in view.subtitle_label.text()
    save_screen(view, "meetings_decisions")


def test_action_tracker_filters_overdue_first(qtbot) -> None:
    view, _fake = make_view(qtbot)
    choose(view, 2)
    tab = view.actions_tab
    view.tabs.setCurrentWidget(tab)
    model = tab.model
    assert model.index(0, ActionColumn.STATE).data() == "Overdue"
    assert tab.count_label.text() == "4 actions · 2 overdue"
    tab.state_combo.setCurrentIndex(tab.state_combo.findText("Overdue"))
    assert {model.row_at(r).state for r in range(model.rowCount())} == {ActionState.OVERDUE}
    assert tab.count_label.text().startswith("Showing 2 of 4")
    tab.state_combo.setCurrentIndex(tab.state_combo.findText("Still open"))
    tab.agency_combo.setCurrentIndex(tab.agency_combo.findText("Police"))
    assert model.rowCount() == 1 and model.row_at(0).owner_agency == "Police"
    tab.clear_filters()
    tab.person_combo.setCurrentIndex(tab.person_combo.findText("Leon Walsh"))
    assert [model.row_at(r).young_person_id for r in range(model.rowCount())] == [102]
    tab.clear_filters()
    assert model.rowCount() == 4
    tab.table.setCurrentIndex(model.index(0, 0))
    assert "Plan shared with the duty inspector" in tab.history.toPlainText()
    save_screen(view, "meetings_actions")


def test_add_and_update_action(qtbot) -> None:
    view, fake = make_view(qtbot)
    choose(view, 2)
    tab = view.actions_tab
    view.tabs.setCurrentWidget(tab)
    tab.state_combo.setCurrentIndex(tab.state_combo.findText("Still open"))
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, AddActionDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_errors["description"].text() == "Say what the action is"
    assert dialog.field_errors["owner_agency"].text() == "Give the owner's agency"
    dialog.subject_combo.setCurrentIndex(dialog.subject_combo.findText("Maya Okoro"))
    qtbot.keyClicks(dialog.description_edit, "Safety plan review with school")
    qtbot.keyClicks(dialog.owner_edit, "Tom Fletcher")
    qtbot.keyClicks(dialog.agency_edit, "Education")
    save_screen(dialog, "meetings_add_action")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    args, kwargs = fake.called("add_action")[-1]
    assert kwargs["meeting_id"] == 2 and kwargs["young_person_id"] == 103
    assert kwargs["due_on"] == date(2026, 12, 21)
    assert tab.model.rowCount() == 5  # filter kept: still open only
    added = tab.selected()
    assert added is not None and added.description == "Safety plan review with school"

    # mark the overdue police action done, with a note
    tab.select(1)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    update = view.dialog
    assert isinstance(update, UpdateActionDialog)
    update.status_combo.setCurrentIndex(update.status_combo.findData(ActionStatus.DONE))
    qtbot.keyClicks(update.note_edit, "Disruption plan shared with all partners")
    qtbot.mouseClick(update.save_button, Qt.MouseButton.LeftButton)
    args, kwargs = fake.called("update_action")[-1]
    assert args[1:] == (1, 1)
    assert kwargs == {
        "status": ActionStatus.DONE,
        "due_on": date(2026, 11, 10),
        "note": "Disruption plan shared with all partners",
    }
    assert tab.model.row_of_id(1) == -1  # done: no longer carried forward
    assert fake.actions[1].updates[-1].note == "Disruption plan shared with all partners"
    assert view.saved_label.text().startswith("Action MACSE-2026-10-01 saved")


def test_worker_reads_and_updates_actions_only(qtbot) -> None:
    view, _fake = make_view(qtbot, actor=WORKER)
    choose(view, 2)
    assert not view.new_button.isVisible()
    assert not view.save_button.isVisible()
    assert view.details_tab.title_edit.isReadOnly()
    assert not view.details_tab.add_attendee_button.isVisibleTo(view)
    view.tabs.setCurrentWidget(view.cohort_tab)
    assert not view.cohort_tab.suggest_button.isVisibleTo(view)
    assert view.cohort_tab.open_button.isVisibleTo(view)
    view.tabs.setCurrentWidget(view.decisions_tab)
    assert not view.decisions_tab.save_button.isVisibleTo(view)
    assert not view.decisions_tab.category_combo.isEnabled()
    view.tabs.setCurrentWidget(view.actions_tab)
    assert not view.actions_tab.add_button.isVisibleTo(view)
    assert view.actions_tab.update_button.isVisibleTo(view)
    assert view.pack_button.isVisible()


def test_print_pack_opens_pack_dialog(qtbot) -> None:
    view, _fake = make_view(qtbot)
    choose(view, 2)
    qtbot.mouseClick(view.pack_button, Qt.MouseButton.LeftButton)
    (dialog,) = view.pack_dialogs
    assert isinstance(dialog, PackDialog) and dialog.isVisible()
    assert dialog.kind == "pack"
    assert "3 Nov 2026" in dialog.windowTitle()
    dialog.close()


def test_real_runner_loads_and_saves(qtbot) -> None:
    runner = TaskRunner()
    _RUNNERS.append(runner)  # outlives the view (see test_pack_dialog)
    fake = FakeMeetings()
    view = MeetingsView(runner=runner, meetings=fake, actor=lambda: CHAIR, today=fake_today)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.sig_meeting_loaded, timeout=5000):
        view.reload()
    assert view.model.rowCount() == 3
    with qtbot.waitSignal(view.sig_meeting_loaded, timeout=5000):
        view.select_meeting(2)
    view.details_tab.venue_edit.setText("")
    qtbot.keyClicks(view.details_tab.venue_edit, "Town Hall")
    with qtbot.waitSignal(view.sig_saved, timeout=5000) as blocker:
        view.save_meeting()
    assert blocker.args == ["Meeting saved"]
    assert fake.meetings[2].venue == "Town Hall"
    assert runner.wait_idle()


@pytest.mark.parametrize("actor", [CHAIR, WORKER], ids=["chair", "worker"])
def test_every_focusable_widget_has_an_accessible_name(qtbot, actor) -> None:
    view, _fake = make_view(qtbot, actor=actor)
    choose(view, 2)
    missing = set()
    for i in range(view.tabs.count()):
        view.tabs.setCurrentIndex(i)
        missing |= unnamed(view)
    assert missing == set()


def unnamed(view: QWidget) -> set[str]:
    missing = set()
    for w in view.findChildren(QWidget):
        if not w.isVisibleTo(view) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
            continue
        if w.metaObject().className() in ("QTabBar", "QScrollBar", "QSplitterHandle"):
            continue
        if isinstance(w, QAbstractButton) and w.text():
            if not w.accessibleName():
                missing.add(f"{w.metaObject().className()} {w.text()}")
            continue
        if not w.accessibleName():
            missing.add(f"{w.metaObject().className()} {w.objectName()}")
    return missing
