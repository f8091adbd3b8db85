"""Who may do what with MACSE meetings, actions and packs, for every role, and which young people
each sees by name, by initials or not at all (the meetings area of the access matrix)."""

from __future__ import annotations

import json
import sys
import types
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from sqlalchemy import select

from desktop.data.database import Database
from desktop.data.tables import Action, AuditEntry, Meeting, MeetingCohort, YoungPersonAccess
from desktop.domain.actor import Actor
from desktop.domain.enums import ActionStatus, AuditAction, MeetingOutcome, RiskCategory, Role
from desktop.domain.meetings import PackDocument, PackOptions
from desktop.services.meetings import MeetingService
from tests import factories as f
from tests.services.test_access_matrix import DENIED, INITIALS, NAMES, ROLES, outcome

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
HELD = date(2026, 11, 17)


def service(db: Database) -> MeetingService:
    return MeetingService(db, clock=lambda: NOW)


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    """The access matrix's people, plus one meeting whose cohort holds all three young people,
    an action about each and one about a context."""
    with db.begin() as s:
        north, south = f.team(s, "North"), f.team(s, "South")
        people = {
            "sw": f.user(s, north, Role.SOCIAL_WORKER, "sw.north"),
            "kp": f.user(s, north, Role.KEY_PERSON, "kp.north"),
            "mgr": f.user(s, north, Role.TEAM_MANAGER, "mgr.north"),
            "chair": f.user(s, None, Role.MACSE_CHAIR, "chair"),
            "police": f.user(s, None, Role.PARTNER_READER, "police"),
            "admin": f.user(s, None, Role.ADMINISTRATOR, "admin"),
        }
        south_worker = f.user(s, south, Role.SOCIAL_WORKER, "sw.south")
        normal = f.young_person(
            s, north, first="Nia", last="Open", worker=people["sw"], dob=date(2011, 2, 3)
        )
        restricted = f.young_person(
            s,
            north,
            first="Rae",
            last="Hidden",
            worker=south_worker,
            restricted=True,
            dob=date(2010, 4, 5),
        )
        elsewhere = f.young_person(
            s, south, first="Sol", last="Away", worker=south_worker, dob=date(2012, 6, 7)
        )
        for yp in (normal, restricted, elsewhere):
            f.assessment(s, yp, date(2026, 9, 1), "significant", 17)
        m = Meeting(title="MACSE November", held_on=HELD, chair_id=people["chair"].id, agenda="")
        s.add(m)
        s.flush()
        ids = {"normal": normal.id, "restricted": restricted.id, "elsewhere": elsewhere.id}
        actions: dict[str, int] = {}
        for n, (key, yp) in enumerate(ids.items(), 1):
            s.add(MeetingCohort(meeting_id=m.id, young_person_id=yp, reason="Risk", decision=""))
            a = Action(
                reference=f"MACSE-2026-11-{n:02d}",
                meeting_id=m.id,
                young_person_id=yp,
                description=f"See {NAMES[key].split()[0]} weekly",
                owner_name="Pat Lee",
                owner_agency="Police",
                set_on=HELD,
                due_on=date(2026, 12, 1),
            )
            s.add(a)
            s.flush()
            actions[key] = a.id
        actors = {k: f.actor(u) for k, u in people.items()}
    return {"actors": actors, "ids": ids, "meeting": m.id, "actions": actions}


#: Which young people each role sees in a meeting, its pack, its actions:
#: "full" name, "initials", None (left out), or the whole surface DENIED.
MEETING: dict[str, Any] = {
    "sw": {"normal": "full", "restricted": "initials", "elsewhere": None},
    "kp": {"normal": "full", "restricted": "initials", "elsewhere": None},
    "mgr": {"normal": "full", "restricted": "initials", "elsewhere": None},
    "chair": {"normal": "full", "restricted": "initials", "elsewhere": "full"},
    "police": DENIED,
    "admin": DENIED,
}
#: Who runs meetings (create, edit, cohort, decisions, actions).
MANAGE = {"mgr", "chair"}


def expected(role: str, *, wider: bool = False) -> Any:
    rule = MEETING[role]
    if rule == DENIED:
        return DENIED
    return {
        NAMES[k] if how == "full" and not wider else INITIALS[k]
        for k, how in rule.items()
        if how is not None
    }


def names_in(doc: PackDocument) -> set[str]:
    return {p.workspace.header.display_name for p in doc.people}


