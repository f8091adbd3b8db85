"""Texts and states of missing episodes: durations, where found, the return interview due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from PySide6.QtCore import QCoreApplication

from desktop.domain.dates import format_date, local_date
from desktop.domain.enums import MissingKind, PoliceRiskGrade
from desktop.domain.workspace import MissingView


def _tr(text: str) -> str:
    return QCoreApplication.translate("MissingTableModel", text)


KIND_LABELS: dict[MissingKind, str] = {
    MissingKind.MISSING: "Missing",
    MissingKind.AWAY: "Away (whereabouts known)",
}

GRADE_LABELS: dict[PoliceRiskGrade, str] = {
    PoliceRiskGrade.NO_APPARENT_RISK: "No apparent risk",
    PoliceRiskGrade.LOW: "Low",
    PoliceRiskGrade.MEDIUM: "Medium",
    PoliceRiskGrade.HIGH: "High",
}


class RhiState(Enum):
    STILL_MISSING = "still_missing"
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    DECLINED = "declined"


#: Text colours on white (≥ 4.5:1): overdue and still missing red, due amber-brown, done green.
STATE_COLOURS: dict[RhiState, str] = {
    RhiState.STILL_MISSING: "#a4161a",
    RhiState.OVERDUE: "#a4161a",
    RhiState.DUE: "#7a4a00",
    RhiState.COMPLETED: "#1b4d20",
    RhiState.DECLINED: "#374151",
}
#: Pale backgrounds behind the two states that need action now.
STATE_TINTS: dict[RhiState, str] = {
    RhiState.STILL_MISSING: "#fde3e3",
    RhiState.OVERDUE: "#fde3e3",
}


@dataclass(frozen=True, slots=True)
class RhiStatus:
    state: RhiState
    text: str


def _plural(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many).format(n=n)


def span_text(delta: timedelta) -> str:
    """'3 days 4 h', '5 h 20 min', '45 min' (a duration, never negative)."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        text = _plural(days, _tr("{n} day"), _tr("{n} days"))
        return f"{text} {hours} h" if hours else text
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def _overdue_text(late: timedelta) -> str:
    """'Overdue by 3 days' / 'Overdue by 5 hours' / 'Overdue by 20 minutes'."""
    seconds = late.total_seconds()
    if seconds >= 86400:
        n = int(seconds // 86400)
        return _plural(n, _tr("Overdue by {n} day"), _tr("Overdue by {n} days"))
    if seconds >= 3600:
        n = int(seconds // 3600)
        return _plural(n, _tr("Overdue by {n} hour"), _tr("Overdue by {n} hours"))
    n = max(1, int(seconds // 60))
    return _plural(n, _tr("Overdue by {n} minute"), _tr("Overdue by {n} minutes"))


def _due_text(left: timedelta) -> str:
    """'Due in 41 h' (whole hours left), or 'Due in 35 min' in the last hour."""
    seconds = left.total_seconds()
    if seconds >= 3600:
        return _tr("Due in {n} h").format(n=int(seconds // 3600))
    return _tr("Due in {n} min").format(n=max(0, int(seconds // 60)))


def rhi_status(ep: MissingView, now: datetime) -> RhiStatus:
    """The episode's return interview in words, as of ``now`` (aware)."""
    rhi = ep.rhi
    if ep.ended_at is None:
        return RhiStatus(RhiState.STILL_MISSING, _tr("Still missing"))
    if rhi.completed_at is not None:
        who = rhi.completed_by.strip()
        when = format_date(local_date(rhi.completed_at))
        text = (
            _tr("Completed {date} by {who}").format(date=when, who=who)
            if who
            else _tr("Completed {date}").format(date=when)
        )
        return RhiStatus(RhiState.COMPLETED, text)
    if rhi.declined_reason and rhi.declined_reason.strip():
        return RhiStatus(
            RhiState.DECLINED, _tr("Declined: {reason}").format(reason=rhi.declined_reason.strip())
        )
    # Outstanding: the domain decided overdue at load time; time moves on while the screen is open.
    if rhi.offered_at is not None and rhi.accepted is None:
        answer = _tr("Offered, awaiting answer")
    elif rhi.accepted:
        answer = _tr("Accepted, not yet completed")
    else:
        answer = ""
    due = ep.rhi_due
    if due is not None and (ep.rhi_overdue or now > due):
        text = _overdue_text(now - due)
        return RhiStatus(RhiState.OVERDUE, f"{text} — {answer}" if answer else text)
    if due is None:
        return RhiStatus(RhiState.DUE, answer or _tr("Not yet offered"))
    text = _due_text(due - now)
    return RhiStatus(RhiState.DUE, f"{answer} — {text.lower()}" if answer else text)


def duration_text(ep: MissingView, now: datetime) -> str:
    if ep.ended_at is None:
        return _tr("{span} so far").format(span=span_text(now - ep.started_at))
    return span_text(ep.ended_at - ep.started_at)


def found_where_text(ep: MissingView) -> str:
    parts = [p.strip() for p in (ep.where_found, ep.found_with) if p and p.strip()]
    if not parts:
        return "" if ep.ended_at is None else _tr("Not recorded")
    if len(parts) == 2:
        return _tr("{where}, with {whom}").format(where=parts[0], whom=parts[1])
    return parts[0] if ep.where_found.strip() else _tr("With {whom}").format(whom=parts[0])
