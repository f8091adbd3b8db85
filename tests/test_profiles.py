"""Connection profiles: URLs escaped, clear validation messages, a private file with no password."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from desktop.domain.errors import ValidationFailed
from desktop.profiles import (
    ConnectionChoice,
    ConnectionProfile,
    ProfileStore,
    ProfileStoreError,
    default_profiles_path,
)

SECRET = "p@ss:w/o?rd#%&é 1"


def pg(**changes: object) -> ConnectionProfile:
    values: dict[str, object] = {
        "name": "Team server",
        "kind": "postgresql",
        "host": "db.council.example",
        "port": 5433,
        "database": "caseboard",
        "user": "north@team",
    }
    values.update(changes)
    return ConnectionProfile(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(tmp_path / "config" / "profiles.json")


# -- URLs ---------------------------------------------------------------------------------------


def test_postgresql_url_escapes_every_part_and_round_trips() -> None:
    url = pg(database="case board", sslmode="verify-full", sslrootcert="/etc/ca.pem").to_url(SECRET)
    assert url.drivername == "postgresql+psycopg"
    text = url.render_as_string(hide_password=False)
    assert SECRET not in text  # escaped, not pasted
    back = make_url(text)
    assert (back.username, back.password, back.host, back.port, back.database) == (
        "north@team",
        SECRET,
        "db.council.example",
        5433,
        "case board",
    )
    assert dict(back.query) == {"sslmode": "verify-full", "sslrootcert": "/etc/ca.pem"}


def test_client_certificate_paths_go_into_the_query() -> None:
    url = pg(sslmode="require", sslcert="~/c.crt", sslkey="~/c.key").to_url(None)
    assert url.password is None
    assert url.query["sslcert"] == str(Path("~/c.crt").expanduser())
    assert url.query["sslkey"] == str(Path("~/c.key").expanduser())


def test_sqlite_url_is_the_file(tmp_path: Path) -> None:
    path = tmp_path / "with space" / "case#board.db"
    url = ConnectionProfile("Local", path=str(path)).to_url("ignored")
    assert url.get_backend_name() == "sqlite"
    assert url.database == str(path)
    assert url.password is None


def test_labels_never_show_the_password() -> None:
    profile = pg()
    assert profile.label == "Team server (PostgreSQL: north@team@db.council.example:5433/caseboard)"
    assert ConnectionProfile("Local", path="/srv/c.db").label == "Local (SQLite: /srv/c.db)"
    choice = ConnectionChoice(profile, SECRET)
    assert SECRET not in repr(choice)
    assert choice.url().password == SECRET


# -- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "field", "message"),
    [
        (pg(name="  "), "name", "Give the connection a name"),
        (pg(name="x" * 61), "name", "60 characters or fewer"),
        (pg(name="a\tb"), "name", "control characters"),
        (pg(host=""), "host", "Give the server's host name or address"),
        (pg(host="db server"), "host", "cannot contain spaces"),
        (pg(port=0), "port", "from 1 to 65535"),
        (pg(port=65536), "port", "from 1 to 65535"),
        (pg(port="5432"), "port", "from 1 to 65535"),
        (pg(database=" "), "database", "Give the database name"),
        (pg(user=""), "user", "Give the database user name"),
        (pg(sslmode="sometimes"), "sslmode", "verify-full"),
        (pg(sslcert="/c.crt"), "sslkey", "Give both the client certificate and its key"),
        (ConnectionProfile("Local", path=""), "path", "Give the database file"),
        (ConnectionProfile("Local", path="rel/c.db"), "path", "full path"),
        (ConnectionProfile("Odd", kind="mysql"), "kind", "SQLite file or a PostgreSQL"),  # type: ignore[arg-type]
    ],
)
def test_validation_names_the_field_and_says_what_to_do(
    profile: ConnectionProfile, field: str, message: str
) -> None:
    assert message in profile.errors()[field]
    with pytest.raises(ValidationFailed) as exc:
        profile.validated()
    assert field in exc.value.fields


def test_the_edges_are_valid_and_spaces_are_trimmed() -> None:
    assert pg(port=1).errors() == {}
    assert pg(port=65535).errors() == {}
    assert pg(host="/var/run/postgresql").errors() == {}  # a unix socket directory
    assert pg(name=" Team ", host=" db ").validated().host == "db"


# -- the store ----------------------------------------------------------------------------------


def test_store_round_trip_rename_delete_and_last_used(store: ProfileStore) -> None:
    assert store.profiles() == [] and store.last_used is None
    local = store.save(ConnectionProfile(" Local ", path="/srv/c.db"))
    team = store.save(pg(sslmode="verify-full", sslrootcert="/ca.pem"))
    assert local.name == "Local"
    assert store.profiles() == [local, team]
    assert store.get("team SERVER") == team
    store.set_last_used("Team server")
    renamed = store.save(pg(name="North"), replacing="Team server")
    assert [p.name for p in store.profiles()] == ["Local", "North"]
    assert store.last_used == renamed  # the rename followed the last used
    store.delete("north")
    assert store.last_used is None
    assert ProfileStore(store.path).profiles() == [local]


def test_names_are_unique_ignoring_case(store: ProfileStore) -> None:
    store.save(pg())
    with pytest.raises(ValidationFailed) as exc:
        store.save(pg(name="TEAM SERVER", host="other"))
    assert exc.value.fields == {"name": "There is already a connection profile named 'TEAM SERVER'"}
    assert store.unique_name("Team server") == "Team server (2)"
    with pytest.raises(ValidationFailed, match="no connection profile named 'Nope'"):
        store.require("Nope")
    with pytest.raises(ValidationFailed):
        store.delete("Nope")


def test_file_is_private_and_never_holds_a_password(store: ProfileStore) -> None:
    profile = store.save(pg())
    # whatever the caller does with a password, only profile fields are written
    ConnectionChoice(profile, SECRET).url()
    store.set_last_used(profile.name)
    text = store.path.read_text(encoding="utf-8")
    assert SECRET not in text and "password" not in text.lower()
    if os.name == "posix":
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert not [p for p in store.path.parent.iterdir() if p.name != "profiles.json"]  # no temp


def test_a_password_someone_typed_into_the_file_is_ignored_and_dropped(
    store: ProfileStore,
) -> None:
    store.path.parent.mkdir(parents=True)
    entry = {**pg().to_dict(), "password": SECRET}
    store.path.write_text(json.dumps({"version": 1, "profiles": [entry]}))
    assert store.get("Team server") == pg()
    store.set_last_used("Team server")  # any write rewrites the file from profile fields
    assert SECRET not in store.path.read_text()


@pytest.mark.parametrize("content", ["{not json", "[]", '{"profiles": [{"port": 1}]}',
                                     '{"profiles": [{"name": "x", "port": "5432"}]}'])  # fmt: skip
def test_a_damaged_file_is_reported_not_overwritten(store: ProfileStore, content: str) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(content)
    with pytest.raises(ProfileStoreError, match="is damaged"):
        store.profiles()
    with pytest.raises(ProfileStoreError):
        store.save(pg())
    assert store.path.read_text() == content


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ProfileStoreError, match=r"the connection profiles .*Not a directory"):
        ProfileStore(blocker / "profiles.json").save(pg())


def test_default_path_is_in_the_user_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEBOARD_PROFILES_FILE", raising=False)
    path = default_profiles_path()
    assert path.name == "profiles.json" and path.parent.name == "Caseboard"
    assert str(path).startswith(os.environ["XDG_CONFIG_HOME"])
    monkeypatch.setenv("CASEBOARD_PROFILES_FILE", "/elsewhere/p.json")
    assert default_profiles_path() == Path("/elsewhere/p.json")
