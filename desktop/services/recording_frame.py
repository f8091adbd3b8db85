"""The one skeleton every recording write runs in.

permission -> load -> version check -> validate -> write -> audit -> Changes, in one
transaction. ``RecordingFrame._save`` runs it for a command and a ``Kind`` (the per-kind
description: its repository, audit kind and the panels it changes); ``_run`` is the frame
around any write: the permission check, the request-id idempotency, the refusal's audit row
and the EditConflict after a version clash at flush time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass
from dataclasses import fields as dataclass_fields
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.data.database import Database
from desktop.data.repositories import people
from desktop.data.repositories import recording as repo
from desktop.data.repositories.settings import load_security
from desktop.data.repositories.writes import Rows, VersionMismatch
from desktop.domain.access import Access, person_access
from desktop.domain.actor import Actor
from desktop.domain.commands import Changes
from desktop.domain.dates import format_datetime
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import EditConflict, NotFound, PermissionDenied, ValidationFailed
from desktop.domain.records import Stored
from desktop.domain.validation import Errors
from desktop.services import audit
from desktop.services.clock import Clock, system_clock

#: Roles that record case content; a MACSE chair adds chronology entries only, and partner
#: readers and administrators never write case records.
RECORDING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.KEY_PERSON, Role.TEAM_MANAGER})
CHRONOLOGY_ROLES = RECORDING_ROLES | {Role.MACSE_CHAIR}
CONFIRMING_ROLES = frozenset({Role.TEAM_MANAGER})

_NOT_ALLOWED = {
    Role.MACSE_CHAIR: "A MACSE chair can add chronology entries but not change this record",
    Role.PARTNER_READER: "Partner-agency readers cannot change case records",
    Role.ADMINISTRATOR: "Administrators cannot change case records",
}

SAME_MOMENT = (
    "Someone else saved this record at the same moment; nothing was saved. "
    "Compare your changes with theirs, then save again"
)

#: What a write sets: command field name -> (column, value).
Values = Mapping[str, tuple[str, Any]]

#: Refetch a record after a version clash at flush time: the conflict to raise (None: gone).
Reread = Callable[[Session], EditConflict | None]


@dataclass(frozen=True, slots=True)
class Kind:
    """What differs between the kinds of record the skeleton writes."""

    surface: str  # named in a refusal's audit row and a save request's kind
    object_kind: str  # the audit rows' object kind
    what: str  # "This {what} was changed by ..."
    gone: str  # "That {gone} no longer exists"
    rows: Callable[[Session], Rows[Stored]]  # the repository of the records
    changes: frozenset[str]  # the Changes kinds of a save
    roles: frozenset[Role] = RECORDING_ROLES


def max_text(session: Session) -> int:
    """The council's limit of characters in a free-text field."""
    return load_security(session).max_text_length


def raise_if(errors: Errors) -> None:
    if errors:
        count = len(errors)
        first = next(iter(errors.values()))
        summary = first if count == 1 else f"{first} (and {count - 1} more to check)"
        raise ValidationFailed(summary, errors)


def given(cmd: Any, skip: Iterable[str] = ()) -> list[str]:
    """Command fields given a value (other than their default), for a new record's audit row."""
    left_out = {"young_person_id", "version", "request_id", *skip}
    names = []
    for f in dataclass_fields(cmd):
        value = getattr(cmd, f.name)
        if f.name in left_out or value is None or value == "" or value == {}:
            continue
        if f.default is not MISSING and value == f.default:
            continue
        names.append(f.name)
    return names


def text(value: str) -> str:
    return value.strip()


