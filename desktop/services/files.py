"""Every file a service writes (PDFs, CSV exports, saved copies) goes through `write_private`.

The content goes to a private temporary file in the target's own folder: created by
`tempfile.mkstemp` (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600, an unpredictable name, so a symlink
planted beside the target is never followed), written through its descriptor and synced. Then
the audit entry is committed, and only then is the file moved into place with `os.replace`.
On any failure before that (a folder as the target, a missing folder, disk full, a cancel, the
audit entry failing) the temporary file is removed: nothing is left on disk and no audit entry
claims an export that did not happen.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO, TypeVar

from desktop.domain.errors import ServiceError

T = TypeVar("T")


def _problem(target: Path, exc: OSError) -> ServiceError:
    return ServiceError(f"Cannot write {target}: {exc.strerror or exc}")


def check_target(target: Path) -> None:
    """A clear error when `target` cannot be a file: a folder, or in a folder that is not there."""
    if target.is_dir():
        raise ServiceError(f"Cannot write {target}: it is a folder")
    if not target.parent.is_dir():
        raise ServiceError(f"Cannot write {target}: the folder {target.parent} does not exist")


def write_private(
    target: Path | str,
    write: Callable[[BinaryIO], T],
    audit: Callable[[T], None],
) -> T:
    """Write `target` (readable by its owner only): `write` fills the private temporary file
    and returns what `audit` needs; `audit` commits the audit entry; then the file is moved
    into place. Returns what `write` returned. OSError becomes a one-line ServiceError."""
    target = Path(target)
    check_target(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _problem(target, exc) from None
    temp = Path(name)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                result = write(fh)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise _problem(target, exc) from None
        audit(result)
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise _problem(target, exc) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return result


def csv_writer(
    header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Callable[[BinaryIO], int]:
    """A `write` for write_private: the header and rows as UTF-8 CSV (with a byte order mark,
    so a spreadsheet reads it as UTF-8); returns the number of rows. The rows' cells must
    already be safe (desktop.services.csvutil)."""

    def write(fh: BinaryIO) -> int:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
        try:
            writer = csv.writer(text)
            writer.writerow(header)
            count = 0
            for row in rows:
                writer.writerow(row)
                count += 1
            text.flush()
        finally:
            text.detach()  # the caller owns (and closes) the binary file
        return count

    return write
