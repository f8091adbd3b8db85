"""Small builders for test records (ORM inserts), so each test states only what matters to it."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.data.tables import (
    Contact,
    MissingEpisode,
    PlacementEpisode,
    ReturnInterview,
    RiskAssessment,
    RiskInstrument,
    Team,
    User,
    YoungPerson,
)
from desktop.domain.enums import Role
from desktop.services.actor import Actor

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
) -> PlacementEpisode:
    e = PlacementEpisode(
        young_person_id=yp.id, decom=decom, dec=dec, rne=rne, legal_status=ls, place=place
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
