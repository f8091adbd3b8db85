"""Small builders for test records (ORM inserts), so each test states only what matters to it."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.data.tables import (
    Associate,
    AssociateLink,
    ChronologyEntry,
    Contact,
    Context,
    ContextLink,
    DisruptionActivity,
    ManualFlag,
    Meeting,
    MeetingCohort,
    MissingEpisode,
    PlacementEpisode,
    ReturnInterview,
    RiskAssessment,
    RiskAssessmentAnswer,
    RiskInstrument,
    RiskInstrumentItem,
    Team,
    User,
    YoungPerson,
    YoungPersonAccess,
)
from desktop.domain.actor import Actor
from desktop.domain.enums import Role

_seq = itertools.count(1)


def team(s: Session, name: str | None = None, la: str = "E08000032") -> Team:
    t = Team(name=name or f"Team {next(_seq)}", local_authority_code=la)
    s.add(t)
    s.flush()
    return t


def user(
    s: Session, t: Team | None, role: Role = Role.SOCIAL_WORKER, name: str | None = None
) -> User:
    n = next(_seq)
    u = User(
        username=name or f"user{n}",
        display_name=(name or f"User {n}").title(),
        role=role.value,
        team_id=t.id if t else None,
    )
    s.add(u)
    s.flush()
    return u


def actor(u: User) -> Actor:
    return Actor(u.id, u.username, u.display_name, Role(u.role), u.team_id)


def young_person(
    s: Session,
    t: Team,
    *,
    first: str = "Alex",
    last: str | None = None,
    dob: date = date(2011, 5, 1),
    worker: User | None = None,
    key_person: User | None = None,
    restricted: bool = False,
    involvement: str | None = "CIN",
) -> YoungPerson:
    n = next(_seq)
    yp = YoungPerson(
        reference=f"T{n:06d}",
        first_name=first,
        last_name=last or f"Test{n}",
        date_of_birth=dob,
        team_id=t.id,
        social_worker_id=worker.id if worker else None,
        key_person_id=key_person.id if key_person else None,
        restricted=restricted,
        involvement=involvement,
        responsible_la_code=t.local_authority_code,
    )
    s.add(yp)
    s.flush()
    return yp


def assessment(
    s: Session, yp: YoungPerson, on: date, category: str, score: int, confirmed: bool = True
) -> RiskAssessment:
    seraf = s.execute(select(RiskInstrument).where(RiskInstrument.code == "seraf")).scalar_one()
    ra = RiskAssessment(
        young_person_id=yp.id,
        instrument_id=seraf.id,
        assessed_on=on,
        total_score=score,
        band_label=category,
        computed_category=category,
        confirmed_at=datetime.combine(on, time(12), tzinfo=UTC) if confirmed else None,
    )
    s.add(ra)
    s.flush()
    return ra


def contact(s: Session, yp: YoungPerson, at: datetime, kind: str = "face_to_face") -> Contact:
    c = Contact(young_person_id=yp.id, occurred_at=at, kind=kind, duration_minutes=45)
    s.add(c)
    s.flush()
    return c


def episode(
    s: Session,
    yp: YoungPerson,
    decom: date,
    dec: date | None = None,
    rne: str = "P",
    ls: str = "C2",
    place: str = "U4",
    *,
    rec: str | None = None,
    provider: str = "",
    placement_postcode: str | None = None,
) -> PlacementEpisode:
    e = PlacementEpisode(
        young_person_id=yp.id,
        decom=decom,
        dec=dec,
        rne=rne,
        legal_status=ls,
        place=place,
        rec=rec,
        provider_name=provider,
        placement_postcode=placement_postcode,
    )
    s.add(e)
    s.flush()
    return e


def missing(
    s: Session, yp: YoungPerson, start: datetime, hours: int | None = 10, rhi_done: bool = True
) -> MissingEpisode:
    m = MissingEpisode(
        young_person_id=yp.id,
        kind="M",
        started_at=start,
        ended_at=start + timedelta(hours=hours) if hours is not None else None,
        police_risk_grade="medium",
    )
    s.add(m)
    s.flush()
    if rhi_done and hours is not None:
        s.add(ReturnInterview(episode_id=m.id, completed_at=m.ended_at + timedelta(hours=24)))
        s.flush()
    return m


def bypass_audit_protection(db) -> None:  # type: ignore[no-untyped-def]
    """Drop the append-only triggers, as a database administrator tampering by hand could."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP TRIGGER audit_entry_append_only ON audit_entry")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_entry_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_entry_no_delete")


