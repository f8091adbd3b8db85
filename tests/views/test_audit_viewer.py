"""The audit viewer over the real services: filters, who-viewed from the caseload, CSV export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate

from desktop.domain.enums import AuditAction
from desktop.models.audit import Column
from desktop.services.auth import SignInFailed
from desktop.services.demo import DEMO_PASSWORD
from desktop.views.admin.audit_viewer import uk_day_start
from tests.views.conftest import close_window, demo_actor, open_window
from tests.views.fakes import OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE


def test_uk_day_bounds_are_utc() -> None:
    assert uk_day_start(date(2026, 7, 1)) == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)  # BST
    assert uk_day_start(date(2026, 1, 15)) == datetime(2026, 1, 15, 0, 0, tzinfo=UTC)  # GMT


def seed(services, demo_db) -> int:
    """Some history: sign-ins, a failed one, and a break-glass on the restricted record."""
    services.auth.sign_in("sw.north1", DEMO_PASSWORD)
    with pytest.raises(SignInFailed):
        services.auth.sign_in("sw.north1", "not-the-password")
    sw = demo_actor(demo_db, "sw.north1")
    restricted = next(r for r in services.caseload.load(sw) if r.restricted)
    services.access.break_glass(sw, restricted.id, "duty cover: police called tonight")
    return restricted.id


def search(qtbot, viewer) -> int:
    with qtbot.waitSignal(viewer.sig_searched, timeout=10000) as blocker:
        viewer.search_button.click()
    return blocker.args[0]


def test_search_filters_and_export(qtbot, services, demo_db, tmp_path) -> None:
    yp = seed(services, demo_db)
    window = open_window(qtbot, services, demo_actor(demo_db, "manager.north"))
    assert window.audit_action.isVisible() and not window.users_action.isVisible()
    viewer = window.show_audit_log()
    total = search(qtbot, viewer)
    assert total > 0 and viewer.model.rowCount() == total
    assert viewer.count_label.text() == f"{total} entries" or total == 1

    viewer.action_combo.setCurrentIndex(viewer.action_combo.findData(AuditAction.BREAK_GLASS.value))
    assert search(qtbot, viewer) == 1
    assert viewer.model.index(0, Column.ACTION).data() == "Break-glass"
    assert (
        viewer.model.index(0, Column.DETAIL).data() == "Reason: “duty cover: police called tonight”"
    )
    assert viewer.model.row_at(0).young_person_id == yp
    save_screen(viewer, "audit-viewer-break-glass")

    viewer.action_combo.setCurrentIndex(0)
    viewer.user_edit.setText("sw.north1")
    count = search(qtbot, viewer)
    assert count >= 2 and {viewer.model.row_at(i).username for i in range(count)} == {"sw.north1"}
    # the young-person text filter narrows the loaded rows
    label = viewer.model.row_at(
        next(i for i in range(count) if viewer.model.row_at(i).young_person_id == yp)
    ).young_person
    viewer.person_edit.setText(label[:2])
    assert 0 < viewer.model.rowCount() < count
    assert viewer.count_label.text().startswith("Showing ")
    viewer.person_edit.clear()

    # dates: nothing before tomorrow; everything from yesterday
    viewer.from_check.setChecked(True)
    viewer.from_edit.setDate(QDate.currentDate().addDays(1))
    assert search(qtbot, viewer) == 0
    viewer.from_edit.setDate(QDate.currentDate().addDays(-1))
    viewer.to_check.setChecked(True)
    viewer.to_edit.setDate(QDate.currentDate())
    assert search(qtbot, viewer) == count
    filters = viewer.filters()
    assert (
        filters["end"] - filters["start"] == timedelta(days=2) or filters["end"] > filters["start"]
    )

    target = tmp_path / "audit"
    with qtbot.waitSignal(viewer.sig_exported, timeout=10000) as blocker:
        viewer.export(target)
    assert blocker.args == [count]
    written = (tmp_path / "audit.csv").read_text(encoding="utf-8-sig").splitlines()
    assert written[0].startswith("Entry,When (UTC),User") and len(written) == count + 1
    assert (
        viewer.count_label.text() == f"{count} audit entries exported to {tmp_path / 'audit.csv'}."
    )
    close_window(window)


def test_who_viewed_from_the_caseload(qtbot, services, demo_db) -> None:
    window = open_window(qtbot, services, demo_actor(demo_db, "manager.north"))
    view = window.caseload
    assert window.who_viewed_action.isVisible()
    view.table.selectRow(0)
    menu = view.context_menu()
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts == ["Open record", "Who viewed this young person…"]
    row = view.selected_row()
    viewer = window.show_who_viewed()
    qtbot.waitSignal(viewer.sig_searched, timeout=10000).wait()
    assert viewer.filters()["young_person_id"] == row.id
    assert viewer.filters()["action"] is AuditAction.VIEW
    assert viewer.scope_label.text() == f"Young person: {row.display_name}"
    assert viewer.windowTitle() == f"Who viewed {row.display_name}"
    save_screen(viewer, "audit-viewer-who-viewed")
    close_window(window)


def test_not_offered_to_social_workers(qtbot, services, demo_db) -> None:
    window = open_window(qtbot, services, demo_actor(demo_db, "sw.north1"))
    assert not window.audit_action.isVisible() and not window.who_viewed_action.isVisible()
    assert not window.admin_menu.menuAction().isVisible()
    window.caseload.table.selectRow(0)
    texts = [a.text().replace("&", "") for a in window.caseload.context_menu().actions()]
    assert texts == ["Open record"]
    close_window(window)


def test_partner_reader_page(qtbot, services, demo_db) -> None:
    window = open_window(qtbot, services, demo_actor(demo_db, "police.reader"))
    assert window.notice is not None and window.notice.isVisible()
    assert "None have been shared with you yet" in window.notice.text_label.text()
    assert not window.caseload.isVisible() and not window.caseload.banner.isVisible()
    assert not window.export_action.isVisible() and not window.admin_menu.menuAction().isVisible()
    save_screen(window, "partner-reader")
    close_window(window)
