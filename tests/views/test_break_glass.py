"""Break-glass through the real services: initials → reason → full name, audited, alerted."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.enums import AuditAction
from desktop.services.demo import DEMO_PASSWORD
from tests.views.conftest import close_window, demo_actor, open_window
from tests.views.fakes import OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE


def test_break_glass_reveals_name_for_the_session(qtbot, services, demo_db) -> None:
    actor = demo_actor(demo_db, "sw.north1")
    window = open_window(qtbot, services, actor)
    view = window.caseload
    restricted = next(r for r in view.model.all_rows() if r.restricted)
    initials = restricted.display_name
    assert initials.endswith(".") and len(initials) <= 4  # initials only, e.g. "V.D."
    view.table.selectRow(view.model.row_of_id(restricted.id))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.record_opener.dialog is not None, timeout=5000)
    dialog = window.record_opener.dialog
    assert (
        dialog.isVisible()
        and "restricted" in dialog.findChild(type(dialog.count_label), "breakGlassWarning").text()
    )
    save_screen(dialog, "break-glass")

    qtbot.keyClicks(dialog.reason_edit, "duty")
    dialog.open_button.click()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=5000)
    assert "at least 15 characters" in dialog.error_label.text()
    assert window.actor.break_glass == frozenset()
    save_screen(dialog, "break-glass-too-short")

    qtbot.keyClicks(dialog.reason_edit, " cover: police called about a missing episode")
    with qtbot.waitSignal(window.sig_caseload_loaded, timeout=10000):
        dialog.open_button.click()
    row = next(r for r in view.model.all_rows() if r.id == restricted.id)
    assert row.display_name != initials and " " in row.display_name  # the full name
    assert window.actor.break_glass == frozenset({restricted.id})
    assert window.statusBar().currentMessage() == (
        f"Break-glass access to {row.display_name} for this session"
    )
    save_screen(window, "break-glass-revealed")

    admin = demo_actor(demo_db, "admin")
    entries = services.audit_viewer.search(admin, action=AuditAction.BREAK_GLASS)
    assert [(e.username, e.young_person_id) for e in entries] == [("sw.north1", restricted.id)]
    assert "missing episode" in entries[0].detail

    # The record opens in its own tab, full name and a restricted banner.
    person = window.person_views[restricted.id]
    qtbot.waitUntil(lambda: person.workspace is not None, timeout=10000)
    assert person.header.name_label.text() == row.display_name
    assert person.header.restricted_banner.isVisible()
    save_screen(window, "break-glass-person")

    # Opening it again needs no second reason: the grant lasts for the session.
    window.show_caseload()
    view.table.selectRow(view.model.row_of_id(restricted.id))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_person_view() is person, timeout=5000)
    assert window.record_opener.dialog is None
    close_window(window)

    # The team manager is told at their next sign-in.
    signed = services.auth.sign_in("manager.north", DEMO_PASSWORD)
    assert any("sw.north1 used break-glass access" in a for a in signed.alerts)


def test_cancel_leaves_initials(qtbot, services, demo_db) -> None:
    window = open_window(qtbot, services, demo_actor(demo_db, "sw.north1"))
    view = window.caseload
    restricted = next(r for r in view.model.all_rows() if r.restricted)
    view.table.selectRow(view.model.row_of_id(restricted.id))
    view.open_selected()
    qtbot.waitUntil(lambda: window.record_opener.dialog is not None, timeout=5000)
    dialog = window.record_opener.dialog
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Escape)
    assert window.actor.break_glass == frozenset()
    close_window(window)
