"""The sharing service: real PDFs built once as the sharer could print them, one stored copy per
partner-agency reader, no password, audited sharing and partner views, revoking."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update

from desktop.data.database import Database
from desktop.data.tables import AuditEntry, SharedDocument, User
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import NotFound, RestrictedRecord, ValidationFailed
from desktop.domain.meetings import PackOptions
from desktop.services.audit import AuditViewerService
from desktop.services.sharing import SharingService, share_options
from tests import factories as f
from tests.services.test_access_matrix import INITIALS, NAMES
from tests.services.test_access_matrix_meetings import NOW, world  # noqa: F401 - a fixture


def sharing(db: Database) -> SharingService:
    return SharingService(db, clock=lambda: NOW)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert not reader.is_encrypted
    return "\n".join(page.extract_text() for page in reader.pages)


def _entries(db: Database, username: str, action: AuditAction) -> list[Any]:
    with db.begin() as s:
        return list(
            s.execute(
                select(AuditEntry.object_kind, AuditEntry.young_person_id, AuditEntry.detail).where(
                    AuditEntry.username == username, AuditEntry.action == action.value
                )
            ).all()
        )


def test_share_options_default_to_a_wider_audience_and_never_keep_a_password() -> None:
    assert share_options(None) == PackOptions(wider_audience=True)
    chosen = share_options(PackOptions(wider_audience=False, password="s3cret", marking="OFFICIAL"))
    assert chosen == PackOptions(wider_audience=False, password=None, marking="OFFICIAL")


def test_a_shared_pack_is_built_once_stored_per_reader_and_audited(
    db: Database,
    world: dict[str, Any],  # noqa: F811
) -> None:
    chair, police = world["actors"]["chair"], world["actors"]["police"]
    with db.begin() as s:
        health = f.actor(f.user(s, None, Role.PARTNER_READER, "health"))
    svc = sharing(db)
    options = PackOptions(wider_audience=True, password="never-stored")
    shared = svc.share_pack(chair, world["meeting"], options, [police.user_id, health.user_id])
    # The reader's name with their agency (factory users default to Children's Social Care).
    assert {d.shared_with for d in shared} == {
        "Police (Children's Social Care)",
        "Health (Children's Social Care)",
    }
    assert all(d.title == "MACSE November, 17 Nov 2026" for d in shared)
    assert all(d.pages >= 4 and d.wider_audience and not d.revoked for d in shared)

    data = svc.open_shared(police, shared[0].id)
    assert data == svc.open_shared(health, shared[1].id)  # one build, the same bytes
    text = pdf_text(data)
    assert "OFFICIAL-SENSITIVE" in text
    for key in ("normal", "restricted", "elsewhere"):
        assert NAMES[key] not in text and INITIALS[key] in text  # wider audience: initials
    for dob in ("3 Feb 2011", "5 Apr 2010", "7 Jun 2012", "2011-02-03", "2010-04-05"):
        assert dob not in text  # no date of birth anywhere

    with db.begin() as s:
        rows = s.scalars(select(SharedDocument).order_by(SharedDocument.id)).all()
        assert [r.shared_with_id for r in rows] == [police.user_id, health.user_id]
        stored = json.loads(rows[0].options)
        assert stored == {
            "include_conditional": False,
            "marking": "OFFICIAL-SENSITIVE",
            "wider_audience": True,
        }
        assert set(json.loads(rows[0].young_person_ids)) == set(world["ids"].values())
    exported = _entries(db, chair.username, AuditAction.EXPORT)
    assert {e.object_kind for e in exported} == {"shared_pack"}
    assert {e.young_person_id for e in exported} == set(world["ids"].values())
    detail = json.loads(exported[0].detail)
    assert detail["recipients"] == ["police", "health"]
    assert detail["options"]["password_protected"] is False
    assert all("never-stored" not in e.detail for e in exported)


def test_unticking_wider_audience_shares_what_the_sharer_could_print(
    db: Database,
    world: dict[str, Any],  # noqa: F811
) -> None:
    chair, police = world["actors"]["chair"], world["actors"]["police"]
    svc = sharing(db)
    # the chair is not on the restricted record's access list: no summary without break-glass
    # (tests/security/test_document_access.py), not a summary by initials
    with pytest.raises(RestrictedRecord):
        svc.share_summary(
            chair, world["ids"]["restricted"], PackOptions(wider_audience=False), [police.user_id]
        )
    assert svc.list_shared(police) == []
    [full] = svc.share_summary(
        chair, world["ids"]["normal"], PackOptions(wider_audience=False), [police.user_id]
    )
    assert full.title == f"Case summary: {NAMES['normal']}"


def test_a_partner_view_shows_in_who_viewed_this_young_person(
    db: Database,
    world: dict[str, Any],  # noqa: F811
) -> None:
    chair, police, mgr = (world["actors"][k] for k in ("chair", "police", "mgr"))
    svc = sharing(db)
    [doc] = svc.share_summary(chair, world["ids"]["normal"], None, [police.user_id])
    svc.open_shared(police, doc.id)
    viewed = AuditViewerService(db).who_viewed(mgr, world["ids"]["normal"])
    assert [(r.username, r.object_kind) for r in viewed] == [("police", "shared_summary")]


@pytest.mark.parametrize(
    ("recipients", "message"),
    [([], "at least one"), (["sw"], "only with active"), ([999_999], "only with active")],
)
def test_recipients_must_be_active_partner_readers(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    recipients: list[Any],
    message: str,
) -> None:
    chair = world["actors"]["chair"]
    ids = [world["actors"][r].user_id if isinstance(r, str) else r for r in recipients]
    with pytest.raises(ValidationFailed, match=message) as caught:
        sharing(db).share_pack(chair, world["meeting"], None, ids)
    assert "recipients" in caught.value.fields


def test_a_deactivated_reader_is_not_offered_nor_accepted(
    db: Database,
    world: dict[str, Any],  # noqa: F811
) -> None:
    chair, police = world["actors"]["chair"], world["actors"]["police"]
    with db.begin() as s:
        s.execute(update(User).where(User.id == police.user_id).values(active=False))
    svc = sharing(db)
    assert svc.list_recipients(chair) == []
    with pytest.raises(ValidationFailed):
        svc.share_pack(chair, world["meeting"], None, [police.user_id])
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(SharedDocument)) == 0


def test_revoking_twice_is_audited_once_and_unknown_ids_are_not_found(
    db: Database,
    world: dict[str, Any],  # noqa: F811
) -> None:
    chair, police = world["actors"]["chair"], world["actors"]["police"]
    svc = sharing(db)
    [doc] = svc.share_pack(chair, world["meeting"], None, [police.user_id])
    first, second = svc.revoke(chair, doc.id), svc.revoke(chair, doc.id)
    assert first.revoked and second.revoked_at == first.revoked_at == NOW
    updates = _entries(db, chair.username, AuditAction.UPDATE)
    assert [u.object_kind for u in updates] == ["shared_pack"]
    with pytest.raises(NotFound):
        svc.open_shared(police, 999_999)


def test_a_shared_copy_never_carries_the_chronology_analysis(
    db: Database,
    world: dict[str, Any],  # noqa: F811
) -> None:
    """Partner-agency readers never see the analysis column (issue 3), whatever the options."""
    from datetime import date

    from desktop.data.tables import YoungPerson
    from desktop.reports.pack import build_pack
    from desktop.services.meetings import MeetingService

    chair, police = world["actors"]["chair"], world["actors"]["police"]
    with db.begin() as s:
        yp = s.get(YoungPerson, world["ids"]["normal"])
        assert yp is not None
        f.chronology_entry(
            s,
            yp,
            date(2026, 11, 1),
            description="Seen getting into a car near the retail park",
            analysis="Grooming pattern escalating",
            significant=True,
        )
    options = PackOptions(wider_audience=False)
    own = io.BytesIO()
    build_pack(MeetingService(db, clock=lambda: NOW).summary_document(chair, yp.id, options), own)
    assert "Grooming pattern escalating" in pdf_text(own.getvalue())  # the chair's own print
    svc = sharing(db)
    [doc] = svc.share_summary(chair, yp.id, options, [police.user_id])
    text = pdf_text(svc.open_shared(police, doc.id))
    assert "retail park" in text and "Grooming pattern" not in text
