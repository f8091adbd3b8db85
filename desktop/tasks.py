"""TaskRunner: the only bridge from the GUI thread to worker threads (submit, supersede, cancel)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, QThreadPool, Signal

from desktop.domain.errors import ServiceError, SessionEnded, Unavailable
from desktop.domain.progress import Cancelled

log = logging.getLogger(__name__)

#: A unit of work: receives a Progress (``report(done, total, message)``) and returns a result.
Work = Callable[[Any], Any]
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
ProgressCallback = Callable[[int, int, str], None]

#: Minimum seconds between two progress signals of one task (the last report always goes).
_PROGRESS_INTERVAL = 0.05


class Task:
    """Handle on one submitted piece of work; cancel() is cooperative and thread-safe."""

    def __init__(
        self,
        fn: Work,
        *,
        key: str | None,
        on_done: DoneCallback,
        on_error: ErrorCallback | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        self.fn = fn
        self.key = key
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self._cancel_event = threading.Event()
        self._finished = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report; its result will be dropped."""
        self._cancel_event.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel_event.is_set()

    @property
    def is_done(self) -> bool:
        """True once the work has finished on its thread (callbacks may still be queued)."""
        return self._finished.is_set()

    def __repr__(self) -> str:
        state = "cancelled" if self.is_cancelled else "done" if self.is_done else "pending"
        return f"<Task key={self.key!r} {state}>"


class _TaskProgress:
    """The Progress a task's function receives: raises Cancelled once the task is cancelled."""

    def __init__(self, task: Task, emit: Callable[[Task, int, int, str], None]) -> None:
        self._task = task
        self._emit = emit
        self._last = 0.0

    def report(self, done: int, total: int, message: str = "") -> None:
        if self._task.is_cancelled:
            raise Cancelled()
        now = time.monotonic()
        if self._task.on_progress is not None and (
            now - self._last >= _PROGRESS_INTERVAL or done >= total
        ):
            self._last = now
            self._emit(self._task, done, total, message)


@dataclass(frozen=True, slots=True)
class _Outcome:
    task: Task
    result: Any
    error: BaseException | None


class _Job(QRunnable):
    def __init__(self, run: Callable[[], None]) -> None:
        super().__init__()
        self._run = run

    def run(self) -> None:
        self._run()


class TaskRunner(QObject):
    """Runs ``fn(progress)`` on a worker thread and calls back on the thread that owns the runner.

    A newer submit with the same ``key`` supersedes the older one: the older is cancelled
    (its next ``progress.report`` raises ``Cancelled``) and its result is dropped. Expected
    failures (``ServiceError``) go to ``on_error``; unexpected ones go there too, after being
    logged with their traceback and announced through ``sig_unexpected_error``.
    With ``inline=True`` the work runs synchronously in ``submit`` (unit tests).
    """

    #: Emitted with True when the first task starts and False when the last one finishes.
    sig_busy_changed = Signal(bool)
    #: Emitted on the GUI thread with an exception that is not a ServiceError.
    sig_unexpected_error = Signal(object)
    #: Emitted on the GUI thread when any task failed with Unavailable (the database could not
    #: be reached), before its on_error: one place to notice a lost connection.
    sig_unavailable = Signal(object)
    #: Emitted on the GUI thread when any task failed with SessionEnded (an administrator
    #: changed the account since sign-in), before its on_error: the window locks for good.
    sig_session_ended = Signal(object)

    # Internal: worker → GUI thread (queued, because the runner lives on the GUI thread).
    # One non-None payload per signal: PySide6 on Python 3.11 loses a reference to None each
    # time None crosses a queued ``object`` connection (it crashes at interpreter exit).
    _sig_finished = Signal(object)  # _Outcome
    _sig_progress = Signal(object, int, int, str)  # task, done, total, message

    def __init__(
        self, parent: QObject | None = None, *, inline: bool = False, max_threads: int = 2
    ) -> None:
        super().__init__(parent)
        self._inline = inline
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: set[Task] = set()
        self._by_key: dict[str, Task] = {}
        self._sig_finished.connect(self._on_task_finished)
        self._sig_progress.connect(self._on_task_progress)

    # -- public API -------------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        return bool(self._active)

    def submit(
        self,
        fn: Work,
        *,
        on_done: DoneCallback,
        on_error: ErrorCallback | None = None,
        key: str | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        """Run ``fn(progress)`` off the GUI thread; ``on_done(result)`` runs on the GUI thread."""
        task = Task(fn, key=key, on_done=on_done, on_error=on_error, on_progress=on_progress)
        if key is not None:
            older = self._by_key.get(key)
            if older is not None:
                older.cancel()
            self._by_key[key] = task
        was_busy = self.is_busy
        self._active.add(task)
        if not was_busy:
            self.sig_busy_changed.emit(True)
        if self._inline:
            self._run(task)
        else:
            self._pool.start(_Job(lambda: self._run(task)))
        return task

    def cancel(self, key: str) -> None:
        """Cancel the running task with this key, if any; its callbacks will not be called."""
        task = self._by_key.pop(key, None)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        for task in list(self._active):
            task.cancel()
        self._by_key.clear()

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait up to ``timeout`` seconds for every worker to finish, then deliver their callbacks.

        Returns False on timeout. For shutdown and tests; never call it from a callback.
        """
        finished = self._pool.waitForDone(QDeadlineTimer(int(timeout * 1000)))
        # Deliver the queued results of this runner only (not a general event loop spin).
        QCoreApplication.sendPostedEvents(self)
        return bool(finished)

    # -- worker side --------------------------------------------------------------------------

    def _run(self, task: Task) -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            result = task.fn(_TaskProgress(task, self._sig_progress.emit))
        except BaseException as exc:
            error = exc
        finally:
            task._finished.set()
        outcome = _Outcome(task, result, error)
        if self._inline:
            self._on_task_finished(outcome)
        else:
            self._sig_finished.emit(outcome)

    # -- GUI side ----------------------------------------------------------------------------

    def _on_task_progress(self, task: Task, done: int, total: int, message: str) -> None:
        if task.is_cancelled or task.on_progress is None:
            return
        task.on_progress(done, total, message)

    def _on_task_finished(self, outcome: _Outcome) -> None:
        task, result, error = outcome.task, outcome.result, outcome.error
        self._active.discard(task)
        if task.key is not None and self._by_key.get(task.key) is task:
            del self._by_key[task.key]
        try:
            if task.is_cancelled or isinstance(error, Cancelled):
                log.debug("Task %r cancelled; result dropped", task)
            elif error is None:
                task.on_done(result)
            elif isinstance(error, ServiceError):
                log.info("Task %r failed: %s", task, error)
                if isinstance(error, Unavailable):
                    self.sig_unavailable.emit(error)
                if isinstance(error, SessionEnded):
                    self.sig_session_ended.emit(error)
                if task.on_error is not None:
                    task.on_error(error)
            else:
                log.error("Unexpected error in task %r", task, exc_info=error)
                self.sig_unexpected_error.emit(error)
                if task.on_error is not None:
                    task.on_error(error)
        finally:
            if not self._active:
                self.sig_busy_changed.emit(False)
