"""Checks on what a recording form asks for: each returns {field: message}, empty when valid.

Field names are the command's own field names, so a form can show each message beside its
input. Messages are written for the social worker at the screen. Placement checks follow the
DfE SSDA903 validation rules (numbers in comments) so that the statutory return reconciles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.domain.commands import (
    AssessmentInput,
    ChronologyEntryInput,
    ContactInput,
    ContactTargetInput,
    EndPlacementInput,
    MissingInput,
    PlacementInput,
    ReturnInterviewInput,
)
from desktop.domain.dates import age_on, format_date, format_datetime, is_after
from desktop.domain.enums import InstrumentKind, RiskCategory
from desktop.domain.postcodes import normalise_postcode
from desktop.domain.records import (
    Instrument,
    InstrumentBand,
    ItemAnswer,
    MissingEpisodeRecord,
    PlacementEpisodeRecord,
)
from desktop.domain.risk import band_for_score, score_assessment
from desktop.domain.ssda903 import (
    LS_DESCRIPTIONS,
    PLACE_DESCRIPTIONS,
    REASON_PLACE_CHANGE_DESCRIPTIONS,
    REC_DESCRIPTIONS,
    RNE_DESCRIPTIONS,
)
from desktop.domain.text_rules import DEFAULT_MAX_TEXT, text_errors

Errors = dict[str, str]

#: Clocks on two workstations differ a little: a time this far ahead of "now" is not "future".
FUTURE_GRACE = timedelta(minutes=5)
MAX_CONTACT_MINUTES = 12 * 60
MAX_TARGET_DAYS = 365
#: SSDA903 rule 365: an individual short break (LS V3) lasts at most 17 days.
SHORT_BREAK_MAX_DAYS = 17
#: Column widths, so PostgreSQL never refuses what a form accepted.
NAME_WIDTH = 200

TEMPORARY_PLACE = frozenset({"T0", "T1", "T2", "T3", "T4"})
SHORT_BREAK_LS = frozenset({"V3", "V4"})
CONTINUATION_RNE = frozenset({"L", "P", "T", "U", "B"})  # the child stays looked after
PLACEMENT_CHANGE_RNE = frozenset({"P", "T", "U", "B"})
LEGAL_STATUS_CHANGE_RNE = frozenset({"L", "U", "B"})
SAME_LEGAL_STATUS_RNE = frozenset({"P", "T"})
CONTINUES = "X1"  # REC: episode ceased and a new one began the same day


def code(value: str | None) -> str:
    """An SSDA903 code as stored: trimmed, upper case ('' when blank)."""
    return (value or "").strip().upper()


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


def _width(errors: Errors, field: str, value: str | None, limit: int = NAME_WIDTH) -> None:
    if value and len(value.strip()) > limit:
        errors.setdefault(field, f"Keep this to {limit} characters or fewer")


def _with_texts(errors: Errors, cmd: object, max_text: int) -> Errors:
    """`errors` and, for fields without one, any text too long or with control characters."""
    for name, message in text_errors(cmd, max_text).items():
        errors.setdefault(name, message)
    return errors


def _future(moment: datetime, now: datetime) -> bool:
    return is_after(moment, now + FUTURE_GRACE)


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
# Risk assessments
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SupersedeTarget:
    """The assessment a correction names, as far as the check needs it."""

    id: int
    young_person_id: int
    assessed_on: date
    superseded_by_id: int | None  # an existing correction of it, if any


def assessment_result(
    instrument: Instrument, cmd: AssessmentInput
) -> tuple[int | None, InstrumentBand]:
    """Score and band: scored instruments add item weights; judgement ones take the chosen band.

    Raises ValueError for input validate_assessment refuses (unknown items, no band).
    """
    if instrument.kind == InstrumentKind.JUDGEMENT.value:
        for band in instrument.bands:
            if band.category is cmd.judged_category:
                return None, band
        raise ValueError(f"{instrument.code!r} has no band for {cmd.judged_category}")
    answers = [ItemAnswer(item, timing) for item, timing in cmd.answers.items()]
    score = score_assessment(instrument, answers)
    return score, band_for_score(instrument, score)


def validate_assessment(
    cmd: AssessmentInput,
    instrument: Instrument | None,
    today: date,
    target: SupersedeTarget | None = None,
    max_text: int = DEFAULT_MAX_TEXT,
) -> Errors:
    """`instrument` is the active instrument named by the command (None: not found);
    `target` the assessment named by supersedes_id as loaded (None: not found)."""
    errors: Errors = {}
    if cmd.assessed_on > today:
        errors["assessed_on"] = (
            f"The assessment date {format_date(cmd.assessed_on)} is in the future; "
            "date it on or before today"
        )
    computed: RiskCategory | None = None
    if instrument is None:
        errors["instrument_code"] = (
            f"Choose a risk assessment tool ('{cmd.instrument_code}' is not available)"
        )
    elif instrument.kind == InstrumentKind.JUDGEMENT.value:
        if cmd.answers:
            errors["answers"] = f"{instrument.name} is a professional judgement: it has no items"
        if cmd.judged_category is None:
            errors["judged_category"] = f"Choose the {instrument.name}"
        elif not any(b.category is cmd.judged_category for b in instrument.bands):
            errors["judged_category"] = (
                f"{instrument.name} has no '{cmd.judged_category.label}' category"
            )
        else:
            computed = cmd.judged_category
    else:
        known = {item.code for item in instrument.items}
        unknown = sorted(set(cmd.answers) - known)
        if unknown:
            errors["answers"] = f"{instrument.name} has no item {', '.join(unknown)}"
        if cmd.judged_category is not None:
            errors["judged_category"] = (
                f"{instrument.name} is scored from its items; the category cannot be chosen "
                "(use an override with a reason instead)"
            )
        if not unknown:
            try:
                computed = assessment_result(instrument, cmd)[1].category
            except ValueError:
                errors["answers"] = f"{instrument.name} has no risk band for this score"
    _check_override(errors, cmd, computed)
    if cmd.supersedes_id is not None:
        _check_supersedes(errors, cmd, target)
    return _with_texts(errors, cmd, max_text)


def _check_override(errors: Errors, cmd: AssessmentInput, computed: RiskCategory | None) -> None:
    reason = cmd.override_reason.strip()
    if cmd.override_category is None:
        if reason:
            errors["override_category"] = (
                "Choose the category you are overriding to, or clear the override reason"
            )
        return
    if not reason:
        errors["override_reason"] = (
            "Give the reason for overriding the category: an override needs a reason"
        )
    if cmd.override_category is computed:
        errors["override_category"] = (
            f"The override is the same as the assessed category "
            f"({cmd.override_category.label}); clear it"
        )


def _check_supersedes(errors: Errors, cmd: AssessmentInput, target: SupersedeTarget | None) -> None:
    if target is None or target.young_person_id != cmd.young_person_id:
        errors["supersedes_id"] = (
            "The assessment being corrected is not one of this young person's assessments"
        )
    elif target.superseded_by_id is not None:
        errors["supersedes_id"] = (
            f"The assessment of {format_date(target.assessed_on)} has already been corrected; "
            "correct the latest version instead"
        )


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


# ---------------------------------------------------------------------------------------------
# Placements (SSDA903 episodes)
# ---------------------------------------------------------------------------------------------


def _check_codes(errors: Errors, fields: Mapping[str, tuple[str, dict[str, str], str]]) -> None:
    """Each field: (value, code list, what it is); unknown codes are refused (rules 143-149)."""
    for field, (value, codes, what) in fields.items():
        if value and value not in codes:
            errors[field] = f"'{value}' is not a valid {what} code"


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


# ---------------------------------------------------------------------------------------------
# Missing episodes and return interviews
# ---------------------------------------------------------------------------------------------


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
