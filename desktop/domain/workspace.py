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
    ChronologyCategory,
    ContactKind,
    ContactWith,
    DatePrecision,
    Involvement,
    MissingKind,
    PoliceRiskGrade,
    RiskCategory,
    Trend,
)
from desktop.domain.records import Flag, Instrument
from desktop.domain.workspace_network import AssociateView, ContextView, DisruptionView, SharedWith
from desktop.domain.workspace_risk import (
    AnswerView,
    AssessmentView,
    RiskPoint,
    RiskSeries,
    WeekCount,
)

__all__ = [
    "AnswerView",
    "AssessmentView",
    "AssociateView",
    "ChronologyItem",
    "ContactSummary",
    "ContactView",
    "ContextView",
    "DisruptionView",
    "MissingView",
    "PersonHeader",
    "PersonWorkspace",
    "PlacementView",
    "ReturnInterviewView",
    "RiskPoint",
    "RiskSeries",
    "SharedWith",
    "WeekCount",
]


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
