"""`caseboard profiles` and `--profile NAME`: scripted profiles, keyring passwords, PostgreSQL."""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from desktop import cli, cli_connect, cli_gui
from desktop.cli import main
from desktop.data.database import open_database
from desktop.profiles import ConnectionChoice, ConnectionProfile, ProfileStore
from desktop.secrets import get_password, store_password
from desktop.services.demo import DEMO_PASSWORD
from tests.conftest import MemoryKeyring
from tests.pg import PostgresServer
from tests.test_cli import one_error_line

SECRET = "db-Secret:/@?#"


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProfileStore:
    path = tmp_path / "config" / "profiles.json"
    monkeypatch.setenv("CASEBOARD_PROFILES_FILE", str(path))
    return ProfileStore(path)


@pytest.fixture
def local(tmp_path: Path, store: ProfileStore) -> ConnectionProfile:
    path = tmp_path / "local.db"
    assert main(["profiles", "--add", "Local", "--sqlite", str(path)]) == 0
    return store.require("Local")


def add_pg(name: str, port: int, database: str) -> int:
    return main(["profiles", "--add", name, "--host", "127.0.0.1", "--port", str(port),
                 "--db", database, "--user", "postgres", "--sslmode", "disable"])  # fmt: skip


def test_profiles_add_list_delete(
    tmp_path: Path, store: ProfileStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["profiles", "--list"]) == 0
    assert "No connection profiles yet" in capsys.readouterr().out
    assert main(["profiles", "--add", "Local", "--sqlite", str(tmp_path / "c.db")]) == 0
    assert add_pg("Team", 5433, "caseboard") == 0
    out = capsys.readouterr().out
    assert "Added connection profile Local (SQLite: " in out
    assert "Added connection profile Team (PostgreSQL: postgres@127.0.0.1:5433/caseboard)" in out
    assert main(["profiles", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"Local\tsqlite\t{tmp_path / 'c.db'}",
        "Team\tpostgresql\tpostgres@127.0.0.1:5433/caseboard  (sslmode=disable)",
    ]
    assert main(["profiles", "--delete", "team"]) == 0
    assert [p.name for p in store.profiles()] == ["Local"]


def test_a_relative_sqlite_path_is_made_absolute(
    tmp_path: Path, store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["profiles", "--add", "Here", "--sqlite", "here.db"]) == 0
    assert store.require("Here").path == str(tmp_path / "here.db")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--add", "X"], "--sqlite PATH or --host HOST"),
        (["--add", "X", "--host", "h", "--port", "70000", "--db", "d", "--user", "u"], "port"),
        (["--add", "X", "--host", "h", "--user", "u"], "Give the database name"),
        (["--add", " ", "--sqlite", "/x.db"], "Give the connection a name"),
        (["--delete", "Nope"], "no connection profile named 'Nope'"),
        (["--set-password", "Nope"], "no connection profile named 'Nope'"),
    ],
)
def test_profiles_mistakes_are_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["profiles", *argv]) == 1
    assert message in one_error_line(capsys)


def test_a_duplicate_name_is_refused(local: ConnectionProfile, capsys) -> None:
    capsys.readouterr()
    assert main(["profiles", "--add", "LOCAL", "--sqlite", "/other.db"]) == 1
    assert "already a connection profile named 'LOCAL'" in one_error_line(capsys)


def test_profile_and_database_cannot_both_be_given() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["audit", "verify", "--profile", "Local", "--database", "sqlite:///x.db"])
    assert exc.value.code == 2


def test_subcommands_use_a_sqlite_profile(
    local: ConnectionProfile, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-data", "--profile", "Local", "--young-people", "2"]) == 0
    assert f"Demo data written to {local.path}" in capsys.readouterr().out
    assert main(["audit", "verify", "--profile", "local"]) == 0
    assert "Audit chain intact" in capsys.readouterr().out


def test_an_unknown_profile_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--profile", "Nope"]) == 1
    assert "no connection profile named 'Nope' (profiles: none yet)" in one_error_line(capsys)


def test_set_list_and_forget_a_password(
    store: ProfileStore, memory_keyring: MemoryKeyring, monkeypatch, capsys
) -> None:
    assert add_pg("Team", 5432, "caseboard") == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(SECRET + "\n"))
    assert main(["profiles", "--set-password", "Team"]) == 0
    assert get_password("Team", "postgres") == SECRET
    assert SECRET not in store.path.read_text()
    capsys.readouterr()
    assert main(["profiles", "--list"]) == 0
    assert "(sslmode=disable, password in keyring)" in capsys.readouterr().out
    assert main(["profiles", "--forget-password", "Team"]) == 0
    assert memory_keyring.passwords == {}
    store_password("Team", "postgres", SECRET)
    assert main(["profiles", "--delete", "Team"]) == 0  # takes its password along
    assert memory_keyring.passwords == {}


