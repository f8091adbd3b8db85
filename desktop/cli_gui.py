"""The desktop app from the command line: which database, its password, the sessions."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from desktop.cli_connect import default_database_url, postcodes, signed_in_actor
from desktop.cli_support import EXIT_FAILED, EXIT_OK

if TYPE_CHECKING:
    from desktop.profiles import ConnectionChoice, ConnectionProfile


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


def run_gui_command(args: argparse.Namespace) -> int:
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
    from desktop.app import compose_services, run_gui
    from desktop.services.demo import DEFAULT_DEMO_USER, is_demo_database

    # the caseload's and sign-in's services now; the rest (and their modules) on first use
    services = compose_services(db, postcodes())
    headless = first and (args.screenshot is not None or args.password_file)
    preset = (
        signed.actor
        if signed is not None
        else signed_in_actor(services.auth, args)
        if headless
        else None
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
