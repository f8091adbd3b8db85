"""Everything about one young person in one statement, whatever the record's size.

Each kind of row is its own SELECT (explicit joins for names, IN-subqueries for the linked
young people), never one per row; the SELECTs are folded into a single UNION ALL (see _fold),
so opening a record costs one round trip to the database, large or small. Relationships stay
lazy="raise", so nothing loads behind our back. Returns frozen rows, never ORM objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    CompoundSelect,
    Integer,
    Select,
    String,
    Text,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.types import TypeEngine

from desktop.data.base import LocalDate, UTCDateTime
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
    RiskBand,
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


# -- one statement: a typed, sparse UNION ALL ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    """One kind of row: its columns in field order (with joins and filters) and its order."""

    kind: str
    stmt: Select[*tuple[Any, ...]]
    order: tuple[Any, ...]


#: The column families of the folded statement, in slot order, and the type of their padding.
#: Every slot holds values of one family only, so both databases agree on the UNION's column
#: types (PostgreSQL resolves them pairwise: padding is a typed NULL, never a bare one) and each
#: value is read back through its column's own type - UTCDateTime, LocalDate, Boolean - exactly
#: as a select of that kind alone would return it.
_PADDING: dict[str, TypeEngine[Any]] = {
    "i": Integer(),
    "t": Text(),
    "d": LocalDate(),
    "ts": UTCDateTime(),
    "b": Boolean(),
}


def _family(column: Any) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "ts"
    if isinstance(kind, LocalDate):
        return "d"
    if isinstance(kind, Boolean):
        return "b"
    if isinstance(kind, Integer):
        return "i"
    if isinstance(kind, String):
        return "t"
    raise TypeError(f"no slot family for {column!r} of type {kind!r}")


def _fold(
    parts: Sequence[_Part],
) -> tuple[CompoundSelect[*tuple[Any, ...]], dict[int, tuple[int, ...]]]:
    """One UNION ALL of every part, and where each part's fields sit in the result rows.

    Rows are (part number, position within the part, family slots...); the statement is ordered
    by the first two, so each part keeps the order (and the collation) its own ORDER BY gave.
    """
    families = [[_family(c) for c in p.stmt.selected_columns] for p in parts]
    width = {f: max(kinds.count(f) for kinds in families) for f in _PADDING}
    start, at = {}, 2
    for f in _PADDING:
        start[f], at = at, at + width[f]
    branches, layout = [], {}
    for n, (part, kinds) in enumerate(zip(parts, families, strict=True)):
        slots: dict[str, list[Any]] = {f: [] for f in _PADDING}
        positions = []
        for column, f in zip(part.stmt.selected_columns, kinds, strict=True):
            positions.append(start[f] + len(slots[f]))
            slots[f].append(column)
        columns = [
            literal_column(str(n), Integer).label("k"),
            func.row_number().over(order_by=part.order).label("seq"),
        ]
        for f, padding in _PADDING.items():
            filled = slots[f] + [cast(null(), padding)] * (width[f] - len(slots[f]))
            columns += [c.label(f"{f}{i}") for i, c in enumerate(filled)]
        branches.append(part.stmt.with_only_columns(*columns))
        layout[n] = tuple(positions)
    return union_all(*branches).order_by(literal_column("k"), literal_column("seq")), layout


def _name(user: Any) -> Any:
    return func.coalesce(user.display_name, "")


def _text(column: Any) -> Any:
    """Blank for NULL, so optional text arrives as a string."""
    return func.coalesce(column, "")


#: The two parameters of the statement, bound at each execution.
_YP, _VIEWER = "young_person_id", "viewer_id"


@cache
def _statement() -> tuple[
    CompoundSelect[*tuple[Any, ...]], tuple[str, ...], dict[int, tuple[int, ...]]
]:
    """The folded statement (built once: it only takes parameters), its kinds and layout."""
    yp, viewer = bindparam(_YP, type_=Integer), bindparam(_VIEWER, type_=Integer)
    parts = (
        _person(yp),
        _entries(yp),
        _answers(yp),
        _assessments(yp),
        _placements(yp),
        _missing(yp),
        _contacts(yp),
        _associate_others(yp, viewer),
        _associates(yp),
        _context_others(yp, viewer),
        _contexts(yp),
        _disruption(yp),
        _meetings(yp),
        _manual_flags(yp),
        *_instruments(),
    )
    stmt, layout = _fold(parts)
    return stmt, tuple(p.kind for p in parts), layout


def load_person(session: Session, young_person_id: int, viewer_id: int) -> PersonInputs | None:
    """The record of one young person (None when there is none); `viewer_id` decides which
    linked young people the viewer is allocated to or listed for. One statement."""
    stmt, kinds, layout = _statement()
    rows: dict[str, list[tuple[Any, ...]]] = {kind: [] for kind in kinds}
    for row in session.execute(stmt, {_YP: young_person_id, _VIEWER: viewer_id}):
        n = row[0]
        rows[kinds[n]].append(tuple(row[i] for i in layout[n]))
    if not rows["person"]:
        return None
    associate_others = _collect_others(rows["associate_others"])
    context_others = _collect_others(rows["context_others"])
    return PersonInputs(
        person=PersonDetails(*rows["person"][0]),
        entries=_entry_records(rows["entries"]),
        assessments=_assessment_rows(rows["assessments"], rows["answers"]),
        placements=tuple(PlacementRow(*r) for r in rows["placements"]),
        missing=tuple(MissingRow(*r) for r in rows["missing"]),
        contacts=tuple(ContactRow(*r) for r in rows["contacts"]),
        associates=tuple(
            AssociateRow(*(*r, associate_others.get(r[1], ()))) for r in rows["associates"]
        ),
        contexts=tuple(ContextRow(*(*r, context_others.get(r[1], ()))) for r in rows["contexts"]),
        disruption=tuple(DisruptionView(*r) for r in rows["disruption"]),
        meetings=_meeting_decisions(rows["meetings"]),
        manual_flags=tuple((label, reason) for label, reason in rows["manual_flags"]),
        instruments=_instrument_records(rows["instruments"], rows["items"], rows["bands"]),
    )


def _person(yp: Any) -> _Part:
    sw, kp = aliased(User), aliased(User)
    stmt = (
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
    )
    return _Part("person", stmt, (YoungPerson.id,))


def _entries(yp: Any) -> _Part:
    ce = ChronologyEntry
    author = aliased(User)
    stmt = (
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
    )
    return _Part("entries", stmt, (ce.event_date, ce.id))


def _entry_records(rows: Iterable[tuple[Any, ...]]) -> tuple[EntryRecord, ...]:
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


def _answers(yp: Any) -> _Part:
    ans, item = RiskAssessmentAnswer, RiskInstrumentItem
    stmt = (
        select(ans.assessment_id, item.code, item.label, item.group, ans.timing)
        .join(item, item.id == ans.item_id)
        .join(RiskAssessment, RiskAssessment.id == ans.assessment_id)
        .where(RiskAssessment.young_person_id == yp)
    )
    return _Part("answers", stmt, (ans.assessment_id, item.sort_order, item.id))


def _assessments(yp: Any) -> _Part:
    ra = RiskAssessment
    assessor, confirmer = aliased(User), aliased(User)
    stmt = (
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
    )
    return _Part("assessments", stmt, (ra.assessed_on, ra.id))


def _assessment_rows(
    rows: Iterable[tuple[Any, ...]], answer_rows: Iterable[tuple[Any, ...]]
) -> tuple[AssessmentRow, ...]:
    answers: dict[int, list[AnswerView]] = defaultdict(list)
    for aid, code, label, group, timing in answer_rows:
        answers[aid].append(AnswerView(code, label, group, ItemTiming(timing)))
    return tuple(AssessmentRow(*(*r, tuple(answers.get(r[0], ())))) for r in rows)


def _placements(yp: Any) -> _Part:
    pe = PlacementEpisode
    stmt = select(
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
    ).where(pe.young_person_id == yp)
    return _Part("placements", stmt, (pe.decom, pe.id))


def _missing(yp: Any) -> _Part:
    me, ri = MissingEpisode, ReturnInterview
    stmt = (
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
    )
    return _Part("missing", stmt, (me.started_at, me.id))


def _contacts(yp: Any) -> _Part:
    c, worker = Contact, aliased(User)
    stmt = (
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
    )
    return _Part("contacts", stmt, (c.occurred_at, c.id))


def _others_columns(viewer_id: Any) -> tuple[Any, ...]:
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


def _associate_others(yp: Any, viewer_id: Any) -> _Part:
    """The other young people linked to this young person's associates."""
    link, other = AssociateLink, aliased(AssociateLink)
    mine = select(link.associate_id).where(link.young_person_id == yp)
    stmt = (
        select(other.associate_id, *_others_columns(viewer_id))
        .join(YoungPerson, YoungPerson.id == other.young_person_id)
        .where(other.associate_id.in_(mine), other.young_person_id != yp)
    )
    return _Part(
        "associate_others", stmt, (other.associate_id, YoungPerson.last_name, YoungPerson.id)
    )


