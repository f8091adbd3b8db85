"""The key-person contacts tab: summary against target, weekly chart, log, add contact, target."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import ANY

import pytest
from PySide6.QtCore import QDate, QDateTime, QTime

from desktop.app import create_application
from desktop.domain.access import Access
from desktop.domain.commands import ContactInput, ContactTargetInput
from desktop.domain.enums import ContactKind, ContactWith
from desktop.models.contacts import Column
from desktop.tasks import TaskRunner
from desktop.views.person.contact_dialog import ContactDialog
from desktop.views.person.contacts import ContactsPanel
from tests.views.fake_workspace import NOW, FakeRecording, invalid, make_workspace, replace
from tests.views.fakes import ACTOR, OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen
from tests.views.test_accessibility import unnamed_focusable

pytestmark = OFFSCREEN_LOG_IGNORE

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def recording() -> FakeRecording:
    return FakeRecording()


def make_panel(qtbot, recording: FakeRecording, runner: TaskRunner) -> ContactsPanel:
    create_application()
    panel = ContactsPanel(runner=runner, recording=recording, actor=lambda: ACTOR)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    return panel


@pytest.fixture
def panel(qtbot, recording: FakeRecording) -> ContactsPanel:
    panel = make_panel(qtbot, recording, TaskRunner(inline=True))
    panel.show_workspace(make_workspace())
    panel.show()
    return panel


def test_summary_within_target(panel: ContactsPanel) -> None:
    assert panel.days_label.text() == "3 days"
    assert panel.gap_state.text() == "Within the 7-day target"
    assert panel.gap_state.property("state") == "ok"
    assert not panel.gap_icon.isVisible()
    assert panel.totals_label.text() == "14 / 12"
    assert panel.ooh_label.text() == "25%"
    assert panel.target_spin.value() == 7
    assert panel.model.rowCount() == 14
    assert panel.count_label.text() == "14 contacts, newest first"
    save_screen(panel, "person_contacts")


def test_gap_in_colour_and_words(qtbot, recording: FakeRecording) -> None:
    panel = make_panel(qtbot, recording, TaskRunner(inline=True))
    ws = make_workspace()
    summary = replace(ws.contact_summary, days_since=12, gap=True, out_of_hours_share=None)
    panel.show_workspace(replace(ws, contact_summary=summary))
    panel.show()
    assert panel.days_label.text() == "12 days"
    assert panel.gap_state.text() == "Contact gap: 5 days over the 7-day target"
    assert panel.gap_state.property("state") == "gap"
    assert panel.gap_card.property("state") == "gap"
    assert panel.gap_icon.isVisible()
    assert panel.ooh_label.text() == "—"
    qtbot.waitUntil(lambda: panel.chart.is_built)
    qtbot.wait(20)  # let the plot lay out before the grab
    save_screen(panel, "person_contacts_gap")

    never = replace(summary, days_since=None, gap=True, total=0, successful=0, per_week=())
    panel.show_workspace(replace(ws, contact_summary=never, contacts=()))
    assert panel.days_label.text() == "Never"
    assert "no successful contact" in panel.gap_state.text()
    assert panel.count_label.text() == "No contacts recorded yet"


def test_chart_built_lazily_with_target_guide(qtbot, recording: FakeRecording) -> None:
    panel = make_panel(qtbot, recording, TaskRunner(inline=True))
    ws = make_workspace()
    panel.show_workspace(ws)
    assert not panel.chart.is_built  # nothing drawn (nor pyqtgraph needed) until shown
    panel.show()
    qtbot.waitUntil(lambda: panel.chart.is_built)
    assert panel.chart.bar_heights() == [w.count for w in ws.contact_summary.per_week]
    assert panel.chart.guide_value() == pytest.approx(1.0)
    assert panel.chart._target_line.value() == pytest.approx(1.0)
    assert "target of 1.0 a week" in panel.chart.accessibleDescription()
    week = ws.contact_summary.per_week[4]
    from desktop.views.person.contact_chart import _seconds

    assert panel.chart.week_at(_seconds(week.week_start) + 3600) == week
    # a two-weekly target halves the guide; the refresh updates the same items
    ws2 = replace(ws, contact_summary=replace(ws.contact_summary, target_days=14))
    bars = panel.chart._bars
    panel.show_workspace(ws2)
    assert panel.chart._bars is bars
    assert panel.chart._target_line.value() == pytest.approx(0.5)
    assert "every 14 days" in panel.chart.legend.text()


def test_panel_import_does_not_import_pyqtgraph() -> None:
    code = "import sys, desktop.views.person.contacts; sys.exit(1 if 'pyqtgraph' in sys.modules else 0)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=False)
    assert result.returncode == 0


def test_log_failed_attempts_distinct_and_detail(panel: ContactsPanel) -> None:
    row = panel.model.row_of_id(3)
    assert panel.model.index(row, Column.KIND).data() == "✗ Failed attempt"
    panel.table.selectRow(row)
    text = panel.detail.toPlainText()
    assert "Failed attempt: no contact was made." in text
    assert "It's fine, I'm fine." in text
    panel.table.selectRow(panel.model.row_of_id(5))
    assert "Significant: on the chronology" in panel.detail.toPlainText()


def test_refresh_keeps_sort_and_selection(panel: ContactsPanel) -> None:
    panel.table.sortByColumn(Column.WHEN, panel.model.sort_order.AscendingOrder)
    panel.table.selectRow(panel.model.row_of_id(6))
    panel.show_workspace(make_workspace())
    assert panel.model.row_at(0).id == 14
    assert panel.selected_contact() is not None and panel.selected_contact().id == 6
    assert panel.count_label.text() == "14 contacts"


def test_add_contact_out_of_hours_failed_attempt_and_save(
    qtbot, panel: ContactsPanel, recording: FakeRecording
) -> None:
    dialog = panel.open_contact_dialog(now=NOW)
    assert isinstance(dialog, ContactDialog) and dialog.isVisible()
    assert unnamed_focusable(dialog) == []
    # defaults to now (10:00 on Monday 23 Nov 2026, UK time = UTC in winter)
    assert dialog.when_edit.dateTime().toPython() == datetime(2026, 11, 23, 10, 0)
    assert dialog.ooh_label.text() == "In office hours"
    dialog.when_edit.setDateTime(QDateTime(QDate(2026, 11, 21), QTime(15, 0)))  # Saturday
    assert dialog.ooh_label.text().startswith("Out of hours")
    dialog.when_edit.setDateTime(QDateTime(QDate(2026, 11, 20), QTime(17, 0)))  # Fri 17:00
    assert dialog.ooh_label.text().startswith("Out of hours")
    dialog.when_edit.setDateTime(QDateTime(QDate(2026, 11, 20), QTime(16, 59)))
    assert dialog.ooh_label.text() == "In office hours"

    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ContactKind.FAILED_ATTEMPT))
    assert not dialog.duration_spin.isEnabled()
    assert dialog.command().duration_minutes is None
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ContactKind.PHONE))
    assert dialog.duration_spin.isEnabled()
    dialog.duration_spin.setValue(25)
    dialog.with_combo.setCurrentIndex(dialog.with_combo.findData(ContactWith.PARENT_CARER))
    dialog.initiated_combo.setCurrentIndex(dialog.initiated_combo.findData("carer"))
    qtbot.keyClicks(dialog.location_edit, "Phone from office")
    qtbot.keyClicks(dialog.summary_edit, "Carer worried about late nights.")
    qtbot.keyClicks(dialog.said_edit, "Mum says I'm never in.")
    dialog.significant_check.setChecked(True)

    recording.fail_with = invalid("Check the form", summary="Summary is too short.")
    dialog.save_button.click()
    assert dialog.field_error("summary") == "Summary is too short."
    assert dialog.isVisible()
    assert dialog.said_edit.toPlainText() == "Mum says I'm never in."
    save_screen(dialog, "person_contact_dialog_invalid")

    recording.fail_with = None
    with qtbot.waitSignal(panel.sig_saved) as blocker:
        dialog.save_button.click()
    assert "contact" in blocker.args[0].kinds
    assert recording.calls[-1] == (
        "record_contact",
        ContactInput(
            young_person_id=42,
            occurred_at=datetime(2026, 11, 20, 16, 59, tzinfo=UTC),
            kind=ContactKind.PHONE,
            duration_minutes=25,
            with_whom=ContactWith.PARENT_CARER,
            initiated_by="carer",
            location="Phone from office",
            summary="Carer worried about late nights.",
            young_person_said="Mum says I'm never in.",
            significant=True,
            request_id=ANY,
        ),
    )


def test_summer_time_converted_to_utc(panel: ContactsPanel) -> None:
    dialog = panel.open_contact_dialog(now=NOW)
    assert dialog is not None
    dialog.when_edit.setDateTime(QDateTime(QDate(2026, 6, 23), QTime(9, 30)))  # BST
    occurred = dialog.command().occurred_at
    assert occurred.tzinfo is not None
    assert occurred == datetime(2026, 6, 23, 8, 30, tzinfo=UTC)
    assert dialog.ooh_label.text() == "In office hours"
    dialog.reject()


def test_future_contact_refused_locally(panel: ContactsPanel, recording) -> None:
    dialog = panel.open_contact_dialog(now=NOW)
    assert dialog is not None
    dialog.when_edit.setDateTime(QDateTime(QDate(2026, 11, 23), QTime(11, 0)))  # an hour ahead
    dialog.save_button.click()
    assert dialog.field_error("occurred_at") == "The contact cannot be in the future."
    assert recording.calls == []
    assert dialog.isVisible()
    dialog.reject()


def test_saved_contact_selected_after_refresh(qtbot, panel: ContactsPanel) -> None:
    dialog = panel.open_contact_dialog(now=NOW)
    assert dialog is not None
    dialog.summary_edit.setPlainText("Quick check-in")
    with qtbot.waitSignal(panel.sig_saved):
        dialog.save_button.click()
    ws = make_workspace()
    new = replace(ws.contacts[0], id=99, summary="Quick check-in")
    panel.show_workspace(replace(ws, contacts=(new, *ws.contacts)))
    assert panel.selected_contact() is not None and panel.selected_contact().id == 99


def test_cadence_target(qtbot, panel: ContactsPanel, recording: FakeRecording) -> None:
    assert not panel.target_button.isEnabled()  # nothing changed yet
    panel.target_spin.setValue(14)
    assert panel.target_button.isEnabled()
    with qtbot.waitSignal(panel.sig_saved):
        panel.target_button.click()
    assert recording.calls[-1] == (
        "set_contact_target",
        ContactTargetInput(young_person_id=42, target_days=14, version=3),
    )
    assert panel.target_message.text() == "Target saved."

    panel.target_spin.setValue(0)  # "Council default"
    assert panel.target_spin.text() == "Council default"
    recording.fail_with = invalid("Bad target", target_days="Choose between 1 and 90 days.")
    panel.target_button.click()
    assert recording.calls[-1][1].target_days is None
    assert panel.target_message.text() == "Choose between 1 and 90 days."
    assert panel.target_message.property("state") == "error"

    # a refresh does not overwrite a value being typed
    panel.target_spin.setValue(10)
    panel.show_workspace(make_workspace())
    assert panel.target_spin.value() == 10


def test_cadence_target_conflict_names_the_colleague_and_saves_over_what_was_seen(
    qtbot, panel: ContactsPanel, recording: FakeRecording
) -> None:
    from datetime import UTC, datetime

    from desktop.domain.errors import EditConflict

    panel.target_spin.setValue(14)
    recording.fail_with = EditConflict(
        "changed",
        current={"target_days": 7},
        changed_by="Kit Keyperson",
        changed_at=datetime(2026, 11, 20, 14, 32, tzinfo=UTC),
        version=4,
    )
    panel.target_button.click()
    message = panel.target_message.text()
    assert "Kit Keyperson set the target to 7 days" in message and "14:32" in message
    assert panel.target_spin.value() == 14  # the user's value stays
    recording.fail_with = None
    with qtbot.waitSignal(panel.sig_saved):
        panel.target_button.click()
    assert recording.calls[-1][1] == ContactTargetInput(
        young_person_id=42, target_days=14, version=4
    )


def test_read_only_access(qtbot, recording: FakeRecording) -> None:
    panel = make_panel(qtbot, recording, TaskRunner(inline=True))
    panel.show_workspace(replace(make_workspace(), access=Access.INITIALS))
    assert not panel.add_button.isEnabled()
    assert not panel.target_spin.isEnabled()
    assert not panel.target_button.isEnabled()
    assert "full access" in panel.add_button.toolTip()
    assert panel.open_contact_dialog() is None


def test_every_focusable_widget_is_named(panel: ContactsPanel) -> None:
    assert unnamed_focusable(panel) == []


def test_add_contact_through_real_worker(qtbot, recording: FakeRecording) -> None:
    runner = TaskRunner()
    panel = make_panel(qtbot, recording, runner)
    panel.show_workspace(make_workspace())
    panel.show()
    dialog = panel.open_contact_dialog(now=NOW)
    assert dialog is not None
    dialog.summary_edit.setPlainText("Walked and talked")
    saved: list = []
    accepted: list = []
    panel.sig_saved.connect(saved.append)
    dialog.accepted.connect(lambda: accepted.append(True))  # the dialog deletes itself after
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(saved), timeout=5000)
    assert accepted == [True]
    assert recording.calls[-1][0] == "record_contact"
    panel.target_spin.setValue(5)
    saved.clear()
    panel.target_button.click()
    qtbot.waitUntil(lambda: bool(saved), timeout=5000)
    assert recording.calls[-1][1].target_days == 5
    runner.wait_idle(5.0)
