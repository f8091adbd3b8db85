"""Live refresh and lost connections in the window: changed rows update in place, open records
reload, the banner counts down the back-off, and reads are retried once the probe succeeds."""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator
from dataclasses import replace
from typing import Any

import pytest
from pytestqt.qt_compat import qt_api

from desktop.app import create_application
from desktop.domain.actor import Actor
from desktop.domain.commands import Changes
from desktop.domain.enums import RiskCategory
from desktop.domain.errors import Unavailable
from desktop.domain.records import CaseloadRow
from desktop.models.caseload import CaseloadTableModel, Column
from desktop.tasks import TaskRunner
from desktop.views.main_window import MainWindow
from desktop.views.session.connection_banner import ConnectionBanner, ConnectionMonitor
from desktop.views.session.live_refresh import LiveRefresh
from tests.views.fake_workspace import make_workspace
from tests.views.fakes import ACTOR, OFFSCREEN_LOG_IGNORE, sample_rows
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE


class RowsService:
    """A caseload service whose rows can change, with rows() for a live refresh."""

    def __init__(self, rows: list[CaseloadRow]) -> None:
        self.data = {r.id: r for r in rows}
        self.fail: BaseException | None = None
        self.asked: list[set[int]] = []
        self.loads = 0

    def load(self, actor: Actor, progress: Any) -> list[CaseloadRow]:
        self.loads += 1
        if self.fail is not None:
            raise self.fail
        return list(self.data.values())

    def rows(self, actor: Actor, young_person_ids: Collection[int]) -> list[CaseloadRow]:
        self.asked.append(set(young_person_ids))
        if self.fail is not None:
            raise self.fail
        return [self.data[i] for i in young_person_ids if i in self.data]

    def export_csv(self, actor: Actor, path: Any) -> int:
        return 0


class FakePersons:
    def __init__(self) -> None:
        self.fail: BaseException | None = None
        self.opened: list[int] = []

    def open(self, actor: Actor, young_person_id: int, progress: Any = None) -> Any:
        self.opened.append(young_person_id)
        if self.fail is not None:
            raise self.fail
        ws = make_workspace()
        return replace(ws, header=replace(ws.header, id=young_person_id))

    def export_chronology_csv(self, *args: Any, **kw: Any) -> int:
        return 0


class FakeFeed:
    """Stands in for ChangeFeed: the test calls its callbacks from a thread of its own."""

    def __init__(self) -> None:
        self.on_changes: Any = None
        self.on_status: Any = None
        self.stopped = False
        self.probe_fails = 0  # how many probes fail before one succeeds
        self.probes = 0

    def start(self, on_changes: Any, on_status: Any = None) -> None:
        self.on_changes, self.on_status = on_changes, on_status

    def stop(self, timeout: float = 5.0) -> None:
        self.stopped = True

    def probe(self) -> None:
        self.probes += 1
        if self.probes <= self.probe_fails:
            raise Unavailable("The database could not be reached (connection refused).")

    def from_thread(self, fn: Any, *args: Any) -> None:
        thread = threading.Thread(target=fn, args=args)
        thread.start()
        thread.join()


# -- the model ------------------------------------------------------------------------------------


def test_update_rows_replaces_in_place_adds_and_removes(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rows = sample_rows(30)
    model = CaseloadTableModel()
    model.set_rows(rows)
    model.apply(sort_column=Column.NAME, order=qt_api.QtCore.Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)
    target = model.row_at(4)
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, *_: changed.append(top.row()))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    # Same name, new risk: sorted by name it stays put, so only its row repaints.
    model.update_rows([replace(target, risk_category=RiskCategory.SIGNIFICANT)])
    assert changed == [4] and not resets
    assert model.row_at(4).risk_category is RiskCategory.SIGNIFICANT

    # Watch row 10 through a persistent index while rows move around it.
    watched = model.row_at(10)
    persistent = qt_api.QtCore.QPersistentModelIndex(model.index(10, 0))
    gone = model.row_at(0)
    new = replace(rows[0], id=999, display_name="Aaron Aardvark")
    model.update_rows([new], young_person_ids=[gone.id, new.id])
    assert model.total_count == 30 and not resets  # one left, one arrived
    assert model.row_of_id(gone.id) == -1 and model.row_at(0).id == 999
    assert model.row_at(persistent.row()).id == watched.id  # the selection follows its row
    qtmodeltester.check(model)


