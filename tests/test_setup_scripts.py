"""The developer scripts parse as POSIX sh, and the shared test fixtures do what conftest says."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import keyring
import psycopg
import pytest
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from desktop.data.database import Database, head_revision
from tests.conftest import MemoryKeyring
from tests.pg import PostgresServer

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["dev", ".ci/run", "installer/build.sh"]


def _revision(database: Database) -> str | None:
    with database.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# -- scripts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_is_posix_sh(script: str) -> None:
    # dash is Debian's /bin/sh and rejects bashisms that bash -n would let through.
    sh = shutil.which("dash") or "/bin/sh"
    path = ROOT / script
    assert path.read_text().startswith("#!/bin/sh\n")
    result = subprocess.run([sh, "-n", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_is_executable(script: str) -> None:
    assert os.access(ROOT / script, os.X_OK)


def test_dev_help_lists_every_command() -> None:
    result = subprocess.run(
        ["sh", str(ROOT / "dev"), "help"], capture_output=True, text=True, check=True
    )
    for command in ("run", "test", "lint", "shot", "bench", "bundle", "setup"):
        assert f"\n  {command} " in result.stdout


def test_dev_refuses_an_unknown_command() -> None:
    result = subprocess.run(
        ["sh", str(ROOT / "dev"), "frobnicate"], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "unknown command: frobnicate" in result.stderr


def test_ci_runs_the_readme_test_command_and_nothing_else() -> None:
    lines = [
        line
        for line in (ROOT / ".ci/run").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[-1] == "exec sh ./dev test"


# -- environment --------------------------------------------------------------------------------


def test_qt_is_offscreen_and_home_is_private() -> None:
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        assert "caseboard-tests-home-" in os.environ[var]


# -- keyring ------------------------------------------------------------------------------------


def test_the_keyring_is_in_memory(memory_keyring: MemoryKeyring) -> None:
    assert keyring.get_keyring() is memory_keyring
    keyring.set_password("caseboard", "alice", "s3cret")
    assert memory_keyring.passwords == {("caseboard", "alice"): "s3cret"}
    keyring.delete_password("caseboard", "alice")
    with pytest.raises(keyring.errors.PasswordDeleteError):
        keyring.delete_password("caseboard", "alice")


def test_each_test_gets_an_empty_keyring() -> None:
    assert keyring.get_password("caseboard", "alice") is None


# -- databases ----------------------------------------------------------------------------------


def test_sqlite_db_is_a_migrated_file_in_tmp_path(sqlite_db: Database, tmp_path: Path) -> None:
    assert sqlite_db.url.database == f"{tmp_path}/test.db"
    assert _revision(sqlite_db) == head_revision()


def test_db_runs_on_both_backends(db: Database, request: pytest.FixtureRequest) -> None:
    assert db.url.get_backend_name() == request.node.callspec.id
    assert _revision(db) == head_revision()
    with db.begin() as session:
        session.execute(text("CREATE TABLE scratch (n INTEGER)"))
        session.execute(text("INSERT INTO scratch VALUES (1)"))


def test_db_is_fresh_for_every_test(db: Database) -> None:
    # The test above created `scratch` on the same backends; it must be gone.
    with db.begin() as session:
        session.execute(text("CREATE TABLE scratch (n INTEGER)"))


def test_postgresql_tests_carry_the_marker(request: pytest.FixtureRequest, pg_db: Database) -> None:
    assert request.node.get_closest_marker("postgres") is not None


def test_the_server_can_be_stopped_and_started_mid_test(pg_server: PostgresServer) -> None:
    url = pg_server.create_database("outage")
    assert url == f"postgresql+psycopg://postgres@127.0.0.1:{pg_server.port}/outage"
    pg_server.stop()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=pg_server.port, user="postgres", connect_timeout=2)
    pg_server.start()
    with pg_server.connect("outage") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    pg_server.drop_database("outage")
    pg_server.stop()  # left stopped on purpose: the fixture must restart it for the next test


def test_the_server_is_running_again_after_a_test_stopped_it(pg_server: PostgresServer) -> None:
    with pg_server.connect() as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
