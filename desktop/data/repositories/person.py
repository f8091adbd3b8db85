"""Everything about one young person, in a fixed number of statements whatever the record's size.

One statement per kind of row (explicit joins for names, IN-subqueries for the linked young
people), never one per row; relationships stay lazy="raise", so nothing loads behind our back.
Returns frozen rows, never ORM objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Executable, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from desktop.data.tables import (
    Associate,
    AssociateLink,
    ChronologyEntry,
    Contact,
    Context,
    ContextLink,
    DisruptionActivity,
    ManualFlag,
    Meeting,
    MeetingCohort,
    MissingEpisode,
    PlacementEpisode,
    ReturnInterview,
    RiskAssessment,
    RiskAssessmentAnswer,
    RiskInstrument,
    RiskInstrumentItem,
    Team,
    User,
    YoungPerson,
    YoungPersonAccess,
)
from desktop.domain.chronology import EntryRecord, MeetingDecision
from desktop.domain.enums import (
    ChronologyCategory,
    DatePrecision,
    ItemTiming,
    MeetingOutcome,
    RiskCategory,
)
from desktop.domain.records import Instrument, InstrumentBand, InstrumentItem
from desktop.domain.workspace import AnswerView, DisruptionView


@dataclass(frozen=True, slots=True)
class PersonDetails:
    id: int
    reference: str
    first_name: str
    last_name: str
    preferred_name: str | None
    date_of_birth: date
    gender: str
    ethnicity: str
    involvement: str | None
    school: str
    home_postcode: str | None
    responsible_la_code: str | None
    team_id: int
    team: str
    social_worker: str
    key_person: str
    contact_target_days: int | None
    restricted: bool
    plan: str
    version: int


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    id: int
    instrument_code: str
    instrument_name: str
    instrument_kind: str
    assessed_on: date
    total_score: int | None
    band_label: str
    computed_category: str
    override_category: str | None
    override_reason: str | None
    assessor: str
    assessor_agency: str
    rationale: str
    young_person_words: str
    confirmed_by: str | None
    confirmed_at: datetime | None
    supersedes_id: int | None
    recorded_at: datetime | None
    answers: tuple[AnswerView, ...]


@dataclass(frozen=True, slots=True)
class PlacementRow:
    id: int
    decom: date
    rne: str
    ls: str
    place: str
    provider: str
    dec: date | None
    rec: str | None
    reason_place_change: str | None
    home_postcode: str | None
    placement_postcode: str | None
    urn: str | None
    version: int


@dataclass(frozen=True, slots=True)
class MissingRow:
    id: int
    kind: str
    started_at: datetime
    ended_at: datetime | None
    police_risk_grade: str | None
    reported_by: str
    where_found: str
    found_with: str
    notes: str
    version: int
    rhi_id: int | None
    rhi_offered_at: datetime | None
    rhi_accepted: bool | None
    rhi_declined_reason: str | None
    rhi_completed_at: datetime | None
    rhi_completed_by: str
    rhi_key_disclosures: str
    rhi_version: int | None


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    occurred_at: datetime
    kind: str
    duration_minutes: int | None
    initiated_by: str
    location: str
    with_whom: str
    worker: str
    worker_agency: str
    summary: str
    young_person_said: str
    significant: bool
    version: int


@dataclass(frozen=True, slots=True)
class OtherPerson:
    """Another young person linked to the same associate or context, with the viewer's facts."""

    young_person_id: int
    first_name: str
    last_name: str
    preferred_name: str | None
    restricted: bool
    team_id: int
    allocated: bool  # the viewer is their social worker or key person
    on_access_list: bool


@dataclass(frozen=True, slots=True)
class AssociateRow:
    link_id: int
    associate_id: int
    name: str
    aliases: str
    role: str
    source_grade: str | None
    intelligence_grade: str | None
    handling_code: str
    intelligence: str
    others: tuple[OtherPerson, ...]


@dataclass(frozen=True, slots=True)
class ContextRow:
    link_id: int
    context_id: int
    kind: str
    name: str
    description: str
    postcode: str | None
    notes: str
    handling_code: str
    others: tuple[OtherPerson, ...]


@dataclass(frozen=True, slots=True)
class PersonInputs:
    """One young person's whole record as stored, for the workspace's rules."""

    person: PersonDetails
    entries: tuple[EntryRecord, ...]
    assessments: tuple[AssessmentRow, ...]  # by assessed_on, id
    placements: tuple[PlacementRow, ...]  # by decom, id
    missing: tuple[MissingRow, ...]  # by started_at, id
    contacts: tuple[ContactRow, ...]  # by occurred_at, id
    associates: tuple[AssociateRow, ...]
    contexts: tuple[ContextRow, ...]
    disruption: tuple[DisruptionView, ...]  # newest first
    meetings: tuple[MeetingDecision, ...]  # by held_on
    manual_flags: tuple[tuple[str, str], ...]  # (label, reason), oldest first
    instruments: tuple[Instrument, ...]  # active ones, with items and bands


