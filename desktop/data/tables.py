"""The Caseboard schema: one mapped class per DOMAIN.md entity (Alembic migrations own the DDL)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, false
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
from desktop.data.tables_meetings import (
    Action,
    ActionUpdate,
    Meeting,
    MeetingAttendee,
    MeetingCohort,
    SharedDocument,
)
from desktop.data.tables_network import (
    Associate,
    AssociateLink,
    Context,
    ContextLink,
    DisruptionActivity,
    ManualFlag,
    SupervisionRecord,
)
from desktop.data.tables_records import (
    ChronologyEntry,
    Contact,
    MissingEpisode,
    PlacementEpisode,
    ReturnInterview,
    RiskAssessment,
    RiskAssessmentAnswer,
    RiskBand,
    RiskInstrument,
    RiskInstrumentItem,
)
from desktop.data.tables_system import AppliedRequest, AppSetting, AuditEntry, CaseloadSummary

__all__ = [
    "RAISE",
    "Action",
    "ActionUpdate",
    "AppSetting",
    "AppliedRequest",
    "Associate",
    "AssociateLink",
    "AuditEntry",
    "CaseloadSummary",
    "ChronologyEntry",
    "Contact",
    "Context",
    "ContextLink",
    "DisruptionActivity",
    "ManualFlag",
    "Meeting",
    "MeetingAttendee",
    "MeetingCohort",
    "MissingEpisode",
    "PlacementEpisode",
    "ReturnInterview",
    "RiskAssessment",
    "RiskAssessmentAnswer",
    "RiskBand",
    "RiskInstrument",
    "RiskInstrumentItem",
    "SharedDocument",
    "SupervisionRecord",
    "Team",
    "User",
    "YoungPerson",
    "YoungPersonAccess",
]


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
