"""The network part of the person workspace: associates, contexts and disruption."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.access import Access
from desktop.domain.enums import AssociateRole, ContextKind, HandlingCode


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
