"""Command line: start the app, or run a headless command sharing the same services."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def default_database_url() -> str:
    from platformdirs import user_data_path

    folder = user_data_path("Caseboard", "Caseboard")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'caseboard.db'}"


def _common(parser: argparse.ArgumentParser, *, user: bool = True) -> None:
    parser.add_argument(
        "--database",
        metavar="URL",
        help="SQLAlchemy URL of the database (sqlite:///FILE or postgresql://USER@HOST/DB); "
        "default: caseboard.db in your user data folder",
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
    parser = argparse.ArgumentParser(
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser(
        "demo-data", help="fill a new database with synthetic demo data (no real people)"
    )
    _common(demo, user=False)
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    demo.add_argument(
        "--young-people", type=int, default=60, metavar="N", help="how many (default 60)"
    )

    export = sub.add_parser("export", help="export data the user may see")
    export_sub = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    caseload = export_sub.add_parser("caseload", help="the caseload as CSV (audited)")
    caseload.add_argument("--csv", required=True, type=Path, metavar="FILE", help="output file")
    _common(caseload)

    audit = sub.add_parser("audit", help="audit log commands")
    audit_sub = audit.add_subparsers(dest="what", metavar="WHAT", required=True)
    verify = audit_sub.add_parser(
        "verify", help="check the audit hash chain; exits 1 naming the first broken entry"
    )
    _common(verify, user=False)
    return parser


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"caseboard: {message}", file=sys.stderr)
    return code


def _open(url: str | None):  # type: ignore[no-untyped-def]
    from desktop.data.database import open_database

    return open_database(url or default_database_url())


def os_login() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def read_password(args: argparse.Namespace) -> str:
    """The password from --password-file, the terminal, or piped standard input."""
    from desktop.services.errors import ValidationFailed

    if args.password_file is not None:
        try:
            lines = args.password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ValidationFailed(f"Cannot read the password file: {exc.strerror}") from None
        return lines[0] if lines else ""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Password for {args.user}: ")
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def _actor(db, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Sign in: with --user and a password, or by the workstation login where trusted."""
    from desktop.services.auth import AuthService
    from desktop.services.errors import ValidationFailed

    auth = AuthService(db)
    if args.user:
        signed = auth.sign_in(args.user, read_password(args))
    elif auth.policy().trust_os_login:
        signed = auth.sign_in_os(os_login())
    else:
        raise ValidationFailed(
            "Say who you are with --user NAME (you will be asked for a password)"
        )
    for alert in signed.alerts:
        print(f"caseboard: alert: {alert}", file=sys.stderr)
    return signed.actor


def _postcodes():  # type: ignore[no-untyped-def]
    from desktop.data.reference import load_postcodes

    return load_postcodes()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from desktop.data.database import DatabaseOpenError
    from desktop.services.errors import ServiceError

    try:
        if args.command == "demo-data":
            return _demo(args)
        if args.command == "export":
            return _export_caseload(args)
        if args.command == "audit":
            return _audit_verify(args)
        return _gui(args)
    except (DatabaseOpenError, ServiceError) as exc:
        if args.command is None and args.screenshot is None:
            _show_startup_error(str(exc))  # started from an icon: stderr is seen by nobody
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


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
    from desktop.services.demo import create_demo_database

    db = _open(args.database)
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
    from desktop.services.caseload import CaseloadService

    db = _open(args.database)
    try:
        actor = _actor(db, args)
        count = CaseloadService(db, postcodes=_postcodes()).export_csv(actor, args.csv)
    finally:
        db.dispose()
    print(f"Wrote {count} young people to {args.csv}")
    return EXIT_OK


def _audit_verify(args: argparse.Namespace) -> int:
    from desktop.services.audit import AuditService

    db = _open(args.database)
    try:
        check = AuditService(db).verify()
    finally:
        db.dispose()
    if check.ok:
        print(f"Audit chain intact: {check.checked} entries checked")
        # Record this line somewhere outside the database: a later head that does not
        # continue from it shows that the newest entries were removed.
        print(f"Head of the chain: entry {check.checked}, hash {check.head}")
        return EXIT_OK
    return _fail(
        f"audit chain broken at entry {check.first_broken_id}: {check.reason} "
        f"({check.checked} entries before it are intact)"
    )


def _gui(args: argparse.Namespace) -> int:
    """The desktop app: the sign-in dialog first, unless --user signed in on the command line.

    Screenshot mode needs a signed-in user (there is nobody to type into a dialog), so it
    takes --user with the password from --password-file or standard input.
    """
    from desktop.app import AppServices, run_gui
    from desktop.services.access import AccessService
    from desktop.services.admin import UserAdminService
    from desktop.services.audit import AuditViewerService
    from desktop.services.auth import AuthService
    from desktop.services.caseload import CaseloadService
    from desktop.services.demo import DEFAULT_DEMO_USER, is_demo_database

    db = _open(args.database)
    try:
        preset = _actor(db, args) if args.screenshot is not None or args.password_file else None
        services = AppServices(
            caseload=CaseloadService(db, postcodes=_postcodes()),
            auth=AuthService(db),
            admin=UserAdminService(db),
            access=AccessService(db),
            audit_viewer=AuditViewerService(db),
        )
        demo = is_demo_database(db)
        return run_gui(
            services=services,
            database_label=db.display_name,
            demo=demo,
            preset_actor=preset,
            username_hint=args.user or (DEFAULT_DEMO_USER if demo else None),
            screenshot=args.screenshot,
        )
    finally:
        db.dispose()
