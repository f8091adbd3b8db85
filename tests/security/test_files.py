"""Database files: private to their user, and never created by a mistyped path."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from desktop.cli import main
from desktop.data.database import (
    DatabaseOpenError,
    alembic_config,
    make_engine,
    open_database,
    parse_url,
)
from desktop.domain.enums import AuditAction, Role
from desktop.services import audit
from desktop.services.audit import AuditViewerService
from desktop.services.caseload import CaseloadService
from desktop.services.demo import DEMO_PASSWORD
from tests import factories as f
from tests.pg import PostgresServer


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The common default umask (022): files are world-readable unless the app says otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("caseboard: ")
    return err[0]


# -- files readable by their owner only ------------------------------------------------------


def test_a_new_database_and_its_wal_and_shm_are_private(tmp_path: Path, loose_umask: None) -> None:
    path = tmp_path / "new.db"
    db = open_database(f"sqlite:///{path}", create=True)
    try:
        with db.begin() as s:
            audit.record(s, None, AuditAction.LOGIN, username="someone")
        files = [path, path.with_name("new.db-wal"), path.with_name("new.db-shm")]
        assert all(p.exists() for p in files)
        assert {p.name: oct(mode(p)) for p in files} == {p.name: "0o600" for p in files}
    finally:
        db.dispose()


def test_the_backup_made_before_a_migration_is_private(tmp_path: Path, loose_umask: None) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(parse_url(f"sqlite:///{path}"))
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    assert db.backup is not None and db.backup.exists()
    assert oct(mode(db.backup)) == "0o600"


def test_csv_exports_are_private_even_over_an_older_readable_file(
    db: object, tmp_path: Path, loose_umask: None
) -> None:
    from desktop.data.database import Database

    assert isinstance(db, Database)
    with db.begin() as s:
        team = f.team(s)
        manager = f.actor(f.user(s, team, Role.TEAM_MANAGER))
        f.young_person(s, team)
    caseload = tmp_path / "caseload.csv"
    caseload.write_text("an older export\n")
    caseload.chmod(0o644)
    CaseloadService(db).export_csv(manager, caseload)
    log = tmp_path / "audit.csv"
    AuditViewerService(db).export_csv(manager, log)
    assert caseload.read_text(encoding="utf-8-sig").startswith("Name")
    assert {p.name: oct(mode(p)) for p in (caseload, log)} == {
        "caseload.csv": "0o600",
        "audit.csv": "0o600",
    }


def test_a_screenshot_is_private(tmp_path: Path) -> None:
    """The real process, started with the common umask 022 as a desktop session would."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert main(["demo-data", "--database", url, "--young-people", "3"]) == 0
    out = tmp_path / "shot.png"
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--database", url, "--user", "manager.north",
         "--screenshot", str(out)],
        input=DEMO_PASSWORD + "\n", capture_output=True, text=True, timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, umask=0o022,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert oct(mode(out)) == "0o600"
    assert oct(mode(tmp_path / "demo.db")) == "0o600"


# -- a mistyped path creates nothing ---------------------------------------------------------

MISSING_COMMANDS = {
    "the app": ["--user", "chair", "--screenshot", "{dir}/shot.png"],
    "export": ["export", "caseload", "--csv", "{dir}/out.csv", "--user", "chair"],
    "audit verify": ["audit", "verify"],
    "audit head": ["audit", "head"],
    "meetings": ["meetings", "--list", "--user", "chair"],
    "pack": ["pack", "--meeting", "1", "--out", "{dir}/pack.pdf", "--user", "chair"],
    "summary": ["summary", "--young-person", "1", "--out", "{dir}/s.pdf", "--user", "chair"],
}


@pytest.mark.parametrize("name", list(MISSING_COMMANDS))
def test_a_missing_database_is_refused_and_not_created(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mistyped.db"
    args = [a.replace("{dir}", str(tmp_path)) for a in MISSING_COMMANDS[name]]
    assert main([*args, "--database", f"sqlite:///{path}"]) == 1
    line = one_error_line(capsys)
    assert f"There is no Caseboard database at {path}" in line
    assert "caseboard setup" in line and "caseboard demo-data" in line
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_missing_database_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "no-such-folder" / "caseboard.db"
    assert main(["audit", "verify", "--database", f"sqlite:///{path}"]) == 1
    assert f"There is no Caseboard database at {path}" in one_error_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_the_app_started_from_an_icon_says_how_to_create_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr("desktop.cli._show_startup_error", shown.append)
    path = tmp_path / "caseboard.db"
    assert main(["--database", f"sqlite:///{path}"]) == 1
    assert len(shown) == 1
    assert str(path) in shown[0] and "caseboard setup" in shown[0]
    assert not path.exists()


def test_demo_data_still_creates_a_database(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    assert main(["demo-data", "--database", f"sqlite:///{path}", "--young-people", "1"]) == 0
    assert path.exists()


def test_an_empty_file_is_not_a_database_either(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(DatabaseOpenError, match="no Caseboard database"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == b""


def test_an_empty_postgresql_database_is_not_set_up_by_other_commands(
    pg_server: PostgresServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    name = "empty_not_created"
    pg_server.create_database(name)
    url = pg_server.url(name)
    try:
        assert main(["audit", "verify", "--database", url]) == 1
        assert "There is no Caseboard database at" in one_error_line(capsys)
        out = tmp_path / "x.csv"
        assert main(["export", "caseload", "--csv", str(out), "--user", "chair",
                     "--database", url]) == 1  # fmt: skip
        assert "There is no Caseboard database at" in one_error_line(capsys)
        db = open_database(url, create=True)  # what `caseboard setup` does
        with db.begin() as s:
            assert s.execute(text("SELECT count(*) FROM audit_entry")).scalar_one() == 0
        db.dispose()
    finally:
        pg_server.drop_database(name)


def test_open_database_creates_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with pytest.raises(DatabaseOpenError, match="no Caseboard database"):
        open_database(f"sqlite:///{path}")
    assert not path.exists()
    open_database(f"sqlite:///{path}", create=True).dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