def test_set_password_without_a_keyring_says_why(monkeypatch, capsys) -> None:
    assert add_pg("Team", 5432, "caseboard") == 0
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setattr(sys, "stdin", io.StringIO(SECRET + "\n"))
    assert main(["profiles", "--set-password", "Team"]) == 1
    assert "No system keyring is available on this machine" in one_error_line(capsys)


class OpenSpy:
    """Records the URL `open_database` is given, then refuses (nothing is really opened)."""

    def __init__(self) -> None:
        self.urls: list[Any] = []

    def __call__(self, url: Any, **_kwargs: Any) -> Any:
        from desktop.data.database import DatabaseOpenError

        self.urls.append(url)
        raise DatabaseOpenError("spied")


@pytest.fixture
def open_spy(monkeypatch: pytest.MonkeyPatch) -> OpenSpy:
    spy = OpenSpy()
    monkeypatch.setattr("desktop.data.database.open_database", spy)
    return spy


def test_profile_password_comes_from_the_keyring(open_spy: OpenSpy) -> None:
    assert add_pg("Team", 5432, "caseboard") == 0
    store_password("Team", "postgres", SECRET)
    assert main(["audit", "verify", "--profile", "Team"]) == 1
    assert open_spy.urls[-1].password == SECRET


def test_without_a_keyring_the_terminal_asks_and_says_why(
    open_spy: OpenSpy, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add_pg("Team", 5432, "caseboard") == 0
    keyring.set_keyring(fail.Keyring())
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", tty)
    prompts: list[str] = []
    monkeypatch.setattr(
        cli_connect.getpass, "getpass", lambda prompt: prompts.append(prompt) or SECRET
    )
    capsys.readouterr()
    assert main(["audit", "verify", "--profile", "Team"]) == 1
    assert open_spy.urls[-1].password == SECRET
    assert prompts == ["Password for database user postgres on 127.0.0.1: "]
    err = capsys.readouterr().err
    assert "No system keyring is available on this machine, so Caseboard asks for the " in err
    assert SECRET not in err


def test_without_a_terminal_libpq_is_left_to_find_the_password(
    open_spy: OpenSpy, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert add_pg("Team", 5432, "caseboard") == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # PGPASSWORD, ~/.pgpass or a certificate
    assert main(["audit", "verify", "--profile", "Team"]) == 1
    assert open_spy.urls[-1].password is None


def test_a_real_postgresql_profile_end_to_end(
    pg_server: PostgresServer, tmp_path: Path, store: ProfileStore, capsys
) -> None:
    name = "cli_profile_db"
    pg_server.create_database(name)
    try:
        assert add_pg("Team", pg_server.port, name) == 0
        assert main(["demo-data", "--profile", "Team", "--young-people", "2"]) == 0
        out = capsys.readouterr().out
        assert f"postgresql+psycopg://postgres@127.0.0.1:{pg_server.port}/{name}" in out
        secret = tmp_path / "pw"
        secret.write_text(DEMO_PASSWORD + "\n")
        csv = tmp_path / "c.csv"
        assert main(["export", "caseload", "--csv", str(csv), "--profile", "Team",
                     "--user", "manager.north", "--password-file", str(secret)]) == 0  # fmt: skip
        assert csv.read_text(encoding="utf-8-sig").startswith("Name,")
        assert main(["audit", "verify", "--profile", "Team"]) == 0
    finally:
        pg_server.drop_database(name)


# -- the GUI's choice of database and the session loop --------------------------------------------


def gui_args(*argv: str) -> argparse.Namespace:
    return cli.build_parser().parse_args(list(argv))


def test_the_gui_opens_the_last_used_profile_unless_told(
    local: ConnectionProfile, store: ProfileStore
) -> None:
    assert cli_gui._gui_start(gui_args()) == (None, cli.default_database_url())
    store.set_last_used("Local")
    assert cli_gui._gui_start(gui_args()) == (local, None)
    assert cli_gui._gui_start(gui_args("--database", "sqlite:///x.db")) == (None, "sqlite:///x.db")
    shot = gui_args("--screenshot", "x.png")
    assert cli_gui._gui_start(shot) == (None, cli.default_database_url())  # reproducible shots


def test_connect_switches_the_session_to_the_chosen_database(
    tmp_path: Path, local: ConnectionProfile, store: ProfileStore, monkeypatch
) -> None:
    other = store.save(ConnectionProfile("Other", path=str(tmp_path / "other.db")))
    for path in (local.path, other.path):  # only setup and demo-data create a database
        open_database(f"sqlite:///{path}", create=True).dispose()
    sessions: list[tuple[str, bool]] = []

    def session(db: Any, _args: Any, *, first: bool, on_switch: Any) -> int:
        sessions.append((db.display_name, first))
        if len(sessions) == 1:
            on_switch(ConnectionChoice(other, None))  # File ▸ Connect… chose "Other"
        return 0

    monkeypatch.setattr(cli_gui, "_gui_session", session)
    assert main(["--profile", "Local"]) == 0
    assert sessions == [(local.path, True), (other.path, False)]


def test_a_profile_that_cannot_open_brings_up_the_connect_dialog(
    tmp_path: Path, local: ConnectionProfile, store: ProfileStore, monkeypatch
) -> None:
    Path(local.path).write_bytes(b"%PDF-1.4 not a database")
    good = store.save(ConnectionProfile("Good", path=str(tmp_path / "good.db")))
    open_database(f"sqlite:///{good.path}", create=True).dispose()
    asked: list[tuple[str, str | None]] = []

    def choose(*, error: str, select: str | None) -> ConnectionChoice | None:
        asked.append((error, select))
        return ConnectionChoice(good, None) if len(asked) == 1 else None

    monkeypatch.setattr("desktop.app.choose_connection_at_start", choose)
    opened: list[str] = []
    monkeypatch.setattr(
        cli_gui, "_gui_session", lambda db, _a, **_k: opened.append(db.display_name) or 0
    )
    assert main(["--profile", "Local"]) == 0
    assert asked == [(f"{local.path} is not a Caseboard database (it is not an SQLite file)",
                      "Local")]  # fmt: skip
    assert opened == [good.path]


def test_screenshot_with_a_profile_from_a_fresh_process(
    tmp_path: Path, store: ProfileStore
) -> None:
    path = tmp_path / "demo.db"
    assert main(["demo-data", "--database", f"sqlite:///{path}", "--young-people", "3"]) == 0
    store.save(ConnectionProfile("Demo", path=str(path)))
    out = tmp_path / "shot.png"
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--profile", "Demo", "--user", "manager.north",
         "--screenshot", str(out)],
        input=DEMO_PASSWORD + "\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_help_tells_of_profiles() -> None:
    helptext = cli.build_parser().format_help()
    assert "--profile NAME" in helptext and "profiles" in helptext
    sub = subprocess.run(
        [sys.executable, "-m", "desktop", "profiles", "--help"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for word in (
        "--list",
        "--add",
        "--delete",
        "--sqlite",
        "--host",
        "--sslmode",
        "--set-password",
    ):
        assert word in sub


def test_the_gui_asks_for_a_missing_password_and_may_keep_it(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = ConnectionProfile("Team", "postgresql", host="db", database="c", user="north")
    answers = iter([(SECRET, True), None])
    monkeypatch.setattr("desktop.app.ask_database_password", lambda _p: next(answers))
    assert cli_gui._gui_password(profile, interactive=True) == (True, SECRET)
    assert get_password("Team", "north") == SECRET  # "remember" ticked
    assert cli_gui._gui_password(profile, interactive=True) == (
        True,
        SECRET,
    )  # now from the keyring
    memory_keyring.passwords.clear()
    assert cli_gui._gui_password(profile, interactive=True) == (False, None)  # cancelled
    assert cli_gui._gui_password(profile, interactive=False) == (
        True,
        None,
    )  # screenshots never ask
