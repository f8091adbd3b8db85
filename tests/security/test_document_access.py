"""Documents and exports of one young person obey the rules of opening their record.

A case summary (saved, printed or shared with a partner agency) and a chronology export are the
record on paper: in full to whoever may open the record in full (allocated, on the access list,
or in scope for an unrestricted record), after audited break-glass for a restricted record they
would otherwise see by initials, and never "by initials" with the whole case content inside.
A meeting pack keeps its own rule: restricted young people by initials to those not on the
access list, whatever was broken into on screen.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.data.database import Database
from desktop.data.tables import AuditEntry, SharedDocument, User
from desktop.domain.actor import Actor
from desktop.domain.enums import AuditAction
from desktop.domain.errors import PermissionDenied, RestrictedRecord
from desktop.domain.meetings import PackDocument, PackOptions
from desktop.services.access import AccessService
from desktop.services.meetings import MeetingService
from desktop.services.person import PersonService
from desktop.services.sharing import SharingService
from tests import factories as f
from tests.services.test_access_matrix import INITIALS, NAMES
from tests.services.test_access_matrix_meetings import NOW, world  # noqa: F401 - a fixture
from tests.views.conftest import (  # noqa: F401 - fixtures
    _demo_template,
    close_window,
    demo_actor,
    demo_db,
    open_window,
    services,
)
from tests.views.fakes import OFFSCREEN_LOG_IGNORE

REASON = "Police called at 02:00: she is missing with an adult"
#: Roles that see the restricted young person by initials only (not allocated, not listed).
BY_INITIALS = ("sw", "kp", "mgr", "chair")


@pytest.fixture(autouse=True)
def fake_builder(monkeypatch: pytest.MonkeyPatch) -> list[PackDocument]:
    """desktop.reports.pack stood in for: records each document and writes a tiny PDF."""
    built: list[PackDocument] = []

    def build_pack(doc: PackDocument, out: Any, progress: Any = None, cancelled: Any = None):  # type: ignore[no-untyped-def]
        built.append(doc)
        data = b"%PDF-1.4 fake\n"
        if isinstance(out, (str, Path)):
            Path(out).write_bytes(data)
        else:
            out.write(data)
        return types.SimpleNamespace(pages=len(doc.people) + 1, bytes=len(data))

    module = types.ModuleType("desktop.reports.pack")
    module.build_pack = build_pack  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.reports.pack", module)
    return built


def meetings(db: Database) -> MeetingService:
    return MeetingService(db, clock=lambda: NOW)


def entries(db: Database, actor: Actor) -> list[tuple[str, int | None, str]]:
    with db.begin() as s:
        rows = s.execute(
            select(AuditEntry.action, AuditEntry.young_person_id, AuditEntry.detail)
            .where(AuditEntry.username == actor.username)
            .order_by(AuditEntry.id)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def allocated_worker(db: Database) -> Actor:
    """The restricted young person's own social worker, in the other team."""
    with db.begin() as s:
        user = s.execute(select(User).where(User.username == "sw.south")).scalar_one()
        return f.actor(user)


@pytest.mark.parametrize("role", BY_INITIALS)
def test_a_summary_of_a_restricted_record_needs_break_glass(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    tmp_path: Path,
) -> None:
    actor, yp = world["actors"][role], world["ids"]["restricted"]
    out = tmp_path / "summary.pdf"
    with pytest.raises(RestrictedRecord, match="break-glass"):
        meetings(db).summary_document(actor, yp, PackOptions())
    with pytest.raises(RestrictedRecord, match="break-glass"):
        meetings(db).write_summary(actor, yp, PackOptions(), out)
    assert not out.exists()
    log = entries(db, actor)
    assert [a for a, _, _ in log] == [AuditAction.PERMISSION_DENIED.value] * 2
    assert {y for _, y, _ in log} == {yp}
    assert all(json.loads(d)["surface"] == "case summary" for _, _, d in log)


@pytest.mark.parametrize("role", BY_INITIALS)
def test_after_break_glass_the_summary_is_the_whole_record(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    tmp_path: Path,
) -> None:
    """The break-glass made when the record was opened is not dropped on the way to print."""
    actor, yp = world["actors"][role], world["ids"]["restricted"]
    grant = AccessService(db).break_glass(actor, yp, REASON)
    doc = meetings(db).summary_document(grant, yp, PackOptions())
    header = doc.people[0].workspace.header
    assert header.display_name == NAMES["restricted"] and header.date_of_birth is not None
    assert {a.subject for a in doc.people[0].actions} == {NAMES["restricted"]}
    assert meetings(db).write_summary(grant, yp, PackOptions(), tmp_path / "s.pdf") == 2
    actions = [a for a, y, _ in entries(db, actor) if y == yp]
    assert actions == [AuditAction.BREAK_GLASS.value, AuditAction.EXPORT.value]


