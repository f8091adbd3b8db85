"""MACSE meetings, their cohorts and multi-agency actions: fixed queries, frozen rows out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from desktop.data.repositories.caseload import load_caseload_inputs, scope_clause
from desktop.data.tables import (
    Action,
    ActionUpdate,
    Context,
    Meeting,
    MeetingAttendee,
    MeetingCohort,
    RiskAssessment,
    User,
    YoungPerson,
    YoungPersonAccess,
)
from desktop.domain.access import AccessFacts, CaseScope
from desktop.domain.enums import ActionStatus, RiskCategory
from desktop.domain.meetings import AttendeeView, CohortCandidate
from desktop.domain.records import AssessmentRecord


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    title: str
    held_on: date
    chair_id: int | None
    chair: str
    venue: str
    agenda: str
    notes: str
    status: str
    version: int


@dataclass(frozen=True, slots=True)
class MeetingListRow:
    id: int
    title: str
    held_on: date
    chair: str
    venue: str
    status: str
    cohort_size: int
    open_actions: int


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """A young person's names and what decides one user's access to them."""

    id: int
    first_name: str
    last_name: str
    preferred_name: str | None
    restricted: bool
    team_id: int
    allocated: bool
    on_access_list: bool

    @property
    def access_facts(self) -> AccessFacts:
        return AccessFacts(self.team_id, self.restricted, self.allocated, self.on_access_list)


@dataclass(frozen=True, slots=True)
class CohortRow:
    id: int
    meeting_id: int
    person: PersonFacts
    reason: str
    category_agreed: str | None
    outcome: str | None
    decision: str
    next_review_on: date | None
    include_conditional: bool
    version: int


@dataclass(frozen=True, slots=True)
class ActionUpdateRow:
    at: datetime
    author: str
    note: str


@dataclass(frozen=True, slots=True)
class ActionRow:
    id: int
    reference: str
    meeting_id: int | None
    meeting_held_on: date | None
    young_person_id: int | None
    person: PersonFacts | None
    context_id: int | None
    context_name: str
    description: str
    owner_name: str
    owner_agency: str
    set_on: date
    due_on: date
    status: str
    completed_on: date | None
    version: int
    updates: tuple[ActionUpdateRow, ...]


def _rows(session: Session, stmt: Any) -> Iterable[tuple[Any, ...]]:
    for row in session.execute(stmt):
        yield cast(tuple[Any, ...], row)


# -- meetings ---------------------------------------------------------------------------------


def _chair_name() -> Any:
    return func.coalesce(User.display_name, "")


def meeting(session: Session, meeting_id: int) -> MeetingRow | None:
    row = session.execute(
        select(
            Meeting.id,
            Meeting.title,
            Meeting.held_on,
            Meeting.chair_id,
            _chair_name(),
            Meeting.venue,
            Meeting.agenda,
            Meeting.notes,
            Meeting.status,
            Meeting.version,
        )
        .outerjoin(User, User.id == Meeting.chair_id)
        .where(Meeting.id == meeting_id)
    ).one_or_none()
    if row is None:
        return None
    values = list(row)
    values[5], values[6], values[7] = values[5] or "", values[6] or "", values[7] or ""
    return MeetingRow(*values)


def list_meetings(session: Session, only: Collection[int] | None = None) -> list[MeetingListRow]:
    """Every meeting (or those in `only`), newest first, with cohort size and open actions."""
    cohort = (
        select(func.count(MeetingCohort.id))
        .where(MeetingCohort.meeting_id == Meeting.id)
        .correlate(Meeting)
        .scalar_subquery()
    )
    open_actions = (
        select(func.count(Action.id))
        .where(Action.meeting_id == Meeting.id, Action.status == ActionStatus.OPEN.value)
        .correlate(Meeting)
        .scalar_subquery()
    )
    where: ColumnElement[bool] = true() if only is None else Meeting.id.in_(list(only))
    stmt = (
        select(
            Meeting.id,
            Meeting.title,
            Meeting.held_on,
            _chair_name(),
            Meeting.venue,
            Meeting.status,
            cohort,
            open_actions,
        )
        .outerjoin(User, User.id == Meeting.chair_id)
        .where(where)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    return [
        MeetingListRow(r[0], r[1], r[2], r[3], r[4] or "", r[5], int(r[6]), int(r[7]))
        for r in _rows(session, stmt)
    ]


def meetings_in_scope(session: Session, scope: CaseScope) -> set[int]:
    """Meetings whose cohort includes a young person the user may list."""
    stmt = (
        select(MeetingCohort.meeting_id)
        .join(YoungPerson, YoungPerson.id == MeetingCohort.young_person_id)
        .where(scope_clause(scope))
        .distinct()
    )
    return set(session.scalars(stmt))


def previous_meeting(session: Session, held_on: date, meeting_id: int) -> tuple[int, date] | None:
    """The meeting before this one (earlier date, or the same date and a lower id)."""
    row = session.execute(
        select(Meeting.id, Meeting.held_on)
        .where(
            Meeting.id != meeting_id,
            or_(
                Meeting.held_on < held_on,
                and_(Meeting.held_on == held_on, Meeting.id < meeting_id),
            ),
        )
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1)
    ).one_or_none()
    return (row[0], row[1]) if row else None


def latest_meeting_before(session: Session, on: date) -> tuple[int, date] | None:
    row = session.execute(
        select(Meeting.id, Meeting.held_on)
        .where(Meeting.held_on < on)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1)
    ).one_or_none()
    return (row[0], row[1]) if row else None


def attendees(session: Session, meeting_id: int) -> tuple[AttendeeView, ...]:
    a = MeetingAttendee
    stmt = (
        select(a.id, a.name, a.agency, a.role, a.attended, a.on_distribution)
        .where(a.meeting_id == meeting_id)
        .order_by(a.attended.desc(), a.id)
    )
    return tuple(
        AttendeeView(r[0], r[1], r[2], r[3] or "", bool(r[4]), bool(r[5]))
        for r in _rows(session, stmt)
    )


# -- young people -----------------------------------------------------------------------------


def _person_columns(user_id: int) -> tuple[Any, ...]:
    listed = (
        exists()
        .where(
            YoungPersonAccess.young_person_id == YoungPerson.id,
            YoungPersonAccess.user_id == user_id,
        )
        .correlate(YoungPerson)
    )
    allocated = or_(YoungPerson.social_worker_id == user_id, YoungPerson.key_person_id == user_id)
    return (
        YoungPerson.id,
        YoungPerson.first_name,
        YoungPerson.last_name,
        YoungPerson.preferred_name,
        YoungPerson.restricted,
        YoungPerson.team_id,
        allocated,
        listed,
    )


def _facts(values: Iterable[Any]) -> PersonFacts:
    yp, first, last, preferred, restricted, team, allocated, listed = values
    return PersonFacts(
        yp, first, last, preferred, bool(restricted), team, bool(allocated), bool(listed)
    )


def people(session: Session, ids: Collection[int], user_id: int) -> dict[int, PersonFacts]:
    if not ids:
        return {}
    stmt = select(*_person_columns(user_id)).where(YoungPerson.id.in_(list(ids)))
    return {r[0]: _facts(r) for r in _rows(session, stmt)}


def dates_of_birth(session: Session, ids: Collection[int]) -> dict[int, date | None]:
    """The young people's real dates of birth, for a document to withhold from free text."""
    if not ids:
        return {}
    stmt = select(YoungPerson.id, YoungPerson.date_of_birth).where(YoungPerson.id.in_(list(ids)))
    return {yp: dob for yp, dob in session.execute(stmt)}


