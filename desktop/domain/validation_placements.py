"""Checks on a placement episode and on its ending, after the DfE SSDA903 validation rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from desktop.domain.commands import EndPlacementInput, PlacementInput
from desktop.domain.dates import age_on, format_date
from desktop.domain.postcodes import normalise_postcode
from desktop.domain.records import PlacementEpisodeRecord
from desktop.domain.ssda903 import (
    LS_DESCRIPTIONS,
    PLACE_DESCRIPTIONS,
    REASON_PLACE_CHANGE_DESCRIPTIONS,
    REC_DESCRIPTIONS,
    RNE_DESCRIPTIONS,
)
from desktop.domain.text_rules import DEFAULT_MAX_TEXT
from desktop.domain.validation_common import (
    CONTINUES,
    SHORT_BREAK_LS,
    SHORT_BREAK_MAX_DAYS,
    Errors,
    _width,
    _with_texts,
    code,
)
from desktop.domain.validation_sequence import _check_sequence


def _check_codes(errors: Errors, fields: Mapping[str, tuple[str, dict[str, str], str]]) -> None:
    """Each field: (value, code list, what it is); unknown codes are refused (rules 143-149)."""
    for field, (value, codes, what) in fields.items():
        if value and value not in codes:
            errors[field] = f"'{value}' is not a valid {what} code"


def validate_placement(
    cmd: PlacementInput,
    existing: Sequence[PlacementEpisodeRecord],
    date_of_birth: date,
    today: date,
    max_text: int = DEFAULT_MAX_TEXT,
) -> Errors:
    """A new episode against the young person's existing ones.

    The current open episode (if any) is ended on this DECOM (SSDA903: DEC = next DECOM) with
    `rec` (X1 when blank) and `reason_place_change`.
    """
    errors: Errors = {}
    rne, ls, place = code(cmd.rne), code(cmd.ls), code(cmd.place)
    rec, rpc = code(cmd.rec), code(cmd.reason_place_change)
    for field, value, what in (
        ("rne", rne, "reason for new episode"),
        ("ls", ls, "legal status"),
        ("place", place, "placement type"),
    ):
        if not value:
            errors[field] = f"Choose the {what}"
    _check_codes(
        errors,
        {
            "rne": (rne, RNE_DESCRIPTIONS, "reason for new episode (S, L, P, T, U or B)"),
            "ls": (ls, LS_DESCRIPTIONS, "legal status"),
            "place": (place, PLACE_DESCRIPTIONS, "placement type"),
            "rec": (rec, REC_DESCRIPTIONS, "reason episode ceased"),
            "reason_place_change": (
                rpc,
                REASON_PLACE_CHANGE_DESCRIPTIONS,
                "reason for placement change",
            ),
        },
    )
    if cmd.decom > today:
        errors["decom"] = (
            f"The start date {format_date(cmd.decom)} is in the future; "
            "record the episode on or after the day it starts"
        )
    elif cmd.decom < date_of_birth:
        errors["decom"] = (
            f"The start date is before the young person's date of birth "
            f"({format_date(date_of_birth)})"
        )
    _check_place_details(errors, cmd, ls)
    _check_sequence(errors, cmd, existing, rne, ls, place, rec, rpc)
    # 366: each short break is its own episode; a child cannot move during one.
    if ls == "V3" and rne and rne != "S":
        errors.setdefault(
            "rne",
            "Each short break (V3) is a separate episode starting with S; "
            "a child cannot change placement or legal status during a short break",
        )
    return _with_texts(errors, cmd, max_text)


def _check_place_details(errors: Errors, cmd: PlacementInput, ls: str) -> None:
    for field, value in (
        ("placement_postcode", cmd.placement_postcode),
        ("home_postcode", cmd.home_postcode),
    ):
        if value and value.strip() and normalise_postcode(value) is None:
            errors[field] = f"'{value.strip()}' is not a full UK postcode (for example BD1 2AE)"
    if cmd.urn and len(cmd.urn.strip()) > 8:
        errors["urn"] = "An Ofsted URN has at most 8 characters"
    _width(errors, "provider", cmd.provider)
    # 221: short breaks are returned without a placement postcode or URN.
    if ls in SHORT_BREAK_LS:
        if cmd.placement_postcode and cmd.placement_postcode.strip():
            errors.setdefault(
                "placement_postcode",
                "Short breaks (V3/V4) are recorded without a placement postcode",
            )
        if cmd.urn and cmd.urn.strip():
            errors.setdefault("urn", "Short breaks (V3/V4) are recorded without a URN")


_REC_AGE_RULES: dict[str, tuple[int | None, int | None, str]] = {
    "E11": (None, 18, "Adoption ends care only before the 18th birthday"),
    "E12": (None, 18, "Adoption ends care only before the 18th birthday"),
    "E5": (14, None, "Moving to independent living is recorded only from age 14"),
    "E6": (14, None, "Moving to independent living is recorded only from age 14"),
    "E7": (16, None, "A transfer to adult social care is recorded only from age 16"),
}


def validate_end_placement(
    cmd: EndPlacementInput,
    episode: PlacementEpisodeRecord,
    date_of_birth: date,
    today: date,
    max_text: int = DEFAULT_MAX_TEXT,
) -> Errors:
    """Ending an episode without a new one: the young person leaves care (REC other than X1)."""
    errors: Errors = {}
    if episode.dec is not None:
        errors["episode_id"] = f"This episode already ended on {format_date(episode.dec)}"
    if cmd.dec < episode.decom:  # 356 (the same day is allowed)
        errors["dec"] = f"The end date is before the episode started ({format_date(episode.decom)})"
    elif cmd.dec > today:
        errors["dec"] = f"The end date {format_date(cmd.dec)} is in the future"
    elif code(episode.ls) == "V3" and (cmd.dec - episode.decom).days > SHORT_BREAK_MAX_DAYS:
        errors["dec"] = (
            f"A single short break (V3) lasts at most {SHORT_BREAK_MAX_DAYS} days; this one "
            f"would last {(cmd.dec - episode.decom).days}"
        )
    rec = code(cmd.rec)
    if not rec:
        errors["rec"] = "Choose the reason the episode ended"
    elif rec not in REC_DESCRIPTIONS:
        errors["rec"] = f"'{rec}' is not a valid reason episode ceased code"
    elif rec == CONTINUES:
        errors["rec"] = (
            "X1 means a new episode began the same day: record the new episode instead, "
            "which ends this one"
        )
    elif rec in _REC_AGE_RULES and cmd.dec >= date_of_birth:
        least, below, message = _REC_AGE_RULES[rec]
        age = age_on(date_of_birth, cmd.dec)
        if (least is not None and age < least) or (below is not None and age >= below):
            errors["rec"] = f"{message}; the young person is {age} on the end date"
    if code(cmd.reason_place_change):
        errors["reason_place_change"] = (
            "A reason for placement change is recorded only when the young person moves to a "
            "new placement; record the new episode instead"
        )
    return _with_texts(errors, cmd, max_text)
