"""Council-wide settings stored in the database, so every workstation applies the same rules."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.data.tables import AppSetting
from desktop.domain.security import DEFAULT_SECURITY, SecurityPolicy
from desktop.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds

THRESHOLDS_KEY = "thresholds"
SECURITY_KEY = "security"


def get_value(session: Session, key: str, default: Any = None) -> Any:
    raw = session.execute(
        select(AppSetting.value).where(AppSetting.key == key)
    ).scalar_one_or_none()
    return default if raw is None else json.loads(raw)


def set_value(session: Session, key: str, value: Any) -> None:
    row = session.get(AppSetting, key)
    encoded = json.dumps(value, sort_keys=True)
    if row is None:
        session.add(AppSetting(key=key, value=encoded))
    else:
        row.value = encoded
    session.flush()


def _overrides(session: Session, key: str, default: Any) -> Any:
    """Stored overrides over a frozen dataclass of defaults; unknown keys are ignored."""
    stored = get_value(session, key, {}) or {}
    known = {f.name for f in fields(default)}
    return replace(default, **{k: v for k, v in stored.items() if k in known})


def load_thresholds(session: Session) -> Thresholds:
    return _overrides(session, THRESHOLDS_KEY, DEFAULT_THRESHOLDS)  # type: ignore[no-any-return]


def load_security(session: Session) -> SecurityPolicy:
    return _overrides(session, SECURITY_KEY, DEFAULT_SECURITY)  # type: ignore[no-any-return]