def _rows(session: Session, stmt: Executable) -> Iterator[tuple[Any, ...]]:
    """Rows as plain tuples: these wide selects are read by position into frozen rows."""
    for row in session.execute(stmt):
        yield cast(tuple[Any, ...], row)


def _name(user: Any) -> Any:
    return func.coalesce(user.display_name, "")


def _text(column: Any) -> Any:
    """Blank for NULL, so optional text arrives as a string."""
    return func.coalesce(column, "")


def load_person(session: Session, young_person_id: int, viewer_id: int) -> PersonInputs | None:
    """The record of one young person (None when there is none); `viewer_id` decides which
    linked young people the viewer is allocated to or listed for."""
    person = _person(session, young_person_id)
    if person is None:
        return None
    yp = young_person_id
    return PersonInputs(
        person=person,
        entries=_entries(session, yp),
        assessments=_assessments(session, yp),
        placements=_placements(session, yp),
        missing=_missing(session, yp),
        contacts=_contacts(session, yp),
        associates=_associates(session, yp, viewer_id),
        contexts=_contexts(session, yp, viewer_id),
        disruption=_disruption(session, yp),
        meetings=_meetings(session, yp),
        manual_flags=_manual_flags(session, yp),
        instruments=load_instruments(session),
    )


def _person(session: Session, yp: int) -> PersonDetails | None:
    sw, kp = aliased(User), aliased(User)
    row = session.execute(
        select(
            YoungPerson.id,
            YoungPerson.reference,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.preferred_name,
            YoungPerson.date_of_birth,
            _text(YoungPerson.gender),
            _text(YoungPerson.ethnicity),
            YoungPerson.involvement,
            _text(YoungPerson.school),
            YoungPerson.home_postcode,
            YoungPerson.responsible_la_code,
            YoungPerson.team_id,
            Team.name,
            _name(sw),
            _name(kp),
            YoungPerson.contact_target_days,
            YoungPerson.restricted,
            _text(YoungPerson.plan),
            YoungPerson.version,
        )
        .join(Team, Team.id == YoungPerson.team_id)
        .outerjoin(sw, sw.id == YoungPerson.social_worker_id)
        .outerjoin(kp, kp.id == YoungPerson.key_person_id)
        .where(YoungPerson.id == yp)
    ).one_or_none()
    if row is None:
        return None
    return PersonDetails(*cast(tuple[Any, ...], row))


def _entries(session: Session, yp: int) -> tuple[EntryRecord, ...]:
    ce = ChronologyEntry
    author = aliased(User)
    rows = _rows(
        session,
        select(
            ce.id,
            ce.event_date,
            ce.date_precision,
            ce.end_date,
            ce.category,
            ce.source_agency,
            _text(ce.source_person),
            _text(ce.description),
            _text(ce.analysis),
            ce.significant,
            _name(author),
            ce.recorded_at,
            ce.linked_kind,
            ce.linked_id,
            ce.version,
        )
        .outerjoin(author, author.id == ce.author_id)
        .where(ce.young_person_id == yp)
        .order_by(ce.event_date, ce.id),
    )
    return tuple(
        EntryRecord(
            id=r[0],
            event_date=r[1],
            precision=DatePrecision(r[2]),
            end_date=r[3],
            category=ChronologyCategory(r[4]),
            source_agency=r[5],
            source_person=r[6],
            description=r[7],
            analysis=r[8],
            significant=bool(r[9]),
            author=r[10],
            recorded_at=r[11],
            linked_kind=r[12],
            linked_id=r[13],
            version=r[14],
        )
        for r in rows
    )


def _answers(session: Session, yp: int) -> dict[int, list[AnswerView]]:
    ans, item = RiskAssessmentAnswer, RiskInstrumentItem
    rows = _rows(
        session,
        select(ans.assessment_id, item.code, item.label, item.group, ans.timing)
        .join(item, item.id == ans.item_id)
        .join(RiskAssessment, RiskAssessment.id == ans.assessment_id)
        .where(RiskAssessment.young_person_id == yp)
        .order_by(ans.assessment_id, item.sort_order, item.id),
    )
    out: dict[int, list[AnswerView]] = defaultdict(list)
    for aid, code, label, group, timing in rows:
        out[aid].append(AnswerView(code, label, group, ItemTiming(timing)))
    return out


