"""Checks on what a recording form asks for: each returns {field: message}, empty when valid.

Field names are the command's own field names, so a form can show each message beside its
input. Messages are written for the social worker at the screen. Placement checks follow the
DfE SSDA903 validation rules (numbers in comments) so that the statutory return reconciles.
"""

from __future__ import annotations

from datetime import date, datetime

from desktop.domain.commands import ChronologyEntryInput, ContactInput, ContactTargetInput
from desktop.domain.dates import format_date, format_datetime
from desktop.domain.text_rules import DEFAULT_MAX_TEXT
from desktop.domain.validation_common import (
    CONTINUES,
    FUTURE_GRACE,
    MAX_CONTACT_MINUTES,
    MAX_TARGET_DAYS,
    Errors,
    _blank,
    _future,
    _width,
    _with_texts,
    code,
)
from desktop.domain.validation_missing import validate_missing, validate_return_interview
from desktop.domain.validation_placements import validate_end_placement, validate_placement
from desktop.domain.validation_risk import SupersedeTarget, assessment_result, validate_assessment

__all__ = [
    "CONTINUES",
    "FUTURE_GRACE",
    "Errors",
    "SupersedeTarget",
    "assessment_result",
    "code",
    "validate_assessment",
    "validate_chronology_entry",
    "validate_contact",
    "validate_contact_target",
    "validate_end_placement",
    "validate_missing",
    "validate_placement",
    "validate_return_interview",
]


# ---------------------------------------------------------------------------------------------
# Chronology
# ---------------------------------------------------------------------------------------------


def validate_chronology_entry(
    cmd: ChronologyEntryInput, today: date, max_text: int = DEFAULT_MAX_TEXT
) -> Errors:
    errors: Errors = {}
    if cmd.event_date > today:
        errors["event_date"] = (
            f"The event date {format_date(cmd.event_date)} is in the future; "
            "a chronology records what has already happened"
        )
    if cmd.end_date is not None:
        if cmd.end_date < cmd.event_date:
            errors["end_date"] = (
                f"The end date is before the event date ({format_date(cmd.event_date)})"
            )
        elif cmd.end_date > today:
            errors["end_date"] = f"The end date {format_date(cmd.end_date)} is in the future"
    if _blank(cmd.source_agency):
        errors["source_agency"] = (
            "Say which agency this information came from (for example Police, School, Health)"
        )
    if _blank(cmd.description):
        errors["description"] = "Describe what happened"
    _width(errors, "source_agency", cmd.source_agency)
    _width(errors, "source_person", cmd.source_person)
    if cmd.entry_id is not None and cmd.version is None:
        errors["version"] = "Reopen the entry before changing it"
    return _with_texts(errors, cmd, max_text)


# ---------------------------------------------------------------------------------------------
# Key-person contacts
# ---------------------------------------------------------------------------------------------


def validate_contact(cmd: ContactInput, now: datetime, max_text: int = DEFAULT_MAX_TEXT) -> Errors:
    errors: Errors = {}
    if _future(cmd.occurred_at, now):
        errors["occurred_at"] = (
            f"The contact time {format_datetime(cmd.occurred_at)} is in the future; "
            "record contacts once they have happened"
        )
    minutes = cmd.duration_minutes
    if minutes is not None:
        least = 1 if cmd.kind.successful else 0
        if minutes < least:
            errors["duration_minutes"] = (
                "Enter how long the contact lasted, in minutes (more than 0)"
                if least
                else "The duration cannot be negative"
            )
        elif minutes > MAX_CONTACT_MINUTES:
            errors["duration_minutes"] = (
                f"{minutes} minutes is more than {MAX_CONTACT_MINUTES // 60} hours; "
                "check the duration (it is in minutes)"
            )
    if cmd.kind.successful and _blank(cmd.summary):
        errors["summary"] = "Write a short summary of the contact"
    _width(errors, "initiated_by", cmd.initiated_by, 40)
    _width(errors, "location", cmd.location)
    return _with_texts(errors, cmd, max_text)


def validate_contact_target(cmd: ContactTargetInput) -> Errors:
    days = cmd.target_days
    if days is not None and not 1 <= days <= MAX_TARGET_DAYS:
        return {
            "target_days": (
                f"Enter a number of days from 1 to {MAX_TARGET_DAYS}, or use the council's default"
            )
        }
    return {}
