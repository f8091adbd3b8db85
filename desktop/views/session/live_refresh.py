"""Qt face of the change feed: colleagues' changes and connection state, on the GUI thread.

``LiveRefresh`` wraps a ``desktop.services.changes.ChangeFeed`` (whose callbacks run on the
feed's own thread) and re-emits them through queued signals. ``install(window)`` adds the
connection banner to the main window and wires the reconnect monitor: any task failing with
Unavailable (or the feed losing its server) shows the banner and marks the caseload stale;
once a ``SELECT 1`` probe succeeds the caseload and every open young person are read again.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QBoxLayout, QWidget

from desktop.domain.commands import Changes
from desktop.interfaces import ChangeFeedApi
from desktop.tasks import TaskRunner
from desktop.views.session.connection_banner import BACKOFF, ConnectionBanner, ConnectionMonitor

log = logging.getLogger(__name__)


class LiveRefresh(QObject):
    """Changes made elsewhere (``sig_changes``) and the connection's state, for the GUI."""

    #: Committed elsewhere (argument: Changes; never None).
    sig_changes = Signal(object)
    #: The feed lost (False, reason) or regained (True, "") its server.
    sig_feed_status = Signal(bool, str)

    # Internal: feed thread → GUI thread (queued because this object lives on the GUI thread).
    _sig_changes_from_feed = Signal(object)
    _sig_status_from_feed = Signal(bool, str)

    def __init__(
        self,
        feed: ChangeFeedApi,
        runner: TaskRunner,
        *,
        backoff: tuple[int, ...] = BACKOFF,
        tick_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.feed = feed
        self._runner = runner
        self._started = False
        self.monitor = ConnectionMonitor(
            runner, feed.probe, backoff=backoff, tick_ms=tick_ms, parent=self
        )
        self.banner: ConnectionBanner | None = None
        self._window: Any = None
        self._sig_changes_from_feed.connect(self.sig_changes.emit)
        self._sig_status_from_feed.connect(self._on_feed_status)
        runner.sig_unavailable.connect(self._on_runner_unavailable)

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        if not self._started:
            self._started = True
            self.feed.start(self._changes_from_feed, self._status_from_feed)

    def stop(self) -> None:
        """Stop the feed's thread (waits for it) and the reconnect monitor."""
        if self._started:
            self._started = False
            self.feed.stop()
        self.monitor.stop()

    def install(self, window: Any) -> None:
        """Put the banner above the window's content and refresh it on reconnect.

        ``window`` is the MainWindow: its central layout, ``caseload``, ``person_views`` and
        ``reload_home()`` are used; it stops the feed when it closes.
        """
        self._window = window
        central: QWidget = window.centralWidget()
        layout = central.layout()
        self.banner = ConnectionBanner(central)
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(1, self.banner)  # below the protective marking
        self.banner.sig_retry.connect(self.monitor.retry_now)
        self.monitor.sig_text.connect(self.banner.show_text)
        self.monitor.sig_lost.connect(self._on_connection_lost)
        self.monitor.sig_restored.connect(self._on_connection_restored)
        window.installEventFilter(self)

    # -- feed thread side ---------------------------------------------------------------------

    def _changes_from_feed(self, changes: Changes) -> None:
        try:
            self._sig_changes_from_feed.emit(changes)
        except RuntimeError:  # this object was deleted while the feed still ran
            log.debug("live refresh gone; change dropped")

    def _status_from_feed(self, connected: bool, message: str) -> None:
        try:
            self._sig_status_from_feed.emit(connected, message or "")
        except RuntimeError:
            log.debug("live refresh gone; status dropped")

    # -- GUI side -----------------------------------------------------------------------------

    def _on_feed_status(self, connected: bool, message: str) -> None:
        self.sig_feed_status.emit(connected, message)
        if not connected:
            self.monitor.report_lost(message)
        elif self.monitor.lost:
            self.monitor.retry_now()  # the feed is back: no need to wait out the countdown

    def _on_runner_unavailable(self, error: BaseException) -> None:
        self.monitor.report_lost(str(error))

    def _on_connection_lost(self, _reason: str) -> None:
        window = self._window
        if window is not None and hasattr(window, "caseload"):
            window.caseload.set_stale(True)

    def _on_connection_restored(self) -> None:
        """Read again what failed or may have changed while the connection was down."""
        window = self._window
        if window is None:
            return
        window.reload_home()
        for view in list(window.person_views.values()):
            view.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.stop()
        return super().eventFilter(watched, event)
