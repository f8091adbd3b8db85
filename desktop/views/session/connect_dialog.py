"""The Connect dialog (add, edit, test and choose a connection profile) and the password prompt."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import resources, secrets
from desktop.domain.errors import ServiceError
from desktop.interfaces import ConnectionCheck
from desktop.profiles import (
    DEFAULT_PORT,
    DEFAULT_SSLMODE,
    SSL_MODES,
    ConnectionChoice,
    ConnectionProfile,
    ProfileStore,
)
from desktop.tasks import TaskRunner
from desktop.views.widgets.forms import busy_bar, error_label, field_errors, message_of, show_error

TEST_KEY = "connect.test"
#: ``checker(profile, password) -> message``: runs on a worker; raises a ServiceError on failure
#: (the real one, ``desktop.app.check_connection``, is handed in by the app).
Checker = ConnectionCheck


def _file_row(parent: QWidget, edit: QLineEdit, browse: QPushButton) -> QWidget:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return row


class ConnectDialog(QDialog):
    """Profiles on the left, the selected one's fields on the right; Connect returns a choice.

    The password is never shown from the keyring: an empty password field means "use the
    stored one". ``choice`` holds the profile and password once accepted.
    """

    #: A connection test finished: (succeeded, message shown).
    sig_test_finished = Signal(bool, str)
    #: The profiles list changed (saved, duplicated, deleted).
    sig_profiles_changed = Signal()

    def __init__(
        self,
        *,
        runner: TaskRunner,
        store: ProfileStore,
        checker: Checker,
        switching: bool = False,
        error: str = "",
        select: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.setWindowTitle(self.tr("Connect to a Caseboard database"))
        self.setWindowIcon(resources.icon("caseboard"))
        self._runner = runner
        self._store = store
        self._checker = checker
        #: Name of the stored profile shown in the form; None while adding a new one.
        self._editing: str | None = None
        self._dirty = False
        self._loading = False
        self._busy = False
        self.choice: ConnectionChoice | None = None
        self._keyring_ok, self._keyring_reason = secrets.keyring_available()
        self._build(switching)
        self.reload(select)
        if error:
            show_error(self.error_label, error)

    # -- construction -----------------------------------------------------------------------

    def _line(self, name: str, accessible: str, max_length: int = 255) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaxLength(max_length)
        edit.textEdited.connect(self._on_field_edited)
        return edit

    def _browse(self, name: str, accessible: str, target: QLineEdit, save: bool) -> QPushButton:
        button = QPushButton(self.tr("Browse…"), self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._on_browse_clicked(target, save))
        return button

    def _build(self, switching: bool) -> None:
        intro = QLabel(
            self.tr(
                "Choose where Caseboard keeps its records: an SQLite file on this computer or a "
                "shared PostgreSQL server. Passwords are kept only in the system keyring."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.switch_label = QLabel(
            self.tr(
                "<b>Connecting ends this session.</b> Caseboard closes this window, opens the "
                "chosen database and asks you to sign in there."
            ),
            self,
        )
        self.switch_label.setObjectName("connectSwitchNotice")
        self.switch_label.setWordWrap(True)
        self.switch_label.setTextFormat(Qt.TextFormat.RichText)
        self.switch_label.setVisible(switching)

        # Left: the profiles and what to do with them.
        self.list = QListWidget(self)
        self.list.setObjectName("connectProfiles")
        self.list.setAccessibleName(self.tr("Connection profiles"))
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.add_button.setAccessibleName(self.tr("Add a connection profile"))
        self.duplicate_button = QPushButton(self.tr("D&uplicate"), self)
        self.duplicate_button.setAccessibleName(self.tr("Duplicate the selected profile"))
        self.delete_button = QPushButton(self.tr("&Delete"), self)
        self.delete_button.setAccessibleName(self.tr("Delete the selected profile"))
        for button, slot in (
            (self.add_button, self._on_add_clicked),
            (self.duplicate_button, self._on_duplicate_clicked),
            (self.delete_button, self._on_delete_clicked),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.duplicate_button, self.delete_button):
            list_buttons.addWidget(button)
        left = QVBoxLayout()
        profiles_label = QLabel(self.tr("&Profiles:"), self)
        profiles_label.setBuddy(self.list)
        left.addWidget(profiles_label)
        left.addWidget(self.list, 1)
        left.addLayout(list_buttons)

        # Right: the profile's fields.
        self.name_edit = self._line("connectName", self.tr("Profile name"), 60)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("connectKind")
        self.kind_combo.setAccessibleName(self.tr("Database type"))
        self.kind_combo.addItem(self.tr("SQLite file on this computer"), "sqlite")
        self.kind_combo.addItem(self.tr("PostgreSQL server"), "postgresql")
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        # One form, so every label lines up; rows of the other kind are hidden.
        self.form = QFormLayout()
        self.form.addRow(self.tr("&Name:"), self.name_edit)
        self.form.addRow(self.tr("&Type:"), self.kind_combo)

        self.path_edit = self._line("connectPath", self.tr("Database file"), 1000)
        self.path_browse = self._browse(
            "connectPathBrowse", self.tr("Choose the database file"), self.path_edit, True
        )
        self.form.addRow(self.tr("&File:"), _file_row(self, self.path_edit, self.path_browse))
        self._sqlite_rows = [self.form.rowCount() - 1]

        self.host_edit = self._line("connectHost", self.tr("Server host name or address"))
        self.port_spin = QSpinBox(self)
        self.port_spin.setObjectName("connectPort")
        self.port_spin.setAccessibleName(self.tr("Server port"))
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.port_spin.valueChanged.connect(self._on_field_edited)
        self.database_edit = self._line("connectDatabase", self.tr("Database name"))
        self.user_edit = self._line("connectUser", self.tr("Database user name"))
        self.sslmode_combo = QComboBox(self)
        self.sslmode_combo.setObjectName("connectSslMode")
        self.sslmode_combo.setAccessibleName(self.tr("SSL mode"))
        for mode in SSL_MODES:
            self.sslmode_combo.addItem(mode, mode)
        self.sslmode_combo.setToolTip(
            self.tr("verify-full checks the server's certificate and name: use it on a network")
        )
        self.sslmode_combo.currentIndexChanged.connect(self._on_field_edited)
        self.sslrootcert_edit = self._line("connectRootCert", self.tr("CA certificate file"), 1000)
        self.sslcert_edit = self._line("connectCert", self.tr("Client certificate file"), 1000)
        self.sslkey_edit = self._line("connectKey", self.tr("Client key file"), 1000)
        first_pg_row = self.form.rowCount()
        self.form.addRow(self.tr("&Host:"), self.host_edit)
        self.form.addRow(self.tr("P&ort:"), self.port_spin)
        self.form.addRow(self.tr("Data&base:"), self.database_edit)
        self.form.addRow(self.tr("&User:"), self.user_edit)
        self.form.addRow(self.tr("&SSL mode:"), self.sslmode_combo)
        for label, edit, name, accessible in (
            (self.tr("CA certificate:"), self.sslrootcert_edit, "connectRootCertBrowse",
             self.tr("Choose the CA certificate file")),
            (self.tr("Client certificate:"), self.sslcert_edit, "connectCertBrowse",
             self.tr("Choose the client certificate file")),
            (self.tr("Client key:"), self.sslkey_edit, "connectKeyBrowse",
             self.tr("Choose the client key file")),
        ):  # fmt: skip
            browse = self._browse(name, accessible, edit, False)
            self.form.addRow(label, _file_row(self, edit, browse))

        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("connectPassword")
        self.password_edit.setAccessibleName(self.tr("Database password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_check = QCheckBox(self.tr("&Remember in the system keyring"), self)
        self.remember_check.setObjectName("connectRemember")
        self.remember_check.setAccessibleName(
            self.tr("Remember the password in the system keyring")
        )
        self.keyring_label = QLabel(self)
        self.keyring_label.setObjectName("connectKeyringReason")
        self.keyring_label.setWordWrap(True)
        if not self._keyring_ok:
            self.remember_check.setEnabled(False)
            reason = self.tr("{reason}, so Caseboard asks for the password each session.").format(
                reason=self._keyring_reason
            )
            self.keyring_label.setText(reason)
            self.remember_check.setToolTip(reason)
            self.remember_check.setAccessibleDescription(reason)
        self.form.addRow(self.tr("Pass&word:"), self.password_edit)
        self.form.addRow("", self.remember_check)
        self.form.addRow("", self.keyring_label)
        self._pg_rows = list(range(first_pg_row, self.form.rowCount()))

        self.save_button = QPushButton(self.tr("Sa&ve profile"), self)
        self.save_button.setObjectName("connectSave")
        self.save_button.setAccessibleName(self.tr("Save the connection profile"))
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.test_button.setObjectName("connectTest")
        self.test_button.setAccessibleName(self.tr("Test the connection"))
        for button, slot in (
            (self.save_button, self._on_save_clicked),
            (self.test_button, self._on_test_clicked),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        form_buttons = QHBoxLayout()
        form_buttons.addWidget(self.save_button)
        form_buttons.addWidget(self.test_button)
        form_buttons.addStretch(1)

        self.ok_label = QLabel(self)
        self.ok_label.setObjectName("connectTestOk")
        self.ok_label.setProperty("role", "ok")
        self.ok_label.setWordWrap(True)
        self.ok_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ok_label.setAccessibleName(self.tr("Connection test result"))
        self.ok_label.hide()
        self.error_label = error_label(self, "connectError", self.tr("Connection message"))
        self.busy = busy_bar(self, self.tr("Testing the connection"))

        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addLayout(form_buttons)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addSpacing(12)
        columns.addLayout(right, 5)

        self.buttons = QDialogButtonBox(self)
        self.connect_button = self.buttons.addButton(
            self.tr("&Connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.connect_button.setObjectName("connectConnect")
        self.connect_button.setAccessibleName(self.tr("Connect with this profile"))
        self.connect_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self._on_connect_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.switch_label)
        layout.addLayout(columns, 1)
        layout.addWidget(self.ok_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.resize(820, 520)

    # -- public API -----------------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        return self._busy

    def reload(self, select: str | None = None) -> None:
        """Fill the list from the store and select ``select``, the last used, or the first."""
        try:
            profiles = self._store.profiles()
            last = self._store.last_used
        except ServiceError as exc:
            show_error(self.error_label, str(exc))
            profiles, last = [], None
        wanted = select or (last.name if last else None)
        quiet = self._loading  # called by _select_quietly: the form already shows the profile
        self._loading = True
        self.list.clear()
        current: QListWidgetItem | None = None
        for profile in profiles:
            item = QListWidgetItem(profile.name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            item.setToolTip(profile.label)
            if wanted is not None and profile.name.casefold() == wanted.casefold():
                current = item
        if quiet:
            if current is not None:
                self.list.setCurrentItem(current)
            return
        self._loading = False
        if current is None and self.list.count():
            current = self.list.item(0)
        if current is not None:
            self.list.setCurrentItem(current)
        else:
            self.new_profile()
        self._update_buttons()

    def form_profile(self) -> ConnectionProfile:
        """The profile as the form shows it (not validated)."""
        kind = "postgresql" if self.kind_combo.currentData() == "postgresql" else "sqlite"
        return ConnectionProfile(
            name=self.name_edit.text(),
            kind=kind,
            path=self.path_edit.text() if kind == "sqlite" else "",
            host=self.host_edit.text() if kind == "postgresql" else "",
            port=self.port_spin.value() if kind == "postgresql" else DEFAULT_PORT,
            database=self.database_edit.text() if kind == "postgresql" else "",
            user=self.user_edit.text() if kind == "postgresql" else "",
            sslmode=str(self.sslmode_combo.currentData()) if kind == "postgresql" else "prefer",
            sslrootcert=self.sslrootcert_edit.text() if kind == "postgresql" else "",
            sslcert=self.sslcert_edit.text() if kind == "postgresql" else "",
            sslkey=self.sslkey_edit.text() if kind == "postgresql" else "",
        )

    def new_profile(self) -> None:
        """Clear the form for a new profile (saved by Save, Test leaves it unsaved)."""
        self._loading = True
        self.list.setCurrentItem(None)
        self._loading = False
        name = self._store.unique_name(self.tr("New connection"))
        self._fill(ConnectionProfile(name=name), editing=None)
        self._dirty = True
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def save_profile(self) -> ConnectionProfile | None:
        """Validate and store the form; moves a stored password along with a rename."""
        show_error(self.error_label, "")
        try:
            profile = self.form_profile().validated()
            old = self._store.get(self._editing) if self._editing is not None else None
            saved = self._store.save(profile, replacing=self._editing)
            if old is not None and (old.name, old.user) != (saved.name, saved.user):
                self._move_password(old, saved)
        except ServiceError as exc:
            self._show_failure(exc)
            return None
        self._editing = saved.name
        self._dirty = False
        self._select_quietly(saved.name)
        self.sig_profiles_changed.emit()
        return saved

    def duplicate_selected(self) -> ConnectionProfile | None:
        profile = self._selected_profile()
        if profile is None:
            return None
        try:
            copy = replace(profile, name=self._store.unique_name(f"{profile.name} (copy)"))
            self._store.save(copy)
        except ServiceError as exc:
            self._show_failure(exc)
            return None
        self.reload(copy.name)
        self.sig_profiles_changed.emit()
        return copy

    def delete_selected(self, *, confirm: bool = True) -> bool:
        profile = self._selected_profile()
        if profile is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete connection profile"),
                self.tr(
                    "Delete the profile {name}? Its saved password is removed from the keyring; "
                    "the database itself is not touched."
                ).format(name=profile.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            self._store.delete(profile.name)
            if profile.is_postgresql:
                secrets.delete_password(profile.name, profile.user)
        except ServiceError as exc:
            self._show_failure(exc)
            return False
        self._editing = None
        self._dirty = False
        self.reload()
        self.sig_profiles_changed.emit()
        return True

    def test_connection(self) -> None:
        """Run the checker on a worker; the result arrives through ``sig_test_finished``."""
        if self._busy:
            return
        show_error(self.error_label, "")
        self.ok_label.hide()
        try:
            profile = self.form_profile().validated()
            password = self._password_for(profile)
        except ServiceError as exc:
            self._show_failure(exc)
            return
        checker = self._checker
        self._set_busy(True)
        self._runner.submit(
            lambda _progress: checker(profile, password),
            on_done=self._on_test_done,
            on_error=self._on_test_error,
            key=TEST_KEY,
        )

    def connect_profile(self) -> ConnectionChoice | None:
        """Save the form, keep or forget the password as asked, remember it as last used."""
        if self._busy:
            return None
        if (self._dirty or self._editing is None) and self.save_profile() is None:
            return None
        try:
            profile = self._store.require(self._editing or "")
            password = self._password_for(profile)
            if profile.is_postgresql and self._keyring_ok:
                if self.remember_check.isChecked():
                    if self.password_edit.text():
                        secrets.store_password(
                            profile.name, profile.user, self.password_edit.text()
                        )
                else:
                    secrets.delete_password(profile.name, profile.user)
            self._store.set_last_used(profile.name)
        except ServiceError as exc:
            self._show_failure(exc)
            return None
        self.choice = ConnectionChoice(profile, password)
        self.accept()
        return self.choice

    # -- helpers --------------------------------------------------------------------------------

    def _selected_profile(self) -> ConnectionProfile | None:
        item = self.list.currentItem()
        if item is None:
            return None
        try:
            return self._store.get(str(item.data(Qt.ItemDataRole.UserRole)))
        except ServiceError as exc:
            self._show_failure(exc)
            return None

    def _select_quietly(self, name: str) -> None:
        """Refill the list and select ``name`` without refilling the form (keeps the password)."""
        self._loading = True
        try:
            self.reload(name)
        finally:
            self._loading = False
        self._update_buttons()

    def _password_for(self, profile: ConnectionProfile) -> str | None:
        """The typed password, else the stored one (looked up under the saved name)."""
        if not profile.is_postgresql:
            return None
        typed = self.password_edit.text()
        if typed:
            return typed
        stored = self._store.get(self._editing) if self._editing is not None else None
        if stored is not None and stored.is_postgresql:
            return secrets.get_password(stored.name, stored.user)
        return None

    def _move_password(self, old: ConnectionProfile, new: ConnectionProfile) -> None:
        if not (old.is_postgresql and new.is_postgresql):
            return
        password = secrets.get_password(old.name, old.user)
        if password is not None:
            secrets.store_password(new.name, new.user, password)
            secrets.delete_password(old.name, old.user)

    def _fill(self, profile: ConnectionProfile, *, editing: str | None) -> None:
        self._loading = True
        try:
            self._editing = editing
            self.name_edit.setText(profile.name)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(profile.kind))
            self._show_rows(profile.is_postgresql)
            self.path_edit.setText(profile.path)
            self.host_edit.setText(profile.host)
            self.port_spin.setValue(profile.port)
            self.database_edit.setText(profile.database)
            self.user_edit.setText(profile.user)
            index = self.sslmode_combo.findData(profile.sslmode)
            self.sslmode_combo.setCurrentIndex(
                index if index >= 0 else self.sslmode_combo.findData(DEFAULT_SSLMODE)
            )
            self.sslrootcert_edit.setText(profile.sslrootcert)
            self.sslcert_edit.setText(profile.sslcert)
            self.sslkey_edit.setText(profile.sslkey)
            self.password_edit.clear()
            stored = False
            if editing is not None and profile.is_postgresql:
                try:
                    stored = secrets.get_password(profile.name, profile.user) is not None
                except ServiceError as exc:
                    show_error(self.error_label, str(exc))
            self.password_edit.setPlaceholderText(
                self.tr("Saved in the system keyring (type to replace)") if stored else ""
            )
            self.remember_check.setChecked(stored or (self._keyring_ok and editing is None))
            self._dirty = False
        finally:
            self._loading = False
        self.ok_label.hide()
        self._update_buttons()

    def _show_failure(self, error: BaseException) -> None:
        message = message_of(error, self.tr("That did not work because of an unexpected error."))
        fields = field_errors(error)
        show_error(self.error_label, message)
        widgets = {
            "name": self.name_edit,
            "path": self.path_edit,
            "host": self.host_edit,
            "port": self.port_spin,
            "database": self.database_edit,
            "user": self.user_edit,
            "sslcert": self.sslcert_edit,
            "sslkey": self.sslkey_edit,
        }
        for key in fields:
            if key in widgets:
                widgets[key].setFocus()
                break

    def _show_rows(self, postgresql: bool) -> None:
        for row in self._sqlite_rows:
            self.form.setRowVisible(row, not postgresql)
        for row in self._pg_rows:
            self.form.setRowVisible(row, postgresql)
        # the keyring reason row shows only when there is a reason
        self.form.setRowVisible(self._pg_rows[-1], postgresql and not self._keyring_ok)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for widget in (self.test_button, self.connect_button, self.save_button):
            widget.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _update_buttons(self) -> None:
        selected = self.list.currentItem() is not None
        self.duplicate_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    # -- slots ----------------------------------------------------------------------------------

    def _on_list_current_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if self._loading:
            return
        target = str(current.data(Qt.ItemDataRole.UserRole)) if current is not None else None
        if self._dirty and self._editing is not None and previous is not None:
            # Keep what was typed: save it, or stay on it when it cannot be saved yet.
            if self.save_profile() is None:
                self._loading = True
                self.list.setCurrentItem(previous)
                self._loading = False
                return
            if target is not None:
                self.reload(target)  # saving rebuilt the list: select (and show) the target
            return
        profile = None
        if target is not None:
            try:
                profile = self._store.get(target)
            except ServiceError as exc:
                self._show_failure(exc)
        if profile is not None:
            self._fill(profile, editing=profile.name)
        self._update_buttons()

    def _on_field_edited(self, *_args: object) -> None:
        if not self._loading:
            self._dirty = True
            self.ok_label.hide()

    def _on_kind_changed(self, index: int) -> None:
        self._show_rows(self.kind_combo.itemData(index) == "postgresql")
        self._on_field_edited()

    def _on_browse_clicked(self, target: QLineEdit, save: bool) -> None:
        if save:
            path, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Caseboard database file"),
                target.text(),
                self.tr("Caseboard databases (*.db);;All files (*)"),
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
        else:
            path, _filter = QFileDialog.getOpenFileName(
                self, self.tr("Choose a file"), target.text()
            )
        if path:
            target.setText(path)
            self._on_field_edited()

    def _on_add_clicked(self) -> None:
        if self._dirty and self._editing is not None and self.save_profile() is None:
            return
        self.new_profile()

    def _on_duplicate_clicked(self) -> None:
        self.duplicate_selected()

    def _on_delete_clicked(self) -> None:
        self.delete_selected()

    def _on_save_clicked(self) -> None:
        self.save_profile()

    def _on_test_clicked(self) -> None:
        self.test_connection()

    def _on_connect_clicked(self) -> None:
        self.connect_profile()

    def _on_test_done(self, message: object) -> None:
        self._set_busy(False)
        text = str(message)
        self.ok_label.setText(text)
        self.ok_label.setAccessibleDescription(text)
        self.ok_label.show()
        self.sig_test_finished.emit(True, text)

    def _on_test_error(self, error: BaseException) -> None:
        self._set_busy(False)
        message = message_of(error, self.tr("The test failed because of an unexpected error."))
        show_error(self.error_label, message)
        self.sig_test_finished.emit(False, message)

    def reject(self) -> None:
        self._runner.cancel(TEST_KEY)
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._runner.cancel(TEST_KEY)
        super().closeEvent(event)


class PasswordPromptDialog(QDialog):
    """Asks for a database password, saying why it is asked (no keyring, nothing stored)."""

    def __init__(
        self,
        profile: ConnectionProfile,
        *,
        keyring_reason: str | None,
        error: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """``keyring_reason``: why there is no usable keyring, or None when there is one."""
        super().__init__(parent)
        self.setObjectName("databasePasswordDialog")
        can_remember = keyring_reason is None
        if keyring_reason is None:
            reason = self.tr(
                "No password is saved for the connection {name} in the system keyring."
            ).format(name=profile.name)
        else:
            reason = self.tr("{reason}, so Caseboard asks for the password each session.").format(
                reason=keyring_reason
            )
        self.setWindowTitle(self.tr("Database password"))
        self.setWindowIcon(resources.icon("caseboard"))
        heading = QLabel(
            self.tr("Password for the database user <b>{user}</b> on <b>{host}</b>").format(
                user=profile.user.replace("<", "&lt;"), host=profile.host.replace("<", "&lt;")
            ),
            self,
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        self.reason_label = QLabel(reason, self)
        self.reason_label.setObjectName("databasePasswordReason")
        self.reason_label.setWordWrap(True)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("databasePassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Database password"))
        self.password_edit.setAccessibleDescription(reason)
        self.remember_check = QCheckBox(self.tr("&Remember in the system keyring"), self)
        self.remember_check.setAccessibleName(
            self.tr("Remember the password in the system keyring")
        )
        self.remember_check.setVisible(can_remember)
        self.remember_check.setChecked(can_remember)
        self.error_label = error_label(self, "databasePasswordError", self.tr("Connection message"))
        show_error(self.error_label, error)
        form = QFormLayout()
        form.addRow(self.tr("&Password:"), self.password_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Connect"))
        ok.setAccessibleName(self.tr("Connect with this password"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.addWidget(heading)
        layout.addWidget(self.reason_label)
        layout.addLayout(form)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.password_edit.setFocus()

    @property
    def password(self) -> str:
        return self.password_edit.text()

    @property
    def remember(self) -> bool:
        return self.remember_check.isVisibleTo(self) and self.remember_check.isChecked()


def choose_connection(
    runner: TaskRunner,
    *,
    store: ProfileStore | None = None,
    checker: Checker,
    switching: bool = False,
    error: str = "",
    select: str | None = None,
    parent: QWidget | None = None,
) -> ConnectionChoice | None:
    """Show the Connect dialog modally; the choice, or None when cancelled."""
    dialog = ConnectDialog(
        runner=runner,
        store=store or ProfileStore(),
        checker=checker,
        switching=switching,
        error=error,
        select=select,
        parent=parent,
    )
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.choice if accepted else None
    finally:
        dialog.deleteLater()


def ask_password(
    profile: ConnectionProfile, *, error: str = "", parent: QWidget | None = None
) -> tuple[str, bool] | None:
    """(password, remember) from the prompt, or None when cancelled; it says why it asks."""
    ok, reason = secrets.keyring_available()
    dialog = PasswordPromptDialog(
        profile, keyring_reason=None if ok else reason, error=error, parent=parent
    )
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.password, dialog.remember
    finally:
        dialog.deleteLater()
