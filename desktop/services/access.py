"""Per-person access: who may open a young person, and audited break-glass for restricted ones."""

from __future__ import annotations

from desktop.data.database import Database
from desktop.data.repositories import people
from desktop.data.repositories import settings as settings_repo
from desktop.domain.access import Access, caseload_scope, person_access
from desktop.domain.actor import Actor
from desktop.domain.enums import AuditAction
from desktop.domain.errors import NotFound, PermissionDenied, ValidationFailed
from desktop.services import audit
from desktop.services.sessions import checks_session

#: The largest id a database column holds (64-bit signed).
MAX_RECORD_ID = 2**63 - 1


@checks_session
class AccessService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def access_to(self, actor: Actor, young_person_id: int) -> Access:
        with self._db.begin() as session:
            facts = people.access_facts(session, young_person_id, actor.user_id)
        if facts is None:
            raise NotFound("That young person's record does not exist")
        return person_access(
            actor.role,
            actor.team_id,
            facts,
            break_glass=young_person_id in actor.break_glass,
        )

    def find_record(self, actor: Actor, text: str) -> tuple[int, Access]:
        """The young person a record id or reference (e.g. CB123456) names, as the actor sees
        them: (id, FULL or INITIALS).

        A record outside the actor's scope is NotFound with exactly the message of one that
        does not exist (and the attempt is audited), so a reference typed on the command line
        reveals nothing about records the user may not see.
        """
        if caseload_scope(actor.role, actor.user_id, actor.team_id) is None:
            with self._db.begin() as session:
                audit.record(
                    session,
                    actor,
                    AuditAction.PERMISSION_DENIED,
                    detail={"surface": "open by id or reference"},
                )
            raise PermissionDenied(
                f"{actor.role.label} accounts do not open young people's records"
            )
        value = text.strip()
        what = f"the record id {value}" if value.isdigit() else f"the reference {value!r}"
        missing = NotFound(f"No young person has {what}")
        with self._db.begin() as session:
            if value.isdigit():
                # beyond a 64-bit id no record can have it (and the driver would overflow)
                big = len(value) > 19 or int(value) > MAX_RECORD_ID
                young_person_id: int | None = None if big else int(value)
            else:
                young_person_id = people.id_for_reference(session, value.upper())
            facts = (
                people.access_facts(session, young_person_id, actor.user_id)
                if young_person_id is not None
                else None
            )
            if young_person_id is None or facts is None:
                raise missing
            access = person_access(
                actor.role,
                actor.team_id,
                facts,
                break_glass=young_person_id in actor.break_glass,
            )
            if access is Access.NONE:
                audit.record(
                    session,
                    actor,
                    AuditAction.PERMISSION_DENIED,
                    young_person_id=young_person_id,
                    detail={"surface": "open by id or reference"},
                )
        if access is Access.NONE:
            raise missing
        return young_person_id, access

    def break_glass(self, actor: Actor, young_person_id: int, reason: str) -> Actor:
        """Open a restricted record for this session only, with a typed reason, audited.

        Returns the actor carrying the grant; the team manager is alerted at their next sign-in.
        """
        reason = " ".join(reason.split())
        with self._db.begin() as session:
            policy = settings_repo.load_security(session)
            facts = people.access_facts(session, young_person_id, actor.user_id)
            if facts is None:
                raise NotFound("That young person's record does not exist")
            access = person_access(actor.role, actor.team_id, facts)
            if access is Access.NONE:
                audit.record(
                    session,
                    actor,
                    AuditAction.PERMISSION_DENIED,
                    young_person_id=young_person_id,
                    detail={"surface": "break-glass"},
                )
                denied = True
            else:
                denied = False
                if access is Access.FULL:
                    return actor  # nothing to break: they already have access
                if len(reason) < policy.min_break_glass_reason:
                    raise ValidationFailed(
                        "Say why you need to open this restricted record "
                        f"(at least {policy.min_break_glass_reason} characters)",
                        {"reason": "Too short"},
                    )
                audit.record(
                    session,
                    actor,
                    AuditAction.BREAK_GLASS,
                    object_kind="young_person",
                    object_id=young_person_id,
                    young_person_id=young_person_id,
                    detail={"reason": reason},
                )
        if denied:
            raise PermissionDenied("This young person is not in your caseload")
        return actor.with_break_glass(young_person_id)
