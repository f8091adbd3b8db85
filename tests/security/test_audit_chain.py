"""The audit chain under attack and under load: it never forks, and verify names every break."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, text, update

from desktop.cli import main
from desktop.data.database import Database, open_database
from desktop.data.tables import AuditEntry
from desktop.domain.audit import AuditRecord, record_hash
from desktop.domain.enums import AuditAction
from desktop.services import audit
from desktop.services.audit import AuditService
from desktop.services.passwords import hash_password
from tests import factories as f


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("caseboard: ")
    return err[0]


PASSWORD = "a long enough test password"
WORKERS = 8
ROUNDS = 3
VIEWS_PER_ROUND = 15

#: One workstation: signs in, then records views, as fast as it can, several rounds.
_WORKSTATION = textwrap.dedent(
    """
    import sys, time
    from desktop.data.database import open_database
    from desktop.domain.enums import AuditAction
    from desktop.services import audit
    from desktop.services.auth import AuthService

    url, username, password, start, rounds, views = sys.argv[1:7]
    db = open_database(url)
    while time.time() < float(start):
        time.sleep(0.005)
    for _ in range(int(rounds)):
        actor = AuthService(db).sign_in(username, password).actor
        for n in range(int(views)):
            with db.begin() as s:
                audit.record(s, actor, AuditAction.VIEW, object_kind="young_person", object_id=n)
    db.dispose()
    """
)


def test_parallel_sign_ins_on_one_sqlite_file_keep_one_chain(tmp_path: Path) -> None:
    """Eight workstations signing in and viewing at once on a shared file: no fork, no
    "database is locked", and `audit verify` finds the chain intact."""
    path = tmp_path / "shared.db"
    url = f"sqlite:///{path}"
    db = open_database(url, create=True)
    try:
        with db.begin() as s:
            team = f.team(s)
            names = []
            hashed = hash_password(PASSWORD)
            for n in range(WORKERS):
                u = f.user(s, team, name=f"worker{n}")
                u.password_hash = hashed
                names.append(u.username)
    finally:
        db.dispose()
    start = time.time() + 6.0  # every process imported and connected before any starts
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    argv = [sys.executable, "-c", _WORKSTATION, url]
    rounds = [PASSWORD, str(start), str(ROUNDS), str(VIEWS_PER_ROUND)]
    procs = [
        subprocess.Popen(
            [*argv, name, *rounds],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in names
    ]
    errors = []
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        if proc.returncode != 0:
            errors.append(err.strip().splitlines()[-1:])
    assert errors == []
    db = open_database(url)
    try:
        check = AuditService(db).verify()
        with db.begin() as s:
            total = len(s.execute(select(AuditEntry.id)).all())
    finally:
        db.dispose()
    assert total == WORKERS * ROUNDS * (1 + VIEWS_PER_ROUND)
    assert check.ok, check
    assert check.checked == total


# -- every column and every link is covered by the chain --------------------------------------


@pytest.fixture
def chain(db: Database) -> list[int]:
    """Six entries, each its own transaction, with every column filled in."""
    with db.begin() as s:
        team = f.team(s)
        who = f.actor(f.user(s, team))
        yp = f.young_person(s, team)
    for n in range(6):
        with db.begin() as s:
            audit.record(
                s, who, AuditAction.UPDATE, object_kind="contact", object_id=100 + n,
                young_person_id=yp.id, fields=["note", "when"], detail={"reason": f"r{n}"},
            )  # fmt: skip
    f.bypass_audit_protection(db)  # an attacker with DBA rights
    with db.begin() as s:
        return list(s.execute(select(AuditEntry.id).order_by(AuditEntry.id)).scalars())


def _row(db: Database, entry_id: int) -> dict[str, Any]:
    with db.begin() as s:
        entry = s.get(AuditEntry, entry_id)
        assert entry is not None
        return {c: getattr(entry, c) for c in COLUMNS}


def _set(db: Database, entry_id: int, **values: Any) -> None:
    with db.begin() as s:
        s.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(**values))


def _flip(digest: str) -> str:
    return digest[:-1] + ("0" if digest[-1] != "0" else "1")


COLUMNS = (
    "at", "user_id", "username", "action", "object_kind", "object_id", "young_person_id",
    "fields", "detail", "prev_hash", "hash",
)  # fmt: skip
TAMPER: dict[str, Callable[[Any], Any]] = {
    "at": lambda v: v + timedelta(microseconds=1),
    "user_id": lambda v: None,
    "username": lambda v: v + "x",
    "action": lambda v: "export",
    "object_kind": lambda v: "placement_episode",
    "object_id": lambda v: v + 1,
    "young_person_id": lambda v: v + 1,
    "fields": lambda v: '["note"]',
    "detail": lambda v: '{"reason":"changed"}',
    "prev_hash": _flip,
    "hash": _flip,
}


@pytest.mark.parametrize("column", COLUMNS)
def test_changing_any_column_of_an_entry_is_named_at_that_entry(
    db: Database, chain: list[int], column: str
) -> None:
    target = chain[2]
    old = _row(db, target)[column]
    _set(db, target, **{column: TAMPER[column](old)})
    check = AuditService(db).verify()
    assert not check.ok
    assert check.first_broken_id == target, check
    assert check.checked == 2


def test_removing_a_middle_entry_is_named_at_the_next(db: Database, chain: list[int]) -> None:
    with db.begin() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.id == chain[2]))
    check = AuditService(db).verify()
    assert (check.ok, check.first_broken_id) == (False, chain[3])
    assert "removed or inserted" in check.reason


def test_swapping_two_entries_is_named_at_the_first(db: Database, chain: list[int]) -> None:
    third, fourth = _row(db, chain[2]), _row(db, chain[3])
    _set(db, chain[2], **fourth)
    _set(db, chain[3], **third)
    check = AuditService(db).verify()
    assert (check.ok, check.first_broken_id) == (False, chain[2])


def test_relinking_past_a_removed_entry_is_named(db: Database, chain: list[int]) -> None:
    """Remove entry 3 and point entry 4 at entry 2: entry 4's own hash no longer fits."""
    second = _row(db, chain[1])
    with db.begin() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.id == chain[2]))
    _set(db, chain[3], prev_hash=second["hash"])
    check = AuditService(db).verify()
    assert (check.ok, check.first_broken_id) == (False, chain[3])
    assert "changed" in check.reason


