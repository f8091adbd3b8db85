"""Meeting packs and case summaries: the only place a pack is built (desktop.reports.pack).

The content of a pack or a summary as the actor may print it, written to a PDF file, built into
bytes for a shared copy, or written with its pages rendered for print preview and printing;
every print and saved file audited (the rules: desktop.services.meetings).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal

from sqlalchemy.orm import Session

from desktop.data.repositories import meetings as repo
from desktop.data.repositories import person as person_repo
from desktop.data.repositories.settings import load_thresholds
from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.enums import AuditAction
from desktop.domain.errors import (
    NotFound,
    ServiceError,
)
from desktop.domain.meetings import (
    PackDocument,
    PackOptions,
    PersonName,
    PersonPack,
    conditional_included,
    dashboard_counts,
    professional_names,
    redact_workspace,
    volt_themes,
)
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.progress import NullProgress, Progress
from desktop.domain.redaction import document_scrub, scrub_strings
from desktop.domain.workspace import PersonWorkspace
from desktop.services import audit
from desktop.services.clock import uk_date
from desktop.services.files import check_target, write_private
from desktop.services.meeting_access import VIEW_ROLES, MeetingAccess
from desktop.services.person import build_workspace
from desktop.services.sessions import checks_session

#: Page images are rendered at this resolution for printing (A4: 1240 x 1754 pixels).
PRINT_DPI = 150

PackKind = Literal["pack", "summary"]
Destination = Literal["pdf", "printer"]


@checks_session
class PackService(MeetingAccess):
    """Build, preview, print, save and share meeting packs and case summaries."""

    def pack_document(self, actor: Actor, meeting_id: int, options: PackOptions) -> PackDocument:
        """The meeting pack's content as the actor may print it: cohort members they may see
        (restricted ones by initials unless they are allocated or on the access list), each
        redacted as the options say; actions and dashboard as at the meeting date."""
        self._require(actor, VIEW_ROLES, "meeting pack")
        now = self._clock()
        with self._db.begin() as session:
            row, allowed = self._meeting_or_deny(session, actor, meeting_id)
            if row is None:
                raise NotFound("That meeting does not exist")
            if allowed:
                detail = self._detail(
                    session,
                    actor,
                    row,
                    on=row.held_on,
                    printing=True,
                    wider_audience=options.wider_audience,
                )
                cohort = {c.person.id: c for c in repo.cohort(session, meeting_id, actor.user_id)}
                people = [cohort[m.young_person_id] for m in detail.cohort]
                workspaces = _workspaces_for_pack(
                    session, actor, [p.person.id for p in people], now, self._postcodes
                )
                dobs = repo.dates_of_birth(session, [p.person.id for p in people])
        if not allowed:
            self._deny(
                actor, "meeting pack", "None of this meeting's young people are in your caseload"
            )
        names = [
            PersonName(c.person.first_name, c.person.last_name, c.person.preferred_name)
            for c in people
        ]
        # restricted young people printed by initials: their names go from everyone's text
        hidden = [
            n
            for n, c in zip(names, people, strict=True)
            if self._access(actor, c.person, printing=True) is Access.INITIALS
        ]
        keep = professional_names(workspaces.values(), detail)
        packs: list[PersonPack] = []
        for member, c in zip(detail.cohort, people, strict=True):
            ws = workspaces[member.young_person_id]
            restricted = self._access(actor, c.person, printing=True) is Access.INITIALS
            redacted = redact_workspace(
                ws,
                options,
                names=names,
                initials_only=restricted,
                include_conditional=conditional_included(options, member),
                hidden=hidden,
                keep=keep,
            )
            own = tuple(a for a in detail.actions if a.young_person_id == member.young_person_id)
            packs.append(PersonPack(redacted, member, own, detail.previous_held_on))
        shown = [p.workspace for p in packs]
        doc = PackDocument(
            title=detail.title,
            meeting=detail,
            people=tuple(packs),
            dashboard=dashboard_counts(shown, detail.previous_held_on),
            volt=volt_themes(shown, detail.previous_held_on),
            printed_by=actor.display_name,
            printed_at=now,
            options=options,
        )
        # Every string of the document, however it got there (decisions, actions and their
        # updates, the meeting's own text): the names and dates of birth of the young people
        # it shows by initials withheld (every young person for a wider audience).
        by_initials = [
            (n, dobs.get(c.person.id))
            for n, c in zip(names, people, strict=True)
            if options.wider_audience or n in hidden
        ]
        if by_initials:
            scrub = document_scrub([n for n, _ in by_initials], [d for _, d in by_initials], keep)
            doc = scrub_strings(doc, scrub)
        return doc

    def summary_document(
        self, actor: Actor, young_person_id: int, options: PackOptions
    ) -> PackDocument:
        """A single young person's case summary, with their actions (overdue first)."""
        self._require(actor, VIEW_ROLES, "case summary")
        now = self._clock()
        today = uk_date(now)
        with self._db.begin() as session:
            facts = repo.people(session, [young_person_id], actor.user_id).get(young_person_id)
            if facts is None:
                raise NotFound("That young person's record does not exist")
            # the record's own rule: this session's break-glass for this young person counts
            access = self._access(actor, facts)
            if access is Access.FULL:
                workspaces = _workspaces_for_pack(
                    session, actor, [young_person_id], now, self._postcodes
                )
                rows = repo.actions(
                    session, repo.ActionQuery(young_person_id=young_person_id), actor.user_id
                )
                dob = repo.dates_of_birth(session, [young_person_id]).get(young_person_id)
        if access is Access.NONE:
            self._deny(
                actor,
                "case summary",
                "This young person is not in your caseload",
                young_person_id=young_person_id,
            )
        if access is Access.INITIALS:
            self._deny_restricted(actor, young_person_id)
        ws = redact_workspace(workspaces[young_person_id], options, initials_only=False)
        # only this young person's break-glass: the summary is their record, nobody else's
        subject = replace(actor, break_glass=actor.break_glass & {young_person_id})
        actions = self._action_views(subject, rows, today, wider_audience=options.wider_audience)
        person = PersonPack(ws, None, tuple(actions), None)
        doc = PackDocument(
            title=f"Case summary: {ws.header.display_name}",
            meeting=None,
            people=(person,),
            dashboard=None,
            volt=None,
            printed_by=actor.display_name,
            printed_at=now,
            options=options,
        )
        if options.wider_audience:  # a summary is made in full or not at all (see above)
            own = PersonName(facts.first_name, facts.last_name, facts.preferred_name)
            keep = professional_names([workspaces[young_person_id]])
            doc = scrub_strings(doc, document_scrub([own], [dob], keep))
        return doc

    def record_print(
        self,
        actor: Actor,
        doc: PackDocument,
        *,
        kind: PackKind,
        destination: Destination,
        file_name: str = "",
        pages: int | None = None,
    ) -> None:
        """Audit a print (PRINT) or a saved file (EXPORT): one entry per young person in the
        document, with the options (never the password itself)."""
        self._require(actor, VIEW_ROLES, "print")
        action = AuditAction.PRINT if destination == "printer" else AuditAction.EXPORT
        people = [p.workspace.header.id for p in doc.people]
        detail: dict[str, Any] = {
            "kind": kind,
            "destination": destination,
            "file": file_name,
            "young_people": people,
            "options": pack_options_detail(doc.options),
        }
        if doc.meeting is not None:
            detail["meeting"] = doc.meeting.id
        if pages is not None:
            detail["pages"] = pages
        object_kind = "meeting_pack" if kind == "pack" else "case_summary"
        object_id = doc.meeting.id if doc.meeting is not None else None
        with self._db.begin() as session:
            targets: list[int | None] = [*people] or [None]
            for yp in targets:
                audit.record(
                    session,
                    actor,
                    action,
                    object_kind=object_kind,
                    object_id=object_id if object_id is not None else yp,
                    young_person_id=yp,
                    detail=detail,
                )

    def write_pack(
        self,
        actor: Actor,
        meeting_id: int,
        options: PackOptions,
        out: Path,
        progress: Progress | None = None,
    ) -> int:
        """Build the meeting pack into `out` (PDF) and audit it; returns the page count."""
        doc = self.pack_document(actor, meeting_id, options)
        return _write_pdf(
            doc,
            Path(out),
            progress,
            lambda pages: self.record_print(
                actor, doc, kind="pack", destination="pdf", file_name=Path(out).name, pages=pages
            ),
        )

    def write_summary(
        self,
        actor: Actor,
        young_person_id: int,
        options: PackOptions,
        out: Path,
        progress: Progress | None = None,
    ) -> int:
        """Build one young person's case summary into `out` (PDF) and audit it; returns pages."""
        doc = self.summary_document(actor, young_person_id, options)
        return _write_pdf(
            doc,
            Path(out),
            progress,
            lambda pages: self.record_print(
                actor, doc, kind="summary", destination="pdf", file_name=Path(out).name, pages=pages
            ),
        )

    def prepare_print(
        self,
        actor: Actor,
        kind: PackKind,
        target_id: int,
        options: PackOptions,
        folder: Path,
        progress: Progress | None = None,
        *,
        render: bool = True,
    ) -> PrintPages:
        """The pack (`kind` "pack", `target_id` a meeting) or case summary (a young person) for
        print preview and printing, without a password (paper is not encrypted): its PDF in
        `folder` (private to the caller, who removes it) and, with `render`, every page as an
        image. Nothing is audited until the print itself (record_print)."""
        progress = progress or NullProgress()
        options = replace(options, password=None)
        progress.report(0, 1, "Gathering the records")
        if kind == "pack":
            doc = self.pack_document(actor, target_id, options)
        else:
            doc = self.summary_document(actor, target_id, options)
        pdf = Path(folder) / "pack.pdf"
        pdf.touch(mode=0o600)
        with pdf.open("wb") as fh:
            pages = int(_build_pack(doc, fh, progress))
        job = PrintPages(doc, Path(folder), pdf, pages)
        if render:
            job = render_pages(job, progress)
        progress.report(1, 1, "Ready")
        return job


