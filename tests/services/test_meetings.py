"""The meeting service: meetings, cohort, decisions on the chronology, actions, packs, audit."""

from __future__ import annotations

import json
import sys
import types
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.data.database import Database
from desktop.data.tables import (
    Action,
    ActionUpdate,
    Associate,
    AssociateLink,
    AuditEntry,
    Context,
    ContextLink,
    Meeting,
    MeetingCohort,
    YoungPerson,
)
from desktop.domain.enums import (
    ActionStatus,
    AuditAction,
    ChronologyCategory,
    MeetingOutcome,
    RiskCategory,
    Role,
)
from desktop.domain.errors import EditConflict, NotFound, ServiceError, ValidationFailed
from desktop.domain.meetings import (
    DEFAULT_AGENDA,
    ActionState,
    AttendeeView,
    PackDocument,
    PackOptions,
)
from desktop.services.meetings import MeetingService
from desktop.services.person import PersonService
from tests import factories as f

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
TODAY = NOW.date()


def service(db: Database) -> MeetingService:
    return MeetingService(db, clock=lambda: NOW)


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    """A chair, a North manager and worker; Nia (North) and Sol (South); two held meetings."""
    with db.begin() as s:
        north, south = f.team(s, "North"), f.team(s, "South")
        chair = f.user(s, None, Role.MACSE_CHAIR, "chair")
        mgr = f.user(s, north, Role.TEAM_MANAGER, "mgr")
        sw = f.user(s, north, Role.SOCIAL_WORKER, "sw")
        nia = f.young_person(s, north, first="Nia", last="Open", worker=sw)
        sol = f.young_person(s, south, first="Sol", last="Away")
        f.assessment(s, nia, date(2026, 6, 1), "moderate", 12)
        f.assessment(s, nia, date(2026, 11, 1), "significant", 18)  # escalated since October
        f.assessment(s, sol, date(2026, 6, 1), "mild", 7)
        october = Meeting(title="October", held_on=date(2026, 10, 20), status="held", agenda="")
        september = Meeting(title="September", held_on=date(2026, 9, 22), status="held", agenda="")
        s.add_all([october, september])
        s.flush()
        ids = {"nia": nia.id, "sol": sol.id, "october": october.id, "september": september.id}
        actors = {"chair": f.actor(chair), "mgr": f.actor(mgr), "sw": f.actor(sw)}
    return {"ids": ids, "actors": actors}


def _action(s: Any, meeting: int, yp: int, ref: str, due: date, status: str = "open") -> int:
    a = Action(
        reference=ref,
        meeting_id=meeting,
        young_person_id=yp,
        description="Do it",
        owner_name="Pat",
        owner_agency="Police",
        set_on=due - timedelta(days=14),
        due_on=due,
        status=status,
    )
    s.add(a)
    s.flush()
    return a.id


def test_create_uses_the_default_agenda_and_the_creating_chair(
    db: Database, world: dict[str, Any]
) -> None:
    chair = world["actors"]["chair"]
    m = service(db).create(chair, "  November   MACSE ", date(2026, 11, 24), "Room 1")
    assert (m.title, m.status, m.agenda, m.chair_id) == (
        "November MACSE", "planned", DEFAULT_AGENDA, chair.user_id
    )  # fmt: skip
    assert m.previous_held_on == date(2026, 10, 20)
    with pytest.raises(ValidationFailed):
        service(db).create(chair, "  ", TODAY, "")


def test_update_saves_attendees_and_refuses_a_stale_version(
    db: Database, world: dict[str, Any]
) -> None:
    svc, chair = service(db), world["actors"]["chair"]
    m = svc.create(chair, "Nov", date(2026, 11, 24), "Room 1")
    people = (
        AttendeeView(None, "DS Kay", "Police", "Detective sergeant", True, True),
        AttendeeView(None, "Ola", "Health", "Nurse", False, True),
    )
    saved = svc.update(
        chair, m.id, m.version, title="Nov", held_on=m.held_on, venue="Room 1",
        agenda=("Welcome", "Actions"), notes="Notes", attendees=people,
    )  # fmt: skip
    assert saved.agenda == ("Welcome", "Actions") and saved.version > m.version
    assert [(a.name, a.attended) for a in saved.attendees] == [("DS Kay", True), ("Ola", False)]
    kay = saved.attendees[0]
    again = svc.update(
        chair, m.id, saved.version, title="Nov", held_on=m.held_on, venue="Room 1",
        agenda=saved.agenda, notes="Notes", attendees=(AttendeeView(kay.id, "DS Kay", "Police",
        "DS", True, False),),
    )  # fmt: skip
    assert [(a.id, a.role, a.on_distribution) for a in again.attendees] == [(kay.id, "DS", False)]
    assert again.version > saved.version  # attendees alone move the version
    with pytest.raises(EditConflict):
        svc.update(
            chair, m.id, saved.version, title="Old", held_on=m.held_on, venue="",
            agenda=(), notes="", attendees=(),
        )  # fmt: skip


