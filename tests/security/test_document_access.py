"""Documents and exports of one young person obey the rules of opening their record.

A case summary (saved, printed or shared with a partner agency) and a chronology export are the
record on paper: in full to whoever may open the record in full (allocated, on the access list,
or in scope for an unrestricted record), after audited break-glass for a restricted record they
would otherwise see by initials, and never "by initials" with the whole case content inside.
A meeting pack keeps its own rule: restricted young people by initials to those not on the
access list, whatever was broken into on screen.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.data.database import Database
from desktop.data.tables import AuditEntry, SharedDocument, User
from desktop.domain.enums import AuditAction
from desktop.domain.meetings import PackDocument, PackOptions
from desktop.services.access import AccessService
from desktop.services.actor import Actor
from desktop.services.errors import PermissionDenied, RestrictedRecord
from desktop.services.meetings import MeetingService
from desktop.services.person import PersonService
from desktop.services.sharing import SharingService
from tests import factories as f
from tests.services.test_access_matrix import INITIALS, NAMES
from tests.services.test_access_matrix_meetings import NOW, world  # noqa: F401 - a fixture

REASON = "Police called at 02:00: she is missing with an adult"
#: Roles that see the restricted young person by initials only (not allocated, not listed).
BY_INITIALS = ("sw", "kp", "mgr", "chair")


@pytest.fixture(autouse=True)
def fake_builder(monkeypatch: pytest.MonkeyPatch) -> list[PackDocument]:
    """desktop.reports.pack stood in for: records each document and writes a tiny PDF."""
    built: list[PackDocument] = []

    def build_pack(doc: PackDocument, out: Any, progress: Any = None, cancelled: Any = None):  # type: ignore[no-untyped-def]
        built.append(doc)
        data = b"%PDF-1.4 fake\n"
        if isinstance(out, (str, Path)):
            Path(out).write_bytes(data)
        else:
            out.write(data)
        return types.SimpleNamespace(pages=len(doc.people) + 1, bytes=len(data))

    module = types.ModuleType("desktop.reports.pack")
    module.build_pack = build_pack  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.reports.pack", module)
    return built


def meetings(db: Database) -> MeetingService:
    return MeetingService(db, clock=lambda: NOW)


def entries(db: Database, actor: Actor) -> list[tuple[str, int | None, str]]:
    with db.begin() as s:
        rows = s.execute(
            select(AuditEntry.action, AuditEntry.young_person_id, AuditEntry.detail)
            .where(AuditEntry.username == actor.username)
            .order_by(AuditEntry.id)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def allocated_worker(db: Database) -> Actor:
    """The restricted young person's own social worker, in the other team."""
    with db.begin() as s:
        user = s.execute(select(User).where(User.username == "sw.south")).scalar_one()
        return f.actor(user)


@pytest.mark.parametrize("role", BY_INITIALS)
def test_a_summary_of_a_restricted_record_needs_break_glass(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    tmp_path: Path,
) -> None:
    actor, yp = world["actors"][role], world["ids"]["restricted"]
    out = tmp_path / "summary.pdf"
    with pytest.raises(RestrictedRecord, match="break-glass"):
        meetings(db).summary_document(actor, yp, PackOptions())
    with pytest.raises(RestrictedRecord, match="break-glass"):
        meetings(db).write_summary(actor, yp, PackOptions(), out)
    assert not out.exists()
    log = entries(db, actor)
    assert [a for a, _, _ in log] == [AuditAction.PERMISSION_DENIED.value] * 2
    assert {y for _, y, _ in log} == {yp}
    assert all(json.loads(d)["surface"] == "case summary" for _, _, d in log)


@pytest.mark.parametrize("role", BY_INITIALS)
def test_after_break_glass_the_summary_is_the_whole_record(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    tmp_path: Path,
) -> None:
    """The break-glass made when the record was opened is not dropped on the way to print."""
    actor, yp = world["actors"][role], world["ids"]["restricted"]
    grant = AccessService(db).break_glass(actor, yp, REASON)
    doc = meetings(db).summary_document(grant, yp, PackOptions())
    header = doc.people[0].workspace.header
    assert header.display_name == NAMES["restricted"] and header.date_of_birth is not None
    assert {a.subject for a in doc.people[0].actions} == {NAMES["restricted"]}
    assert meetings(db).write_summary(grant, yp, PackOptions(), tmp_path / "s.pdf") == 2
    actions = [a for a, y, _ in entries(db, actor) if y == yp]
    assert actions == [AuditAction.BREAK_GLASS.value, AuditAction.EXPORT.value]


def test_the_allocated_worker_prints_the_full_record_without_break_glass(
    db: Database,
    world: dict[str, Any],  # noqa: F811
) -> None:
    worker, yp = allocated_worker(db), world["ids"]["restricted"]
    doc = meetings(db).summary_document(worker, yp, PackOptions())
    assert doc.people[0].workspace.header.display_name == NAMES["restricted"]
    assert {a.subject for a in doc.people[0].actions} == {NAMES["restricted"]}


def test_a_meeting_pack_keeps_restricted_young_people_by_initials(
    db: Database,
    world: dict[str, Any],  # noqa: F811
) -> None:
    """The pack rule is unchanged: break-glass on screen does not reach a cohort document."""
    chair = AccessService(db).break_glass(
        world["actors"]["chair"], world["ids"]["restricted"], REASON
    )
    doc = meetings(db).pack_document(chair, world["meeting"], PackOptions())
    names = {p.workspace.header.display_name for p in doc.people}
    assert INITIALS["restricted"] in names and NAMES["restricted"] not in names


def shared_count(db: Database) -> int:
    with db.begin() as s:
        return int(s.execute(select(func.count(SharedDocument.id))).scalar_one())


@pytest.mark.parametrize("role", ["mgr", "chair"])
def test_sharing_a_restricted_summary_with_police_needs_break_glass(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    fake_builder: list[PackDocument],
) -> None:
    actor, yp = world["actors"][role], world["ids"]["restricted"]
    police = world["actors"]["police"].user_id
    sharing = SharingService(db, clock=lambda: NOW)
    named = PackOptions(wider_audience=False)
    with pytest.raises(RestrictedRecord, match="break-glass"):
        sharing.share_summary(actor, yp, named, [police])
    assert shared_count(db) == 0 and fake_builder == []
    grant = AccessService(db).break_glass(actor, yp, REASON)
    shared = sharing.share_summary(grant, yp, named, [police])
    assert [d.kind for d in shared] == ["summary"] and shared_count(db) == 1
    assert fake_builder[-1].people[0].workspace.header.display_name == NAMES["restricted"]


@pytest.mark.parametrize("role", BY_INITIALS)
def test_a_chronology_export_needs_break_glass(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    tmp_path: Path,
) -> None:
    actor, yp = world["actors"][role], world["ids"]["restricted"]
    out = tmp_path / "chronology.csv"
    with pytest.raises(RestrictedRecord):
        PersonService(db).export_chronology_csv(actor, yp, out)
    assert not out.exists()
    grant = AccessService(db).break_glass(actor, yp, REASON)
    PersonService(db).export_chronology_csv(grant, yp, out)
    assert out.exists()


@pytest.mark.parametrize("role", ["police", "admin"])
def test_no_break_glass_for_roles_that_read_no_case_content(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
) -> None:
    actor, yp = world["actors"][role], world["ids"]["restricted"]
    with pytest.raises(PermissionDenied):
        AccessService(db).break_glass(actor, yp, REASON)
    with pytest.raises(PermissionDenied):
        meetings(db).summary_document(actor, yp, PackOptions())
