"""Crash reports: an unexpected error is written to a private log file for the service desk."""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

from desktop import __version__


def crash_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path("Caseboard", "Caseboard")


def write_crash_log(error: BaseException, folder: Path | None = None) -> Path | None:
    """The report's path, or None when even that could not be written.

    Readable by the user only: a traceback can quote a value, and every value here may be
    OFFICIAL-SENSITIVE. No local variables are written, only the stack and the message.
    """
    folder = folder or crash_dir()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"crash-{stamp}.log"
    text = (
        f"Caseboard {__version__} crash report, {stamp}\n"
        "Handling: OFFICIAL-SENSITIVE. Send only to your IT service desk.\n\n"
        + "".join(traceback.format_exception(error))
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:
        return None
    return path
