"""Alerts about accounts that can read case records, for a team's managers and administrators.

An administrator can read case content by creating a case-reading account (or giving one a
case-reading role, moving one into a team, or resetting its password) and signing in as it.
So each such change is told, at their next sign-in, to every other administrator and to the
managers of the team concerned. The facts come from the audit entries UserAdminService
writes (their detail holds the account's role and team after the change).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.data.tables import AuditEntry, User
from desktop.domain.actor import Actor
from desktop.domain.dates import format_datetime
from desktop.domain.enums import AuditAction, Role

#: Roles that see young people's records (everything but the administrator).
CASE_READING = frozenset(role for role in Role if role is not Role.ADMINISTRATOR)


def account_detail(user: User) -> dict[str, Any]:
    """What an account-change audit entry keeps so the alerts can be worked out later."""
    return {"role": user.role, "team_id": user.team_id, "active": bool(user.active)}


def account_alerts(session: Session, actor: Actor, since: datetime | None) -> list[str]:
    """Case-reading account changes since ``since`` that ``actor`` must be told about."""
    if actor.role is Role.TEAM_MANAGER:
        if actor.team_id is None:
            return []
    elif actor.role is not Role.ADMINISTRATOR:
        return []
    stmt = (
        select(
            AuditEntry.at,
            AuditEntry.username,
            AuditEntry.user_id,
            AuditEntry.action,
            AuditEntry.fields,
            AuditEntry.detail,
            User.username,
        )
        .join(User, User.id == AuditEntry.object_id)
        .where(
            AuditEntry.object_kind == "user",
            AuditEntry.action.in_((AuditAction.CREATE.value, AuditAction.UPDATE.value)),
        )
        .order_by(AuditEntry.id)
    )
    if since is not None:
        stmt = stmt.where(AuditEntry.at > since)
    alerts = []
    for at, by, by_id, action, fields_json, detail_json, account in session.execute(stmt):
        if by_id == actor.user_id:
            continue  # their own change
        detail = json.loads(detail_json) if detail_json else {}
        role_value, team_id = detail.get("role"), detail.get("team_id")
        if role_value not in {role.value for role in CASE_READING} or not detail.get("active"):
            continue
        if actor.role is Role.TEAM_MANAGER and team_id != actor.team_id:
            continue
        what = _what(action, json.loads(fields_json) if fields_json else [])
        if what is None:
            continue
        alerts.append(
            f"Administrator {by} {what} '{account}' ({Role(role_value).noun}) on "
            f"{format_datetime(at)}. Check it was expected: whoever sets an account's "
            "password can sign in as it."
        )
    return alerts


def _what(action: str, fields: list[str]) -> str | None:
    if action == AuditAction.CREATE.value:
        return "created the account"
    if "role" in fields:
        return "gave a case-reading role to the account"
    if "team" in fields:
        return "changed the team of the account"
    if "password" in fields:
        return "reset the password of the account"
    if "active" in fields:
        return "reactivated the account"
    return None
