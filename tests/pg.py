"""A throwaway PostgreSQL server for the test session: initdb in a temp dir, a free port, no fsync.

Facts this relies on (see shared/ENVIRONMENT.md): Debian keeps the server binaries in
/usr/lib/postgresql/<version>/bin, off PATH; initdb and postgres refuse to run as root, so as
root they run as the `postgres` user (runuser) in a temp dir owned by it. A whole server starts
in about a second.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg

#: The reason printed for every skipped PostgreSQL test when the server binaries are missing.
MISSING_BINARIES = (
    "PostgreSQL server binaries not found: install with ./dev test set-up (apt package postgresql)"
)
#: Set to a directory holding initdb and pg_ctl to use a PostgreSQL other than the newest found.
BINDIR_ENV = "CASEBOARD_PG_BINDIR"


class PostgresUnavailable(Exception):
    """The throwaway server cannot be run on this machine; the message says why."""


def find_bindir() -> Path | None:
    """The directory with initdb and pg_ctl: $CASEBOARD_PG_BINDIR, Debian's newest, or PATH."""

    def usable(d: Path) -> bool:
        return (d / "initdb").is_file() and (d / "pg_ctl").is_file()

    if os.environ.get(BINDIR_ENV):
        d = Path(os.environ[BINDIR_ENV])
        return d if usable(d) else None

    def version(d: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", d.parent.name)) or (0,)

    debian = [d for d in Path("/usr/lib/postgresql").glob("*/bin") if usable(d)]
    if debian:
        return max(debian, key=version)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).parent
    return None


def free_port() -> int:
    # Bind to port 0 and let the kernel choose; the tiny window before postgres binds it is
    # acceptable for a test server (a clash shows up as a clear start failure).
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One throwaway cluster. `start()`/`stop()` may be called mid-test to simulate an outage."""

    def __init__(self, bindir: Path, base: Path, port: int, run_as: list[str]) -> None:
        self.bindir = bindir
        self.base = base
        self.datadir = base / "data"
        self.socketdir = base / "socket"
        self.logfile = base / "server.log"
        self.port = port
        self._run_as = run_as
        #: What start()/stop() last did; saves a `pg_ctl status` per test.
        self.running = False
        self.version = 0

    # -- life cycle -------------------------------------------------------------------------

    @classmethod
    def create(cls, bindir: Path | None = None) -> PostgresServer:
        """initdb a new cluster in a fresh temp dir (not yet started)."""
        bindir = bindir or find_bindir()
        if bindir is None:
            raise PostgresUnavailable(MISSING_BINARIES)
        run_as: list[str] = []
        owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            # initdb refuses root: run every server command as the postgres user.
            runuser = shutil.which("runuser")
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable(
                    "Running as root, but there is no 'postgres' user to run the test server as "
                    "(it comes with the apt package postgresql)"
                ) from None
            if runuser is None:
                raise PostgresUnavailable("Running as root, but runuser (util-linux) is missing")
            run_as = [runuser, "-u", "postgres", "--"]
        # /tmp rather than pytest's tmp_path: the postgres user cannot enter root's 0700
        # /tmp/pytest-of-root tree.
        base = Path(tempfile.mkdtemp(prefix="caseboard-pg-"))
        if owner is not None:
            os.chown(base, owner.pw_uid, owner.pw_gid)
        server = cls(bindir, base, free_port(), run_as)
        try:
            server._run("initdb", "-D", str(server.datadir), "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
            server._run("mkdir", "-p", str(server.socketdir), bin_dir=False)
            with (server.datadir / "postgresql.conf").open("a") as conf:
                # Durability is worthless for a throwaway server; speed is not.
                conf.write(
                    "\n# caseboard tests\n"
                    f"port = {server.port}\n"
                    "listen_addresses = '127.0.0.1'\n"
                    f"unix_socket_directories = '{server.socketdir}'\n"
                    "fsync = off\n"
                    "synchronous_commit = off\n"
                    "full_page_writes = off\n"
                    "max_connections = 200\n"
                )
        except BaseException:
            server.remove()
            raise
        return server

    def start(self) -> None:
        """Start the server and wait until it accepts connections (no-op when running)."""
        if self.running:
            return
        self._run("pg_ctl", "-D", str(self.datadir), "-l", str(self.logfile), "-w", "-t", "60",
                  "start")  # fmt: skip
        self.running = True
        with self.connect() as conn:
            self.version = conn.info.server_version

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server; 'immediate' is what a crash or a pulled cable looks like to clients."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "stop")
            self.running = False

    def is_running(self) -> bool:
        result = subprocess.run(
            [*self._run_as, str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "status"],
            capture_output=True,
            cwd=self.base,
            check=False,
        )
        return result.returncode == 0

    def remove(self) -> None:
        """Stop the server and delete its files."""
        with contextlib.suppress(Exception):
            self.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    # -- databases --------------------------------------------------------------------------

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    @contextlib.contextmanager
    def connect(self, dbname: str = "postgres") -> Iterator[psycopg.Connection]:
        """An autocommit admin connection (CREATE/DROP DATABASE cannot run in a transaction)."""
        conn = psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True
        )
        try:
            yield conn
        finally:
            conn.close()

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create an empty database (or a copy of `template`); returns its URL."""
        sql = f'CREATE DATABASE "{name}"'
        if template:
            sql += f' TEMPLATE "{template}"'
            if self.version >= 150000:
                # For a small template a file copy beats WAL-logging every page (PG 15+).
                sql += " STRATEGY = FILE_COPY"
        with self.connect() as conn:
            conn.execute(sql.encode())
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            # FORCE ends connections a test left open, so a leak cannot block the next test.
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())

    def checkpoint(self) -> None:
        """Make every committed transaction durable before an immediate stop.

        This server runs with synchronous_commit=off, so a commit acknowledged in the last
        ~200 ms may be lost by an immediate stop's crash recovery; a real server (with it on)
        never loses an acknowledged commit. Call this after a test's set-up, before stop().
        """
        with self.connect() as conn:
            conn.execute(b"CHECKPOINT")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # -- helpers ----------------------------------------------------------------------------

    def _run(self, program: str, *args: str, bin_dir: bool = True) -> None:
        exe = str(self.bindir / program) if bin_dir else program
        # cwd: the postgres user may not be allowed into the caller's working directory.
        result = subprocess.run(
            [*self._run_as, exe, *args], capture_output=True, text=True, cwd=self.base, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{program} {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}\n{self.log_tail()}"
            )
