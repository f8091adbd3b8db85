"""Council-wide settings stored in the database, so every workstation applies the same rules."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from typing import Any

from sqlalchemy import ScalarSelect, select
from sqlalchemy.orm import Session

from desktop.data.tables import AppSetting
from desktop.domain.security import DEFAULT_SECURITY, SecurityPolicy
from desktop.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds

THRESHOLDS_KEY = "thresholds"
SECURITY_KEY = "security"


def _raw(session: Session, key: str) -> str | None:
    return session.execute(
        select(AppSetting.value).where(AppSetting.key == key)
    ).scalar_one_or_none()


def get_value(session: Session, key: str, default: Any = None) -> Any:
    raw = _raw(session, key)
    return default if raw is None else json.loads(raw)


def set_value(session: Session, key: str, value: Any) -> None:
    row = session.get(AppSetting, key)
    encoded = json.dumps(value, sort_keys=True)
    if row is None:
        session.add(AppSetting(key=key, value=encoded))
    else:
        row.value = encoded
    session.flush()


def stored(key: str) -> ScalarSelect[str]:
    """A setting's stored JSON (NULL when unset) as a scalar subquery, to be read as a column
    of another statement rather than in a round trip of its own (see thresholds_from)."""
    return select(AppSetting.value).where(AppSetting.key == key).scalar_subquery()


def _overrides(raw: str | None, default: Any) -> Any:
    """Stored overrides (JSON, or None) over a frozen dataclass of defaults; unknown keys are
    ignored."""
    overrides = (None if raw is None else json.loads(raw)) or {}
    known = {f.name for f in fields(default)}
    return replace(default, **{k: v for k, v in overrides.items() if k in known})


def thresholds_from(raw: str | None) -> Thresholds:
    """The thresholds from the stored JSON that `stored(THRESHOLDS_KEY)` reads (None: unset)."""
    return _overrides(raw, DEFAULT_THRESHOLDS)  # type: ignore[no-any-return]


def load_thresholds(session: Session) -> Thresholds:
    return thresholds_from(_raw(session, THRESHOLDS_KEY))


def load_security(session: Session) -> SecurityPolicy:
    return _overrides(_raw(session, SECURITY_KEY), DEFAULT_SECURITY)  # type: ignore[no-any-return]
