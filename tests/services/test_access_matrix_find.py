"""Finding a young person by record id or reference (`caseboard --open`): every role, every record.

A record the user may not see is NotFound with the very message of one that does not exist.
Collected by test_every_service_surface_is_in_the_matrix through COVERED below.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.data.database import Database
from desktop.data.tables import AuditEntry
from desktop.domain.access import Access
from desktop.domain.enums import Role
from desktop.domain.errors import NotFound, PermissionDenied
from desktop.services.access import AccessService
from tests import factories as f

ROLES = ("sw", "kp", "mgr", "chair", "police", "admin")
WHO = ("normal", "restricted", "elsewhere")
HIDDEN, NO_RECORDS = "hidden", "no records"

#: What looking each young person up gives each role: their Access, HIDDEN (NotFound, as if
#: there were no such record) or NO_RECORDS (the role opens no records at all).
FIND: dict[str, Any] = {
    "sw": {"normal": Access.FULL, "restricted": Access.INITIALS, "elsewhere": HIDDEN},
    "kp": {"normal": Access.FULL, "restricted": Access.INITIALS, "elsewhere": HIDDEN},
    "mgr": {"normal": Access.FULL, "restricted": Access.INITIALS, "elsewhere": HIDDEN},
    "chair": {"normal": Access.FULL, "restricted": Access.INITIALS, "elsewhere": Access.FULL},
    "police": NO_RECORDS,
    "admin": NO_RECORDS,
}


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
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
        actors = {k: f.actor(u) for k, u in people.items()}
        records = {k: (yp.id, yp.reference) for k, yp in yps.items()}
    return {"actors": actors, "records": records}


def audit_count(db: Database) -> int:
    with db.begin() as s:
        return int(s.execute(select(func.count(AuditEntry.id))).scalar_one())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("by", ["reference", "id"])
def test_find_record(db: Database, world: dict[str, Any], role: str, who: str, by: str) -> None:
    actor = world["actors"][role]
    record_id, ref = world["records"][who]
    text = ref.lower() if by == "reference" else str(record_id)
    service = AccessService(db)
    expected = FIND[role] if FIND[role] == NO_RECORDS else FIND[role][who]
    if expected == NO_RECORDS:
        with pytest.raises(PermissionDenied, match="do not open young people's records"):
            service.find_record(actor, text)
        return
    if expected == HIDDEN:
        unknown = "CB000000" if by == "reference" else str(record_id + 1000)
        before = audit_count(db)
        with pytest.raises(NotFound) as hidden:
            service.find_record(actor, text)
        assert audit_count(db) == before + 1  # the refusal is audited
        with pytest.raises(NotFound) as missing:
            service.find_record(actor, unknown)
        assert str(hidden.value) == str(missing.value).replace(unknown, text)
        return
    assert service.find_record(actor, text) == (record_id, expected)


def test_a_number_beyond_64_bits_is_simply_not_found(db: Database, world: dict[str, Any]) -> None:
    with pytest.raises(NotFound, match="No young person has the record id"):
        AccessService(db).find_record(world["actors"]["chair"], str(2**64))


#: The AccessService surface this file pins.
COVERED: dict[str, str] = {
    "AccessService.find_record": "test_find_record",
}
