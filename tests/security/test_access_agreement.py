"""Who may see a young person is decided in two places that must agree on every case.

The caseload lists young people from SQL (desktop/data/repositories/caseload.py: scope and name
level in the query); opening a record, break-glass and the case summary decide in the domain
(desktop/domain/access.py person_access, via services/person.py and services/meetings.py). For
each role x allocation x restriction x team below, the caseload's row (absent, initials, full
name) must be exactly what opening the record gives (refused, break-glass needed, full), and
both must be the rule README.md states: "Social workers and key persons: their team's young
people and any allocated to them; team managers: their team's; MACSE chairs: every team's";
restricted records by initials unless allocated or on the access list; partner-agency readers
and administrators read no case content.
"""

from __future__ import annotations

from typing import Any

import pytest

from desktop.data.database import Database
from desktop.data.tables import User, YoungPersonAccess
from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.enums import Role
from desktop.domain.errors import PermissionDenied, RestrictedRecord
from desktop.domain.meetings import PackOptions
from desktop.services.access import AccessService
from desktop.services.caseload import CaseloadService
from desktop.services.meetings import MeetingService
from desktop.services.person import PersonService
from tests import factories as f

ROLES = {
    "sw": Role.SOCIAL_WORKER,
    "kp": Role.KEY_PERSON,
    "mgr": Role.TEAM_MANAGER,
    "chair": Role.MACSE_CHAIR,
    "police": Role.PARTNER_READER,
    "admin": Role.ADMINISTRATOR,
}
#: Where the young person is, relative to the user ("own team" is North; chairs, partner
#: readers and administrators belong to no team), and how the user is linked to them.
PLACES = (
    "allocated-own-team",  # the user is their social worker (a key person: their key person)
    "allocated-other-team",  # the same, for a young person in another team
    "same-team",  # in the user's team, allocated to a colleague
    "listed-same-team",  # in the user's team, the user on the record's access list
    "other-team",  # in another team, not allocated to the user
    "listed-other-team",  # in another team, the user on its access list only
)
FULL, GLASS, REFUSED = "full", "break-glass", "refused"

#: The rule, cell by cell: (normal record, restricted record) for each role and place.
#: "break-glass": listed by initials, opened only after break-glass.
WORKER = {
    "allocated-own-team": (FULL, FULL),
    "allocated-other-team": (FULL, FULL),
    "same-team": (FULL, GLASS),
    "listed-same-team": (FULL, FULL),
    "other-team": (REFUSED, REFUSED),
    "listed-other-team": (REFUSED, REFUSED),  # the access list lifts initials, not the scope
}
CHAIR = {
    "allocated-own-team": (FULL, FULL),
    "allocated-other-team": (FULL, FULL),
    "same-team": (FULL, GLASS),
    "listed-same-team": (FULL, FULL),
    "other-team": (FULL, GLASS),
    "listed-other-team": (FULL, FULL),
}
NO_CASE_CONTENT = dict.fromkeys(PLACES, (REFUSED, REFUSED))
RULE = {"sw": WORKER, "kp": WORKER, "mgr": WORKER, "chair": CHAIR,
        "police": NO_CASE_CONTENT, "admin": NO_CASE_CONTENT}  # fmt: skip


@pytest.fixture
def grid(db: Database) -> dict[str, Any]:
    """A user per role and, for each, a normal and a restricted young person in each place."""
    with db.begin() as s:
        north, south = f.team(s, "North"), f.team(s, "South")
        colleague = f.user(s, north, Role.SOCIAL_WORKER, "sw.colleague")
        stranger = f.user(s, south, Role.SOCIAL_WORKER, "sw.south")
        actors: dict[str, Actor] = {}
        cells: dict[tuple[str, str, bool], tuple[int, str, str]] = {}
        for key, role in ROLES.items():
            home = (
                north if role in (Role.SOCIAL_WORKER, Role.KEY_PERSON, Role.TEAM_MANAGER) else None
            )
            user = f.user(s, home, role, key)
            actors[key] = f.actor(user)
            for n, place in enumerate(PLACES):
                for restricted in (False, True):
                    team = north if place in ("allocated-own-team", "same-team",
                                              "listed-same-team") else south  # fmt: skip
                    mine = place.startswith("allocated")
                    worker = user if mine and role is not Role.KEY_PERSON else None
                    first, last = f"{key.title()}{n}{'r' if restricted else 'n'}", f"Cell{n}"
                    yp = f.young_person(
                        s,
                        team,
                        first=first,
                        last=last,
                        worker=worker or (colleague if team is north else stranger),
                        key_person=user if mine and role is Role.KEY_PERSON else None,
                        restricted=restricted,
                    )
                    if place.startswith("listed"):
                        s.add(YoungPersonAccess(young_person_id=yp.id, user_id=user.id))
                    cells[(key, place, restricted)] = (yp.id, f"{first} {last}", f"{first[0]}.C.")
    return {"actors": actors, "cells": cells}


