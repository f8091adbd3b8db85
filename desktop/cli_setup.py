"""`caseboard setup`: start a real database with its first administrator; new databases only."""

from __future__ import annotations

import argparse
import getpass
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import URL

    from desktop.data.database import Database

EXIT_OK = 0
DEFAULT_DISPLAY_NAME = "Administrator"


def add_setup_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: Callable[..., None],
) -> None:
    setup = sub.add_parser(
        "setup",
        help="start a real database: create it and its first administrator",
        description="Create a Caseboard database (an SQLite file or an empty PostgreSQL "
        "database) and its first administrator, who then signs in and adds the other users. "
        "A database that already has users is refused and left as it was.",
    )
    common(setup, user=False)
    setup.add_argument(
        "--admin", required=True, metavar="NAME", help="the first administrator's username"
    )
    setup.add_argument(
        "--display-name",
        metavar="TEXT",
        default=DEFAULT_DISPLAY_NAME,
        help=f"the administrator's name as others see it (default {DEFAULT_DISPLAY_NAME!r})",
    )
    setup.add_argument(
        "--password-file",
        metavar="FILE",
        type=Path,
        help="read the administrator's password from the first line of FILE; otherwise it is "
        "asked twice on the terminal, or read once from standard input",
    )


def _new_password(args: argparse.Namespace) -> str:
    from desktop.cli_support import secret_from_file
    from desktop.domain.errors import ValidationFailed

    if args.password_file is not None:
        return secret_from_file(args.password_file, "password")
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(f"Password for the administrator {args.admin}: ")
        again = getpass.getpass("The same password again: ")
        if first != again:
            raise ValidationFailed("The two passwords do not match; nothing was created")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def database_url(args: argparse.Namespace) -> str | URL:
    """Where a setting-up command writes: --profile, --database or the default database."""
    from desktop.cli import default_database_url, terminal_database_password

    if getattr(args, "profile", None):
        from desktop.profiles import ProfileStore

        profile = ProfileStore().require(args.profile)
        return profile.to_url(terminal_database_password(profile))
    return str(args.database or default_database_url())


def open_new_database(args: argparse.Namespace) -> Database:
    """Open the database a setting-up command names, creating a new SQLite file if need be.

    Only `setup` and `demo-data` create a database; every other command needs one to exist.
    """
    from desktop.data.database import open_database

    return open_database(database_url(args), create=True)


def _remove_new_file(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with suppress(OSError):
            leftover.unlink()


def run_setup(args: argparse.Namespace) -> int:
    from desktop.data.database import open_database, parse_url, sqlite_path
    from desktop.domain.errors import ValidationFailed
    from desktop.services.setup import create_first_administrator, first_admin_problems

    password = _new_password(args)
    # Before anything is created: a refused name or password leaves no empty database behind.
    errors = first_admin_problems(args.admin, args.display_name, password)
    if errors:
        raise ValidationFailed(next(iter(errors.values())), errors)
    url = database_url(args)
    path = sqlite_path(parse_url(url))
    new_file = path is not None and (not path.exists() or path.stat().st_size == 0)
    db = open_database(url, create=True)
    try:
        record = create_first_administrator(
            db, username=args.admin, password=password, display_name=args.display_name
        )
    except BaseException:
        db.dispose()
        if new_file and path is not None:
            _remove_new_file(path)
        raise
    db.dispose()
    print(
        f"Set up {db.display_name}: the administrator {record.username} can now sign in "
        "and add the other users"
    )
    return EXIT_OK
