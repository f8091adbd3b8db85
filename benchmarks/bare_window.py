"""The baseline for start-up: a bare PySide6 window with an empty table, painted and grabbed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


def main(out: str) -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1366, 768)
    window.show()

    def save() -> None:
        window.grab().save(out, "PNG")
        app.exit(0)

    QTimer.singleShot(50, save)  # the same settle delay the app's screenshot mode uses
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
