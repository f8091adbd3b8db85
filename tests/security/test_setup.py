"""Setting up databases: `caseboard setup` for a real one, `demo-data` only into an empty one."""

from __future__ import annotations

import io
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.data.database import Database, open_database
from desktop.data.tables import AuditEntry, User, YoungPerson
from desktop.domain.commands import ContactInput
from desktop.domain.enums import ContactKind, ContactWith, Role
from desktop.domain.errors import ValidationFailed
from desktop.services.auth import AuthService
from desktop.services.demo import DEMO_PASSWORD, create_demo_database
from desktop.services.recording import RecordingService
from tests import factories as f
from tests.pg import PostgresServer

STRONG = "correct horse battery"


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("caseboard: ")
    return err[0]


def secret(tmp_path: Path, text: str, name: str = "password") -> str:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def hashes(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT username, password_hash FROM app_user").fetchall())


# -- demo-data never touches a database in use ----------------------------------------------------


def test_demo_data_refuses_a_database_with_users_and_changes_no_password(
    sqlite_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real database with its first users but no young people yet keeps every password."""
    with sqlite_db.begin() as s:
        f.user(s, None, Role.ADMINISTRATOR, "it.admin")
    path = Path(str(sqlite_db.url.database))
    before = hashes(path)
    sqlite_db.dispose()
    assert main(["demo-data", "--database", f"sqlite:///{path}", "--young-people", "2"]) == 1
    assert "already holds users" in one_error_line(capsys)
    assert hashes(path) == before  # no demo password, no `admin`, no demo users
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM young_person").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM app_setting WHERE key = 'demo_database'")\
            .fetchone() == (0,)  # fmt: skip


def test_demo_data_refuses_an_existing_demo_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert main(["demo-data", "--database", url, "--young-people", "2"]) == 0
    capsys.readouterr()
    before = hashes(tmp_path / "demo.db")
    assert main(["demo-data", "--database", url, "--young-people", "2"]) == 1
    line = one_error_line(capsys)
    assert "already holds demo data" in line and "delete the file" in line
    assert hashes(tmp_path / "demo.db") == before


def test_demo_data_service_refuses_users_on_both_backends(db: Database) -> None:
    with db.begin() as s:
        f.user(s, None, Role.ADMINISTRATOR, "it.admin")
    with pytest.raises(ValidationFailed, match="already holds users"):
        create_demo_database(db, young_people=2)
    with db.begin() as s:
        assert s.scalars(select(User.username)).all() == ["it.admin"]


@pytest.mark.postgres
def test_demo_data_on_postgresql_leaves_ids_free_for_new_records(
    pg_server: PostgresServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """After demo data, a contact saved through the service gets a fresh id (sequences set)."""
    name = f"demo_seq_{datetime.now(UTC).strftime('%H%M%S%f')}"
    pg_server.create_database(name)
    url = pg_server.url(name)
    try:
        assert main(["demo-data", "--database", url, "--young-people", "3"]) == 0
        db = open_database(url)
        try:
            kp = f.actor_named(db, "kp.north1")
            with db.begin() as s:
                yp = s.scalars(
                    select(YoungPerson.id).where(
                        YoungPerson.team_id == kp.team_id, ~YoungPerson.restricted
                    )
                ).first()
            assert yp is not None
            cmd = ContactInput(
                young_person_id=yp,
                occurred_at=datetime.now(UTC) - timedelta(hours=2),
                kind=ContactKind.FACE_TO_FACE,
                duration_minutes=30,
                with_whom=ContactWith.YOUNG_PERSON,
                summary="Walk and talk",
            )
            changes = RecordingService(db).record_contact(kp, cmd)
            assert changes.record_id is not None
        finally:
            db.dispose()
    finally:
        pg_server.drop_database(name)


# -- caseboard setup ----------------------------------------------------------------------------


def test_setup_creates_the_database_and_its_first_administrator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "council.db"
    url = f"sqlite:///{path}"
    code = main(["setup", "--database", url, "--admin", "it.admin",
                 "--password-file", secret(tmp_path, STRONG)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert "it.admin" in capsys.readouterr().out
    db = open_database(url)
    try:
        signed = AuthService(db).sign_in("it.admin", STRONG)
        assert signed.actor.role is Role.ADMINISTRATOR
        with db.begin() as s:
            first = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
        assert first is not None
        assert first.username == "caseboard setup" and first.object_kind == "user"
        assert first.action == "create"
    finally:
        db.dispose()
    assert main(["audit", "verify", "--database", url]) == 0


def test_setup_works_on_postgresql(pg_db: Database, tmp_path: Path) -> None:
    url = pg_db.url.render_as_string(hide_password=False)
    assert main(["setup", "--database", url, "--admin", "it.admin",
                 "--password-file", secret(tmp_path, STRONG)]) == 0  # fmt: skip
    assert AuthService(pg_db).sign_in("it.admin", STRONG).actor.username == "it.admin"


def test_setup_refuses_a_database_that_has_users(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.db"
    url = f"sqlite:///{path}"
    assert main(["demo-data", "--database", url, "--young-people", "2"]) == 0
    capsys.readouterr()
    before = hashes(path)
    code = main(["setup", "--database", url, "--admin", "admin",
                 "--password-file", secret(tmp_path, STRONG)])  # fmt: skip
    assert code == 1
    assert "already has users" in one_error_line(capsys)
    assert hashes(path) == before
    db = open_database(url)
    try:
        assert AuthService(db).sign_in("admin", DEMO_PASSWORD).actor.username == "admin"
    finally:
        db.dispose()


def test_setup_refuses_a_weak_password_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "council.db"
    code = main(["setup", "--database", f"sqlite:///{path}", "--admin", "it.admin",
                 "--password-file", secret(tmp_path, "short")])  # fmt: skip
    assert code == 1
    assert "at least" in one_error_line(capsys)
    assert not path.exists()


def test_setup_reads_the_password_once_from_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(STRONG + "\n"))
    url = f"sqlite:///{tmp_path / 'council.db'}"
    assert main(["setup", "--database", url, "--admin", "it.admin"]) == 0
    db = open_database(url)
    try:
        assert AuthService(db).sign_in("it.admin", STRONG).actor.role is Role.ADMINISTRATOR
    finally:
        db.dispose()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_setup_asks_twice_on_a_terminal_and_refuses_a_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import getpass

    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    path = tmp_path / "council.db"
    assert main(["setup", "--database", f"sqlite:///{path}", "--admin", "it.admin"]) == 1
    assert "do not match" in one_error_line(capsys)
    assert not path.exists()
    answers = iter([STRONG, STRONG])
    assert main(["setup", "--database", f"sqlite:///{path}", "--admin", "it.admin"]) == 0


def test_setup_takes_a_connection_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOARD_PROFILES_FILE", str(tmp_path / "profiles.json"))
    path = tmp_path / "laptop.db"
    assert main(["profiles", "--add", "Laptop", "--sqlite", str(path)]) == 0
    assert main(["setup", "--profile", "Laptop", "--admin", "it.admin",
                 "--password-file", secret(tmp_path, STRONG)]) == 0  # fmt: skip
    assert path.exists()


def test_setup_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "setup" in capsys.readouterr().out
