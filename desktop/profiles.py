"""Connection profiles (an SQLite file or a PostgreSQL server) and their JSON store; no passwords.

Qt-free on purpose: the command line, the composition root and the Connect dialog share it.
A profile never holds a password: that lives in the system keyring (``desktop.secrets``) or is
asked for each session. The store writes only the fields of ``ConnectionProfile``, so a
password cannot reach the file even by mistake.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from desktop.domain.errors import ServiceError, ValidationFailed
from desktop.textfiles import decode_text

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

Kind = Literal["sqlite", "postgresql"]
KINDS: tuple[Kind, ...] = ("sqlite", "postgresql")
#: libpq's sslmode values, weakest first.
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
DEFAULT_PORT = 5432
DEFAULT_SSLMODE = "prefer"
MAX_NAME = 60
#: Environment variable naming the profiles file (tests, or an IT-managed shared file).
ENV_VAR = "CASEBOARD_PROFILES_FILE"
FILE_VERSION = 1


class ProfileStoreError(ServiceError):
    """The profiles file cannot be read or written; the message says which file and why."""


@dataclass(frozen=True, slots=True)
class ConnectionProfile:
    """Where a database is: an SQLite file (``path``) or a PostgreSQL server. "" = not set."""

    name: str
    kind: Kind = "sqlite"
    path: str = ""
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    sslmode: str = DEFAULT_SSLMODE
    sslrootcert: str = ""
    sslcert: str = ""
    sslkey: str = ""

    @property
    def is_postgresql(self) -> bool:
        return self.kind == "postgresql"

    @property
    def location(self) -> str:
        """Where it points, without any secret: the file, or user@host:port/database."""
        if self.kind == "sqlite":
            return self.path
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    @property
    def label(self) -> str:
        """A redacted one-line description for lists, titles and messages."""
        kind = "SQLite" if self.kind == "sqlite" else "PostgreSQL"
        return f"{self.name} ({kind}: {self.location})"

    def errors(self) -> dict[str, str]:
        """Field name → message for each problem; empty when the profile is usable."""
        found: dict[str, str] = {}
        name = self.name.strip()
        if not name:
            found["name"] = "Give the connection a name"
        elif len(name) > MAX_NAME:
            found["name"] = f"Keep the name to {MAX_NAME} characters or fewer"
        elif any(ord(c) < 32 for c in name):
            found["name"] = "The name cannot contain control characters"
        if self.kind not in KINDS:
            found["kind"] = "Choose an SQLite file or a PostgreSQL server"
            return found
        if self.kind == "sqlite":
            if not self.path.strip():
                found["path"] = "Give the database file"
            elif not Path(self.path).expanduser().is_absolute():
                found["path"] = "Give the full path of the database file"
            return found
        host = self.host.strip()
        if not host:
            found["host"] = "Give the server's host name or address"
        elif any(c.isspace() for c in host) or ("/" in host and not host.startswith("/")):
            found["host"] = "The host name cannot contain spaces or slashes"
        port_ok = isinstance(self.port, int) and not isinstance(self.port, bool)
        if not port_ok or not 1 <= self.port <= 65535:
            found["port"] = "The port must be a whole number from 1 to 65535"
        if not self.database.strip():
            found["database"] = "Give the database name"
        if not self.user.strip():
            found["user"] = "Give the database user name"
        if self.sslmode not in SSL_MODES:
            found["sslmode"] = f"The SSL mode must be one of: {', '.join(SSL_MODES)}"
        if bool(self.sslcert.strip()) != bool(self.sslkey.strip()):
            which = "sslkey" if self.sslcert.strip() else "sslcert"
            found[which] = "Give both the client certificate and its key, or neither"
        return found

    def validated(self) -> ConnectionProfile:
        """The profile, spaces trimmed; raises ValidationFailed naming each bad field."""
        clean = replace(
            self,
            name=self.name.strip(),
            path=self.path.strip(),
            host=self.host.strip(),
            database=self.database.strip(),
            user=self.user.strip(),
            sslrootcert=self.sslrootcert.strip(),
            sslcert=self.sslcert.strip(),
            sslkey=self.sslkey.strip(),
        )
        problems = clean.errors()
        if problems:
            raise ValidationFailed(next(iter(problems.values())), problems)
        return clean

    def to_url(self, password: str | None = None) -> URL:
        """The SQLAlchemy URL (psycopg for PostgreSQL); every part escaped by URL.create.

        The result holds the password: pass it to the database layer, never to a log or a
        message (``url.render_as_string(hide_password=True)`` is safe to show).
        """
        from sqlalchemy.engine import URL

        profile = self.validated()
        if profile.kind == "sqlite":
            return URL.create("sqlite", database=str(Path(profile.path).expanduser()))
        query: dict[str, str] = {"sslmode": profile.sslmode}
        for key in ("sslrootcert", "sslcert", "sslkey"):
            value = getattr(profile, key)
            if value:
                query[key] = str(Path(value).expanduser())
        return URL.create(
            "postgresql+psycopg",
            username=profile.user,
            password=password or None,
            host=profile.host,
            port=profile.port,
            database=profile.database,
            query=query,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConnectionProfile:
        """From the JSON file: unknown keys (a stray "password" among them) are ignored."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if not isinstance(values.get("name"), str):
            raise ValueError("a profile without a name")
        for key, value in values.items():
            expected = int if key == "port" else str
            if not isinstance(value, expected) or isinstance(value, bool):
                raise ValueError(f"profile {values['name']!r}: {key} is not a {expected.__name__}")
        return cls(**values)


