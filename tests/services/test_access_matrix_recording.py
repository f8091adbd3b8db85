"""Who may record what: every RecordingService method, every role, normal / restricted / elsewhere.

Rows follow the access-matrix world (tests/services/test_access_matrix.py): the North social
worker, key person and manager write to North's normal young person but not to the restricted
one (not on its access list) nor to South's; the MACSE chair adds chronology entries for anyone
in the cohort (every team) and nothing else; partner readers and administrators never write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from desktop.data.database import Database
from desktop.data.tables import AuditEntry, YoungPerson
from desktop.domain.commands import (
    AssessmentInput,
    Changes,
    ChronologyEntryInput,
    ContactInput,
    ContactTargetInput,
    EndPlacementInput,
    MissingInput,
    PlacementInput,
    ReturnInterviewInput,
)
from desktop.domain.enums import (
    ChronologyCategory,
    ContactKind,
    ContactWith,
    DatePrecision,
    ItemTiming,
    MissingKind,
)
from desktop.domain.errors import PermissionDenied
from desktop.services.recording import RecordingService
from tests import factories as f
from tests.services.test_access_matrix import ROLES, world  # noqa: F401 - the shared fixture

WHO = ("normal", "restricted", "elsewhere")
OK, DENIED = "ok", "denied"
_TEAM_ONLY = {"normal": OK, "restricted": DENIED, "elsewhere": DENIED}
_NOBODY = dict.fromkeys(WHO, DENIED)

#: Everything but chronology and confirmation: the case workers of the young person's team.
RECORD: dict[str, dict[str, str]] = {
    "sw": _TEAM_ONLY, "kp": _TEAM_ONLY, "mgr": _TEAM_ONLY,
    "chair": _NOBODY, "police": _NOBODY, "admin": _NOBODY,
}  # fmt: skip
#: Chronology entries: the chair too, across the cohort (restricted records still refused).
CHRONOLOGY = {**RECORD, "chair": {"normal": OK, "restricted": DENIED, "elsewhere": OK}}
#: Confirming an assessment: team managers only.
CONFIRM = {**{role: _NOBODY for role in ROLES}, "mgr": _TEAM_ONLY}

WHEN = datetime(2025, 11, 3, 10, 0, tzinfo=UTC)
ON = date(2025, 11, 3)


def attempt(db: Database, call: Callable[[], Changes], young_person_id: int) -> str:
    before = _denials(db)
    try:
        changes = call()
    except PermissionDenied:
        assert _denials(db) == before + 1, "a refusal is audited"
        return DENIED
    assert changes.young_person_ids == {young_person_id}
    return OK


def _denials(db: Database) -> int:
    with db.begin() as s:
        rows = s.execute(select(AuditEntry.action)).scalars().all()
    return sum(1 for a in rows if a == "permission_denied")


def _person(s: Any, young_person_id: int) -> YoungPerson:
    person = s.get(YoungPerson, young_person_id)
    assert person is not None
    return person


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", WHO)
def test_save_chronology_entry(db: Database, world: dict[str, Any], role: str, who: str) -> None:  # noqa: F811
    yp = world["ids"][who]
    cmd = ChronologyEntryInput(
        yp, ON, DatePrecision.EXACT, ChronologyCategory.MEETING, "MACSE", "Chair", "Discussed"
    )
    service = RecordingService(db)
    got = attempt(db, lambda: service.save_chronology_entry(world["actors"][role], cmd), yp)
    assert got == CHRONOLOGY[role][who]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", WHO)
def test_record_and_confirm_assessment(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    who: str,
) -> None:
    yp = world["ids"][who]
    actor, service = world["actors"][role], RecordingService(db)
    with db.begin() as s:
        pending = f.assessment(s, _person(s, yp), ON, "mild", 7, confirmed=False).id
    cmd = AssessmentInput(yp, "seraf", ON, {"m_missing": ItemTiming.RECENT})
    assert attempt(db, lambda: service.record_assessment(actor, cmd), yp) == RECORD[role][who]
    got = attempt(db, lambda: service.confirm_assessment(actor, yp, pending), yp)
    assert got == CONFIRM[role][who]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", WHO)
def test_record_contact_and_target(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    who: str,
) -> None:
    yp = world["ids"][who]
    actor, service = world["actors"][role], RecordingService(db)
    with db.begin() as s:
        version = _person(s, yp).version
    contact = ContactInput(
        yp, WHEN, ContactKind.PHONE, 10, ContactWith.YOUNG_PERSON, summary="Checked in"
    )
    assert attempt(db, lambda: service.record_contact(actor, contact), yp) == RECORD[role][who]
    target = ContactTargetInput(yp, 5, version)
    assert attempt(db, lambda: service.set_contact_target(actor, target), yp) == RECORD[role][who]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", WHO)
def test_start_and_end_placement(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    who: str,
) -> None:
    yp = world["ids"][who]
    actor, service = world["actors"][role], RecordingService(db)
    with db.begin() as s:
        episode = f.episode(s, _person(s, yp), date(2024, 5, 1), rne="S", ls="V2", place="U6").id
    end = EndPlacementInput(yp, episode, 1, ON, "E4A")
    assert attempt(db, lambda: service.end_placement(actor, end), yp) == RECORD[role][who]
    start = PlacementInput(yp, date(2025, 11, 20), "S", "V2", "U4")
    assert attempt(db, lambda: service.start_placement(actor, start), yp) == RECORD[role][who]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", WHO)
def test_save_missing_and_return_interview(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    who: str,
) -> None:
    yp = world["ids"][who]
    actor, service = world["actors"][role], RecordingService(db)
    with db.begin() as s:
        episode = f.missing(s, _person(s, yp), WHEN, hours=10, rhi_done=False).id
    missing = MissingInput(yp, MissingKind.AWAY, datetime(2025, 12, 1, 20, 0, tzinfo=UTC))
    assert attempt(db, lambda: service.save_missing(actor, missing), yp) == RECORD[role][who]
    rhi = ReturnInterviewInput(
        yp, episode, offered_at=datetime(2025, 11, 4, tzinfo=UTC), accepted=True
    )
    got = attempt(db, lambda: service.save_return_interview(actor, rhi), yp)
    assert got == RECORD[role][who]


#: Every public RecordingService method and the test above that pins its access.
COVERED: dict[str, str] = {
    "RecordingService.save_chronology_entry": "test_save_chronology_entry",
    "RecordingService.record_assessment": "test_record_and_confirm_assessment",
    "RecordingService.confirm_assessment": "test_record_and_confirm_assessment",
    "RecordingService.record_contact": "test_record_contact_and_target",
    "RecordingService.set_contact_target": "test_record_contact_and_target",
    "RecordingService.start_placement": "test_start_and_end_placement",
    "RecordingService.end_placement": "test_start_and_end_placement",
    "RecordingService.save_missing": "test_save_missing_and_return_interview",
    "RecordingService.save_return_interview": "test_save_missing_and_return_interview",
}


def test_covered_names_real_tests() -> None:
    import inspect

    public = {
        f"RecordingService.{name}"
        for name, _ in inspect.getmembers(RecordingService, inspect.isfunction)
        if not name.startswith("_")
    }
    assert set(COVERED) == public
    assert all(callable(globals().get(test)) for test in COVERED.values())