@pytest.fixture
def fake_builder(monkeypatch: pytest.MonkeyPatch) -> list[PackDocument]:
    """desktop.reports.pack stood in for: records each document and writes a small file."""
    built: list[PackDocument] = []

    def build_pack(doc: PackDocument, out: BinaryIO, progress: Any = None, cancelled: Any = None):  # type: ignore[no-untyped-def]
        built.append(doc)
        out.write(b"%PDF-1.4 fake\n")  # the service hands the builder its private file
        return types.SimpleNamespace(pages=len(doc.people) + 1)

    module = types.ModuleType("desktop.reports.pack")
    module.build_pack = build_pack  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.reports.pack", module)
    return built


@pytest.mark.parametrize("role", ROLES)
def test_list_and_get_meetings(db: Database, world: dict[str, Any], role: str) -> None:
    svc, actor = service(db), world["actors"][role]
    listed = outcome(lambda: svc.list_meetings(actor))
    detail = outcome(lambda: svc.get(actor, world["meeting"]))
    if MEETING[role] == DENIED:
        assert listed == detail == DENIED
        return
    assert [m.cohort_size for m in listed] == [3]  # the size is not case content
    assert {c.display_name for c in detail.cohort} == expected(role)
    assert {a.subject for a in detail.actions} == expected(role)


@pytest.mark.parametrize("role", ROLES)
def test_a_meeting_without_any_of_their_young_people(
    db: Database, world: dict[str, Any], role: str
) -> None:
    """Workers see only meetings whose cohort includes one of their caseload."""
    with db.begin() as s:
        m = Meeting(title="South only", held_on=date(2026, 10, 1), agenda="")
        s.add(m)
        s.flush()
        s.add(MeetingCohort(meeting_id=m.id, young_person_id=world["ids"]["elsewhere"]))
        other = m.id
    svc, actor = service(db), world["actors"][role]
    listed = outcome(lambda: svc.list_meetings(actor))
    got = outcome(lambda: svc.get(actor, other))
    if MEETING[role] == DENIED:
        assert listed == got == DENIED
    elif role in ("sw", "kp"):
        assert other not in {m.id for m in listed} and got == DENIED
    elif role == "mgr":  # runs meetings: sees it, but not the other team's young person
        assert got.cohort == ()
    else:
        assert {c.display_name for c in got.cohort} == {NAMES["elsewhere"]}


@pytest.mark.parametrize("role", ROLES)
def test_create_update_cohort_and_decisions(db: Database, world: dict[str, Any], role: str) -> None:
    svc, actor = service(db), world["actors"][role]
    mid, normal = world["meeting"], world["ids"]["normal"]
    created = outcome(lambda: svc.create(actor, "December MACSE", date(2026, 12, 15), "Room 2"))
    base = service(db).get(world["actors"]["chair"], mid)
    updated = outcome(
        lambda: svc.update(
            actor,
            mid,
            base.version,
            title="MACSE Nov (moved)",
            held_on=HELD,
            venue="Town hall",
            agenda=("Welcome",),
            notes="",
            attendees=(),
        )
    )
    suggested = outcome(lambda: svc.suggest_cohort(actor, mid))
    cohort = outcome(lambda: svc.set_cohort(actor, mid, [normal], {normal: "Escalated"}))
    member = next(
        c
        for c in service(db).get(world["actors"]["chair"], mid).cohort
        if c.young_person_id == normal
    )
    decided = outcome(
        lambda: svc.record_decision(
            actor, mid, normal, RiskCategory.SIGNIFICANT, MeetingOutcome.CONTINUE, "Stay open",
            date(2026, 12, 15), member.version or 0,
        )
    )  # fmt: skip
    if role not in MANAGE:
        assert created == updated == suggested == cohort == decided == DENIED
        return
    assert created.title == "December MACSE" and updated.title == "MACSE Nov (moved)"
    assert {s.display_name for s in suggested} == expected(role)  # all at significant risk
    assert {c.display_name for c in cohort.cohort} == {NAMES["normal"]}
    assert next(c for c in decided.cohort if c.young_person_id == normal).decision == "Stay open"


def test_set_cohort_keeps_members_the_manager_cannot_see(
    db: Database, world: dict[str, Any]
) -> None:
    mgr, mid = world["actors"]["mgr"], world["meeting"]
    service(db).set_cohort(mgr, mid, [world["ids"]["normal"]], {})
    chair_view = service(db).get(world["actors"]["chair"], mid)
    assert {c.display_name for c in chair_view.cohort} == {NAMES["normal"], NAMES["elsewhere"]}