@dataclass(frozen=True, slots=True)
class ConnectionChoice:
    """A profile chosen to connect with, and the password given for it (never in repr)."""

    profile: ConnectionProfile
    password: str | None = field(default=None, repr=False)

    def url(self) -> URL:
        return self.profile.to_url(self.password)


def default_profiles_path() -> Path:
    if override := os.environ.get(ENV_VAR):
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("Caseboard", "Caseboard") / "profiles.json"


def _key(name: str) -> str:
    return name.strip().casefold()


class ProfileStore:
    """Profiles in a JSON file readable only by the user (0600), replaced atomically on save.

    Every method reads the file afresh, so two windows or a script and the app do not
    overwrite each other's profiles with a stale copy.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_profiles_path()

    # -- reading ----------------------------------------------------------------------------

    def _read(self) -> tuple[list[ConnectionProfile], str | None]:
        try:
            raw_bytes = self.path.read_bytes()
        except FileNotFoundError:
            return [], None
        except OSError as exc:
            raise ProfileStoreError(
                f"Cannot read the connection profiles file {self.path}: {exc.strerror or exc}"
            ) from None
        try:
            text = decode_text(raw_bytes)  # as Notepad saves it too: a BOM, or UTF-16
            data = json.loads(text) if text.strip() else {}
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            raw = data.get("profiles", [])
            if not isinstance(raw, list):
                raise ValueError("'profiles' is not a list")
            profiles = [ConnectionProfile.from_dict(item) for item in raw]
            last = data.get("last_used")
        except (ValueError, TypeError, AttributeError) as exc:
            raise ProfileStoreError(
                f"The connection profiles file {self.path} is damaged ({exc}); "
                "fix or remove it, then try again"
            ) from None
        return profiles, last if isinstance(last, str) else None

    def profiles(self) -> list[ConnectionProfile]:
        """Every profile, sorted by name."""
        return sorted(self._read()[0], key=lambda p: p.name.casefold())

    def get(self, name: str) -> ConnectionProfile | None:
        """The profile of that name (case does not matter), or None."""
        return next((p for p in self._read()[0] if _key(p.name) == _key(name)), None)

    def require(self, name: str) -> ConnectionProfile:
        profile = self.get(name)
        if profile is None:
            names = ", ".join(p.name for p in self.profiles()) or "none yet"
            raise ValidationFailed(
                f"There is no connection profile named '{name}' (profiles: {names})"
            )
        return profile

    @property
    def last_used(self) -> ConnectionProfile | None:
        """The profile last chosen to connect with, if it still exists."""
        profiles, last = self._read()
        if last is None:
            return None
        return next((p for p in profiles if _key(p.name) == _key(last)), None)

    # -- writing ----------------------------------------------------------------------------

    def save(
        self, profile: ConnectionProfile, *, replacing: str | None = None
    ) -> ConnectionProfile:
        """Add ``profile``, or replace the one named ``replacing`` (which may rename it).

        Returns the stored (trimmed) profile; raises ValidationFailed for a bad profile or a
        name another profile already has.
        """
        clean = profile.validated()
        profiles, last = self._read()
        old = _key(replacing) if replacing is not None else None
        if old is not None and not any(_key(p.name) == old for p in profiles):
            raise ValidationFailed(f"There is no connection profile named '{replacing}'")
        if any(_key(p.name) == _key(clean.name) and _key(p.name) != old for p in profiles):
            message = f"There is already a connection profile named '{clean.name}'"
            raise ValidationFailed(message, {"name": message})
        kept = [p for p in profiles if _key(p.name) != old and _key(p.name) != _key(clean.name)]
        if last is not None and old is not None and _key(last) == old:
            last = clean.name
        self._write([*kept, clean], last)
        return clean

    def delete(self, name: str) -> None:
        profiles, last = self._read()
        kept = [p for p in profiles if _key(p.name) != _key(name)]
        if len(kept) == len(profiles):
            raise ValidationFailed(f"There is no connection profile named '{name}'")
        if last is not None and _key(last) == _key(name):
            last = None
        self._write(kept, last)

    def set_last_used(self, name: str | None) -> None:
        profiles, _last = self._read()
        if name is not None and not any(_key(p.name) == _key(name) for p in profiles):
            raise ValidationFailed(f"There is no connection profile named '{name}'")
        self._write(profiles, name)

    def unique_name(self, base: str) -> str:
        """``base``, or ``base (2)``, ``base (3)``… whichever no profile has yet."""
        taken = {_key(p.name) for p in self._read()[0]}
        candidate, n = base, 1
        while _key(candidate) in taken:
            n += 1
            candidate = f"{base} ({n})"
        return candidate

    def _write(self, profiles: list[ConnectionProfile], last_used: str | None) -> None:
        data = {
            "version": FILE_VERSION,
            "last_used": last_used,
            "profiles": [p.to_dict() for p in sorted(profiles, key=lambda p: p.name.casefold())],
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        folder = self.path.parent
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            # mkstemp creates the file 0600; os.replace swaps it in whole, so a crash mid-write
            # leaves the old file, never half a new one.
            fd, tmp = tempfile.mkstemp(prefix=".profiles-", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o600)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise ProfileStoreError(
                f"Cannot save the connection profiles to {self.path}: {exc.strerror or exc}"
            ) from None
