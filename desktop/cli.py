"""Command line: start the app, or run a headless command sharing the same services.

This module keeps the parser and the dispatch; each command group has its own module
(``cli_gui``, ``cli_profiles``, ``cli_meetings``, ``cli_audit``, ``cli_setup``), and every
command gets its services from ``compose_services`` (``desktop.services.lazy``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.cli_audit import add_audit_parsers, run_audit
from desktop.cli_connect import (
    default_database_url,
    open_from_args,
    os_login,
    postcodes,
    signed_in_actor,
    terminal_database_password,
)
from desktop.cli_meetings import add_meetings_parsers
from desktop.cli_profiles import add_profiles_parser
from desktop.cli_setup import add_setup_parser
from desktop.cli_support import (
    DEMO_COUNT,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    SEED,
    OneLineParser,
    fail,
)

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "default_database_url",
    "main",
    "os_login",
    "terminal_database_password",
]


def _common(parser: argparse.ArgumentParser, *, user: bool = True) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--database",
        metavar="URL",
        help="SQLAlchemy URL of the database (sqlite:///FILE or postgresql://USER@HOST/DB); "
        "default: caseboard.db in your user data folder",
    )
    where.add_argument(
        "--profile",
        metavar="NAME",
        help="connect with a saved connection profile (see 'caseboard profiles'); its database "
        "password comes from the system keyring, else it is asked for",
    )
    if user:
        parser.add_argument(
            "--user",
            metavar="NAME",
            help="sign in as this Caseboard user; the password is asked for on the terminal, "
            "or read from the first line of standard input when that is not a terminal",
        )
        parser.add_argument(
            "--password-file",
            metavar="FILE",
            type=Path,
            help="read the password from the first line of FILE (keep it readable only by you)",
        )


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="caseboard",
        description="Caseboard: caseworker dashboard for children's services CSE teams. "
        "With no command, starts the desktop app. Every record is OFFICIAL-SENSITIVE.",
    )
    parser.add_argument("--version", action="version", version=f"caseboard {__version__}")
    _common(parser)
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        type=Path,
        help="start the app, wait for the caseload to load, save a PNG of the window and exit",
    )
    parser.add_argument(
        "--open",
        metavar="ID",
        dest="open_person",
        help="open this young person (record id or reference such as CB123456) after sign-in",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser(
        "demo-data", help="fill a new database with synthetic demo data (no real people)"
    )
    _common(demo, user=False)
    demo.add_argument("--seed", type=SEED, default=1, help="random seed (default 1)")
    demo.add_argument(
        "--young-people", type=DEMO_COUNT, default=60, metavar="N", help="how many (default 60)"
    )
    add_setup_parser(sub, _common)

    export = sub.add_parser("export", help="export data the user may see")
    export_sub = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    caseload = export_sub.add_parser("caseload", help="the caseload as CSV (audited)")
    caseload.add_argument("--csv", required=True, type=Path, metavar="FILE", help="output file")
    _common(caseload)

    add_audit_parsers(sub, _common)
    add_profiles_parser(sub)
    add_meetings_parsers(sub, _common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from desktop.cli_gui import run_gui_command
    from desktop.cli_meetings import run_meetings_command
    from desktop.cli_profiles import run_profiles
    from desktop.cli_setup import run_setup
    from desktop.cli_support import crash_message
    from desktop.data.errors import DatabaseOpenError
    from desktop.domain.errors import ServiceError

    try:
        if args.command == "demo-data":
            return _demo(args)
        if args.command == "setup":
            return run_setup(args)
        if args.command == "export":
            return _export_caseload(args)
        if args.command == "audit":
            return _audit_verify(args)
        if args.command == "profiles":
            return run_profiles(args)
        if args.command in ("meetings", "pack", "summary"):
            return run_meetings_command(args)
        return run_gui_command(args)
    except (DatabaseOpenError, ServiceError) as exc:
        if args.command is None and args.screenshot is None:
            _show_startup_error(str(exc))  # started from an icon: stderr is seen by nobody
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except Exception as exc:  # a bug: a private crash report and one line, never a traceback
        message = crash_message(exc)
        if args.command is None and args.screenshot is None:
            _show_startup_error(message)
        return fail(message)


def _audit_verify(args: argparse.Namespace) -> int:
    """`caseboard audit verify` and `audit head`: the chain checked on a read-only connection."""
    return run_audit(args, open_from_args)


def _show_startup_error(message: str) -> None:
    """A message box for a failure before the main window exists (then the stderr line too)."""
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        from desktop.app import create_application

        create_application()
        box = QMessageBox(QMessageBox.Icon.Critical, "Caseboard", message)
        box.setInformativeText("Caseboard could not start. Nothing has been changed.")
        box.setAccessibleName("Caseboard could not start")
        box.exec()
        QApplication.processEvents()
    except Exception:  # no display at all: the stderr line is all there can be
        return


def _demo(args: argparse.Namespace) -> int:
    from desktop.cli_setup import open_new_database
    from desktop.services.demo import create_demo_database

    db = open_new_database(args)
    try:
        summary = create_demo_database(db, seed=args.seed, young_people=args.young_people)
    finally:
        db.dispose()
    print(
        f"Demo data written to {db.display_name}: {summary.young_person} young people, "
        f"{summary.app_user} users ({', '.join(summary.usernames)})"
    )
    return EXIT_OK


def _export_caseload(args: argparse.Namespace) -> int:
    from desktop.services.lazy import compose_services

    db = open_from_args(args)
    try:
        services = compose_services(db, postcodes())
        actor = signed_in_actor(services.auth, args)
        count = services.caseload.export_csv(actor, args.csv)
    finally:
        db.dispose()
    print(f"Wrote {count} young people to {args.csv}")
    return EXIT_OK