@pytest.mark.parametrize("role", ROLES)
def test_actions_list_add_and_update(db: Database, world: dict[str, Any], role: str) -> None:
    svc, actor = service(db), world["actors"][role]
    listed = outcome(lambda: svc.list_actions(actor, meeting_id=world["meeting"]))
    added = outcome(
        lambda: svc.add_action(
            actor,
            meeting_id=world["meeting"],
            young_person_id=world["ids"]["normal"],
            description="Strategy discussion",
            owner_name="Sam",
            owner_agency="Police",
            due_on=date(2026, 12, 10),
        )
    )
    mine = outcome(
        lambda: svc.update_action(
            actor, world["actions"]["normal"], 1, status=ActionStatus.DONE,
            due_on=date(2026, 12, 1), note="Seen",
        )
    )  # fmt: skip
    theirs = outcome(
        lambda: svc.update_action(
            actor, world["actions"]["elsewhere"], 1, status=ActionStatus.OPEN,
            due_on=date(2026, 12, 1), note="Chased",
        )
    )  # fmt: skip
    if MEETING[role] == DENIED:
        assert listed == added == mine == theirs == DENIED
        return
    assert {a.subject for a in listed} == expected(role)
    if role in MANAGE:
        assert added.reference == "MACSE-2026-11-04"
    else:
        assert added == DENIED
    assert mine.status is ActionStatus.DONE and mine.updates[-1].note == "Seen"
    if MEETING[role]["elsewhere"] is None:
        assert theirs == DENIED
    else:
        assert theirs.updates[-1].note == "Chased"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("wider", [False, True])
def test_pack_document_names(db: Database, world: dict[str, Any], role: str, wider: bool) -> None:
    svc, actor = service(db), world["actors"][role]
    doc = outcome(
        lambda: svc.pack_document(actor, world["meeting"], PackOptions(wider_audience=wider))
    )
    if MEETING[role] == DENIED:
        assert doc == DENIED
        return
    want = expected(role, wider=wider)
    assert names_in(doc) == want
    assert doc.meeting is not None
    assert {c.display_name for c in doc.meeting.cohort} == want
    assert {a.subject for a in doc.meeting.actions} == want
    text = repr(doc)
    for key in ("normal", "restricted", "elsewhere"):
        if NAMES[key] not in want:
            assert NAMES[key] not in text, key
            assert NAMES[key].split()[0] not in text, key  # "See Rae weekly" scrubbed too
    for p in doc.people:
        restricted_or_wider = wider or p.workspace.header.restricted
        assert (p.workspace.header.date_of_birth is None) == restricted_or_wider


def test_a_chair_on_the_access_list_prints_the_restricted_name(
    db: Database, world: dict[str, Any]
) -> None:
    chair: Actor = world["actors"]["chair"]
    with db.begin() as s:
        s.add(YoungPersonAccess(young_person_id=world["ids"]["restricted"], user_id=chair.user_id))
    doc = service(db).pack_document(chair, world["meeting"], PackOptions())
    assert NAMES["restricted"] in names_in(doc)
    wider = service(db).pack_document(chair, world["meeting"], PackOptions(wider_audience=True))
    assert names_in(wider) == set(INITIALS.values())


def test_break_glass_on_screen_does_not_carry_into_print(
    db: Database, world: dict[str, Any]
) -> None:
    chair = world["actors"]["chair"].with_break_glass(world["ids"]["restricted"])
    on_screen = service(db).get(chair, world["meeting"])
    assert NAMES["restricted"] in {c.display_name for c in on_screen.cohort}
    doc = service(db).pack_document(chair, world["meeting"], PackOptions())
    assert INITIALS["restricted"] in names_in(doc) and NAMES["restricted"] not in names_in(doc)


