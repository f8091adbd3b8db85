"""Shared fixtures: offscreen Qt, a private home, in-memory keyring, SQLite and PostgreSQL databases.

Fixtures for databases:

* ``sqlite_db`` - a migrated SQLite file under ``tmp_path``.
* ``pg_db`` - a fresh, migrated database on the session's throwaway PostgreSQL server.
* ``db`` - both of the above, one test run each (ids ``sqlite`` and ``postgresql``): use it for
  data and services tests, which must pass on both.
* ``pg_server`` - the server itself (``.url(name)``, ``.create_database(name)``, ``.stop()``,
  ``.start()``), running when the test starts and restarted after it if the test stopped it.

A test that uses the server is marked ``postgres`` and is skipped, with the reason, when the
PostgreSQL server binaries are not installed (``CASEBOARD_REQUIRE_POSTGRES=1`` turns that skip
into a failure; ``./dev test`` sets it on CI, where the set-up always installs them).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Before anything imports Qt: tests never open real windows, with or without a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# A private home for settings, data and caches, so QSettings and platformdirs never read or
# write the developer's real Caseboard settings or default database.
_PRIVATE_HOME = Path(tempfile.mkdtemp(prefix="caseboard-tests-home-"))
atexit.register(shutil.rmtree, _PRIVATE_HOME, ignore_errors=True)
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_PRIVATE_HOME / _var.removeprefix("XDG_").removesuffix("_HOME").lower())
# Qt warns (and a warning fails a test) when it needs a runtime dir and none is set, as on CI.
if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = str(_PRIVATE_HOME / "runtime")
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700)
# keyring must never reach the developer's real keyring (nor probe D-Bus for one): outside
# the memory_keyring fixture it gets the backend that refuses everything.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import itertools  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.errors import PasswordDeleteError  # noqa: E402

from desktop.data.database import Database, open_database  # noqa: E402
from tests.pg import PostgresServer, PostgresUnavailable  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Secrets
# ---------------------------------------------------------------------------------------------


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict: headless CI has no secure backend (ENVIRONMENT.md)."""

    #: Above keyring's fail backend (0), so even keyring's own detection would choose it.
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise PasswordDeleteError(f"No password for {username!r} in {service!r}") from None


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring; take this fixture to look inside it."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _private_drafts(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test keeps form drafts in a folder of its own, so no draft leaks into another."""
    folder = tmp_path_factory.mktemp("drafts")
    monkeypatch.setenv("CASEBOARD_DRAFTS_DIR", str(folder / "drafts"))
    return folder / "drafts"


# ---------------------------------------------------------------------------------------------
# SQLite
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file migrated once per session; each test gets a copy (~10 ms vs ~50 ms)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    # dispose checkpoints the WAL into the file
    open_database(f"sqlite:///{path}", create=True).dispose()
    return path


@pytest.fixture
def sqlite_db(tmp_path: Path, _sqlite_template: Path) -> Iterator[Database]:
    """A migrated SQLite database at tmp_path/test.db."""
    path = tmp_path / "test.db"
    shutil.copyfile(_sqlite_template, path)
    database = open_database(f"sqlite:///{path}")
    yield database
    database.dispose()


# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------

PG_FIXTURES = {"pg_server", "pg_server_session", "pg_db", "_pg_template"}
_TEMPLATE_DB = "caseboard_template"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Any test that reaches the server directly is a `postgres` test, so `-m "not postgres"`
    # leaves it out (the `db` fixture marks its postgresql half itself).
    for item in items:
        if PG_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_server_session() -> Iterator[PostgresServer]:
    """The session's throwaway server (for session-scoped fixtures; tests use pg_server)."""
    try:
        server = PostgresServer.create()
    except PostgresUnavailable as exc:
        if os.environ.get("CASEBOARD_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{exc} (CASEBOARD_REQUIRE_POSTGRES=1)", pytrace=False)
        pytest.skip(str(exc))
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def pg_server(pg_server_session: PostgresServer) -> Iterator[PostgresServer]:
    """The throwaway server, running; a test may stop() and start() it (it is restarted after)."""
    pg_server_session.start()
    yield pg_server_session
    pg_server_session.start()


@pytest.fixture(scope="session")
def _pg_template(pg_server_session: PostgresServer) -> str:
    """A database migrated once per session, copied by CREATE DATABASE ... TEMPLATE per test."""
    pg_server_session.create_database(_TEMPLATE_DB)
    # no connection may remain
    open_database(pg_server_session.url(_TEMPLATE_DB), create=True).dispose()
    return _TEMPLATE_DB


_pg_counter = itertools.count(1)


@pytest.fixture
def pg_db(pg_server: PostgresServer, _pg_template: str) -> Iterator[Database]:
    """A fresh migrated PostgreSQL database, dropped after the test."""
    name = f"test_{next(_pg_counter)}_{uuid.uuid4().hex[:8]}"
    pg_server.create_database(name, template=_pg_template)
    database = open_database(pg_server.url(name))
    yield database
    database.dispose()
    pg_server.start()  # the test may have stopped it
    pg_server.drop_database(name)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def db(request: pytest.FixtureRequest) -> Database:
    """A migrated database, once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_db" if request.param == "sqlite" else "pg_db"
    database: Database = request.getfixturevalue(fixture)
    return database