def test_unknown_ids_are_not_found(db: Database, world: dict[str, Any]) -> None:
    svc, chair = service(db), world["actors"]["chair"]
    for call in (
        lambda: svc.get(chair, 999),
        lambda: svc.pack_document(chair, 999, PackOptions()),
        lambda: svc.summary_document(chair, 999, PackOptions()),
        lambda: svc.update_action(chair, 999, 1, status=ActionStatus.DONE, due_on=TODAY, note=""),
    ):
        with pytest.raises(NotFound):
            call()


def test_a_decision_appears_on_the_young_persons_chronology(
    db: Database, world: dict[str, Any]
) -> None:
    svc, chair, nia = service(db), world["actors"]["chair"], world["ids"]["nia"]
    m = svc.create(chair, "November MACSE", date(2026, 11, 17), "Room 1")
    m = svc.set_cohort(chair, m.id, [nia], {nia: "Escalated"})
    member = m.cohort[0]
    assert (member.reason, member.current_category) == ("Escalated", RiskCategory.SIGNIFICANT)
    decided = svc.record_decision(
        chair, m.id, nia, RiskCategory.SIGNIFICANT, MeetingOutcome.CONTINUE,
        "Strategy meeting with police", date(2026, 12, 15), member.version or 0,
    )  # fmt: skip
    assert decided.status == "held"
    ws = PersonService(db, clock=lambda: NOW).open(chair, nia)
    meetings = [c for c in ws.chronology if c.category is ChronologyCategory.MEETING]
    assert len(meetings) == 1 and "Strategy meeting with police" in meetings[0].description
    assert meetings[0].event_date == date(2026, 11, 17)
    with pytest.raises(EditConflict):  # the version the form started from is stale now
        svc.record_decision(chair, m.id, nia, None, None, "x", None, member.version or 0)
    with pytest.raises(ValidationFailed):  # a decision recorded: cannot drop from the cohort
        svc.set_cohort(chair, m.id, [], {})


def test_actions_carry_forward_until_done_overdue_first(
    db: Database, world: dict[str, Any]
) -> None:
    ids, chair = world["ids"], world["actors"]["chair"]
    with db.begin() as s:
        old_open = _action(s, ids["september"], ids["nia"], "MACSE-2026-09-01", date(2026, 10, 1))
        _action(s, ids["september"], ids["nia"], "MACSE-2026-09-02", date(2026, 10, 1), "done")
        last_done = _action(
            s, ids["october"], ids["nia"], "MACSE-2026-10-01", date(2026, 11, 1), "done"
        )
        upcoming = _action(s, ids["october"], ids["nia"], "MACSE-2026-10-02", TODAY)
        later = _action(s, ids["october"], ids["nia"], "MACSE-2026-10-03", date(2027, 1, 1))
    svc = service(db)
    m = svc.create(chair, "November", date(2026, 11, 24), "Room")
    got = svc.list_actions(chair, meeting_id=m.id)
    # the September done one is gone; October's (the meeting before) are reviewed, done or not
    assert [a.id for a in got] == [old_open, upcoming, later, last_done]
    assert [a.state for a in got] == [
        ActionState.OVERDUE, ActionState.UPCOMING, ActionState.OPEN, ActionState.DONE
    ]  # fmt: skip
    assert [a.id for a in svc.get(chair, m.id).actions] == [a.id for a in got]
    overdue = svc.list_actions(chair, young_person_id=ids["nia"], states={ActionState.OVERDUE})
    assert [a.id for a in overdue] == [old_open]
    # in the pack, states are as at the meeting date (24 Nov: due today is overdue)
    doc = svc.pack_document(chair, m.id, PackOptions())
    assert doc.meeting is not None
    states = {a.id: a.state for a in doc.meeting.actions}
    assert states[upcoming] is ActionState.OVERDUE


