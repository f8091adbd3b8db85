"""Save grabs of screens to artifacts/screens/ so a person can look at them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

REPO_ROOT = Path(__file__).resolve().parents[2]


def save_screen(widget: QWidget, name: str) -> Path | None:
    """Grab ``widget`` to artifacts/screens/<name>.png (None when the folder is not writable)."""
    folder = REPO_ROOT / "artifacts" / "screens"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path
