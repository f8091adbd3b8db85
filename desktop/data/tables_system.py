"""Mapped tables the application keeps for itself: settings, caseload summary, audit."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.data.base import Base, CodeStr, IntPK, Timestamp, Versioned, utcnow


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
