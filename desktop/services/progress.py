"""Progress and cancellation for service calls (defined in the domain so every layer shares it)."""

from desktop.domain.progress import Cancelled, NullProgress, Progress

__all__ = ["Cancelled", "NullProgress", "Progress"]
