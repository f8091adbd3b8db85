"""What every mapped table module shares."""

from __future__ import annotations

from typing import Final

# Relationships default to lazy="raise": each repository names its eager loads, so a hidden
# N+1 fails loudly in tests instead of slowing a screen down.
RAISE: Final = "raise"
