"""Unsaved form drafts on the local disk, readable only by the user, so no typed word is lost.

One JSON file per (user, form kind, young person, record or "new") under the user's data
directory (``$CASEBOARD_DRAFTS_DIR`` or the constructor's path for tests): the folder is 0700,
each file 0600, written atomically (a temp file renamed over the old one). Values are a form's
command fields; dates, datetimes and enums are tagged so they come back as they went in.
Passwords are never stored: a field whose name mentions one is refused.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import quote

#: Overrides the drafts folder (tests, portable installs).
DRAFTS_ENV = "CASEBOARD_DRAFTS_DIR"
FORMAT = 1


def default_drafts_dir() -> Path:
    override = os.environ.get(DRAFTS_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("Caseboard", "Caseboard") / "drafts"


@dataclass(frozen=True, slots=True)
class DraftKey:
    username: str
    kind: str  # the form, e.g. "chronology_entry"
    young_person_id: int
    record_id: int | None = None  # None: a new record

    def filename(self) -> str:
        parts = (self.username, self.kind, str(self.young_person_id), str(self.record_id or "new"))
        return "--".join(quote(p, safe="") for p in parts) + ".json"


@dataclass(frozen=True, slots=True)
class Draft:
    """What the user had typed, and what the form was editing when they typed it."""

    values: dict[str, object]
    saved_at: datetime
    #: The save's request id, reused so a save that did commit is not applied twice.
    request_id: str | None = None
    #: The record's version and values when the form opened (None/{} for a new record), so a
    #: colleague's save since then shows as a conflict instead of being overwritten.
    version: int | None = None
    base: dict[str, object] = field(default_factory=dict)


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return "password" in lowered or "passphrase" in lowered or "secret" in lowered


def _encode(value: object) -> object:
    if isinstance(value, Enum):
        return {"$enum": value.value}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    raise TypeError(f"A draft cannot hold {type(value).__name__} values")


def _decode(value: object) -> object:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, raw),) = value.items()
        if tag == "$datetime":
            return datetime.fromisoformat(str(raw))
        if tag == "$date":
            return date.fromisoformat(str(raw))
        if tag == "$enum":
            return raw  # the form turns the raw value back into its enum
    return value


def _values(raw: Mapping[str, object]) -> dict[str, object]:
    return {str(k): _decode(v) for k, v in raw.items()}


class DraftStore:
    """Drafts of one machine user's forms; every method is cheap and never raises for I/O
    other than ``save`` (a draft that cannot be written is reported to the caller)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else default_drafts_dir()

    def path(self, key: DraftKey) -> Path:
        return self.root / key.filename()

    def save(
        self,
        key: DraftKey,
        values: Mapping[str, object],
        *,
        request_id: str | None = None,
        version: int | None = None,
        base: Mapping[str, object] | None = None,
        now: datetime | None = None,
    ) -> Path:
        secret = [name for name in (*values, *(base or {})) if _is_secret(name)]
        if secret:
            raise ValueError(f"Drafts never hold passwords ({', '.join(secret)})")
        document = {
            "format": FORMAT,
            "saved_at": (now or datetime.now(UTC)).isoformat(),
            "key": {
                "username": key.username,
                "kind": key.kind,
                "young_person_id": key.young_person_id,
                "record_id": key.record_id,
            },
            "request_id": request_id,
            "version": version,
            "values": {k: _encode(v) for k, v in values.items()},
            "base": {k: _encode(v) for k, v in (base or {}).items()},
        }
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)  # mkdir's mode is masked, and the folder may predate us
        target = self.path(key)
        fd, temp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=self.root)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(document, fh, ensure_ascii=False, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        return target

    def load(self, key: DraftKey) -> Draft | None:
        """The draft for ``key``; None when there is none or it cannot be read."""
        try:
            document = json.loads(self.path(key).read_text(encoding="utf-8"))
            saved_at = datetime.fromisoformat(document["saved_at"])
            return Draft(
                values=_values(document.get("values") or {}),
                saved_at=saved_at,
                request_id=document.get("request_id"),
                version=document.get("version"),
                base=_values(document.get("base") or {}),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def delete(self, key: DraftKey) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(key).unlink()

    def keys_for(self, username: str) -> list[Path]:
        """The draft files of one user (for a "drafts kept" notice)."""
        prefix = quote(username, safe="") + "--"
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.glob("*.json") if p.name.startswith(prefix))


def restore_enum(kind: type[Enum], value: object) -> Any:
    """An enum member from a draft's raw value (or the member itself)."""
    return value if isinstance(value, kind) else kind(value)
