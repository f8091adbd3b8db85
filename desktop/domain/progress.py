"""The progress/cancel hook long work receives from whoever runs it (any layer may use it)."""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it; nothing is committed."""


class Progress(Protocol):
    def report(self, done: int, total: int, message: str = "") -> None:
        """Say how far the work has got; may raise Cancelled when the user cancelled."""


class NullProgress:
    """Progress for callers that do not show any (CLI, tests)."""

    def report(self, done: int, total: int, message: str = "") -> None:
        return None
