"""Who is acting: every service call takes an Actor so permissions and audit know the user."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.enums import Role


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    role: Role
    team_id: int | None

    @property
    def label(self) -> str:
        return f"{self.display_name} ({self.role.label})"