def test_the_allocated_worker_prints_the_full_record_without_break_glass(
    db: Database,
    world: dict[str, Any],  # noqa: F811
) -> None:
    worker, yp = allocated_worker(db), world["ids"]["restricted"]
    doc = meetings(db).summary_document(worker, yp, PackOptions())
    assert doc.people[0].workspace.header.display_name == NAMES["restricted"]
    assert {a.subject for a in doc.people[0].actions} == {NAMES["restricted"]}


def test_a_meeting_pack_keeps_restricted_young_people_by_initials(
    db: Database,
    world: dict[str, Any],  # noqa: F811
) -> None:
    """The pack rule is unchanged: break-glass on screen does not reach a cohort document."""
    chair = AccessService(db).break_glass(
        world["actors"]["chair"], world["ids"]["restricted"], REASON
    )
    doc = meetings(db).pack_document(chair, world["meeting"], PackOptions())
    names = {p.workspace.header.display_name for p in doc.people}
    assert INITIALS["restricted"] in names and NAMES["restricted"] not in names


def shared_count(db: Database) -> int:
    with db.begin() as s:
        return int(s.execute(select(func.count(SharedDocument.id))).scalar_one())


@pytest.mark.parametrize("role", ["mgr", "chair"])
def test_sharing_a_restricted_summary_with_police_needs_break_glass(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    fake_builder: list[PackDocument],
) -> None:
    actor, yp = world["actors"][role], world["ids"]["restricted"]
    police = world["actors"]["police"].user_id
    sharing = SharingService(db, clock=lambda: NOW)
    named = PackOptions(wider_audience=False)
    with pytest.raises(RestrictedRecord, match="break-glass"):
        sharing.share_summary(actor, yp, named, [police])
    assert shared_count(db) == 0 and fake_builder == []
    grant = AccessService(db).break_glass(actor, yp, REASON)
    shared = sharing.share_summary(grant, yp, named, [police])
    assert [d.kind for d in shared] == ["summary"] and shared_count(db) == 1
    assert fake_builder[-1].people[0].workspace.header.display_name == NAMES["restricted"]


@pytest.mark.parametrize("role", BY_INITIALS)
def test_a_chronology_export_needs_break_glass(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    tmp_path: Path,
) -> None:
    actor, yp = world["actors"][role], world["ids"]["restricted"]
    out = tmp_path / "chronology.csv"
    with pytest.raises(RestrictedRecord):
        PersonService(db).export_chronology_csv(actor, yp, out)
    assert not out.exists()
    grant = AccessService(db).break_glass(actor, yp, REASON)
    PersonService(db).export_chronology_csv(grant, yp, out)
    assert out.exists()


@pytest.mark.parametrize("role", ["police", "admin"])
def test_no_break_glass_for_roles_that_read_no_case_content(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
) -> None:
    actor, yp = world["actors"][role], world["ids"]["restricted"]
    with pytest.raises(PermissionDenied):
        AccessService(db).break_glass(actor, yp, REASON)
    with pytest.raises(PermissionDenied):
        meetings(db).summary_document(actor, yp, PackOptions())


# -- the command line: every command is in the matrix ----------------------------------------
#
# The commands run in-process (desktop.cli.main) on one small database built by the factories
# once per module and copied per test, signing in with --password-file.

PASSWORD = "a-test-password-2026"
CLI_ROLES = {"sw": "sw.north", "kp": "kp.north", "mgr": "mgr.north", "chair": "chair",
             "police": "police", "admin": "admin"}  # fmt: skip
