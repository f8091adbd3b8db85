"""Every automatic flag for one young person, with a label and a sentence giving the evidence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import cache

from desktop.domain.contacts import days_since_contact
from desktop.domain.dates import (
    LOCAL_TZ,
    aware,
    end_of_day,
    format_date,
    format_datetime,
    is_after,
    last_months,
)
from desktop.domain.enums import FlagCode, MissingKind, Trend
from desktop.domain.flag_placements import placement_flags, plural
from desktop.domain.missing import currently_missing, repeat_missing_run, rhi_due, rhi_overdue
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.records import (
    AssessmentRecord,
    ContactRecord,
    Flag,
    MissingEpisodeRecord,
    PlacementEpisodeRecord,
)
from desktop.domain.risk import review_due_for, trajectory
from desktop.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds

_LABELS: dict[FlagCode, str] = {
    FlagCode.OVERDUE_REVIEW: "Risk review overdue",
    FlagCode.CONTACT_GAP: "Contact gap",
    FlagCode.PLACEMENTS_12_MONTHS: "{n}+ placements (12 months)",
    FlagCode.PLACEMENTS_COLLECTION_YEAR: "{n}+ placements (collection year)",
    FlagCode.LONG_TERM_STABILITY_NOT_MET: "Long-term stability not met",
    FlagCode.OVER_20_MILES: "Placed over {miles:g} miles away",
    FlagCode.OUT_OF_AREA: "Placed out of area",
    FlagCode.NEW_PLACEMENT: "New placement",
    FlagCode.UNPLANNED_ENDING: "Unplanned placement ending",
    FlagCode.ESCALATION: "Care escalation",
    FlagCode.CURRENTLY_MISSING: "Currently missing",
    FlagCode.REPEAT_MISSING: "Repeat missing",
    FlagCode.RHI_OVERDUE: "Return interview overdue",
    FlagCode.RISK_ESCALATED: "Risk escalated",
    FlagCode.MANUAL: "Manual flag",
}


_RANK = {code: i for i, code in enumerate(FlagCode)}


@cache  # a handful of (code, thresholds) pairs, asked for once per flag on caseload load
def flag_label(code: FlagCode, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """Short label for a flag code, as shown on chips and in filters."""
    return _LABELS[code].format(
        n=thresholds.placement_flag_count, miles=thresholds.distance_flag_miles
    )


def compute_flags(
    *,
    today: date,
    dob: date | None,
    assessments: Sequence[AssessmentRecord],
    placements: Sequence[PlacementEpisodeRecord],
    missing: Sequence[MissingEpisodeRecord],
    contacts: Sequence[ContactRecord],
    postcodes: PostcodeDirectory | None,
    responsible_la: str | None,
    contact_target_days: int | None,
    thresholds: Thresholds,
    now: datetime | None = None,
    presorted: bool = False,
) -> tuple[Flag, ...]:
    """Every active flag, in FlagCode order.

    Windows ending today are inclusive: "last 12 months" is the day after today-minus-12-months
    to today, "last N days" is today and the N-1 days before. `now` (default: the end of
    `today`) times missing and return-interview rules; callers with a clock should pass it.
    Inputs need no sorting; each list is sorted at most once here. `presorted=True` promises
    contacts in occurred_at order (oldest first, as a repository's ORDER BY gives them), so the
    contact gap reads only the newest few instead of every contact.
    """
    found: dict[FlagCode, str] = {}
    if assessments:
        _risk_flags(found, assessments, today, thresholds)
    target = thresholds.contact_target_days if contact_target_days is None else contact_target_days
    days = days_since_contact(contacts, today, oldest_first=presorted)
    if days is None:
        found[FlagCode.CONTACT_GAP] = f"No successful key-person contact recorded (target {target})"
    elif days > target:
        found[FlagCode.CONTACT_GAP] = (
            f"No successful key-person contact for {days} days (target {target})"
        )
    if placements:
        placement_flags(found, placements, today, dob, postcodes, responsible_la, thresholds)
    if missing:
        at = end_of_day(today) if now is None else now
        _missing_flags(found, missing, today, at, thresholds)
    if not found:
        return ()
    ordered = sorted(found, key=_RANK.__getitem__)
    return tuple(Flag(code, flag_label(code, thresholds), found[code]) for code in ordered)


def _risk_flags(
    found: dict[FlagCode, str],
    assessments: Sequence[AssessmentRecord],
    today: date,
    thresholds: Thresholds,
) -> None:
    steps = trajectory(assessments)
    due = review_due_for(steps, thresholds)
    if due is None:
        return
    current, direction = steps[-1]
    if today > due:
        found[FlagCode.OVERDUE_REVIEW] = (
            f"Risk review was due {format_date(due)} "
            f"(last assessment {format_date(current.assessed_on)})"
        )
    if direction is Trend.ESCALATED:
        previous = steps[-2][0]
        found[FlagCode.RISK_ESCALATED] = (
            f"Risk escalated from {previous.category.label} to {current.category.label} "
            f"on {format_date(current.assessed_on)}"
        )


def _missing_flags(
    found: dict[FlagCode, str],
    missing: Sequence[MissingEpisodeRecord],
    today: date,
    now: datetime,
    thresholds: Thresholds,
) -> None:
    open_ep = currently_missing(missing, now)
    if open_ep is not None:
        kind = "Missing" if open_ep.kind is MissingKind.MISSING else "Away without authorisation"
        found[FlagCode.CURRENTLY_MISSING] = f"{kind} since {format_datetime(open_ep.started_at)}"

    since, _ = last_months(today, 12)
    run = repeat_missing_run(missing, thresholds, on=today, since=since)
    if run:
        found[FlagCode.REPEAT_MISSING] = (
            f"{len(run)} episodes starting within {thresholds.repeat_missing_window_days} days: "
            + ", ".join(format_datetime(ep.started_at) for ep in run)
        )

    overdue = [ep for ep in missing if rhi_overdue(ep, now, thresholds)]
    if overdue:
        latest = max(overdue, key=lambda ep: (ep.started_at, ep.id))
        due = rhi_due(latest, thresholds)
        assert latest.ended_at is not None and due is not None  # overdue implies found
        found[FlagCode.RHI_OVERDUE] = (
            f"Return interview overdue for {plural(len(overdue), 'episode')}; latest: found "
            f"{format_datetime(latest.ended_at)}, due {format_datetime(due)}"
        )


def flags_valid_until(
    today: date,
    now: datetime,
    missing: Sequence[MissingEpisodeRecord],
    thresholds: Thresholds,
) -> datetime:
    """The first moment from `now` at which compute_flags (and the other caseload values worked
    out for `today`) could answer differently with the same inputs: the next UK midnight, when
    every date-based rule moves on a day, or sooner a missing episode starting or ending (the
    "currently missing" flag) or a return interview falling due ("return interview overdue").

    `today` is `now`'s UK date. A moment equal to `now` is returned as is (good for no time).
    """
    until = datetime.combine(today + timedelta(days=1), time(), tzinfo=LOCAL_TZ)
    for ep in missing:
        for moment in (ep.started_at, ep.ended_at, rhi_due(ep, thresholds)):
            if moment is not None and not is_after(now, moment) and is_after(until, moment):
                until = aware(moment)
    return until