def actor_named(db, username: str) -> Actor:  # type: ignore[no-untyped-def]
    """A user's Actor straight from the database, without the (slow, audited) sign-in."""
    from desktop.data.repositories import users as users_repo

    with db.begin() as s:
        record = users_repo.by_username(s, username)
    assert record is not None, username
    return Actor(record.id, record.username, record.display_name, record.role, record.team_id)


# --- the young person workspace (associates, contexts, meetings, chronology) -------------------


def chronology_entry(
    s: Session,
    yp: YoungPerson,
    on: date,
    *,
    category: str = "police",
    description: str = "Police attended the placement",
    analysis: str = "",
    significant: bool = False,
    agency: str = "Police",
    person: str = "PC Jones",
    author: User | None = None,
    linked_kind: str | None = None,
    linked_id: int | None = None,
) -> ChronologyEntry:
    e = ChronologyEntry(
        young_person_id=yp.id,
        event_date=on,
        category=category,
        source_agency=agency,
        source_person=person,
        description=description,
        analysis=analysis,
        significant=significant,
        author_id=author.id if author else None,
        linked_kind=linked_kind,
        linked_id=linked_id,
    )
    s.add(e)
    s.flush()
    return e


def associate(s: Session, name: str = "Adult of concern") -> Associate:
    a = Associate(name=name, aliases="", description="")
    s.add(a)
    s.flush()
    return a


def associate_link(
    s: Session, a: Associate, yp: YoungPerson, role: str = "associate", handling: str = "P"
) -> AssociateLink:
    link = AssociateLink(
        associate_id=a.id,
        young_person_id=yp.id,
        role=role,
        source_grade="2",
        intelligence_grade="B",
        handling_code=handling,
        intelligence="Seen together",
    )
    s.add(link)
    s.flush()
    return link


def context(s: Session, name: str = "Bus station", kind: str = "location") -> Context:
    c = Context(kind=kind, name=name, description="", postcode=None)
    s.add(c)
    s.flush()
    return c


def context_link(s: Session, c: Context, yp: YoungPerson, handling: str = "P") -> ContextLink:
    link = ContextLink(context_id=c.id, young_person_id=yp.id, notes="", handling_code=handling)
    s.add(link)
    s.flush()
    return link


def disruption(
    s: Session,
    on: date,
    *,
    yp: YoungPerson | None = None,
    c: Context | None = None,
    a: Associate | None = None,
    tactic: str = "Child abduction warning notice",
) -> DisruptionActivity:
    d = DisruptionActivity(
        young_person_id=yp.id if yp else None,
        context_id=c.id if c else None,
        associate_id=a.id if a else None,
        tactic=tactic,
        activity_date=on,
        agency="Police",
        target="",
        outcome="Served",
    )
    s.add(d)
    s.flush()
    return d


def meeting(s: Session, held_on: date, chair: User | None = None, status: str = "held") -> Meeting:
    m = Meeting(
        title=f"MACSE meeting {held_on.isoformat()}",
        held_on=held_on,
        chair_id=chair.id if chair else None,
        status=status,
    )
    s.add(m)
    s.flush()
    return m


def cohort(
    s: Session,
    m: Meeting,
    yp: YoungPerson,
    *,
    decision: str = "Continue under MACSE",
    category: str | None = "moderate",
    outcome: str | None = "continue",
) -> MeetingCohort:
    row = MeetingCohort(
        meeting_id=m.id,
        young_person_id=yp.id,
        category_agreed=category,
        outcome=outcome,
        decision=decision,
    )
    s.add(row)
    s.flush()
    return row


def manual_flag(s: Session, yp: YoungPerson, label: str, reason: str = "") -> ManualFlag:
    flag = ManualFlag(young_person_id=yp.id, label=label, reason=reason)
    s.add(flag)
    s.flush()
    return flag


