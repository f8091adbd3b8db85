"""SSDA903 placement rules: placements, periods of care, windows, stability and placement flags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import age_on, months_ago
from desktop.domain.postcodes import PostcodeDirectory, normalise_postcode
from desktop.domain.records import PlacementEpisodeRecord
from desktop.domain.ssda903 import (  # re-exported: callers find codes beside the rules
    LS_DESCRIPTIONS as LS_DESCRIPTIONS,
)
from desktop.domain.ssda903 import (
    PLACE_DESCRIPTIONS as PLACE_DESCRIPTIONS,
)
from desktop.domain.ssda903 import (
    REASON_PLACE_CHANGE_DESCRIPTIONS as REASON_PLACE_CHANGE_DESCRIPTIONS,
)
from desktop.domain.ssda903 import (
    REC_DESCRIPTIONS as REC_DESCRIPTIONS,
)
from desktop.domain.ssda903 import (
    RNE_DESCRIPTIONS as RNE_DESCRIPTIONS,
)
from desktop.domain.ssda903 import (
    describe as describe,
)
from desktop.domain.thresholds import Thresholds

Episode = PlacementEpisodeRecord

NEW_CARER_RNE = frozenset({"S", "P", "B"})
SAME_CARER_RNE = frozenset({"T", "U"})
SHORT_BREAK_LS = frozenset({"V3", "V4"})
TEMPORARY_PLACE = frozenset({"T0", "T1", "T2", "T3", "T4"})
UNPLANNED_REASONS = frozenset({"CREQB", "CREQO", "CHILD", "ALLEG", "STAND", "CLOSE"})
#: Escalation settings: secure children's home and YOI (secure estate); children's home,
#: residential care home and residential school (residential). H5 semi-independent, R2 health
#: and R3 family centres are not "residential care" in the escalation sense.
SECURE_PLACE = frozenset({"K1", "R5"})
RESIDENTIAL_PLACE = frozenset({"K2", "R1", "S1"})


def is_counted(ep: Episode) -> bool:
    """Counted towards placements: not a short break (LS V3/V4), not temporary (PLACE T0-T4)."""
    return ep.ls not in SHORT_BREAK_LS and ep.place not in TEMPORARY_PLACE


def is_open_during(ep: Episode, start: date, end: date) -> bool:
    """DECOM <= end and DEC blank or >= start: left on the window's first day still counts."""
    return ep.decom <= end and (ep.dec is None or ep.dec >= start)


def is_held_on(ep: Episode, d: date) -> bool:
    """DECOM <= d and DEC blank or > d: the episode ending on d is not held on d."""
    return ep.decom <= d and (ep.dec is None or ep.dec > d)


def restrictiveness(place: str) -> int:
    """0 family-based or other, 1 residential, 2 secure: a move up is an escalation."""
    return 2 if place in SECURE_PLACE else 1 if place in RESIDENTIAL_PLACE else 0


@dataclass(frozen=True, slots=True)
class Placement:
    """A run of counted episodes with the same carer(s)."""

    start: date
    end: date | None  # DEC of the last episode; None while open
    episodes: tuple[Episode, ...]
    place: str  # PLACE at the start
    placement_postcode: str | None  # of the latest episode that records one
    home_postcode: str | None

    def open_during(self, start: date, end: date) -> bool:
        return any(is_open_during(ep, start, end) for ep in self.episodes)


@dataclass(frozen=True, slots=True)
class PeriodOfCare:
    start: date
    end: date | None  # None while looked after
    episodes: tuple[Episode, ...]


@dataclass(frozen=True, slots=True)
class StabilityResult:
    eligible: bool
    stable: bool
    period_start: date | None
    placement_start: date | None
    reason: str  # why not eligible, or what was found

    @property
    def not_met(self) -> bool:
        return self.eligible and not self.stable


def sort_episodes(episodes: Iterable[Episode]) -> list[Episode]:
    """Episodes by DECOM then id: the order every rule here reads them in."""
    return sorted(episodes, key=lambda ep: (ep.decom, ep.id))


