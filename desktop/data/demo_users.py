"""Demo data: the teams and the staff who sign in to a demo."""

from __future__ import annotations

from sqlalchemy import select

from desktop.data import tables as t
from desktop.data.demo_setup import LA_NAMES, TEAM_STAFF, TEAMS
from desktop.data.demo_writer import _GeneratorBase, _table
from desktop.domain.dates import add_months
from desktop.domain.enums import Role


class _UsersPart(_GeneratorBase):
    """Teams and users, reusing any made at first start."""

    def _teams_and_users(self) -> list[str]:
        created = self.at(add_months(self.today, -30), 9)
        self.team_ids = {}
        self.staff = {}
        self.user_names = {}
        usernames: list[str] = []
        # A database may already hold an administrator or teams made at first start: those
        # rows are reused by their unique name rather than duplicated.
        users, teams = _table(t.User), _table(t.Team)
        existing_users: dict[str, tuple[int, str]] = {
            r.username: (r.id, r.display_name)
            for r in self.conn.execute(select(users.c.id, users.c.username, users.c.display_name))
        }
        existing_teams: dict[str, int] = {
            r.name: r.id for r in self.conn.execute(select(teams.c.name, teams.c.id))
        }

        taken: set[str] = {name for _uid, name in existing_users.values()}

        def user(username: str, role: Role, team: str | None, agency: str = "") -> int:
            display = self.pick(self.adults)  # drawn even when reused: keeps the stream stable
            while display in taken:  # two staff with one name would make the audit ambiguous
                display = self.pick(self.adults)
            taken.add(display)
            usernames.append(username)
            if username in existing_users:
                uid, self.user_names[uid] = existing_users[username]
                return uid
            uid = self._id(t.User)
            self.user_names[uid] = display
            self.add(
                t.User,
                {
                    "id": uid,
                    "username": username,
                    "display_name": display,
                    "role": role.value,
                    "team_id": self.team_ids[team] if team else None,
                    "agency": agency or "Children's Social Care",
                    "email": f"{username}@caseboard.example",
                    "password_hash": None,
                    "active": True,
                    "failed_attempts": 0,
                    "locked_until": None,
                    "created_at": created,
                    "version": 1,
                },
            )
            return uid

        for key, team_name in TEAMS:
            if team_name in existing_teams:
                self.team_ids[key] = existing_teams[team_name]
                continue
            tid = self._id(t.Team)
            self.team_ids[key] = tid
            self.add(
                t.Team,
                {
                    "id": tid,
                    "name": team_name,
                    "local_authority_code": self.la_code,
                    "local_authority_name": LA_NAMES.get(self.la_code),
                    "version": 1,
                },
            )
        for key, _ in TEAMS:
            sws, kps = TEAM_STAFF[key]
            self.staff[key] = {
                "manager": [user(f"manager.{key}", Role.TEAM_MANAGER, key)],
                "sw": [user(f"sw.{key}{k}", Role.SOCIAL_WORKER, key) for k in range(1, sws + 1)],
                "kp": [user(f"kp.{key}{k}", Role.KEY_PERSON, key) for k in range(1, kps + 1)],
            }
        self.chair = user("chair", Role.MACSE_CHAIR, None)
        user("police.reader", Role.PARTNER_READER, None, "Police")
        user("admin", Role.ADMINISTRATOR, None)
        self.flush()
        return usernames
