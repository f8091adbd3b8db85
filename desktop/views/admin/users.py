"""The administrator's home: the users table and the actions on it (never a delete)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import resources
from desktop.domain.actor import Actor
from desktop.domain.errors import EditConflict
from desktop.interfaces import UserAdminApi
from desktop.models.users import Column, UsersTableModel
from desktop.tasks import TaskRunner
from desktop.views.admin.user_edit import ResetPasswordDialog, UserEditDialog
from desktop.views.widgets.forms import error_label, message_of, show_error

LOAD_KEY = "admin.users"
ACTIVE_KEY = "admin.active"


class UsersAdminView(QWidget):
    """Users panel: ``reload()`` lists users and teams on a worker; dialogs save through it."""

    #: The users are in the table (argument: how many).
    sig_loaded = Signal(int)
    #: Loading failed; argument: the message shown.
    sig_load_failed = Signal(str)
    #: A change was saved; argument: the sentence shown in the notice line.
    sig_changed = Signal(str)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        admin_service: UserAdminApi,
        actor: Actor,
        min_password_length: int = 10,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("usersAdminView")
        self._runner = runner
        self._service = admin_service
        self._actor = actor
        self._min_password = min_password_length
        self._teams: list[Any] = []
        self._select_id: int | None = None
        self._load_failed = False
        #: The dialog open now, if any (tests drive it).
        self.dialog: Any = None
        self.model = UsersTableModel(self)

        title = QLabel(self.tr("Users"), self)
        title.setObjectName("panelTitle")
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("usersSearch")
        self.search_edit.setPlaceholderText(self.tr("Filter by name or username"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(
            resources.icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search_edit.setAccessibleName(self.tr("Filter users by name or username"))
        self.search_edit.setMaximumWidth(340)
        self.add_button = self._button("usersAdd", self.tr("&Add user…"), self.tr("Add a user"))
        self.edit_button = self._button(
            "usersEdit", self.tr("&Edit…"), self.tr("Edit the selected user")
        )
        self.reset_button = self._button(
            "usersReset", self.tr("Reset &password…"), self.tr("Reset the selected user's password")
        )
        self.active_button = self._button(
            "usersActive", self.tr("&Deactivate…"), self.tr("Deactivate the selected user")
        )
        self.count_label = QLabel(self)
        self.count_label.setObjectName("caseloadCount")
        self.count_label.setAccessibleName(self.tr("User count"))
        # room for the longest count up front: the bar is laid out while it says "Loading"
        self.count_label.setMinimumWidth(
            self.count_label.fontMetrics().horizontalAdvance(
                self.tr("Showing {shown} of {total} users").format(shown="9,999", total="9,999")
            )
        )
        self.notice = QLabel(self)
        self.notice.setObjectName("noticeLine")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Last change"))
        self.notice.hide()
        self.error = error_label(self, "usersError", self.tr("Error message"))

        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setAccessibleName(self.tr("Users"))
        self.table.setAccessibleDescription(self.tr("Press Enter to edit the selected user."))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        char = self.fontMetrics().horizontalAdvance("n")
        widths = {Column.USERNAME: 18, Column.NAME: 24, Column.ROLE: 20, Column.TEAM: 24}
        for column, chars in (widths | {Column.AGENCY: 20}).items():
            header.resizeSection(column, char * chars + 24)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(self.search_edit, 1)
        for button in (self.add_button, self.edit_button, self.reset_button, self.active_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)

        self.search_edit.textChanged.connect(self._on_search_changed)
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_selected)
        self.reset_button.clicked.connect(self.reset_selected_password)
        self.active_button.clicked.connect(self.toggle_selected_active)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.model.modelReset.connect(self._on_model_reset)
        self._update_buttons()

    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    # -- public API -------------------------------------------------------------------------

    def reload(self) -> None:
        service, actor = self._service, self._actor
        self.count_label.setText(self.tr("Loading users…"))
        self._runner.submit(
            lambda _p: (service.list_users(actor), service.list_teams(actor)),
            on_done=self._on_loaded,
            on_error=self._on_load_error,
            key=LOAD_KEY,
        )

    def selected_user(self) -> Any | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_user(self, user_id: int) -> None:
        row = self.model.row_of_id(user_id)
        if row >= 0:
            self.table.selectRow(row)

    def add_user(self) -> None:
        self._open(
            UserEditDialog(
                runner=self._runner,
                admin_service=self._service,
                actor=self._actor,
                teams=self._teams,
                min_password_length=self._min_password,
                parent=self,
            ),
            self.tr("Added {name}."),
        )

    def edit_selected(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        self._open(
            UserEditDialog(
                runner=self._runner,
                admin_service=self._service,
                actor=self._actor,
                teams=self._teams,
                user=user,
                parent=self,
            ),
            self.tr("Saved changes to {name}."),
        )

    def reset_selected_password(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        self._open(
            ResetPasswordDialog(
                runner=self._runner,
                admin_service=self._service,
                actor=self._actor,
                user=user,
                min_password_length=self._min_password,
                parent=self,
            ),
            self.tr("New password set for {name}."),
        )

    def toggle_selected_active(self, *, confirm: bool = True) -> None:
        user = self.selected_user()
        if user is None:
            return
        activate = not user.active
        if confirm:
            question = (
                self.tr("Reactivate {name}? They will be able to sign in again.")
                if activate
                else self.tr(
                    "Deactivate {name}? They will no longer be able to sign in. Their account "
                    "and audit history are kept."
                )
            ).format(name=user.display_name)
            answer = QMessageBox.question(
                self,
                self.tr("Reactivate user") if activate else self.tr("Deactivate user"),
                question,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        service, actor = self._service, self._actor
        done = self.tr("{name} reactivated.") if activate else self.tr("{name} deactivated.")
        self._runner.submit(
            lambda _p: service.update_user(
                actor, user.id, expected_version=user.version, active=activate
            ),
            on_done=lambda record: self._on_saved(record, done),
            on_error=self._on_save_error,
            key=ACTIVE_KEY,
        )

    # -- slots ----------------------------------------------------------------------------------

    def _open(self, dialog: Any, done: str) -> None:
        self.dialog = dialog
        dialog.sig_saved.connect(lambda record: self._on_saved(record, done))
        dialog.sig_error.connect(lambda error: self._on_dialog_error(dialog, error))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_loaded(self, result: tuple[list[Any], list[Any]]) -> None:
        users, self._teams = result
        if self._load_failed:
            self._load_failed = False
            show_error(self.error, "")
        self.model.set_rows(users)
        self._update_count()
        self.sig_loaded.emit(len(users))

    def _on_load_error(self, error: BaseException) -> None:
        message = self.tr("The users could not be loaded: {reason}").format(
            reason=message_of(error, self.tr("an unexpected error; see the log"))
        )
        self._load_failed = True
        show_error(self.error, message)
        self.count_label.setText("")
        self.sig_load_failed.emit(message)

    def _on_saved(self, record: Any, done: str) -> None:
        self._select_id = record.id
        self._notify(done.format(name=record.display_name))
        self.reload()

    def _on_save_error(self, error: BaseException) -> None:
        show_error(self.error, message_of(error, self.tr("Not saved: an unexpected error.")))
        if isinstance(error, EditConflict):
            self.reload()

    def _on_dialog_error(self, dialog: Any, error: BaseException) -> None:
        if isinstance(error, EditConflict):
            dialog.reject()  # its copy of the account is out of date
            show_error(
                self.error,
                self.tr("{reason}. The list has been reloaded: open the user again.").format(
                    reason=str(error)
                ),
            )
            self.reload()

    def _notify(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setAccessibleDescription(text)
        self.notice.show()
        show_error(self.error, "")
        self.sig_changed.emit(text)

    def _on_search_changed(self, text: str) -> None:
        needle = text.strip().casefold()
        self.model.set_filter(
            (lambda u: needle in u.display_name.casefold() or needle in u.username)
            if needle
            else None
        )
        self._update_count()

    def _on_model_reset(self) -> None:
        if self._select_id is not None:
            self.select_user(self._select_id)
            self._select_id = None
        self._update_buttons()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        self.count_label.setText(
            self.tr("Showing {shown} of {total} users").format(
                shown=f"{shown:,}", total=f"{total:,}"
            )
        )

    def _update_buttons(self) -> None:
        user = self.selected_user()
        for button in (self.edit_button, self.reset_button, self.active_button):
            button.setEnabled(user is not None)
        if user is not None and not user.active:
            self.active_button.setText(self.tr("Re&activate…"))
            self.active_button.setAccessibleName(self.tr("Reactivate the selected user"))
        else:
            self.active_button.setText(self.tr("&Deactivate…"))
            self.active_button.setAccessibleName(self.tr("Deactivate the selected user"))
