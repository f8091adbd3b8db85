"""A young person's date of birth, found in free text however a person typed it.

A wider-audience or initials-only document must not print a date of birth, and workers type
it in every way: 13/04/2014, 13/4/14, 13.4.14, 13-04-2014, 2014-04-13, 13 April 2014, 13th
April 2014, 13 Apr 2014, 13th of April, April 13th, April 13 2014, 13/04. `dob_pattern`
matches each of those (and only the real date: 13/04/2015 or 31/04 are left alone), so the
scrub needs the real date of birth, before the document blanks it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass, replace
from datetime import date
from enum import Enum
from typing import TypeVar, cast

from desktop.domain.meetings import NameScrubber, PersonName

T = TypeVar("T")

DOB_WITHHELD = "[date of birth withheld]"

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_SEP = r"\s*[/.\-]\s*"  # between numbers: 13/04, 13.4, 13-04, 13 / 04
_GAP = r"[\s\-/.,]*"  # between a number and a month's name: 13 April, 13-Apr, April 13,
_ORDINAL = r"(?:st|nd|rd|th)?"
_BEFORE = r"(?<!\w)(?<!\d[/.\-])"  # not part of a longer number or date
_AFTER = r"(?!\w)(?![/.\-]\d)"
_NO_YEAR = rf"(?!{_GAP}'?\d\d)"  # 13 April 2015 is a birthday, not the date of birth


def _number(n: int) -> str:
    """A day or month number as typed: 4, 04."""
    return f"0?{n}" if n < 10 else str(n)


def _month_name(month: int) -> str:
    full = _MONTHS[month - 1]
    short = {full, full[:3]} | ({"sept"} if month == 9 else set())
    names = sorted(short, key=len, reverse=True)
    return "(?:" + "|".join(f"{n}\\.?" if n != full else n for n in names) + ")"


def dob_pattern(dobs: Iterable[date]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for every common spelling of any of `dobs` (None: none)."""
    parts: list[str] = []
    for dob in sorted(set(dobs)):
        d, m, y = _number(dob.day), _number(dob.month), dob.year
        year = f"(?:{y}|{y % 100:02d})"
        name = _month_name(dob.month)
        parts += [
            # 13/04/2014, 13.4.14, 13-04-2014
            rf"{d}{_SEP}{m}{_SEP}{year}",
            # 13/04: the year left out (only with a slash: 13.4 and 13-4 are numbers and ranges)
            rf"{d}\s*/\s*{m}",
            # 2014-04-13, 2014/4/13
            rf"{y}{_SEP}{m}{_SEP}{d}",
            # 13 April 2014, 13th April, 13th of April, 13-Apr-14, 13 Apr '14
            rf"{d}{_ORDINAL}(?:\s+of)?{_GAP}{name}(?:{_GAP}'?{year}|{_NO_YEAR})",
            # April 13th, April 13 2014, April 13th, 2014, April the 13th
            rf"{name}{_GAP}(?:the\s+)?{d}{_ORDINAL}(?:{_GAP}'?{year}|{_NO_YEAR})",
        ]
    if not parts:
        return None
    return re.compile(rf"{_BEFORE}(?:{'|'.join(parts)}){_AFTER}", re.IGNORECASE)


def dob_scrubber(dobs: Iterable[date]) -> Callable[[str], str]:
    """A function that replaces every spelling of the dates of birth with DOB_WITHHELD."""
    pattern = dob_pattern(dobs)
    if pattern is None:
        return lambda text: text
    return lambda text: pattern.sub(DOB_WITHHELD, text) if text else text


class Scrub:
    """Text scrubbers applied in turn (for example date of birth, then names)."""

    def __init__(self, *steps: Callable[[str], str]) -> None:
        self._steps = steps

    def __call__(self, text: str) -> str:
        for step in self._steps:
            if not text:
                break
            text = step(text)
        return text

    def opt(self, text: str | None) -> str | None:
        return None if text is None else self(text)


#: Fields a document-wide scrub leaves alone: names the document already shows as the reader
#: may see them (a young person's display name, an action's subject) and the print options.
_KEEP_FIELDS = frozenset({"display_name", "subject", "options"})


def scrub_strings(value: T, scrub: Callable[[str], str]) -> T:
    """`value` with every string in it (in frozen dataclasses and tuples, however deep) passed
    through `scrub`, except the _KEEP_FIELDS and enum members. Unchanged parts are shared."""
    return cast(T, _walk(value, scrub))


def _walk(value: object, scrub: Callable[[str], str]) -> object:
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, tuple):
        items = tuple(_walk(v, scrub) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, object] = {}
        for f in fields(value):
            if f.name in _KEEP_FIELDS or not f.init:
                continue
            old = getattr(value, f.name)
            new = _walk(old, scrub)
            if new is not old:
                changes[f.name] = new
        return replace(value, **changes) if changes else value
    return value


def document_scrub(
    names: Iterable[PersonName], dobs: Iterable[date | None], keep: Iterable[str] = ()
) -> Scrub:
    """The scrub for a whole document: the dates of birth withheld, then the names as initials
    (the professionals in `keep` left whole)."""
    return Scrub(dob_scrubber(d for d in dobs if d is not None), NameScrubber(names, keep))