def optional(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


class _AppliedMeanwhile(Exception):
    """The same request id was committed by another attempt while this one ran."""


class RecordingFrame:
    def __init__(self, db: Database, *, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    # -- the skeleton -------------------------------------------------------------------------

    def _save(
        self,
        actor: Actor,
        kind: Kind,
        cmd: Any,
        *,
        record_id: int | None,
        values: Callable[[datetime], Values],
        validate: Callable[[Session, datetime, Stored | None], Errors],
        create: Callable[[datetime], dict[str, Any]] | None = None,
        check: Callable[[Stored], None] | None = None,
        skip: Iterable[str] = (),
        changes: frozenset[str] | None = None,
        version: int | None = None,
        always_audit: bool = False,
    ) -> Changes:
        """Create (``record_id`` None) or edit one record of ``kind`` for ``cmd``."""
        young_person_id: int = cmd.young_person_id

        def work(session: Session, now: datetime) -> Changes:
            rows = kind.rows(session)
            stored = rows.get(record_id)
            if record_id is not None:
                stored = self._own(stored, young_person_id, kind.gone)
                if check is not None:
                    check(stored)
                self._check_version(session, stored, rows, version, kind)
            raise_if(validate(session, now, stored))
            if stored is None:
                extra = create(now) if create is not None else {}
                written = rows.insert(values(now), young_person_id=young_person_id, **extra)
                action, changed = AuditAction.CREATE, given(cmd, skip)
            else:
                written = stored.id
                action, changed = AuditAction.UPDATE, rows.update(stored.id, values(now))
            if changed or always_audit or action is AuditAction.CREATE:
                audit.record(
                    session,
                    actor,
                    action,
                    object_kind=kind.object_kind,
                    object_id=written,
                    young_person_id=young_person_id,
                    fields=changed,
                )
            return Changes(frozenset({young_person_id}), changes or kind.changes, written)

        return self._run(
            actor,
            young_person_id,
            kind.surface,
            kind.roles,
            work,
            request_id=cmd.request_id,
            reread=self._reread(kind, record_id),
        )

    # -- the frame every write runs in ------------------------------------------------------

    def _run(
        self,
        actor: Actor,
        young_person_id: int,
        surface: str,
        roles: frozenset[Role],
        work: Callable[[Session, datetime], Changes],
        *,
        request_id: str | None = None,
        reread: Reread | None = None,
    ) -> Changes:
        """Run ``work`` in one transaction after the permission check.

        With a ``request_id`` the save is idempotent: its applied_request row is inserted first
        in the same transaction (a concurrent retry waits on that key, then finds it), and a
        retry of a committed request returns the original Changes without writing again.
        """
        if request_id is not None and not 0 < len(request_id) <= 36:
            raise ValidationFailed("Invalid save request id", {"request_id": "Invalid"})
        try:
            with self._db.begin() as session:
                self._require(session, actor, young_person_id, roles)
                now = self._clock()
                if request_id is None:
                    return work(session, now)
                done = self._applied(session, actor, request_id)
                if done is not None:
                    return done
                try:
                    finish = repo.claim_save(
                        session, request_id, now, actor.user_id, surface, young_person_id
                    )
                except IntegrityError:
                    raise _AppliedMeanwhile from None
                changes = work(session, now)
                finish(changes.record_id, changes.kinds)
                return changes
        except _AppliedMeanwhile:
            assert request_id is not None
            with self._db.begin() as session:
                done = self._applied(session, actor, request_id)
            assert done is not None, "a committed request id must be found"
            return done
        except PermissionDenied:
            # the work rolled back; the refusal itself is recorded
            with self._db.begin() as session:
                audit.record(
                    session,
                    actor,
                    AuditAction.PERMISSION_DENIED,
                    young_person_id=young_person_id,
                    detail={"surface": surface},
                )
            raise
        except StaleDataError:
            conflict = None
            if reread is not None:
                with self._db.begin() as session:
                    conflict = reread(session)
            raise conflict or EditConflict(SAME_MOMENT) from None

    @staticmethod
    def _applied(session: Session, actor: Actor, request_id: str) -> Changes | None:
        """The Changes of an already-applied request (None when it was never applied)."""
        saved = repo.applied_save(session, request_id)
        if saved is None:
            return None
        if saved.user_id != actor.user_id:
            raise ValidationFailed(
                "This save request was made by another user; nothing was saved",
                {"request_id": "Belongs to another user"},
            )
        people_ids = (
            frozenset({saved.young_person_id}) if saved.young_person_id is not None else None
        )
        return Changes(people_ids or frozenset(), saved.kinds, saved.record_id)

    @staticmethod
    def _require(
        session: Session, actor: Actor, young_person_id: int, roles: frozenset[Role]
    ) -> None:
        if actor.role not in roles:
            message = _NOT_ALLOWED.get(actor.role, "You cannot change this record")
            if actor.role is not Role.ADMINISTRATOR and roles == CONFIRMING_ROLES:
                message = "Only a team manager can confirm an assessment"
            raise PermissionDenied(message)
        facts = people.access_facts(session, young_person_id, actor.user_id)
        if facts is None:
            raise NotFound("That young person's record does not exist")
        access = person_access(
            actor.role,
            actor.team_id,
            facts,
            break_glass=young_person_id in actor.break_glass,
        )
        if access is Access.NONE:
            raise PermissionDenied("This young person is not in your caseload")
        if access is not Access.FULL:
            raise PermissionDenied(
                "This record is restricted: you need to be on its access list to change it"
            )

    @staticmethod
    def _check_version(
        session: Session, stored: Stored, rows: Rows[Stored], version: int | None, kind: Kind
    ) -> None:
        """The shared optimistic-lock check: a stale version is an EditConflict naming who
        saved in between, with the stored values to compare."""
        try:
            rows.check_version(stored.id, version)
        except VersionMismatch:
            raise RecordingFrame._conflict(session, stored, kind.object_kind, kind.what) from None

    @staticmethod
    def _conflict(
        session: Session, stored: Stored, object_kind: str, what: str, message: str | None = None
    ) -> EditConflict:
        """The conflict for a stale edit, carrying the stored values, who saved and when."""
        last = repo.last_change(session, object_kind, stored.id)
        by = f" by {last.who} at {format_datetime(last.at)}" if last else ""
        return EditConflict(
            message
            or (
                f"This {what} was changed{by} since you opened it, so nothing was saved. "
                "Compare your changes with theirs, then save again"
            ),
            current=dict(stored.values),
            changed_by=last.who if last else "",
            changed_at=last.at if last else None,
            version=stored.version,
        )

    def _reread(self, kind: Kind, record_id: int | None) -> Reread:
        """A Reread for ``_run``: the record as a colleague left it, after a version clash."""

        def reread(session: Session) -> EditConflict | None:
            stored = kind.rows(session).get(record_id)
            if stored is None:
                return None
            return self._conflict(session, stored, kind.object_kind, kind.object_kind, SAME_MOMENT)

        return reread

    @staticmethod
    def _own(stored: Stored | None, young_person_id: int, gone: str) -> Stored:
        if stored is None or stored.young_person_id != young_person_id:
            raise NotFound(f"That {gone} no longer exists")
        return stored
