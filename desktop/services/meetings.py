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

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from desktop.data.database import Database
from desktop.data.repositories import meetings as repo
from desktop.data.repositories.settings import load_thresholds
from desktop.data.tables import Meeting, MeetingAttendee, User
from desktop.data.tables import MeetingCohort as CohortTable
from desktop.domain.access import Access, caseload_scope
from desktop.domain.actor import Actor
from desktop.domain.enums import AuditAction, MeetingOutcome, RiskCategory, Role
from desktop.domain.errors import (
    EditConflict,
    NotFound,
    ValidationFailed,
)
from desktop.domain.meetings import (
    AttendeeView,
    CohortSuggestion,
    MeetingDetail,
    MeetingSummary,
    agenda_items,
    agenda_text,
    suggest_cohort,
)
from desktop.domain.postcodes import PostcodeDirectory
from desktop.services import audit
from desktop.services.clock import Clock, system_clock, uk_date
from desktop.services.meeting_access import MANAGE_ROLES, VIEW_ROLES
from desktop.services.meeting_actions import MeetingActions
from desktop.services.packs import PackService, PackSurface
from desktop.services.sessions import checks_session
from desktop.services.text_limits import check_texts


@checks_session
class MeetingService(MeetingActions, PackSurface):
    """Meetings, their cohort and decisions; actions (MeetingActions); packs and summaries
    through `packs` (desktop.services.packs.PackService, the one place a pack is built)."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = system_clock,
        postcodes: PostcodeDirectory | None = None,
        packs: PackService | None = None,
    ) -> None:
        super().__init__(db, clock=clock, postcodes=postcodes)
        self.packs = packs or PackService(db, clock=clock, postcodes=postcodes)

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
