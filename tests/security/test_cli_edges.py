"""The command line's edges: files as Windows writes them, --open after sign-in only, fast
screenshot refusals, crash reports instead of tracebacks, and range-checked numbers."""

from __future__ import annotations

import codecs
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services.demo import DEMO_PASSWORD


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("edges") / "demo.db"
    assert main(["demo-data", "--database", f"sqlite:///{path}", "--young-people", "12"]) == 0
    return f"sqlite:///{path}"


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("caseboard: ")
    return err[0]


def reference(database: str, where: str) -> str:
    with sqlite3.connect(database.removeprefix("sqlite:///")) as conn:
        (ref,) = conn.execute(
            "SELECT yp.reference FROM young_person yp JOIN team t ON t.id = yp.team_id "
            f"WHERE {where} ORDER BY yp.id LIMIT 1"
        ).fetchone()
    return str(ref)


# -- password and profile files as Windows writes them -----------------------------------------

ENCODINGS = {
    "utf-8": b"",
    "utf-8-bom": codecs.BOM_UTF8,
    "utf-16-le-bom": codecs.BOM_UTF16_LE,
    "utf-16-be-bom": codecs.BOM_UTF16_BE,
}


def windows_file(path: Path, text: str, kind: str) -> Path:
    """``text`` with a CRLF line end, encoded as Notepad or PowerShell may save it."""
    codec = {"utf-16-le-bom": "utf-16-le", "utf-16-be-bom": "utf-16-be"}.get(kind, "utf-8")
    path.write_bytes(ENCODINGS[kind] + (text + "\r\n").encode(codec))
    return path


