"""An unexpected error: a private crash log, a dialog, and every window and typed word kept."""

from __future__ import annotations

import stat
from pathlib import Path

from PySide6.QtWidgets import QLineEdit

from desktop.tasks import TaskRunner
from desktop.views.widgets.crash_dialog import CrashReporter


def test_an_unexpected_task_error_is_logged_privately_and_shown(qtbot, tmp_path: Path) -> None:
    reporter = CrashReporter(folder=tmp_path)
    runner = TaskRunner()
    runner.sig_unexpected_error.connect(reporter.report)
    typed = QLineEdit()
    qtbot.addWidget(typed)
    typed.show()
    typed.setText("Notes from tonight's visit")
    errors: list[BaseException] = []

    def broken(_progress):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("a bug, not a service error")

    with qtbot.waitSignal(runner.sig_unexpected_error, timeout=5000):
        runner.submit(broken, on_done=lambda _r: None, on_error=errors.append)
    assert isinstance(errors[0], ZeroDivisionError)
    assert reporter.last_log is not None and reporter.last_log.parent == tmp_path
    text = reporter.last_log.read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug, not a service error" in text
    assert "OFFICIAL-SENSITIVE" in text
    assert stat.S_IMODE(reporter.last_log.stat().st_mode) == 0o600
    assert reporter.dialog is not None and reporter.dialog.isVisible()
    assert str(reporter.last_log) in reporter.dialog.informativeText()
    assert typed.isVisible() and typed.text() == "Notes from tonight's visit"
    reporter.dialog.close()
    runner.wait_idle(5)


def test_when_the_log_cannot_be_written_the_dialog_still_says_so(qtbot, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    reporter = CrashReporter(folder=blocker)
    reporter.report(RuntimeError("boom"))
    assert reporter.last_log is None
    assert reporter.dialog is not None
    assert "could not be saved" in reporter.dialog.informativeText()
    reporter.dialog.close()
