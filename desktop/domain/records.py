"""Frozen records the data layer hands to the domain rules and, through services, to the UI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from desktop.domain.enums import (
    ContactKind,
    FlagCode,
    Involvement,
    ItemTiming,
    MissingKind,
    PoliceRiskGrade,
    RiskCategory,
    Role,
    Trend,
)


@dataclass(frozen=True, slots=True)
class InstrumentItem:
    code: str
    label: str
    group: str  # e.g. "vulnerability", "moderate", "significant"
    weight_recent: int
    weight_past: int
    weight_both: int


@dataclass(frozen=True, slots=True)
class InstrumentBand:
    label: str
    category: RiskCategory
    min_score: int  # inclusive
    max_score: int | None  # inclusive; None = no upper bound


@dataclass(frozen=True, slots=True)
class Instrument:
    code: str
    name: str
    kind: str  # InstrumentKind value
    items: tuple[InstrumentItem, ...]
    bands: tuple[InstrumentBand, ...]


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    """One risk assessment as the rules need it (effective category already resolved)."""

    id: int
    assessed_on: date
    category: RiskCategory  # after any professional override
    score: int | None
    confirmed: bool
    supersedes_id: int | None = None


@dataclass(frozen=True, slots=True)
class ItemAnswer:
    item_code: str
    timing: ItemTiming


@dataclass(frozen=True, slots=True)
class PlacementEpisodeRecord:
    """An SSDA903 episode: DECOM, RNE, LS, PLACE, DEC, REC, REASON_PLACE_CHANGE, postcodes."""

    id: int
    decom: date
    rne: str
    ls: str
    place: str
    dec: date | None = None
    rec: str | None = None
    reason_place_change: str | None = None
    home_postcode: str | None = None
    placement_postcode: str | None = None
    provider: str | None = None
    urn: str | None = None


@dataclass(frozen=True, slots=True)
class MissingEpisodeRecord:
    id: int
    kind: MissingKind
    started_at: datetime
    ended_at: datetime | None = None
    police_risk_grade: PoliceRiskGrade | None = None
    rhi_completed_at: datetime | None = None
    rhi_declined_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored record as an edit of it needs it: whose it is, its version, its values by the
    field names of the command that edits it (what an EditConflict shows), and the facts the
    rules check before a write."""

    id: int
    young_person_id: int | None  # None for a record owned through another (a return interview)
    version: int
    values: Mapping[str, object] = field(default_factory=dict)
    author_id: int | None = None  # a chronology entry's author
    linked: bool = False  # a chronology entry made from another record
    confirmed_at: datetime | None = None  # a risk assessment's confirmation
    date_of_birth: date | None = None  # a young person's
    home_postcode: str | None = None  # a young person's
    placement: PlacementEpisodeRecord | None = None  # a placement episode, for its rules
    missing: MissingEpisodeRecord | None = None  # a missing episode, for its interview's rules


@dataclass(frozen=True, slots=True)
class ContactRecord:
    id: int
    occurred_at: datetime
    kind: ContactKind
    duration_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """A raised flag with the sentence that explains why (shown in tooltips and packs)."""

    code: FlagCode
    label: str
    explanation: str


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One young person in the caseload, every value precomputed by the domain rules."""

    id: int
    display_name: str
    restricted: bool
    date_of_birth: date | None  # None when the viewer may not see it (restricted record)
    age: int | None
    involvement: Involvement | None
    legal_status_code: str | None  # LS code of the current episode when looked after
    risk_category: RiskCategory | None
    risk_score: int | None
    trend: Trend | None
    social_worker: str
    key_person: str
    team: str
    days_since_contact: int | None  # None: never seen
    review_due: date | None
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A user account as administration screens show it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    team_id: int | None
    team: str | None
    agency: str
    active: bool
    failed_attempts: int
    locked_until: datetime | None
    has_password: bool
    version: int


@dataclass(frozen=True, slots=True)
class TeamRecord:
    id: int
    name: str
