"""`caseboard profiles`: scripted administration of connection profiles."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from desktop.cli_support import EXIT_OK


def add_profiles_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def run_profiles(args: argparse.Namespace) -> int:
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
