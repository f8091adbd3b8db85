"""What every MACSE meetings surface shares: who may see which meeting and young person (and
how each is named), the audited denials, and a meeting and its actions as the actor may see
them. MeetingService (desktop.services.meetings), its actions (meeting_actions) and packs
(desktop.services.packs) build on it; the rules are described in desktop.services.meetings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NoReturn

from sqlalchemy.orm import Session

from desktop.data.database import Database
from desktop.data.repositories import meetings as repo
from desktop.domain.access import Access, caseload_scope, display_name, initials, person_access
from desktop.domain.actor import Actor
from desktop.domain.enums import ActionStatus, AuditAction, MeetingOutcome, RiskCategory, Role
from desktop.domain.errors import (
    PermissionDenied,
    RestrictedRecord,
)
from desktop.domain.meetings import (
    ActionUpdateView,
    ActionView,
    CohortMember,
    MeetingDetail,
    NameScrubber,
    PersonName,
    action_sort_key,
    action_state,
    agenda_items,
)
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.risk import current_assessment
from desktop.services import audit
from desktop.services.clock import Clock, system_clock

#: Roles that run meetings: create and edit them, choose the cohort, record decisions, set actions.
MANAGE_ROLES = frozenset({Role.MACSE_CHAIR, Role.TEAM_MANAGER})
#: Roles that see meetings including their young people and update those young people's actions.
VIEW_ROLES = MANAGE_ROLES | {Role.SOCIAL_WORKER, Role.KEY_PERSON}

#: Why a case summary of a restricted record is refused (the same rule as opening it).
RESTRICTED_SUMMARY_MESSAGE = (
    "This young person's record is restricted: a case summary is the whole record, so it "
    "needs break-glass access with your reason first, as opening the record does"
)


class MeetingAccess:
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

    # -- permissions ----------------------------------------------------------------------

    def _deny(
        self,
        actor: Actor,
        surface: str,
        message: str | None = None,
        young_person_id: int | None = None,
    ) -> NoReturn:
        with self._db.begin() as session:
            audit.record(
                session,
                actor,
                AuditAction.PERMISSION_DENIED,
                young_person_id=young_person_id,
                detail={"surface": surface},
            )
        raise PermissionDenied(
            message or f"{actor.role.with_article(capital=True)} cannot use MACSE meetings"
        )

    def _require(self, actor: Actor, roles: frozenset[Role], surface: str) -> None:
        if actor.role not in roles:
            if actor.role in VIEW_ROLES:
                self._deny(
                    actor,
                    surface,
                    "Only a MACSE chair or a team manager can change meetings and set actions",
                )
            self._deny(actor, surface)

    def _deny_restricted(self, actor: Actor, young_person_id: int) -> NoReturn:
        """A restricted record the actor may see by initials only: audited, break-glass first."""
        with self._db.begin() as session:
            audit.record(
                session,
                actor,
                AuditAction.PERMISSION_DENIED,
                object_kind="young_person",
                object_id=young_person_id,
                young_person_id=young_person_id,
                detail={"surface": "case summary", "access": Access.INITIALS.value},
            )
        raise RestrictedRecord(RESTRICTED_SUMMARY_MESSAGE)

    @staticmethod
    def _access(actor: Actor, facts: repo.PersonFacts, *, printing: bool = False) -> Access:
        """`printing` is for a meeting pack, which break-glass opened on screen does not reach."""
        glass = not printing and facts.id in actor.break_glass
        return person_access(actor.role, actor.team_id, facts.access_facts, break_glass=glass)

    @classmethod
    def _name(cls, actor: Actor, facts: repo.PersonFacts, *, printing: bool = False) -> str:
        access = cls._access(actor, facts, printing=printing)
        return display_name(
            facts.first_name,
            facts.last_name,
            facts.preferred_name,
            restricted=facts.restricted,
            has_access=access is Access.FULL,
        )

    def _viewable_meetings(self, session: Session, actor: Actor) -> set[int] | None:
        """None: every meeting (chairs and managers); else those including their young people."""
        if actor.role in MANAGE_ROLES:
            return None
        scope = caseload_scope(actor.role, actor.user_id, actor.team_id)
        assert scope is not None
        return repo.meetings_in_scope(session, scope)

    def _meeting_or_deny(
        self, session: Session, actor: Actor, meeting_id: int
    ) -> tuple[repo.MeetingRow | None, bool]:
        row = repo.meeting(session, meeting_id)
        if row is None:
            return None, True
        allowed = self._viewable_meetings(session, actor)
        return row, allowed is None or meeting_id in allowed

    def _detail(
        self,
        session: Session,
        actor: Actor,
        row: repo.MeetingRow,
        *,
        on: date,
        printing: bool = False,
        wider_audience: bool = False,
    ) -> MeetingDetail:
        cohort = repo.cohort(session, row.id, actor.user_id)
        visible = [
            c for c in cohort if self._access(actor, c.person, printing=printing) is not Access.NONE
        ]
        assessments = repo.confirmed_assessments(session, [c.person.id for c in visible])
        previous = repo.previous_meeting(session, row.held_on, row.id)
        members = tuple(
            CohortMember(
                young_person_id=c.person.id,
                display_name=(
                    initials(c.person.first_name, c.person.last_name)
                    if wider_audience
                    else self._name(actor, c.person, printing=printing)
                ),
                reason=c.reason,
                current_category=_current(assessments.get(c.person.id, [])),
                category_agreed=RiskCategory.from_code(c.category_agreed)
                if c.category_agreed
                else None,
                outcome=MeetingOutcome(c.outcome) if c.outcome else None,
                decision=c.decision,
                next_review_on=c.next_review_on,
                include_conditional_intelligence=c.include_conditional,
                version=c.version,
            )
            for c in visible
        )
        query = repo.ActionQuery(
            meeting_id=row.id,
            carried_before=row.held_on,
            previous_meeting_id=previous[0] if previous else None,
        )
        action_rows = repo.actions(session, query, actor.user_id)
        actions = self._action_views(
            actor, action_rows, on, printing=printing, wider_audience=wider_audience
        )
        return MeetingDetail(
            id=row.id,
            title=row.title,
            held_on=row.held_on,
            chair_id=row.chair_id,
            chair=row.chair,
            venue=row.venue,
            status=row.status,
            agenda=agenda_items(row.agenda),
            notes=row.notes,
            attendees=repo.attendees(session, row.id),
            cohort=members,
            actions=tuple(actions),
            previous_held_on=previous[1] if previous else None,
            version=row.version,
        )

    def _action_views(
        self,
        actor: Actor,
        rows: Iterable[repo.ActionRow],
        on: date,
        *,
        printing: bool = False,
        wider_audience: bool = False,
    ) -> list[ActionView]:
        views: list[ActionView] = []
        for r in rows:
            if r.person is not None:
                access = self._access(actor, r.person, printing=printing)
                if access is Access.NONE:
                    continue
                hide = wider_audience or access is Access.INITIALS
                subject = (
                    initials(r.person.first_name, r.person.last_name)
                    if wider_audience
                    else self._name(actor, r.person, printing=printing)
                )
                description = r.description
                if hide:
                    scrub = NameScrubber(
                        [
                            PersonName(
                                r.person.first_name, r.person.last_name, r.person.preferred_name
                            )
                        ]
                    )
                    description = scrub(description)
            else:
                subject, description = r.context_name or "General", r.description
            status = ActionStatus(r.status)
            views.append(
                ActionView(
                    id=r.id,
                    reference=r.reference,
                    meeting_id=r.meeting_id,
                    young_person_id=r.young_person_id,
                    subject=subject,
                    description=description,
                    owner_name=r.owner_name,
                    owner_agency=r.owner_agency,
                    set_on=r.set_on,
                    due_on=r.due_on,
                    status=status,
                    completed_on=r.completed_on,
                    state=action_state(status, r.due_on, on),
                    updates=tuple(ActionUpdateView(u.at, u.author, u.note) for u in r.updates),
                    version=r.version,
                )
            )
        views.sort(key=action_sort_key)
        return views


def _current(assessments: Sequence[Any]) -> RiskCategory | None:
    current = current_assessment(assessments)
    return current.category if current else None
