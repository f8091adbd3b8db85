"""The audit hash chain: each entry's SHA-256 covers its content and the previous entry's hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One audit entry as stored; `hash` is what the chain says it should be."""

    id: int
    at: datetime
    user_id: int | None
    username: str
    action: str
    object_kind: str
    object_id: int | None
    young_person_id: int | None
    fields: str
    detail: str
    prev_hash: str
    hash: str


def canonical_payload(
    *,
    at: datetime,
    user_id: int | None,
    username: str,
    action: str,
    object_kind: str,
    object_id: int | None,
    young_person_id: int | None,
    fields: str,
    detail: str,
) -> str:
    """A stable text form of an entry (UTC microseconds, sorted keys) for hashing."""
    return json.dumps(
        {
            "at": at.isoformat(timespec="microseconds"),
            "user_id": user_id,
            "username": username,
            "action": action,
            "object_kind": object_kind,
            "object_id": object_id,
            "young_person_id": young_person_id,
            "fields": fields,
            "detail": detail,
        },
        sort_keys=True,
        separators=(",", ":"),
    )


def entry_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def record_hash(record: AuditRecord) -> str:
    return entry_hash(
        record.prev_hash,
        canonical_payload(
            at=record.at,
            user_id=record.user_id,
            username=record.username,
            action=record.action,
            object_kind=record.object_kind,
            object_id=record.object_id,
            young_person_id=record.young_person_id,
            fields=record.fields,
            detail=record.detail,
        ),
    )


@dataclass(frozen=True, slots=True)
class ChainCheck:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""
    #: Hash of the last intact entry. Removing the newest entries leaves a shorter chain that
    #: is still intact: only a head recorded earlier, outside the database, shows that.
    head: str = GENESIS_HASH


class ChainVerifier:
    """Feed entries in id order; stops at the first break (changed, inserted or removed row)."""

    def __init__(self) -> None:
        self._prev = GENESIS_HASH
        self.checked = 0
        self.broken: ChainCheck | None = None

    def feed(self, record: AuditRecord) -> bool:
        if self.broken is not None:
            return False
        if record.prev_hash != self._prev:
            self.broken = ChainCheck(
                False,
                self.checked,
                record.id,
                "it does not follow the entry before it (an entry was removed or inserted)",
                self._prev,
            )
            return False
        if record_hash(record) != record.hash:
            self.broken = ChainCheck(
                False,
                self.checked,
                record.id,
                "its content does not match its hash (changed)",
                self._prev,
            )
            return False
        self._prev = record.hash
        self.checked += 1
        return True

    def result(self) -> ChainCheck:
        return self.broken or ChainCheck(True, self.checked, head=self._prev)


def to_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str) if value else ""
