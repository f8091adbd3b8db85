"""Who may open a young person's workspace and export its chronology: every role, every record.

Collected by test_every_service_surface_is_in_the_matrix through COVERED below.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.data.database import Database
from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.enums import Role
from desktop.domain.errors import PermissionDenied, RestrictedRecord
from desktop.domain.workspace import PersonWorkspace
from desktop.services.access import AccessService
from desktop.services.person import PersonService
from tests import factories as f

ROLES = ("sw", "kp", "mgr", "chair", "police", "admin")
WHO = ("normal", "restricted", "elsewhere")
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
FULL, RESTRICTED, DENIED = "full", "restricted", "denied"

NAMES = {"normal": "Nia Open", "restricted": "Rae Hidden", "elsewhere": "Sol Away"}
INITIALS = {"normal": "N.O.", "restricted": "R.H.", "elsewhere": "S.A."}

#: What opening each young person gives each role: the full workspace, RestrictedRecord
#: (initials only: break-glass first) or PermissionDenied (not theirs at all).
OPEN: dict[str, dict[str, str]] = {
    "sw": {"normal": FULL, "restricted": RESTRICTED, "elsewhere": DENIED},
    "kp": {"normal": FULL, "restricted": RESTRICTED, "elsewhere": DENIED},
    "mgr": {"normal": FULL, "restricted": RESTRICTED, "elsewhere": DENIED},
    "chair": {"normal": FULL, "restricted": RESTRICTED, "elsewhere": FULL},
    "police": {"normal": DENIED, "restricted": DENIED, "elsewhere": DENIED},
    "admin": {"normal": DENIED, "restricted": DENIED, "elsewhere": DENIED},
}


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    """North: worker, key person, manager, a normal and a restricted young person; South: one.
    All three share a context, and each has a significant chronology entry."""
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
        yps = {
            "normal": f.young_person(s, north, first="Nia", last="Open", worker=people["sw"]),
            "restricted": f.young_person(
                s, north, first="Rae", last="Hidden", worker=south_worker, restricted=True
            ),
            "elsewhere": f.young_person(s, south, first="Sol", last="Away", worker=south_worker),
        }
        spot = f.context(s, "Park")
        for yp in yps.values():
            f.context_link(s, spot, yp)
            f.chronology_entry(s, yp, date(2026, 10, 1), significant=True)
        actors = {k: f.actor(u) for k, u in people.items()}
        ids = {k: yp.id for k, yp in yps.items()}
    return {"actors": actors, "ids": ids}


def outcome(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except RestrictedRecord:
        return RESTRICTED
    except PermissionDenied:
        return DENIED


def service(db: Database) -> PersonService:
    return PersonService(db, clock=lambda: NOW)


def assert_full(ws: Any, who: str, ids: dict[str, int]) -> None:
    assert isinstance(ws, PersonWorkspace) and ws.access is Access.FULL
    assert ws.header.id == ids[who] and ws.header.display_name == NAMES[who]
    assert ws.header.date_of_birth is not None
    assert len(ws.chronology) == 1


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", WHO)
def test_open_workspace(db: Database, world: dict[str, Any], role: str, who: str) -> None:
    actor, ids = world["actors"][role], world["ids"]
    result = outcome(lambda: service(db).open(actor, ids[who]))
    expected = OPEN[role][who]
    if expected != FULL:
        assert result == expected
        return
    assert_full(result, who, ids)
    # other young people in a shared context: the restricted one only by initials
    names = {o.young_person_id: o.display_name for o in result.contexts[0].others}
    assert names == {
        ids[k]: INITIALS[k] if k == "restricted" else NAMES[k] for k in WHO if k != who
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", WHO)
def test_break_glass_opens_in_full(
    db: Database, world: dict[str, Any], role: str, who: str
) -> None:
    """Only a record refused as restricted can be broken into; then it opens in full and
    names it by name in the others' contexts. A grant forged for a record out of scope
    still opens nothing."""
    actor, ids = world["actors"][role], world["ids"]
    glass: Actor = actor.with_break_glass(ids[who])  # even forged, scope still applies
    if OPEN[role][who] == DENIED:
        assert outcome(lambda: service(db).open(glass, ids[who])) == DENIED
        assert (
            outcome(lambda: AccessService(db).break_glass(actor, ids[who], "Urgent, at night"))
            == DENIED
        )
        return
    granted = AccessService(db).break_glass(actor, ids[who], "Police call about a missing child")
    ws = service(db).open(granted, ids[who])
    assert_full(ws, who, ids)
    if who == "restricted":
        other = world["ids"]["normal"]
        (spot,) = service(db).open(granted, other).contexts
        assert NAMES["restricted"] in {o.display_name for o in spot.others}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", WHO)
def test_chronology_csv_export(
    db: Database, world: dict[str, Any], role: str, who: str, tmp_path: Path
) -> None:
    actor, ids = world["actors"][role], world["ids"]
    out = tmp_path / "chronology.csv"
    result = outcome(lambda: service(db).export_chronology_csv(actor, ids[who], out))
    expected = OPEN[role][who]
    if expected != FULL:
        assert result == expected and not out.exists()
        granted = outcome(
            lambda: AccessService(db).break_glass(actor, ids[who], "Court order served tonight")
        )
        if expected == RESTRICTED:  # break-glass then exports
            assert service(db).export_chronology_csv(granted, ids[who], out) == 1
            assert out.exists()
        return
    assert result == 1
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 2 and rows[1][6] == "Police attended the placement"


#: The PersonService surfaces and the tests above that pin their access.
COVERED: dict[str, str] = {
    "PersonService.open": "test_open_workspace, test_break_glass_opens_in_full",
    "PersonService.export_chronology_csv": "test_chronology_csv_export",
}
