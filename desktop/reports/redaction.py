"""Wider-audience redaction the builders apply themselves, whatever the service already did.

Defence in depth: the pack service redacts before it hands a PackDocument over, but one missed
field must not put a child's full name or date of birth in a document read outside the
meeting. Every string the builders print goes through `Redactor.text`, every young person's
name through `Redactor.name`, every date through `Redactor.day`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from desktop.domain.dates import format_date
from desktop.domain.meetings import PackDocument
from desktop.domain.redaction import DOB_WITHHELD, dob_pattern

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_PAREN = re.compile(r"\([^)]*\)")


def initials_of(name: str) -> str:
    """'Jade Carter (Jay)' -> 'J.C.'; a name that is already initials ('J.C.') is kept."""
    tokens = [t for t in _TOKEN.findall(_PAREN.sub(" ", name)) if len(t) > 1]
    if not tokens:
        return name.strip() or "?"
    picked = tokens if len(tokens) == 1 else [tokens[0], tokens[-1]]
    return "".join(f"{t[0].upper()}." for t in picked)


class Redactor:
    """Knows every young person named in a pack and, for a wider audience, hides them."""

    def __init__(self, doc: PackDocument) -> None:
        self.wider = doc.options.wider_audience
        self._dobs: set[date] = set()
        self._phrases: dict[str, str] = {}  # full names, matched case-insensitively
        self._tokens: dict[str, str] = {}  # single name words, matched as written
        self._names: re.Pattern[str] | None = None
        self._words: re.Pattern[str] | None = None
        self._dob_re: re.Pattern[str] | None = None
        if not self.wider:
            return
        names: list[str] = []
        for person in doc.people:
            h = person.workspace.header
            names.append(h.display_name)
            if h.preferred_name:
                names.append(f"{h.preferred_name} {h.display_name}")
            if h.date_of_birth is not None:
                self._dobs.add(h.date_of_birth)
            if person.member is not None:
                names.append(person.member.display_name)
            for assoc in person.workspace.associates:
                names += [o.display_name for o in assoc.others]
            for ctx in person.workspace.contexts:
                names += [o.display_name for o in ctx.others]
            names += [a.subject for a in person.actions if a.young_person_id is not None]
        if doc.meeting is not None:
            names += [m.display_name for m in doc.meeting.cohort]
            names += [a.subject for a in doc.meeting.actions if a.young_person_id is not None]
        self._learn(names)
        self._compile()

    def _learn(self, names: Iterable[str]) -> None:
        for name in names:
            short = initials_of(name)
            bare = " ".join(_PAREN.sub(" ", name).split())
            for phrase in (name.strip(), bare):
                if any(len(t) > 1 for t in _TOKEN.findall(phrase)) and phrase != short:
                    self._phrases.setdefault(phrase.casefold(), short)
            for token in _TOKEN.findall(name):
                if len(token) > 1:
                    self._tokens.setdefault(token, short)

    def _compile(self) -> None:
        def alternation(keys: Iterable[str]) -> str:
            return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))

        if self._phrases:
            self._names = re.compile(
                rf"(?<!\w)(?:{alternation(self._phrases)})(?!\w)", re.IGNORECASE
            )
        if self._tokens:
            self._words = re.compile(rf"(?<!\w)(?:{alternation(self._tokens)})(?!\w)")
        self._dob_re = dob_pattern(self._dobs)

    def text(self, value: str | None) -> str:
        """Any printed string: young people's names become initials, dates of birth go."""
        if not value:
            return ""
        if not self.wider:
            return value
        if self._dob_re is not None:
            value = self._dob_re.sub(DOB_WITHHELD, value)
        if self._names is not None:
            value = self._names.sub(lambda m: self._phrases[m.group(0).casefold()], value)
        if self._words is not None:
            value = self._words.sub(lambda m: self._tokens[m.group(0)], value)
        return value

    def name(self, display_name: str) -> str:
        """A young person's name: initials only for a wider audience."""
        return initials_of(display_name) if self.wider else display_name

    def day(self, value: date | None, empty: str = "—") -> str:
        """A date; one equal to a young person's date of birth is withheld for a wider audience."""
        if value is None:
            return empty
        if self.wider and value in self._dobs:
            return "withheld"
        return format_date(value)

    def date_of_birth(self, value: date | None) -> str | None:
        """The date of birth to print, or None: never in a wider-audience pack."""
        return None if self.wider or value is None else format_date(value)
