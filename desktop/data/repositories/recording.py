"""Look-ups the recording service validates against: instruments, episodes, the last change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from desktop.data.tables import (
    AuditEntry,
    MissingEpisode,
    PlacementEpisode,
    ReturnInterview,
    RiskAssessment,
    RiskInstrument,
    User,
)
from desktop.domain.enums import AuditAction, MissingKind, PoliceRiskGrade, RiskCategory
from desktop.domain.records import (
    Instrument,
    InstrumentBand,
    InstrumentItem,
    MissingEpisodeRecord,
    PlacementEpisodeRecord,
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
