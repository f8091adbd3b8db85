"""Command line: start the app, or run a headless command sharing the same services."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__
from desktop.cli_audit import add_audit_parsers, run_audit
from desktop.cli_setup import add_setup_parser
from desktop.cli_support import DEMO_COUNT, RECORD_ID, SEED, OneLineParser, secret_from_file

if TYPE_CHECKING:
    from desktop.profiles import ConnectionChoice, ConnectionProfile

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def default_database_url() -> str:
    from platformdirs import user_data_path

    folder = user_data_path("Caseboard", "Caseboard")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'caseboard.db'}"


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
    _profiles_parser(sub)
    _meetings_parsers(sub)
    return parser


def _profiles_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    profiles = sub.add_parser(
        "profiles",
        help="list, add or delete connection profiles; save their passwords in the keyring",
        description="Connection profiles name a database: an SQLite file or a PostgreSQL "
        "server. Passwords are kept only in the system keyring (--set-password); without "
        "one, Caseboard asks for the password each session.",
    )
    action = profiles.add_mutually_exclusive_group(required=True)
    action.add_argument("--list", action="store_true", help="list the profiles")
    action.add_argument("--add", metavar="NAME", help="add a profile (with --sqlite or --host)")
    action.add_argument("--delete", metavar="NAME", help="delete a profile and its password")
    action.add_argument(
        "--set-password",
        metavar="NAME",
        help="save the profile's database password in the system keyring (asked on the "
        "terminal, or read from the first line of standard input)",
    )
    action.add_argument(
        "--forget-password", metavar="NAME", help="remove the profile's password from the keyring"
    )
    kind = profiles.add_mutually_exclusive_group()
    kind.add_argument("--sqlite", metavar="PATH", help="the profile is this SQLite file")
    kind.add_argument("--host", metavar="HOST", help="the profile is this PostgreSQL server")
    profiles.add_argument("--port", type=int, default=5432, help="server port (default 5432)")
    profiles.add_argument("--db", metavar="NAME", help="PostgreSQL database name")
    profiles.add_argument("--db-user", "--user", dest="db_user", metavar="USER",
                          help="PostgreSQL user name")  # fmt: skip
    profiles.add_argument(
        "--sslmode",
        default="prefer",
        choices=("disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
        help="libpq SSL mode (default prefer; use verify-full on a network)",
    )
    profiles.add_argument("--sslrootcert", metavar="FILE", default="", help="CA certificate")
    profiles.add_argument("--sslcert", metavar="FILE", default="", help="client certificate")
    profiles.add_argument("--sslkey", metavar="FILE", default="", help="client certificate key")


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"caseboard: {message}", file=sys.stderr)
    return code


def _open(args: argparse.Namespace, **how: bool):  # type: ignore[no-untyped-def]
    """Open the database named by --profile or --database (``how``: open_database's options)."""
    from desktop.data.database import open_database

    if getattr(args, "profile", None):
        from desktop.profiles import ProfileStore

        profile = ProfileStore().require(args.profile)
        return open_database(profile.to_url(terminal_database_password(profile)), **how)
    return open_database(args.database or default_database_url(), **how)


def _no_stored_password(profile: ConnectionProfile) -> str:
    """Why the database password is being asked for (for the terminal or the dialog)."""
    from desktop.secrets import ASK_EACH_SESSION, keyring_available

    if not keyring_available()[0]:
        return ASK_EACH_SESSION
    return (
        f"No password is saved for the profile '{profile.name}' in the system keyring "
        f"('caseboard profiles --set-password {profile.name}' saves one)"
    )


def terminal_database_password(profile: ConnectionProfile) -> str | None:
    """A profile's database password: the keyring's, else asked on a terminal, else None.

    None lets libpq look in PGPASSWORD or ~/.pgpass, and suits a server that authenticates
    by client certificate. Standard input is left alone: --user's password may be on it.
    """
    from desktop.secrets import get_password

    if not profile.is_postgresql:
        return None
    stored = get_password(profile.name, profile.user)
    if stored is not None:
        return stored
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    print(f"caseboard: {_no_stored_password(profile)}", file=sys.stderr)
    typed = getpass.getpass(f"Password for database user {profile.user} on {profile.host}: ")
    return typed or None


def os_login() -> str | None:
    """The workstation login from the operating system (never LOGNAME/USER/USERNAME)."""
    from desktop.oslogin import os_login as system_login

    return system_login()


def read_password(args: argparse.Namespace) -> str:
    """The password from --password-file, the terminal, or piped standard input."""
    if args.password_file is not None:
        return secret_from_file(args.password_file, "password")
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Password for {args.user}: ")
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def _actor(db, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Sign in: with --user and a password, or by the workstation login where trusted."""
    from desktop.domain.errors import ValidationFailed
    from desktop.services.auth import AuthService

    auth = AuthService(db)
    if args.user:
        signed = auth.sign_in(args.user, read_password(args))
    elif auth.policy().trust_os_login:
        signed = auth.sign_in_os(os_login())
    else:
        raise ValidationFailed(
            "Say who you are with --user NAME (you will be asked for a password)"
        )
    if signed.must_change_password:
        from desktop.domain.errors import PasswordChangeRequired
        from desktop.services.sessions import MUST_CHANGE

        raise PasswordChangeRequired(MUST_CHANGE)
    for alert in signed.alerts:
        print(f"caseboard: alert: {alert}", file=sys.stderr)
    return signed.actor


def _postcodes():  # type: ignore[no-untyped-def]
    """The postcode table, read on its first lookup (a warm caseload needs none)."""
    from desktop.data.reference import lazy_postcodes

    return lazy_postcodes()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
            return run_audit(args, _open)
        if args.command == "profiles":
            return _profiles(args)
        if args.command in ("meetings", "pack", "summary"):
            return _meetings_command(args)
        return _gui(args)
    except (DatabaseOpenError, ServiceError) as exc:
        if args.command is None and args.screenshot is None:
            _show_startup_error(str(exc))  # started from an icon: stderr is seen by nobody
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # a bug: a private crash report and one line, never a traceback
        message = crash_message(exc)
        if args.command is None and args.screenshot is None:
            _show_startup_error(message)
        return _fail(message)


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
    from desktop.services.caseload import CaseloadService

    db = _open(args)
    try:
        actor = _actor(db, args)
        count = CaseloadService(db, postcodes=_postcodes()).export_csv(actor, args.csv)
    finally:
        db.dispose()
    print(f"Wrote {count} young people to {args.csv}")
    return EXIT_OK


def _profiles(args: argparse.Namespace) -> int:
    """`caseboard profiles`: scripted administration of connection profiles."""
    from desktop.domain.errors import ValidationFailed
    from desktop.profiles import ConnectionProfile, ProfileStore
    from desktop.secrets import delete_password, get_password, keyring_available, store_password

    store = ProfileStore()
    if args.list:
        profiles = store.profiles()
        if not profiles:
            print(f"No connection profiles yet ({store.path})")
            return EXIT_OK
        last = store.last_used
        for p in profiles:
            extras = []
            if p.is_postgresql:
                extras.append(f"sslmode={p.sslmode}")
                if get_password(p.name, p.user) is not None:
                    extras.append("password in keyring")
            if last is not None and last.name == p.name:
                extras.append("last used")
            suffix = f"  ({', '.join(extras)})" if extras else ""
            print(f"{p.name}\t{p.kind}\t{p.location}{suffix}")
        return EXIT_OK
    if args.add is not None:
        if args.sqlite:
            path = str(Path(args.sqlite).expanduser().absolute())
            profile = ConnectionProfile(name=args.add, kind="sqlite", path=path)
        elif args.host:
            profile = ConnectionProfile(
                name=args.add,
                kind="postgresql",
                host=args.host,
                port=args.port,
                database=args.db or "",
                user=args.db_user or "",
                sslmode=args.sslmode,
                sslrootcert=args.sslrootcert,
                sslcert=args.sslcert,
                sslkey=args.sslkey,
            )
        else:
            raise ValidationFailed("Say where the database is: --sqlite PATH or --host HOST")
        saved = store.save(profile)
        print(f"Added connection profile {saved.label}")
        return EXIT_OK
    if args.delete is not None:
        profile = store.require(args.delete)
        store.delete(profile.name)
        if profile.is_postgresql:
            delete_password(profile.name, profile.user)
        print(f"Deleted connection profile {profile.name}")
        return EXIT_OK
    profile = store.require(args.set_password or args.forget_password)
    if not profile.is_postgresql:
        raise ValidationFailed(f"The profile '{profile.name}' is an SQLite file: no password")
    if args.forget_password is not None:
        removed = delete_password(profile.name, profile.user)
        print(
            f"Password for {profile.name} removed from the system keyring"
            if removed
            else f"No password was saved for {profile.name}"
        )
        return EXIT_OK
    ok, reason = keyring_available()
    if not ok:
        raise ValidationFailed(f"{reason}: the password cannot be saved")
    if sys.stdin is not None and sys.stdin.isatty():
        password = getpass.getpass(f"Password for database user {profile.user}: ")
    else:
        password = (sys.stdin.readline() if sys.stdin is not None else "").rstrip("\r\n")
    if not password:
        raise ValidationFailed("No password given; nothing was saved")
    store_password(profile.name, profile.user, password)
    print(f"Password for {profile.name} saved in the system keyring")
    return EXIT_OK


def _gui_start(args: argparse.Namespace) -> tuple[ConnectionProfile | None, str | None]:
    """What the app opens: a --profile, a --database, the last profile chosen, or the default."""
    from desktop.profiles import ProfileStore

    if args.profile:
        return ProfileStore().require(args.profile), None
    if args.database:
        return None, args.database
    if args.screenshot is None:  # a screenshot opens what it is told, nothing remembered
        last = ProfileStore().last_used
        if last is not None:
            return last, None
    return None, default_database_url()


def _gui_password(profile: ConnectionProfile, interactive: bool) -> tuple[bool, str | None]:
    """(go on?, password) for a profile: the keyring's, else asked in a dialog saying why."""
    from desktop.domain.errors import ServiceError
    from desktop.secrets import get_password, store_password

    if not profile.is_postgresql:
        return True, None
    stored = get_password(profile.name, profile.user)
    if stored is not None or not interactive:
        return True, stored
    from desktop.app import ask_database_password

    answer = ask_database_password(profile)
    if answer is None:
        return False, None
    password, remember = answer
    if remember and password:
        try:
            store_password(profile.name, profile.user, password)
        except ServiceError as exc:  # the session can go on; the keyring just did not keep it
            print(f"caseboard: {exc}", file=sys.stderr)
    return True, password or None


def _gui(args: argparse.Namespace) -> int:
    """The desktop app: the sign-in dialog first, unless --user signed in on the command line.

    Screenshot mode needs a signed-in user (there is nobody to type into a dialog), so it
    takes --user with the password from --password-file or standard input. File ▸ Connect…
    ends a session for another database: the loop opens it and starts the next session.
    A profile that cannot be opened brings up the Connect dialog with the reason.
    """
    from desktop.data.errors import DatabaseOpenError

    interactive = args.screenshot is None
    profile, url = _gui_start(args)
    password: str | None = None
    if profile is not None:
        go_on, password = _gui_password(profile, interactive)
        if not go_on:
            return EXIT_OK
    first = True
    early = _sign_in_first(args, url) if interactive and profile is None else None
    if early == ():
        return EXIT_OK  # cancelled at the sign-in dialog
    while True:
        try:
            from desktop.data.database import open_database

            db = (
                early[0]
                if early
                else open_database(url if profile is None else profile.to_url(password))
            )
        except DatabaseOpenError as exc:
            if profile is None or not interactive:
                raise
            from desktop.app import choose_connection_at_start

            print(f"caseboard: {exc}", file=sys.stderr)
            choice = choose_connection_at_start(error=str(exc), select=profile.name)
            if choice is None:
                return EXIT_FAILED
            profile, password, first = choice.profile, choice.password, False
            continue
        switched: list[ConnectionChoice] = []
        signed = {"signed": early[1]} if early else {}  # signed in at the dialog already
        early = None
        try:
            code = _gui_session(db, args, first=first, on_switch=switched.append, **signed)
        finally:
            db.dispose()
        if not switched:
            return code
        profile, password, first = switched[0].profile, switched[0].password, False


def _sign_in_first(args: argparse.Namespace, url: str | None):  # type: ignore[no-untyped-def]
    """An SQLite start shows the sign-in dialog while the database opens: (db, signed-in),
    () when cancelled, or None where the usual path applies (--open, --password-file)."""
    from desktop.quick_start import applies, sign_in_first

    path = applies(url)
    if path is None or url is None or args.open_person or args.password_file:
        return None
    return sign_in_first(url, path, args.user) or ()


def _gui_session(db, args: argparse.Namespace, *, first: bool, on_switch, signed=None) -> int:  # type: ignore[no-untyped-def]
    """One signed-in session on an open database (the command-line sign-in only the first)."""
    from desktop.app import AppServices, run_gui
    from desktop.services.auth import AuthService
    from desktop.services.caseload import CaseloadService
    from desktop.services.demo import DEFAULT_DEMO_USER, is_demo_database
    from desktop.services.lazy import lazy_services

    headless = first and (args.screenshot is not None or args.password_file)
    preset = signed.actor if signed is not None else _actor(db, args) if headless else None
    postcodes = _postcodes()
    services = AppServices(  # the caseload's now; the rest (and their modules) on first use
        caseload=CaseloadService(db, postcodes=postcodes),
        auth=AuthService(db),
        **lazy_services(db, postcodes),
    )
    demo = is_demo_database(db)
    return run_gui(
        services=services,
        database_label=db.display_name,
        demo=demo,
        preset_actor=preset,
        username_hint=(args.user if first else None) or (DEFAULT_DEMO_USER if demo else None),
        screenshot=args.screenshot,
        open_person=args.open_person if first else None,  # looked up after sign-in
        on_switch=on_switch,
    )


# -- MACSE meetings and packs ----------------------------------------------------------------


def _meetings_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    meetings = sub.add_parser("meetings", help="list MACSE meetings the user may see")
    meetings.add_argument(
        "--list", action="store_true", required=True, help="print id, date, title, cohort size"
    )
    _common(meetings)
    pack = sub.add_parser(
        "pack", help="write a MACSE meeting pack as PDF (audited with its young people)"
    )
    pack.add_argument("--meeting", type=RECORD_ID, required=True, metavar="ID", help="meeting id")
    summary = sub.add_parser(
        "summary", help="write one young person's case summary as PDF (audited)"
    )
    summary.add_argument(
        "--young-person", type=RECORD_ID, required=True, metavar="ID", help="young person id"
    )
    _break_glass_option(summary)
    for p in (pack, summary):
        p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="output file")
        p.add_argument(
            "--wider-audience",
            action="store_true",
            help="initials instead of names and no dates of birth anywhere in the document",
        )
        p.add_argument(
            "--include-conditional",
            action="store_true",
            help="include intelligence with handling code C (left out by default)",
        )
        p.add_argument(
            "--pdf-password-file",
            type=Path,
            metavar="FILE",
            help="protect the PDF with the password on the first line of FILE",
        )
        _common(p)


def _break_glass_option(parser: argparse.ArgumentParser) -> None:
    """For a command about one young person: open a restricted record as the app does."""
    parser.add_argument(
        "--break-glass-reason",
        metavar="TEXT",
        help="why you need a restricted record you may otherwise see only by initials: "
        "break-glass access for this command, audited, and your team manager is alerted",
    )


def _with_break_glass(db, actor, args: argparse.Namespace, young_person_id: int):  # type: ignore[no-untyped-def]
    """The actor, after break-glass for this young person when --break-glass-reason is given."""
    if args.break_glass_reason is None:
        return actor
    from desktop.services.access import AccessService

    return AccessService(db).break_glass(actor, young_person_id, args.break_glass_reason)


def _restricted() -> int:
    return _fail(
        "This young person's record is restricted: give --break-glass-reason TEXT to open it "
        "(audited; your team manager is alerted)"
    )


def _pdf_password(args: argparse.Namespace) -> str | None:
    from desktop.domain.errors import ValidationFailed

    if args.pdf_password_file is None:
        return None
    password = secret_from_file(args.pdf_password_file, "PDF password")
    if not password:
        raise ValidationFailed("The PDF password file is empty")
    return password


def _meetings_command(args: argparse.Namespace) -> int:
    from desktop.domain.errors import RestrictedRecord
    from desktop.domain.meetings import PackOptions
    from desktop.services.meetings import MeetingService

    options = None
    if args.command != "meetings":
        options = PackOptions(
            wider_audience=args.wider_audience,
            include_conditional=args.include_conditional,
            password=_pdf_password(args),
        )
    db = _open(args)
    try:
        actor = _actor(db, args)
        service = MeetingService(db, postcodes=_postcodes())
        if options is None:
            rows = service.list_meetings(actor)
        elif args.command == "pack":
            pages = service.write_pack(actor, args.meeting, options, args.out)
        else:
            actor = _with_break_glass(db, actor, args, args.young_person)
            pages = service.write_summary(actor, args.young_person, options, args.out)
    except RestrictedRecord:
        return _restricted()
    finally:
        db.dispose()
    if options is None:
        print("ID\tDate\tTitle\tCohort")
        for m in rows:
            print(f"{m.id}\t{m.held_on.isoformat()}\t{m.title}\t{m.cohort_size}")
        return EXIT_OK
    print(f"Wrote {args.out} ({pages} pages)")
    return EXIT_OK