def _associates(yp: Any) -> _Part:
    link = AssociateLink
    stmt = (
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
    )
    return _Part("associates", stmt, (Associate.name, link.id))


def _context_others(yp: Any, viewer_id: Any) -> _Part:
    """The other young people linked to this young person's contexts."""
    link, other = ContextLink, aliased(ContextLink)
    mine = select(link.context_id).where(link.young_person_id == yp)
    stmt = (
        select(other.context_id, *_others_columns(viewer_id))
        .join(YoungPerson, YoungPerson.id == other.young_person_id)
        .where(other.context_id.in_(mine), other.young_person_id != yp)
    )
    return _Part("context_others", stmt, (other.context_id, YoungPerson.last_name, YoungPerson.id))


def _contexts(yp: Any) -> _Part:
    link = ContextLink
    stmt = (
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
    )
    return _Part("contexts", stmt, (Context.name, link.id))


def _disruption(yp: Any) -> _Part:
    """Activity about this young person, or aimed at one of their associates or contexts."""
    d = DisruptionActivity
    associates = select(AssociateLink.associate_id).where(AssociateLink.young_person_id == yp)
    contexts = select(ContextLink.context_id).where(ContextLink.young_person_id == yp)
    stmt = select(
        d.id, d.activity_date, d.tactic, d.agency, _text(d.target), _text(d.outcome)
    ).where(
        or_(
            d.young_person_id == yp,
            d.associate_id.in_(associates),
            d.context_id.in_(contexts),
        )
    )
    return _Part("disruption", stmt, (d.activity_date.desc(), d.id.desc()))


