"""The young person screen: header, then one tab per panel, loaded off the UI thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.commands import Changes
from desktop.domain.dates import format_datetime
from desktop.domain.errors import PermissionDenied, RestrictedRecord
from desktop.domain.workspace import PersonWorkspace
from desktop.interfaces import PersonApi
from desktop.tasks import TaskRunner
from desktop.views.person.header import PersonHeaderView
from desktop.views.widgets.forms import busy_bar, error_label, message_of, show_error

#: Builds one panel: (runner, actor getter) -> a widget with show_workspace() and sig_saved.
PanelFactory = Callable[[TaskRunner, Callable[[], Actor]], QWidget]


@dataclass(frozen=True, slots=True)
class PanelSpec:
    key: str  # "chronology", "risk", "contacts", "placements", "missing", "associates"
    title: str
    factory: PanelFactory


#: Which tab shows a record of each linked kind (chronology "Go to record").
LINKED_TAB = {
    "assessment": "risk",
    "placement": "placements",
    "missing": "missing",
    "return_interview": "missing",
    "contact": "contacts",
}


class PersonView(QWidget):
    """One young person's workspace. ``reload`` fetches it; every panel then shows it."""

    #: The workspace is shown (argument: PersonWorkspace).
    sig_loaded = Signal(object)
    #: Loading failed (argument: the message shown).
    sig_load_failed = Signal(str)
    #: A panel saved something (argument: Changes) — the main window broadcasts it.
    sig_saved = Signal(object)
    #: The record is restricted and needs break-glass (argument: young person id).
    sig_restricted = Signal(int)
    #: Open another young person (from "other young people sharing this context").
    sig_open_person = Signal(int)
    #: Managers: show who viewed this young person.
    sig_who_viewed = Signal(int, str)
    #: Print or save this young person's case summary (arguments: id, name).
    sig_print_requested = Signal(int, str)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        person_service: PersonApi,
        young_person_id: int,
        actor: Callable[[], Actor],
        panels: Sequence[PanelSpec],
        can_see_viewers: bool = False,
        can_print: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personView")
        self._runner = runner
        self._service = person_service
        self._actor = actor
        self.young_person_id = young_person_id
        self.workspace: PersonWorkspace | None = None
        self._load_key = f"person.{young_person_id}.load"

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)

        bar = QHBoxLayout()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("personStatus")
        self.status_label.setAccessibleName(self.tr("Record status"))
        bar.addWidget(self.status_label, 1)
        self.who_viewed_button = QPushButton(self.tr("Who &viewed…"), self)
        self.who_viewed_button.setObjectName("whoViewedButton")
        self.who_viewed_button.setAccessibleName(self.tr("Who viewed this young person"))
        self.who_viewed_button.setVisible(can_see_viewers)
        self.who_viewed_button.clicked.connect(self._on_who_viewed_clicked)
        bar.addWidget(self.who_viewed_button)
        self.print_button = QPushButton(self.tr("&Print case summary…"), self)
        self.print_button.setObjectName("printSummaryButton")
        self.print_button.setAccessibleName(
            self.tr("Print or save this young person's case summary")
        )
        self.print_button.setVisible(can_print)
        self.print_button.setEnabled(False)  # until the record has loaded
        self.print_button.clicked.connect(self._on_print_clicked)
        bar.addWidget(self.print_button)
        self.refresh_button = QPushButton(self.tr("Re&fresh"), self)
        self.refresh_button.setObjectName("personRefreshButton")
        self.refresh_button.setAccessibleName(self.tr("Refresh this young person"))
        self.refresh_button.clicked.connect(self.reload)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)
        self.busy = busy_bar(self, self.tr("Loading the young person's record"))
        layout.addWidget(self.busy)

        self.pages = QStackedWidget(self)
        # page 0: loading / error message
        self.message_page = QWidget(self)
        message_layout = QVBoxLayout(self.message_page)
        message_layout.addStretch(1)
        self.message_label = QLabel(self.tr("Loading…"), self.message_page)
        self.message_label.setObjectName("personMessage")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Loading message"))
        message_layout.addWidget(self.message_label)
        self.error_label = error_label(self.message_page, "personError", self.tr("Error"))
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        message_layout.addWidget(self.error_label)
        self.retry_button = QPushButton(self.tr("&Try again"), self.message_page)
        self.retry_button.setObjectName("personRetryButton")
        self.retry_button.setAccessibleName(self.tr("Try loading again"))
        self.retry_button.clicked.connect(self.reload)
        self.retry_button.hide()
        message_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        message_layout.addStretch(2)
        self.pages.addWidget(self.message_page)
        # page 1: the workspace
        self.content = QWidget(self)
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        self.header = PersonHeaderView(self.content)
        content_layout.addWidget(self.header)
        self.tabs = QTabWidget(self.content)
        self.tabs.setObjectName("personTabs")
        self.tabs.setAccessibleName(self.tr("Young person panels"))
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setAccessibleName(self.tr("Young person panels"))
        content_layout.addWidget(self.tabs, 1)
        self.pages.addWidget(self.content)
        layout.addWidget(self.pages, 1)

        self.panels: dict[str, QWidget] = {}
        for n, spec in enumerate(panels, 1):
            panel = spec.factory(runner, actor)
            panel.setParent(self.tabs)
            title = f"&{n} {spec.title}" if n < 10 else spec.title
            self.tabs.addTab(panel, title)
            self.tabs.setTabToolTip(n - 1, f"{spec.title} (Alt+{n})")
            self.panels[spec.key] = panel
            panel.sig_saved.connect(self._on_panel_saved)  # type: ignore[attr-defined]
            if hasattr(panel, "sig_open_linked"):
                panel.sig_open_linked.connect(self.show_linked)
            if hasattr(panel, "sig_export_requested"):
                panel.sig_export_requested.connect(self._on_export_requested)
            if hasattr(panel, "sig_open_person"):
                panel.sig_open_person.connect(self.sig_open_person.emit)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, self._next_tab)
        QShortcut(QKeySequence("Ctrl+PgUp"), self, self._previous_tab)

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        service, actor, yp = self._service, self._actor(), self.young_person_id
        self.busy.show()
        self.refresh_button.setEnabled(False)
        if self.workspace is None:
            self.message_label.setText(self.tr("Loading the young person's record…"))
            show_error(self.error_label, "")
            self.retry_button.hide()
            self.pages.setCurrentWidget(self.message_page)
        self._runner.submit(
            lambda progress: service.open(actor, yp, progress),
            on_done=self._on_loaded,
            on_error=self._on_load_error,
            key=self._load_key,
        )

    def _on_loaded(self, ws: PersonWorkspace) -> None:
        self.busy.hide()
        self.refresh_button.setEnabled(True)
        self.workspace = ws
        self.header.show_header(ws.header)
        for panel in self.panels.values():
            panel.show_workspace(ws)  # type: ignore[attr-defined]
        when = format_datetime(ws.loaded_at) if ws.loaded_at else ""
        self.status_label.setText(self.tr("Loaded {when}").format(when=when) if when else "")
        self.pages.setCurrentWidget(self.content)
        self.print_button.setEnabled(True)
        self.sig_loaded.emit(ws)

    def _on_load_error(self, error: BaseException) -> None:
        self.busy.hide()
        self.refresh_button.setEnabled(True)
        message = message_of(error, self.tr("The record could not be loaded (unexpected error)."))
        if self.workspace is not None:
            # Keep showing what was loaded, marked stale: losing the screen helps nobody.
            self.status_label.setText(
                self.tr("Not refreshed: {message} Showing what was loaded earlier.").format(
                    message=message
                )
            )
        else:
            self.message_label.setText(self.tr("This record could not be opened."))
            show_error(self.error_label, message)
            self.retry_button.setVisible(not isinstance(error, PermissionDenied))
            self.pages.setCurrentWidget(self.message_page)
        if isinstance(error, RestrictedRecord):
            self.sig_restricted.emit(self.young_person_id)
        self.sig_load_failed.emit(message)

    # -- panels ---------------------------------------------------------------------------------

    def show_panel(self, key: str) -> QWidget | None:
        panel = self.panels.get(key)
        if panel is not None:
            self.tabs.setCurrentWidget(panel)
        return panel

    def show_linked(self, kind: str, record_id: int) -> None:
        panel = self.show_panel(LINKED_TAB.get(kind, ""))
        if panel is not None and hasattr(panel, "select_record"):
            panel.select_record(record_id)

    def apply_changes(self, changes: Changes) -> None:
        """Another panel or window saved something about this young person: refresh."""
        if self.young_person_id in changes.young_person_ids:
            self.reload()

    def _on_panel_saved(self, changes: Changes) -> None:
        self.sig_saved.emit(changes)

    def _on_who_viewed_clicked(self) -> None:
        name = self.workspace.header.display_name if self.workspace else ""
        self.sig_who_viewed.emit(self.young_person_id, name)

    def _on_print_clicked(self) -> None:
        name = self.workspace.header.display_name if self.workspace else ""
        self.sig_print_requested.emit(self.young_person_id, name)

    def _next_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % max(1, self.tabs.count()))

    def _previous_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % max(1, self.tabs.count()))

    # -- chronology export ----------------------------------------------------------------------

    def _on_export_requested(self, filters: dict[str, Any]) -> None:
        name = self.workspace.header.reference if self.workspace else str(self.young_person_id)
        path_text, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export chronology to CSV"),
            str(Path.home() / f"chronology-{name}.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if path_text:
            self.export_chronology(Path(path_text), filters)

    def export_chronology(self, path: Path, filters: dict[str, Any]) -> None:
        if path.suffix.lower() != ".csv":
            path = path.with_suffix(".csv")
        service, actor, yp = self._service, self._actor(), self.young_person_id
        self.status_label.setText(self.tr("Exporting the chronology…"))
        self._runner.submit(
            lambda _p: service.export_chronology_csv(actor, yp, path, **filters),
            on_done=lambda count: self.status_label.setText(
                self.tr("{count} chronology entries exported to {path}").format(
                    count=count, path=path
                )
            ),
            on_error=lambda error: self.status_label.setText(
                self.tr("Chronology not exported: {message}").format(
                    message=message_of(error, self.tr("unexpected error"))
                )
            ),
            key=f"person.{yp}.export",
        )
