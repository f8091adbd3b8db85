"""The young person workspace as frozen DTOs: what the person screen, summaries and packs show.

Services fill these from one fixed set of queries (see services/person.py); views and the
report builders only read them. Every value here is already decided by the domain rules and
already filtered by the viewer's access (names of other restricted young people are initials,
analysis text is None where the viewer may not read it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from desktop.domain.access import Access
from desktop.domain.enums import (
    AssociateRole,
    ChronologyCategory,
    ContactKind,
    ContactWith,
    ContextKind,
    DatePrecision,
    HandlingCode,
    Involvement,
    ItemTiming,
    MissingKind,
    PoliceRiskGrade,
    RiskCategory,
    Trend,
)
from desktop.domain.records import Flag, Instrument, InstrumentBand


@dataclass(frozen=True, slots=True)
class PersonHeader:
    id: int
    reference: str
    display_name: str  # full name with preferred name, or initials for a restricted record
    preferred_name: str | None
    restricted: bool
    date_of_birth: date | None  # None when the viewer may not see it
    age: int | None
    gender: str
    ethnicity: str
    involvement: Involvement | None
    legal_status_code: str | None  # LS of the current placement episode when looked after
    legal_status_label: str | None  # e.g. "C2: Full care order"
    school: str
    home_postcode: str | None
    team: str
    social_worker: str
    key_person: str
    risk_category: RiskCategory | None
    risk_score: int | None
    risk_band_label: str | None
    trend: Trend | None
    review_due: date | None
    contact_target_days: int  # the effective target (person's own, else the setting)
    flags: tuple[Flag, ...]  # automatic then manual, each with its explanation
    plan: str
    version: int  # for optimistic locking of header edits (cadence target, plan)


@dataclass(frozen=True, slots=True)
class ChronologyItem:
    """One line of the timeline: a hand-written entry or one derived from another record."""

    key: str  # unique in the workspace, e.g. "entry:12", "assessment:5", "missing:3"
    event_date: date
    precision: DatePrecision
    end_date: date | None
    category: ChronologyCategory
    source: str  # "Agency — person"
    description: str  # the fact
    analysis: str | None  # judgement; None when the viewer may not read the analysis column
    significant: bool
    author: str
    recorded_at: datetime | None
    age_at_event: int | None  # None when the date of birth is hidden
    linked_kind: str | None  # "assessment", "placement", "missing", "meeting", "contact"
    linked_id: int | None
    entry_id: int | None  # set for hand-written entries (editable)
    version: int | None  # of the hand-written entry


@dataclass(frozen=True, slots=True)
class AnswerView:
    item_code: str
    item_label: str
    group: str
    timing: ItemTiming


@dataclass(frozen=True, slots=True)
class AssessmentView:
    id: int
    instrument_code: str
    instrument_name: str
    assessed_on: date
    score: int | None
    band_label: str
    computed_category: RiskCategory
    category: RiskCategory  # after any professional override
    override_reason: str | None
    assessor: str
    rationale: str
    young_person_words: str
    confirmed: bool
    confirmed_by: str | None
    confirmed_at: datetime | None
    supersedes_id: int | None
    superseded_by_id: int | None  # a later correction replaced this one
    recorded_at: datetime | None
    trend: Trend | None  # against the previous assessment on the trajectory
    answers: tuple[AnswerView, ...]
    assessor_agency: str = ""  # the chronology's source is "agency — person"


@dataclass(frozen=True, slots=True)
class RiskPoint:
    on: date
    score: int | None  # None for judgement instruments (London categories)
    category: RiskCategory
    assessment_id: int


@dataclass(frozen=True, slots=True)
class WeekCount:
    week_start: date  # Monday
    count: int


@dataclass(frozen=True, slots=True)
class RiskSeries:
    """The trajectory as the on-screen chart and the PDF chart both draw it."""

    points: tuple[RiskPoint, ...]  # confirmed, not superseded, oldest first
    bands: tuple[InstrumentBand, ...]  # of the default scored instrument, lowest first
    missing_starts: tuple[date, ...]
    placement_moves: tuple[date, ...]  # starts of new placements (domain definition)
    contacts_per_week: tuple[WeekCount, ...]  # successful key-person contacts
    review_due: date | None
    today: date

    # Chart geometry shared by the on-screen chart and the PDF chart (added by the risk panel):
    # scores are whole numbers, so a band covers min - 0.5 .. max + 0.5 and points sit inside.

    def band_extent(self, band: InstrumentBand) -> tuple[float, float]:
        """The score range a band is shaded over; the open top band reaches ``y_top``."""
        low = max(0.0, band.min_score - 0.5)
        high = self.y_top if band.max_score is None else band.max_score + 0.5
        return low, high

    @property
    def y_top(self) -> float:
        """Top of the score axis: the open top band as tall as the one below, or the top score."""
        if not self.bands:
            scores = [p.score for p in self.points if p.score is not None]
            return float(max(scores, default=20)) + 1.5
        last = self.bands[-1]
        width = 5
        if len(self.bands) > 1 and self.bands[-2].max_score is not None:
            width = self.bands[-2].max_score - self.bands[-2].min_score + 1
        top = last.min_score + width if last.max_score is None else last.max_score
        scores = [p.score for p in self.points if p.score is not None]
        return float(max([top, *(s + 1 for s in scores)])) + 0.5

    def plotted_score(self, point: RiskPoint) -> float:
        """Where a point is drawn: its score, or its category band's midpoint when it has none
        (judgement instruments such as the London categories)."""
        if point.score is not None:
            return float(point.score)
        for band in self.bands:
            if band.category is point.category:
                low, high = self.band_extent(band)
                return (low + high) / 2
        return point.category.value * 5 + 2.5

    def band_of(self, point: RiskPoint) -> InstrumentBand | None:
        """The band of the default instrument a point's category falls in."""
        return next((b for b in self.bands if b.category is point.category), None)


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    occurred_at: datetime
    kind: ContactKind
    duration_minutes: int | None
    out_of_hours: bool
    successful: bool
    initiated_by: str
    location: str
    with_whom: ContactWith
    worker: str
    summary: str
    young_person_said: str
    significant: bool
    version: int
    worker_agency: str = ""  # the chronology's source is "agency — person"


