"""CSV cells that are safe to open in a spreadsheet (no formula injection)."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.text_rules import strip_control

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text for a CSV cell: control characters (NUL and the like; tab and line breaks are
    kept) removed, and a leading formula character neutralised with a quote."""
    text = "" if value is None else strip_control(str(value))
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def safe_cells(values: Iterable[object]) -> list[str]:
    return [safe_cell(v) for v in values]
