"""Who may share packs and summaries with partner-agency readers, and who may list, open, save,
print and revoke a shared copy, for every role (the sharing area of the access matrix)."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from sqlalchemy import select

from desktop.data.database import Database
from desktop.data.tables import AuditEntry
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import ValidationFailed
from desktop.domain.meetings import PackDocument, PackOptions
from desktop.services.sharing import SharingService
from tests import factories as f
from tests.services.test_access_matrix import DENIED, ROLES, outcome
from tests.services.test_access_matrix_meetings import NOW, world  # noqa: F401 - a fixture

FAKE_PDF = b"%PDF-1.4 fake shared pack\n"


def sharing(db: Database) -> SharingService:
    return SharingService(db, clock=lambda: NOW)


@pytest.fixture(autouse=True)
def fake_builder(monkeypatch: pytest.MonkeyPatch) -> list[PackDocument]:
    """desktop.reports.pack stood in for: records each document and writes a tiny PDF."""
    built: list[PackDocument] = []

    def build_pack(doc: PackDocument, out: BinaryIO, progress: Any = None, cancelled: Any = None):  # type: ignore[no-untyped-def]
        built.append(doc)
        out.write(FAKE_PDF)
        return types.SimpleNamespace(pages=len(doc.people) + 1, bytes=len(FAKE_PDF))

    module = types.ModuleType("desktop.reports.pack")
    module.build_pack = build_pack  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.reports.pack", module)
    return built


#: Who shares (and lists recipients, and revokes what they shared).
SHARERS = {"mgr", "chair"}


@pytest.mark.parametrize("role", ROLES)
def test_list_recipients(db: Database, world: dict[str, Any], role: str) -> None:  # noqa: F811
    got = outcome(lambda: sharing(db).list_recipients(world["actors"][role]))
    if role not in SHARERS:
        assert got == DENIED
        return
    assert [r.username for r in got] == ["police"]


@pytest.mark.parametrize("role", ROLES)
def test_share_pack_and_summary(db: Database, world: dict[str, Any], role: str) -> None:  # noqa: F811
    svc, actor = sharing(db), world["actors"][role]
    police = world["actors"]["police"].user_id
    pack = outcome(lambda: svc.share_pack(actor, world["meeting"], None, [police]))
    summary = outcome(
        lambda: svc.share_summary(actor, world["ids"]["normal"], PackOptions(), [police])
    )
    if role not in SHARERS:
        assert pack == summary == DENIED
        return
    assert [d.kind for d in pack] == ["pack"] and [d.kind for d in summary] == ["summary"]
    assert pack[0].wider_audience and not summary[0].wider_audience  # unticked on purpose
    # only active partner-agency readers receive copies
    worker = world["actors"]["sw"].user_id
    with pytest.raises(ValidationFailed, match="partner-agency readers"):
        svc.share_pack(actor, world["meeting"], None, [police, worker])


def _shared_with_police(db: Database, world: dict[str, Any]) -> int:  # noqa: F811
    chair, police = world["actors"]["chair"], world["actors"]["police"]
    return sharing(db).share_pack(chair, world["meeting"], None, [police.user_id])[0].id


#: What list_shared gives each role once the chair has shared one pack with police.
LISTED = {"sw": DENIED, "kp": DENIED, "mgr": 0, "chair": 1, "police": 1, "admin": DENIED}
#: Who may open, save and print that copy: its recipient and its sharer.
OPENS = {"police", "chair"}


@pytest.mark.parametrize("role", ROLES)
def test_list_open_save_and_print_shared(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    role: str,
    tmp_path: Path,
) -> None:
    doc_id = _shared_with_police(db, world)
    svc, actor = sharing(db), world["actors"][role]
    listed = outcome(lambda: svc.list_shared(actor))
    opened = outcome(lambda: svc.open_shared(actor, doc_id))
    pages = outcome(lambda: svc.open_pages(actor, doc_id, tmp_path, render=False))
    out = tmp_path / "copy.pdf"
    saved = outcome(lambda: svc.save_copy(actor, doc_id, out))
    printed = outcome(lambda: svc.record_print(actor, doc_id, file_name="Printer", pages=4))
    want = LISTED[role]
    assert listed == DENIED if want == DENIED else len(listed) == want
    if role not in OPENS:
        assert opened == saved == printed == pages == DENIED and not out.exists()
        return
    assert opened == FAKE_PDF and out.read_bytes() == FAKE_PDF and saved == 4
    assert pages.pdf.read_bytes() == FAKE_PDF and (pages.pdf.stat().st_mode & 0o777) == 0o600
    assert (out.stat().st_mode & 0o777) == 0o600
    with db.begin() as s:
        actions = s.scalars(
            select(AuditEntry.action).where(
                AuditEntry.username == actor.username, AuditEntry.object_kind == "shared_pack"
            )
        ).all()
    # one entry per young person the sharer could print (chair: all three)
    assert actions.count(AuditAction.VIEW.value) == 6  # opened, and opened for its pages
    assert actions.count(AuditAction.PRINT.value) == 3


def test_another_partner_reader_cannot_open_it(db: Database, world: dict[str, Any]) -> None:  # noqa: F811
    doc_id = _shared_with_police(db, world)
    with db.begin() as s:
        other = f.actor(f.user(s, None, Role.PARTNER_READER, "health"))
    svc = sharing(db)
    assert svc.list_shared(other) == []
    assert outcome(lambda: svc.open_shared(other, doc_id)) == DENIED


@pytest.mark.parametrize("role", ROLES)
def test_revoke(db: Database, world: dict[str, Any], role: str) -> None:  # noqa: F811
    doc_id = _shared_with_police(db, world)
    svc, actor, police = sharing(db), world["actors"][role], world["actors"]["police"]
    revoked = outcome(lambda: svc.revoke(actor, doc_id))
    if role != "chair":  # the sharer only
        assert revoked == DENIED
        assert [d.id for d in svc.list_shared(police)] == [doc_id]
        return
    assert revoked.revoked
    assert svc.list_shared(police) == []
    assert outcome(lambda: svc.open_shared(police, doc_id)) == DENIED
    assert svc.list_shared(actor)[0].revoked  # the sharer still sees it, marked revoked


#: Every public SharingService method, with the test above that pins its access.
COVERED: dict[str, str] = {
    "SharingService.list_recipients": "test_list_recipients",
    "SharingService.share_pack": "test_share_pack_and_summary",
    "SharingService.share_summary": "test_share_pack_and_summary",
    "SharingService.list_shared": "test_list_open_save_and_print_shared",
    "SharingService.open_shared": "test_list_open_save_and_print_shared",
    "SharingService.open_pages": "test_list_open_save_and_print_shared",
    "SharingService.save_copy": "test_list_open_save_and_print_shared",
    "SharingService.record_print": "test_list_open_save_and_print_shared",
    "SharingService.revoke": "test_revoke",
}


def test_every_covering_test_exists() -> None:
    module = sys.modules[__name__]
    for surface, test in COVERED.items():
        assert callable(getattr(module, test, None)), (surface, test)
