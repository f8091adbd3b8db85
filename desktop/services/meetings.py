"""MACSE meetings: the list, a meeting's cohort and decisions, the action tracker, and packs.

Who may do what (checked here, for the app and the command line alike):

* MACSE chairs and team managers create and edit meetings, choose the cohort, record decisions
  and set actions. A chair sees every team's young people; a manager their team's.
* Social workers and key persons see the meetings whose cohort includes a young person in their
  caseload (their team's or allocated to them), and update actions about those young people.
* Partner-agency readers and administrators are denied every surface here (a partner reader
  receives a pack the chair shares outside Caseboard); each denial is audited.

Within a meeting each user sees only the young people they may see: out of their scope left
out, a restricted record by initials unless they are allocated or on its access list. A meeting
pack follows the same rule, except that break-glass opened on screen does not carry into it: a
pack is a cohort document for a meeting's audience, not one record opened for a reason.

A case summary is one young person's record on paper, so it obeys exactly the rules of opening
the record (PersonService.open): in full to someone with full access or with break-glass for
that young person in this session, refused otherwise. Never a summary by initials: initials
hide the name, not the case content.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal, NoReturn

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from desktop.data.database import Database
from desktop.data.repositories import meetings as repo
from desktop.data.repositories import person as person_repo
from desktop.data.repositories.settings import load_thresholds
from desktop.data.tables import Action, ActionUpdate, Context, Meeting, MeetingAttendee, User
from desktop.data.tables import MeetingCohort as CohortTable
from desktop.domain.access import Access, caseload_scope, display_name, initials, person_access
from desktop.domain.actor import Actor
from desktop.domain.dates import format_date
from desktop.domain.enums import ActionStatus, AuditAction, MeetingOutcome, RiskCategory, Role
from desktop.domain.errors import (
    EditConflict,
    NotFound,
    PermissionDenied,
    RestrictedRecord,
    ValidationFailed,
)
from desktop.domain.meetings import (
    ActionState,
    ActionUpdateView,
    ActionView,
    AttendeeView,
    CohortMember,
    CohortSuggestion,
    MeetingDetail,
    MeetingSummary,
    NameScrubber,
    PackDocument,
    PackOptions,
    PersonName,
    PersonPack,
    action_reference,
    action_sort_key,
    action_state,
    agenda_items,
    agenda_text,
    conditional_included,
    dashboard_counts,
    professional_names,
    redact_workspace,
    suggest_cohort,
    volt_themes,
)
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.progress import NullProgress, Progress
from desktop.domain.redaction import document_scrub, scrub_strings
from desktop.domain.risk import current_assessment
from desktop.domain.workspace import PersonWorkspace
from desktop.services import audit
from desktop.services.clock import Clock, system_clock, uk_date
from desktop.services.files import check_target, write_private
from desktop.services.person import build_workspace
from desktop.services.sessions import checks_session
from desktop.services.text_limits import check_texts

#: Roles that run meetings: create and edit them, choose the cohort, record decisions, set actions.
MANAGE_ROLES = frozenset({Role.MACSE_CHAIR, Role.TEAM_MANAGER})
#: Roles that see meetings including their young people and update those young people's actions.
VIEW_ROLES = MANAGE_ROLES | {Role.SOCIAL_WORKER, Role.KEY_PERSON}

#: Why a case summary of a restricted record is refused (the same rule as opening it).
RESTRICTED_SUMMARY_MESSAGE = (
    "This young person's record is restricted: a case summary is the whole record, so it "
    "needs break-glass access with your reason first, as opening the record does"
)

PackKind = Literal["pack", "summary"]
Destination = Literal["pdf", "printer"]


@checks_session
class MeetingService:
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

    # -- meetings -------------------------------------------------------------------------

    def list_meetings(self, actor: Actor) -> list[MeetingSummary]:
        """Meetings the actor may see, newest first."""
        self._require(actor, VIEW_ROLES, "meetings")
        with self._db.begin() as session:
            only = self._viewable_meetings(session, actor)
            rows = repo.list_meetings(session, only)
        return [
            MeetingSummary(
                r.id, r.title, r.held_on, r.chair, r.venue, r.status, r.cohort_size, r.open_actions
            )
            for r in rows
        ]

    def get(self, actor: Actor, meeting_id: int) -> MeetingDetail:
        self._require(actor, VIEW_ROLES, "meeting")
        with self._db.begin() as session:
            row, allowed = self._meeting_or_deny(session, actor, meeting_id)
            if row is None:
                raise NotFound("That meeting does not exist")
            if allowed:
                detail = self._detail(session, actor, row, on=uk_date(self._clock()))
        if not allowed:
            self._deny(actor, "meeting", "None of this meeting's young people are in your caseload")
        return detail

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

    def create(
        self,
        actor: Actor,
        title: str,
        held_on: date,
        venue: str,
        chair_id: int | None = None,
    ) -> MeetingDetail:
        """A planned meeting with the default agenda; the chair defaults to a chair creating it."""
        self._require(actor, MANAGE_ROLES, "create meeting")
        check_texts(self._db, {"title": title, "venue": venue})
        title = " ".join(title.split())
        if not title:
            raise ValidationFailed("Give the meeting a title", {"title": "Required"})
        if chair_id is None and actor.role is Role.MACSE_CHAIR:
            chair_id = actor.user_id
        with self._db.begin() as session:
            self._check_chair(session, chair_id)
            m = Meeting(
                title=title,
                held_on=held_on,
                chair_id=chair_id,
                venue=" ".join(venue.split()),
                agenda=agenda_text(agenda_items("")),
                notes="",
                status="planned",
            )
            session.add(m)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATE,
                object_kind="meeting",
                object_id=m.id,
                fields=["title", "held_on", "venue", "chair", "agenda"],
            )
            row = repo.meeting(session, m.id)
            assert row is not None
            return self._detail(session, actor, row, on=uk_date(self._clock()))

    @staticmethod
    def _check_chair(session: Session, chair_id: int | None) -> None:
        if chair_id is None:
            return
        user = session.get(User, chair_id)
        if user is None or not user.active:
            raise ValidationFailed(
                "The chair must be an active Caseboard user", {"chair": "Unknown"}
            )

    def update(
        self,
        actor: Actor,
        meeting_id: int,
        version: int,
        *,
        title: str,
        held_on: date,
        venue: str,
        agenda: tuple[str, ...],
        notes: str,
        attendees: tuple[AttendeeView, ...],
        chair_id: int | None = None,
    ) -> MeetingDetail:
        """Save the meeting form: details, agenda, notes and the attendance list (attendees with
        id None are added, listed ids updated, ids no longer listed removed)."""
        self._require(actor, MANAGE_ROLES, "update meeting")
        check_texts(
            self._db,
            {
                "title": title,
                "venue": venue,
                "notes": notes,
                "agenda": "\n".join(agenda),
                **{
                    f"attendees.{i}.{part}": getattr(a, part)
                    for i, a in enumerate(attendees)
                    for part in ("name", "agency", "role")
                },
            },
        )
        title = " ".join(title.split())
        errors: dict[str, str] = {}
        if not title:
            errors["title"] = "Give the meeting a title"
        for a in attendees:
            if not a.name.strip():
                errors["attendees"] = "Every attendee needs a name"
        if errors:
            raise ValidationFailed(next(iter(errors.values())), errors)
        try:
            with self._db.begin() as session:
                m = session.get(Meeting, meeting_id)
                if m is None:
                    raise NotFound("That meeting does not exist")
                if m.version != version:
                    raise EditConflict(
                        "Someone else saved this meeting since you opened it; reopen it to see "
                        "their changes"
                    )
                if chair_id is not None:
                    self._check_chair(session, chair_id)
                changed: list[str] = []
                new_values: dict[str, Any] = {
                    "title": title,
                    "held_on": held_on,
                    "venue": " ".join(venue.split()),
                    "agenda": agenda_text(agenda),
                    "notes": notes,
                }
                if chair_id is not None:
                    new_values["chair_id"] = chair_id
                for name, value in new_values.items():
                    if getattr(m, name) != value:
                        setattr(m, name, value)
                        changed.append(name)
                if self._save_attendees(session, m.id, attendees):
                    changed.append("attendees")
                if changed:
                    flag_modified(m, "title")  # the version moves even for attendees only
                    audit.record(
                        session,
                        actor,
                        AuditAction.UPDATE,
                        object_kind="meeting",
                        object_id=m.id,
                        fields=changed,
                    )
                session.flush()
                row = repo.meeting(session, m.id)
                assert row is not None
                return self._detail(session, actor, row, on=uk_date(self._clock()))
        except StaleDataError:
            raise EditConflict("Someone else saved this meeting at the same moment") from None

    @staticmethod
    def _save_attendees(
        session: Session, meeting_id: int, attendees: Sequence[AttendeeView]
    ) -> bool:
        rows = {
            a.id: a
            for a in session.scalars(
                select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting_id)
            )
        }
        changed = False
        keep: set[int] = set()
        for a in attendees:
            values = {
                "name": " ".join(a.name.split()),
                "agency": " ".join(a.agency.split()),
                "role": " ".join(a.role.split()),
                "attended": a.attended,
                "on_distribution": a.on_distribution,
            }
            row = rows.get(a.id) if a.id is not None else None
            if row is None:
                session.add(MeetingAttendee(meeting_id=meeting_id, **values))
                changed = True
                continue
            keep.add(row.id)
            for k, v in values.items():
                if getattr(row, k) != v:
                    setattr(row, k, v)
                    changed = True
        for rid, row in rows.items():
            if rid not in keep:
                session.delete(row)
                changed = True
        return changed

    # -- cohort ---------------------------------------------------------------------------

    def suggest_cohort(self, actor: Actor, meeting_id: int) -> list[CohortSuggestion]:
        """Young people the actor may see who meet a suggestion rule (DOMAIN.md's MACSE section),
        highest risk first. Those already in the cohort are included too (with their reasons)."""
        self._require(actor, MANAGE_ROLES, "suggest cohort")
        scope = caseload_scope(actor.role, actor.user_id, actor.team_id)
        assert scope is not None
        now = self._clock()
        with self._db.begin() as session:
            m = repo.meeting(session, meeting_id)
            if m is None:
                raise NotFound("That meeting does not exist")
            previous = repo.previous_meeting(session, m.held_on, m.id)
            continued = repo.continued_at(session, previous[0]) if previous else set()
            thresholds = load_thresholds(session)
            rows = repo.cohort_candidates(session, scope, uk_date(now), continued)
        candidates = [replace(c, display_name=self._name(actor, facts)) for facts, c in rows]
        return suggest_cohort(
            candidates,
            since=previous[1] if previous else None,
            now=now,
            postcodes=self._postcodes,
            thresholds=thresholds,
        )

    def set_cohort(
        self,
        actor: Actor,
        meeting_id: int,
        young_person_ids: Collection[int],
        reasons: dict[int, str],
    ) -> MeetingDetail:
        """Make the cohort the given young people (among those the actor may see: members they
        cannot see are left as they are). A member with a decision recorded cannot be removed."""
        self._require(actor, MANAGE_ROLES, "set cohort")
        check_texts(self._db, {f"reasons.{yp}": text for yp, text in reasons.items()})
        wanted = list(dict.fromkeys(young_person_ids))
        with self._db.begin() as session:
            row = repo.meeting(session, meeting_id)
            if row is None:
                raise NotFound("That meeting does not exist")
            facts = repo.people(session, wanted, actor.user_id)
            unknown = [i for i in wanted if i not in facts]
            if unknown:
                raise NotFound("One of those young people's records does not exist")
            outside = [i for i in wanted if self._access(actor, facts[i]) is Access.NONE]
            if not outside:
                self._write_cohort(session, actor, row, wanted, reasons)
        if outside:
            self._deny(
                actor,
                "set cohort",
                "You can only add young people in your caseload to a meeting",
                young_person_id=outside[0],
            )
        return self.get(actor, meeting_id)

    def _write_cohort(
        self,
        session: Session,
        actor: Actor,
        row: repo.MeetingRow,
        wanted: list[int],
        reasons: dict[int, str],
    ) -> int:
        current = {c.person.id: c for c in repo.cohort(session, row.id, actor.user_id)}
        mine = {i for i, c in current.items() if self._access(actor, c.person) is not Access.NONE}
        changes = 0
        for yp in set(mine) - set(wanted):
            c = current[yp]
            if c.decision.strip() or c.outcome or c.category_agreed:
                name = self._name(actor, c.person)
                raise ValidationFailed(
                    f"{name} has a decision recorded at this meeting and cannot be removed",
                    {"cohort": "Decision recorded"},
                )
            obj = session.get(CohortTable, c.id)
            assert obj is not None
            session.delete(obj)
            audit.record(
                session,
                actor,
                AuditAction.UPDATE,
                object_kind="meeting_cohort",
                object_id=row.id,
                young_person_id=yp,
                fields=["removed"],
            )
            changes += 1
        for yp in wanted:
            reason = " ".join(reasons.get(yp, "").split())[:200]
            if yp in current:
                if yp in reasons and current[yp].reason != reason:
                    obj = session.get(CohortTable, current[yp].id)
                    assert obj is not None
                    obj.reason = reason
                    audit.record(
                        session,
                        actor,
                        AuditAction.UPDATE,
                        object_kind="meeting_cohort",
                        object_id=row.id,
                        young_person_id=yp,
                        fields=["reason"],
                    )
                    changes += 1
                continue
            session.add(
                CohortTable(meeting_id=row.id, young_person_id=yp, reason=reason, decision="")
            )
            audit.record(
                session,
                actor,
                AuditAction.UPDATE,
                object_kind="meeting_cohort",
                object_id=row.id,
                young_person_id=yp,
                fields=["added"],
            )
            changes += 1
        session.flush()
        return changes

    def record_decision(
        self,
        actor: Actor,
        meeting_id: int,
        young_person_id: int,
        category_agreed: RiskCategory | None,
        outcome: MeetingOutcome | None,
        decision: str,
        next_review_on: date | None,
        version: int,
        *,
        include_conditional_intelligence: bool | None = None,
    ) -> MeetingDetail:
        """Record the meeting's decision about one young person (`version` of their cohort row).

        The meeting is then marked held: the young person's chronology lists the decision of a
        held meeting (desktop.domain.chronology derives it from the cohort row).
        """
        self._require(actor, MANAGE_ROLES, "record decision")
        check_texts(self._db, {"decision": decision})
        decision = decision.strip()
        try:
            with self._db.begin() as session:
                m = session.get(Meeting, meeting_id)
                if m is None:
                    raise NotFound("That meeting does not exist")
                rows = {c.person.id: c for c in repo.cohort(session, meeting_id, actor.user_id)}
                c = rows.get(young_person_id)
                if c is None:
                    raise NotFound("That young person is not in this meeting's cohort")
                if self._access(actor, c.person) is Access.NONE:
                    denied = True
                else:
                    denied = False
                    if next_review_on is not None and next_review_on < m.held_on:
                        raise ValidationFailed(
                            "The next review cannot be before the meeting",
                            {"next_review_on": "Before the meeting"},
                        )
                    obj = session.get(CohortTable, c.id)
                    assert obj is not None
                    if obj.version != version:
                        raise EditConflict(
                            "Someone else recorded a decision for this young person since you "
                            "opened the meeting; reopen it to see theirs"
                        )
                    obj.category_agreed = category_agreed.code if category_agreed else None
                    obj.outcome = outcome.value if outcome else None
                    obj.decision = decision
                    obj.next_review_on = next_review_on
                    if include_conditional_intelligence is not None:
                        obj.include_conditional_intelligence = include_conditional_intelligence
                    if m.status != "held":
                        m.status = "held"
                    audit.record(
                        session,
                        actor,
                        AuditAction.UPDATE,
                        object_kind="meeting_cohort",
                        object_id=meeting_id,
                        young_person_id=young_person_id,
                        fields=["category_agreed", "outcome", "decision", "next_review_on"],
                    )
                    session.flush()
        except StaleDataError:
            raise EditConflict("Someone else saved this decision at the same moment") from None
        if denied:
            self._deny(actor, "record decision", young_person_id=young_person_id)
        return self.get(actor, meeting_id)

    # -- actions --------------------------------------------------------------------------

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

    def list_actions(
        self,
        actor: Actor,
        *,
        meeting_id: int | None = None,
        young_person_id: int | None = None,
        states: Collection[ActionState] | None = None,
    ) -> list[ActionView]:
        """Actions about young people the actor may see (and context actions of meetings they
        may see): a meeting's own and those carried forward to it, one young person's, or all;
        overdue first. States are as of today."""
        self._require(actor, VIEW_ROLES, "actions")
        today = uk_date(self._clock())
        denied = False
        with self._db.begin() as session:
            viewable = self._viewable_meetings(session, actor)
            query = repo.ActionQuery(young_person_id=young_person_id)
            if meeting_id is not None:
                row = repo.meeting(session, meeting_id)
                if row is None:
                    raise NotFound("That meeting does not exist")
                denied = viewable is not None and meeting_id not in viewable
                previous = repo.previous_meeting(session, row.held_on, row.id)
                query = replace(
                    query,
                    meeting_id=meeting_id,
                    carried_before=row.held_on,
                    previous_meeting_id=previous[0] if previous else None,
                )
            if young_person_id is not None:
                facts = repo.people(session, [young_person_id], actor.user_id).get(young_person_id)
                if facts is None:
                    raise NotFound("That young person's record does not exist")
                denied = denied or self._access(actor, facts) is Access.NONE
            rows = [] if denied else repo.actions(session, query, actor.user_id)
        if denied:
            self._deny(actor, "actions", young_person_id=young_person_id)
        if viewable is not None:  # context actions only of meetings the actor may see
            rows = [r for r in rows if r.person is not None or r.meeting_id in viewable]
        views = self._action_views(actor, rows, today)
        if states is not None:
            wanted = set(states)
            views = [v for v in views if v.state in wanted]
        return views

    def add_action(
        self,
        actor: Actor,
        *,
        meeting_id: int | None,
        description: str,
        owner_name: str,
        owner_agency: str,
        due_on: date,
        young_person_id: int | None = None,
        context_id: int | None = None,
        set_on: date | None = None,
    ) -> ActionView:
        """A new open action about a young person or a context, referenced MACSE-YYYY-MM-NN."""
        self._require(actor, MANAGE_ROLES, "add action")
        check_texts(
            self._db,
            {"description": description, "owner_name": owner_name, "owner_agency": owner_agency},
        )
        today = uk_date(self._clock())
        errors: dict[str, str] = {}
        if not description.strip():
            errors["description"] = "Say what the action is"
        if not owner_name.strip():
            errors["owner_name"] = "Name the action's owner"
        if not owner_agency.strip():
            errors["owner_agency"] = "Give the owner's agency"
        if (young_person_id is None) == (context_id is None):
            errors["subject"] = "An action is about one young person or one context"
        set_on = set_on or today
        if due_on < set_on:
            errors["due_on"] = "The due date cannot be before the date set"
        if errors:
            raise ValidationFailed(next(iter(errors.values())), errors)
        denied = False
        for attempt in range(3):
            try:
                with self._db.begin() as session:
                    held = set_on
                    if meeting_id is not None:
                        m = repo.meeting(session, meeting_id)
                        if m is None:
                            raise NotFound("That meeting does not exist")
                        held = m.held_on
                    if young_person_id is not None:
                        facts = repo.people(session, [young_person_id], actor.user_id).get(
                            young_person_id
                        )
                        if facts is None:
                            raise NotFound("That young person's record does not exist")
                        if self._access(actor, facts) is Access.NONE:
                            denied = True
                            break
                    if context_id is not None and session.get(Context, context_id) is None:
                        raise NotFound("That context does not exist")
                    prefix = f"MACSE-{held:%Y-%m}-"
                    reference = action_reference(held, repo.references_like(session, prefix))
                    action = Action(
                        reference=reference,
                        meeting_id=meeting_id,
                        young_person_id=young_person_id,
                        context_id=context_id,
                        description=description.strip(),
                        owner_name=" ".join(owner_name.split()),
                        owner_agency=" ".join(owner_agency.split()),
                        set_on=set_on,
                        due_on=due_on,
                        status=ActionStatus.OPEN.value,
                    )
                    session.add(action)
                    session.flush()
                    audit.record(
                        session,
                        actor,
                        AuditAction.CREATE,
                        object_kind="action",
                        object_id=action.id,
                        young_person_id=young_person_id,
                        fields=["description", "owner", "due_on"],
                    )
                    action_id = action.id
                break
            except IntegrityError:  # a colleague took the same reference a moment ago
                if attempt == 2:
                    raise EditConflict("Could not number the action; try again") from None
        if denied:
            self._deny(actor, "add action", young_person_id=young_person_id)
        return self._one_action(actor, action_id)

    def _one_action(self, actor: Actor, action_id: int) -> ActionView:
        with self._db.begin() as session:
            rows = repo.actions(session, repo.ActionQuery(action_id=action_id), actor.user_id)
        views = self._action_views(actor, rows, uk_date(self._clock()))
        if not views:
            raise NotFound("That action does not exist")
        return views[0]

    def update_action(
        self,
        actor: Actor,
        action_id: int,
        version: int,
        *,
        status: ActionStatus,
        due_on: date,
        note: str,
    ) -> ActionView:
        """Change an action's status or due date and add an update note (at least one of the
        three). Done and cancelled record today as the completion date; reopening clears it."""
        self._require(actor, VIEW_ROLES, "update action")
        check_texts(self._db, {"note": note})
        today = uk_date(self._clock())
        denied = False
        try:
            with self._db.begin() as session:
                rows = repo.actions(session, repo.ActionQuery(action_id=action_id), actor.user_id)
                if not rows:
                    raise NotFound("That action does not exist")
                r = rows[0]
                if r.person is not None:
                    denied = self._access(actor, r.person) is Access.NONE
                else:  # context actions: those who run the meetings
                    denied = actor.role not in MANAGE_ROLES
                if not denied:
                    a = session.get(Action, action_id)
                    assert a is not None
                    if a.version != version:
                        raise EditConflict(
                            f"Someone else updated action {a.reference} since you opened it; "
                            "reopen it to see their update"
                        )
                    changed: list[str] = []
                    if status.value != a.status:
                        a.status = status.value
                        a.completed_on = None if status is ActionStatus.OPEN else today
                        changed.append("status")
                    if due_on != a.due_on:
                        if due_on < a.set_on:
                            raise ValidationFailed(
                                "The due date cannot be before the date set",
                                {"due_on": "Before the date set"},
                            )
                        a.due_on = due_on
                        changed.append("due_on")
                    text = note.strip()
                    if not text and not changed:
                        raise ValidationFailed("Nothing to save: add a note", {"note": "Empty"})
                    if not text:
                        text = _auto_note(status if "status" in changed else None, due_on, changed)
                    session.add(ActionUpdate(action_id=a.id, author=actor.display_name, note=text))
                    flag_modified(a, "status")  # the version moves for a note alone too
                    audit.record(
                        session,
                        actor,
                        AuditAction.UPDATE,
                        object_kind="action",
                        object_id=a.id,
                        young_person_id=a.young_person_id,
                        fields=[*changed, "note"],
                    )
                    session.flush()
        except StaleDataError:
            raise EditConflict("Someone else updated this action at the same moment") from None
        if denied:
            self._deny(
                actor,
                "update action",
                "You can only update actions about young people in your caseload",
                young_person_id=r.young_person_id,
            )
        return self._one_action(actor, action_id)

    # -- packs ----------------------------------------------------------------------------

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


def pack_options_detail(options: PackOptions) -> dict[str, Any]:
    """The options as audited: whether a password was set, never the password."""
    return {
        "wider_audience": options.wider_audience,
        "include_conditional": options.include_conditional,
        "password_protected": bool(options.password),
        "marking": options.marking,
    }


def _current(assessments: Sequence[Any]) -> RiskCategory | None:
    current = current_assessment(assessments)
    return current.category if current else None


def _auto_note(status: ActionStatus | None, due_on: date, changed: list[str]) -> str:
    parts: list[str] = []
    if status is not None:
        parts.append(f"Status changed to {status.value}")
    if "due_on" in changed:
        parts.append(f"Due date moved to {format_date(due_on)}")
    return "; ".join(parts)


def _write_pdf(
    doc: PackDocument, out: Path, progress: Progress | None, audit_it: Callable[[int], None]
) -> int:
    """Build the PDF, audit it (`audit_it(pages)`), then move it into place at `out`: an
    unwritable path, a failure, a cancel (Progress.report raising Cancelled) or a failed audit
    entry leaves nothing (desktop.services.files)."""
    from desktop.reports.pack import build_pack

    progress = progress or NullProgress()
    check_target(out)

    def write(fh: BinaryIO) -> int:
        return int(build_pack(doc, fh, progress=progress.report).pages)

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
