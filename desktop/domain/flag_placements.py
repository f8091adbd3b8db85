"""The placement flags: how many placements, stability, distance, area, endings, escalation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop.domain import placements as pl
from desktop.domain.dates import collection_year, format_date, last_days, last_months
from desktop.domain.enums import FlagCode
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.records import PlacementEpisodeRecord
from desktop.domain.thresholds import Thresholds


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _placement_list(items: Sequence[pl.Placement]) -> str:
    return ", ".join(f"{p.place} from {format_date(p.start)}" for p in items)


def placement_flags(
    found: dict[FlagCode, str],
    episodes: Sequence[PlacementEpisodeRecord],
    today: date,
    dob: date | None,
    postcodes: PostcodeDirectory | None,
    responsible_la: str | None,
    thresholds: Thresholds,
) -> None:
    eps = pl.sort_episodes(episodes)
    periods = pl.periods_of_care(eps)
    placement_list = pl.group_placements(eps, periods, thresholds)
    need = thresholds.placement_flag_count

    year_ago, _ = last_months(today, 12)
    held = [p for p in placement_list if p.open_during(year_ago, today)]
    if len(held) >= need:
        found[FlagCode.PLACEMENTS_12_MONTHS] = (
            f"{len(held)} placements since {format_date(year_ago)}: {_placement_list(held)}"
        )

    # DfE cohort: looked after (not on short breaks) - at 31 March for the return; today here.
    current_eps = [ep for ep in eps if pl.is_held_on(ep, today)]
    if current_eps and current_eps[-1].ls not in pl.SHORT_BREAK_LS:
        year_start, year_end = collection_year(today)
        in_year = [p for p in placement_list if p.open_during(year_start, min(today, year_end))]
        if len(in_year) >= need:
            found[FlagCode.PLACEMENTS_COLLECTION_YEAR] = (
                f"{len(in_year)} placements in the collection year from "
                f"{format_date(year_start)}: {_placement_list(in_year)}"
            )

    if dob is not None and dob <= today:
        result = pl.stability_for(eps, periods, placement_list, dob, today, thresholds)
        if result.not_met and result.period_start is not None:
            began = (
                "no placement"
                if result.placement_start is None
                else format_date(result.placement_start)
            )
            found[FlagCode.LONG_TERM_STABILITY_NOT_MET] = (
                f"Looked after since {format_date(result.period_start)}; current placement "
                f"began {began}, under {thresholds.stability_placement_months} months ago"
            )

    current = pl.current_placement(placement_list, periods, today)
    if current is not None:
        _current_placement_flags(found, current, today, postcodes, responsible_la, thresholds)

    ended = pl.unplanned_ending(eps, year_ago, today)
    if ended is not None and ended.dec is not None:
        found[FlagCode.UNPLANNED_ENDING] = (
            f"Placement ({ended.place}) ended {format_date(ended.dec)}: "
            f"{pl.describe(pl.REASON_PLACE_CHANGE_DESCRIPTIONS, ended.reason_place_change)}"
        )

    start, end = last_days(today, thresholds.escalation_days)
    events = pl.escalations(periods, start, end)
    if events:
        found[FlagCode.ESCALATION] = "; ".join(
            f"{what[0].upper()}{what[1:]} on {format_date(when)}" for when, what in events
        )


def _current_placement_flags(
    found: dict[FlagCode, str],
    current: pl.Placement,
    today: date,
    postcodes: PostcodeDirectory | None,
    responsible_la: str | None,
    thresholds: Thresholds,
) -> None:
    # Postcodes stay out of explanations: a child's placement location is sensitive in packs.
    what = f"Current placement ({current.place} from {format_date(current.start)})"
    miles = pl.placement_distance(current, postcodes)
    if miles is not None and miles > thresholds.distance_flag_miles:
        found[FlagCode.OVER_20_MILES] = f"{what} is {miles:.1f} miles from home"
    if pl.out_of_area(current.placement_postcode, responsible_la, postcodes):
        laua = postcodes.laua(current.placement_postcode) if postcodes else None
        found[FlagCode.OUT_OF_AREA] = (
            f"{what} is in {laua}, outside the responsible authority ({responsible_la})"
        )
    new_from, _ = last_days(today, thresholds.new_placement_days)
    if new_from <= current.start <= today:
        found[FlagCode.NEW_PLACEMENT] = (
            f"{what} began {plural((today - current.start).days, 'day')} ago"
        )