def periods_of_care(episodes: Iterable[Episode]) -> list[PeriodOfCare]:
    """Periods start at RNE S or after any gap between one episode's DEC and the next DECOM."""
    periods: list[PeriodOfCare] = []
    run: list[Episode] = []
    reach: date | None = None  # latest DEC so far in the run; None while any episode is open
    open_ep = False
    for ep in sort_episodes(episodes):
        gap = run and not open_ep and reach is not None and ep.decom > reach
        if run and (ep.rne == "S" or gap):
            periods.append(PeriodOfCare(run[0].decom, None if open_ep else reach, tuple(run)))
            run, reach, open_ep = [], None, False
        run.append(ep)
        if ep.dec is None:
            open_ep = True
        elif reach is None or ep.dec > reach:
            reach = ep.dec
    if run:
        periods.append(PeriodOfCare(run[0].decom, None if open_ep else reach, tuple(run)))
    return periods


def _period_on(periods: Sequence[PeriodOfCare], d: date) -> PeriodOfCare | None:
    for period in reversed(periods):
        if period.start <= d and (period.end is None or period.end > d):
            return period
    return None


def current_period_start(episodes: Iterable[Episode], on: date) -> date | None:
    """Start of the period of care the child is in on `on`; None when not looked after then."""
    period = _period_on(periods_of_care(episodes), on)
    return None if period is None else period.start


def looked_after_on(episodes: Iterable[Episode], d: date) -> bool:
    """Some episode has DECOM <= d and DEC blank or > d (care ending 31 March: not at 31 March)."""
    return any(is_held_on(ep, d) for ep in episodes)


def _same_setting(before: Episode, after: Episode) -> bool:
    """Back with the carer held before a temporary (T0-T4) episode: same PLACE and postcode."""
    pc_before = normalise_postcode(before.placement_postcode)
    return (
        before.place == after.place
        and pc_before is not None
        and pc_before == normalise_postcode(after.placement_postcode)
        and (before.urn is None or after.urn is None or before.urn == after.urn)
    )


def placements(episodes: Iterable[Episode], thresholds: Thresholds) -> list[Placement]:
    """Group counted episodes into placements, oldest first.

    A placement starts at RNE S, P or B (T and U too when count_same_carer_changes), and at the
    start of every period of care. L, T, U and unknown codes continue it. A return to the same
    carer after a temporary T0-T4 episode (same PLACE and placement postcode) continues the
    placement rather than counting a new one, as the DfE stability measure does.
    """
    eps = sort_episodes(episodes)
    return group_placements(eps, periods_of_care(eps), thresholds)


def group_placements(
    eps: Sequence[Episode], periods: Sequence[PeriodOfCare], thresholds: Thresholds
) -> list[Placement]:
    """placements() over episodes already sorted by (DECOM, id) and their periods of care."""
    same_carer_new = thresholds.count_same_carer_changes
    starters = NEW_CARER_RNE | SAME_CARER_RNE if same_carer_new else NEW_CARER_RNE
    period_starts = {p.episodes[0].id for p in periods}
    groups: list[list[Episode]] = []
    after_temporary = False
    for ep in eps:
        if not is_counted(ep):
            after_temporary = after_temporary or ep.place in TEMPORARY_PLACE
            continue
        new = not groups or ep.rne in starters or ep.id in period_starts
        if new and groups and after_temporary and ep.rne != "S" and ep.id not in period_starts:
            new = not _same_setting(groups[-1][-1], ep)
        after_temporary = False
        if new:
            groups.append([ep])
        else:
            groups[-1].append(ep)
    return [_placement(g) for g in groups]


def _placement(group: list[Episode]) -> Placement:
    return Placement(
        start=group[0].decom,
        end=group[-1].dec,
        episodes=tuple(group),
        place=group[0].place,
        placement_postcode=_latest(e.placement_postcode for e in group),
        home_postcode=_latest(e.home_postcode for e in group),
    )


def _latest(values: Iterable[str | None]) -> str | None:
    found = None
    for value in values:
        found = value or found
    return found


def placements_in_window(
    episodes: Iterable[Episode], start: date, end: date, thresholds: Thresholds
) -> list[Placement]:
    """Distinct placements with at least one counted episode open during start..end inclusive."""
    return [p for p in placements(episodes, thresholds) if p.open_during(start, end)]


def current_placement(
    placement_list: Sequence[Placement], periods: Sequence[PeriodOfCare], on: date
) -> Placement | None:
    """The latest placement begun in the current period of care by `on` (held through a T0-T4
    absence); None when not looked after on `on`."""
    period = _period_on(periods, on)
    if period is None:
        return None
    for p in reversed(placement_list):
        if period.start <= p.start <= on:
            return p
    return None


