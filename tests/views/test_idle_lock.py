"""Idle lock: content covered after idle time, nothing case-related visible, typing kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from desktop.app import create_application
from desktop.domain.security import SecurityPolicy
from desktop.tasks import TaskRunner
from desktop.views.main_window import MainWindow
from tests.views.fakes import (
    ACTOR,
    OFFSCREEN_LOG_IGNORE,
    FakeAuthService,
    FakeCaseloadService,
    sample_rows,
)
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE

IDLE_MS = 150


def make_window(qtbot, auth: FakeAuthService, idle_ms: int = IDLE_MS) -> MainWindow:
    create_application()
    window = MainWindow(
        runner=TaskRunner(),
        caseload_service=FakeCaseloadService(sample_rows(40)),
        auth_service=auth,
        policy=auth.policy(),
        actor=ACTOR,
        database_label="caseboard.db (SQLite)",
        idle_lock_ms=idle_ms,
    )
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.show()
    with qtbot.waitSignal(window.sig_home_ready, timeout=5000):
        window.start()
    return window


def visible_texts() -> list[str]:
    """Every piece of text a person could read on screen right now (titles included)."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        texts.append(top.windowTitle())
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel | QAbstractButton) or (
                isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Normal
            ):
                texts.append(widget.text())
    return texts


def test_idle_lock_hides_content_and_unlock_restores_it(qtbot) -> None:
    auth = FakeAuthService()
    window = make_window(qtbot, auth, idle_ms=60_000)  # a busy machine must not lock early
    view = window.caseload
    names = [r.display_name for r in view.model.all_rows()]
    qtbot.keyClicks(view.search_edit, "ol")
    assert view.table.isVisible()

    with qtbot.waitSignal(window.locker.sig_locked, timeout=3000):
        window.locker.watcher.set_timeout_ms(IDLE_MS)  # then no input: the idle timer fires
    assert window.locker.is_locked
    assert not view.table.isVisible() and not view.search_edit.isVisible()
    assert window.windowTitle() == "Caseboard — Locked"
    assert window.locker.panel.isVisible()
    assert window.locker.panel.title_label.text() == f"Locked — {ACTOR.label}"
    shown = "\n".join(visible_texts())
    assert not [n for n in names if n in shown]
    assert "ol" not in [t for t in visible_texts() if t]  # the search text is not on screen
    assert not window.toolbar.isVisible()
    assert not window.export_action.isEnabled() and not window.refresh_action.isEnabled()
    assert window.focusWidget() is window.locker.panel.password_edit
    save_screen(window, "idle-lock")

    # Wrong password: the message, still locked.
    qtbot.keyClicks(window.locker.panel.password_edit, "wrong")
    qtbot.keyClick(window.locker.panel.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.locker.panel.error_label.isVisible(), timeout=3000)
    assert window.locker.panel.error_label.text() == "The username or password is not right"
    assert window.locker.is_locked and window.locker.panel.sign_out_button.isVisible()
    save_screen(window, "idle-lock-wrong-password")

    with qtbot.waitSignal(window.locker.sig_unlocked, timeout=3000):
        qtbot.keyClicks(window.locker.panel.password_edit, "right-password")
        qtbot.keyClick(window.locker.panel.password_edit, Qt.Key.Key_Return)
    assert view.table.isVisible() and view.search_edit.text() == "ol"  # typing kept
    assert window.windowTitle() == "Caseboard — caseboard.db (SQLite)"
    assert window.toolbar.isVisible() and window.export_action.isEnabled()
    assert window.locker.watcher.is_running
    assert auth.calls[-1] == (ACTOR.username, "right-password")


def test_input_postpones_the_lock_and_lock_now_action(qtbot) -> None:
    window = make_window(qtbot, FakeAuthService(), idle_ms=400)
    for _ in range(6):
        qtbot.wait(100)
        qtbot.keyClick(window.caseload.search_edit, "a")
    assert not window.locker.is_locked  # 600 ms of typing with a 400 ms limit
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.lock_action.trigger()
    assert window.locker.is_locked


def test_open_windows_hide_while_locked(qtbot) -> None:
    window = make_window(qtbot, FakeAuthService(), idle_ms=0)
    tool = QWidget()
    tool.setWindowTitle("Tool window")
    qtbot.addWidget(tool)
    tool.show()
    window.locker.lock()
    assert not tool.isVisible()
    with qtbot.waitSignal(window.locker.sig_unlocked, timeout=3000):
        window.locker.unlock_with("right-password")
    assert tool.isVisible()


def test_lockout_offers_sign_out(qtbot) -> None:
    auth = FakeAuthService(policy=SecurityPolicy(lockout_attempts=2))
    window = make_window(qtbot, auth, idle_ms=0)
    window.locker.lock()
    panel = window.locker.panel
    for _ in range(3):
        panel.password_edit.setText("wrong")
        panel.unlock_button.click()
        qtbot.waitUntil(lambda: panel.unlock_button.isEnabled(), timeout=3000)
    assert "locked until" in panel.error_label.text()
    assert "sign out" in panel.error_label.text()
    assert panel.sign_out_button.isVisible()
    save_screen(window, "idle-lock-locked-out")
    qtbot.mouseClick(panel.sign_out_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
