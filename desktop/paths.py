"""Find bundled resources in a checkout, an installed wheel or a PyInstaller bundle (Qt-free)."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

#: Environment variable that overrides where resources are looked up (packagers, tests).
ENV_VAR = "CASEBOARD_RESOURCES"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates() -> list[Path]:
    found: list[Path] = []
    if override := os.environ.get(ENV_VAR):
        found.append(Path(override))
    if meipass := getattr(sys, "_MEIPASS", None):  # PyInstaller bundle
        found.append(Path(meipass) / "resources")
    found.append(_PACKAGE_DIR.parent / "resources")  # source checkout / editable install
    found.append(Path(sys.prefix) / "share" / "caseboard" / "resources")  # wheel data-files
    return found


@cache
def resources_dir() -> Path:
    """The first existing resources folder (the one holding ``icons/``)."""
    for path in _candidates():
        if (path / "icons").is_dir():
            return path
    tried = ", ".join(str(p) for p in _candidates())
    raise FileNotFoundError(f"Caseboard resources not found (tried {tried})")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
