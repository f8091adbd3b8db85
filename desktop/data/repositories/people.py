"""Single young person look-ups shared by the services (access facts, names)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from desktop.data.tables import YoungPerson, YoungPersonAccess
from desktop.domain.access import AccessFacts


def access_facts(session: Session, young_person_id: int, user_id: int) -> AccessFacts | None:
    found = access_facts_and(session, young_person_id, user_id)
    return None if found is None else found[0]


def access_facts_and(
    session: Session, young_person_id: int, user_id: int, *also: ColumnElement[Any]
) -> tuple[AccessFacts, tuple[Any, ...]] | None:
    """The access facts and the values of `also` (scalar subqueries, such as a stored setting)
    in one statement; None when there is no such young person."""
    on_list = (
        exists()
        .where(
            YoungPersonAccess.young_person_id == YoungPerson.id,
            YoungPersonAccess.user_id == user_id,
        )
        .correlate(YoungPerson)
    )
    row = session.execute(
        select(
            YoungPerson.team_id,
            YoungPerson.restricted,
            (YoungPerson.social_worker_id == user_id) | (YoungPerson.key_person_id == user_id),
            on_list,
            *also,
        ).where(YoungPerson.id == young_person_id)
    ).one_or_none()
    if row is None:
        return None
    team_id, restricted, allocated, listed, *values = row
    return AccessFacts(team_id, bool(restricted), bool(allocated), bool(listed)), tuple(values)


def names(session: Session, young_person_id: int) -> tuple[str, str] | None:
    row = session.execute(
        select(YoungPerson.first_name, YoungPerson.last_name).where(
            YoungPerson.id == young_person_id
        )
    ).one_or_none()
    return (row[0], row[1]) if row else None


def id_for_reference(session: Session, reference: str) -> int | None:
    """The record id of a young person's reference (e.g. CB123456), for ``--open``."""
    return session.execute(
        select(YoungPerson.id).where(YoungPerson.reference == reference)
    ).scalar_one_or_none()