def cohort(session: Session, meeting_id: int, user_id: int) -> list[CohortRow]:
    mc = MeetingCohort
    stmt = (
        select(
            mc.id,
            mc.meeting_id,
            *_person_columns(user_id),
            mc.reason,
            mc.category_agreed,
            mc.outcome,
            mc.decision,
            mc.next_review_on,
            mc.include_conditional_intelligence,
            mc.version,
        )
        .join(YoungPerson, YoungPerson.id == mc.young_person_id)
        .where(mc.meeting_id == meeting_id)
        .order_by(YoungPerson.last_name, YoungPerson.first_name, YoungPerson.id)
    )
    return [
        CohortRow(
            r[0],
            r[1],
            _facts(r[2:10]),
            r[10] or "",
            r[11],
            r[12],
            r[13] or "",
            r[14],
            bool(r[15]),
            r[16],
        )
        for r in _rows(session, stmt)
    ]


def continued_at(session: Session, meeting_id: int) -> set[int]:
    """Young people the meeting decided to keep open ("continue")."""
    stmt = select(MeetingCohort.young_person_id).where(
        MeetingCohort.meeting_id == meeting_id, MeetingCohort.outcome == "continue"
    )
    return set(session.scalars(stmt))


def confirmed_assessments(
    session: Session, ids: Collection[int] | None = None, where: ColumnElement[bool] | None = None
) -> dict[int, list[AssessmentRecord]]:
    """Every confirmed assessment (superseded ones too: the rules drop them), by young person."""
    ra = RiskAssessment
    stmt = select(
        ra.young_person_id,
        ra.id,
        ra.assessed_on,
        func.coalesce(ra.override_category, ra.computed_category),
        ra.total_score,
        ra.supersedes_id,
    ).where(ra.confirmed_at.is_not(None))
    if ids is not None:
        if not ids:
            return {}
        stmt = stmt.where(ra.young_person_id.in_(list(ids)))
    if where is not None:
        stmt = stmt.join(YoungPerson, YoungPerson.id == ra.young_person_id).where(where)
    out: dict[int, list[AssessmentRecord]] = defaultdict(list)
    for yp, aid, on, category, score, supersedes in _rows(session, stmt.order_by(ra.id)):
        out[yp].append(
            AssessmentRecord(aid, on, RiskCategory.from_code(category), score, True, supersedes)
        )
    return dict(out)


