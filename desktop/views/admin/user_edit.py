"""Add or edit one user, and reset a password: forms that save through the admin service."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.enums import Role
from desktop.interfaces import UserAdminApi
from desktop.tasks import TaskRunner
from desktop.views.widgets.form_dialog import FormDialog

SAVE_KEY = "admin.save_user"


def _password_edit(parent: QWidget | None) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UserEditDialog(FormDialog):
    """Add a user (``user=None``) or edit one (name, role, team, active), conflict-checked."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        admin_service: UserAdminApi,
        actor: Actor,
        teams: list[Any],
        user: Any | None = None,
        min_password_length: int = 10,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, save_key=SAVE_KEY, parent=parent, min_width=460)
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


class ResetPasswordDialog(FormDialog):
    """Set a new password for someone who forgot theirs (also clears a lockout)."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        admin_service: UserAdminApi,
        actor: Actor,
        user: Any,
        min_password_length: int = 10,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, save_key=SAVE_KEY, parent=parent, min_width=460)
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
