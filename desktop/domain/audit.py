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
    #: Id of the last intact entry (0 for an empty log): with `head`, the "N:HASH" to note.
    head_id: int = 0

    @property
    def head_text(self) -> str:
        return format_head(self.head_id, self.head)


@dataclass(frozen=True, slots=True)
class NotedHead:
    """An entry's id and hash noted outside the database (``caseboard audit head``)."""

    entry_id: int
    hash: str


def format_head(entry_id: int, hash_: str) -> str:
    return f"{entry_id}:{hash_}"


def parse_head(text: str) -> NotedHead:
    """The noted head from "N:HASH" (as ``caseboard audit head`` prints it).

    Raises ValueError saying what is wrong with the text.
    """
    number, sep, digest = text.strip().partition(":")
    if not sep or not number.isdigit():
        raise ValueError(
            f"'{text}' is not a head of the audit chain: give it as N:HASH, the entry number "
            "and its hash as 'caseboard audit head' prints them"
        )
    digest = digest.lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(
            f"'{text}' is not a head of the audit chain: the hash after the colon must be "
            "64 hexadecimal characters"
        )
    return NotedHead(int(number), digest)


class ChainVerifier:
    """Feed entries in id order; stops at the first break (changed, inserted or removed row).

    With a noted head (N, HASH), entry N must still carry that hash: a rewrite of entries up
    to N with recomputed hashes, or a log cut short before N, is then a break too.
    """

    def __init__(self, noted: NotedHead | None = None) -> None:
        self._prev = GENESIS_HASH
        self._prev_id = 0
        self._noted = noted
        self._noted_seen = noted is None or (noted.entry_id == 0 and noted.hash == GENESIS_HASH)
        self.checked = 0
        self.broken: ChainCheck | None = None

    def fail(self, entry_id: int, reason: str) -> None:
        """Stop at this entry for a reason found outside the hashes (an unreadable value)."""
        if self.broken is None:
            self.broken = ChainCheck(
                False, self.checked, entry_id, reason, self._prev, self._prev_id
            )

    def feed(self, record: AuditRecord) -> bool:
        if self.broken is not None:
            return False
        noted = self._noted
        if noted is not None and not self._noted_seen and record.id > noted.entry_id:
            self.fail(
                noted.entry_id,
                "the entry noted as the head is missing (it was removed, or the log rewritten)",
            )
            return False
        if record.prev_hash != self._prev:
            self.fail(
                record.id,
                "it does not follow the entry before it (an entry was removed or inserted)",
            )
            return False
        if record_hash(record) != record.hash:
            self.fail(record.id, "its content does not match its hash (changed)")
            return False
        if noted is not None and record.id == noted.entry_id:
            if record.hash != noted.hash:
                self.fail(
                    record.id,
                    "its hash is not the one noted as the head: the log was rewritten up to "
                    "here with its hashes worked out again",
                )
                return False
            self._noted_seen = True
        self._prev = record.hash
        self._prev_id = record.id
        self.checked += 1
        return True

    def result(self) -> ChainCheck:
        if self.broken is None and not self._noted_seen:
            assert self._noted is not None
            self.fail(
                self._noted.entry_id,
                "the entry noted as the head is not in the log: the newest entries were "
                f"removed (the log now ends at entry {self._prev_id})",
            )
        return self.broken or ChainCheck(True, self.checked, head=self._prev, head_id=self._prev_id)


def to_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str) if value else ""
