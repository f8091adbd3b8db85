"""The linked parts of the person statement: associates, contexts and the young people they
link, disruption, meetings, manual flags and the active instruments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import aliased

from desktop.data.repositories.person_fold import _name, _Part, _text
from desktop.data.tables import (
    Associate,
    AssociateLink,
    Context,
    ContextLink,
    DisruptionActivity,
    ManualFlag,
    Meeting,
    MeetingCohort,
    RiskBand,
    RiskInstrument,
    RiskInstrumentItem,
    User,
    YoungPerson,
    YoungPersonAccess,
)
from desktop.domain.chronology import MeetingDecision
from desktop.domain.enums import MeetingOutcome, RiskCategory
from desktop.domain.person_record import OtherPerson
from desktop.domain.records import Instrument, InstrumentBand, InstrumentItem


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