def long_term_stability(
    episodes: Iterable[Episode], dob: date, on: date, thresholds: Thresholds
) -> StabilityResult:
    """Eligible: looked after on `on`, not V3/V4, under 16, period began >= 30 months before.

    Stable: the current placement began >= 24 months before. "At least N months before" means
    start <= months_ago(on, N): a period begun 31 Aug 2023 is 30 months old on 1 Mar 2026.
    """
    eps = sort_episodes(episodes)
    periods = periods_of_care(eps)
    placement_list = group_placements(eps, periods, thresholds)
    return stability_for(eps, periods, placement_list, dob, on, thresholds)


def stability_for(
    eps: Sequence[Episode],
    periods: Sequence[PeriodOfCare],
    placement_list: Sequence[Placement],
    dob: date,
    on: date,
    thresholds: Thresholds,
) -> StabilityResult:
    """long_term_stability() over sorted episodes and their precomputed periods and placements."""
    held = [ep for ep in eps if is_held_on(ep, on)]
    if not held:
        return StabilityResult(False, False, None, None, "not looked after")
    if held[-1].ls in SHORT_BREAK_LS:
        return StabilityResult(False, False, None, None, "short breaks (V3/V4)")
    if age_on(dob, on) >= thresholds.stability_max_age:
        return StabilityResult(False, False, None, None, f"aged {thresholds.stability_max_age}+")
    period = _period_on(periods, on)
    if period is None:  # unreachable while an episode is held; kept for type narrowing
        return StabilityResult(False, False, None, None, "not looked after")
    if period.start > months_ago(on, thresholds.stability_period_months):
        months = thresholds.stability_period_months
        return StabilityResult(False, False, period.start, None, f"looked after < {months} months")
    current = current_placement(placement_list, periods, on)
    placement_start = None if current is None else current.start
    stable = placement_start is not None and placement_start <= months_ago(
        on, thresholds.stability_placement_months
    )
    reason = "stable" if stable else "not met"
    return StabilityResult(True, stable, period.start, placement_start, reason)


def unplanned_ending(episodes: Iterable[Episode], start: date, end: date) -> Episode | None:
    """The latest placement change (DEC in start..end, reason recorded) if its reason is unplanned.

    REASON_PLACE_CHANGE sits on the episode that ended (REC X1, next RNE P/B/T/U), so the latest
    ended episode carrying a reason is the latest placement change; a later planned change
    clears an earlier unplanned one.
    """
    latest: Episode | None = None
    key: tuple[date, int] | None = None
    for ep in episodes:
        if ep.dec is None or not ep.reason_place_change or not start <= ep.dec <= end:
            continue
        if key is None or (ep.dec, ep.id) > key:
            latest, key = ep, (ep.dec, ep.id)
    reason = "" if latest is None else (latest.reason_place_change or "").strip().upper()
    return latest if reason in UNPLANNED_REASONS else None


def escalations(periods: Sequence[PeriodOfCare], start: date, end: date) -> list[tuple[date, str]]:
    """Escalations in start..end: became looked after (not short breaks), or moved to a more
    restrictive setting (family -> residential -> secure) within a period of care."""
    found: list[tuple[date, str]] = []
    for period in periods:
        first = period.episodes[0]
        if start <= period.start <= end and first.ls not in SHORT_BREAK_LS:
            found.append((period.start, f"became looked after ({first.place})"))
        level = None
        for ep in period.episodes:
            if not is_counted(ep):
                continue
            new_level = restrictiveness(ep.place)
            if level is not None and new_level > level and start <= ep.decom <= end:
                kind = "secure care" if new_level == 2 else "residential care"
                found.append((ep.decom, f"moved to {kind} ({ep.place})"))
            level = new_level
    found.sort()
    return found


def out_of_area(
    placement_postcode: str | None,
    responsible_la: str | None,
    directory: PostcodeDirectory | None,
) -> bool | None:
    """True/False when the placement's district and the responsible authority are both known;
    None means "not known" (never flagged)."""
    if directory is None or not responsible_la:
        return None
    laua = directory.laua(placement_postcode)
    if laua is None:
        return None
    return laua != responsible_la.strip().upper()


def placement_distance(placement: Placement, directory: PostcodeDirectory | None) -> float | None:
    """Home to placement postcode in miles; None when not known (never 0)."""
    if directory is None:
        return None
    return directory.distance_miles(placement.home_postcode, placement.placement_postcode)
