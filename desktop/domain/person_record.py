"""One young person's whole record as stored: the frozen values the person repository returns
and the workspace rules read (domain objects, so no layer keeps a second set of row classes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain.chronology import EntryRecord, MeetingDecision
from desktop.domain.records import Instrument
from desktop.domain.workspace import AnswerView, DisruptionView


@dataclass(frozen=True, slots=True)
class PersonDetails:
    id: int
    reference: str
    first_name: str
    last_name: str
    preferred_name: str | None
    date_of_birth: date
    gender: str
    ethnicity: str
    involvement: str | None
    school: str
    home_postcode: str | None
    responsible_la_code: str | None
    team_id: int
    team: str
    social_worker: str
    key_person: str
    contact_target_days: int | None
    restricted: bool
    plan: str
    version: int


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    id: int
    instrument_code: str
    instrument_name: str
    instrument_kind: str
    assessed_on: date
    total_score: int | None
    band_label: str
    computed_category: str
    override_category: str | None
    override_reason: str | None
    assessor: str
    assessor_agency: str
    rationale: str
    young_person_words: str
    confirmed_by: str | None
    confirmed_at: datetime | None
    supersedes_id: int | None
    recorded_at: datetime | None
    answers: tuple[AnswerView, ...]


@dataclass(frozen=True, slots=True)
class PlacementRow:
    id: int
    decom: date
    rne: str
    ls: str
    place: str
    provider: str
    dec: date | None
    rec: str | None
    reason_place_change: str | None
    home_postcode: str | None
    placement_postcode: str | None
    urn: str | None
    version: int


@dataclass(frozen=True, slots=True)
class MissingRow:
    id: int
    kind: str
    started_at: datetime
    ended_at: datetime | None
    police_risk_grade: str | None
    reported_by: str
    where_found: str
    found_with: str
    notes: str
    version: int
    rhi_id: int | None
    rhi_offered_at: datetime | None
    rhi_accepted: bool | None
    rhi_declined_reason: str | None
    rhi_completed_at: datetime | None
    rhi_completed_by: str
    rhi_key_disclosures: str
    rhi_version: int | None


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    occurred_at: datetime
    kind: str
    duration_minutes: int | None
    initiated_by: str
    location: str
    with_whom: str
    worker: str
    worker_agency: str
    summary: str
    young_person_said: str
    significant: bool
    version: int


@dataclass(frozen=True, slots=True)
class OtherPerson:
    """Another young person linked to the same associate or context, with the viewer's facts."""

    young_person_id: int
    first_name: str
    last_name: str
    preferred_name: str | None
    restricted: bool
    team_id: int
    allocated: bool  # the viewer is their social worker or key person
    on_access_list: bool


@dataclass(frozen=True, slots=True)
class AssociateRow:
    link_id: int
    associate_id: int
    name: str
    aliases: str
    role: str
    source_grade: str | None
    intelligence_grade: str | None
    handling_code: str
    intelligence: str
    others: tuple[OtherPerson, ...]


@dataclass(frozen=True, slots=True)
class ContextRow:
    link_id: int
    context_id: int
    kind: str
    name: str
    description: str
    postcode: str | None
    notes: str
    handling_code: str
    others: tuple[OtherPerson, ...]


@dataclass(frozen=True, slots=True)
class PersonInputs:
    """One young person's whole record as stored, for the workspace's rules."""

    person: PersonDetails
    entries: tuple[EntryRecord, ...]
    assessments: tuple[AssessmentRow, ...]  # by assessed_on, id
    placements: tuple[PlacementRow, ...]  # by decom, id
    missing: tuple[MissingRow, ...]  # by started_at, id
    contacts: tuple[ContactRow, ...]  # by occurred_at, id
    associates: tuple[AssociateRow, ...]
    contexts: tuple[ContextRow, ...]
    disruption: tuple[DisruptionView, ...]  # newest first
    meetings: tuple[MeetingDecision, ...]  # by held_on
    manual_flags: tuple[tuple[str, str], ...]  # (label, reason), oldest first
    instruments: tuple[Instrument, ...]  # active ones, with items and bands
