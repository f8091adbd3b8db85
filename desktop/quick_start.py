"""An interactive start on an SQLite file: the sign-in dialog first, the database opened behind it.

Opening a database means importing SQLAlchemy and the schema, checking the file and perhaps
migrating it: most of a start-up. None of it is needed to lay out the sign-in dialog, whose
only facts about the database (its name, and whether it is a demo one) are read here with the
standard library. So the dialog is shown at once and the database opens on a worker thread
while the person types; signing in waits for it if they are quicker. A database that cannot be
opened closes the dialog and fails as before (the message, nothing changed).
"""

from __future__ import annotations

import threading
from concurrent.futures import CancelledError, Future
from pathlib import Path
from typing import Any

from desktop.data.peek import DEFAULT_DEMO_USER, demo_marker, sqlite_file_of
from desktop.domain.errors import ServiceError

#: Seconds to wait for a database still opening when the dialog is cancelled.
OPENING_WAIT_S = 120.0


def applies(url: str | None) -> Path | None:
    """The SQLite file this start can open behind the dialog, or None (use the usual path)."""
    return None if url is None else sqlite_file_of(url)


class PendingAuth:
    """The sign-in service of a database still opening: each call waits for it (worker side)."""

    def __init__(self, opened: Future[Any]) -> None:
        self._opened = opened
        self._lock = threading.Lock()
        self._auth: Any = None

    def _service(self) -> Any:
        try:
            db = self._opened.result()
        except CancelledError:
            raise ServiceError("Caseboard is closing.") from None
        except Exception as exc:  # DatabaseOpenError: the dialog closes and says why
            raise ServiceError(str(exc)) from None
        with self._lock:
            if self._auth is None:
                from desktop.services.auth import AuthService

                self._auth = AuthService(db)
            return self._auth

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service(), name)


def sign_in_first(url: str, path: Path, username: str | None) -> tuple[Any, Any] | None:
    """Show the sign-in dialog while ``url`` opens: (database, SignedIn), or None on Cancel.

    Raises the DatabaseOpenError of a database that could not be opened.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    from desktop.app import AppServices, create_application, sign_in
    from desktop.tasks import TaskRunner

    marker = demo_marker(path)
    hint = username
    if marker is not None and not hint:
        hint = marker.get("default_user") if isinstance(marker, dict) else None
        hint = hint or DEFAULT_DEMO_USER
    app = create_application()
    runner = TaskRunner(app)
    opened: Future[Any] = Future()

    def open_it(_progress: Any) -> bool:
        if not opened.set_running_or_notify_cancel():
            return False
        try:
            from desktop.data.database import open_database

            opened.set_result(open_database(url))
        except BaseException as exc:  # reported on the GUI thread, never as a traceback
            opened.set_exception(exc)
        return True

    def on_opened(_ran: bool) -> None:
        if opened.done() and not opened.cancelled() and opened.exception() is not None:
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QDialog) and widget.isVisible():
                    widget.reject()

    # After the dialog is up: the opening's imports do not hold up its first paint.
    QTimer.singleShot(0, lambda: runner.submit(open_it, on_done=on_opened))
    services = AppServices(
        caseload=None, auth=PendingAuth(opened), admin=None, access=None, audit_viewer=None
    )
    try:
        signed = sign_in(
            runner,
            services,
            database_label=str(path),
            demo=marker is not None,
            username_hint=hint,
        )
    finally:
        opened.cancel()  # not started yet (cancelled at once): nothing to wait for
        runner.wait_idle(OPENING_WAIT_S)
        runner.cancel_all()
        runner.deleteLater()
    if opened.cancelled():
        return None
    error = opened.exception()
    if error is not None:
        raise error
    db = opened.result()
    if signed is None:
        db.dispose()
        return None
    return db, signed
