"""`caseboard meetings --list`, `caseboard pack` and `caseboard summary` on demo data."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.domain.dates import format_date
from desktop.services.demo import DEMO_PASSWORD
from tests.test_cli import as_user, demo_db, one_error_line, password_file  # noqa: F401


def db_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def query(url: str, sql: str, *params: object) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db_path(url))
    try:
        return list(con.execute(sql, params))
    finally:
        con.close()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def latest_meeting(url: str) -> int:
    return int(query(url, "SELECT id FROM meeting ORDER BY held_on DESC, id DESC")[0][0])


def test_help_names_the_meeting_commands() -> None:
    helptext = subprocess.run(
        [sys.executable, "-m", "desktop", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for word in ("meetings", "pack", "summary"):
        assert word in helptext


def test_meetings_list_prints_ids_dates_titles_and_cohort_sizes(
    demo_db: str,  # noqa: F811
    password_file: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(["meetings", "--list", "--database", demo_db, *as_user("chair", password_file)]) == 0
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "ID\tDate\tTitle\tCohort"
    want = query(
        demo_db,
        "SELECT m.id, m.held_on, m.title, (SELECT count(*) FROM meeting_cohort c "
        "WHERE c.meeting_id = m.id) FROM meeting m ORDER BY m.held_on DESC, m.id DESC",
    )
    assert lines[1:] == ["\t".join(str(v) for v in row) for row in want]


def test_meetings_list_is_refused_to_a_partner_reader(
    demo_db: str,  # noqa: F811
    password_file: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["meetings", "--list", "--database", demo_db, *as_user("police.reader", password_file)]
    assert main(args) == 1
    assert "cannot use MACSE meetings" in one_error_line(capsys)


def test_wider_audience_pack_names_no_young_person_and_is_audited(
    demo_db: str,  # noqa: F811
    password_file: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "pack.pdf"
    mid = latest_meeting(demo_db)
    args = ["pack", "--meeting", str(mid), "--out", str(out), "--wider-audience"]
    assert main([*args, "--database", demo_db, *as_user("chair", password_file)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    text = pdf_text(out)
    assert "OFFICIAL-SENSITIVE" in text and "Page 1 of" in text
    for first, last, dob in query(
        demo_db, "SELECT first_name, last_name, date_of_birth FROM young_person"
    ):
        born = date.fromisoformat(str(dob))
        for needle in (f"{first} {last}", format_date(born), born.isoformat()):
            assert needle not in text, needle
    cohort = {
        r[0]
        for r in query(
            demo_db, "SELECT young_person_id FROM meeting_cohort WHERE meeting_id = ?", mid
        )
    }
    audited = query(
        demo_db,
        "SELECT young_person_id, detail FROM audit_entry WHERE action = 'export' "
        "AND object_kind = 'meeting_pack' AND object_id = ?",
        mid,
    )
    assert {r[0] for r in audited} == cohort  # the chair sees the whole cohort
    detail = json.loads(str(audited[0][1]))
    assert detail["file"] == "pack.pdf" and detail["options"]["wider_audience"] is True


def test_pack_with_a_pdf_password_is_encrypted(
    demo_db: str,  # noqa: F811
    password_file: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = tmp_path / "pdf-password"
    secret.write_text("pack-secret-2026\n")
    out = tmp_path / "locked.pdf"
    monkeypatch.setattr(sys, "stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    args = ["pack", "--meeting", str(latest_meeting(demo_db)), "--out", str(out)]
    args += ["--pdf-password-file", str(secret), "--database", demo_db, "--user", "chair"]
    assert main(args) == 0
    reader = PdfReader(out)
    assert reader.is_encrypted
    assert reader.decrypt("pack-secret-2026")
    details = [str(r[0]) for r in query(demo_db, "SELECT detail FROM audit_entry")]
    assert not any("pack-secret-2026" in d for d in details)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pack", "--meeting", "9999"], "That meeting does not exist"),
        (["summary", "--young-person", "9999"], "That young person's record does not exist"),
    ],
)
def test_unknown_ids_fail_with_one_line(
    demo_db: str,  # noqa: F811
    password_file: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    out = tmp_path / "x.pdf"
    full = [*args, "--out", str(out), "--database", demo_db, *as_user("chair", password_file)]
    assert main(full) == 1
    assert message in one_error_line(capsys)
    assert not out.exists()


def test_an_unwritable_path_fails_with_one_line_and_leaves_nothing(
    demo_db: str,  # noqa: F811
    password_file: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "missing" / "pack.pdf"
    args = ["pack", "--meeting", str(latest_meeting(demo_db)), "--out", str(out)]
    assert main([*args, "--database", demo_db, *as_user("chair", password_file)]) == 1
    assert "Cannot write" in one_error_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_summary_for_a_young_person_out_of_scope_is_denied(
    demo_db: str,  # noqa: F811
    password_file: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    south = query(
        demo_db,
        "SELECT yp.id FROM young_person yp JOIN team t ON t.id = yp.team_id "
        "WHERE t.name LIKE '%South' AND yp.social_worker_id NOT IN "
        "(SELECT id FROM app_user WHERE username = 'manager.north') ORDER BY yp.id",
    )
    out = tmp_path / "s.pdf"
    args = ["summary", "--young-person", str(south[0][0]), "--out", str(out)]
    assert main([*args, "--database", demo_db, *as_user("manager.north", password_file)]) == 1
    assert "not in your caseload" in one_error_line(capsys)
    assert not out.exists()


def test_summary_writes_one_young_persons_pdf(
    demo_db: str,  # noqa: F811
    password_file: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    yp, first, last = query(
        demo_db,
        "SELECT id, first_name, last_name FROM young_person WHERE restricted = 0 ORDER BY id",
    )[0]
    out = tmp_path / "summary.pdf"
    args = ["summary", "--young-person", str(yp), "--out", str(out)]
    assert main([*args, "--database", demo_db, *as_user("chair", password_file)]) == 0
    assert "pages)" in capsys.readouterr().out
    assert f"{first} {last}" in pdf_text(out).replace("\n", " ")
