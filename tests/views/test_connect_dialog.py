"""The Connect dialog: add, edit, test (on the real worker) and choose a profile; passwords kept safe."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QWidget

from desktop.app import check_connection, create_application
from desktop.data.database import Database
from desktop.domain.errors import Unavailable
from desktop.profiles import ConnectionChoice, ConnectionProfile, ProfileStore
from desktop.secrets import get_password, store_password
from desktop.tasks import TaskRunner
from desktop.views.session.connect_dialog import ConnectDialog, PasswordPromptDialog
from tests.conftest import MemoryKeyring
from tests.pg import PostgresServer, free_port
from tests.views.fakes import OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE

SECRET = "Tr0ub4dor&3"


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(tmp_path / "config" / "profiles.json")


@pytest.fixture
def runner() -> TaskRunner:
    create_application()
    return TaskRunner()


def make_dialog(qtbot, runner: TaskRunner, store: ProfileStore, **kwargs) -> ConnectDialog:
    kwargs.setdefault("checker", check_connection)  # the app's real connection test
    dialog = ConnectDialog(runner=runner, store=store, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_postgres(qtbot, dialog: ConnectDialog, name: str, port: int, database: str) -> None:
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, name)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("postgresql"))
    qtbot.keyClicks(dialog.host_edit, "127.0.0.1")
    dialog.port_spin.setValue(port)
    qtbot.keyClicks(dialog.database_edit, database)
    qtbot.keyClicks(dialog.user_edit, "postgres")


def test_add_a_sqlite_profile_and_test_it_on_the_worker(
    qtbot, runner: TaskRunner, store: ProfileStore, sqlite_db: Database
) -> None:
    dialog = make_dialog(qtbot, runner, store)
    assert dialog.list.count() == 0 and dialog.name_edit.text() == "New connection"
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "My laptop")
    qtbot.keyClicks(dialog.path_edit, str(sqlite_db.url.database))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in store.profiles()] == ["My laptop"]
    assert dialog.list.currentItem().text() == "My laptop"

    with qtbot.waitSignal(dialog.sig_test_finished, timeout=10000) as blocker:
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert dialog.is_busy
    ok, message = blocker.args
    assert ok, message
    assert message == "The SQLite file opened. It is a Caseboard database, up to date."
    assert dialog.ok_label.isVisible() and not dialog.error_label.isVisible()
    save_screen(dialog, "connect-sqlite-ok")

    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ConnectDialog.DialogCode.Accepted
    assert dialog.choice == ConnectionChoice(store.require("My laptop"), None)
    assert store.last_used == store.require("My laptop")


def test_an_unreachable_server_shows_the_error_without_the_password(
    qtbot, runner: TaskRunner, store: ProfileStore
) -> None:
    dialog = make_dialog(qtbot, runner, store)
    fill_postgres(qtbot, dialog, "Team server", free_port(), "caseboard")  # nothing listens
    qtbot.keyClicks(dialog.password_edit, SECRET)
    with qtbot.waitSignal(dialog.sig_test_finished, timeout=15000) as blocker:
        dialog.test_button.click()
    ok, message = blocker.args
    assert not ok
    assert message.startswith('Cannot connect: connection to server at "127.0.0.1"')
    assert "Connection refused. Is the server running" in message
    assert SECRET not in message
    assert dialog.error_label.isVisible() and dialog.error_label.text() == message
    assert store.profiles() == []  # testing saves nothing
    save_screen(dialog, "connect-postgres-unreachable")


def test_invalid_fields_are_named_before_anything_runs(
    qtbot, runner: TaskRunner, store: ProfileStore
) -> None:
    calls: list[object] = []
    dialog = make_dialog(qtbot, runner, store, checker=lambda *a: calls.append(a) or "")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("postgresql"))
    dialog.test_button.click()
    assert dialog.error_label.text() == "Give the server's host name or address"
    assert calls == []
    dialog.save_button.click()
    assert store.profiles() == []


def test_a_real_postgresql_server_connects(
    qtbot, runner: TaskRunner, store: ProfileStore, pg_server: PostgresServer
) -> None:
    pg_server.create_database("connect_dialog_empty")
    try:
        dialog = make_dialog(qtbot, runner, store)
        fill_postgres(qtbot, dialog, "Test server", pg_server.port, "connect_dialog_empty")
        dialog.sslmode_combo.setCurrentIndex(dialog.sslmode_combo.findData("disable"))
        with qtbot.waitSignal(dialog.sig_test_finished, timeout=15000) as blocker:
            dialog.test_button.click()
        ok, message = blocker.args
        assert ok, message
        assert message.startswith("Connected to PostgreSQL ")
        assert message.endswith("It is empty: Caseboard will set it up when you connect.")
    finally:
        pg_server.drop_database("connect_dialog_empty")


def test_connect_remembers_the_password_in_the_keyring_only(
    qtbot, runner: TaskRunner, store: ProfileStore, memory_keyring: MemoryKeyring
) -> None:
    checked: list[tuple[ConnectionProfile, str | None]] = []

    def checker(profile: ConnectionProfile, password: str | None) -> str:
        checked.append((profile, password))
        return "fine"

    dialog = make_dialog(qtbot, runner, store, checker=checker)
    fill_postgres(qtbot, dialog, "Team", 5432, "caseboard")
    qtbot.keyClicks(dialog.password_edit, SECRET)
    assert dialog.remember_check.isEnabled() and dialog.remember_check.isChecked()
    dialog.connect_button.click()
    assert dialog.choice is not None and dialog.choice.password == SECRET
    assert get_password("Team", "postgres") == SECRET
    assert SECRET not in store.path.read_text()

    # Reopened: the password is not shown, the field says it is stored, and it is used.
    again = make_dialog(qtbot, runner, store, checker=checker)
    assert again.list.currentItem().text() == "Team"
    assert again.password_edit.text() == ""
    assert "Saved in the system keyring" in again.password_edit.placeholderText()
    with qtbot.waitSignal(again.sig_test_finished, timeout=5000):
        again.test_button.click()
    assert checked[-1][1] == SECRET

    # Unticking "remember" forgets it.
    again.remember_check.setChecked(False)
    again.connect_button.click()
    assert again.choice is not None and again.choice.password == SECRET
    assert memory_keyring.passwords == {}


def test_without_a_keyring_the_checkbox_is_off_and_says_why(
    qtbot, runner: TaskRunner, store: ProfileStore
) -> None:
    keyring.set_keyring(fail.Keyring())
    dialog = make_dialog(qtbot, runner, store)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("postgresql"))
    assert not dialog.remember_check.isEnabled()
    assert dialog.keyring_label.isVisible()
    assert dialog.keyring_label.text() == (
        "No system keyring is available on this machine, so Caseboard asks for the password "
        "each session."
    )
    fill_postgres(qtbot, dialog, "Team", 5432, "caseboard")
    qtbot.keyClicks(dialog.password_edit, SECRET)
    dialog.connect_button.click()
    assert dialog.choice is not None and dialog.choice.password == SECRET  # for this session
    save_screen(dialog, "connect-no-keyring")


def test_duplicate_rename_and_delete(
    qtbot, runner: TaskRunner, store: ProfileStore, memory_keyring: MemoryKeyring
) -> None:
    store.save(ConnectionProfile("Team", "postgresql", host="db", database="c", user="u"))
    store_password("Team", "u", SECRET)
    dialog = make_dialog(qtbot, runner, store)
    dialog.duplicate_button.click()
    assert [p.name for p in store.profiles()] == ["Team", "Team (copy)"]
    assert dialog.list.currentItem().text() == "Team (copy)"

    # Rename the original: its stored password follows it.
    dialog.list.setCurrentRow(0)
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "North")
    dialog.save_button.click()
    assert [p.name for p in store.profiles()] == ["North", "Team (copy)"]
    assert get_password("North", "u") == SECRET and get_password("Team", "u") is None

    assert dialog.delete_selected(confirm=False)
    assert [p.name for p in store.profiles()] == ["Team (copy)"]
    assert memory_keyring.passwords == {}


def test_moving_away_from_an_unsavable_edit_keeps_it(
    qtbot, runner: TaskRunner, store: ProfileStore
) -> None:
    store.save(ConnectionProfile("A", path="/srv/a.db"))
    store.save(ConnectionProfile("B", path="/srv/b.db"))
    dialog = make_dialog(qtbot, runner, store)
    dialog.list.setCurrentRow(0)
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, "relative.db")
    dialog.list.setCurrentRow(1)
    assert dialog.list.currentItem().text() == "A"
    assert dialog.path_edit.text() == "relative.db"
    assert dialog.error_label.text() == "Give the full path of the database file"
    dialog.path_edit.setText("/srv/a2.db")
    dialog._on_field_edited()
    dialog.list.setCurrentRow(1)  # now it saves on the way
    assert dialog.name_edit.text() == "B"
    assert store.require("A").path == "/srv/a2.db"


def test_every_control_is_named_and_reachable(
    qtbot, runner: TaskRunner, store: ProfileStore
) -> None:
    store.save(ConnectionProfile("Local", path="/srv/c.db"))
    dialog = make_dialog(qtbot, runner, store, switching=True)
    assert dialog.switch_label.isVisible()
    for kind in ("sqlite", "postgresql"):
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
        focusable = [
            w
            for w in dialog.findChildren(QWidget)
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus
            and w.isVisibleTo(dialog)
            and not isinstance(w.parent(), QAbstractSpinBox)  # the spin box itself is named
        ]
        unnamed = [type(w).__name__ + w.objectName() for w in focusable if not w.accessibleName()]
        assert unnamed == []
        assert all(w.focusPolicy() & Qt.FocusPolicy.TabFocus for w in focusable)
    save_screen(dialog, "connect-postgres-form")


def test_an_unexpected_checker_failure_is_a_message(
    qtbot, runner: TaskRunner, store: ProfileStore
) -> None:
    def broken(_profile: ConnectionProfile, _password: str | None) -> str:
        raise Unavailable("The server went away")

    dialog = make_dialog(qtbot, runner, store, checker=broken)
    dialog.path_edit.setText("/srv/x.db")
    with qtbot.waitSignal(dialog.sig_test_finished, timeout=5000) as blocker:
        dialog.test_button.click()
    assert blocker.args == [False, "The server went away"]


def test_password_prompt_says_why_it_asks(qtbot) -> None:
    create_application()
    profile = ConnectionProfile("Team", "postgresql", host="db", database="c", user="north")
    prompt = PasswordPromptDialog(
        profile, keyring_reason="No system keyring is available on this machine"
    )
    qtbot.addWidget(prompt)
    prompt.show()
    assert prompt.reason_label.text() == (
        "No system keyring is available on this machine, so Caseboard asks for the password "
        "each session."
    )
    assert not prompt.remember_check.isVisible()
    qtbot.keyClicks(prompt.password_edit, SECRET)
    assert (prompt.password, prompt.remember) == (SECRET, False)
    save_screen(prompt, "database-password-prompt")
    with_keyring = PasswordPromptDialog(profile, keyring_reason=None, error="Wrong password")
    qtbot.addWidget(with_keyring)
    with_keyring.show()
    assert with_keyring.remember_check.isVisible() and with_keyring.remember
    assert "No password is saved for the connection Team" in with_keyring.reason_label.text()


def test_file_connect_ends_the_session_with_the_choice(
    qtbot, runner: TaskRunner, monkeypatch
) -> None:
    from desktop.views.main_window import MainWindow
    from tests.views.fakes import ACTOR, FakeCaseloadService, sample_rows

    window = MainWindow(
        runner=runner,
        caseload_service=FakeCaseloadService(sample_rows(3)),
        actor=ACTOR,
        database_label="demo",
        connection_check=check_connection,
    )
    qtbot.addWidget(window)
    window.show()
    choice = ConnectionChoice(ConnectionProfile("Other", path="/srv/other.db"))
    shown: list[dict] = []

    def fake_choose(runner_: TaskRunner, **kwargs) -> ConnectionChoice | None:
        shown.append(kwargs)
        return None if len(shown) == 1 else choice

    monkeypatch.setattr("desktop.views.session.connect_dialog.choose_connection", fake_choose)
    assert window.connect_action.text() == "&Connect to a database…"
    window.connect_action.trigger()  # cancelled: nothing happens
    assert window.isVisible()
    with qtbot.waitSignal(window.sig_switch_requested) as blocker:
        window.connect_action.trigger()
    assert blocker.args == [choice]
    assert shown[0]["switching"] is True and shown[0]["parent"] is window
    assert not window.isVisible()