WHO = ("normal", "restricted", "elsewhere")
DENIED_CLI = "denied"
LISTED = {  # what a list or pack shows of each young person: "full", "initials", None
    "sw": {"normal": "full", "restricted": "initials", "elsewhere": None},
    "kp": {"normal": "full", "restricted": "initials", "elsewhere": None},
    "mgr": {"normal": "full", "restricted": "initials", "elsewhere": None},
    "chair": {"normal": "full", "restricted": "initials", "elsewhere": "full"},
    "police": DENIED_CLI,
    "admin": DENIED_CLI,
}
#: One young person's document: "full", "break-glass" (refused unless --break-glass-reason is
#: given, then full) or denied (whatever the reason).
ONE = {
    "sw": {"normal": "full", "restricted": "break-glass", "elsewhere": DENIED_CLI},
    "kp": {"normal": "full", "restricted": "break-glass", "elsewhere": DENIED_CLI},
    "mgr": {"normal": "full", "restricted": "break-glass", "elsewhere": DENIED_CLI},
    "chair": {"normal": "full", "restricted": "break-glass", "elsewhere": "full"},
    "police": dict.fromkeys(WHO, DENIED_CLI),
    "admin": dict.fromkeys(WHO, DENIED_CLI),
}
#: Every command (by its sub-command path) and what each role gets from it: a table the tests
#: below run, or why the command has no role to check.
CLI: dict[tuple[str, ...], Any] = {
    (): "the desktop app: the sign-in dialog, then the services' own checks "
    "(tests/services/test_access_matrix*.py); --open goes through break-glass like a click",
    ("demo-data",): "no sign-in: writes synthetic people into an empty database only",
    ("setup",): "no sign-in: creates the first administrator of a database with no users",
    ("export", "caseload"): LISTED,
    ("audit", "verify"): "no sign-in: entry ids and hashes, no case content",
    ("audit", "head"): "no sign-in: the newest entry's id and hash, no case content",
    ("profiles",): "connection profiles on this computer: opens no database",
    ("meetings",): LISTED,
    ("pack",): LISTED,
    ("summary",): ONE,
}