def test_update_action_adds_an_update_and_completes(db: Database, world: dict[str, Any]) -> None:
    ids, sw = world["ids"], world["actors"]["sw"]
    with db.begin() as s:
        aid = _action(s, ids["october"], ids["nia"], "MACSE-2026-10-01", date(2026, 11, 30))
    svc = service(db)
    done = svc.update_action(sw, aid, 1, status=ActionStatus.DONE, due_on=date(2026, 11, 30),
                             note="")  # fmt: skip
    assert done.completed_on == TODAY and done.state is ActionState.DONE
    assert [u.note for u in done.updates] == ["Status changed to done"]
    assert done.updates[0].author == sw.display_name
    with pytest.raises(EditConflict):
        svc.update_action(sw, aid, 1, status=ActionStatus.OPEN, due_on=TODAY, note="again")
    reopened = svc.update_action(
        sw, aid, done.version, status=ActionStatus.OPEN, due_on=date(2026, 12, 5), note="Not yet"
    )
    assert reopened.completed_on is None and reopened.due_on == date(2026, 12, 5)
    with pytest.raises(ValidationFailed):
        svc.update_action(
            sw, aid, reopened.version, status=ActionStatus.OPEN, due_on=date(2026, 12, 5), note=""
        )
    with db.begin() as s:
        assert len(s.scalars(select(ActionUpdate).where(ActionUpdate.action_id == aid)).all()) == 2


def test_add_action_validates_and_numbers_by_meeting_month(
    db: Database, world: dict[str, Any]
) -> None:
    ids, mgr = world["ids"], world["actors"]["mgr"]
    svc = service(db)
    kw: dict[str, Any] = dict(
        meeting_id=ids["october"], description="Call school", owner_name="Lee",
        owner_agency="Education", due_on=date(2026, 12, 1),
    )  # fmt: skip
    first = svc.add_action(mgr, young_person_id=ids["nia"], **kw)
    second = svc.add_action(mgr, young_person_id=ids["nia"], **kw)
    assert (first.reference, second.reference) == ("MACSE-2026-10-01", "MACSE-2026-10-02")
    assert first.subject == "Nia Open" and first.state is ActionState.OPEN
    with pytest.raises(ValidationFailed):
        svc.add_action(mgr, **kw)  # neither a young person nor a context


def test_suggestions_name_their_reasons(db: Database, world: dict[str, Any]) -> None:
    ids, chair = world["ids"], world["actors"]["chair"]
    with db.begin() as s:
        s.add(MeetingCohort(meeting_id=ids["october"], young_person_id=ids["sol"],
                            outcome="continue", decision="Continue"))  # fmt: skip
    svc = service(db)
    m = svc.create(chair, "November", date(2026, 11, 24), "Room")
    got = {s.young_person_id: s.reasons for s in svc.suggest_cohort(chair, m.id)}
    assert got[ids["nia"]] == ("Significant risk", "Escalated since 20 Oct 2026")
    assert got[ids["sol"]] == ("Continued at the last meeting",)


def test_pack_leaves_out_conditional_intelligence_unless_included(
    db: Database, world: dict[str, Any]
) -> None:
    ids, chair = world["ids"], world["actors"]["chair"]
    with db.begin() as s:
        ctx = Context(kind="location", name="Bus station", description="")
        dean = Associate(name="Dean Rowe", description="")
        s.add_all([ctx, dean])
        s.flush()
        s.add(ContextLink(context_id=ctx.id, young_person_id=ids["nia"], handling_code="C"))
        s.add(AssociateLink(associate_id=dean.id, young_person_id=ids["nia"],
                            role="alleged_perpetrator", handling_code="P"))  # fmt: skip
        row = MeetingCohort(meeting_id=ids["october"], young_person_id=ids["nia"], decision="")
        s.add(row)
    svc = service(db)
    doc = svc.pack_document(chair, ids["october"], PackOptions())
    ws = doc.people[0].workspace
    assert ws.contexts == () and [a.name for a in ws.associates] == ["Dean Rowe"]
    assert doc.volt is not None and doc.volt.locations == ()
    assert any("Dean Rowe" in line for line in doc.volt.offenders)
    included = svc.pack_document(chair, ids["october"], PackOptions(include_conditional=True))
    assert [c.name for c in included.people[0].workspace.contexts] == ["Bus station"]
    with db.begin() as s:  # the chair includes it for this young person
        s.execute(MeetingCohort.__table__.update().values(include_conditional_intelligence=True))
    per_member = svc.pack_document(chair, ids["october"], PackOptions())
    assert [c.name for c in per_member.people[0].workspace.contexts] == ["Bus station"]