def _assessments(session: Session, yp: int) -> tuple[AssessmentRow, ...]:
    ra = RiskAssessment
    assessor, confirmer = aliased(User), aliased(User)
    answers = _answers(session, yp)
    rows = _rows(
        session,
        select(
            ra.id,
            RiskInstrument.code,
            RiskInstrument.name,
            RiskInstrument.kind,
            ra.assessed_on,
            ra.total_score,
            ra.band_label,
            ra.computed_category,
            ra.override_category,
            ra.override_reason,
            _name(assessor),
            _text(assessor.agency),
            _text(ra.rationale),
            _text(ra.young_person_words),
            confirmer.display_name,
            ra.confirmed_at,
            ra.supersedes_id,
            ra.recorded_at,
        )
        .join(RiskInstrument, RiskInstrument.id == ra.instrument_id)
        .outerjoin(assessor, assessor.id == ra.assessor_id)
        .outerjoin(confirmer, confirmer.id == ra.confirmed_by_id)
        .where(ra.young_person_id == yp)
        .order_by(ra.assessed_on, ra.id),
    )
    return tuple(AssessmentRow(*(*r, tuple(answers.get(r[0], ())))) for r in rows)


def _placements(session: Session, yp: int) -> tuple[PlacementRow, ...]:
    pe = PlacementEpisode
    rows = _rows(
        session,
        select(
            pe.id,
            pe.decom,
            pe.rne,
            pe.legal_status,
            pe.place,
            _text(pe.provider_name),
            pe.dec,
            pe.rec,
            pe.reason_place_change,
            pe.home_postcode,
            pe.placement_postcode,
            pe.urn,
            pe.version,
        )
        .where(pe.young_person_id == yp)
        .order_by(pe.decom, pe.id),
    )
    return tuple(PlacementRow(*r) for r in rows)


def _missing(session: Session, yp: int) -> tuple[MissingRow, ...]:
    me, ri = MissingEpisode, ReturnInterview
    rows = _rows(
        session,
        select(
            me.id,
            me.kind,
            me.started_at,
            me.ended_at,
            me.police_risk_grade,
            _text(me.reported_by),
            _text(me.where_found),
            _text(me.found_with),
            _text(me.notes),
            me.version,
            ri.id,
            ri.offered_at,
            ri.accepted,
            ri.declined_reason,
            ri.completed_at,
            _text(ri.completed_by),
            _text(ri.key_disclosures),
            ri.version,
        )
        .outerjoin(ri, ri.episode_id == me.id)
        .where(me.young_person_id == yp)
        .order_by(me.started_at, me.id),
    )
    return tuple(MissingRow(*r) for r in rows)


def _contacts(session: Session, yp: int) -> tuple[ContactRow, ...]:
    c, worker = Contact, aliased(User)
    rows = _rows(
        session,
        select(
            c.id,
            c.occurred_at,
            c.kind,
            c.duration_minutes,
            _text(c.initiated_by),
            _text(c.location),
            c.with_whom,
            _name(worker),
            _text(worker.agency),
            _text(c.summary),
            _text(c.young_person_said),
            c.significant,
            c.version,
        )
        .outerjoin(worker, worker.id == c.worker_id)
        .where(c.young_person_id == yp)
        .order_by(c.occurred_at, c.id),
    )
    return tuple(ContactRow(*r) for r in rows)


def _others_columns(viewer_id: int) -> tuple[Any, ...]:
    on_list = (
        exists()
        .where(
            YoungPersonAccess.young_person_id == YoungPerson.id,
            YoungPersonAccess.user_id == viewer_id,
        )
        .correlate(YoungPerson)
    )
    allocated = or_(
        YoungPerson.social_worker_id == viewer_id, YoungPerson.key_person_id == viewer_id
    )
    return (
        YoungPerson.id,
        YoungPerson.first_name,
        YoungPerson.last_name,
        YoungPerson.preferred_name,
        YoungPerson.restricted,
        YoungPerson.team_id,
        allocated,
        on_list,
    )


def _collect_others(rows: Iterable[Any]) -> dict[int, tuple[OtherPerson, ...]]:
    out: dict[int, dict[int, OtherPerson]] = defaultdict(dict)
    for key, pid, first, last, preferred, restricted, team_id, allocated, listed in rows:
        out[key][pid] = OtherPerson(
            pid, first, last, preferred, bool(restricted), team_id, bool(allocated), bool(listed)
        )
    return {k: tuple(v.values()) for k, v in out.items()}


