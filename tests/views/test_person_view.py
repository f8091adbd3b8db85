"""The person screen's shell: header, loading, errors, refresh after a save, restricted records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.domain.actor import Actor
from desktop.domain.commands import Changes
from desktop.domain.errors import PermissionDenied, RestrictedRecord, Unavailable
from desktop.domain.workspace import PersonWorkspace
from desktop.tasks import TaskRunner
from desktop.views.person.view import PanelSpec, PersonView
from tests.views.fake_workspace import make_workspace
from tests.views.fakes import ACTOR
from tests.views.screens import save_screen


class CountingPanel(QWidget):
    """A panel that shows how many chronology lines it was given."""

    sig_saved = Signal(object)

    def __init__(self, runner: TaskRunner, actor: Callable[[], Actor]) -> None:
        super().__init__()
        self.shown: list[PersonWorkspace] = []
        self.label = QLabel(self)
        QVBoxLayout(self).addWidget(self.label)

    def show_workspace(self, ws: PersonWorkspace) -> None:
        self.shown.append(ws)
        self.label.setText(f"{len(ws.chronology)} lines")


class FakePersonService:
    def __init__(self, result: Any) -> None:
        self.result = result
        self.calls = 0

    def open(self, actor: Actor, young_person_id: int, progress: Any = None) -> PersonWorkspace:
        self.calls += 1
        if isinstance(self.result, BaseException):
            raise self.result
        return self.result  # type: ignore[no-any-return]

    def export_chronology_csv(self, actor: Actor, yp: int, path: Any, **filters: Any) -> int:
        return 0


def make_view(qtbot, service, *, inline: bool = True, viewers: bool = False) -> PersonView:  # type: ignore[no-untyped-def]
    runner = TaskRunner(inline=inline)
    view = PersonView(
        runner=runner,
        person_service=service,
        young_person_id=42,
        actor=lambda: ACTOR,
        panels=[
            PanelSpec("chronology", "Chronology", CountingPanel),
            PanelSpec("risk", "Risk", CountingPanel),
        ],
        can_see_viewers=viewers,
    )
    view._test_runner = runner  # type: ignore[attr-defined]
    qtbot.addWidget(view)
    view.resize(1100, 700)
    return view


def test_header_shows_identity_risk_and_flags_with_reasons(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, FakePersonService(make_workspace()))
    view.show()
    view.reload()
    header = view.header
    assert header.name_label.text() == "Jade Carter (Jay)"
    assert "Significant (17)" in header.risk_label.text()
    assert "escalated" in header.trend_label.text()
    assert header.fields["age"].text() == "15 · 14 Mar 2011"
    assert header.fields["social_worker"].text() == "Sam Okafor"
    assert header.fields["key_person"].text() == "Lee Walsh"
    chips = {c.text(): c.toolTip() for c in header.flag_chips}
    assert "Placed over 20 miles away" in chips
    assert "36.2 miles" in chips["Placed over 20 miles away"]
    assert not header.restricted_banner.isVisible()
    assert view.pages.currentWidget() is view.content
    assert all(p.shown for p in view.panels.values())  # type: ignore[attr-defined]
    save_screen(view, "person_header")


def test_restricted_record_shows_a_banner(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, FakePersonService(make_workspace(restricted=True)))
    view.show()
    view.reload()
    assert view.header.restricted_banner.isVisible()
    assert "RESTRICTED" in view.header.restricted_banner.text()


def test_initials_only_asks_for_break_glass(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, FakePersonService(RestrictedRecord("Restricted: use break-glass")))
    view.show()
    with qtbot.waitSignal(view.sig_restricted) as signal:
        view.reload()
    assert signal.args == [42]
    assert view.pages.currentWidget() is view.message_page
    assert "break-glass" in view.error_label.text()
    assert not view.retry_button.isVisible()  # trying again cannot help


def test_a_failed_first_load_offers_retry(qtbot) -> None:  # type: ignore[no-untyped-def]
    service = FakePersonService(Unavailable("The database could not be reached"))
    view = make_view(qtbot, service)
    view.show()
    view.reload()
    assert view.retry_button.isVisible()
    assert "could not be reached" in view.error_label.text()
    service.result = make_workspace()
    view.retry_button.click()
    assert view.pages.currentWidget() is view.content


def test_a_failed_refresh_keeps_what_was_loaded(qtbot) -> None:  # type: ignore[no-untyped-def]
    service = FakePersonService(make_workspace())
    view = make_view(qtbot, service)
    view.show()
    view.reload()
    service.result = Unavailable("The database could not be reached")
    view.reload()
    assert view.pages.currentWidget() is view.content
    assert "Not refreshed" in view.status_label.text()
    assert view.header.name_label.text() == "Jade Carter (Jay)"


def test_changes_for_this_person_reload_it_others_do_not(qtbot) -> None:  # type: ignore[no-untyped-def]
    service = FakePersonService(make_workspace())
    view = make_view(qtbot, service)
    view.reload()
    view.apply_changes(Changes(frozenset({7}), frozenset({"contact"})))
    assert service.calls == 1
    service.result = replace(make_workspace(entries=3))
    view.apply_changes(Changes(frozenset({42}), frozenset({"contact"})))
    assert service.calls == 2
    panel = view.panels["chronology"]
    assert panel.label.text() == "4 lines"  # type: ignore[attr-defined]


def test_a_panel_save_is_passed_on(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, FakePersonService(make_workspace()))
    view.reload()
    changes = Changes(frozenset({42}), frozenset({"chronology"}))
    with qtbot.waitSignal(view.sig_saved) as signal:
        view.panels["chronology"].sig_saved.emit(changes)  # type: ignore[attr-defined]
    assert signal.args == [changes]


def test_loads_through_the_real_worker(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, FakePersonService(make_workspace()), inline=False)
    view.show()
    with qtbot.waitSignal(view.sig_loaded, timeout=5000):
        view.reload()
    assert view.header.name_label.text() == "Jade Carter (Jay)"
    view._test_runner.wait_idle(2.0)  # type: ignore[attr-defined]


def test_who_viewed_is_for_managers_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, FakePersonService(make_workspace()), viewers=True)
    view.show()
    view.reload()
    with qtbot.waitSignal(view.sig_who_viewed) as signal:
        view.who_viewed_button.click()
    assert signal.args == [42, "Jade Carter (Jay)"]
    other = make_view(qtbot, FakePersonService(make_workspace()))
    other.show()
    assert not other.who_viewed_button.isVisible()


def test_denied_shows_the_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, FakePersonService(PermissionDenied("Not in your caseload")))
    view.show()
    view.reload()
    assert view.error_label.text() == "Not in your caseload"


def test_the_real_panels_in_the_main_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Opening a young person from the caseload shows all six panels, each filled."""
    from desktop.app import create_application
    from desktop.views.main_window import MainWindow
    from desktop.views.person.panels import default_panels
    from tests.views.fake_workspace import FakeRecording
    from tests.views.fakes import FakeCaseloadService, FakePersonService, sample_rows

    create_application()
    runner = TaskRunner()
    window = MainWindow(
        runner=runner,
        caseload_service=FakeCaseloadService(sample_rows(20)),
        actor=ACTOR,
        database_label="demo.db (SQLite)",
        person_service=FakePersonService(make_workspace()),
        panels=default_panels(FakeRecording()),
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    view = window.open_person(42, "Jade Carter (Jay)")
    assert view is not None
    qtbot.waitUntil(lambda: view.workspace is not None, timeout=5000)
    assert window.workspace_tabs is not None
    assert window.workspace_tabs.tabText(1) == "Jade Carter (Jay)"
    assert [view.tabs.tabText(i).split(" ", 1)[1] for i in range(view.tabs.count())] == [
        "Chronology",
        "Risk",
        "Key-person contacts",
        "Placements",
        "Missing",
        "Associates and contexts",
    ]
    view.show_panel("risk")
    qtbot.wait(50)
    save_screen(window, "person_window_risk")
    # Opening the same young person again brings their tab forward, not a second copy.
    assert window.open_person(42) is view and window.workspace_tabs.count() == 2
    view.show_linked("placement", 3)
    assert view.tabs.currentWidget() is view.panels["placements"]
    runner.cancel_all()
    runner.wait_idle(5.0)
