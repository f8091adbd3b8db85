"""Sharing packs and case summaries with partner-agency readers (police, health, education).

Who may do what (checked here, for the app and the command line alike):

* MACSE chairs and team managers share a meeting pack or a young person's case summary with
  active partner-agency readers, list what they shared, open it and revoke it.
* The PDF is built once, when shared, from exactly what the sharing user could print
  (PackService.pack_document / summary_document, as them): a wider-audience document unless
  they untick it, never password-protected, and never with the chronology's analysis column
  (partner-agency readers do not see it). Each recipient gets their own stored copy.
* A partner-agency reader lists, opens, saves and prints only the copies shared with them and
  not revoked. Nobody else opens a copy: not other readers, workers or administrators.

Sharing is audited as an export, opening as a view of each young person in the document (so
"who viewed this young person" shows partner views), saving as an export, printing as a print.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.data.database import Database
from desktop.data.repositories import sharing as repo
from desktop.data.tables import SharedDocument
from desktop.domain.actor import Actor
from desktop.domain.dates import format_date
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import (
    EditConflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from desktop.domain.meetings import PackDocument, PackOptions
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.progress import Progress
from desktop.domain.sharing import (
    RecipientView,
    SharedDocumentView,
    SharedKind,
    for_partner_agency,
)
from desktop.services import audit
from desktop.services.clock import Clock, system_clock
from desktop.services.files import check_target, write_private
from desktop.services.packs import (
    PackService,
    PrintPages,
    pack_options_detail,
    pdf_bytes,
    pdf_pages,
)
from desktop.services.sessions import checks_session

#: Roles that share packs and summaries (and see and revoke what they shared).
SHARE_ROLES = frozenset({Role.MACSE_CHAIR, Role.TEAM_MANAGER})

#: The audit log's record kinds for shared copies.
OBJECT_KINDS: dict[SharedKind, str] = {"pack": "shared_pack", "summary": "shared_summary"}


def share_options(options: PackOptions | None) -> PackOptions:
    """The options a shared copy is built with: a wider-audience document unless the sharer
    chose otherwise (None means the default), and never a password (the copy is stored)."""
    if options is None:
        return PackOptions(wider_audience=True)
    return replace(options, password=None)


@checks_session
class SharingService:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = system_clock,
        postcodes: PostcodeDirectory | None = None,
        packs: PackService | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._packs = packs or PackService(db, clock=clock, postcodes=postcodes)

    # -- permissions ----------------------------------------------------------------------

    def _deny(self, actor: Actor, surface: str, message: str, **detail: Any) -> NoReturn:
        with self._db.begin() as session:
            audit.record(
                session,
                actor,
                AuditAction.PERMISSION_DENIED,
                detail={"surface": surface, **detail},
            )
        raise PermissionDenied(message)

    def _require_sharer(self, actor: Actor, surface: str) -> None:
        if actor.role not in SHARE_ROLES:
            self._deny(
                actor,
                surface,
                "Only a MACSE chair or a team manager can share packs with partner agencies",
            )

    @staticmethod
    def _may_open(actor: Actor, row: repo.SharedRow) -> bool:
        if actor.role is Role.PARTNER_READER:
            return row.shared_with_id == actor.user_id and not row.view.revoked
        return actor.role in SHARE_ROLES and row.shared_by_id == actor.user_id

    def _readable(self, actor: Actor, document_id: int, surface: str) -> repo.SharedRow:
        with self._db.begin() as session:
            row = repo.one(session, document_id)
        if row is None:
            raise NotFound("That shared document does not exist")
        if not self._may_open(actor, row):
            self._deny(
                actor,
                surface,
                "This document was not shared with you",
                shared_document=document_id,
            )
        return row

    # -- sharing --------------------------------------------------------------------------

    def list_recipients(self, actor: Actor) -> list[RecipientView]:
        """Active partner-agency readers, by name (chairs and managers only)."""
        self._require_sharer(actor, "share recipients")
        with self._db.begin() as session:
            return repo.partner_readers(session)

    def share_pack(
        self,
        actor: Actor,
        meeting_id: int,
        options: PackOptions | None,
        with_user_ids: Collection[int],
        progress: Progress | None = None,
    ) -> list[SharedDocumentView]:
        """Build the meeting pack as the actor may print it and share a copy with each reader."""
        self._require_sharer(actor, "share pack")
        options = share_options(options)
        ids = self._check_recipients(with_user_ids)
        doc = self._packs.pack_document(actor, meeting_id, options)
        return self._share(actor, "pack", doc, options, ids, progress)

    def share_summary(
        self,
        actor: Actor,
        young_person_id: int,
        options: PackOptions | None,
        with_user_ids: Collection[int],
        progress: Progress | None = None,
    ) -> list[SharedDocumentView]:
        """Build one young person's case summary as the actor may print it and share it."""
        self._require_sharer(actor, "share case summary")
        options = share_options(options)
        ids = self._check_recipients(with_user_ids)
        doc = self._packs.summary_document(actor, young_person_id, options)
        return self._share(actor, "summary", doc, options, ids, progress)

    def _check_recipients(self, with_user_ids: Collection[int]) -> list[int]:
        ids = sorted(set(with_user_ids))
        if not ids:
            raise ValidationFailed(
                "Choose at least one partner-agency reader to share with",
                {"recipients": "Choose at least one"},
            )
        with self._db.begin() as session:
            found = {r.id for r in repo.partner_readers(session, ids)}
        if found != set(ids):
            raise ValidationFailed(
                "Packs and summaries can be shared only with active partner-agency readers",
                {"recipients": "Not an active partner-agency reader"},
            )
        return ids

    def _share(
        self,
        actor: Actor,
        kind: SharedKind,
        doc: PackDocument,
        options: PackOptions,
        recipients: Sequence[int],
        progress: Progress | None,
    ) -> list[SharedDocumentView]:
        doc = for_partner_agency(doc)
        pdf, pages = pdf_bytes(doc, progress)
        people = [p.workspace.header.id for p in doc.people]
        meeting_id = doc.meeting.id if doc.meeting is not None else None
        title = doc.title
        if doc.meeting is not None and format_date(doc.meeting.held_on) not in title:
            title = f"{title}, {format_date(doc.meeting.held_on)}"
        stored_options = {
            "wider_audience": options.wider_audience,
            "include_conditional": options.include_conditional,
            "marking": options.marking,
        }
        now = self._clock()
        with self._db.begin() as session:
            readers = {r.id: r for r in repo.partner_readers(session, recipients)}
            if set(readers) != set(recipients):  # deactivated while the PDF was built
                raise ValidationFailed(
                    "A chosen reader is no longer an active partner-agency reader",
                    {"recipients": "Not an active partner-agency reader"},
                )
            created: list[int] = []
            for user_id in recipients:
                row = SharedDocument(
                    kind=kind,
                    title=title,
                    meeting_id=meeting_id,
                    young_person_ids=json.dumps(people),
                    shared_by_id=actor.user_id,
                    shared_with_id=user_id,
                    shared_at=now,
                    options=json.dumps(stored_options, sort_keys=True),
                    pages=pages,
                    pdf=pdf,
                )
                session.add(row)
                session.flush()
                created.append(row.id)
            detail: dict[str, Any] = {
                "kind": kind,
                "title": title,
                "documents": created,
                "recipients": [readers[i].username for i in recipients],
                "young_people": people,
                "options": pack_options_detail(options),
                "pages": pages,
            }
            if meeting_id is not None:
                detail["meeting"] = meeting_id
            targets: list[int | None] = [*people] or [None]
            for yp in targets:
                audit.record(
                    session,
                    actor,
                    AuditAction.EXPORT,
                    object_kind=OBJECT_KINDS[kind],
                    object_id=meeting_id if meeting_id is not None else yp,
                    young_person_id=yp,
                    detail=detail,
                )
            views = [r.view for r in (repo.one(session, i) for i in created) if r is not None]
        return views

    # -- reading --------------------------------------------------------------------------

    def list_shared(self, actor: Actor) -> list[SharedDocumentView]:
        """A partner reader: what was shared with them and not revoked. A chair or manager:
        what they shared (revoked ones too). Anyone else is refused."""
        if actor.role is Role.PARTNER_READER:
            with self._db.begin() as session:
                return [r.view for r in repo.shared_with(session, actor.user_id)]
        if actor.role in SHARE_ROLES:
            with self._db.begin() as session:
                return [r.view for r in repo.shared_by(session, actor.user_id)]
        self._deny(actor, "shared documents", "Your role has no shared packs or summaries")

    def open_shared(self, actor: Actor, document_id: int) -> bytes:
        """The shared PDF, for its recipient (or its sharer); audited as a view of each young
        person in it."""
        row = self._readable(actor, document_id, "open shared document")
        with self._db.begin() as session:
            data = repo.pdf(session, document_id)
            self._audit_use(session, actor, row, AuditAction.VIEW, {})
        return data

    def open_pages(
        self,
        actor: Actor,
        document_id: int,
        folder: Path,
        progress: Progress | None = None,
        *,
        render: bool = True,
    ) -> PrintPages:
        """The shared PDF opened (as open_shared: checked and audited as a view) into `folder`,
        private to the caller who removes it, with its pages rendered for the screen or a
        printer when `render`."""
        row = self._readable(actor, document_id, "open shared document")
        data = self.open_shared(actor, document_id)
        return pdf_pages(data, row.view.pages, folder, progress, render=render)

    def save_copy(self, actor: Actor, document_id: int, out: Path) -> int:
        """Write the shared PDF to `out` (readable by its owner only) and audit the export;
        returns the page count."""
        row = self._readable(actor, document_id, "save shared document")
        out = Path(out)
        check_target(out)
        with self._db.begin() as session:
            data = repo.pdf(session, document_id)

        def record(_written: None) -> None:
            with self._db.begin() as session:
                self._audit_use(
                    session,
                    actor,
                    row,
                    AuditAction.EXPORT,
                    {"destination": "pdf", "file": out.name},
                )

        def write(fh: BinaryIO) -> None:
            fh.write(data)

        write_private(out, write, record)
        return row.view.pages

    def record_print(
        self, actor: Actor, document_id: int, *, file_name: str = "", pages: int | None = None
    ) -> None:
        """Audit a print of a shared document (call before sending the pages)."""
        row = self._readable(actor, document_id, "print shared document")
        detail: dict[str, Any] = {"destination": "printer", "file": file_name}
        if pages is not None:
            detail["pages"] = pages
        with self._db.begin() as session:
            self._audit_use(session, actor, row, AuditAction.PRINT, detail)

    @staticmethod
    def _audit_use(
        session: Session,
        actor: Actor,
        row: repo.SharedRow,
        action: AuditAction,
        extra: dict[str, Any],
    ) -> None:
        detail: dict[str, Any] = {
            "kind": row.view.kind,
            "title": row.view.title,
            "shared_by": row.view.shared_by,
            "young_people": list(row.young_person_ids),
            **extra,
        }
        if row.meeting_id is not None:
            detail["meeting"] = row.meeting_id
        targets: list[int | None] = [*row.young_person_ids] or [None]
        for yp in targets:
            audit.record(
                session,
                actor,
                action,
                object_kind=OBJECT_KINDS[row.view.kind],
                object_id=row.view.id,
                young_person_id=yp,
                detail=detail,
            )

    # -- revoking -------------------------------------------------------------------------

    def revoke(self, actor: Actor, document_id: int) -> SharedDocumentView:
        """Withdraw a shared copy: its reader no longer sees or opens it (the sharer only)."""
        self._require_sharer(actor, "revoke shared document")
        row = self._readable(actor, document_id, "revoke shared document")
        try:
            with self._db.begin() as session:
                if repo.revoke(session, document_id, self._clock()):
                    audit.record(
                        session,
                        actor,
                        AuditAction.UPDATE,
                        object_kind=OBJECT_KINDS[row.view.kind],
                        object_id=document_id,
                        fields=["revoked_at"],
                        detail={"shared_with": row.view.shared_with},
                    )
                fresh = repo.one(session, document_id)
        except StaleDataError:
            raise EditConflict("Someone else changed this shared document; try again") from None
        assert fresh is not None
        return fresh.view
