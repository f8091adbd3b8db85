"""What a form asks a service to record: frozen inputs, validated by domain/validation.py.

Each command carries the values the user typed; services check permission, validate, write in
one transaction with an audit row, and return a ``Changes`` value saying what changed so the
panels that care can refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from desktop.domain.enums import (
    ChronologyCategory,
    ContactKind,
    ContactWith,
    DatePrecision,
    ItemTiming,
    MissingKind,
    PoliceRiskGrade,
    RiskCategory,
)


@dataclass(frozen=True, slots=True)
class ChronologyEntryInput:
    """A hand-written chronology entry (new when entry_id is None, else an edit)."""

    young_person_id: int
    event_date: date
    precision: DatePrecision
    category: ChronologyCategory
    source_agency: str
    source_person: str
    description: str
    analysis: str = ""
    significant: bool = False
    end_date: date | None = None
    entry_id: int | None = None
    version: int | None = None  # the version the user started editing (optimistic lock)
    request_id: str | None = None  # the form's id for this save: a retry is applied once


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    """A new risk assessment; a correction names the assessment it supersedes."""

    young_person_id: int
    instrument_code: str
    assessed_on: date
    answers: dict[str, ItemTiming] = field(default_factory=dict)  # item code -> timing
    judged_category: RiskCategory | None = None  # judgement instruments pick the band
    override_category: RiskCategory | None = None
    override_reason: str = ""
    rationale: str = ""
    young_person_words: str = ""
    supersedes_id: int | None = None
    request_id: str | None = None  # the form's id for this save: a retry is applied once


@dataclass(frozen=True, slots=True)
class ContactInput:
    young_person_id: int
    occurred_at: datetime  # aware
    kind: ContactKind
    duration_minutes: int | None
    with_whom: ContactWith
    initiated_by: str = "worker"
    location: str = ""
    summary: str = ""
    young_person_said: str = ""
    significant: bool = False
    request_id: str | None = None  # the form's id for this save: a retry is applied once


@dataclass(frozen=True, slots=True)
class PlacementInput:
    """A new SSDA903 episode; the current open episode (if any) ends on its DECOM (DEC = DECOM)."""

    young_person_id: int
    decom: date
    rne: str
    ls: str
    place: str
    provider: str = ""
    placement_postcode: str | None = None
    home_postcode: str | None = None
    urn: str | None = None
    reason_place_change: str | None = None  # for the episode this one follows
    rec: str | None = None  # reason the previous episode ceased
    request_id: str | None = None  # the form's id for this save: a retry is applied once


@dataclass(frozen=True, slots=True)
class EndPlacementInput:
    young_person_id: int
    episode_id: int
    version: int
    dec: date
    rec: str
    reason_place_change: str | None = None
    request_id: str | None = None  # the form's id for this save: a retry is applied once


@dataclass(frozen=True, slots=True)
class MissingInput:
    """A missing episode, new (episode_id None) or updated (found, grade, notes)."""

    young_person_id: int
    kind: MissingKind
    started_at: datetime
    ended_at: datetime | None = None
    police_risk_grade: PoliceRiskGrade | None = None
    reported_by: str = ""
    where_found: str = ""
    found_with: str = ""
    notes: str = ""
    episode_id: int | None = None
    version: int | None = None
    request_id: str | None = None  # the form's id for this save: a retry is applied once


@dataclass(frozen=True, slots=True)
class ReturnInterviewInput:
    young_person_id: int
    episode_id: int
    offered_at: datetime | None
    accepted: bool | None
    declined_reason: str = ""
    completed_at: datetime | None = None
    completed_by: str = ""
    key_disclosures: str = ""
    version: int | None = None  # of the return interview row, None when new
    request_id: str | None = None  # the form's id for this save: a retry is applied once


@dataclass(frozen=True, slots=True)
class ContactTargetInput:
    young_person_id: int
    target_days: int | None  # None = use the council's default
    version: int
    request_id: str | None = None  # the form's id for this save: a retry is applied once


@dataclass(frozen=True, slots=True)
class Changes:
    """What a write changed, broadcast so every panel that shows it refreshes."""

    young_person_ids: frozenset[int] = frozenset()
    kinds: frozenset[str] = frozenset()  # "chronology", "assessment", "contact", ...
    record_id: int | None = None  # the id written, for selecting it after the refresh


#: Values of Changes.kinds: which parts of the workspace a write touched.
KIND_CHRONOLOGY = "chronology"  # the timeline (hand-written or derived entries)
KIND_ASSESSMENT = "assessment"
KIND_CONTACT = "contact"
KIND_PLACEMENT = "placement"
KIND_MISSING = "missing"
KIND_RETURN_INTERVIEW = "return_interview"
KIND_PERSON = "person"  # the header and caseload row: current risk, flags, contact target
