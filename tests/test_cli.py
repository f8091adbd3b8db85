"""The command line: one clear line and a non-zero exit for bad input; real work otherwise."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main
from desktop.services.demo import DEMO_PASSWORD


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    assert main(["demo-data", "--database", f"sqlite:///{path}", "--young-people", "12"]) == 0
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def password_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("secret") / "password"
    path.write_text(DEMO_PASSWORD + "\n")
    return str(path)


def export(database: str, out: Path, *sign_in: str) -> int:
    """`caseboard export caseload` with the given sign-in arguments."""
    return main(["export", "caseload", "--csv", str(out), "--database", database, *sign_in])


def as_user(user: str, password_file: str) -> tuple[str, ...]:
    return ("--user", user, "--password-file", password_file)


def screenshot(
    database: str, out: Path, password: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    """The real process, signing in with the password on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--database", database, "--user", "manager.north",
         "--screenshot", str(out), *extra],
        input=password + "\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("caseboard: ")
    return err[0]


def test_version_and_help_work_from_a_fresh_process() -> None:
    version = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"caseboard {__version__}"
    helptext = subprocess.run(
        [sys.executable, "-m", "desktop", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for word in ("demo-data", "export", "audit", "--database", "--screenshot", "--user"):
        assert word in helptext


def test_demo_data_reports_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'd.db'}"
    assert main(["demo-data", "--database", url, "--young-people", "3", "--seed", "7"]) == 0
    assert "3 young people" in capsys.readouterr().out


def test_demo_data_refuses_a_database_that_has_people(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-data", "--database", demo_db]) == 1
    assert "already holds demo data" in one_error_line(capsys)


def test_demo_data_refuses_a_nonsense_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'd.db'}"
    assert main(["demo-data", "--database", url, "--young-people", "0"]) == 1
    assert "at least 1" in one_error_line(capsys)


def test_export_caseload_writes_csv_as_the_named_user(
    demo_db: str, password_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "caseload.csv"
    assert export(demo_db, out, *as_user("manager.north", password_file)) == 0
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "Name" and len(rows) > 1
    assert f"Wrote {len(rows) - 1} young people" in capsys.readouterr().out


def test_export_as_an_unknown_user_fails_with_one_line(
    demo_db: str, password_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    assert export(demo_db, out, *as_user("nobody", password_file)) == 1
    assert "username or password is not right" in one_error_line(capsys)
    assert not out.exists()


def test_export_to_a_missing_folder_fails_with_one_line(
    demo_db: str, password_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(demo_db, tmp_path / "no" / "x.csv", *as_user("manager.north", password_file)) == 1
    assert "Cannot write" in one_error_line(capsys)


def test_a_wrong_password_is_refused(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password\n")
    out = tmp_path / "x.csv"
    assert export(demo_db, out, *as_user("manager.north", str(wrong))) == 1
    assert "username or password is not right" in one_error_line(capsys)
    assert not out.exists()


def test_the_password_can_be_piped_on_standard_input(
    demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    out = tmp_path / "piped.csv"
    assert export(demo_db, out, "--user", "chair") == 0
    assert out.exists()


def test_without_a_user_the_cli_says_how_to_sign_in(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(demo_db, tmp_path / "x.csv") == 1
    assert "--user NAME" in one_error_line(capsys)


def test_a_partner_reader_cannot_export_the_caseload(
    demo_db: str, password_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    assert export(demo_db, out, *as_user("police.reader", password_file)) == 1
    assert "cannot see the caseload" in one_error_line(capsys)
    assert not out.exists()


def test_audit_verify_passes_then_names_a_tampered_entry(
    password_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.db"
    url = f"sqlite:///{path}"
    assert main(["demo-data", "--database", url, "--young-people", "2"]) == 0
    assert export(url, tmp_path / "c.csv", *as_user("manager.north", password_file)) == 0
    capsys.readouterr()
    assert main(["audit", "verify", "--database", url]) == 0
    # demo data, sign-in, export
    assert "Audit chain intact: 3 entries" in capsys.readouterr().out
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_entry_no_update")  # a DBA tampering by hand
    conn.execute("UPDATE audit_entry SET username = 'someone-else' WHERE id = 2")
    conn.commit()
    conn.close()
    assert main(["audit", "verify", "--database", url]) == 1
    assert "broken at entry 2" in one_error_line(capsys)


def test_a_file_that_is_not_a_database_fails_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.db"
    path.write_bytes(b"%PDF-1.4 not a database")
    assert main(["audit", "verify", "--database", f"sqlite:///{path}"]) == 1
    assert "not an SQLite file" in one_error_line(capsys)
    assert path.read_bytes() == b"%PDF-1.4 not a database"


def test_unknown_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_screenshot_end_to_end_from_the_command_line(demo_db: str, tmp_path: Path) -> None:
    """Sign in from stdin, load the caseload on the worker thread, save the PNG, exit 0."""
    out = tmp_path / "shots" / "caseload.png"
    proc = screenshot(demo_db, out, DEMO_PASSWORD)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000  # a real window, not an empty image


def test_screenshot_with_a_wrong_password_exits_with_one_line(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    proc = screenshot(demo_db, out, "wrong")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == ["caseboard: The username or password is not right"]
    assert not out.exists()


def test_open_shows_a_young_person_by_reference(demo_db: str, tmp_path: Path) -> None:
    """--open REFERENCE signs in, opens the record in its tab and grabs it once loaded."""
    import sqlite3

    path = demo_db.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        (reference,) = conn.execute(
            "SELECT yp.reference FROM young_person yp JOIN team t ON t.id = yp.team_id "
            "WHERE t.name LIKE '%North%' AND NOT yp.restricted ORDER BY yp.id LIMIT 1"
        ).fetchone()
    out = tmp_path / "person.png"
    proc = screenshot(demo_db, out, DEMO_PASSWORD, "--open", reference.lower())
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 20_000


def test_open_an_unknown_reference_exits_with_one_line(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    proc = screenshot(demo_db, out, DEMO_PASSWORD, "--open", "CB000000")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "caseboard: No young person has the reference 'CB000000'"
    ]
    assert not out.exists()
