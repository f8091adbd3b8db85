"""CSV cells that are safe to open in a spreadsheet (no formula injection)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text for a CSV cell; a leading formula character is neutralised with a quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def safe_cells(values: Iterable[object]) -> list[str]:
    return [safe_cell(v) for v in values]


def open_private_csv(path: Path) -> TextIO:
    """A CSV file opened for writing, readable by its owner only (0600) whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an older file keeps its mode through O_CREAT
        return os.fdopen(fd, "w", newline="", encoding="utf-8-sig")
    except BaseException:
        os.close(fd)
        raise