@dataclass(frozen=True, slots=True)
class ContactSummary:
    target_days: int
    days_since: int | None  # since the last successful contact; None = never
    gap: bool  # days_since exceeds the target (or never seen)
    total: int
    successful: int
    out_of_hours_share: float | None  # of successful contacts; None when there are none
    per_week: tuple[WeekCount, ...]  # last 26 weeks, oldest first, zero weeks included


@dataclass(frozen=True, slots=True)
class PlacementView:
    id: int
    decom: date
    rne: str
    rne_label: str
    ls: str
    ls_label: str
    place: str
    place_label: str
    provider: str
    dec: date | None
    rec: str | None
    rec_label: str | None
    reason_place_change: str | None
    reason_place_change_label: str | None
    home_postcode: str | None
    placement_postcode: str | None
    distance_miles: float | None  # None = not known (unknown postcode), never 0
    out_of_area: bool | None  # None = not known
    urn: str | None
    counted: bool  # False for V3/V4 short breaks and T0-T4 temporary placements
    starts_placement: bool  # this episode begins a new placement (domain definition)
    version: int


@dataclass(frozen=True, slots=True)
class ReturnInterviewView:
    id: int | None
    offered_at: datetime | None
    accepted: bool | None
    declined_reason: str | None
    completed_at: datetime | None
    completed_by: str
    key_disclosures: str
    version: int | None


@dataclass(frozen=True, slots=True)
class MissingView:
    id: int
    kind: MissingKind
    started_at: datetime
    ended_at: datetime | None
    police_risk_grade: PoliceRiskGrade | None
    reported_by: str
    where_found: str
    found_with: str
    notes: str
    rhi: ReturnInterviewView
    rhi_due: datetime | None  # found time + 72 hours
    rhi_overdue: bool
    version: int


@dataclass(frozen=True, slots=True)
class SharedWith:
    young_person_id: int
    display_name: str  # initials for restricted records the viewer may not open
    restricted: bool = False
    access: Access = Access.NONE  # what opening them would give this viewer


@dataclass(frozen=True, slots=True)
class AssociateView:
    link_id: int
    associate_id: int
    name: str
    aliases: str
    role: AssociateRole
    source_grade: str | None
    intelligence_grade: str | None
    handling_code: HandlingCode
    intelligence: str
    others: tuple[SharedWith, ...]


@dataclass(frozen=True, slots=True)
class ContextView:
    link_id: int
    context_id: int
    kind: ContextKind
    name: str
    description: str
    postcode: str | None
    notes: str
    handling_code: HandlingCode
    others: tuple[SharedWith, ...]


@dataclass(frozen=True, slots=True)
class DisruptionView:
    id: int
    on: date
    tactic: str
    agency: str
    target: str
    outcome: str


@dataclass(frozen=True, slots=True)
class PersonWorkspace:
    """Everything the person screen shows, loaded in one go."""

    access: Access
    header: PersonHeader
    chronology: tuple[ChronologyItem, ...]  # newest first
    assessments: tuple[AssessmentView, ...]  # newest first
    series: RiskSeries
    contacts: tuple[ContactView, ...]  # newest first
    contact_summary: ContactSummary
    placements: tuple[PlacementView, ...]  # newest first
    placement_flags: tuple[Flag, ...]
    missing: tuple[MissingView, ...]  # newest first
    missing_flags: tuple[Flag, ...]
    associates: tuple[AssociateView, ...]
    contexts: tuple[ContextView, ...]
    disruption: tuple[DisruptionView, ...]
    instruments: tuple[Instrument, ...] = field(default=())  # for the new-assessment form
    loaded_at: datetime | None = None
