"""Checks on where a placement episode falls among the episodes before it (SSDA903 rules)."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain.commands import PlacementInput
from desktop.domain.dates import format_date
from desktop.domain.postcodes import normalise_postcode
from desktop.domain.records import PlacementEpisodeRecord
from desktop.domain.validation_common import (
    CONTINUATION_RNE,
    CONTINUES,
    LEGAL_STATUS_CHANGE_RNE,
    PLACEMENT_CHANGE_RNE,
    SAME_LEGAL_STATUS_RNE,
    TEMPORARY_PLACE,
    Errors,
    code,
)


def _placement_changed(prev: PlacementEpisodeRecord, cmd: PlacementInput, place: str) -> str:
    """What differs from the previous episode's placement ('' when nothing recorded differs).

    Postcode, URN and provider count only when both episodes record them, so a detail left
    blank is not mistaken for a move (the DfE rules 434-436 compare the same four fields).
    """
    if place != prev.place:
        return f"the placement type changed from {prev.place} to {place}"
    before, after = (
        normalise_postcode(prev.placement_postcode),
        normalise_postcode(cmd.placement_postcode),
    )
    if before and after and before != after:
        return "the placement postcode changed"
    if prev.urn and cmd.urn and prev.urn.strip().upper() != cmd.urn.strip().upper():
        return "the URN changed"
    new_provider = cmd.provider.strip().casefold()
    if prev.provider and new_provider and prev.provider.strip().casefold() != new_provider:
        return "the provider changed"
    return ""


def _check_sequence(
    errors: Errors,
    cmd: PlacementInput,
    existing: Sequence[PlacementEpisodeRecord],
    rne: str,
    ls: str,
    place: str,
    rec: str,
    rpc: str,
) -> None:
    eps = sorted(existing, key=lambda ep: (ep.decom, ep.id))
    later = [ep for ep in eps if ep.decom >= cmd.decom]
    if later:
        errors.setdefault(
            "decom",
            f"There is already an episode starting {format_date(later[0].decom)}; "
            "a new episode must start after the latest one",
        )
        return
    if not eps:  # 357: the first episode ever starts with S
        if rne and rne != "S":
            errors.setdefault(
                "rne",
                "This is the young person's first episode, so the reason must be "
                "S (started to be looked after)",
            )
        if rec:
            errors["rec"] = "There is no current episode to end"
        if rpc:
            errors["reason_place_change"] = "There is no earlier placement to change from"
        return
    prev = eps[-1]
    # 501: a new episode cannot start inside an earlier one.
    inside = [ep for ep in eps[:-1] if ep.dec is None or ep.dec > cmd.decom]
    if inside:
        errors.setdefault(
            "decom",
            f"This start date falls inside the episode that began {format_date(inside[0].decom)}",
        )
    if prev.dec is not None:
        if rec:
            errors["rec"] = (
                f"The episode that began {format_date(prev.decom)} already ended on "
                f"{format_date(prev.dec)}; there is no current episode to end"
            )
        if prev.dec > cmd.decom:
            errors.setdefault(
                "decom",
                f"This start date is before the current episode ended ({format_date(prev.dec)})",
            )
            return
    prev_open = prev.dec is None
    if prev_open and rec and rec != CONTINUES and rne in CONTINUATION_RNE:
        errors.setdefault(
            "rec",
            f"Ending the current episode with {rec} means the young person left care; for a "
            "change of placement or legal status it ends with X1 (a new episode began the "
            "same day)",
        )
    if rne == "S":
        _check_start(errors, cmd, prev, rpc)
    elif rne in CONTINUATION_RNE and _check_continues(errors, cmd, prev):
        _check_change(errors, cmd, prev, rne, ls, place, rpc)


def _check_start(
    errors: Errors, cmd: PlacementInput, prev: PlacementEpisodeRecord, rpc: str
) -> None:
    """S only for a child not looked after the day before (a new period of care)."""
    if prev.dec is None or prev.dec >= cmd.decom:
        errors.setdefault(
            "rne",
            f"S (started to be looked after) is only for a child who was not looked after the "
            f"day before, but the episode that began {format_date(prev.decom)} is still "
            "running. Use L, P, T, U or B for a change, or end the current episode first",
        )
    if rpc:
        errors.setdefault(
            "reason_place_change",
            "A reason for placement change is recorded only when the placement changes "
            "(P, T, U or B)",
        )


def _check_continues(errors: Errors, cmd: PlacementInput, prev: PlacementEpisodeRecord) -> bool:
    """A continuing episode (L, P, T, U, B) starts the day the last one ended with X1 (432/433)."""
    if prev.dec is None:
        return True
    if prev.dec < cmd.decom:
        errors.setdefault(
            "rne",
            f"The last episode ended on {format_date(prev.dec)}, before this one starts: the "
            "young person was not looked after in between, so this is a new period of care "
            "and the reason must be S",
        )
        return False
    if code(prev.rec) not in ("", CONTINUES):
        errors.setdefault(
            "rne",
            f"The last episode ended on {format_date(prev.dec)} with reason {code(prev.rec)} "
            "(the young person left care), so a new episode cannot continue it; correct that "
            "episode's reason or this start date",
        )
        return False
    return True


def _check_change(
    errors: Errors,
    cmd: PlacementInput,
    prev: PlacementEpisodeRecord,
    rne: str,
    ls: str,
    place: str,
    rpc: str,
) -> None:
    prev_ls = code(prev.ls)
    if ls and rne in LEGAL_STATUS_CHANGE_RNE and ls == prev_ls:  # 434, 436
        other = "P" if rne == "B" else "T" if rne == "U" else None
        hint = f", or use {other} for a placement change only" if other else ""
        errors.setdefault(
            "ls",
            f"{rne} means the legal status changed, but it is still {ls} as in the current "
            f"episode; enter the new legal status{hint}",
        )
    if ls and rne in SAME_LEGAL_STATUS_RNE and ls != prev_ls:  # 435
        other = "B" if rne == "P" else "U"
        errors.setdefault(
            "ls",
            f"{rne} means the placement changed but not the legal status, which was {prev_ls}; "
            f"keep {prev_ls} or use {other} (legal status and placement both changed)",
        )
    moved = _placement_changed(prev, cmd, place) if place else "?"
    if rne == "L" and moved:  # 434
        errors.setdefault(
            "rne",
            f"L means only the legal status changed, but {moved}; use B (new carer) or "
            "U (same carer) when the placement changes too",
        )
    if rne in PLACEMENT_CHANGE_RNE and not moved:  # 435, 436
        errors.setdefault(
            "place",
            f"{rne} means the placement changed, but the placement type, postcode, URN and "
            "provider are the same as the current episode; record the new placement's "
            "details, or use L if only the legal status changed",
        )
    if rne in PLACEMENT_CHANGE_RNE:
        if place in TEMPORARY_PLACE:
            if rpc:  # 226
                errors.setdefault(
                    "reason_place_change",
                    "No reason for placement change is recorded for a move to a temporary "
                    "placement (T0-T4)",
                )
        elif code(prev.place) not in TEMPORARY_PLACE and not rpc:  # 225
            errors.setdefault(
                "reason_place_change",
                "Say why the placement changed (for example CARPL: change to the care plan, "
                "CHILD: the young person asked to move)",
            )
    elif rpc:
        errors.setdefault(
            "reason_place_change",
            "A reason for placement change is recorded only when the placement changes "
            "(P, T, U or B)",
        )


#: REC codes a young person must be old enough (or young enough) for: 386, 387, 389.
