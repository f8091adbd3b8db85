"""Opening the database a command names and signing in on the terminal (for every command)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from desktop.cli_support import secret_from_file

if TYPE_CHECKING:
    from desktop.profiles import ConnectionProfile


def default_database_url() -> str:
    from platformdirs import user_data_path

    folder = user_data_path("Caseboard", "Caseboard")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'caseboard.db'}"


def open_from_args(args: argparse.Namespace, **how: bool):  # type: ignore[no-untyped-def]
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


def signed_in_actor(auth, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Sign in with ``auth`` (the AuthService): with --user and a password, or by the
    workstation login where trusted."""
    from desktop.domain.errors import ValidationFailed

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


def postcodes():  # type: ignore[no-untyped-def]
    """The postcode table, read on its first lookup (a warm caseload needs none)."""
    from desktop.data.reference import lazy_postcodes

    return lazy_postcodes()
