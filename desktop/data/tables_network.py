"""Mapped tables of the network around young people: associates, contexts, disruption, flags."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
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
