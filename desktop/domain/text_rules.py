"""Free text a form may save: at most the council's limit of characters, no control characters.

A 200 KB paste made a case summary take most of a minute to lay out, and a NUL character is
refused by PostgreSQL with an error no one can act on; both are refused at the field instead.
Tab, line feed and carriage return are the only control characters kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields, is_dataclass

#: The default limit of every free-text field (SecurityPolicy.max_text_length overrides it).
DEFAULT_MAX_TEXT = 20_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_problem(value: str | None, limit: int = DEFAULT_MAX_TEXT) -> str | None:
    """Why `value` cannot be saved, or None."""
    if not value:
        return None
    if len(value) > limit:
        return f"Keep this under {limit:,} characters (it has {len(value):,})"
    if _CONTROL.search(value):
        return "Remove the control characters (such as NUL) from this text"
    return None


def text_errors(values: object, limit: int = DEFAULT_MAX_TEXT) -> dict[str, str]:
    """{field: message} for every text field of a command (a dataclass) or a mapping."""
    if isinstance(values, Mapping):
        items = list(values.items())
    elif is_dataclass(values) and not isinstance(values, type):
        items = [(f.name, getattr(values, f.name)) for f in fields(values)]
    else:
        raise TypeError(f"Cannot check the texts of {type(values).__name__}")
    errors: dict[str, str] = {}
    for name, value in items:
        if isinstance(value, str):
            problem = text_problem(value, limit)
            if problem is not None:
                errors[name] = problem
    return errors


def strip_control(value: str) -> str:
    """`value` without control characters other than tab and line breaks (for CSV cells)."""
    return _CONTROL.sub("", value)
