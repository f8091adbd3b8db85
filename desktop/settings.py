"""Typed user-interface settings (window geometry, last caseload filters) over QSettings."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

_GROUP = "ui"


@dataclass(slots=True)
class UiSettings:
    """What the main window remembers between sessions; unknown or bad values fall back."""

    window_geometry: QByteArray | None = None
    window_state: QByteArray | None = None
    risk_filter: str = ""  # risk filter key (see CaseloadView), "" = all
    flag_filter: str = ""  # FlagCode value, "" = all
    worker_filter: str = ""  # allocated worker's name, "" = all
    sort_column: int = 2  # Column.RISK
    sort_descending: bool = True

    @classmethod
    def load(cls, settings: QSettings) -> UiSettings:
        result = cls()
        settings.beginGroup(_GROUP)
        try:
            for f in fields(cls):
                if not settings.contains(f.name):
                    continue
                value = _coerce(settings.value(f.name), getattr(result, f.name))
                if value is not None or f.name.startswith("window_"):
                    setattr(result, f.name, value)
        finally:
            settings.endGroup()
        return result

    def save(self, settings: QSettings) -> None:
        settings.beginGroup(_GROUP)
        try:
            for f in fields(self):
                value = getattr(self, f.name)
                if value is None:
                    settings.remove(f.name)
                else:
                    settings.setValue(f.name, value)
        finally:
            settings.endGroup()
        settings.sync()


def _coerce(value: Any, default: Any) -> Any:
    """QSettings INI files give strings back: coerce to the default's type, None when unusable."""
    if default is None or isinstance(default, QByteArray):
        return value if isinstance(value, QByteArray) else None
    if isinstance(default, bool):
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)
    if isinstance(default, int):
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    return value if isinstance(value, str) else None