def test_relinking_with_one_hash_recomputed_is_named_at_the_entry_after(
    db: Database, chain: list[int]
) -> None:
    second = _row(db, chain[1])
    with db.begin() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.id == chain[2]))
    _rehash_from(db, chain[3], second["hash"], stop_after=chain[3])
    check = AuditService(db).verify()
    assert (check.ok, check.first_broken_id) == (False, chain[4])


def _rehash_from(db: Database, first: int, prev: str, stop_after: int | None = None) -> None:
    """What a forger with write access does: recompute every hash from `first` on."""
    with db.begin() as s:
        entries = s.execute(
            select(AuditEntry).where(AuditEntry.id >= first).order_by(AuditEntry.id)
        ).scalars()
        for entry in entries:
            record = AuditRecord(**{"id": entry.id, **{c: getattr(entry, c) for c in COLUMNS}})
            entry.prev_hash = prev
            entry.hash = record_hash(replace(record, prev_hash=prev))
            prev = entry.hash
            if entry.id == stop_after:
                break


# -- the noted head: a rewrite with recomputed hashes, or a truncation -----------------------


def _cli(db: Database, *args: str) -> int:
    return main(["audit", *args, "--database", db.url.render_as_string(hide_password=False)])


def _noted_head(db: Database, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert _cli(db, "head") == 0
    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1
    return out


def test_audit_head_prints_the_newest_entry_and_verify_accepts_it(
    db: Database, chain: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    head = _noted_head(db, capsys)
    assert head == f"{chain[-1]}:{_row(db, chain[-1])['hash']}"
    assert _cli(db, "verify", "--head", head) == 0
    assert f"Entry {chain[-1]} still has the hash noted" in capsys.readouterr().out
    with db.begin() as s:  # ordinary work goes on after the head was noted
        audit.record(s, None, AuditAction.LOGIN, username="later")
    assert _cli(db, "verify", "--head", head) == 0


def test_a_rewrite_with_recomputed_hashes_fails_against_the_noted_head(
    db: Database, chain: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    head = _noted_head(db, capsys)
    _set(db, chain[1], detail='{"reason":"rewritten"}')
    _rehash_from(db, chain[1], _row(db, chain[0])["hash"])
    assert AuditService(db).verify().ok  # without a noted head, nothing shows
    capsys.readouterr()
    assert _cli(db, "verify", "--head", head) == 1
    line = one_error_line(capsys)
    assert f"broken at entry {chain[-1]}" in line and "rewritten" in line


def test_a_truncation_below_the_noted_head_fails(
    db: Database, chain: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    head = _noted_head(db, capsys)
    with db.begin() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.id >= chain[4]))
    assert AuditService(db).verify().ok
    capsys.readouterr()
    assert _cli(db, "verify", "--head", head) == 1
    line = one_error_line(capsys)
    assert f"broken at entry {chain[-1]}" in line and "removed" in line


@pytest.mark.parametrize(
    "value", ["", "12", "x:" + "a" * 64, "3:abc", "3:" + "g" * 64, "-1:" + "a" * 64]
)
def test_a_malformed_head_is_a_usage_error_in_one_line(
    sqlite_db: Database, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(sqlite_db, "verify", f"--head={value}") == 2
    line = one_error_line(capsys)
    assert "is not a head of the audit chain" in line
    assert "N:HASH" in line or "64 hexadecimal" in line


# -- INSERT OR REPLACE and ON CONFLICT DO UPDATE ----------------------------------------------


def test_replacing_an_entry_by_inserting_over_its_id_is_refused(db: Database) -> None:
    from sqlalchemy.exc import DBAPIError

    with db.begin() as s:
        for n in range(3):
            audit.record(s, None, AuditAction.LOGIN, username=f"u{n}")
    with db.begin() as s:
        target = s.execute(select(AuditEntry.id).order_by(AuditEntry.id)).scalars().all()[1]
    columns = "id, at, username, action, object_kind, fields, detail, prev_hash, hash"
    values = ":id, :at, 'forger', 'login', '', '', '', :h, :h"
    if db.url.get_backend_name() == "sqlite":
        statements = [
            f"INSERT OR REPLACE INTO audit_entry ({columns}) VALUES ({values})",
            f"REPLACE INTO audit_entry ({columns}) VALUES ({values})",
            f"INSERT INTO audit_entry ({columns}) VALUES ({values}) "
            "ON CONFLICT (id) DO UPDATE SET username = excluded.username",
        ]
    else:
        statements = [
            f"INSERT INTO audit_entry ({columns}) VALUES ({values}) "
            "ON CONFLICT (id) DO UPDATE SET username = excluded.username, hash = excluded.hash"
        ]
    at = (
        "2026-01-01 00:00:00.000000" if db.url.get_backend_name() == "sqlite" else datetime.now(UTC)
    )
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), db.begin() as s:
            s.execute(text(statement), {"id": target, "at": at, "h": "f" * 64})
    with db.begin() as s:
        assert (
            s.execute(select(AuditEntry.username).where(AuditEntry.id == target)).scalar_one()
            == "u1"
        )
    assert AuditService(db).verify().ok


def test_an_ordinary_insert_still_works_after_the_guard(db: Database) -> None:
    with db.begin() as s:
        audit.record(s, None, AuditAction.LOGIN, username="a")
        audit.record(s, None, AuditAction.LOGIN, username="b")
    check = AuditService(db).verify()
    assert check.ok and check.checked == 2


# -- verify reads anything, changes nothing ----------------------------------------------------


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    """A closed SQLite database with five audit entries and no -wal/-shm beside it."""
    folder = tmp_path / "copy"
    folder.mkdir()
    path = folder / "caseboard.db"
    db = open_database(f"sqlite:///{path}", create=True)
    for n in range(5):
        with db.begin() as s:
            audit.record(s, None, AuditAction.LOGIN, username=f"user{n}")
    db.dispose()  # the last connection checkpoints and removes the -wal and -shm files
    assert sorted(p.name for p in folder.iterdir()) == ["caseboard.db"]
    return path


def _raw(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_a_malformed_time_is_named_not_a_traceback(
    small_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _raw(
        small_file,
        "DROP TRIGGER audit_entry_no_update",
        "UPDATE audit_entry SET at = 'garbage' WHERE id = 3",
    )
    assert main(["audit", "verify", "--database", f"sqlite:///{small_file}"]) == 1
    line = one_error_line(capsys)
    assert "entry 3: its time 'garbage' is not a valid timestamp" in line
    assert "(2 entries before it are intact)" in line


def test_a_missing_audit_table_says_so(
    small_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _raw(small_file, "DROP TABLE audit_entry")
    assert main(["audit", "verify", "--database", f"sqlite:///{small_file}"]) == 1
    line = one_error_line(capsys)
    assert "There is no audit log in" in line and "audit_entry table is missing" in line


def _state(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns, stat.S_IMODE(p.stat().st_mode))
        for p in folder.iterdir()
    }


def test_verify_and_head_change_nothing_on_a_read_only_copy(
    small_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As on read-only media: no -wal/-shm, no backup, no migration, not a byte changed.

    The copy claims an older schema, which opening for work would migrate (after a backup).
    Tests run as root, where chmod does not stop writes: what is asserted is that nothing
    was written, with the file opened immutable so that read-only media would work too.
    """
    _raw(small_file, "UPDATE alembic_version SET version_num = '0007'")
    folder = small_file.parent
    small_file.chmod(0o444)
    folder.chmod(0o555)
    try:
        before = _state(folder)
        url = f"sqlite:///{small_file}"
        assert main(["audit", "verify", "--database", url]) == 0
        assert "Audit chain intact: 5 entries checked" in capsys.readouterr().out
        assert main(["audit", "head", "--database", url]) == 0
        head = capsys.readouterr().out.strip()
        assert head.startswith("5:")
        assert main(["audit", "verify", "--head", head, "--database", url]) == 0
        assert _state(folder) == before
    finally:
        folder.chmod(0o755)
        small_file.chmod(0o644)
