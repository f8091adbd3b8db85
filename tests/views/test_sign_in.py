"""The sign-in dialog: fake service for each message, and once through the real AuthService."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from desktop.app import AppServices, create_application
from desktop.domain.enums import AuditAction
from desktop.domain.security import SecurityPolicy
from desktop.services.demo import DEMO_PASSWORD
from desktop.tasks import TaskRunner
from desktop.views.session.sign_in import AlertsDialog, SignInDialog
from tests.views.conftest import demo_actor
from tests.views.fakes import ACTOR, OFFSCREEN_LOG_IGNORE, FakeAuthService
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE


def make_dialog(qtbot, auth, *, demo: bool = False, os_login: str | None = "pshah") -> SignInDialog:
    create_application()
    runner = TaskRunner()
    dialog = SignInDialog(
        runner=runner,
        auth_service=auth,
        demo=demo,
        username="pshah",
        os_login=os_login,
        database_label="caseboard.db (SQLite)",
    )
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_policy_loaded, timeout=3000):
        dialog.show()
    return dialog


def type_and_sign_in(qtbot, dialog: SignInDialog, password: str) -> None:
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # the default button


def test_success_on_worker_thread(qtbot) -> None:
    auth = FakeAuthService()
    dialog = make_dialog(qtbot, auth)
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.focusWidget() is dialog.password_edit  # username prefilled
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        type_and_sign_in(qtbot, dialog, "right-password")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in.actor == ACTOR
    assert auth.calls == [("pshah", "right-password")]
    assert auth.threads[0] is not threading.main_thread()


def test_wrong_password_message_is_shown_and_read_out(qtbot) -> None:
    dialog = make_dialog(qtbot, FakeAuthService())
    with qtbot.waitSignal(dialog.sig_failed, timeout=3000):
        type_and_sign_in(qtbot, dialog, "nope")
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "The username or password is not right"
    assert dialog.error_label.accessibleDescription() == dialog.error_label.text()
    assert dialog.password_edit.text() == "" and dialog.isVisible()
    assert dialog.sign_in_button.isEnabled() and not dialog.busy.isVisible()


def test_locked_message_after_repeated_failures(qtbot) -> None:
    dialog = make_dialog(qtbot, FakeAuthService(policy=SecurityPolicy(lockout_attempts=2)))
    for _ in range(2):
        with qtbot.waitSignal(dialog.sig_failed, timeout=3000):
            type_and_sign_in(qtbot, dialog, "nope")
    with qtbot.waitSignal(dialog.sig_failed, timeout=3000):
        type_and_sign_in(qtbot, dialog, "right-password")
    assert "locked until" in dialog.error_label.text()
    save_screen(dialog, "sign-in-locked")


def test_blank_username_is_refused_without_calling_the_service(qtbot) -> None:
    auth = FakeAuthService()
    dialog = make_dialog(qtbot, auth)
    dialog.username_edit.clear()
    type_and_sign_in(qtbot, dialog, "x")
    assert dialog.error_label.text() == "Enter your username" and auth.calls == []


def test_workstation_login_button_only_when_trusted(qtbot) -> None:
    plain = make_dialog(qtbot, FakeAuthService())
    assert not plain.os_button.isVisible()
    trusted = make_dialog(qtbot, FakeAuthService(policy=SecurityPolicy(trust_os_login=True)))
    assert trusted.os_button.isVisible()
    assert "pshah" in trusted.os_button.toolTip()
    with qtbot.waitSignal(trusted.accepted, timeout=3000):
        qtbot.mouseClick(trusted.os_button, Qt.MouseButton.LeftButton)
    assert trusted.signed_in.actor == ACTOR
    # no OS login known: nothing to trust
    unknown = make_dialog(
        qtbot, FakeAuthService(policy=SecurityPolicy(trust_os_login=True)), os_login=None
    )
    assert not unknown.os_button.isVisible()


def test_demo_hint_only_on_demo_database(qtbot) -> None:
    real = make_dialog(qtbot, FakeAuthService())
    assert not real.demo_label.isVisible()
    assert "caseboard-demo" not in real.demo_label.text() or not real.demo_label.isVisible()
    demo = make_dialog(qtbot, FakeAuthService(), demo=True)
    assert demo.demo_label.isVisible()
    assert "caseboard-demo" in demo.demo_label.text()
    save_screen(demo, "sign-in")


def test_escape_cancels(qtbot) -> None:
    dialog = make_dialog(qtbot, FakeAuthService())
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)


def test_alerts_dialog(qtbot) -> None:
    create_application()
    alerts = AlertsDialog(("sw.north1 used break-glass access to V.D. on 12 May 2026 10:00.",))
    qtbot.addWidget(alerts)
    alerts.show()
    assert "V.D." in alerts.text.toPlainText()
    save_screen(alerts, "sign-in-alerts")


def test_real_auth_service_on_sqlite(qtbot, services: AppServices, demo_db) -> None:
    """Wrong then right password through AuthService (argon2) on the worker; both audited."""
    dialog = make_dialog(qtbot, services.auth)
    dialog.username_edit.setText("manager.north")
    with qtbot.waitSignal(dialog.sig_failed, timeout=10000):
        type_and_sign_in(qtbot, dialog, "wrong-password")
    assert dialog.error_label.text() == "The username or password is not right"
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        type_and_sign_in(qtbot, dialog, DEMO_PASSWORD)
    actor = dialog.signed_in.actor
    assert actor.username == "manager.north"
    admin = demo_actor(demo_db, "admin")  # failed sign-ins carry no user: admins see them
    rows = services.audit_viewer.search(admin, username="manager.north")
    actions = {r.action for r in rows}
    assert {AuditAction.LOGIN, AuditAction.FAILED_LOGIN} <= actions
