"""The Caseboard schema: one mapped class per DOMAIN.md entity (Alembic migrations own the DDL)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
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

# Relationships default to lazy="raise": each repository names its eager loads, so a hidden
# N+1 fails loudly in tests instead of slowing a screen down.
RAISE: Final = "raise"


class Team(Versioned, Base):
    __tablename__ = "team"
    id: Mapped[IntPK]
    name: Mapped[NameStr] = mapped_column(unique=True)
    #: ONS local authority district code of the responsible authority (out-of-area rule).
    local_authority_code: Mapped[str | None] = mapped_column(String(16))
    local_authority_name: Mapped[str | None] = mapped_column(String(200))


class User(Versioned, Base):
    __tablename__ = "app_user"
    id: Mapped[IntPK]
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[NameStr]
    role: Mapped[CodeStr]
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    agency: Mapped[str] = mapped_column(String(100), default="Children's Social Care")
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[Timestamp] = mapped_column(default=utcnow)
    #: Raised when an administrator deactivates the account, changes its role or team or resets
    #: its password: sessions signed in before carry an older number and are refused.
    #: (Server defaults only: bulk inserts such as the demo data name just the columns they set.)
    session_version: Mapped[int] = mapped_column(Integer, server_default="0")
    #: Set by an administrator's password reset: the next sign-in only chooses a new password.
    must_change_password: Mapped[bool] = mapped_column(Boolean, server_default=false())

    team: Mapped[Team | None] = relationship(lazy=RAISE)


class YoungPerson(Versioned, Base):
    __tablename__ = "young_person"
    id: Mapped[IntPK]
    #: The council's case reference (e.g. the LCS/Mosaic person id).
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    first_name: Mapped[NameStr]
    last_name: Mapped[NameStr]
    preferred_name: Mapped[str | None] = mapped_column(String(200))
    date_of_birth: Mapped[date] = mapped_column(LocalDate)
    gender: Mapped[str] = mapped_column(String(40), default="")
    ethnicity: Mapped[str] = mapped_column(String(80), default="")
    involvement: Mapped[str | None] = mapped_column(String(8))
    school: Mapped[str] = mapped_column(String(200), default="")
    home_postcode: Mapped[str | None] = mapped_column(String(10))
    responsible_la_code: Mapped[str | None] = mapped_column(String(16))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    social_worker_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    key_person_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    #: Days between successful key-person contacts; None uses the council default.
    contact_target_days: Mapped[int | None] = mapped_column(Integer)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    plan: Mapped[LongText]
    created_at: Mapped[Timestamp] = mapped_column(default=utcnow)
    closed_on: Mapped[date | None] = mapped_column(LocalDate)

    team: Mapped[Team] = relationship(lazy=RAISE)
    social_worker: Mapped[User | None] = relationship(foreign_keys=[social_worker_id], lazy=RAISE)
    key_person: Mapped[User | None] = relationship(foreign_keys=[key_person_id], lazy=RAISE)

    __table_args__ = (
        Index("ix_young_person_social_worker", "social_worker_id"),
        Index("ix_young_person_key_person", "key_person_id"),
        Index("ix_young_person_team", "team_id"),
        Index("ix_young_person_name", "last_name", "first_name"),
    )


class YoungPersonAccess(Base):
    """The access list of a restricted record: users who may see it in full."""

    __tablename__ = "young_person_access"
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    granted_at: Mapped[Timestamp] = mapped_column(default=utcnow)


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


class Associate(Versioned, Base):
    """A person of concern (or protective adult, or peer) who may be linked to several children."""

    __tablename__ = "associate"
    id: Mapped[IntPK]
    name: Mapped[NameStr]
    aliases: Mapped[str] = mapped_column(String(400), default="")
    description: Mapped[LongText]


class AssociateLink(Versioned, Base):
    __tablename__ = "associate_link"
    id: Mapped[IntPK]
    associate_id: Mapped[int] = mapped_column(ForeignKey("associate.id"), index=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), index=True)
    role: Mapped[CodeStr]
    #: 3x5x2 intelligence grading: source (1-3), intelligence (A-E), handling (P or C).
    source_grade: Mapped[str | None] = mapped_column(String(1))
    intelligence_grade: Mapped[str | None] = mapped_column(String(1))
    handling_code: Mapped[str] = mapped_column(String(1), default="P")
    intelligence: Mapped[LongText]
    recorded_at: Mapped[Timestamp] = mapped_column(default=utcnow)

    associate: Mapped[Associate] = relationship(lazy=RAISE)


class Context(Versioned, Base):
    """A location (hotspot), peer group or online platform shared by young people."""

    __tablename__ = "context"
    id: Mapped[IntPK]
    kind: Mapped[CodeStr]
    name: Mapped[NameStr]
    description: Mapped[LongText]
    postcode: Mapped[str | None] = mapped_column(String(10))


class ContextLink(Versioned, Base):
    __tablename__ = "context_link"
    id: Mapped[IntPK]
    context_id: Mapped[int] = mapped_column(ForeignKey("context.id"), index=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), index=True)
    notes: Mapped[LongText]
    handling_code: Mapped[str] = mapped_column(String(1), default="P")

    context: Mapped[Context] = relationship(lazy=RAISE)


class DisruptionActivity(Versioned, Base):
    __tablename__ = "disruption_activity"
    id: Mapped[IntPK]
    young_person_id: Mapped[int | None] = mapped_column(ForeignKey("young_person.id"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("context.id"))
    associate_id: Mapped[int | None] = mapped_column(ForeignKey("associate.id"))
    tactic: Mapped[NameStr]
    activity_date: Mapped[date] = mapped_column(LocalDate)
    agency: Mapped[NameStr]
    target: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[LongText]


class Meeting(Versioned, Base):
    __tablename__ = "meeting"
    id: Mapped[IntPK]
    title: Mapped[NameStr]
    held_on: Mapped[date] = mapped_column(LocalDate)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    venue: Mapped[str] = mapped_column(String(200), default="")
    agenda: Mapped[LongText]
    notes: Mapped[LongText]
    status: Mapped[CodeStr] = mapped_column(default="planned")


class MeetingAttendee(Versioned, Base):
    __tablename__ = "meeting_attendee"
    id: Mapped[IntPK]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    name: Mapped[NameStr]
    agency: Mapped[NameStr]
    role: Mapped[str] = mapped_column(String(200), default="")
    #: True attended, False sent apologies.
    attended: Mapped[bool] = mapped_column(Boolean, default=True)
    on_distribution: Mapped[bool] = mapped_column(Boolean, default=True)


class MeetingCohort(Versioned, Base):
    """A young person discussed at a meeting, with the meeting's decision about them."""

    __tablename__ = "meeting_cohort"
    id: Mapped[IntPK]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    category_agreed: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(32))
    decision: Mapped[LongText]
    next_review_on: Mapped[date | None] = mapped_column(LocalDate)
    include_conditional_intelligence: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("meeting_id", "young_person_id"),)


