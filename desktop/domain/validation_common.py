"""What every recording check shares: the error map, the limits and the small field checks."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.domain.dates import is_after
from desktop.domain.text_rules import text_errors

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