def test_pack_dashboard_and_wider_audience(db: Database, world: dict[str, Any]) -> None:
    ids, chair = world["ids"], world["actors"]["chair"]
    with db.begin() as s:
        for yp in (ids["nia"], ids["sol"]):
            s.add(MeetingCohort(meeting_id=ids["october"], young_person_id=yp, decision=""))
        yp = s.get(YoungPerson, ids["nia"])
        assert yp is not None
        yp.plan = "Nia to meet her key person; Open family to be told."
        f.missing(s, yp, datetime(2026, 10, 25, 20, tzinfo=UTC), rhi_done=False)
    doc = service(db).pack_document(chair, ids["october"], PackOptions(wider_audience=True))
    assert doc.dashboard is not None
    assert dict(doc.dashboard.by_category) == {
        "Significant": 1, "Moderate": 0, "Mild": 1, "Not at risk": 0, "Not assessed": 0
    }  # fmt: skip
    assert doc.dashboard.escalated == 1  # Nia, since the September meeting
    assert doc.dashboard.missing_episodes == 1 and doc.dashboard.rhis_overdue == 1
    text = repr(doc)
    assert "Nia" not in text and "Sol Away" not in text and "Open family" not in text
    nia_pack = next(p for p in doc.people if p.workspace.header.id == ids["nia"])
    assert nia_pack.workspace.header.plan == "N.O. to meet her key person; N.O. family to be told."


def test_write_pack_to_an_unwritable_place_leaves_nothing(
    db: Database, world: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def build_pack(doc: PackDocument, out: Path, progress: Any = None, cancelled: Any = None):  # type: ignore[no-untyped-def]
        calls.append(out)
        raise OSError(28, "No space left on device")

    svc, chair = service(db), world["actors"]["chair"]
    with pytest.raises(ServiceError, match=r"^Cannot write .*does not exist$"):
        svc.write_pack(chair, world["ids"]["october"], PackOptions(), tmp_path / "no" / "p.pdf")
    module = types.ModuleType("desktop.reports.pack")
    module.build_pack = build_pack  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.reports.pack", module)
    with pytest.raises(ServiceError, match="No space left"):
        svc.write_pack(chair, world["ids"]["october"], PackOptions(), tmp_path / "p.pdf")
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")]
    with db.begin() as s:
        actions = set(s.scalars(select(AuditEntry.action)))
    assert AuditAction.EXPORT.value not in actions  # nothing written, nothing audited


def test_record_print_names_each_young_person_and_the_options(
    db: Database, world: dict[str, Any]
) -> None:
    ids, chair = world["ids"], world["actors"]["chair"]
    svc = service(db)
    doc = svc.summary_document(chair, ids["nia"], PackOptions(wider_audience=True, password="pw"))
    svc.record_print(chair, doc, kind="summary", destination="printer", file_name="")
    with db.begin() as s:
        entry = s.execute(
            select(AuditEntry).where(AuditEntry.action == AuditAction.PRINT.value)
        ).scalar_one()
        assert entry.young_person_id == ids["nia"] and entry.object_kind == "case_summary"
        detail = json.loads(entry.detail)
    assert detail["options"] == {
        "wider_audience": True, "include_conditional": False, "password_protected": True,
        "marking": "OFFICIAL-SENSITIVE",
    }  # fmt: skip
    assert detail["young_people"] == [ids["nia"]] and "pw" not in json.dumps(detail["options"])


def test_write_pack_builds_a_real_pdf_and_audits_it(
    db: Database, world: dict[str, Any], tmp_path: Path
) -> None:
    ids, chair = world["ids"], world["actors"]["chair"]
    with db.begin() as s:
        s.add(MeetingCohort(meeting_id=ids["october"], young_person_id=ids["nia"], decision=""))
    out = tmp_path / "pack.pdf"
    pages = service(db).write_pack(chair, ids["october"], PackOptions(wider_audience=True), out)
    assert pages >= 1 and out.read_bytes()[:5] == b"%PDF-"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    with db.begin() as s:
        entry = s.execute(
            select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT.value)
        ).scalar_one()
    assert entry.young_person_id == ids["nia"] and json.loads(entry.detail)["pages"] == pages