class Action(Versioned, Base):
    __tablename__ = "action"
    id: Mapped[IntPK]
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    young_person_id: Mapped[int | None] = mapped_column(ForeignKey("young_person.id"), index=True)
    context_id: Mapped[int | None] = mapped_column(ForeignKey("context.id"))
    description: Mapped[LongText]
    owner_name: Mapped[NameStr]
    owner_agency: Mapped[NameStr]
    set_on: Mapped[date] = mapped_column(LocalDate)
    due_on: Mapped[date] = mapped_column(LocalDate)
    status: Mapped[CodeStr] = mapped_column(default="open")
    completed_on: Mapped[date | None] = mapped_column(LocalDate)


class ActionUpdate(Base):
    __tablename__ = "action_update"
    id: Mapped[IntPK]
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    at: Mapped[Timestamp] = mapped_column(default=utcnow)
    author: Mapped[NameStr]
    note: Mapped[LongText]


class SupervisionRecord(Versioned, Base):
    __tablename__ = "supervision_record"
    id: Mapped[IntPK]
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), index=True)
    held_on: Mapped[date] = mapped_column(LocalDate)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    attendees: Mapped[LongText]
    discussion: Mapped[LongText]
    decisions: Mapped[LongText]
    actions: Mapped[LongText]
    next_supervision_on: Mapped[date | None] = mapped_column(LocalDate)
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ManualFlag(Versioned, Base):
    __tablename__ = "manual_flag"
    id: Mapped[IntPK]
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), index=True)
    label: Mapped[NameStr]
    reason: Mapped[LongText]
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    raised_at: Mapped[Timestamp] = mapped_column(default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AppSetting(Versioned, Base):
    """Council-wide settings shared by every workstation (thresholds, marking, unit costs)."""

    __tablename__ = "app_setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class CaseloadSummary(Base):
    """One young person's viewer-independent caseload values (risk, flags, legal status, the
    last contact's date) as JSON, kept until ``valid_until``: the first moment a time-dependent
    rule could answer differently (next UK midnight, or sooner a missing episode's start or
    end or a return interview falling due). ``basis`` fingerprints the thresholds and postcode
    directory it was worked out with. Deleted by every audited create or update about the
    young person, in the same transaction; a cache only, rebuilt on the next caseload load."""

    __tablename__ = "caseload_summary"
    young_person_id: Mapped[int] = mapped_column(
        ForeignKey("young_person.id", ondelete="CASCADE"), primary_key=True
    )
    basis: Mapped[str] = mapped_column(String(32))
    valid_until: Mapped[Timestamp]
    computed_at: Mapped[Timestamp]
    payload: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only; each row carries the SHA-256 of the previous row so tampering shows."""

    __tablename__ = "audit_entry"
    id: Mapped[IntPK]
    at: Mapped[Timestamp] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    username: Mapped[str] = mapped_column(String(100))
    action: Mapped[CodeStr]
    object_kind: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[int | None] = mapped_column(Integer)
    young_person_id: Mapped[int | None] = mapped_column(Integer, index=True)
    fields: Mapped[str] = mapped_column(Text, default="")  # JSON list of changed field names
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON: reason, options, id lists
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_user_at", "username", "at"),)


class AppliedRequest(Base):
    """A save already applied, by its form's request id: a retry returns the same result.

    Written in the save's own transaction, so it exists exactly when the save committed.
    """

    __tablename__ = "applied_request"
    request_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    applied_at: Mapped[Timestamp] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    #: The use case ("chronology", "missing episode", ...), as the service's audit surface.
    kind: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(Integer)
    young_person_id: Mapped[int | None] = mapped_column(Integer)
    #: The Changes kinds the save reported, comma-separated, to return the same Changes.
    changed: Mapped[str] = mapped_column(String(200), default="")


class SharedDocument(Versioned, Base):
    """A pack or case summary shared with one partner-agency reader: the PDF built once, as the
    sharing user could print it, kept so the reader sees exactly what was shared."""

    __tablename__ = "shared_document"
    id: Mapped[IntPK]
    #: "pack" (a meeting pack) or "summary" (one young person's case summary).
    kind: Mapped[CodeStr]
    #: The document's title as printed (already redacted for a wider audience).
    title: Mapped[str] = mapped_column(String(400))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    #: JSON list of the young people in the document (audit and "who viewed").
    young_person_ids: Mapped[str] = mapped_column(Text, default="[]")
    shared_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    shared_with_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    shared_at: Mapped[Timestamp] = mapped_column(default=utcnow)
    #: JSON: wider_audience, include_conditional, marking (never a password).
    options: Mapped[str] = mapped_column(Text, default="{}")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
