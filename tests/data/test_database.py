"""Opening databases: migrations, backups, and refusing files that are not ours or too new."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from desktop.data.database import Database, DatabaseOpenError, head_revision, open_database
from desktop.data.tables import Base, RiskInstrument


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_new_file_is_created_at_head_with_every_table(tmp_path: Path) -> None:
    db = open_database(_url(tmp_path / "new.db"), create=True)
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        with db.begin() as s:
            assert s.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
                head_revision()
            )
            codes = set(s.execute(select(RiskInstrument.code)).scalars())
        assert codes == {"seraf", "london"}
        assert db.backup is None  # nothing to back up in a new file
    finally:
        db.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    db = open_database(_url(tmp_path / "wal.db"), create=True)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()


def test_previous_revision_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    from alembic import command

    from desktop.data.database import alembic_config, make_engine, parse_url

    path = tmp_path / "old.db"
    engine = make_engine(parse_url(_url(path)))
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql("INSERT INTO team (name, version) VALUES ('Kept team', 1)")
    engine.dispose()

    db = open_database(_url(path))
    try:
        assert db.found_revision == "0001"
        assert db.backup is not None and db.backup.exists()
        assert "rev0001" in db.backup.name
        with db.begin() as s:
            assert s.execute(text("SELECT name FROM team")).scalar_one() == "Kept team"
            assert s.execute(
                select(RiskInstrument.code).order_by(RiskInstrument.code)
            ).scalars().all() == [
                "london",
                "seraf",
            ]
    finally:
        db.dispose()
    backup = sqlite3.connect(db.backup)
    try:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT name FROM team").fetchone() == ("Kept team",)
    finally:
        backup.close()


def test_reopening_at_head_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "same.db"
    open_database(_url(path), create=True).dispose()
    db = open_database(_url(path))
    db.dispose()
    assert db.backup is None
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []


def _snapshot(path: Path) -> tuple[bytes, list[str]]:
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_database(_url(path), create=True).dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in tmp_path.glob("future.db-*"):
        extra.unlink()
    before = _snapshot(path)
    with pytest.raises(DatabaseOpenError, match="newer version of Caseboard"):
        open_database(_url(path))
    assert _snapshot(path) == before


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("Minutes of the meeting - not a database\n")
    before = _snapshot(path)
    with pytest.raises(DatabaseOpenError, match="not an SQLite file"):
        open_database(_url(path))
    assert _snapshot(path) == before


def test_another_programs_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = _snapshot(path)
    with pytest.raises(DatabaseOpenError, match="not a Caseboard database"):
        open_database(_url(path))
    assert _snapshot(path) == before


@pytest.mark.skipif(
    __import__("os").geteuid() == 0, reason="root can read any file, so unreadable cannot be made"
)
def test_an_unreadable_file_gives_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    open_database(_url(path), create=True).dispose()
    path.chmod(0)
    try:
        with pytest.raises(DatabaseOpenError, match="Cannot read"):
            open_database(_url(path))
    finally:
        path.chmod(0o600)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="folder"):
        open_database(_url(tmp_path))


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="folder for the database does not exist"):
        open_database(_url(tmp_path / "nope" / "x.db"), create=True)
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [("not a url", "not a database URL"), ("mysql://u@h/db", "SQLite or PostgreSQL")],
)
def test_bad_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(DatabaseOpenError, match=message):
        open_database(url)


def test_a_permission_error_reading_the_file_gives_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same path as a chmod 000 file, reachable when tests run as root (as CI does)."""
    path = tmp_path / "locked.db"
    open_database(_url(path), create=True).dispose()
    before = _snapshot(path)
    real_open = Path.open

    def deny(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(
        DatabaseOpenError, match=r"Cannot read the database file .*Permission denied"
    ):
        open_database(_url(path))
    monkeypatch.undo()
    assert _snapshot(path) == before


def test_the_migrations_build_exactly_the_schema_the_models_describe(sqlite_db: Database) -> None:
    """A model change without its migration (or the reverse) fails here, not in production."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop.data.base import compare_column_types

    with sqlite_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": compare_column_types})
        assert compare_metadata(context, Base.metadata) == []
