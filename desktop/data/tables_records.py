"""Mapped tables of one young person's records: chronology, risk, missing, placements, contacts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy import text as text_clause
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.data.base import (
    Base,
    CodeStr,
    IntPK,
    LocalDate,
    LongText,
    NameStr,
    Timestamp,
    UTCDateTime,
    Versioned,
    utcnow,
)
from desktop.data.tables_base import RAISE


class ChronologyEntry(Versioned, Base):
    __tablename__ = "chronology_entry"
    id: Mapped[IntPK]
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"))
    event_date: Mapped[date] = mapped_column(LocalDate)
    date_precision: Mapped[CodeStr] = mapped_column(default="exact")
    end_date: Mapped[date | None] = mapped_column(LocalDate)
    category: Mapped[CodeStr]
    source_agency: Mapped[NameStr]
    source_person: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[LongText]
    analysis: Mapped[LongText]
    significant: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[Timestamp] = mapped_column(default=utcnow)
    #: Where the entry came from when another record raised it (e.g. "meeting_cohort", 12).
    linked_kind: Mapped[str | None] = mapped_column(String(40))
    linked_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_chronology_yp_date", "young_person_id", "event_date"),)


class RiskInstrument(Versioned, Base):
    __tablename__ = "risk_instrument"
    id: Mapped[IntPK]
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[NameStr]
    kind: Mapped[CodeStr]
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    items: Mapped[list[RiskInstrumentItem]] = relationship(
        lazy=RAISE, order_by="RiskInstrumentItem.sort_order"
    )
    bands: Mapped[list[RiskBand]] = relationship(lazy=RAISE, order_by="RiskBand.min_score")


class RiskInstrumentItem(Base):
    __tablename__ = "risk_instrument_item"
    id: Mapped[IntPK]
    instrument_id: Mapped[int] = mapped_column(ForeignKey("risk_instrument.id"))
    code: Mapped[CodeStr]
    group: Mapped[CodeStr]
    label: Mapped[NameStr]
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    weight_recent: Mapped[int] = mapped_column(Integer)
    weight_past: Mapped[int] = mapped_column(Integer)
    weight_both: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("instrument_id", "code"),)


class RiskBand(Base):
    __tablename__ = "risk_band"
    id: Mapped[IntPK]
    instrument_id: Mapped[int] = mapped_column(ForeignKey("risk_instrument.id"))
    label: Mapped[NameStr]
    category: Mapped[CodeStr]
    min_score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int | None] = mapped_column(Integer)


class RiskAssessment(Versioned, Base):
    """Immutable once recorded; only manager confirmation updates it. Corrections supersede."""

    __tablename__ = "risk_assessment"
    id: Mapped[IntPK]
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"))
    instrument_id: Mapped[int] = mapped_column(ForeignKey("risk_instrument.id"))
    assessed_on: Mapped[date] = mapped_column(LocalDate)
    total_score: Mapped[int | None] = mapped_column(Integer)
    band_label: Mapped[NameStr]
    #: Category from the instrument's band before any override.
    computed_category: Mapped[CodeStr]
    override_category: Mapped[str | None] = mapped_column(String(32))
    override_reason: Mapped[str | None] = mapped_column(Text)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    rationale: Mapped[LongText]
    young_person_words: Mapped[LongText]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("risk_assessment.id"), index=True)
    recorded_at: Mapped[Timestamp] = mapped_column(default=utcnow)

    answers: Mapped[list[RiskAssessmentAnswer]] = relationship(lazy=RAISE)

    __table_args__ = (
        Index("ix_risk_assessment_yp_date", "young_person_id", "assessed_on"),
        # the caseload's "latest confirmed assessments" seek (migration 0004)
        Index(
            "ix_risk_assessment_confirmed",
            "young_person_id",
            "assessed_on",
            "id",
            sqlite_where=text_clause("confirmed_at IS NOT NULL"),
            postgresql_where=text_clause("confirmed_at IS NOT NULL"),
        ),
    )


class RiskAssessmentAnswer(Base):
    __tablename__ = "risk_assessment_answer"
    id: Mapped[IntPK]
    assessment_id: Mapped[int] = mapped_column(ForeignKey("risk_assessment.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("risk_instrument_item.id"))
    timing: Mapped[CodeStr]


class MissingEpisode(Versioned, Base):
    __tablename__ = "missing_episode"
    id: Mapped[IntPK]
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"))
    kind: Mapped[str] = mapped_column(String(1))
    started_at: Mapped[Timestamp]
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    police_risk_grade: Mapped[str | None] = mapped_column(String(32))
    reported_by: Mapped[str] = mapped_column(String(200), default="")
    where_found: Mapped[str] = mapped_column(String(200), default="")
    found_with: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[LongText]
    recorded_at: Mapped[Timestamp] = mapped_column(default=utcnow)

    return_interview: Mapped[ReturnInterview | None] = relationship(lazy=RAISE)

    __table_args__ = (Index("ix_missing_yp_start", "young_person_id", "started_at"),)


class ReturnInterview(Versioned, Base):
    __tablename__ = "return_interview"
    id: Mapped[IntPK]
    episode_id: Mapped[int] = mapped_column(ForeignKey("missing_episode.id"), unique=True)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted: Mapped[bool | None] = mapped_column(Boolean)
    declined_reason: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by: Mapped[str] = mapped_column(String(200), default="")
    key_disclosures: Mapped[LongText]


class PlacementEpisode(Versioned, Base):
    """An SSDA903 episode; column names follow the return's field names where they exist."""

    __tablename__ = "placement_episode"
    id: Mapped[IntPK]
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"))
    decom: Mapped[date] = mapped_column(LocalDate)
    rne: Mapped[str] = mapped_column(String(1))
    legal_status: Mapped[str] = mapped_column(String(2))
    place: Mapped[str] = mapped_column(String(2))
    place_provider: Mapped[str | None] = mapped_column(String(3))
    provider_name: Mapped[str] = mapped_column(String(200), default="")
    dec: Mapped[date | None] = mapped_column(LocalDate)
    rec: Mapped[str | None] = mapped_column(String(3))
    reason_place_change: Mapped[str | None] = mapped_column(String(6))
    home_postcode: Mapped[str | None] = mapped_column(String(10))
    placement_postcode: Mapped[str | None] = mapped_column(String(10))
    urn: Mapped[str | None] = mapped_column(String(8))
    collection_year: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_placement_yp_decom", "young_person_id", "decom"),)


class Contact(Versioned, Base):
    __tablename__ = "contact"
    id: Mapped[IntPK]
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"))
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    occurred_at: Mapped[Timestamp]
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[CodeStr]
    initiated_by: Mapped[str] = mapped_column(String(40), default="worker")
    location: Mapped[str] = mapped_column(String(200), default="")
    with_whom: Mapped[CodeStr] = mapped_column(default="young_person")
    summary: Mapped[LongText]
    young_person_said: Mapped[LongText]
    significant: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[Timestamp] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_contact_yp_time", "young_person_id", "occurred_at"),
        # the caseload's "last successful contact" seek (migration 0004)
        Index(
            "ix_contact_successful",
            "young_person_id",
            "occurred_at",
            sqlite_where=text_clause("kind != 'failed_attempt'"),
            postgresql_where=text_clause("kind != 'failed_attempt'"),
        ),
    )
