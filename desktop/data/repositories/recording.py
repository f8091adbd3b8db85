"""The recording service's SQL: the records it writes (as Stored values, through Rows), the
look-ups it validates against (instruments, episodes, the last change) and save request ids."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from desktop.data.repositories.writes import Rows
from desktop.data.tables import (
    AppliedRequest,
    AuditEntry,
    ChronologyEntry,
    Contact,
    MissingEpisode,
    PlacementEpisode,
    ReturnInterview,
    RiskAssessment,
    RiskAssessmentAnswer,
    RiskInstrument,
    User,
    YoungPerson,
)
from desktop.domain.enums import (
    AuditAction,
    ChronologyCategory,
    DatePrecision,
    MissingKind,
    PoliceRiskGrade,
    RiskCategory,
)
from desktop.domain.records import (
    Instrument,
    InstrumentBand,
    InstrumentItem,
    MissingEpisodeRecord,
    PlacementEpisodeRecord,
    Stored,
)
from desktop.domain.validation import SupersedeTarget


@dataclass(frozen=True, slots=True)
class LoadedInstrument:
    id: int
    instrument: Instrument
    item_ids: dict[str, int]  # item code -> risk_instrument_item.id


def active_instrument(session: Session, code: str) -> LoadedInstrument | None:
    row = session.execute(
        select(RiskInstrument)
        .where(RiskInstrument.code == code.strip(), RiskInstrument.active.is_(True))
        .options(selectinload(RiskInstrument.items), selectinload(RiskInstrument.bands))
    ).scalar_one_or_none()
    if row is None:
        return None
    instrument = Instrument(
        code=row.code,
        name=row.name,
        kind=row.kind,
        items=tuple(
            InstrumentItem(i.code, i.label, i.group, i.weight_recent, i.weight_past, i.weight_both)
            for i in row.items
        ),
        bands=tuple(
            InstrumentBand(b.label, RiskCategory.from_code(b.category), b.min_score, b.max_score)
            for b in row.bands
        ),
    )
    return LoadedInstrument(row.id, instrument, {i.code: i.id for i in row.items})


def supersede_target(session: Session, assessment_id: int) -> SupersedeTarget | None:
    row = session.execute(
        select(RiskAssessment.id, RiskAssessment.young_person_id, RiskAssessment.assessed_on).where(
            RiskAssessment.id == assessment_id
        )
    ).one_or_none()
    if row is None:
        return None
    by = session.execute(
        select(RiskAssessment.id)
        .where(RiskAssessment.supersedes_id == assessment_id)
        .order_by(RiskAssessment.id)
        .limit(1)
    ).scalar_one_or_none()
    return SupersedeTarget(row.id, row.young_person_id, row.assessed_on, by)


def placement_record(ep: PlacementEpisode) -> PlacementEpisodeRecord:
    return PlacementEpisodeRecord(
        id=ep.id,
        decom=ep.decom,
        rne=ep.rne,
        ls=ep.legal_status,
        place=ep.place,
        dec=ep.dec,
        rec=ep.rec,
        reason_place_change=ep.reason_place_change,
        home_postcode=ep.home_postcode,
        placement_postcode=ep.placement_postcode,
        provider=ep.provider_name or None,
        urn=ep.urn,
    )


def placement_episodes(session: Session, young_person_id: int) -> list[PlacementEpisode]:
    return list(
        session.execute(
            select(PlacementEpisode)
            .where(PlacementEpisode.young_person_id == young_person_id)
            .order_by(PlacementEpisode.decom, PlacementEpisode.id)
        ).scalars()
    )


def missing_record(ep: MissingEpisode, rhi: ReturnInterview | None = None) -> MissingEpisodeRecord:
    return MissingEpisodeRecord(
        id=ep.id,
        kind=MissingKind(ep.kind),
        started_at=ep.started_at,
        ended_at=ep.ended_at,
        police_risk_grade=PoliceRiskGrade(ep.police_risk_grade) if ep.police_risk_grade else None,
        rhi_completed_at=rhi.completed_at if rhi else None,
        rhi_declined_reason=rhi.declined_reason if rhi else None,
    )


def missing_records(session: Session, young_person_id: int) -> list[MissingEpisodeRecord]:
    rows = session.execute(
        select(MissingEpisode).where(MissingEpisode.young_person_id == young_person_id)
    ).scalars()
    return [missing_record(ep) for ep in rows]


def return_interview(session: Session, episode_id: int) -> ReturnInterview | None:
    return session.execute(
        select(ReturnInterview).where(ReturnInterview.episode_id == episode_id)
    ).scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class LastChange:
    who: str  # display name, or the username when the account is gone
    at: datetime


def last_change(session: Session, object_kind: str, object_id: int) -> LastChange | None:
    """Who last created or changed a record, from the audit log (None when not recorded)."""
    author = aliased(User)
    row = session.execute(
        select(AuditEntry.username, AuditEntry.at, author.display_name)
        .outerjoin(author, author.id == AuditEntry.user_id)
        .where(
            AuditEntry.object_kind == object_kind,
            AuditEntry.object_id == object_id,
            AuditEntry.action.in_((AuditAction.CREATE.value, AuditAction.UPDATE.value)),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).one_or_none()
    if row is None:
        return None
    return LastChange(row.display_name or row.username, row.at)


# -- the records the recording service writes, as Stored values -------------------------------


def _chronology_stored(row: ChronologyEntry) -> Stored:
    values: dict[str, object] = {
        "event_date": row.event_date,
        "precision": DatePrecision(row.date_precision),
        "end_date": row.end_date,
        "category": ChronologyCategory(row.category),
        "source_agency": row.source_agency,
        "source_person": row.source_person,
        "description": row.description,
        "analysis": row.analysis,
        "significant": row.significant,
    }
    return Stored(
        row.id,
        row.young_person_id,
        row.version,
        values,
        author_id=row.author_id,
        linked=row.linked_kind is not None,
    )


def _missing_stored(row: MissingEpisode) -> Stored:
    grade = row.police_risk_grade
    values: dict[str, object] = {
        "kind": MissingKind(row.kind),
        "started_at": row.started_at,
        "ended_at": row.ended_at,
        "police_risk_grade": PoliceRiskGrade(grade) if grade else None,
        "reported_by": row.reported_by,
        "where_found": row.where_found,
        "found_with": row.found_with,
        "notes": row.notes,
    }
    return Stored(row.id, row.young_person_id, row.version, values, missing=missing_record(row))


def _return_interview_stored(row: ReturnInterview) -> Stored:
    values: dict[str, object] = {
        "offered_at": row.offered_at,
        "accepted": row.accepted,
        "declined_reason": row.declined_reason or "",
        "completed_at": row.completed_at,
        "completed_by": row.completed_by,
        "key_disclosures": row.key_disclosures,
    }
    return Stored(row.id, None, row.version, values)


def _placement_stored(row: PlacementEpisode) -> Stored:
    values: dict[str, object] = {"dec": row.dec, "rec": row.rec}
    return Stored(row.id, row.young_person_id, row.version, values, placement=placement_record(row))


def _person_stored(row: YoungPerson) -> Stored:
    return Stored(
        row.id,
        row.id,
        row.version,
        {"target_days": row.contact_target_days},
        date_of_birth=row.date_of_birth,
        home_postcode=row.home_postcode,
    )


def _assessment_stored(row: RiskAssessment) -> Stored:
    return Stored(row.id, row.young_person_id, row.version, confirmed_at=row.confirmed_at)


def _plain_stored(row: Contact) -> Stored:
    return Stored(row.id, row.young_person_id, row.version)


def chronology_entries(session: Session) -> Rows[Stored]:
    return Rows(session, ChronologyEntry, _chronology_stored)


def missing_episodes(session: Session) -> Rows[Stored]:
    return Rows(session, MissingEpisode, _missing_stored)


def return_interviews(session: Session) -> Rows[Stored]:
    return Rows(session, ReturnInterview, _return_interview_stored)


def placements(session: Session) -> Rows[Stored]:
    return Rows(session, PlacementEpisode, _placement_stored)


def young_people(session: Session) -> Rows[Stored]:
    return Rows(session, YoungPerson, _person_stored)


def assessments(session: Session) -> Rows[Stored]:
    return Rows(session, RiskAssessment, _assessment_stored)


def assessment_answers(session: Session) -> Rows[Stored]:
    return Rows(session, RiskAssessmentAnswer, _plain_stored)


def contacts(session: Session) -> Rows[Stored]:
    return Rows(session, Contact, _plain_stored)


def open_placement(session: Session, young_person_id: int) -> tuple[Rows[Stored], list[Stored]]:
    """The young person's episodes by DECOM (as Rows, so the open one can be ended)."""
    rows = placements(session)
    return rows, [rows.loaded(ep) for ep in placement_episodes(session, young_person_id)]


# -- save request ids: a retried save is applied once ------------------------------------------


@dataclass(frozen=True, slots=True)
class AppliedSave:
    user_id: int | None
    young_person_id: int | None
    record_id: int | None
    kinds: frozenset[str]


def applied_save(session: Session, request_id: str) -> AppliedSave | None:
    row = session.get(AppliedRequest, request_id)
    if row is None:
        return None
    kinds = frozenset(k for k in row.changed.split(",") if k)
    return AppliedSave(row.user_id, row.young_person_id, row.record_id, kinds)


def claim_save(
    session: Session,
    request_id: str,
    at: datetime,
    user_id: int,
    kind: str,
    young_person_id: int,
) -> Callable[[int | None, frozenset[str]], None]:
    """Insert the request's row now (a concurrent retry waits on its key; a clash raises
    IntegrityError); returns what records the save's outcome on it once written."""
    row = AppliedRequest(
        request_id=request_id,
        applied_at=at,
        user_id=user_id,
        kind=kind[:40],
        young_person_id=young_person_id,
    )
    session.add(row)
    session.flush()

    def done(record_id: int | None, kinds: frozenset[str]) -> None:
        row.record_id = record_id
        row.changed = ",".join(sorted(kinds))
        session.flush()

    return done