def command_paths(parser: Any, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    import argparse

    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    paths = set() if any(s.required for s in subs) else {prefix}
    for sub in subs:
        for name, child in sub.choices.items():
            paths |= command_paths(child, (*prefix, name))
    return paths


def test_every_cli_command_is_in_the_matrix() -> None:
    from desktop.cli import build_parser

    found = command_paths(build_parser())
    assert found == set(CLI), f"commands with no access-matrix row: {sorted(found - set(CLI))}"


@pytest.fixture(scope="module")
def cli_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The access matrix's people, young people and meeting in an SQLite file, with passwords."""
    from datetime import date

    from sqlalchemy import update

    from desktop.data.database import open_database
    from desktop.data.tables import Action, Meeting, MeetingCohort
    from desktop.domain.enums import Role
    from desktop.services.passwords import hash_password

    path = tmp_path_factory.mktemp("cli-matrix") / "matrix.db"
    database = open_database(f"sqlite:///{path}", create=True)
    with database.begin() as s:
        north, south = f.team(s, "North"), f.team(s, "South")
        roles = {"sw": Role.SOCIAL_WORKER, "kp": Role.KEY_PERSON, "mgr": Role.TEAM_MANAGER}
        users = {k: f.user(s, north, r, CLI_ROLES[k]) for k, r in roles.items()}
        users["chair"] = f.user(s, None, Role.MACSE_CHAIR, "chair")
        f.user(s, None, Role.PARTNER_READER, "police")
        f.user(s, None, Role.ADMINISTRATOR, "admin")
        south_worker = f.user(s, south, Role.SOCIAL_WORKER, "sw.south")
        people = {
            "normal": f.young_person(s, north, first="Nia", last="Open", worker=users["sw"]),
            "restricted": f.young_person(
                s, north, first="Rae", last="Hidden", worker=south_worker, restricted=True
            ),
            "elsewhere": f.young_person(s, south, first="Sol", last="Away", worker=south_worker),
        }
        meeting = Meeting(title="MACSE", held_on=date(2026, 11, 17), chair_id=users["chair"].id)
        s.add(meeting)
        s.flush()
        for n, (key, yp) in enumerate(people.items(), 1):
            s.add(MeetingCohort(meeting_id=meeting.id, young_person_id=yp.id, reason="Risk"))
            s.add(
                Action(
                    reference=f"MACSE-{n}", meeting_id=meeting.id, young_person_id=yp.id,
                    description=f"See {NAMES[key].split()[0]}", owner_name="Pat Lee",
                    owner_agency="Police", set_on=date(2026, 11, 17), due_on=date(2026, 12, 1),
                )
            )  # fmt: skip
        s.execute(update(User).values(password_hash=hash_password(PASSWORD)))
        ids = {k: yp.id for k, yp in people.items()} | {"meeting": meeting.id}
    database.dispose()
    return path, ids


@pytest.fixture
def cli_db(cli_template: tuple[Path, dict[str, int]], tmp_path: Path) -> tuple[str, dict[str, int]]:
    import shutil

    path = tmp_path / "copy.db"
    shutil.copyfile(cli_template[0], path)
    (tmp_path / "password").write_text(PASSWORD + "\n")
    return f"sqlite:///{path}", cli_template[1]


def run(
    url: str, role: str, *args: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, list[str]]:
    """`caseboard ARGS --database URL --user ROLE's user --password-file F`: (exit, out, err)."""
    from desktop.cli import main

    secret = Path(url.removeprefix("sqlite:///")).parent / "password"
    code = main(
        [*args, "--database", url, "--user", CLI_ROLES[role], "--password-file", str(secret)]
    )
    out, err = capsys.readouterr()
    return code, out, err.strip().splitlines()


def audited(url: str, action: AuditAction) -> list[tuple[str, int | None]]:
    import sqlite3

    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        sql = "SELECT username, young_person_id FROM audit_entry WHERE action = ? ORDER BY id"
        return [(str(u), y) for u, y in con.execute(sql, (action.value,))]
    finally:
        con.close()


def listed_names(role: str) -> set[str]:
    rule = LISTED[role]
    assert isinstance(rule, dict)
    return {NAMES[k] if how == "full" else INITIALS[k] for k, how in rule.items() if how}


@pytest.mark.parametrize("role", CLI_ROLES)
def test_cli_export_caseload(
    cli_db: tuple[str, dict[str, int]],
    role: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import csv

    out = tmp_path / "caseload.csv"
    code, _, err = run(cli_db[0], role, "export", "caseload", "--csv", str(out), capsys=capsys)
    if CLI[("export", "caseload")][role] == DENIED_CLI:
        assert code == 1 and len(err) == 1 and not out.exists()
        return
    with out.open(encoding="utf-8-sig") as fh:
        assert {row[0] for row in list(csv.reader(fh))[1:]} == listed_names(role)


@pytest.mark.parametrize("role", CLI_ROLES)
def test_cli_meetings_and_pack(
    cli_db: tuple[str, dict[str, int]],
    role: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fake_builder: list[PackDocument],
) -> None:
    url, ids = cli_db
    listed = run(url, role, "meetings", "--list", capsys=capsys)
    out = tmp_path / "pack.pdf"
    packed = run(
        url, role, "pack", "--meeting", str(ids["meeting"]), "--out", str(out), capsys=capsys
    )
    if CLI[("meetings",)][role] == DENIED_CLI:
        assert listed[0] == packed[0] == 1 and len(listed[2]) == len(packed[2]) == 1
        assert not out.exists() and fake_builder == []
        return
    assert listed[0] == 0 and listed[1].splitlines()[1].startswith(f"{ids['meeting']}\t")
    assert packed[0] == 0 and out.exists()
    assert {p.workspace.header.display_name for p in fake_builder[0].people} == listed_names(role)


@pytest.mark.parametrize("role", CLI_ROLES)
@pytest.mark.parametrize("who", WHO)
def test_cli_summary(
    cli_db: tuple[str, dict[str, int]],
    role: str,
    who: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fake_builder: list[PackDocument],
) -> None:
    url, ids = cli_db
    rule, out = CLI[("summary",)][role][who], tmp_path / "summary.pdf"
    args = ("summary", "--young-person", str(ids[who]), "--out", str(out))
    code, _, err = run(url, role, *args, capsys=capsys)
    if rule == "full":
        assert code == 0 and fake_builder[0].people[0].workspace.header.display_name == NAMES[who]
    else:
        assert code == 1 and len(err) == 1 and not out.exists() and fake_builder == []
        assert ("--break-glass-reason" in err[0]) == (rule == "break-glass")
    code, _, err = run(url, role, *args, "--break-glass-reason", REASON, capsys=capsys)
    glass = audited(url, AuditAction.BREAK_GLASS)
    if rule == DENIED_CLI:
        assert code == 1 and len(err) == 1 and not out.exists() and glass == []
        return
    assert code == 0 and fake_builder[-1].people[0].workspace.header.display_name == NAMES[who]
    assert glass == ([(CLI_ROLES[role], ids[who])] if rule == "break-glass" else [])


def test_cli_break_glass_alerts_the_team_manager_and_needs_a_real_reason(
    cli_db: tuple[str, dict[str, int]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fake_builder: list[PackDocument],
) -> None:
    url, ids = cli_db
    args = ("summary", "--young-person", str(ids["restricted"]), "--out", str(tmp_path / "s.pdf"))
    code, _, err = run(url, "sw", *args, "--break-glass-reason", "because", capsys=capsys)
    assert code == 1 and len(err) == 1 and "Say why" in err[0] and fake_builder == []
    assert run(url, "sw", *args, "--break-glass-reason", REASON, capsys=capsys)[0] == 0
    assert audited(url, AuditAction.EXPORT) == [("sw.north", ids["restricted"])]
    code, _, err = run(url, "mgr", "meetings", "--list", capsys=capsys)
    assert code == 0 and any("sw.north used break-glass" in e and REASON in e for e in err)


def test_cli_commands_without_sign_in_show_no_case_content(
    cli_db: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    url = cli_db[0]
    assert main(["demo-data", "--database", url]) == 1  # it holds young people already
    assert main(["setup", "--database", url, "--admin", "intruder"]) == 1  # it has users
    assert main(["audit", "verify", "--database", url]) == 0
    assert main(["audit", "head", "--database", url]) == 0
    assert main(["profiles", "--list"]) == 0
    out, err = capsys.readouterr()
    for text in (*NAMES.values(), *INITIALS.values()):
        assert text not in out + err


# -- the desktop app: "Print case summary" after break-glass, and break-glass when refused ----


def _break_glass_in_dialog(qtbot: Any, window: Any, young_person_id: int) -> None:
    from PySide6.QtCore import Qt

    qtbot.waitUntil(lambda: window.record_opener.dialog is not None, timeout=5000)
    dialog = window.record_opener.dialog
    qtbot.keyClicks(dialog.reason_edit, REASON)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: young_person_id in window.actor.break_glass, timeout=10000)


@OFFSCREEN_LOG_IGNORE
def test_print_case_summary_from_a_record_opened_by_break_glass_is_the_full_record(
    qtbot: Any,
    services: Any,  # noqa: F811
    demo_db: Database,  # noqa: F811
    tmp_path: Path,
    fake_builder: list[PackDocument],
) -> None:
    window = open_window(qtbot, services, demo_actor(demo_db, "sw.north1"))
    row = next(r for r in window.caseload.model.all_rows() if r.restricted)
    window.record_opener.open(row.id, row.display_name)
    _break_glass_in_dialog(qtbot, window, row.id)
    person = window.person_views[row.id]
    qtbot.waitUntil(lambda: person.workspace is not None, timeout=10000)
    name = person.header.name_label.text()
    assert name != row.display_name  # the full name, not initials
    dialog = window.open_summary_dialog(row.id, name)
    with qtbot.waitSignal(dialog.sig_saved, timeout=10000):
        dialog.save_pdf(tmp_path / "summary.pdf")
    assert fake_builder[-1].people[0].workspace.header.display_name == name
    dialog.close()
    close_window(window)


@OFFSCREEN_LOG_IGNORE
def test_a_refused_case_summary_asks_for_break_glass_then_prints_in_full(
    qtbot: Any,
    services: Any,  # noqa: F811
    demo_db: Database,  # noqa: F811
    tmp_path: Path,
    fake_builder: list[PackDocument],
) -> None:
    window = open_window(qtbot, services, demo_actor(demo_db, "sw.north1"))
    row = next(r for r in window.caseload.model.all_rows() if r.restricted)
    dialog = window.open_summary_dialog(row.id, row.display_name)
    with qtbot.waitSignal(dialog.sig_failed, timeout=10000) as failed:
        dialog.save_pdf(tmp_path / "summary.pdf")
    assert "break-glass" in failed.args[0] and fake_builder == []
    assert not (tmp_path / "summary.pdf").exists()
    _break_glass_in_dialog(qtbot, window, row.id)
    with qtbot.waitSignal(dialog.sig_saved, timeout=10000):
        dialog.save_pdf(tmp_path / "summary.pdf")
    shown = fake_builder[-1].people[0].workspace.header.display_name
    assert shown != row.display_name and " " in shown  # the full name
    dialog.close()
    close_window(window)