def grant_access(s: Session, yp: YoungPerson, u: User) -> None:
    """Put `u` on the restricted record's access list."""
    s.add(YoungPersonAccess(young_person_id=yp.id, user_id=u.id))
    s.flush()


def full_record(
    s: Session,
    yp: YoungPerson,
    n: int,
    *,
    worker: User | None = None,
    other: YoungPerson | None = None,
    start: date = date(2024, 1, 1),
) -> None:
    """`n` rows of every kind the workspace reads, added in bulk (for statement counts)."""
    seraf = s.execute(select(RiskInstrument).where(RiskInstrument.code == "seraf")).scalar_one()
    items = s.execute(
        select(RiskInstrumentItem.id).where(RiskInstrumentItem.instrument_id == seraf.id)
    ).scalars()
    item_ids = list(items)[:2]
    when = [datetime.combine(start + timedelta(days=i), time(10), tzinfo=UTC) for i in range(n)]
    wid = worker.id if worker else None
    assessments = [
        RiskAssessment(
            young_person_id=yp.id,
            instrument_id=seraf.id,
            assessed_on=start + timedelta(days=i),
            total_score=i % 20,
            band_label="Mild",
            computed_category="mild",
            assessor_id=wid,
            confirmed_by_id=wid,
            confirmed_at=when[i],
        )
        for i in range(n)
    ]
    missing_rows = [
        MissingEpisode(
            young_person_id=yp.id,
            kind="M",
            started_at=when[i],
            ended_at=when[i] + timedelta(hours=5),
            police_risk_grade="low",
        )
        for i in range(n)
    ]
    associates = [Associate(name=f"Associate {i}", aliases="", description="") for i in range(n)]
    contexts = [Context(kind="location", name=f"Place {i}", description="") for i in range(n)]
    meetings = [
        Meeting(title=f"Meeting {i}", held_on=start + timedelta(days=i), status="held")
        for i in range(n)
    ]
    s.add_all([*assessments, *missing_rows, *associates, *contexts, *meetings])
    s.flush()
    people = [yp] if other is None else [yp, other]
    s.add_all(
        [
            *(
                RiskAssessmentAnswer(assessment_id=a.id, item_id=item, timing="recent")
                for a in assessments
                for item in item_ids
            ),
            *(
                ReturnInterview(episode_id=m.id, completed_at=m.ended_at, completed_by="RHI worker")
                for m in missing_rows
            ),
            *(
                AssociateLink(
                    associate_id=a.id, young_person_id=p.id, role="associate", handling_code="P"
                )
                for a in associates
                for p in people
            ),
            *(
                ContextLink(context_id=c.id, young_person_id=p.id, handling_code="P")
                for c in contexts
                for p in people
            ),
            *(
                MeetingCohort(
                    meeting_id=m.id, young_person_id=yp.id, category_agreed="mild", decision="OK"
                )
                for m in meetings
            ),
            *(
                ChronologyEntry(
                    young_person_id=yp.id,
                    event_date=start + timedelta(days=i),
                    category="police",
                    source_agency="Police",
                    description=f"Entry {i}",
                    author_id=wid,
                )
                for i in range(n)
            ),
            *(
                PlacementEpisode(
                    young_person_id=yp.id,
                    decom=start + timedelta(days=i),
                    dec=start + timedelta(days=i + 1) if i < n - 1 else None,
                    rec="X1" if i < n - 1 else None,
                    rne="S" if i == 0 else "P",
                    legal_status="C2",
                    place="U4",
                )
                for i in range(n)
            ),
            *(
                Contact(
                    young_person_id=yp.id,
                    worker_id=wid,
                    occurred_at=when[i],
                    kind="face_to_face",
                    significant=i % 2 == 0,
                )
                for i in range(n)
            ),
            *(
                DisruptionActivity(
                    young_person_id=yp.id,
                    tactic="Warning notice",
                    activity_date=start + timedelta(days=i),
                    agency="Police",
                )
                for i in range(n)
            ),
            *(ManualFlag(young_person_id=yp.id, label=f"Flag {i}", reason="") for i in range(n)),
        ]
    )
    s.flush()
