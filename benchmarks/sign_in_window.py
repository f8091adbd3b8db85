"""Start-up to the painted sign-in dialog: the app's real start-up path, then grab and cancel.

``python -m benchmarks.sign_in_window FILE.png --database URL`` runs ``caseboard --database URL``
(no --user: the interactive path) until the sign-in dialog has been shown and painted, saves a
PNG of it and exits. A benchmark aid, not an app feature.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from desktop.views import sign_in


def main(out: str, argv: list[str]) -> int:
    from desktop.cli import main as caseboard

    shown = sign_in.SignInDialog.exec

    def exec_and_grab(dialog: QDialog) -> int:
        def save() -> None:
            dialog.grab().save(out, "PNG")
            # Painted: that is the figure. Exit at once rather than wait for the database
            # still opening behind the dialog (Cancel would wait for it).
            sys.stdout.flush()
            os._exit(0)

        QTimer.singleShot(50, save)  # the same settle delay as the bare window
        return shown(dialog)

    sign_in.SignInDialog.exec = exec_and_grab  # type: ignore[method-assign]
    return caseboard(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
