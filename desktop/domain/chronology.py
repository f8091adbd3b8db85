"""The young person's chronology: hand-written entries plus items derived from other records.

DOMAIN.md: assessments, placements, missing episodes, meetings and significant contacts appear
on the timeline automatically; hand-written entries are added. Derived items are built from the
workspace views (already decided by the rules), so the timeline says what the tabs say.

Significance of derived items: missing episodes, placement changes (not short breaks or
temporary episodes, which are not placements), meeting decisions and significant contacts are
significant; a risk assessment is significant unless its category is unchanged; a return
interview is significant when key disclosures were recorded. A hand-written entry linked to one
of these records (``linked_kind``/``linked_id``) replaces the derived item: nothing is listed
twice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from desktop.domain.dates import age_on, format_date, format_datetime, local_date, to_local
from desktop.domain.enums import (
    ChronologyCategory,
    ContactKind,
    ContactWith,
    DatePrecision,
    MeetingOutcome,
    MissingKind,
    RiskCategory,
    Trend,
)
from desktop.domain.ssda903 import (
    LS_DESCRIPTIONS,
    PLACE_DESCRIPTIONS,
    REASON_PLACE_CHANGE_DESCRIPTIONS,
    REC_DESCRIPTIONS,
    describe,
)
from desktop.domain.workspace import (
    AssessmentView,
    ChronologyItem,
    ContactView,
    MissingView,
    PlacementView,
)

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


_TREND_WORDS = {
    Trend.ESCALATED: "escalated",
    Trend.DE_ESCALATED: "de-escalated",
    Trend.UNCHANGED: "unchanged",
    Trend.FIRST: "first assessment",
}


def assessment_description(a: AssessmentView) -> str:
    """'Risk assessment: Moderate (score 12), escalated'; judgement instruments show the band."""
    detail = a.band_label if a.score is None else f"score {a.score}"
    text = f"Risk assessment: {a.category.label}"
    if detail and detail != a.category.label:
        text += f" ({detail})"
    if a.category is not a.computed_category:
        text += f", professional override from {a.computed_category.label}"
    if a.trend is not None:
        text += f", {_TREND_WORDS[a.trend]}"
    if not a.confirmed:
        text += ", awaiting manager confirmation"
    return text


def _assessment_items(assessments: Iterable[AssessmentView], dob: date | None) -> Iterable[_Dated]:
    for a in assessments:
        if a.superseded_by_id is not None:
            continue  # a confirmed correction replaced it; the correction is listed instead
        item = _derived(
            f"assessment:{a.id}",
            a.assessed_on,
            ChronologyCategory.RISK_ASSESSMENT,
            source(a.assessor_agency, a.assessor),
            assessment_description(a),
            dob=dob,
            linked_kind="assessment",
            linked_id=a.id,
            significant=a.trend is not Trend.UNCHANGED,
            analysis=a.rationale,
            author=a.assessor,
            recorded_at=a.recorded_at,
        )
        yield _Dated(_order("assessment", a.assessed_on, None, a.id), item)


def _placement_source(p: PlacementView) -> str:
    return source("Placement record", p.provider)


def _counted_note(p: PlacementView) -> str:
    if p.counted:
        return ""
    if p.ls in ("V3", "V4"):
        return " (short break, not counted as a placement)"
    return " (temporary, not counted as a placement)"


def placement_start_description(p: PlacementView, previous: PlacementView | None) -> str:
    place = describe(PLACE_DESCRIPTIONS, p.place)
    legal = describe(LS_DESCRIPTIONS, p.ls)
    if p.rne == "S":
        text = f"Became looked after: {place}, legal status {legal}"
    elif p.rne == "L":
        text = f"Legal status changed to {legal}"
    elif p.rne in ("B", "U"):
        text = f"Placement change: {place}, legal status changed to {legal}"
    else:
        text = f"Placement change: {place}"
    reason = previous.reason_place_change if previous is not None else None
    if reason and p.rne != "S":
        text += f"; reason: {describe(REASON_PLACE_CHANGE_DESCRIPTIONS, reason)}"
    if p.provider and p.rne != "L":
        text += f"; provider {p.provider}"
    return text + _counted_note(p)


def _placement_items(placements: Sequence[PlacementView], dob: date | None) -> Iterable[_Dated]:
    ordered = sorted(placements, key=lambda p: (p.decom, p.id))
    starts = {p.decom for p in ordered}
    previous: PlacementView | None = None
    for p in ordered:
        prev = previous if previous is not None and previous.dec is not None else None
        item = _derived(
            f"placement:{p.id}",
            p.decom,
            ChronologyCategory.PLACEMENT_CHANGE,
            _placement_source(p),
            placement_start_description(p, prev),
            dob=dob,
            linked_kind="placement",
            linked_id=p.id,
            significant=p.counted,
            end_date=p.dec,
        )
        yield _Dated(_order("placement", p.decom, None, p.id), item)
        previous = p
        # An episode ending with no successor that day ends care (or a spell of it).
        if p.dec is not None and p.rec != CONTINUED_REC and p.dec not in starts:
            ended = f"Ceased to be looked after: {describe(REC_DESCRIPTIONS, p.rec)}"
            if p.reason_place_change:
                ended += f"; {describe(REASON_PLACE_CHANGE_DESCRIPTIONS, p.reason_place_change)}"
            end_item = _derived(
                f"placement-end:{p.id}",
                p.dec,
                ChronologyCategory.PLACEMENT_CHANGE,
                _placement_source(p),
                ended,
                dob=dob,
                linked_kind="placement",
                linked_id=p.id,
                significant=p.counted,
            )
            yield _Dated(_order("placement-end", p.dec, None, p.id), end_item)


_MISSING_WORDS = {
    MissingKind.MISSING: "Missing (whereabouts unknown)",
    MissingKind.AWAY: "Away from placement without authorisation",
}


def missing_description(m: MissingView) -> str:
    text = f"{_MISSING_WORDS[m.kind]} from {format_datetime(m.started_at)}"
    if m.ended_at is None:
        text += ", not yet found"
    else:
        text += f" to {format_datetime(m.ended_at)}"
    if m.police_risk_grade is not None:
        text += f"; police risk: {m.police_risk_grade.value.replace('_', ' ')}"
    found = " ".join(
        part
        for part in (
            f"at {m.where_found.strip()}" if m.where_found.strip() else "",
            f"with {m.found_with.strip()}" if m.found_with.strip() else "",
        )
        if part
    )
    if found:
        text += f"; found {found}"
    return text


def _missing_items(missing: Iterable[MissingView], dob: date | None) -> Iterable[_Dated]:
    for m in missing:
        on = local_date(m.started_at)
        item = _derived(
            f"missing:{m.id}",
            on,
            ChronologyCategory.MISSING_EPISODE,
            source("Missing episode", m.reported_by and f"reported by {m.reported_by}"),
            missing_description(m),
            dob=dob,
            linked_kind="missing",
            linked_id=m.id,
            significant=True,
            end_date=None if m.ended_at is None else local_date(m.ended_at),
        )
        yield _Dated(_order("missing", on, m.started_at, m.id), item)
        rhi = m.rhi
        if rhi.completed_at is not None:
            done = local_date(rhi.completed_at)
            text = "Return home interview completed"
            if rhi.key_disclosures.strip():
                text += f"; key disclosures: {rhi.key_disclosures.strip()}"
            rhi_item = _derived(
                f"rhi:{m.id}",
                done,
                ChronologyCategory.RETURN_INTERVIEW,
                source("Return home interview", rhi.completed_by),
                text,
                dob=dob,
                linked_kind="missing",
                linked_id=m.id,
                significant=bool(rhi.key_disclosures.strip()),
                author=rhi.completed_by,
            )
            yield _Dated(_order("rhi", done, rhi.completed_at, m.id), rhi_item)


_OUTCOME_WORDS = {
    MeetingOutcome.CONTINUE: "continue under MACSE",
    MeetingOutcome.STEP_DOWN: "step down",
    MeetingOutcome.CLOSE: "close to MACSE",
}


def meeting_description(m: MeetingDecision) -> str:
    parts = [m.title.strip() or "MACSE meeting"]
    if m.category_agreed is not None:
        parts.append(f"risk category agreed: {m.category_agreed.label}")
    if m.outcome is not None:
        parts.append(f"outcome: {_OUTCOME_WORDS[m.outcome]}")
    if m.decision.strip():
        parts.append(f"decision: {m.decision.strip()}")
    if m.next_review_on is not None:
        parts.append(f"next review {format_date(m.next_review_on)}")
    return "; ".join(parts)


def _meeting_items(meetings: Iterable[MeetingDecision], dob: date | None) -> Iterable[_Dated]:
    for m in meetings:
        if not m.on_timeline:
            continue
        item = _derived(
            f"meeting:{m.cohort_id}",
            m.held_on,
            ChronologyCategory.MEETING,
            source("MACSE meeting", m.chair and f"chair {m.chair}"),
            meeting_description(m),
            dob=dob,
            linked_kind="meeting",
            linked_id=m.meeting_id,
            significant=True,
            author=m.chair,
        )
        yield _Dated(_order("meeting", m.held_on, None, m.cohort_id), item)


CONTACT_KIND_WORDS = {
    ContactKind.FACE_TO_FACE: "Face-to-face contact",
    ContactKind.PHONE: "Phone call",
    ContactKind.VIDEO: "Video call",
    ContactKind.MESSAGE: "Message",
    ContactKind.FAILED_ATTEMPT: "Failed contact attempt",
}
CONTACT_WITH_WORDS = {
    ContactWith.YOUNG_PERSON: "the young person",
    ContactWith.PARENT_CARER: "parent/carer",
    ContactWith.PROFESSIONAL: "a professional",
}


_QUOTES = "\"'“”‘’"


def contact_description(c: ContactView) -> str:
    text = f"{CONTACT_KIND_WORDS[c.kind]} with {CONTACT_WITH_WORDS[c.with_whom]}"
    if c.summary.strip():
        text += f": {c.summary.strip()}"
    said = c.young_person_said.strip().strip(_QUOTES).strip()
    if said:
        text += f'; young person said: "{said}"'
    return text


def _contact_items(contacts: Iterable[ContactView], dob: date | None) -> Iterable[_Dated]:
    for c in contacts:
        if not c.significant:
            continue
        on = local_date(c.occurred_at)
        item = _derived(
            f"contact:{c.id}",
            on,
            ChronologyCategory.KEY_PERSON_CONTACT,
            source(c.worker_agency, c.worker),
            contact_description(c),
            dob=dob,
            linked_kind="contact",
            linked_id=c.id,
            significant=True,
            author=c.worker,
        )
        yield _Dated(_order("contact", on, c.occurred_at, c.id), item)


def build_chronology(
    *,
    dob: date | None,
    entries: Iterable[EntryRecord] = (),
    assessments: Iterable[AssessmentView] = (),
    placements: Sequence[PlacementView] = (),
    missing: Iterable[MissingView] = (),
    meetings: Iterable[MeetingDecision] = (),
    contacts: Iterable[ContactView] = (),
) -> tuple[ChronologyItem, ...]:
    """The whole timeline, newest first.

    Ties are broken so the order never depends on input order: same date, later time of day
    first (hand-written entries and date-only records have none), then by kind (entries, then
    meetings, assessments, contacts, return interviews, missing, placement starts, placement
    ends), then the higher record id first.
    """
    entry_list = list(entries)
    replaced = {
        f"{_LINK_KEYS[e.linked_kind]}:{e.linked_id}"
        for e in entry_list
        if e.linked_kind in _LINK_KEYS and e.linked_id is not None
    }
    dated: list[_Dated] = [
        _Dated(_order("entry", e.event_date, None, e.id), entry_item(e, dob)) for e in entry_list
    ]
    derived: list[Iterable[_Dated]] = [
        _assessment_items(assessments, dob),
        _placement_items(placements, dob),
        _missing_items(missing, dob),
        _meeting_items(meetings, dob),
        _contact_items(contacts, dob),
    ]
    for items in derived:
        dated.extend(d for d in items if d.item.key not in replaced)
    dated.sort(key=lambda d: d.order, reverse=True)
    return tuple(d.item for d in dated)


@dataclass(frozen=True, slots=True)
class ChronologyFilter:
    """What the user narrowed the timeline to; an empty field (empty set, None, "") does not
    restrict, so the default matches everything.

    Dates are inclusive; an item with an end date matches when its span overlaps the range.
    Text matches when the phrase appears (case-insensitive, surrounding spaces ignored) in the
    description, the source or the analysis.
    """

    categories: frozenset[ChronologyCategory] = frozenset()  # empty = every category
    date_from: date | None = None
    date_to: date | None = None
    significant_only: bool = False
    text: str = ""

    @classmethod
    def of(
        cls,
        *,
        categories: Collection[ChronologyCategory] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        significant_only: bool = False,
        text: str = "",
    ) -> ChronologyFilter:
        return cls(frozenset(categories or ()), date_from, date_to, significant_only, text)

    @property
    def is_empty(self) -> bool:
        return (
            not self.categories
            and self.date_from is None
            and self.date_to is None
            and not self.significant_only
            and not self.text.strip()
        )

    def matches(self, item: ChronologyItem, haystack: str | None = None) -> bool:
        """`haystack` may pass the item's search_text() when the caller caches it."""
        if self.categories and item.category not in self.categories:
            return False
        if self.significant_only and not item.significant:
            return False
        if self.date_to is not None and item.event_date > self.date_to:
            return False
        if self.date_from is not None:
            last = max(item.event_date, item.end_date or item.event_date)
            if last < self.date_from:
                return False
        needle = self.text.strip().casefold()
        if needle:
            return needle in (search_text(item) if haystack is None else haystack)
        return True

    def as_detail(self) -> dict[str, object]:
        """The filter for an audit entry's detail (only what was set)."""
        detail: dict[str, object] = {}
        if self.categories:
            detail["categories"] = sorted(c.value for c in self.categories)
        if self.date_from is not None:
            detail["date_from"] = self.date_from.isoformat()
        if self.date_to is not None:
            detail["date_to"] = self.date_to.isoformat()
        if self.significant_only:
            detail["significant_only"] = True
        if self.text.strip():
            detail["text"] = self.text.strip()
        return detail


def search_text(item: ChronologyItem) -> str:
    """What free-text search looks in: description, source and analysis (casefolded)."""
    return "\n".join((item.description, item.source, item.analysis or "")).casefold()


def filter_chronology(
    items: Iterable[ChronologyItem], flt: ChronologyFilter
) -> tuple[ChronologyItem, ...]:
    """The items `flt` matches, in their given order."""
    if flt.is_empty:
        return tuple(items)
    return tuple(item for item in items if flt.matches(item))
