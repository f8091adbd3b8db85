"""The dialog for an unexpected error: say what happened, keep every window and typed word."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.crash import write_crash_log

log = logging.getLogger(__name__)


class CrashReporter(QObject):
    """Writes the crash log and tells the user; closes nothing, so no typed text is lost."""

    def __init__(self, parent: QObject | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self.last_log: Path | None = None
        self.dialog: QMessageBox | None = None

    def install(self) -> None:
        """Route uncaught exceptions from Qt slots and callbacks here instead of aborting."""
        sys.excepthook = self._excepthook

    def _excepthook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        self.report(error.with_traceback(tb))

    def report(self, error: BaseException) -> None:
        log.error("Unexpected error", exc_info=error)
        self.last_log = write_crash_log(error, self._folder)
        where = (
            self.tr(
                "A report was saved to:\n{path}\nPlease send it to your IT service desk."
            ).format(path=self.last_log)
            if self.last_log
            else self.tr("The report could not be saved; please tell your IT service desk.")
        )
        parent = QApplication.activeWindow()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Caseboard: something went wrong"),
            self.tr(
                "Something unexpected went wrong. Your windows and anything you have typed "
                "are still open; nothing was saved half-way. You can carry on, or copy your "
                "text somewhere safe and restart Caseboard."
            ),
            QMessageBox.StandardButton.Ok,
            parent if isinstance(parent, QWidget) else None,
        )
        box.setInformativeText(where)
        box.setAccessibleName(self.tr("Caseboard: something went wrong"))
        box.open()  # not exec(): nothing else is blocked or closed
        self.dialog = box