def _meetings(yp: Any) -> _Part:
    mc, chair = MeetingCohort, aliased(User)
    stmt = (
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
    )
    return _Part("meetings", stmt, (Meeting.held_on, mc.id))


def _meeting_decisions(rows: Iterable[tuple[Any, ...]]) -> tuple[MeetingDecision, ...]:
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


def _manual_flags(yp: Any) -> _Part:
    stmt = select(ManualFlag.label, _text(ManualFlag.reason)).where(
        ManualFlag.young_person_id == yp, ManualFlag.cleared_at.is_(None)
    )
    return _Part("manual_flags", stmt, (ManualFlag.raised_at, ManualFlag.id))


def _instruments() -> tuple[_Part, ...]:
    """The active risk instruments, their items and their bands.

    Reference data, but read afresh with every record (a few dozen small rows in the same
    statement, no extra round trip): an instrument added or changed is used at once, with no
    cache to go stale.
    """
    ri, item, band = RiskInstrument, RiskInstrumentItem, RiskBand
    active = ri.active.is_(True)
    return (
        _Part("instruments", select(ri.id, ri.code, ri.name, ri.kind).where(active), (ri.id,)),
        _Part(
            "items",
            select(
                item.instrument_id,
                item.code,
                item.label,
                item.group,
                item.weight_recent,
                item.weight_past,
                item.weight_both,
            )
            .join(ri, ri.id == item.instrument_id)
            .where(active),
            (item.instrument_id, item.sort_order, item.id),
        ),
        _Part(
            "bands",
            select(band.instrument_id, band.label, band.category, band.min_score, band.max_score)
            .join(ri, ri.id == band.instrument_id)
            .where(active),
            (band.instrument_id, band.min_score, band.id),
        ),
    )


def _instrument_records(
    instruments: Iterable[tuple[Any, ...]],
    items: Iterable[tuple[Any, ...]],
    bands: Iterable[tuple[Any, ...]],
) -> tuple[Instrument, ...]:
    items_of: dict[int, list[InstrumentItem]] = defaultdict(list)
    for instrument_id, *fields in items:
        items_of[instrument_id].append(InstrumentItem(*fields))
    bands_of: dict[int, list[InstrumentBand]] = defaultdict(list)
    for instrument_id, label, category, low, high in bands:
        bands_of[instrument_id].append(
            InstrumentBand(label, RiskCategory.from_code(category), low, high)
        )
    return tuple(
        Instrument(
            code=code,
            name=name,
            kind=kind,
            items=tuple(items_of.get(iid, ())),
            bands=tuple(bands_of.get(iid, ())),
        )
        for iid, code, name, kind in instruments
    )
