"""The young person workspace: open one record (access checked, audited), export its chronology."""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Collection
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.data.database import Database
from desktop.data.repositories import people, settings
from desktop.data.repositories import person as person_repo
from desktop.domain.access import Access, AccessFacts, person_access
from desktop.domain.chronology import ChronologyFilter, filter_chronology
from desktop.domain.enums import AuditAction, ChronologyCategory
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.thresholds import Thresholds
from desktop.domain.workspace import ChronologyItem, PersonWorkspace
from desktop.services import audit
from desktop.services.actor import Actor
from desktop.services.clock import Clock, system_clock
from desktop.services.csvutil import open_private_csv, safe_cells
from desktop.services.errors import NotFound, PermissionDenied, RestrictedRecord, ServiceError
from desktop.services.progress import NullProgress, Progress
from desktop.services.workspace import build_workspace as build_workspace  # re-exported

CHRONOLOGY_CSV_HEADER = (
    "Date",
    "Date precision",
    "End date",
    "Age",
    "Category",
    "Source",
    "Description",
    "Analysis",
    "Significant",
    "Author",
    "Recorded at (UTC)",
    "Linked record",
)

RESTRICTED_MESSAGE = (
    "This young person's record is restricted. If you need to open it, use break-glass "
    "access and give your reason; it will be recorded."
)
NOT_IN_SCOPE_MESSAGE = "This young person is not in your caseload"


class PersonService:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = system_clock,
        postcodes: PostcodeDirectory | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._postcodes = postcodes

    def open(
        self, actor: Actor, young_person_id: int, progress: Progress | None = None
    ) -> PersonWorkspace:
        """Everything the person screen shows; the view is audited in the same transaction.

        Raises NotFound, PermissionDenied (not in the actor's scope) or RestrictedRecord
        (initials only: break-glass first); both refusals are audited.

        A fixed number of statements whatever the record's size: the access facts (with the
        thresholds), the whole record (person_repo.load_person: one statement) and the audit
        entry (desktop.data.repositories.audit.append).
        """
        progress = progress or NullProgress()
        progress.report(0, 2, "Opening record")
        now = self._clock()
        with self._db.begin() as session:
            facts, thresholds = self._facts(session, actor, young_person_id)
            denied = self._check(session, actor, young_person_id, facts, "person workspace")
            if denied is None:
                workspace = self._load(session, actor, young_person_id, now, thresholds)
                progress.report(1, 2, "Recording the view")
                audit.record(
                    session,
                    actor,
                    AuditAction.VIEW,
                    object_kind="young_person",
                    object_id=young_person_id,
                    young_person_id=young_person_id,
                )
        if denied is not None:
            raise denied
        progress.report(2, 2, "Record opened")
        return workspace

    def export_chronology_csv(
        self,
        actor: Actor,
        young_person_id: int,
        path: Path,
        *,
        categories: Collection[ChronologyCategory] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        significant_only: bool = False,
        text: str = "",
    ) -> int:
        """Write the (filtered) chronology as CSV, newest first; audited with its filters.

        Empty `categories` means every category, as on screen. Returns the rows written.
        """
        flt = ChronologyFilter.of(
            categories=categories,
            date_from=date_from,
            date_to=date_to,
            significant_only=significant_only,
            text=text,
        )
        now = self._clock()
        with self._db.begin() as session:
            facts, thresholds = self._facts(session, actor, young_person_id)
            denied = self._check(session, actor, young_person_id, facts, "chronology export")
            if denied is None:
                workspace = self._load(session, actor, young_person_id, now, thresholds)
        if denied is not None:
            raise denied
        items = filter_chronology(workspace.chronology, flt)
        target = Path(path)
        tmp = target.with_name(target.name + ".part")
        try:
            with open_private_csv(tmp) as fh:
                writer = csv.writer(fh)
                writer.writerow(CHRONOLOGY_CSV_HEADER)
                writer.writerows(chronology_csv_cells(item) for item in items)
            tmp.replace(target)
        except OSError as exc:
            _remove(tmp)
            raise ServiceError(f"Cannot write {target}: {exc.strerror or exc}") from None
        with self._db.begin() as session:
            audit.record(
                session,
                actor,
                AuditAction.EXPORT,
                object_kind="chronology_csv",
                object_id=young_person_id,
                young_person_id=young_person_id,
                detail={"file": target.name, "entries": len(items), "filters": flt.as_detail()},
            )
        return len(items)

    # -- access ---------------------------------------------------------------------------------

    @staticmethod
    def _facts(
        session: Session, actor: Actor, young_person_id: int
    ) -> tuple[AccessFacts, Thresholds]:
        """The access facts and the council's thresholds, in one statement; NotFound when
        there is no such young person."""
        found = people.access_facts_and(
            session, young_person_id, actor.user_id, settings.stored(settings.THRESHOLDS_KEY)
        )
        if found is None:
            raise NotFound("That young person's record does not exist")
        facts, (thresholds,) = found
        return facts, settings.thresholds_from(thresholds)

    def _check(
        self,
        session: Session,
        actor: Actor,
        young_person_id: int,
        facts: AccessFacts,
        surface: str,
    ) -> PermissionDenied | None:
        """None when the actor may open the record in full; otherwise the (audited) refusal."""
        access = person_access(
            actor.role, actor.team_id, facts, break_glass=young_person_id in actor.break_glass
        )
        if access is Access.FULL:
            return None
        audit.record(
            session,
            actor,
            AuditAction.PERMISSION_DENIED,
            object_kind="young_person",
            object_id=young_person_id,
            young_person_id=young_person_id,
            detail={"surface": surface, "access": access.value},
        )
        if access is Access.INITIALS:
            return RestrictedRecord(RESTRICTED_MESSAGE)
        return PermissionDenied(NOT_IN_SCOPE_MESSAGE)

    # -- building -------------------------------------------------------------------------------

    def _load(
        self,
        session: Session,
        actor: Actor,
        young_person_id: int,
        now: datetime,
        thresholds: Thresholds,
    ) -> PersonWorkspace:
        inputs = person_repo.load_person(session, young_person_id, actor.user_id)
        if inputs is None:  # deleted between the access check and here: same transaction
            raise NotFound("That young person's record does not exist")
        return build_workspace(inputs, actor, now, thresholds, self._postcodes)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):  # e.g. the folder itself is not writable
        path.unlink(missing_ok=True)


def chronology_csv_cells(item: ChronologyItem) -> list[str]:
    return safe_cells(
        (
            item.event_date.isoformat(),
            item.precision.value,
            item.end_date.isoformat() if item.end_date else "",
            "" if item.age_at_event is None else item.age_at_event,
            item.category.label,
            item.source,
            item.description,
            item.analysis or "",
            "yes" if item.significant else "",
            item.author,
            item.recorded_at.astimezone(UTC).isoformat(timespec="seconds")
            if item.recorded_at
            else "",
            f"{item.linked_kind} {item.linked_id}" if item.linked_kind else "",
        )
    )
