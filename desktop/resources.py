"""Qt access to the source-file resources: icon and style search paths, icons, the style sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtGui import QIcon

from desktop.paths import resources_dir


def install_search_paths() -> None:
    """Register the ``icons:`` and ``styles:`` prefixes for QIcon/QFile paths (idempotent)."""
    root = resources_dir()
    for prefix in ("icons", "styles"):
        path = str(root / prefix)
        if path not in QDir.searchPaths(prefix):
            QDir.addSearchPath(prefix, path)


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (an empty QIcon if it does not exist)."""
    install_search_paths()
    return QIcon(f"icons:{name}.svg")


def icon_file(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


def stylesheet() -> str:
    """The application style sheet, with ``icons:`` URLs left for Qt's search paths."""
    return (resources_dir() / "styles" / "caseboard.qss").read_text(encoding="utf-8")
