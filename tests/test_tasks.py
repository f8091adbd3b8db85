"""TaskRunner: results on the GUI thread, supersede by key, errors, cancel, inline mode."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QThread

from desktop.domain.errors import NotFound
from desktop.domain.progress import Cancelled, Progress
from desktop.tasks import TaskRunner


@pytest.fixture
def runner(qtbot):
    runner = TaskRunner()
    yield runner
    runner.cancel_all()
    assert runner.wait_idle(5.0)


def test_result_is_delivered_on_gui_thread(qtbot, runner: TaskRunner) -> None:
    seen: dict[str, object] = {}

    def work(progress: Progress) -> int:
        seen["worker"] = threading.current_thread()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback_on_gui"] = QThread.currentThread() is runner.thread()

    with qtbot.waitSignal(
        runner.sig_busy_changed, check_params_cb=lambda busy: not busy, timeout=5000
    ):
        runner.submit(work, on_done=done)
    assert seen["result"] == 42
    assert seen["callback_on_gui"] is True
    assert seen["worker"] is not threading.main_thread()


def test_progress_reaches_gui_thread(qtbot, runner: TaskRunner) -> None:
    reports: list[tuple[int, int, str]] = []

    def work(progress: Progress) -> None:
        progress.report(0, 2, "start")
        progress.report(2, 2, "end")

    with qtbot.waitSignal(
        runner.sig_busy_changed, check_params_cb=lambda busy: not busy, timeout=5000
    ):
        runner.submit(work, on_done=lambda _r: None, on_progress=lambda *a: reports.append(a))
    assert reports[0] == (0, 2, "start")
    assert reports[-1] == (2, 2, "end")


def test_newer_submit_with_same_key_supersedes_older(qtbot, runner: TaskRunner) -> None:
    release = threading.Event()
    older_cancelled = threading.Event()
    results: list[str] = []

    def slow(progress: Progress) -> str:
        release.wait(5)
        try:
            progress.report(1, 1)
        except Cancelled:
            older_cancelled.set()
            raise
        return "old"

    older = runner.submit(slow, on_done=results.append, key="load")
    newer = runner.submit(lambda _p: "new", on_done=results.append, key="load")
    assert older.is_cancelled and not newer.is_cancelled
    qtbot.waitUntil(lambda: results == ["new"], timeout=5000)
    release.set()
    assert runner.wait_idle(5.0)
    assert older_cancelled.is_set()
    assert results == ["new"]  # the superseded result was dropped


def test_service_error_goes_to_on_error(qtbot, runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def fail(_progress: Progress) -> None:
        raise NotFound("No such young person")

    runner.submit(fail, on_done=lambda _r: pytest.fail("on_done called"), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], NotFound)
    assert str(errors[0]) == "No such young person"


def test_unexpected_error_is_logged_with_traceback(qtbot, runner: TaskRunner, caplog) -> None:
    errors: list[BaseException] = []

    def boom(_progress: Progress) -> None:
        raise ZeroDivisionError("bug")

    with (
        caplog.at_level(logging.ERROR, logger="desktop.tasks"),
        qtbot.waitSignal(runner.sig_unexpected_error, timeout=5000),
    ):
        runner.submit(boom, on_done=lambda _r: None, on_error=errors.append)
    assert isinstance(errors[0], ZeroDivisionError)
    record = next(r for r in caplog.records if r.name == "desktop.tasks")
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def test_cancel_by_key_drops_result(qtbot, runner: TaskRunner) -> None:
    started = threading.Event()
    release = threading.Event()
    called: list[object] = []

    def work(progress: Progress) -> str:
        started.set()
        release.wait(5)
        progress.report(1, 1)
        return "never delivered"

    task = runner.submit(work, on_done=called.append, on_error=called.append, key="k")
    assert started.wait(5)
    runner.cancel("k")
    release.set()
    assert runner.wait_idle(5.0)
    assert task.is_cancelled and task.is_done
    assert called == []
    assert not runner.is_busy


def test_inline_mode_runs_synchronously(qtbot) -> None:
    runner = TaskRunner(inline=True)
    results: list[object] = []
    runner.submit(lambda _p: threading.current_thread(), on_done=results.append)
    assert results == [threading.current_thread()]
    runner.submit(lambda _p: 1 / 0, on_done=results.append, on_error=results.append)
    assert isinstance(results[-1], ZeroDivisionError)
