"""The administrator's Users screen over the real services on SQLite."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.app import AppServices
from desktop.domain.enums import Role
from desktop.views.admin.user_edit import ResetPasswordDialog, UserEditDialog
from desktop.views.main_window import MainWindow
from tests.views.conftest import close_window, demo_actor, open_window
from tests.views.fakes import OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE


def admin_window(qtbot, services: AppServices, demo_db) -> MainWindow:
    return open_window(qtbot, services, demo_actor(demo_db, "admin"))


def user_row(window: MainWindow, username: str):
    users = window.users
    for i in range(users.model.rowCount()):
        if users.model.row_at(i).username == username:
            users.table.selectRow(i)
            return users.model.row_at(i)
    raise AssertionError(username)


def save(qtbot, dialog, signal) -> None:
    with qtbot.waitSignal(signal, timeout=10000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_admin_home_is_users_and_menus_follow_role(qtbot, services, demo_db) -> None:
    window = admin_window(qtbot, services, demo_db)
    assert window.home is window.users and window.users.isVisible()
    assert not window.caseload.isVisible()
    assert window.users_action.isVisible() and window.audit_action.isVisible()
    assert not window.export_action.isVisible()
    assert not window.person_menu.menuAction().isVisible()
    assert window.users.model.rowCount() >= 10
    assert window.users.count_label.text().startswith("Showing")
    names = {
        b.text().replace("&", "") for b in window.users.findChildren(type(window.users.add_button))
    }
    assert not any("Delete" in n for n in names)  # never a delete button
    save_screen(window, "users-admin")
    close_window(window)


def test_add_user_with_validation_next_to_field(qtbot, services, demo_db) -> None:
    window = admin_window(qtbot, services, demo_db)
    users = window.users
    users.add_user()
    dialog = users.dialog
    assert isinstance(dialog, UserEditDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.username_edit, "Bad Name!")
    qtbot.keyClicks(dialog.name_edit, "Jo Bloggs")
    dialog.password_edit.setText("short")
    dialog.confirm_edit.setText("different")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_errors["confirm"].text() == "The two passwords are not the same"
    dialog.confirm_edit.setText("short")
    save(qtbot, dialog, dialog.sig_error)
    assert "lower-case" in dialog.field_errors["username"].text()
    assert dialog.field_errors["username"].isVisible()
    assert "at least 10 characters" in dialog.field_errors["password"].text()
    save_screen(dialog, "user-add-validation")

    dialog.username_edit.setText("jo.bloggs")
    dialog.password_edit.setText("a-good-long-password")
    dialog.confirm_edit.setText("a-good-long-password")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.KEY_PERSON))
    dialog.team_combo.setCurrentIndex(1)
    with qtbot.waitSignal(users.sig_loaded, timeout=10000):
        save(qtbot, dialog, dialog.sig_saved)
    added = users.selected_user()
    assert added.username == "jo.bloggs" and added.role is Role.KEY_PERSON and added.team
    assert users.notice.text() == "Added Jo Bloggs."
    close_window(window)


def test_edit_role_deactivate_and_reset_password(qtbot, services, demo_db) -> None:
    window = admin_window(qtbot, services, demo_db)
    users = window.users
    user_row(window, "kp.north1")
    users.edit_selected()
    dialog = users.dialog
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.SOCIAL_WORKER))
    save_screen(dialog, "user-edit")
    with qtbot.waitSignal(users.sig_loaded, timeout=10000):
        save(qtbot, dialog, dialog.sig_saved)
    assert users.selected_user().role is Role.SOCIAL_WORKER
    assert users.model.index(users.table.currentIndex().row(), 2).data() == "Social worker"

    with qtbot.waitSignal(users.sig_loaded, timeout=10000):
        users.toggle_selected_active(confirm=False)
    assert not users.selected_user().active
    assert users.active_button.text().replace("&", "") == "Reactivate…"
    assert users.model.index(users.table.currentIndex().row(), 5).data() == "Deactivated"

    users.reset_selected_password()
    reset = users.dialog
    assert isinstance(reset, ResetPasswordDialog)
    reset.password_edit.setText("tiny")
    reset.confirm_edit.setText("tiny")
    save(qtbot, reset, reset.sig_error)
    assert "at least 10" in reset.field_errors["password"].text()
    reset.password_edit.setText("another-long-password")
    reset.confirm_edit.setText("another-long-password")
    save_screen(reset, "user-reset-password")
    with qtbot.waitSignal(users.sig_loaded, timeout=10000):
        save(qtbot, reset, reset.sig_saved)
    assert "New password set" in users.notice.text()
    close_window(window)


def test_edit_conflict_reloads(qtbot, services, demo_db) -> None:
    window = admin_window(qtbot, services, demo_db)
    users = window.users
    stale = user_row(window, "sw.north1")
    users.edit_selected()
    dialog = users.dialog
    # someone else changes the account meanwhile
    admin = demo_actor(demo_db, "admin")
    services.admin.update_user(admin, stale.id, expected_version=stale.version, display_name="X Y")
    dialog.name_edit.setText("Changed Here")
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(u.display_name == "X Y" for u in users.model.all_rows()))
    assert "changed by someone else" in users.error.text() and users.error.isVisible()
    close_window(window)


def test_own_role_message(qtbot, services, demo_db) -> None:
    window = admin_window(qtbot, services, demo_db)
    user_row(window, "admin")
    window.users.edit_selected()
    dialog = window.users.dialog
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.TEAM_MANAGER))
    save(qtbot, dialog, dialog.sig_error)
    assert dialog.field_errors["role"].text() == "You cannot change your own role"
    close_window(window)
