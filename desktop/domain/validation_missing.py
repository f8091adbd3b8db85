"""Checks on a missing episode and its return interview."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from desktop.domain.commands import MissingInput, ReturnInterviewInput
from desktop.domain.dates import format_datetime, is_after
from desktop.domain.records import MissingEpisodeRecord
from desktop.domain.text_rules import DEFAULT_MAX_TEXT
from desktop.domain.validation_common import Errors, _blank, _future, _width, _with_texts


def validate_missing(
    cmd: MissingInput,
    others: Sequence[MissingEpisodeRecord],
    now: datetime,
    max_text: int = DEFAULT_MAX_TEXT,
) -> Errors:
    """`others`: the young person's other missing episodes (this one is skipped by id)."""
    errors: Errors = {}
    if _future(cmd.started_at, now):
        errors["started_at"] = f"The start time {format_datetime(cmd.started_at)} is in the future"
    if cmd.ended_at is not None:
        if is_after(cmd.started_at, cmd.ended_at):
            errors["ended_at"] = (
                f"The time found is before the start ({format_datetime(cmd.started_at)})"
            )
        elif _future(cmd.ended_at, now):
            errors["ended_at"] = f"The time found {format_datetime(cmd.ended_at)} is in the future"
    elif not _blank(cmd.where_found) or not _blank(cmd.found_with):
        errors["ended_at"] = "Enter when the young person was found or came back"
    for field in ("reported_by", "where_found", "found_with"):
        _width(errors, field, getattr(cmd, field))
    if "started_at" not in errors and "ended_at" not in errors:
        clash = _overlapping(cmd, others)
        if clash is not None:
            errors["started_at"] = clash
    if cmd.episode_id is not None and cmd.version is None:
        errors["version"] = "Reopen the episode before changing it"
    return _with_texts(errors, cmd, max_text)


def _overlapping(cmd: MissingInput, others: Sequence[MissingEpisodeRecord]) -> str | None:
    for other in sorted(others, key=lambda ep: ep.started_at):
        if other.id == cmd.episode_id:
            continue
        # [start, end) intervals; an open episode runs on; touching ends do not overlap
        starts_before_other_ends = other.ended_at is None or is_after(
            other.ended_at, cmd.started_at
        )
        other_starts_before_end = cmd.ended_at is None or is_after(cmd.ended_at, other.started_at)
        if starts_before_other_ends and other_starts_before_end:
            if other.ended_at is None:
                return (
                    f"There is already an open episode from {format_datetime(other.started_at)}; "
                    "record the return on that one first"
                )
            return (
                f"This overlaps the episode from {format_datetime(other.started_at)} to "
                f"{format_datetime(other.ended_at)}"
            )
    return None


def validate_return_interview(
    cmd: ReturnInterviewInput,
    episode: MissingEpisodeRecord,
    now: datetime,
    max_text: int = DEFAULT_MAX_TEXT,
) -> Errors:
    errors: Errors = {}
    found = episode.ended_at
    if found is None:
        errors["episode_id"] = (
            "A return interview follows the young person's return: record when they were "
            "found first"
        )
    for field, moment, what in (
        ("offered_at", cmd.offered_at, "offered"),
        ("completed_at", cmd.completed_at, "completed"),
    ):
        if moment is None:
            continue
        if _future(moment, now):
            errors[field] = f"The time {what} ({format_datetime(moment)}) is in the future"
        elif found is not None and is_after(found, moment):
            errors[field] = (
                f"The interview cannot be {what} before the young person returned "
                f"({format_datetime(found)})"
            )
    if cmd.accepted is not None and cmd.offered_at is None:
        errors.setdefault("offered_at", "Enter when the interview was offered")
    if cmd.accepted is False and _blank(cmd.declined_reason):
        errors["declined_reason"] = "Say why the interview was declined"
    if cmd.accepted is True and not _blank(cmd.declined_reason):
        errors["declined_reason"] = "The interview was accepted: clear the reason for declining"
    if cmd.completed_at is not None:
        if cmd.accepted is False:
            errors.setdefault(
                "completed_at",
                "A declined interview cannot be completed: mark it accepted or clear the time",
            )
        elif (
            cmd.offered_at is not None
            and "completed_at" not in errors
            and is_after(cmd.offered_at, cmd.completed_at)
        ):
            errors["completed_at"] = (
                f"The interview was completed before it was offered "
                f"({format_datetime(cmd.offered_at)})"
            )
        if _blank(cmd.completed_by):
            errors["completed_by"] = "Say who completed the interview"
    elif not _blank(cmd.completed_by):
        errors["completed_at"] = "Enter when the interview was completed"
    _width(errors, "completed_by", cmd.completed_by)
    return _with_texts(errors, cmd, max_text)
