"""Mapped tables of MACSE meetings, their actions, and documents shared with partners."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

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
