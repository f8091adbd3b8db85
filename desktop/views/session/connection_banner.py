"""Lost connection: the banner saying so, and the monitor that reconnects with back-off."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.tasks import TaskRunner

#: Seconds before each reconnect attempt: doubling up to half a minute.
BACKOFF = (1, 2, 4, 8, 16, 30)
#: TaskRunner key of the ``SELECT 1`` probe.
PROBE_KEY = "connection.probe"


class ConnectionMonitor(QObject):
    """Told that the database could not be reached, it probes again after 1, 2, 4, … 30 s
    until a probe succeeds, counting down once a second for the banner.

    ``probe`` runs on a worker (through the runner) and raises on failure (``SELECT 1``).
    ``tick_ms`` is the length of a counted second (tests shorten it).
    """

    #: The connection was lost (argument: the reason).
    sig_lost = Signal(str)
    #: A probe succeeded after a loss: time to read again.
    sig_restored = Signal()
    #: The banner's text changed (argument: the new text).
    sig_text = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        probe: Callable[[], object],
        *,
        backoff: tuple[int, ...] = BACKOFF,
        tick_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._probe = probe
        self.backoff = backoff
        self.lost = False
        self.probing = False
        self.attempts = 0  # failed probes since the loss
        self.remaining = 0  # seconds to the next probe
        self.reason = ""
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._on_timer_tick)

    @property
    def text(self) -> str:
        if not self.lost:
            return ""
        if self.probing:
            when = self.tr("reconnecting…")
        else:
            when = self.tr("retrying in {seconds} s.").format(seconds=self.remaining)
        return (
            self.tr("Connection to the database lost — {when}").format(when=when)
            + " "
            + self.tr("What you see may be out of date.")
        )

    def report_lost(self, reason: str = "") -> None:
        """A read or the change feed failed to reach the database (repeats are ignored)."""
        if self.lost:
            return
        self.lost, self.attempts, self.reason = True, 0, reason
        self.sig_lost.emit(reason)
        self._wait(self.backoff[0])

    def retry_now(self) -> None:
        """Probe at once (the Retry button, or the change feed found the server again)."""
        if self.lost and not self.probing:
            self._timer.stop()
            self._start_probe()

    def stop(self) -> None:
        self._timer.stop()
        self._runner.cancel(PROBE_KEY)

    def _wait(self, seconds: int) -> None:
        self.remaining = seconds
        self.sig_text.emit(self.text)
        self._timer.start()

    def _on_timer_tick(self) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            self.sig_text.emit(self.text)
            return
        self._timer.stop()
        self._start_probe()

    def _start_probe(self) -> None:
        self.probing = True
        self.sig_text.emit(self.text)
        probe = self._probe
        self._runner.submit(
            lambda _progress: probe(),
            on_done=self._on_probe_done,
            on_error=self._on_probe_failed,
            key=PROBE_KEY,
        )

    def _on_probe_done(self, _result: object) -> None:
        self.probing = False
        self.lost, self.attempts = False, 0
        self.sig_text.emit("")
        self.sig_restored.emit()

    def _on_probe_failed(self, _error: BaseException) -> None:
        self.probing = False
        self.attempts += 1
        self._wait(self.backoff[min(self.attempts, len(self.backoff) - 1)])


class ConnectionBanner(QFrame):
    """The strip above the content while the database cannot be reached."""

    #: The user pressed "Retry now".
    sig_retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setObjectName("connectionBannerText")
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Connection status"))
        self.retry_button = QPushButton(self.tr("Retry &now"), self)
        self.retry_button.setObjectName("connectionRetry")
        self.retry_button.setAccessibleName(self.tr("Try to reconnect to the database now"))
        self.retry_button.clicked.connect(self.sig_retry.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_text(self, text: str) -> None:
        """Show the banner with this text (an empty text hides it)."""
        self.label.setText(text)
        self.label.setAccessibleDescription(text)
        self.setVisible(bool(text))
