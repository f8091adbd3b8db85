"""The sign-in dialog shown before the main window, and the alerts a manager must read first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import resources
from desktop.domain.security import SecurityPolicy, password_problem
from desktop.interfaces import AuthApi
from desktop.tasks import TaskRunner
from desktop.views.widgets.forms import busy_bar, error_label, message_of, show_error

SIGN_IN_KEY = "auth.sign_in"
NEW_PASSWORD_KEY = "auth.new_password"
POLICY_KEY = "auth.policy"
DEMO_PASSWORD_HINT = "caseboard-demo"


class SignInDialog(QDialog):
    """Username and password, checked on a worker (argon2 takes ~0.3 s); ``signed_in`` after."""

    #: The policy arrived from the database (the workstation-login button depends on it).
    sig_policy_loaded = Signal(object)
    #: A sign-in attempt failed; argument: the message shown.
    sig_failed = Signal(str)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        auth_service: AuthApi,
        demo: bool,
        username: str | None = None,
        os_login: str | None = None,
        database_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in to Caseboard"))
        self.setWindowIcon(resources.icon("caseboard"))
        self._runner = runner
        self._auth = auth_service
        self._os_login = os_login
        #: The ``SignedIn`` result once accepted (actor, alerts, policy).
        self.signed_in: Any = None
        #: A ``SignedIn`` whose password an administrator reset, until a new one is chosen.
        self._pending: Any = None
        self._busy = False
        self._build(demo, username or "", database_label)
        self._load_policy()

    def _build(self, demo: bool, username: str, database_label: str) -> None:
        heading = QLabel(self.tr("<b>Caseboard</b>"), self)
        heading.setObjectName("dialogHeading")
        intro = QLabel(self.tr("Sign in with your Caseboard account."), self)
        if database_label:
            intro.setText(
                self.tr("Sign in with your Caseboard account.\nDatabase: {name}").format(
                    name=database_label
                )
            )
        intro.setWordWrap(True)

        self.username_edit = QLineEdit(username, self)
        self.username_edit.setObjectName("signInUsername")
        self.username_edit.setAccessibleName(self.tr("Username"))
        self.username_edit.setMaxLength(100)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("signInPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        form = QFormLayout()
        form.addRow(self.tr("&Username:"), self.username_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        self.sign_in_form = QWidget(self)
        self.sign_in_form.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        self.new_password_form = self._build_new_password_form()

        self.error_label = error_label(self, "signInError", self.tr("Sign-in message"))
        self.busy = busy_bar(self, self.tr("Checking your password"))

        self.demo_label = QLabel(
            self.tr(
                # its own line: Qt would otherwise break the password at its hyphen
                "<b>Demo database</b> (synthetic people only).<br>"
                "Every demo user's password is <b>{password}</b>"
            ).format(password=DEMO_PASSWORD_HINT),
            self,
        )
        self.demo_label.setObjectName("demoHint")
        self.demo_label.setWordWrap(True)
        self.demo_label.setTextFormat(Qt.TextFormat.RichText)
        self.demo_label.setAccessibleName(
            self.demo_label.text().replace("<b>", "").replace("</b>", "")
        )
        self.demo_label.setVisible(demo)

        self.os_button = QPushButton(self.tr("Use my &workstation login"), self)
        self.os_button.setObjectName("signInWorkstation")
        self.os_button.setAccessibleName(self.tr("Sign in with my workstation login"))
        self.os_button.setAutoDefault(False)
        self.os_button.hide()

        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = self.buttons.addButton(
            self.tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setAccessibleName(self.tr("Sign in"))
        self.sign_in_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel and close Caseboard"))
        self.buttons.accepted.connect(self._on_sign_in_clicked)
        self.buttons.rejected.connect(self.reject)
        self.os_button.clicked.connect(self._on_os_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.sign_in_form)
        layout.addWidget(self.new_password_form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.demo_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.os_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        (self.password_edit if username else self.username_edit).setFocus()

    def _build_new_password_form(self) -> QWidget:
        """The step after signing in with a password an administrator reset: a new one, twice."""
        page = QWidget(self)
        page.setObjectName("newPasswordStep")
        note = QLabel(
            self.tr(
                "An administrator reset your password. Choose a new password that only you "
                "know before you carry on."
            ),
            page,
        )
        note.setWordWrap(True)
        self.new_password_edit = QLineEdit(page)
        self.new_password_edit.setObjectName("newPassword")
        self.new_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password_edit.setAccessibleName(self.tr("New password"))
        self.repeat_password_edit = QLineEdit(page)
        self.repeat_password_edit.setObjectName("repeatNewPassword")
        self.repeat_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_password_edit.setAccessibleName(self.tr("New password again"))
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(note)
        form.addRow(self.tr("&New password:"), self.new_password_edit)
        form.addRow(self.tr("New password &again:"), self.repeat_password_edit)
        page.setLayout(form)
        page.hide()
        return page

    # -- public API ---------------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        return self._busy

    @property
    def choosing_new_password(self) -> bool:
        """Signed in with a reset password: the dialog now asks for a new one."""
        return self._pending is not None

    def choose_new_password(self) -> None:
        """Check the two new passwords here (strength, match), then set it on a worker."""
        pending = self._pending
        if pending is None or self._busy:
            return
        new, again = self.new_password_edit.text(), self.repeat_password_edit.text()
        problem = password_problem(new, pending.actor.username, pending.policy)
        if problem is None and new != again:
            problem = self.tr("The two new passwords are not the same")
        if problem:
            self.repeat_password_edit.clear()
            self._show_failure(problem)
            self.new_password_edit.setFocus()
            return
        auth, actor = self._auth, pending.actor
        self._set_busy(True)
        show_error(self.error_label, "")
        self._runner.submit(
            lambda _progress: auth.choose_new_password(actor, new),
            on_done=lambda _result: self._on_new_password_set(),
            on_error=self._on_new_password_error,
            key=NEW_PASSWORD_KEY,
        )

    def sign_in(self) -> None:
        if self._pending is not None:
            self.choose_new_password()
            return
        username, password = self.username_edit.text().strip(), self.password_edit.text()
        if not username:
            self._show_failure(self.tr("Enter your username"))
            self.username_edit.setFocus()
            return
        auth = self._auth
        self._submit(lambda _progress: auth.sign_in(username, password))

    def sign_in_with_workstation_login(self) -> None:
        auth, login = self._auth, self._os_login
        self._submit(lambda _progress: auth.sign_in_os(login))

    # -- slots ----------------------------------------------------------------------------------

    def _on_sign_in_clicked(self) -> None:
        self.sign_in()

    def _on_os_clicked(self) -> None:
        self.sign_in_with_workstation_login()

    def _load_policy(self) -> None:
        auth = self._auth
        self._runner.submit(
            lambda _progress: auth.policy(),
            on_done=self._on_policy_loaded,
            on_error=lambda _error: None,  # the button simply stays hidden
            key=POLICY_KEY,
        )

    def _on_policy_loaded(self, policy: SecurityPolicy) -> None:
        self.os_button.setVisible(
            bool(policy.trust_os_login) and bool(self._os_login) and self._pending is None
        )
        if self._os_login:
            self.os_button.setToolTip(
                self.tr("Sign in as {login}, the name you used to log on to this computer").format(
                    login=self._os_login
                )
            )
        self.sig_policy_loaded.emit(policy)

    def _submit(self, work: Any) -> None:
        if self._busy:
            return
        self._set_busy(True)
        show_error(self.error_label, "")
        self._runner.submit(
            work, on_done=self._on_signed_in, on_error=self._on_sign_in_error, key=SIGN_IN_KEY
        )

    def _on_signed_in(self, signed_in: Any) -> None:
        self._set_busy(False)
        if getattr(signed_in, "must_change_password", False):
            self._pending = signed_in
            self.password_edit.clear()
            self.sign_in_form.hide()
            self.os_button.hide()
            self.new_password_form.show()
            self.sign_in_button.setText(self.tr("&Set password"))
            self.sign_in_button.setAccessibleName(self.tr("Set my new password"))
            self.new_password_edit.setFocus()
            return
        self.signed_in = signed_in
        self.accept()

    def _on_new_password_set(self) -> None:
        self._set_busy(False)
        self.signed_in, self._pending = self._pending, None
        self.accept()

    def _on_new_password_error(self, error: BaseException) -> None:
        self._set_busy(False)
        self.new_password_edit.clear()
        self.repeat_password_edit.clear()
        self._show_failure(
            message_of(error, self.tr("Your new password could not be set: try again."))
        )
        self.new_password_edit.setFocus()

    def _on_sign_in_error(self, error: BaseException) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self._show_failure(
            message_of(error, self.tr("Sign-in failed because of an unexpected error."))
        )
        self.password_edit.setFocus()

    def _show_failure(self, message: str) -> None:
        show_error(self.error_label, message)
        self.sig_failed.emit(message)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for widget in (
            self.username_edit,
            self.password_edit,
            self.sign_in_button,
            self.os_button,
            self.new_password_edit,
            self.repeat_password_edit,
        ):
            widget.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def reject(self) -> None:
        self._runner.cancel(SIGN_IN_KEY)
        self._runner.cancel(NEW_PASSWORD_KEY)
        self._runner.cancel(POLICY_KEY)
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._runner.cancel(SIGN_IN_KEY)
        super().closeEvent(event)


class AlertsDialog(QDialog):
    """Alerts the signed-in user must read before work starts (break-glass on their team)."""

    def __init__(self, alerts: tuple[str, ...] | list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertsDialog")
        self.setWindowTitle(self.tr("Caseboard — alerts for you"))
        heading = QLabel(
            self.tr(
                "<b>Since you last signed in: restricted records opened on your team, or "
                "accounts that can read case records set up by an administrator.</b>"
                "<br>Check each one; Administration ▸ Audit log… has the details."
            ),
            self,
        )
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("alertsText")
        self.text.setReadOnly(True)
        self.text.setPlainText("\n\n".join(f"• {alert}" for alert in alerts))
        self.text.setAccessibleName(self.tr("Alerts"))
        self.text.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&I have read these"))
        ok.setAccessibleName(self.tr("I have read these alerts"))
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(560, 320)
        ok.setFocus()
