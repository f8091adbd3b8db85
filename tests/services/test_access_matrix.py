"""Who may see what, for every role and every service surface, normal and restricted records.

The matrix is the specification. `test_every_service_surface_is_in_the_matrix` fails when a
service gains a public method that no row here covers, so a new surface cannot forget its check.
"""

from __future__ import annotations

import csv
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop.data.database import Database
from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.enums import Role
from desktop.domain.errors import PermissionDenied
from desktop.services import access as access_mod
from desktop.services import admin as admin_mod
from desktop.services import audit as audit_mod
from desktop.services import caseload as caseload_mod
from desktop.services.access import AccessService
from desktop.services.admin import UserAdminService
from desktop.services.audit import AuditViewerService
from desktop.services.caseload import CaseloadService
from tests import factories as f

ROLES = ("sw", "kp", "mgr", "chair", "police", "admin")
DENIED = "denied"


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    """North: worker, key person, manager, a normal and a restricted young person; South: one."""
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
        normal = f.young_person(s, north, first="Nia", last="Open", worker=people["sw"])
        restricted = f.young_person(
            s, north, first="Rae", last="Hidden", worker=south_worker, restricted=True
        )
        elsewhere = f.young_person(s, south, first="Sol", last="Away", worker=south_worker)
        actors = {k: f.actor(u) for k, u in people.items()}
        ids = {"normal": normal.id, "restricted": restricted.id, "elsewhere": elsewhere.id}
    return {"actors": actors, "ids": ids}


NAMES = {"normal": "Nia Open", "restricted": "Rae Hidden", "elsewhere": "Sol Away"}
INITIALS = {"normal": "N.O.", "restricted": "R.H.", "elsewhere": "S.A."}

#: What each role sees of each young person in the caseload and its CSV:
#: "full" name, "initials", None (not listed), or the whole surface DENIED.
CASELOAD: dict[str, Any] = {
    "sw": {"normal": "full", "restricted": "initials", "elsewhere": None},
    "kp": {"normal": "full", "restricted": "initials", "elsewhere": None},
    "mgr": {"normal": "full", "restricted": "initials", "elsewhere": None},
    "chair": {"normal": "full", "restricted": "initials", "elsewhere": "full"},
    "police": DENIED,
    "admin": DENIED,
}


def expected_names(role: str) -> set[str] | str:
    rule = CASELOAD[role]
    if rule == DENIED:
        return DENIED
    return {
        NAMES[k] if how == "full" else INITIALS[k] for k, how in rule.items() if how is not None
    }


