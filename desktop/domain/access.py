"""Who may see which young people, and how a restricted record is named to everyone else."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from desktop.domain.enums import Role


@dataclass(frozen=True, slots=True)
class CaseScope:
    """The young people a user may list: their teams' and their own allocations, or all."""

    user_id: int
    all_teams: bool
    team_ids: frozenset[int]


#: Roles that read case content in the caseload; partner readers see shared packs only and
#: administrators manage users and settings without reading case content.
CASELOAD_ROLES = frozenset(
    {Role.SOCIAL_WORKER, Role.KEY_PERSON, Role.TEAM_MANAGER, Role.MACSE_CHAIR}
)


def caseload_scope(role: Role, user_id: int, team_id: int | None) -> CaseScope | None:
    """None when the role may not list young people at all."""
    if role not in CASELOAD_ROLES:
        return None
    if role is Role.MACSE_CHAIR:
        return CaseScope(user_id, all_teams=True, team_ids=frozenset())
    teams = frozenset({team_id}) if team_id is not None else frozenset()
    return CaseScope(user_id, all_teams=False, team_ids=teams)


def initials(first_name: str, last_name: str) -> str:
    parts = [p for p in (first_name.strip(), last_name.strip()) if p]
    return "".join(f"{p[0].upper()}." for p in parts) or "?"


def display_name(
    first_name: str,
    last_name: str,
    preferred_name: str | None,
    *,
    restricted: bool,
    has_access: bool,
) -> str:
    """Full name (with preferred name) — or initials only for a restricted record."""
    if restricted and not has_access:
        return initials(first_name, last_name)
    full = f"{first_name} {last_name}".strip()
    if preferred_name and preferred_name.strip() and preferred_name.strip() != first_name:
        return f"{full} ({preferred_name.strip()})"
    return full


class Access(Enum):
    """What a user may see of one young person."""

    NONE = "none"  # not in their scope at all
    INITIALS = "initials"  # restricted: initials only until break-glass or access list
    FULL = "full"


@dataclass(frozen=True, slots=True)
class AccessFacts:
    """What decides one user's access to one young person."""

    team_id: int
    restricted: bool
    allocated: bool  # the user is the allocated social worker or key person
    on_access_list: bool


def person_access(
    role: Role, user_team_id: int | None, facts: AccessFacts, *, break_glass: bool = False
) -> Access:
    scope = caseload_scope(role, 0, user_team_id)
    if scope is None:
        return Access.NONE
    in_scope = scope.all_teams or facts.allocated or facts.team_id in scope.team_ids
    if not in_scope:
        return Access.NONE
    if facts.restricted and not (facts.allocated or facts.on_access_list or break_glass):
        return Access.INITIALS
    return Access.FULL