@pytest.mark.parametrize("kind", ENCODINGS)
def test_a_password_file_saved_on_windows_signs_in(
    demo_db: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = windows_file(tmp_path / "password.txt", DEMO_PASSWORD, kind)
    out = tmp_path / "caseload.csv"
    code = main(["export", "caseload", "--csv", str(out), "--database", demo_db,
                 "--user", "manager.north", "--password-file", str(secret)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert out.exists()


def test_a_password_file_that_is_not_text_is_one_line(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "password.bin"
    secret.write_bytes(b"\x80\x81\x82 not text")
    code = main(["export", "caseload", "--csv", str(tmp_path / "x.csv"), "--database", demo_db,
                 "--user", "manager.north", "--password-file", str(secret)])  # fmt: skip
    assert code == 1
    assert "not text in UTF-8 or UTF-16" in one_error_line(capsys)


@pytest.mark.parametrize("kind", ["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"])
def test_a_pdf_password_file_saved_on_windows_protects_the_summary(
    demo_db: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    with sqlite3.connect(demo_db.removeprefix("sqlite:///")) as conn:
        (yp,) = conn.execute(
            "SELECT yp.id FROM young_person yp JOIN team t ON t.id = yp.team_id "
            "WHERE t.name LIKE '%North%' AND NOT yp.restricted ORDER BY yp.id LIMIT 1"
        ).fetchone()
    sign_in = windows_file(tmp_path / "me.txt", DEMO_PASSWORD, kind)
    pdf_secret = windows_file(tmp_path / "pdf.txt", "Pack-Password-7", kind)
    out = tmp_path / "summary.pdf"
    code = main(["summary", "--young-person", str(yp), "--out", str(out), "--database", demo_db,
                 "--user", "manager.north", "--password-file", str(sign_in),
                 "--pdf-password-file", str(pdf_secret)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    reader = PdfReader(out)
    assert reader.is_encrypted
    assert reader.decrypt("Pack-Password-7") != 0  # exactly the typed password, no BOM


@pytest.mark.parametrize("kind", ENCODINGS)
def test_a_profiles_file_saved_on_windows_is_read(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "profiles.json"
    data = {"profiles": [{"name": "Team", "kind": "sqlite", "path": str(tmp_path / "t.db")}]}
    windows_file(store, json.dumps(data), kind)
    monkeypatch.setenv("CASEBOARD_PROFILES_FILE", str(store))
    assert main(["profiles", "--list"]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("Team\tsqlite\t")


# -- --open is looked up after sign-in, as the user ----------------------------------------------


def screenshot(
    database: str, out: Path, user: str, password: str, *extra: str, timeout: int = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--database", database, "--user", user,
         "--screenshot", str(out), *extra],
        input=password + "\n", capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip


def test_open_says_nothing_about_a_reference_before_sign_in(demo_db: str, tmp_path: Path) -> None:
    """A wrong password is refused as such, whether or not the reference exists."""
    known = reference(demo_db, "NOT yp.restricted")
    for ref in (known, "CB000000"):
        proc = screenshot(demo_db, tmp_path / "x.png", "manager.north", "wrong", "--open", ref)
        assert proc.returncode == 1
        assert proc.stderr.strip().splitlines() == [
            "caseboard: The username or password is not right"
        ]


def test_a_reference_the_user_may_not_see_reads_like_one_that_does_not_exist(
    demo_db: str, tmp_path: Path
) -> None:
    other_team = reference(demo_db, "t.name LIKE '%South%'")
    lines = {}
    for ref in (other_team, "CB000000"):
        proc = screenshot(demo_db, tmp_path / "x.png", "manager.north", DEMO_PASSWORD,
                          "--open", ref)  # fmt: skip
        assert proc.returncode == 1
        lines[ref] = proc.stderr.strip().splitlines()
        assert not (tmp_path / "x.png").exists()
    assert lines[other_team] == [f"caseboard: No young person has the reference {other_team!r}"]
    assert lines["CB000000"] == ["caseboard: No young person has the reference 'CB000000'"]


@pytest.mark.parametrize(
    ("user", "why"),
    [
        ("admin", "Administrator accounts do not open young people's records"),
        ("police.reader", "Partner-agency reader accounts do not open young people's records"),
    ],
)
def test_a_screenshot_of_a_record_fails_fast_for_roles_that_open_none(
    demo_db: str, tmp_path: Path, user: str, why: str
) -> None:
    ref = reference(demo_db, "NOT yp.restricted")
    proc = screenshot(demo_db, tmp_path / "x.png", user, DEMO_PASSWORD, "--open", ref)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"caseboard: {why}"]
    assert not (tmp_path / "x.png").exists()


def test_a_screenshot_of_a_restricted_record_fails_fast(demo_db: str, tmp_path: Path) -> None:
    """A manager sees a restricted record by initials: break-glass is needed, which a
    screenshot cannot give, so it says so at once instead of waiting two minutes."""
    with sqlite3.connect(demo_db.removeprefix("sqlite:///")) as conn:
        (ref,) = conn.execute(
            "SELECT yp.reference FROM young_person yp JOIN team t ON t.id = yp.team_id "
            "JOIN app_user u ON u.username = 'manager.north' "
            "WHERE t.name LIKE '%North%' AND yp.restricted AND NOT EXISTS "
            "(SELECT 1 FROM young_person_access a WHERE a.young_person_id = yp.id "
            " AND a.user_id = u.id) ORDER BY yp.id LIMIT 1"
        ).fetchone()
    proc = screenshot(demo_db, tmp_path / "x.png", "manager.north", DEMO_PASSWORD, "--open", ref)
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()
    assert "restricted" in line and "break-glass" in line


# -- unexpected errors: a crash report and one line ----------------------------------------------


def test_an_unexpected_error_writes_a_crash_report_and_one_line(
    demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    import desktop.cli
    import desktop.crash

    def broken(*_args: object) -> int:
        raise RuntimeError("a value about Jane Doe")

    monkeypatch.setattr(desktop.crash, "crash_dir", lambda: tmp_path / "logs")
    monkeypatch.setattr(desktop.cli, "run_audit", broken)
    assert main(["audit", "verify", "--database", demo_db]) == 1
    line = one_error_line(capsys)
    found = re.fullmatch(
        r"caseboard: unexpected error \(RuntimeError\); a report was written to (.+)", line
    )
    assert found, line
    report = Path(found.group(1))
    assert report.parent == tmp_path / "logs"
    assert "RuntimeError: a value about Jane Doe" in report.read_text(encoding="utf-8")
    assert "Jane Doe" not in line  # the value stays in the private report
    assert report.stat().st_mode & 0o077 == 0


# -- numbers out of range ------------------------------------------------------------------------

HUGE = str(2**64)


@pytest.mark.parametrize(
    "argv",
    [
        ["pack", "--meeting", HUGE, "--out", "x.pdf"],
        ["pack", "--meeting", "-1", "--out", "x.pdf"],
        ["summary", "--young-person", HUGE, "--out", "x.pdf"],
        ["summary", "--young-person", "-3", "--out", "x.pdf"],
        ["demo-data", "--seed", HUGE],
        ["demo-data", "--seed", "-1"],
        ["demo-data", "--young-people", HUGE],
        ["demo-data", "--young-people", "-5"],
    ],
    ids=lambda a: " ".join(a[:3]),
)
def test_numbers_out_of_range_are_a_usage_error(
    argv: list[str], demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "password"
    secret.write_text(DEMO_PASSWORD + "\n")
    user = [] if argv[0] == "demo-data" else ["--user", "chair", "--password-file", str(secret)]
    database = f"sqlite:///{tmp_path / 'new.db'}" if argv[0] == "demo-data" else demo_db
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--database", database, *user])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = [x for x in err.splitlines() if "error:" in x]
    assert f"argument {argv[1]}:" in line and "whole number" in line
    assert not (tmp_path / "new.db").exists()