def outcome(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except PermissionDenied:
        return DENIED


@pytest.mark.parametrize("role", ROLES)
def test_caseload_and_search(db: Database, world: dict[str, Any], role: str) -> None:
    """Search filters the loaded rows, so what the caseload lists is what search can find."""
    rows = outcome(lambda: CaseloadService(db).load(world["actors"][role]))
    got = rows if rows == DENIED else {r.display_name for r in rows}
    assert got == expected_names(role)
    if rows != DENIED:
        restricted = [r for r in rows if r.restricted]
        assert all(r.date_of_birth is None for r in restricted)  # no DOB with initials


@pytest.mark.parametrize("role", ROLES)
def test_caseload_rows_for_a_live_refresh(db: Database, world: dict[str, Any], role: str) -> None:
    """rows() of every young person (as a live refresh asks) lists what load() lists, no more."""
    service, actor = CaseloadService(db), world["actors"][role]
    rows = outcome(lambda: service.rows(actor, set(world["ids"].values())))
    got = rows if rows == DENIED else {r.display_name for r in rows}
    assert got == expected_names(role)
    if rows != DENIED:
        assert rows == [r for r in service.load(actor) if r.id in {x.id for x in rows}]
        assert all(r.date_of_birth is None for r in rows if r.restricted)
        assert service.rows(actor, []) == []


@pytest.mark.parametrize("role", ROLES)
def test_caseload_csv_export(
    db: Database, world: dict[str, Any], role: str, tmp_path: Path
) -> None:
    out = tmp_path / "c.csv"
    result = outcome(lambda: CaseloadService(db).export_csv(world["actors"][role], out))
    if result == DENIED:
        assert expected_names(role) == DENIED and not out.exists()
        return
    with out.open(encoding="utf-8-sig") as fh:
        names = {row[0] for row in list(csv.reader(fh))[1:]}
    assert names == expected_names(role)


#: access_to for each role and young person (what opening the record would give).
ACCESS = {
    "sw": {"normal": Access.FULL, "restricted": Access.INITIALS, "elsewhere": Access.NONE},
    "kp": {"normal": Access.FULL, "restricted": Access.INITIALS, "elsewhere": Access.NONE},
    "mgr": {"normal": Access.FULL, "restricted": Access.INITIALS, "elsewhere": Access.NONE},
    "chair": {"normal": Access.FULL, "restricted": Access.INITIALS, "elsewhere": Access.FULL},
    "police": {"normal": Access.NONE, "restricted": Access.NONE, "elsewhere": Access.NONE},
    "admin": {"normal": Access.NONE, "restricted": Access.NONE, "elsewhere": Access.NONE},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", ["normal", "restricted", "elsewhere"])
def test_opening_a_record(db: Database, world: dict[str, Any], role: str, who: str) -> None:
    access = AccessService(db).access_to(world["actors"][role], world["ids"][who])
    assert access is ACCESS[role][who]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", ["normal", "restricted", "elsewhere"])
def test_break_glass(db: Database, world: dict[str, Any], role: str, who: str) -> None:
    """Only a record shown as initials can be broken into; out of scope stays refused."""
    service, actor = AccessService(db), world["actors"][role]
    yp = world["ids"][who]
    result = outcome(lambda: service.break_glass(actor, yp, "Police request at 02:00 re: missing"))
    if ACCESS[role][who] is Access.NONE:
        assert result == DENIED
    elif ACCESS[role][who] is Access.INITIALS:
        assert yp in result.break_glass
        assert service.access_to(result, yp) is Access.FULL
        names = {r.display_name for r in CaseloadService(db).load(result)}
        assert NAMES[who] in names  # the session now sees the name
        assert service.access_to(actor, yp) is Access.INITIALS  # the old session does not
    else:
        assert result == actor  # nothing to break


#: Audit viewer: managers see their team's, administrators everything, others nothing.
AUDIT = {"sw": DENIED, "kp": DENIED, "mgr": "team", "chair": DENIED, "police": DENIED,
         "admin": "all"}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_audit_viewer_search_who_viewed_and_export(
    db: Database, world: dict[str, Any], role: str, tmp_path: Path
) -> None:
    actors, ids = world["actors"], world["ids"]
    grant = AccessService(db).break_glass(actors["sw"], ids["restricted"], "Urgent call at night")
    assert grant.break_glass
    viewer = AuditViewerService(db)
    actor = actors[role]
    rows = outcome(lambda: viewer.search(actor))
    viewed = outcome(lambda: viewer.who_viewed(actor, ids["normal"]))
    exported = outcome(lambda: viewer.export_csv(actor, tmp_path / "a.csv"))
    if AUDIT[role] == DENIED:
        assert rows == viewed == exported == DENIED
        return
    assert isinstance(viewed, list) and isinstance(exported, int)
    glass = [r for r in rows if r.action.value == "break_glass"]
    assert len(glass) == 1
    assert glass[0].young_person.startswith("R.H.")  # restricted: initials even here


@pytest.mark.parametrize("role", ROLES)
def test_user_administration(db: Database, world: dict[str, Any], role: str) -> None:
    admin = UserAdminService(db)
    actor = world["actors"][role]
    listed = outcome(lambda: admin.list_users(actor))
    teams = outcome(lambda: admin.list_teams(actor))
    added = outcome(
        lambda: admin.add_user(
            actor,
            username=f"new.{role}",
            display_name="New Person",
            role=Role.SOCIAL_WORKER,
            team_id=None,
            password="a-long-enough-password",
        )
    )
    target = world["actors"]["kp"]
    updated = outcome(
        lambda: admin.update_user(actor, target.user_id, expected_version=1, display_name="KP 2")
    )
    if role == "admin":
        assert listed != DENIED and teams != DENIED
        assert added.username == "new.admin" and updated.display_name == "KP 2"
    else:
        assert listed == teams == added == updated == DENIED


#: Every public method of every service class, with the test above that pins its access.
#: Methods that read no case content are listed with the reason they need no role check.
COVERED: dict[str, str] = {
    "CaseloadService.load": "test_caseload_and_search",
    "CaseloadService.export_csv": "test_caseload_csv_export",
    "CaseloadService.rows": "test_caseload_rows_for_a_live_refresh",
    "AccessService.access_to": "test_opening_a_record",
    "AccessService.break_glass": "test_break_glass",
    "AuditViewerService.search": "test_audit_viewer_search_who_viewed_and_export",
    "AuditViewerService.who_viewed": "test_audit_viewer_search_who_viewed_and_export",
    "AuditViewerService.export_csv": "test_audit_viewer_search_who_viewed_and_export",
    "UserAdminService.list_users": "test_user_administration",
    "UserAdminService.list_teams": "test_user_administration",
    "UserAdminService.add_user": "test_user_administration",
    "UserAdminService.update_user": "test_user_administration",
    "AuditService.verify": "no case content: counts and entry ids only",
    "AuthService.policy": "no case content: the security settings",
    "AuthService.sign_in": "signs in; tested in test_auth",
    "AuthService.sign_in_os": "signs in; tested in test_auth",
    "AuthService.unlock": "signs in; tested in test_auth",
    "AuthService.set_own_password": "the actor's own account; tested in test_auth",
}


def all_covered() -> set[str]:
    """COVERED rows of this module and of every other tests/services/test_access_matrix_*.py
    (one per feature area, so each area pins its own surfaces)."""
    import importlib

    names = set(COVERED)
    for path in sorted(Path(__file__).parent.glob("test_access_matrix_*.py")):
        module = importlib.import_module(f"tests.services.{path.stem}")
        names |= set(module.COVERED)
    return names


def test_every_service_surface_is_in_the_matrix() -> None:
    import desktop.services as services_pkg

    found = set()
    for module_info in __import__("pkgutil").iter_modules(services_pkg.__path__):
        module = __import__(f"desktop.services.{module_info.name}", fromlist=["_"])
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if not cls_name.endswith("Service") or cls.__module__ != module.__name__:
                continue
            for name, _ in inspect.getmembers(cls, inspect.isfunction):
                if not name.startswith("_"):
                    found.add(f"{cls_name}.{name}")
    missing = sorted(found - all_covered())
    assert not missing, f"service surfaces with no access-matrix row: {missing}"
    assert {m.__name__ for m in (access_mod, admin_mod, audit_mod, caseload_mod)}


def test_a_police_reader_sees_nothing_through_any_surface(
    db: Database, world: dict[str, Any], tmp_path: Path
) -> None:
    police: Actor = world["actors"]["police"]
    for call in (
        lambda: CaseloadService(db).load(police),
        lambda: CaseloadService(db).export_csv(police, tmp_path / "x.csv"),
        lambda: AuditViewerService(db).search(police),
        lambda: UserAdminService(db).list_users(police),
    ):
        assert outcome(call) == DENIED