# -- the caseload view ------------------------------------------------------------------------


def make_window(qtbot, service: RowsService, persons: FakePersons | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application()
    window = MainWindow(
        runner=TaskRunner(),
        caseload_service=service,
        actor=ACTOR,
        database_label="team database (PostgreSQL)",
        person_service=persons or FakePersons(),
        panels=list,
        idle_lock_ms=0,
    )
    qtbot.addWidget(window)
    window.resize(1280, 600)
    window.show()
    return window


@pytest.fixture
def service() -> RowsService:
    return RowsService(sample_rows(40))


@pytest.fixture
def persons() -> FakePersons:
    return FakePersons()


@pytest.fixture
def window(qtbot, service: RowsService, persons: FakePersons) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, service, persons)
    with qtbot.waitSignal(window.caseload.sig_loaded, timeout=5000):
        window.caseload.reload()
    yield window
    window._runner.cancel_all()
    window._runner.wait_idle(5.0)


def live_for(window: MainWindow, feed: FakeFeed) -> LiveRefresh:
    live = LiveRefresh(feed, window._runner, backoff=(1, 2, 4, 8, 16, 30), tick_ms=20,
                       parent=window)  # fmt: skip
    window.start_live_refresh(live)
    return live


def test_a_colleagues_change_updates_only_its_rows_and_reloads_open_records(
    qtbot, window: MainWindow, service: RowsService, persons: FakePersons
) -> None:  # type: ignore[no-untyped-def]
    feed = FakeFeed()
    live_for(window, feed)
    open_view = window.open_person(3, "")
    other_view = window.open_person(4, "")
    assert open_view is not None and other_view is not None
    qtbot.waitUntil(lambda: open_view.workspace is not None and other_view.workspace is not None)
    persons.opened.clear()
    window.show_caseload()
    loads = service.loads

    service.data[3] = replace(service.data[3], display_name="Renamed Elsewhere")
    del service.data[5]  # no longer on this user's caseload
    with qtbot.waitSignal(window.caseload.sig_rows_updated, timeout=5000):
        feed.from_thread(feed.on_changes, Changes(young_person_ids=frozenset({3, 5})))
    assert service.asked == [{3, 5}] and service.loads == loads  # rows only, no full load
    model = window.caseload.model
    assert model.row_of_id(5) == -1 and model.total_count == 39
    assert model.row_at(model.row_of_id(3)).display_name == "Renamed Elsewhere"
    qtbot.waitUntil(lambda: persons.opened == [3])  # the open record of 3 reloads; 4 does not


def test_changes_heard_during_a_full_load_are_fetched_after_it(
    qtbot, window: MainWindow, service: RowsService
) -> None:  # type: ignore[no-untyped-def]
    view = window.caseload
    view._loading = True  # as while a reload runs
    view.refresh_rows({7})
    assert service.asked == []
    with qtbot.waitSignal(view.sig_rows_updated, timeout=5000):
        view._on_rows_loaded(list(service.data.values()))
    assert service.asked == [{7}]


