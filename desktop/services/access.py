"""Per-person access: who may open a young person, and audited break-glass for restricted ones."""

from __future__ import annotations

from desktop.data.database import Database
from desktop.data.repositories import people
from desktop.data.repositories import settings as settings_repo
from desktop.domain.access import Access, person_access
from desktop.domain.actor import Actor
from desktop.domain.enums import AuditAction
from desktop.domain.errors import NotFound, PermissionDenied, ValidationFailed
from desktop.services import audit
from desktop.services.sessions import checks_session


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
