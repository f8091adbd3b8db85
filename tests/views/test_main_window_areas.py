"""The main window's areas on real services: meetings beside the caseload, case summaries."""

from __future__ import annotations

from desktop.views.meetings.pack_dialog import PackDialog
from tests.views.conftest import close_window, demo_actor, open_window
from tests.views.screens import save_screen


def test_a_chair_opens_meetings_and_a_young_person_from_the_cohort(
    qtbot, services, demo_db
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, services, demo_actor(demo_db, "chair"))
    assert window.meetings_action.isVisible()
    window.meetings_action.trigger()
    meetings = window.meetings
    assert meetings is not None
    assert window.workspace_tabs is not None
    assert window.workspace_tabs.tabText(1) == "Meetings"
    qtbot.waitUntil(lambda: meetings.model.rowCount() >= 2, timeout=10000)  # two demo meetings
    save_screen(window, "main_window_meetings")
    # Triggering again does not make a second area.
    assert window.show_meetings() is meetings and window.workspace_tabs.count() == 2
    window.workspace_tabs.tabCloseRequested.emit(1)  # its close button
    assert window.workspace_tabs.count() == 1
    assert window.show_meetings() is meetings and window.workspace_tabs.count() == 2
    with qtbot.waitSignal(meetings.sig_open_person, timeout=5000) as opened:
        meetings.sig_open_person.emit(window.caseload.model.all_rows()[0].id)
    person = window.person_views[opened.args[0]]
    qtbot.waitUntil(lambda: person.workspace is not None, timeout=10000)
    assert person.print_button.isVisible() and person.print_button.isEnabled()
    dialog = window.open_summary_dialog(person.young_person_id, person.header.name_label.text())
    assert isinstance(dialog, PackDialog)
    dialog.close()
    close_window(window)


def test_partner_readers_get_no_meetings_area(qtbot, services, demo_db) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, services, demo_actor(demo_db, "police.reader"))
    assert not window.meetings_action.isVisible()
    assert window.show_meetings() is None
    close_window(window)


def test_a_save_updates_that_young_persons_caseload_row(qtbot, services, demo_db) -> None:  # type: ignore[no-untyped-def]
    """Recording a contact: the row's days since contact becomes 0 without a full reload."""
    from datetime import UTC, datetime

    from desktop.domain.commands import ContactInput
    from desktop.domain.enums import ContactKind, ContactWith

    worker = demo_actor(demo_db, "sw.north1")
    window = open_window(qtbot, services, worker)
    row = next(r for r in window.caseload.model.all_rows() if r.days_since_contact != 0)
    changes = services.recording.record_contact(
        worker,
        ContactInput(
            young_person_id=row.id,
            occurred_at=datetime.now(UTC).replace(microsecond=0),
            kind=ContactKind.FACE_TO_FACE,
            duration_minutes=30,
            with_whom=ContactWith.YOUNG_PERSON,
            summary="Walk and talk after school",
        ),
    )
    loads: list[int] = []
    window.caseload.sig_loaded.connect(loads.append)
    with qtbot.waitSignal(window.caseload.sig_rows_updated, timeout=10000):
        window.broadcast_changes(changes)
    updated = next(r for r in window.caseload.model.all_rows() if r.id == row.id)
    assert updated.days_since_contact == 0
    assert loads == []  # just that row, not the whole caseload
    close_window(window)


def test_only_a_decision_refreshes_the_young_persons_open_record(qtbot, services, demo_db) -> None:  # type: ignore[no-untyped-def]
    """A saved pack changes no record (no reload, so no extra 'viewed' audit entry)."""
    window = open_window(qtbot, services, demo_actor(demo_db, "chair"))
    meetings = window.show_meetings()
    row = window.caseload.model.all_rows()[0]
    person = window.open_person(row.id, row.display_name)
    qtbot.waitUntil(lambda: person.workspace is not None, timeout=10000)
    loads: list[object] = []
    person.sig_loaded.connect(loads.append)
    meetings.sig_saved.emit("Pack saved: pack.pdf (12 pages)")
    qtbot.wait(200)
    assert loads == []
    with qtbot.waitSignal(person.sig_loaded, timeout=10000):
        meetings.sig_decision_saved.emit(row.id)
    close_window(window)
