"""Who is acting: every service call takes an Actor so permissions and audit know the user."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from desktop.domain.enums import Role


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    role: Role
    team_id: int | None
    #: Restricted young people opened by break-glass in this session only (never persisted).
    break_glass: frozenset[int] = field(default=frozenset())
    #: The account's session_version when this session signed in: an administrator's change
    #: to the account (deactivation, role, team, password reset) raises the stored number and
    #: every service then refuses this actor (desktop.services.sessions).
    session_version: int = 0

    @property
    def label(self) -> str:
        return f"{self.display_name} ({self.role.label})"

    def with_break_glass(self, young_person_id: int) -> Actor:
        return replace(self, break_glass=self.break_glass | {young_person_id})