def caseload_outcome(rows: dict[int, Any] | None, yp: int, name: str, short: str) -> str:
    row = None if rows is None else rows.get(yp)
    if row is None:
        return REFUSED
    if row.display_name == name:
        assert row.date_of_birth is not None
        return FULL
    assert row.display_name == short and row.date_of_birth is None  # initials, no birth date
    return GLASS


def open_outcome(fn: Any, name: str) -> str:
    try:
        result = fn()
    except RestrictedRecord:
        return GLASS
    except PermissionDenied:
        return REFUSED
    header = result.header if hasattr(result, "header") else result.people[0].workspace.header
    assert header.display_name == name  # the full name, never initials, once it opens
    return FULL


ACCESS_OUTCOME = {Access.FULL: FULL, Access.INITIALS: GLASS, Access.NONE: REFUSED}


@pytest.mark.parametrize("role", ROLES)
def test_caseload_and_opening_agree_on_every_cell(
    db: Database, grid: dict[str, Any], role: str
) -> None:
    actor: Actor = grid["actors"][role]
    mine = {k: v for k, v in grid["cells"].items() if k[0] == role}
    caseload = CaseloadService(db)
    try:
        rows: dict[int, Any] | None = {r.id: r for r in caseload.load(actor)}
        refreshed: dict[int, Any] | None = {
            r.id: r for r in caseload.rows(actor, [yp for yp, _, _ in mine.values()])
        }
    except PermissionDenied:
        rows = refreshed = None
    person, meetings, access = PersonService(db), MeetingService(db), AccessService(db)
    got, want = {}, {}
    for (_, place, restricted), (yp, name, short) in mine.items():
        cell = (place, "restricted" if restricted else "normal")
        want[cell] = RULE[role][place][restricted]
        got[cell] = {
            "caseload": caseload_outcome(rows, yp, name, short),
            "live refresh": caseload_outcome(refreshed, yp, name, short),
            "access": ACCESS_OUTCOME[access.access_to(actor, yp)],
            "open": open_outcome(lambda yp=yp: person.open(actor, yp), name),
            "summary": open_outcome(
                lambda yp=yp: meetings.summary_document(actor, yp, PackOptions()), name
            ),
        }
    disagree = {cell: how for cell, how in got.items() if set(how.values()) != {want[cell]}}
    assert not disagree, f"{role}: expected {want}, disagreeing cells {disagree}"


@pytest.mark.parametrize("role", ["sw", "kp", "mgr", "chair"])
def test_break_glass_opens_exactly_the_initials_cells(
    db: Database, grid: dict[str, Any], role: str
) -> None:
    """After break-glass a cell shown by initials lists and opens in full; nothing else moves."""
    actor: Actor = grid["actors"][role]
    service = AccessService(db)
    for (who, place, restricted), (yp, name, _) in grid["cells"].items():
        if who != role or RULE[role][place][restricted] != GLASS:
            continue
        grant = service.break_glass(actor, yp, "Urgent: police report she is missing tonight")
        listed = {r.id: r.display_name for r in CaseloadService(db).load(grant)}
        assert listed[yp] == name
        assert PersonService(db).open(grant, yp).header.display_name == name


def test_the_users_are_who_the_grid_says(db: Database, grid: dict[str, Any]) -> None:
    with db.begin() as s:
        roles = {u.username: u.role for u in s.query(User).all()}
    assert {k: roles[k] for k in ROLES} == {k: r.value for k, r in ROLES.items()}
