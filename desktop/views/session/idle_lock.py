"""Idle lock: count user input application-wide; after the idle time cover the window's content."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from desktop import resources
from desktop.domain.actor import Actor
from desktop.tasks import TaskRunner
from desktop.views.widgets.forms import busy_bar, error_label, message_of, show_error

UNLOCK_KEY = "auth.unlock"
IDLE_NOTE = (
    "Caseboard locked itself because it was not used for a while. "
    "Enter your password to carry on where you left off."
)
ENDED_NOTE = "Sign out, then start Caseboard again and sign in to carry on."

#: Events that mean someone is at the keyboard or mouse.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Application event filter: any user input restarts the countdown; ``sig_idle`` at zero."""

    sig_idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, timeout_ms))
        self._enabled = timeout_ms > 0
        self._timer.timeout.connect(self.sig_idle.emit)
        self._installed = False

    @property
    def timeout_ms(self) -> int:
        """The idle time before locking; 0 when the idle lock is off."""
        return self._timer.interval() if self._enabled else 0

    @property
    def is_running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if not self._enabled:
            return
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Change the idle time (a new policy); the count restarts if it was running."""
        running = self._timer.isActive()
        self._timer.setInterval(max(1, timeout_ms))
        self._enabled = timeout_ms > 0
        if running or self._enabled:
            self._timer.stop()
            self.start()

    def uninstall(self) -> None:
        self.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._timer.isActive() and event.type() in INPUT_EVENTS:
            self._timer.start()  # restart the countdown
        return False


class LockPanel(QWidget):
    """Covers the window: who is signed in, a password field and Unlock; no case content."""

    #: The user asked to unlock with this password.
    sig_unlock_requested = Signal(str)
    #: The user gave up: sign out (closes Caseboard; unsaved typing is lost).
    sig_sign_out_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockPanel")
        card = QFrame(self)
        card.setObjectName("lockCard")
        card.setMaximumWidth(460)
        icon = QLabel(card)
        icon.setPixmap(resources.icon("restricted").pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label = QLabel(card)
        self.title_label.setObjectName("lockTitle")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label.setWordWrap(True)
        self.note_label = note = QLabel(IDLE_NOTE, card)
        note.setObjectName("lockNote")
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password_edit = QLineEdit(card)
        self.password_edit.setObjectName("lockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password to unlock"))
        self.unlock_button = QPushButton(self.tr("&Unlock"), card)
        self.unlock_button.setObjectName("lockUnlock")
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.sign_out_button = QPushButton(self.tr("Sign &out"), card)
        self.sign_out_button.setObjectName("lockSignOut")
        self.sign_out_button.setAccessibleName(self.tr("Sign out and close Caseboard"))
        self.sign_out_button.setToolTip(self.tr("Closes Caseboard; unsaved typing is lost"))
        self.sign_out_button.hide()
        self.error_label = error_label(card, "lockError", self.tr("Unlock message"))
        self.busy = busy_bar(card, self.tr("Checking your password"))

        form = QFormLayout()
        self.password_label = QLabel(self.tr("&Password:"), card)
        self.password_label.setBuddy(self.password_edit)
        form.addRow(self.password_label, self.password_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sign_out_button)
        buttons.addWidget(self.unlock_button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 22)
        inner.setSpacing(12)
        inner.addWidget(icon)
        inner.addWidget(self.title_label)
        inner.addWidget(note)
        inner.addLayout(form)
        inner.addWidget(self.error_label)
        inner.addWidget(self.busy)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.password_edit.returnPressed.connect(self._on_unlock_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.sign_out_button.clicked.connect(self.sig_sign_out_requested.emit)

    def reset(self, user_label: str) -> None:
        self.title_label.setText(self.tr("Locked — {user}").format(user=user_label))
        self.title_label.setAccessibleName(self.title_label.text())
        self.password_edit.clear()
        self.sign_out_button.hide()
        self.note_label.setText(self.tr(IDLE_NOTE))
        self.password_edit.show()
        self.password_label.show()
        self.unlock_button.show()
        show_error(self.error_label, "")
        self.set_busy(False)

    def show_ended(self, message: str) -> None:
        """The session is over (an administrator changed the account): no unlocking, only
        signing out; a fresh sign-in checks the account as it is now."""
        self.password_edit.clear()
        self.password_edit.hide()
        self.password_label.hide()
        self.unlock_button.hide()
        self.note_label.setText(self.tr(ENDED_NOTE))
        show_error(self.error_label, message)
        self.sign_out_button.show()
        self.sign_out_button.setDefault(True)
        self.sign_out_button.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.password_edit.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)

    def show_failure(self, message: str, *, locked_out: bool) -> None:
        self.password_edit.clear()
        if locked_out:
            message += "\n" + self.tr(
                "Ask your administrator to unlock the account, or sign out "
                "(unsaved typing is lost)."
            )
        show_error(self.error_label, message)
        self.sign_out_button.show()
        self.password_edit.setFocus()

    def _on_unlock_clicked(self) -> None:
        if self.password_edit.text():
            self.sig_unlock_requested.emit(self.password_edit.text())


class WindowLocker(QObject):
    """Covers a window's content with a ``LockPanel`` after idle time or on request.

    Nothing is destroyed: the content page is only hidden, so unsaved typing survives. Other
    visible windows (tool windows, non-modal dialogs) are hidden too and shown again on unlock;
    every action of the window is disabled meanwhile so no shortcut reaches hidden content.
    """

    sig_locked = Signal()
    sig_unlocked = Signal()

    def __init__(
        self,
        *,
        window: QMainWindow,
        stack: QStackedWidget,
        content: QWidget,
        runner: TaskRunner,
        auth_service: Any,
        actor: Callable[[], Actor],
        timeout_ms: int,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._stack = stack
        self._content = content
        self._runner = runner
        self._auth = auth_service
        self._actor = actor
        self.panel = LockPanel(stack)
        stack.addWidget(self.panel)
        self.watcher = IdleWatcher(timeout_ms, self)
        self.watcher.sig_idle.connect(self.lock)
        self.panel.sig_unlock_requested.connect(self._on_panel_unlock_requested)
        self.panel.sig_sign_out_requested.connect(window.close)
        self._locked = False
        self._ended = False
        self._title = ""
        self._hidden: list[QWidget] = []
        self._actions: dict[QAction, bool] = {}
        self._toolbars: list[QToolBar] = []
        self._focus: QWidget | None = None
        if timeout_ms > 0:
            self.watcher.start()

    @property
    def is_locked(self) -> bool:
        return self._locked

    @property
    def session_ended(self) -> bool:
        """An administrator ended this session: the window stays locked until Caseboard closes."""
        return self._ended

    def end_session(self, error: BaseException) -> None:
        """Lock for good, saying why (SessionEnded's message); only signing out is offered."""
        message = message_of(error, self.tr("Your account was changed: sign in again."))
        self._ended = True
        self.lock()
        self._runner.cancel(UNLOCK_KEY)
        self.panel.show_ended(message)

    def lock(self) -> None:
        if self._locked:
            return
        self._locked = True
        self.watcher.stop()
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and self._content.isAncestorOf(focus) else None
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        transient = (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)
        self._hidden = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self._window and w.isVisible() and w.windowType() not in transient
        ]
        for widget in self._hidden:
            widget.hide()
        self._title = self._window.windowTitle()
        self._window.setWindowTitle(self.tr("Caseboard — Locked"))
        self._actions = {a: a.isEnabled() for a in self._window.findChildren(QAction)}
        for action in self._actions:
            action.setEnabled(False)
        self._toolbars = [t for t in self._window.findChildren(QToolBar) if t.isVisible()]
        for toolbar in self._toolbars:
            toolbar.hide()
        self._window.menuBar().setEnabled(False)
        self._window.statusBar().clearMessage()
        self.panel.reset(self._actor().label)
        self._stack.setCurrentWidget(self.panel)
        self.panel.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_locked.emit()

    def unlock_with(self, password: str) -> None:
        """Check the password on a worker (the same lockout as signing in applies)."""
        if self._ended:
            return
        auth, actor = self._auth, self._actor()
        self.panel.set_busy(True)
        self._runner.submit(
            lambda _p: auth.unlock(actor, password),
            on_done=lambda _result: self._on_unlocked(),
            on_error=self._on_unlock_failed,
            key=UNLOCK_KEY,
        )

    def _on_panel_unlock_requested(self, password: str) -> None:
        self.unlock_with(password)

    def _on_unlocked(self) -> None:
        if self._ended:
            return
        self.panel.set_busy(False)
        self.panel.reset(self._actor().label)
        self._locked = False
        self._stack.setCurrentWidget(self._content)
        self._window.setWindowTitle(self._title)
        for action, enabled in self._actions.items():
            if Shiboken.isValid(action):
                action.setEnabled(enabled)
        self._window.menuBar().setEnabled(True)
        for toolbar in self._toolbars:
            toolbar.show()
        for widget in self._hidden:
            if Shiboken.isValid(widget):
                widget.show()
        self._hidden, self._actions, self._toolbars = [], {}, []
        if self._focus is not None and Shiboken.isValid(self._focus):
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.watcher.timeout_ms > 0:
            self.watcher.start()
        self.sig_unlocked.emit()

    def _on_unlock_failed(self, error: BaseException) -> None:
        self.panel.set_busy(False)
        message = message_of(error, self.tr("Caseboard could not check the password."))
        # AuthService's SignInFailed says when the account is locked; duck-typed, as views do
        # not import services' internals
        locked_out = bool(getattr(error, "locked", False))
        self.panel.show_failure(message, locked_out=locked_out)
