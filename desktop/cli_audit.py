"""`caseboard audit verify` and `caseboard audit head`: check the chain without changing a byte.

Both open the database read-only (no migration, no backup, no -wal/-shm files; an SQLite file
is opened immutable when no WAL is beside it), so a copy on read-only media can be checked.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

HEAD_HELP = (
    "also check that entry N still has this hash (the N:HASH 'caseboard audit head' printed "
    "earlier): shows a rewrite with recomputed hashes up to N, or a log cut short before N"
)


def add_audit_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: Callable[..., None],
) -> None:
    audit = sub.add_parser("audit", help="audit log commands: verify the chain, print its head")
    audit_sub = audit.add_subparsers(dest="what", metavar="WHAT", required=True)
    verify = audit_sub.add_parser(
        "verify",
        help="check the audit hash chain; exits 1 naming the first broken entry",
        description="Check every audit entry's hash and its link to the entry before it. "
        "Detects changed, removed and inserted entries; with --head, also a rewrite with "
        "recomputed hashes up to the noted entry and a log cut short before it. It cannot "
        "show entries added after the noted head by someone who recomputes the hashes.",
    )
    verify.add_argument("--head", metavar="N:HASH", help=HEAD_HELP)
    common(verify, user=False)
    head = audit_sub.add_parser(
        "head",
        help="print the newest entry as N:HASH (after checking the chain): note it outside "
        "the database to check later with 'audit verify --head N:HASH'",
    )
    common(head, user=False)


def run_audit(args: argparse.Namespace, open_db: Callable[..., object]) -> int:
    """`caseboard audit WHAT`; DatabaseOpenError and ServiceError are left to the caller."""
    from desktop.domain.audit import NotedHead, parse_head
    from desktop.services.lazy import compose_services

    noted: NotedHead | None = None
    if getattr(args, "head", None) is not None:
        try:
            noted = parse_head(args.head)
        except ValueError as exc:
            return _fail(str(exc), EXIT_USAGE)
    db = open_db(args, read_only=True)
    try:
        check = compose_services(db, None).audit.verify(noted)  # type: ignore[arg-type]
    finally:
        db.dispose()  # type: ignore[attr-defined]
    if not check.ok:
        return _fail(
            f"audit chain broken at entry {check.first_broken_id}: {check.reason} "
            f"({check.checked} entries before it are intact)"
        )
    if args.what == "head":
        print(check.head_text)
        return EXIT_OK
    print(f"Audit chain intact: {check.checked} entries checked")
    if noted is not None:
        print(f"Entry {noted.entry_id} still has the hash noted for it")
    # Noted somewhere outside the database, the head shows later whether the newest entries
    # were cut off or the log rewritten with its hashes worked out again.
    print(f"Head of the chain: {check.head_text}")
    return EXIT_OK


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"caseboard: {message}", file=sys.stderr)
    return code
