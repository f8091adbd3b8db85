"""The caseload screen driven like a user, through the real TaskRunner worker thread."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

from desktop.app import create_application
from desktop.domain.enums import FlagCode, RiskCategory
from desktop.models.caseload import Column
from desktop.tasks import TaskRunner
from desktop.views.caseload import CaseloadView
from desktop.views.main_window import MainWindow
from tests.views.fake_workspace import make_workspace
from tests.views.fakes import (
    ACTOR,
    OFFSCREEN_LOG_IGNORE,
    FailingCaseloadService,
    FakeCaseloadService,
    FakePersonService,
    sample_rows,
)

pytestmark = OFFSCREEN_LOG_IGNORE

REPO_ROOT = Path(__file__).resolve().parents[2]


def make_window(
    qtbot, service: FakeCaseloadService, settings: QSettings | None = None
) -> MainWindow:
    create_application()  # the real style sheet and icon search paths
    runner = TaskRunner()
    window = MainWindow(
        runner=runner,
        caseload_service=service,
        actor=ACTOR,
        database_label="caseboard.db (SQLite)",
        settings=settings,
        person_service=FakePersonService(make_workspace()),
        panels=list,  # the shell only: panels have their own tests
    )
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def service() -> FakeCaseloadService:
    return FakeCaseloadService(sample_rows(60))


@pytest.fixture
def window(qtbot, service: FakeCaseloadService, ui_settings: QSettings) -> Iterator[MainWindow]:
    window = make_window(qtbot, service, ui_settings)
    with qtbot.waitSignal(window.caseload.sig_loaded, timeout=5000):
        window.caseload.reload()
    yield window
    window._runner.cancel_all()
    window._runner.wait_idle(5.0)


@pytest.fixture
def view(window: MainWindow) -> CaseloadView:
    return window.caseload


def visible(view: CaseloadView) -> list:
    return [view.model.row_at(i) for i in range(view.model.rowCount())]


def test_loads_on_worker_thread(
    view: CaseloadView, service: FakeCaseloadService, window: MainWindow
) -> None:
    assert service.load_threads and service.load_threads[0] is not threading.main_thread()
    assert view.model.rowCount() == 60
    assert view.count_label.text() == "Showing 60 of 60 young people"
    assert window.windowTitle() == "Caseboard — caseboard.db (SQLite)"
    assert window.database_label.text() == "Database: caseboard.db (SQLite)"
    assert window.user_label.text() == "Signed in: Priya Shah (Social worker)"
    assert window.marking_label.text() == "OFFICIAL-SENSITIVE" and window.marking_label.isVisible()
    assert not window.progress_bar.isVisible()
    # Default order: most at risk first.
    risks = [r.risk_category.value if r.risk_category else -1 for r in visible(view)]
    assert risks == sorted(risks, reverse=True)


def test_search_as_you_type_shrinks_rows(qtbot, view: CaseloadView) -> None:
    qtbot.keyClicks(view.search_edit, "ol")
    shown = visible(view)
    assert 0 < len(shown) < 60
    assert all("ol" in r.display_name.lower() for r in shown)
    qtbot.keyClicks(view.search_edit, "ivia w")
    assert [r.display_name for r in visible(view)] == ["Olivia Walsh"]
    assert view.count_label.text() == "Showing 1 of 60 young people"
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Escape)
    assert view.search_edit.text() == "" and view.model.rowCount() == 60


def test_filter_combos(qtbot, view: CaseloadView) -> None:
    view.risk_combo.setCurrentIndex(view.risk_combo.findData("significant"))
    shown = visible(view)
    assert shown and all(r.risk_category is RiskCategory.SIGNIFICANT for r in shown)
    view.risk_combo.setCurrentIndex(view.risk_combo.findData("moderate_plus"))
    assert {r.risk_category for r in visible(view)} == {
        RiskCategory.MODERATE,
        RiskCategory.SIGNIFICANT,
    }
    view.risk_combo.setCurrentIndex(0)

    # Flag choices come from the loaded rows, labelled by the domain.
    flag_index = view.flag_combo.findData(FlagCode.CONTACT_GAP.value)
    assert view.flag_combo.itemText(flag_index) == "Contact gap"
    view.flag_combo.setCurrentIndex(flag_index)
    shown = visible(view)
    assert shown and all(any(f.code is FlagCode.CONTACT_GAP for f in r.flags) for r in shown)

    view.flag_combo.setCurrentIndex(0)
    workers = [view.worker_combo.itemText(i) for i in range(1, view.worker_combo.count())]
    assert workers == sorted({r.social_worker for r in view.model.all_rows()})
    view.worker_combo.setCurrentIndex(view.worker_combo.findData("Alex Moore"))
    assert {r.social_worker for r in visible(view)} == {"Alex Moore"}
    assert view.model.rowCount() == 12

    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 60 and view.worker_combo.currentIndex() == 0


def test_header_click_sorts(qtbot, view: CaseloadView) -> None:
    header = view.table.horizontalHeader()

    def click(column: Column) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )

    click(Column.NAME)
    names = [r.display_name.casefold() for r in visible(view)]
    first_order = header.sortIndicatorOrder()
    assert names == sorted(names, reverse=first_order == Qt.SortOrder.DescendingOrder)
    click(Column.NAME)
    assert [r.display_name.casefold() for r in visible(view)] == names[::-1]

    click(Column.LAST_CONTACT)
    days = [
        r.days_since_contact if r.days_since_contact is not None else 10**9 for r in visible(view)
    ]
    assert days == sorted(days, reverse=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)


def test_selection_survives_filtering_and_sorting(qtbot, view: CaseloadView) -> None:
    view.table.selectRow(5)
    chosen = view.selected_row()
    assert chosen is not None
    view.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert view.selected_row() == chosen
    qtbot.keyClicks(view.search_edit, chosen.display_name[:3])
    assert view.selected_row() == chosen


def test_enter_and_double_click_request_open(qtbot, view: CaseloadView, window: MainWindow) -> None:
    view.search_edit.setFocus()
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Down)  # Down moves from search into the table
    assert view.table.currentIndex().row() == 0
    expected = view.model.row_at(0)
    with qtbot.waitSignal(view.sig_open_requested, timeout=1000) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [expected.id]
    opened = window.current_person_view()
    assert opened is not None and opened.young_person_id == expected.id
    assert window.workspace_tabs is not None and window.workspace_tabs.count() == 2
    window.close_record_action.trigger()  # Ctrl+W
    assert window.workspace_tabs.count() == 1 and window.current_person_view() is None

    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    second = view.model.row_at(1)
    rect = view.table.visualRect(view.model.index(1, Column.NAME))
    # QTest's double-click needs the preceding press for the view to know the pressed index.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.sig_open_requested, timeout=1000) as blocker:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [second.id]


def test_find_action_focuses_search(qtbot, window: MainWindow) -> None:
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    assert window.refresh_action.shortcut().toString() == "F5"
    window.caseload.table.setFocus()
    window.find_action.trigger()
    qtbot.waitUntil(lambda: window.caseload.search_edit.hasFocus(), timeout=1000)


def test_refresh_reloads_through_runner(
    qtbot, window: MainWindow, service: FakeCaseloadService
) -> None:
    service.rows = service.rows[:10]
    with qtbot.waitSignal(window.caseload.sig_loaded, timeout=5000) as blocker:
        window.refresh_action.trigger()
    assert blocker.args == [10]
    assert window.caseload.count_label.text() == "Showing 10 of 10 young people"
    assert len(service.load_threads) == 2


def test_load_error_shows_banner(qtbot) -> None:
    window = make_window(qtbot, FailingCaseloadService())
    view = window.caseload
    with qtbot.waitSignal(view.sig_load_failed, timeout=5000) as blocker:
        view.reload()
    assert "did not answer" in blocker.args[0]
    assert view.banner.isVisible()
    assert view.banner_label.text() == (
        "The caseload could not be loaded: the database server did not answer. "
        "Check your network connection."
    )
    assert window.statusBar().currentMessage() == "Caseload not loaded"
    assert view.model.rowCount() == 0 and not window.progress_bar.isVisible()
    window.grab().save(str(_artifact_dir(None) / "caseload-error.png")) if _artifact_dir(
        None
    ) else None


def test_export_runs_through_service(
    qtbot, window: MainWindow, service: FakeCaseloadService, tmp_path: Path
) -> None:
    window.export_caseload(tmp_path / "caseload")
    qtbot.waitUntil(lambda: window.export_action.isEnabled(), timeout=5000)
    assert service.exported == [tmp_path / "caseload.csv"]
    assert "exported" in window.statusBar().currentMessage()


def test_filters_and_sort_are_remembered(
    qtbot, window: MainWindow, ui_settings: QSettings, service
) -> None:
    view = window.caseload
    view.risk_combo.setCurrentIndex(view.risk_combo.findData("moderate_plus"))
    view.worker_combo.setCurrentIndex(view.worker_combo.findData("Priya Shah"))
    view.table.sortByColumn(Column.AGE, Qt.SortOrder.AscendingOrder)
    window.close()

    again = make_window(qtbot, service, ui_settings)
    with qtbot.waitSignal(again.caseload.sig_loaded, timeout=5000):
        again.caseload.reload()
    assert again.caseload.filter_keys() == ("moderate_plus", "", "Priya Shah")
    shown = visible(again.caseload)
    assert shown and all(r.social_worker == "Priya Shah" for r in shown)
    assert again.caseload.model.sort_column == Column.AGE
    again.close()


def test_twenty_thousand_rows_filter_and_sort_without_a_proxy(
    qtbot, service: FakeCaseloadService
) -> None:
    """20,000 rows filter as you type (timing is benchmarks/, not a unit test's business)."""
    base = sample_rows(60)
    service.rows = [replace(base[i % 60], id=i + 1) for i in range(20_000)]
    window = make_window(qtbot, service)
    view = window.caseload
    with qtbot.waitSignal(view.sig_loaded, timeout=10000):
        view.reload()
    qtbot.keyClick(view.search_edit, "o")
    matching = sum("o" in r.display_name.lower() for r in service.rows)
    assert 0 < matching < 20_000
    assert view.model.rowCount() == matching
    assert view.count_label.text().startswith(f"Showing {matching:,} of 20,000")


def _artifact_dir(tmp_path: Path | None) -> Path | None:
    screens = REPO_ROOT / "artifacts" / "screens"
    try:
        screens.mkdir(parents=True, exist_ok=True)
    except OSError:
        return tmp_path
    return screens


def test_screenshot_of_caseload(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.resize(1366, 768)
    qtbot.wait(20)
    local = tmp_path / "caseload.png"
    assert window.grab().save(str(local))
    assert local.stat().st_size > 10_000
    screens = _artifact_dir(None)
    if screens is not None:
        assert window.grab().save(str(screens / "caseload.png"))
        window.caseload.risk_combo.setCurrentIndex(
            window.caseload.risk_combo.findData("significant")
        )
        qtbot.keyClicks(window.caseload.search_edit, "a")
        assert window.grab().save(str(screens / "caseload-filtered.png"))


# run_gui owns the process (QApplication.exec, exit code): run it in a child process, as the CLI
# will, instead of inside pytest-qt's shared QApplication.
_SCREENSHOT_SCRIPT = """
import sys
from pathlib import Path
from desktop.app import AppServices, run_gui
from tests.views.fakes import ACTOR, FailingCaseloadService, FakeAuthService, FakeCaseloadService, sample_rows
service = FailingCaseloadService() if sys.argv[2] == "fail" else FakeCaseloadService(sample_rows(60))
services = AppServices(caseload=service, auth=FakeAuthService(), admin=None, access=None,
                       audit_viewer=None)
sys.exit(run_gui(services=services, preset_actor=ACTOR, database_label="demo", demo=False,
                 screenshot=Path(sys.argv[1])))
"""


def _run_screenshot(target: Path, mode: str = "ok") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-c", _SCREENSHOT_SCRIPT, str(target), mode],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_gui_screenshot_mode(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "shot.png"
    result = _run_screenshot(target)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_gui_screenshot_unwritable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = _run_screenshot(blocker / "x.png")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("caseboard: cannot create")


def test_run_gui_screenshot_load_error(tmp_path: Path) -> None:
    result = _run_screenshot(tmp_path / "y.png", mode="fail")
    assert result.returncode == 1
    assert "did not answer" in result.stderr.strip().splitlines()[-1]
    assert not (tmp_path / "y.png").exists()
