"""The casework parts of the person statement: entries, assessments, placements, missing
episodes and contacts (each one SELECT, folded by person_fold)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from desktop.data.repositories.person_fold import _name, _Part, _text
from desktop.data.tables import (
    ChronologyEntry,
    Contact,
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
)
from desktop.domain.chronology import EntryRecord
from desktop.domain.enums import ChronologyCategory, DatePrecision, ItemTiming
from desktop.domain.person_record import AssessmentRow
from desktop.domain.workspace import AnswerView


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
