"""Add or edit one user, and reset a password: forms that save through the admin service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import Role
from desktop.services.actor import Actor
from desktop.tasks import TaskRunner
from desktop.views.forms import busy_bar, error_label, field_errors, message_of, show_error

SAVE_KEY = "admin.save_user"


class UserAdminServiceLike(Protocol):
    def list_users(self, actor: Actor) -> list[Any]: ...

    def list_teams(self, actor: Actor) -> list[Any]: ...

    def add_user(self, actor: Actor, **fields: Any) -> Any: ...

    def update_user(self, actor: Actor, user_id: int, **fields: Any) -> Any: ...


class _FormDialog(QDialog):
    """A form whose fields each have an inline error label, saved on a worker."""

    #: Saved; argument: the new or updated user record.
    sig_saved = Signal(object)
    #: Saving failed; argument: the exception (its str is the message shown).
    sig_error = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._runner = runner
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.field_errors: dict[str, QLabel] = {}
        self.error_label = error_label(self, "formError", self.tr("Form message"))
        self.busy = busy_bar(self, self.tr("Saving"))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("formSave")
        self.save_button.setAccessibleName(self.tr("Save"))
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def add_field(self, key: str, text: str, widget: QWidget, accessible: str) -> None:
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(accessible)
        if isinstance(widget, QComboBox):
            widget.view().setAccessibleName(accessible)
        self.form.addRow(text, widget)
        label = error_label(
            self, f"error_{key}", self.tr("{field}: message").format(field=accessible)
        )
        self.form.addRow("", label)
        self.field_errors[key] = label

    def fit_height(self) -> None:
        """Grow to show wrapped messages (a shown dialog does not re-measure by itself)."""
        layout = self.layout()
        layout.activate()
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(self.width())
        else:
            height = layout.totalSizeHint().height()
        if height > self.height():
            self.resize(self.width(), height)

    def clear_errors(self) -> None:
        show_error(self.error_label, "")
        for label in self.field_errors.values():
            show_error(label, "")

    def show_field_error(self, key: str, message: str) -> None:
        label = self.field_errors.get(key)
        if label is None:
            show_error(self.error_label, message)
            return
        show_error(label, message)
        self.fit_height()
        field = self.findChild(QWidget, f"field_{key}")
        if field is not None:
            field.setFocus()

    def submit(self) -> None:
        raise NotImplementedError

    def save(self, work: Callable[[Any], Any]) -> None:
        self.clear_errors()
        self._set_busy(True)
        self._runner.submit(work, on_done=self._on_saved, on_error=self._on_error, key=SAVE_KEY)

    def _on_saved(self, record: Any) -> None:
        self._set_busy(False)
        self.sig_saved.emit(record)
        self.accept()

    def _on_error(self, error: BaseException) -> None:
        self._set_busy(False)
        fields = {k: v for k, v in field_errors(error).items() if k in self.field_errors}
        for key, message in fields.items():
            # some services give a short tag per field and the sentence as the message
            self.show_field_error(key, message if len(message) >= 20 else str(error))
        if not fields:
            show_error(
                self.error_label, message_of(error, self.tr("Not saved: an unexpected error."))
            )
            self.fit_height()
        self.sig_error.emit(error)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.save_button.setEnabled(not busy)


def _password_edit(parent: QWidget | None) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UserEditDialog(_FormDialog):
    """Add a user (``user=None``) or edit one (name, role, team, active), conflict-checked."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        admin_service: UserAdminServiceLike,
        actor: Actor,
        teams: list[Any],
        user: Any | None = None,
        min_password_length: int = 10,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service = admin_service
        self._actor = actor
        self._user = user
        adding = user is None
        self.setObjectName("userEditDialog")
        self.setWindowTitle(
            self.tr("Add user") if adding else self.tr("Edit {name}").format(name=user.display_name)
        )
        # fields only one mode uses stay parentless until the form adopts them
        self.username_edit = QLineEdit()
        self.username_edit.setMaxLength(100)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(200)
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem(self.tr(role.label), role)
        self.team_combo = QComboBox(self)
        self.team_combo.addItem(self.tr("No team"), None)
        for team in teams:
            self.team_combo.addItem(team.name, team.id)
        self.agency_edit = QLineEdit(self.tr("Children's Social Care"))
        self.password_edit = _password_edit(None)
        self.confirm_edit = _password_edit(None)
        self.active_check = QCheckBox(self.tr("Account is &active (can sign in)"))

        if adding:
            self.add_field(
                "username", self.tr("&Username:"), self.username_edit, self.tr("Username")
            )
        else:
            shown = QLabel(user.username, self)
            shown.setObjectName("usernameShown")
            self.form.addRow(self.tr("Username:"), shown)
        self.add_field("display_name", self.tr("&Name:"), self.name_edit, self.tr("Name"))
        self.add_field("role", self.tr("&Role:"), self.role_combo, self.tr("Role"))
        self.add_field("team", self.tr("&Team:"), self.team_combo, self.tr("Team"))
        if adding:
            self.add_field("agency", self.tr("A&gency:"), self.agency_edit, self.tr("Agency"))
            self.add_field(
                "password", self.tr("&Password:"), self.password_edit, self.tr("Password")
            )
            self.add_field(
                "confirm",
                self.tr("&Confirm password:"),
                self.confirm_edit,
                self.tr("Confirm password"),
            )
            hint = QLabel(
                self.tr("At least {count} characters; not the username.").format(
                    count=min_password_length
                ),
                self,
            )
            hint.setObjectName("formHint")
            self.form.addRow("", hint)
            self.username_edit.setFocus()
        else:
            self.name_edit.setText(user.display_name)
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(user.role)))
            self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(user.team_id)))
            self.active_check.setChecked(bool(user.active))
            self.add_field("active", "", self.active_check, self.tr("Account is active"))
            self.name_edit.setFocus()

    def submit(self) -> None:
        service, actor = self._service, self._actor
        role = Role(self.role_combo.currentData())
        team_id = self.team_combo.currentData()
        name = self.name_edit.text()
        if self._user is None:
            self.clear_errors()
            password = self.password_edit.text()
            if password != self.confirm_edit.text():
                self.show_field_error("confirm", self.tr("The two passwords are not the same"))
                return
            username, agency = self.username_edit.text(), self.agency_edit.text()
            self.save(
                lambda _p: service.add_user(
                    actor,
                    username=username,
                    display_name=name,
                    role=role,
                    team_id=team_id,
                    password=password,
                    agency=agency,
                )
            )
            return
        user, active = self._user, self.active_check.isChecked()
        self.save(
            lambda _p: service.update_user(
                actor,
                user.id,
                expected_version=user.version,
                display_name=name,
                role=role,
                team_id=team_id,
                clear_team=team_id is None,
                active=active,
            )
        )