def test_back_off_banner_and_retried_reads(
    qtbot, window: MainWindow, service: RowsService, persons: FakePersons
) -> None:  # type: ignore[no-untyped-def]
    feed = FakeFeed()
    feed.probe_fails = 3
    live = live_for(window, feed)
    person = window.open_person(9, "")
    assert person is not None
    qtbot.waitUntil(lambda: person.workspace is not None)
    window.show_caseload()
    banner = live.banner
    assert isinstance(banner, ConnectionBanner) and banner.isHidden()
    texts: list[str] = []
    live.monitor.sig_text.connect(texts.append)

    service.fail = Unavailable("The database could not be reached (server closed the connection).")
    with qtbot.waitSignal(window.caseload.sig_load_failed, timeout=5000):
        window.caseload.reload()
    qtbot.waitUntil(lambda: banner.isVisible())
    assert texts[0] == (
        "Connection to the database lost — retrying in 1 s. What you see may be out of date."
    )
    count = window.caseload.count_label
    assert count.property("stale") is True and "Out of date: loaded" in count.text()
    assert "Loaded at" in count.toolTip()
    assert window.caseload.model.total_count == 40  # the last loaded rows are still shown
    save_screen(window, "connection_lost_banner")

    service.fail = None
    with qtbot.waitSignal(live.monitor.sig_restored, timeout=10_000):
        pass
    waits = [t.split("retrying in ")[1].split(" s")[0] for t in texts if "retrying in" in t]
    # every whole second counted down, starting at 1, then 2, 4 and 8 after each failed probe
    starts = [int(w) for n, w in enumerate(waits) if n == 0 or int(w) > int(waits[n - 1])]
    assert starts == [1, 2, 4, 8]
    assert feed.probes == 4
    assert any("reconnecting" in t for t in texts)
    qtbot.waitUntil(lambda: banner.isHidden() and not window.caseload.is_stale, timeout=5000)
    qtbot.waitUntil(lambda: persons.opened.count(9) == 2)  # the open record was read again
    assert "Out of date" not in count.text() and not count.toolTip()


def test_the_feed_losing_its_server_shows_the_banner_and_coming_back_probes_at_once(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    feed = FakeFeed()
    feed.probe_fails = 1
    live = LiveRefresh(feed, window._runner, backoff=(30,), tick_ms=1000, parent=window)
    window.start_live_refresh(live)
    assert live.banner is not None
    feed.from_thread(feed.on_status, False, "server closed the connection")
    qtbot.waitUntil(lambda: live.banner is not None and live.banner.isVisible())
    assert "retrying in 30 s" in live.banner.label.text()
    assert window.caseload.is_stale
    live.monitor.retry_now()  # the Retry now button: fails once more
    qtbot.waitUntil(lambda: feed.probes == 1 and not live.monitor.probing)
    assert "retrying in 30 s" in live.banner.label.text()
    with qtbot.waitSignal(live.monitor.sig_restored, timeout=5000):
        feed.from_thread(feed.on_status, True, "")  # the feed reconnected: no 30 s wait
    qtbot.waitUntil(lambda: live.banner is not None and live.banner.isHidden())


def test_closing_the_window_stops_the_feed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    feed = FakeFeed()
    live_for(window, feed)
    window.close()
    assert feed.stopped


def test_monitor_ignores_repeats_and_caps_the_back_off(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner(inline=True)
    calls: list[int] = []

    def probe() -> None:
        calls.append(1)
        raise Unavailable("The database could not be reached.")

    monitor = ConnectionMonitor(runner, probe, backoff=(1, 2, 4, 8, 16, 30), tick_ms=1)
    waits: list[int] = []
    monitor.sig_text.connect(
        lambda _t: waits.append(monitor.remaining) if not monitor.probing else None
    )
    lost: list[str] = []
    monitor.sig_lost.connect(lost.append)
    monitor.report_lost("gone")
    monitor.report_lost("gone again")  # already counting down: no second cycle
    qtbot.waitUntil(lambda: monitor.attempts >= 7, timeout=10_000)
    monitor.stop()
    starts = [w for n, w in enumerate(waits) if n == 0 or w > waits[n - 1]]
    assert starts[:8] == [1, 2, 4, 8, 16, 30, 30, 30]
    assert lost == ["gone"] and len(calls) == 7