#: A case summary is the record: "full", or DENIED (a restricted record needs break-glass
#: first, as opening it does: tests/security/test_document_access.py).
SUMMARY = {
    "sw": {"normal": "full", "restricted": DENIED, "elsewhere": DENIED},
    "kp": {"normal": "full", "restricted": DENIED, "elsewhere": DENIED},
    "mgr": {"normal": "full", "restricted": DENIED, "elsewhere": DENIED},
    "chair": {"normal": "full", "restricted": DENIED, "elsewhere": "full"},
    "police": {"normal": DENIED, "restricted": DENIED, "elsewhere": DENIED},
    "admin": {"normal": DENIED, "restricted": DENIED, "elsewhere": DENIED},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", ["normal", "restricted", "elsewhere"])
def test_summary_document(db: Database, world: dict[str, Any], role: str, who: str) -> None:
    svc, actor = service(db), world["actors"][role]
    doc = outcome(lambda: svc.summary_document(actor, world["ids"][who], PackOptions()))
    rule = SUMMARY[role][who]
    if rule == DENIED:
        assert doc == DENIED
        return
    assert names_in(doc) == {NAMES[who]}
    assert {a.subject for a in doc.people[0].actions} == names_in(doc)


@pytest.mark.parametrize("role", ROLES)
def test_print_and_save_are_audited(
    db: Database, world: dict[str, Any], role: str, tmp_path: Path, fake_builder: list[Any]
) -> None:
    svc, actor = service(db), world["actors"][role]
    options = PackOptions(password="s3cret-pack-password")
    pack_out, summary_out = tmp_path / "pack.pdf", tmp_path / "summary.pdf"
    pages = outcome(lambda: svc.write_pack(actor, world["meeting"], options, pack_out))
    summary = outcome(
        lambda: svc.write_summary(actor, world["ids"]["normal"], options, summary_out)
    )
    doc = PackDocument("t", None, (), None, None, "x", NOW)
    printed = outcome(lambda: svc.record_print(actor, doc, kind="pack", destination="printer"))
    with db.begin() as s:
        entries = s.execute(
            select(AuditEntry.action, AuditEntry.young_person_id, AuditEntry.detail).where(
                AuditEntry.username == actor.username
            )
        ).all()
    if MEETING[role] == DENIED:
        assert pages == summary == printed == DENIED
        assert not pack_out.exists() and not summary_out.exists()
        assert {e.action for e in entries} == {AuditAction.PERMISSION_DENIED.value}
        return
    assert pages == len(expected(role)) + 1 and summary == 2
    exported = [e for e in entries if e.action == AuditAction.EXPORT.value]
    visible = {world["ids"][k] for k, how in MEETING[role].items() if how is not None}
    assert {e.young_person_id for e in exported} == visible  # pack + summary (normal)
    assert all("s3cret" not in e.detail for e in entries)
    assert all(json.loads(e.detail)["options"]["password_protected"] for e in exported)
    assert [e.action for e in entries].count(AuditAction.PRINT.value) == 1


@pytest.mark.parametrize("role", ROLES)
def test_prepare_print(
    db: Database, world: dict[str, Any], role: str, tmp_path: Path, fake_builder: list[Any]
) -> None:
    svc, actor = service(db).packs, world["actors"][role]
    options = PackOptions(password="s3cret-pack-password")
    job = outcome(
        lambda: svc.prepare_print(actor, "pack", world["meeting"], options, tmp_path, render=False)
    )
    if expected(role) == DENIED:
        assert job == DENIED and not (tmp_path / "pack.pdf").exists()
        return
    assert job.pages == len(expected(role)) + 1 and job.pdf.exists()
    assert fake_builder[-1].options.password is None  # paper is not encrypted
    with db.begin() as s:  # audited only when printed (record_print)
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "print")).all() == []


#: Every public MeetingService method, with the test above that pins its access.
COVERED: dict[str, str] = {
    "MeetingService.list_meetings": "test_list_and_get_meetings",
    "MeetingService.get": "test_list_and_get_meetings",
    "MeetingService.create": "test_create_update_cohort_and_decisions",
    "MeetingService.update": "test_create_update_cohort_and_decisions",
    "MeetingService.suggest_cohort": "test_create_update_cohort_and_decisions",
    "MeetingService.set_cohort": "test_create_update_cohort_and_decisions",
    "MeetingService.record_decision": "test_create_update_cohort_and_decisions",
    "MeetingService.list_actions": "test_actions_list_add_and_update",
    "MeetingService.add_action": "test_actions_list_add_and_update",
    "MeetingService.update_action": "test_actions_list_add_and_update",
    "MeetingService.pack_document": "test_pack_document_names",
    "MeetingService.summary_document": "test_summary_document",
    "MeetingService.record_print": "test_print_and_save_are_audited",
    "MeetingService.write_pack": "test_print_and_save_are_audited",
    "MeetingService.write_summary": "test_print_and_save_are_audited",
    "MeetingService.prepare_print": "test_prepare_print",
    "PackService.pack_document": "test_pack_document_names",
    "PackService.summary_document": "test_summary_document",
    "PackService.record_print": "test_print_and_save_are_audited",
    "PackService.write_pack": "test_print_and_save_are_audited",
    "PackService.write_summary": "test_print_and_save_are_audited",
    "PackService.prepare_print": "test_prepare_print",
}


def test_every_covering_test_exists() -> None:
    module = sys.modules[__name__]
    for surface, test in COVERED.items():
        assert callable(getattr(module, test, None)), (surface, test)