def cohort_candidates(
    session: Session, scope: CaseScope, today: date, continued: Collection[int]
) -> list[tuple[PersonFacts, CohortCandidate]]:
    """Every open young person the user may list, with what the suggestion rules read.

    The display name is left blank: the service names each by the user's access.
    """
    inputs = load_caseload_inputs(session, scope, today)
    assessments = confirmed_assessments(session, where=scope_clause(scope))
    ids = [p.id for p in inputs.people]
    facts = people(session, ids, scope.user_id)
    out: list[tuple[PersonFacts, CohortCandidate]] = []
    for p in inputs.people:
        out.append(
            (
                facts[p.id],
                CohortCandidate(
                    young_person_id=p.id,
                    display_name="",
                    date_of_birth=p.date_of_birth,
                    responsible_la=p.responsible_la_code,
                    assessments=tuple(assessments.get(p.id, ())),
                    missing=tuple(inputs.missing.get(p.id, ())),
                    placements=tuple(inputs.placements.get(p.id, ())),
                    continued_last_time=p.id in continued,
                ),
            )
        )
    return out


# -- actions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionQuery:
    """Which actions: a meeting's own plus those carried forward to it, or one young person's."""

    meeting_id: int | None = None
    #: With meeting_id: also open actions of earlier meetings, and every action of the meeting
    #: before (reviewed under "actions from the last meeting").
    carried_before: date | None = None
    previous_meeting_id: int | None = None
    young_person_id: int | None = None
    meeting_ids: Collection[int] | None = None  # limit to these meetings (None: any)
    action_id: int | None = None


def actions(session: Session, query: ActionQuery, user_id: int) -> list[ActionRow]:
    """Actions with their young person's facts, context name and updates (two statements)."""
    a = Action
    held = aliased(Meeting)
    clauses: list[ColumnElement[bool]] = []
    if query.action_id is not None:
        clauses.append(a.id == query.action_id)
    if query.meeting_id is not None:
        mine: ColumnElement[bool] = a.meeting_id == query.meeting_id
        if query.carried_before is not None:
            mine = or_(
                mine,
                and_(held.held_on < query.carried_before, a.status == ActionStatus.OPEN.value),
            )
        if query.previous_meeting_id is not None:
            mine = or_(mine, a.meeting_id == query.previous_meeting_id)
        clauses.append(mine)
    if query.young_person_id is not None:
        clauses.append(a.young_person_id == query.young_person_id)
    if query.meeting_ids is not None:
        clauses.append(a.meeting_id.in_(list(query.meeting_ids)))
    person_cols = _person_columns(user_id)
    stmt = (
        select(
            a.id,
            a.reference,
            a.meeting_id,
            held.held_on,
            a.young_person_id,
            a.context_id,
            func.coalesce(Context.name, ""),
            a.description,
            a.owner_name,
            a.owner_agency,
            a.set_on,
            a.due_on,
            a.status,
            a.completed_on,
            a.version,
            *person_cols,
        )
        .outerjoin(held, held.id == a.meeting_id)
        .outerjoin(Context, Context.id == a.context_id)
        .outerjoin(YoungPerson, YoungPerson.id == a.young_person_id)
        .where(*clauses)
        .order_by(a.due_on, a.id)
    )
    rows = list(_rows(session, stmt))
    updates: dict[int, list[ActionUpdateRow]] = defaultdict(list)
    if rows:
        ids = [r[0] for r in rows]
        u = ActionUpdate
        for action_id, at, author, note in _rows(
            session,
            select(u.action_id, u.at, u.author, u.note)
            .where(u.action_id.in_(ids))
            .order_by(u.at, u.id),
        ):
            updates[action_id].append(ActionUpdateRow(at, author, note or ""))
    out: list[ActionRow] = []
    for r in rows:
        person = _facts(r[15:23]) if r[15] is not None else None
        out.append(
            ActionRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                person,
                r[5],
                r[6],
                r[7] or "",
                r[8],
                r[9],
                r[10],
                r[11],
                r[12],
                r[13],
                r[14],
                tuple(updates.get(r[0], ())),
            )
        )
    return out


def references_like(session: Session, prefix: str) -> list[str]:
    return list(
        session.scalars(select(Action.reference).where(Action.reference.like(f"{prefix}%")))
    )


__all__ = [
    "ActionQuery",
    "ActionRow",
    "ActionUpdateRow",
    "CohortRow",
    "MeetingListRow",
    "MeetingRow",
    "PersonFacts",
    "actions",
    "attendees",
    "cohort",
    "cohort_candidates",
    "confirmed_assessments",
    "continued_at",
    "latest_meeting_before",
    "list_meetings",
    "meeting",
    "meetings_in_scope",
    "people",
    "previous_meeting",
    "references_like",
]