@dataclass(frozen=True)
class PrintPages:
    """A document's PDF in a private folder, with its pages as images once rendered."""

    doc: Any
    folder: Path
    pdf: Path
    pages: int
    images: tuple[Path, ...] = ()


def pdf_bytes(doc: PackDocument, progress: Progress | None = None) -> tuple[bytes, int]:
    """The document's PDF in memory (a shared copy is stored), with its page count."""
    buffer = io.BytesIO()
    pages = _build_pack(doc, buffer, progress or NullProgress())
    return buffer.getvalue(), pages


def pdf_pages(
    data: bytes, pages: int, folder: Path, progress: Progress | None = None, *, render: bool = True
) -> PrintPages:
    """An existing PDF (a shared copy) in `folder`, the file readable by its owner only, with
    its pages rendered when `render` (for the screen or a printer)."""
    pdf = Path(folder) / "shared.pdf"
    pdf.touch(mode=0o600)
    pdf.write_bytes(data)
    job = PrintPages(None, Path(folder), pdf, pages)
    return render_pages(job, progress or NullProgress()) if render else job


def render_pages(job: PrintPages, progress: Progress) -> PrintPages:
    """Every page of the job's PDF as a PNG at PRINT_DPI, through poppler's pdftoppm
    (cancellable: a cancel kills it); the job with its images and their count as pages."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise ServiceError(
            "Printing needs poppler's pdftoppm, which is not installed; use Save as PDF instead"
        )
    folder, pages = job.folder, job.pages
    prefix = folder / "page"
    proc = subprocess.Popen(
        [exe, "-r", str(PRINT_DPI), "-png", str(job.pdf), str(prefix)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while proc.poll() is None:
            done = len(list(folder.glob("page-*.png")))
            progress.report(min(done, pages), pages, f"Preparing page {done + 1} of {pages}")
            time.sleep(0.05)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if proc.returncode != 0:
        err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
        raise ServiceError(f"Could not prepare the pages for printing: {err or 'pdftoppm failed'}")
    if proc.stderr:
        proc.stderr.close()
    images = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    progress.report(len(images), max(pages, len(images)), "Pages ready")
    return replace(job, images=tuple(images), pages=len(images))


def _build_pack(doc: PackDocument, out: BinaryIO, progress: Progress) -> int:
    """desktop.reports.pack (reportlab), imported when a pack is first built."""
    from desktop.reports.pack import build_pack

    return int(build_pack(doc, out, progress=progress.report).pages)


def pack_options_detail(options: PackOptions) -> dict[str, Any]:
    """The options as audited: whether a password was set, never the password."""
    return {
        "wider_audience": options.wider_audience,
        "include_conditional": options.include_conditional,
        "password_protected": bool(options.password),
        "marking": options.marking,
    }


def _write_pdf(
    doc: PackDocument, out: Path, progress: Progress | None, audit_it: Callable[[int], None]
) -> int:
    """Build the PDF, audit it (`audit_it(pages)`), then move it into place at `out`: an
    unwritable path, a failure, a cancel (Progress.report raising Cancelled) or a failed audit
    entry leaves nothing (desktop.services.files)."""
    reporter = progress or NullProgress()
    check_target(out)

    def write(fh: BinaryIO) -> int:
        return _build_pack(doc, fh, reporter)

    return write_private(out, write, audit_it)


def _workspaces_for_pack(
    session: Session,
    actor: Actor,
    ids: Sequence[int],
    now: datetime,
    postcodes: PostcodeDirectory | None,
) -> dict[int, PersonWorkspace]:
    """Each young person's workspace as the person screen builds it (PersonService's rules),
    without its VIEW audit entry: the print or export is audited instead. Other young people
    linked through associates and contexts are named without this session's break-glass."""
    thresholds = load_thresholds(session)
    printing = replace(actor, break_glass=frozenset())
    out: dict[int, PersonWorkspace] = {}
    for yp in ids:
        inputs = person_repo.load_person(session, yp, actor.user_id)
        if inputs is None:
            raise NotFound("That young person's record does not exist")
        out[yp] = build_workspace(inputs, printing, now, thresholds, postcodes)
    return out