class ResetPasswordDialog(_FormDialog):
    """Set a new password for someone who forgot theirs (also clears a lockout)."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        admin_service: UserAdminServiceLike,
        actor: Actor,
        user: Any,
        min_password_length: int = 10,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service, self._actor, self._user = admin_service, actor, user
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(self.tr("Reset password — {name}").format(name=user.display_name))
        intro = QLabel(
            self.tr(
                "Set a new password for <b>{name}</b> ({username}). Tell them in person or by "
                "phone, never by email. A locked account is unlocked too. When they next "
                "sign in they must choose a password of their own; if they are signed in now, "
                "that session ends."
            ).format(name=user.display_name, username=user.username),
            self,
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.password_edit = _password_edit(self)
        self.confirm_edit = _password_edit(self)
        self.add_field(
            "password", self.tr("&New password:"), self.password_edit, self.tr("New password")
        )
        self.add_field(
            "confirm", self.tr("&Confirm password:"), self.confirm_edit, self.tr("Confirm password")
        )
        hint = QLabel(
            self.tr("At least {count} characters; not the username.").format(
                count=min_password_length
            ),
            self,
        )
        hint.setObjectName("formHint")
        self.form.addRow("", hint)
        self.save_button.setText(self.tr("&Reset password"))
        self.password_edit.setFocus()

    def submit(self) -> None:
        self.clear_errors()
        password = self.password_edit.text()
        if password != self.confirm_edit.text():
            self.show_field_error("confirm", self.tr("The two passwords are not the same"))
            return
        service, actor, user = self._service, self._actor, self._user
        self.save(
            lambda _p: service.update_user(
                actor, user.id, expected_version=user.version, new_password=password
            )
        )
