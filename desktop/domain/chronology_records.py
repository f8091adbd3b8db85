"""The chronology's own records and how its items are keyed, ordered and made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from desktop.domain.dates import age_on, to_local
from desktop.domain.enums import ChronologyCategory, DatePrecision, MeetingOutcome, RiskCategory
from desktop.domain.workspace import ChronologyItem

#: SSDA903 REC "episode ceased and new episode began on the same day": not an end of care.
CONTINUED_REC = "X1"
HELD = "held"


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """A hand-written chronology entry as stored."""

    id: int
    event_date: date
    precision: DatePrecision
    end_date: date | None
    category: ChronologyCategory
    source_agency: str
    source_person: str
    description: str
    analysis: str
    significant: bool
    author: str
    recorded_at: datetime | None
    linked_kind: str | None
    linked_id: int | None
    version: int


@dataclass(frozen=True, slots=True)
class MeetingDecision:
    """A young person's row in a MACSE meeting's cohort, with the meeting's decision."""

    cohort_id: int
    meeting_id: int
    title: str
    held_on: date
    status: str  # "planned" | "held" | ...
    chair: str
    reason: str
    category_agreed: RiskCategory | None
    outcome: MeetingOutcome | None
    decision: str
    next_review_on: date | None

    @property
    def on_timeline(self) -> bool:
        """A held meeting that returned a decision or a category for this young person."""
        decided = bool(self.decision.strip()) or self.category_agreed is not None
        return self.status == HELD and decided


def age_at(dob: date | None, on: date) -> int | None:
    """Completed years on the event date (a birthday counts on the day); None when unknown."""
    if dob is None or on < dob:
        return None
    return age_on(dob, on)


def source(agency: str, person: str) -> str:
    """'Agency — person', or whichever of the two is given."""
    parts = [p.strip() for p in (agency, person) if p and p.strip()]
    return " — ".join(parts)


# Derived items of one day sort by time of day, then by this rank (later rank = later), then id.
_RANK = {
    "placement-end": 0,
    "placement": 1,
    "missing": 2,
    "rhi": 3,
    "contact": 4,
    "assessment": 5,
    "meeting": 6,
    "entry": 7,
}
#: linked_kind of a hand-written entry -> the key prefix of the derived item it replaces.
_LINK_KEYS = {
    "assessment": "assessment",
    "risk_assessment": "assessment",
    "placement": "placement",
    "placement_episode": "placement",
    "missing": "missing",
    "missing_episode": "missing",
    "meeting": "meeting",
    "meeting_cohort": "meeting",
    "contact": "contact",
}

_SortKey = tuple[date, time, int, int]


@dataclass(frozen=True, slots=True)
class _Dated:
    order: _SortKey
    item: ChronologyItem


def _order(kind: str, on: date, at: datetime | None, record_id: int) -> _SortKey:
    clock = time() if at is None else to_local(at).time().replace(tzinfo=None)
    return on, clock, _RANK[kind], record_id


def entry_item(e: EntryRecord, dob: date | None) -> ChronologyItem:
    return ChronologyItem(
        key=f"entry:{e.id}",
        event_date=e.event_date,
        precision=e.precision,
        end_date=e.end_date,
        category=e.category,
        source=source(e.source_agency, e.source_person),
        description=e.description,
        analysis=e.analysis,
        significant=e.significant,
        author=e.author,
        recorded_at=e.recorded_at,
        age_at_event=age_at(dob, e.event_date),
        linked_kind=e.linked_kind,
        linked_id=e.linked_id,
        entry_id=e.id,
        version=e.version,
    )


def _derived(
    key: str,
    on: date,
    category: ChronologyCategory,
    src: str,
    description: str,
    *,
    dob: date | None,
    linked_kind: str,
    linked_id: int,
    significant: bool,
    analysis: str = "",
    author: str = "",
    end_date: date | None = None,
    recorded_at: datetime | None = None,
) -> ChronologyItem:
    return ChronologyItem(
        key=key,
        event_date=on,
        precision=DatePrecision.EXACT,
        end_date=end_date,
        category=category,
        source=src,
        description=description,
        analysis=analysis,
        significant=significant,
        author=author,
        recorded_at=recorded_at,
        age_at_event=age_at(dob, on),
        linked_kind=linked_kind,
        linked_id=linked_id,
        entry_id=None,
        version=None,
    )
