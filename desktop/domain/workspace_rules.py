"""Pure builders of the workspace's chart series and contact summary, from the domain records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from desktop.domain import placements as pl
from desktop.domain.contacts import contacts_per_week, days_since_contact, out_of_hours_share
from desktop.domain.dates import local_date
from desktop.domain.enums import ContactKind
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.records import (
    AssessmentRecord,
    ContactRecord,
    InstrumentBand,
    MissingEpisodeRecord,
    PlacementEpisodeRecord,
)
from desktop.domain.risk import effective_assessments, review_due
from desktop.domain.thresholds import Thresholds
from desktop.domain.workspace import ContactSummary, RiskPoint, RiskSeries, WeekCount

#: The contact density strip and the summary cover the last 26 weeks (half a year).
SUMMARY_WEEKS = 26
#: The chart's contact density reaches back at least this far even with no other events.
SERIES_MIN_WEEKS = 26


def week_range(today: date, weeks: int) -> tuple[date, date]:
    """The last `weeks` Monday-based weeks ending with today's: (first Monday, today)."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=weeks - 1), today


def _weeks(pairs: Iterable[tuple[date, int]]) -> tuple[WeekCount, ...]:
    return tuple(WeekCount(d, n) for d, n in pairs)


def risk_series(
    *,
    assessments: Sequence[AssessmentRecord],
    bands: Sequence[InstrumentBand],
    missing: Sequence[MissingEpisodeRecord],
    episodes: Sequence[PlacementEpisodeRecord],
    contacts: Sequence[ContactRecord],
    today: date,
    thresholds: Thresholds,
) -> RiskSeries:
    """The trajectory chart's data.

    Points are the confirmed, non-superseded assessments (oldest first); placement moves are
    the starts of new placements as domain/placements groups them (short breaks and temporary
    episodes are not moves); contacts per week count successful contacts from the earliest
    point or marker's week (at least 26 weeks back) to today, zero weeks included.
    """
    kept = effective_assessments(assessments)
    points = tuple(RiskPoint(a.assessed_on, a.score, a.category, a.id) for a in kept)
    missing_starts = tuple(sorted(local_date(m.started_at) for m in missing))
    moves = tuple(p.start for p in pl.placements(episodes, thresholds))
    floor, _ = week_range(today, SERIES_MIN_WEEKS)
    firsts = [p.on for p in points[:1]] + list(missing_starts[:1]) + list(moves[:1])
    start = week_range(min([floor, *firsts]), 1)[0]  # whole weeks: from that Monday
    return RiskSeries(
        points=points,
        bands=tuple(sorted(bands, key=lambda b: b.min_score)),
        missing_starts=missing_starts,
        placement_moves=moves,
        contacts_per_week=_weeks(contacts_per_week(contacts, min(start, today), today)),
        review_due=review_due(kept, thresholds),
        today=today,
    )


def contact_summary(
    contacts: Sequence[ContactRecord], today: date, target_days: int
) -> ContactSummary:
    """Days since the last successful contact, the gap (as the CONTACT_GAP flag decides it),
    totals, the out-of-hours share of successful contacts, and the last 26 weeks per week."""
    days = days_since_contact(contacts, today)
    successful = sum(1 for c in contacts if c.kind is not ContactKind.FAILED_ATTEMPT)
    start, end = week_range(today, SUMMARY_WEEKS)
    return ContactSummary(
        target_days=target_days,
        days_since=days,
        gap=days is None or days > target_days,
        total=len(contacts),
        successful=successful,
        out_of_hours_share=out_of_hours_share(contacts),
        per_week=_weeks(contacts_per_week(contacts, start, end)),
    )


def episode_distance(
    home_postcode: str | None, placement_postcode: str | None, directory: PostcodeDirectory | None
) -> float | None:
    """Home to placement in miles for one episode; None ("not known", never 0) when either
    postcode is blank, invalid or not in the directory, or no directory is loaded."""
    if directory is None:
        return None
    return directory.distance_miles(home_postcode, placement_postcode)