class PackSurface:
    """The pack methods of a service that owns a PackService as ``packs``: the meetings service
    offers them, so a meeting's screens call one service (the building stays in PackService)."""

    packs: PackService

    def pack_document(self, actor: Actor, meeting_id: int, options: PackOptions) -> PackDocument:
        return self.packs.pack_document(actor, meeting_id, options)

    def summary_document(
        self, actor: Actor, young_person_id: int, options: PackOptions
    ) -> PackDocument:
        return self.packs.summary_document(actor, young_person_id, options)

    def record_print(
        self,
        actor: Actor,
        doc: PackDocument,
        *,
        kind: PackKind,
        destination: Destination,
        file_name: str = "",
        pages: int | None = None,
    ) -> None:
        self.packs.record_print(
            actor, doc, kind=kind, destination=destination, file_name=file_name, pages=pages
        )

    def write_pack(
        self,
        actor: Actor,
        meeting_id: int,
        options: PackOptions,
        out: Path,
        progress: Progress | None = None,
    ) -> int:
        return self.packs.write_pack(actor, meeting_id, options, out, progress)

    def write_summary(
        self,
        actor: Actor,
        young_person_id: int,
        options: PackOptions,
        out: Path,
        progress: Progress | None = None,
    ) -> int:
        return self.packs.write_summary(actor, young_person_id, options, out, progress)

    def prepare_print(
        self,
        actor: Actor,
        kind: PackKind,
        target_id: int,
        options: PackOptions,
        folder: Path,
        progress: Progress | None = None,
        *,
        render: bool = True,
    ) -> PrintPages:
        return self.packs.prepare_print(
            actor, kind, target_id, options, folder, progress, render=render
        )