def _associates(session: Session, yp: int, viewer_id: int) -> tuple[AssociateRow, ...]:
    link, other = AssociateLink, aliased(AssociateLink)
    mine = select(link.associate_id).where(link.young_person_id == yp)
    others = _collect_others(
        _rows(
            session,
            select(other.associate_id, *_others_columns(viewer_id))
            .join(YoungPerson, YoungPerson.id == other.young_person_id)
            .where(other.associate_id.in_(mine), other.young_person_id != yp)
            .order_by(other.associate_id, YoungPerson.last_name, YoungPerson.id),
        )
    )
    rows = _rows(
        session,
        select(
            link.id,
            Associate.id,
            Associate.name,
            _text(Associate.aliases),
            link.role,
            link.source_grade,
            link.intelligence_grade,
            link.handling_code,
            _text(link.intelligence),
        )
        .join(Associate, Associate.id == link.associate_id)
        .where(link.young_person_id == yp)
        .order_by(Associate.name, link.id),
    )
    return tuple(AssociateRow(*(*r, others.get(r[1], ()))) for r in rows)


def _contexts(session: Session, yp: int, viewer_id: int) -> tuple[ContextRow, ...]:
    link, other = ContextLink, aliased(ContextLink)
    mine = select(link.context_id).where(link.young_person_id == yp)
    others = _collect_others(
        _rows(
            session,
            select(other.context_id, *_others_columns(viewer_id))
            .join(YoungPerson, YoungPerson.id == other.young_person_id)
            .where(other.context_id.in_(mine), other.young_person_id != yp)
            .order_by(other.context_id, YoungPerson.last_name, YoungPerson.id),
        )
    )
    rows = _rows(
        session,
        select(
            link.id,
            Context.id,
            Context.kind,
            Context.name,
            _text(Context.description),
            Context.postcode,
            _text(link.notes),
            link.handling_code,
        )
        .join(Context, Context.id == link.context_id)
        .where(link.young_person_id == yp)
        .order_by(Context.name, link.id),
    )
    return tuple(ContextRow(*(*r, others.get(r[1], ()))) for r in rows)


def _disruption(session: Session, yp: int) -> tuple[DisruptionView, ...]:
    """Activity about this young person, or aimed at one of their associates or contexts."""
    d = DisruptionActivity
    associates = select(AssociateLink.associate_id).where(AssociateLink.young_person_id == yp)
    contexts = select(ContextLink.context_id).where(ContextLink.young_person_id == yp)
    rows = _rows(
        session,
        select(d.id, d.activity_date, d.tactic, d.agency, _text(d.target), _text(d.outcome))
        .where(
            or_(
                d.young_person_id == yp,
                d.associate_id.in_(associates),
                d.context_id.in_(contexts),
            )
        )
        .order_by(d.activity_date.desc(), d.id.desc()),
    )
    return tuple(DisruptionView(*r) for r in rows)


def _meetings(session: Session, yp: int) -> tuple[MeetingDecision, ...]:
    mc, chair = MeetingCohort, aliased(User)
    rows = _rows(
        session,
        select(
            mc.id,
            Meeting.id,
            Meeting.title,
            Meeting.held_on,
            Meeting.status,
            _name(chair),
            _text(mc.reason),
            mc.category_agreed,
            mc.outcome,
            _text(mc.decision),
            mc.next_review_on,
        )
        .join(Meeting, Meeting.id == mc.meeting_id)
        .outerjoin(chair, chair.id == Meeting.chair_id)
        .where(mc.young_person_id == yp)
        .order_by(Meeting.held_on, mc.id),
    )
    return tuple(
        MeetingDecision(
            cohort_id=r[0],
            meeting_id=r[1],
            title=r[2],
            held_on=r[3],
            status=r[4],
            chair=r[5],
            reason=r[6],
            category_agreed=RiskCategory.from_code(r[7]) if r[7] else None,
            outcome=MeetingOutcome(r[8]) if r[8] else None,
            decision=r[9],
            next_review_on=r[10],
        )
        for r in rows
    )


def _manual_flags(session: Session, yp: int) -> tuple[tuple[str, str], ...]:
    rows = _rows(
        session,
        select(ManualFlag.label, _text(ManualFlag.reason))
        .where(ManualFlag.young_person_id == yp, ManualFlag.cleared_at.is_(None))
        .order_by(ManualFlag.raised_at, ManualFlag.id),
    )
    return tuple((label, reason) for label, reason in rows)


def load_instruments(session: Session) -> tuple[Instrument, ...]:
    """Active risk instruments with their items and bands (three statements)."""
    instruments = session.scalars(
        select(RiskInstrument)
        .where(RiskInstrument.active.is_(True))
        .options(selectinload(RiskInstrument.items), selectinload(RiskInstrument.bands))
        .order_by(RiskInstrument.id)
    )
    return tuple(
        Instrument(
            code=i.code,
            name=i.name,
            kind=i.kind,
            items=tuple(
                InstrumentItem(
                    it.code, it.label, it.group, it.weight_recent, it.weight_past, it.weight_both
                )
                for it in i.items
            ),
            bands=tuple(
                InstrumentBand(
                    b.label, RiskCategory.from_code(b.category), b.min_score, b.max_score
                )
                for b in i.bands
            ),
        )
        for i in instruments
    )
