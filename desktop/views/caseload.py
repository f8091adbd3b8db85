"""The caseload panel: search, filters, the young-people table, loading and error states."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop import resources
from desktop.domain.actor import Actor
from desktop.domain.enums import FlagCode, RiskCategory
from desktop.domain.errors import ServiceError
from desktop.domain.records import CaseloadRow
from desktop.interfaces import CaseloadApi
from desktop.models.caseload import CaseloadFilter, CaseloadTableModel, Column
from desktop.tasks import TaskRunner
from desktop.views.widgets.delegates import BadgeDelegate
from desktop.views.widgets.tables import RecordTable

#: TaskRunner key of the caseload load (a new reload supersedes a running one).
LOAD_KEY = "caseload.load"
#: TaskRunner key of a live refresh of some rows (a newer one asks for the union of ids).
ROWS_KEY = "caseload.rows"

#: Risk filter choices: settings key → categories shown (None = not assessed).
RISK_FILTERS: dict[str, frozenset[RiskCategory | None]] = {
    "": frozenset(),
    "moderate_plus": frozenset({RiskCategory.MODERATE, RiskCategory.SIGNIFICANT}),
    **{c.code: frozenset({c}) for c in sorted(RiskCategory, key=lambda c: -c.value)},
    "not_assessed": frozenset({None}),
}


class CaseloadView(QWidget):
    """Caseload panel. ``reload()`` loads through the runner; the table never blocks the GUI."""

    #: Rows are in the model (argument: how many young people were loaded).
    sig_loaded = Signal(int)
    #: Loading failed; argument: the message shown in the banner.
    sig_load_failed = Signal(str)
    #: True when a load starts, False when it ends (either way).
    sig_loading = Signal(bool)
    #: Progress of a running load: done, total, message.
    sig_progress = Signal(int, int, str)
    #: The user asked to open a young person's record (Enter or double-click).
    sig_open_requested = Signal(int)
    #: Some rows were refreshed in place (argument: how many young people were asked about).
    sig_rows_updated = Signal(int)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        caseload_service: CaseloadApi,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseloadView")
        self._runner = runner
        self._service = caseload_service
        self._actor = actor
        self._loading = False
        self._loaded_once = False
        self._current_id: int | None = None
        self._pending_filters: tuple[str, str, str] | None = None
        self._context_actions: list[QAction] = []
        self._stale = False
        self._loaded_at = ""
        #: Young people changed elsewhere whose rows still need fetching.
        self._pending_ids: set[int] = set()

        self.model = CaseloadTableModel(self)
        self._build()
        self._connect()

    # -- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("caseloadSearch")
        self.search_edit.setPlaceholderText(self.tr("Search by name (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(
            resources.icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search_edit.setAccessibleName(self.tr("Search caseload by name"))
        self.search_edit.setAccessibleDescription(
            self.tr(
                "Type part of a name; the table filters as you type. Down arrow moves to the table."
            )
        )
        self.search_edit.setMinimumWidth(210)
        self.search_edit.installEventFilter(self)

        self.risk_combo = self._combo("caseloadRiskFilter", self.tr("Filter by risk category"))
        labels = {
            "": self.tr("All risk categories"),
            "moderate_plus": self.tr("Moderate or significant"),
            "not_assessed": self.tr("Not assessed"),
        }
        for key in RISK_FILTERS:
            if key in labels:
                self.risk_combo.addItem(labels[key], key)
            else:
                category = RiskCategory.from_code(key)
                icon = self.model._swatch(category)
                self.risk_combo.addItem(icon, self.tr(category.label), key)

        self.risk_combo.setMinimumContentsLength(17)

        self.flag_combo = self._combo("caseloadFlagFilter", self.tr("Filter by flag"))
        self.flag_combo.addItem(self.tr("All flags"), "")
        self.flag_combo.setMinimumContentsLength(14)

        self.worker_combo = self._combo(
            "caseloadWorkerFilter", self.tr("Filter by allocated worker")
        )
        self.worker_combo.addItem(self.tr("All workers"), "")
        self.worker_combo.setMinimumContentsLength(12)

        self.clear_button = QPushButton(
            resources.icon("clear-filters"), self.tr("C&lear filters"), self
        )
        self.clear_button.setObjectName("caseloadClearFilters")
        self.clear_button.setAccessibleName(self.tr("Clear search and filters"))

        self.count_label = QLabel(self)
        self.count_label.setObjectName("caseloadCount")
        self.count_label.setAccessibleName(self.tr("Caseload count"))
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.search_edit, 4)
        for text, combo in (
            (self.tr("&Risk:"), self.risk_combo),
            (self.tr("Fla&g:"), self.flag_combo),
            (self.tr("&Worker:"), self.worker_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(combo)
            bar.addSpacing(6)
            bar.addWidget(label)
            bar.addWidget(combo, 1)
        bar.addWidget(self.clear_button)
        bar.addStretch(0)
        bar.addWidget(self.count_label)

        self.banner = QFrame(self)
        self.banner.setObjectName("errorBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setObjectName("errorBannerText")
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner_label.setAccessibleName(self.tr("Error message"))
        self.retry_button = QPushButton(self.tr("&Try again"), self.banner)
        self.retry_button.setObjectName("errorBannerRetry")
        self.retry_button.setAccessibleName(self.tr("Try loading the caseload again"))
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(12, 8, 12, 8)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.retry_button)
        self.banner.hide()

        self.table = RecordTable(
            self,
            name="caseloadTable",
            accessible=self.tr("Caseload"),
            description=self.tr(
                "Young people on the caseload. Press Enter to open the selected record."
            ),
            row_padding=14,
        )
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(Column.STATUS, BadgeDelegate(self.table))
        fm = QFontMetrics(self.table.font())
        header = self.table.horizontalHeader()
        header.setSortIndicator(Column.RISK, Qt.SortOrder.DescendingOrder)
        char = fm.horizontalAdvance("n")
        widths = {
            Column.NAME: 24,
            Column.AGE: 6,
            Column.RISK: 17,
            Column.STATUS: 13,
            Column.WORKER: 20,
            Column.KEY_PERSON: 20,
            Column.LAST_CONTACT: 16,
        }
        for column, chars in widths.items():
            header.resizeSection(column, char * chars + 24)
        self.table.setSortingEnabled(True)  # header clicks call model.sort: a Python sort

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)

        self.setTabOrder(self.search_edit, self.risk_combo)
        self.setTabOrder(self.risk_combo, self.flag_combo)
        self.setTabOrder(self.flag_combo, self.worker_combo)
        self.setTabOrder(self.worker_combo, self.clear_button)
        self.setTabOrder(self.clear_button, self.table)
        self._update_count()

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.view().setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        return combo

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(self._on_filters_changed)
        for combo in (self.risk_combo, self.flag_combo, self.worker_combo):
            combo.currentIndexChanged.connect(self._on_filters_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.retry_button.clicked.connect(self.reload)
        self.table.sig_activated.connect(self._on_table_activated)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)
        self.table.sig_context_menu.connect(self._on_table_context_menu)
        menu_key = QShortcut(QKeySequence("Shift+F10"), self.table)
        menu_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        menu_key.activated.connect(self.table.request_keyboard_context_menu)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.search_edit.clear)

    # -- public API ---------------------------------------------------------------------------

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def is_stale(self) -> bool:
        return self._stale

    def set_stale(self, stale: bool) -> None:
        """Mark the rows shown as possibly out of date (the connection was lost) until reloaded."""
        stale = stale and self._loaded_once  # nothing shown, nothing stale
        if stale != self._stale:
            self._stale = stale
            self.count_label.setProperty("stale", stale)
            self.count_label.style().unpolish(self.count_label)
            self.count_label.style().polish(self.count_label)
        self._update_count()

    def refresh_rows(self, young_person_ids: Iterable[int]) -> None:
        """Someone changed these young people: fetch only their rows and update them in place."""
        self._pending_ids.update(young_person_ids)
        if self._loading or not self._loaded_once or not self._pending_ids:
            return  # the running load covers them, or they are fetched when it ends
        ids = frozenset(self._pending_ids)
        service, actor = self._service, self._actor
        self._runner.submit(
            lambda _progress: service.rows(actor, ids),
            on_done=lambda rows: self._on_rows_refreshed(ids, rows),
            on_error=self._on_rows_refresh_error,
            key=ROWS_KEY,  # a newer refresh asks for the union, so dropping this one is safe
        )

    def update_rows(
        self, rows: Iterable[CaseloadRow], young_person_ids: Iterable[int] = ()
    ) -> None:
        """Replace these rows in place; ids asked about but not in ``rows`` leave the list."""
        self.model.update_rows(rows, young_person_ids)
        self._populate_choices(list(self.model.all_rows()))
        self._update_count()

    def reload(self) -> None:
        """Load the caseload on a worker; a reload while one is running supersedes it."""
        self._pending_ids.clear()  # the full load reads them all
        self._runner.cancel(ROWS_KEY)
        self._loading = True
        self.banner.hide()
        self.count_label.setText(self.tr("Loading caseload…"))
        self.sig_loading.emit(True)
        service, actor = self._service, self._actor
        self._runner.submit(
            lambda progress: service.load(actor, progress),
            on_done=self._on_rows_loaded,
            on_error=self._on_load_error,
            on_progress=self.sig_progress.emit,
            key=LOAD_KEY,
        )

    def set_actor(self, actor: Actor) -> None:
        """Use this actor from the next reload on (e.g. one carrying a break-glass grant)."""
        self._actor = actor

    def set_context_actions(self, actions: list[QAction]) -> None:
        """Actions offered by the row context menu; they act on the selected row."""
        self._context_actions = list(actions)

    def context_menu(self) -> QMenu:
        menu = QMenu(self.table)
        menu.setObjectName("caseloadContextMenu")
        menu.setAccessibleName(self.tr("Young person actions"))
        for action in self._context_actions:
            if action.isVisible():
                menu.addAction(action)
        return menu

    def open_selected(self) -> None:
        """Ask to open the selected young person (as Enter does)."""
        self._on_table_activated(self.table.currentIndex())

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def clear_filters(self) -> None:
        self._set_filters_silently("", "", "", text="")
        self._on_filters_changed()

    def current_filter(self) -> CaseloadFilter:
        flag = self.flag_combo.currentData() or None
        return CaseloadFilter(
            text=self.search_edit.text(),
            categories=RISK_FILTERS.get(self.risk_combo.currentData() or "", frozenset()),
            flag=FlagCode(flag) if flag else None,
            worker=self.worker_combo.currentData() or None,
        )

    def filter_keys(self) -> tuple[str, str, str]:
        """(risk, flag, worker) keys of the combo filters, for settings."""
        return (
            self.risk_combo.currentData() or "",
            self.flag_combo.currentData() or "",
            self.worker_combo.currentData() or "",
        )

    def restore_filters(self, risk: str, flag: str, worker: str) -> None:
        """Select saved filters; flag and worker choices exist once rows have loaded."""
        self._pending_filters = (risk, flag, worker)
        if self._loaded_once:
            self._apply_pending_filters()

    def selected_row(self) -> CaseloadRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # -- slots ---------------------------------------------------------------------------------

    def _on_rows_loaded(self, rows: list[CaseloadRow]) -> None:
        self._loading = False
        self._populate_choices(rows)
        self.model.set_rows(rows)
        self._loaded_at = QDateTime.currentDateTime().toString("HH:mm")
        if not self._loaded_once:
            self._loaded_once = True
            self._apply_pending_filters()
        self.set_stale(False)
        self.sig_loading.emit(False)
        self.sig_loaded.emit(len(rows))
        if self._pending_ids:
            self.refresh_rows(())  # changes heard while the load was running

    def _on_rows_refreshed(self, ids: frozenset[int], rows: list[CaseloadRow]) -> None:
        self._pending_ids.difference_update(ids)
        self.update_rows(rows, ids)
        self.sig_rows_updated.emit(len(ids))

    def _on_rows_refresh_error(self, error: BaseException) -> None:
        # The ids stay pending; the reload after a reconnect (or F5) fetches everything.
        self.set_stale(True)

    def _on_load_error(self, error: BaseException) -> None:
        self._loading = False
        if isinstance(error, ServiceError):
            message = self.tr("The caseload could not be loaded: {reason}").format(reason=error)
        else:
            message = self.tr(
                "The caseload could not be loaded because of an unexpected error ({kind}). "
                "The details have been written to the log."
            ).format(kind=type(error).__name__)
        self.banner_label.setText(message)
        self.banner.show()
        self.set_stale(True)  # what is still shown is from the last load
        self.sig_loading.emit(False)
        self.sig_load_failed.emit(message)

    def _on_filters_changed(self, *_: Any) -> None:
        self.model.apply(self.current_filter())
        self._update_count()

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open_requested.emit(self.model.row_at(index.row()).id)

    def _on_table_context_menu(self, index: QModelIndex, global_pos: QPoint) -> None:
        if not index.isValid() or not self._context_actions:
            return
        menu = self.context_menu()
        menu.exec(global_pos)
        menu.deleteLater()

    def _on_model_about_to_be_reset(self) -> None:
        row = self.selected_row()
        self._current_id = row.id if row is not None else None

    def _on_model_reset(self) -> None:
        if self._current_id is None:
            return
        row = self.model.row_of_id(self._current_id)
        if row >= 0:
            self.table.selectRow(row)

    # -- helpers --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount() > 0
        ):
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _populate_choices(self, rows: list[CaseloadRow]) -> None:
        flags: dict[FlagCode, str] = {}
        workers: set[str] = set()
        for row in rows:
            workers.add(row.social_worker)
            for flag in row.flags:
                flags.setdefault(flag.code, flag.label)
        self._refill(
            self.flag_combo,
            [(resources.icon(code.value), label, code.value) for code, label in flags.items()],
        )
        self._refill(self.worker_combo, [(None, w, w) for w in workers if w])

    def _refill(self, combo: QComboBox, items: list[tuple[Any, str, str]]) -> None:
        current = combo.currentData() or ""
        combo.blockSignals(True)
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            for icon, label, key in sorted(items, key=lambda item: item[1].casefold()):
                if icon is None:
                    combo.addItem(label, key)
                else:
                    combo.addItem(icon, label, key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        finally:
            combo.blockSignals(False)
        if (combo.currentData() or "") != current:
            self._on_filters_changed()

    def _apply_pending_filters(self) -> None:
        if self._pending_filters is None:
            return
        risk, flag, worker = self._pending_filters
        self._pending_filters = None
        self._set_filters_silently(risk, flag, worker)
        self._on_filters_changed()

    def _set_filters_silently(
        self, risk: str, flag: str, worker: str, text: str | None = None
    ) -> None:
        widgets: list[QWidget] = [
            self.search_edit,
            self.risk_combo,
            self.flag_combo,
            self.worker_combo,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if text is not None:
                self.search_edit.setText(text)
            for combo, key in (
                (self.risk_combo, risk),
                (self.flag_combo, flag),
                (self.worker_combo, worker),
            ):
                combo.setCurrentIndex(max(0, combo.findData(key)))
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def _update_count(self) -> None:
        if self._loading:
            return
        total, shown = self.model.total_count, self.model.visible_count
        if not self._loaded_once:
            text = ""
        elif total == 0:
            text = self.tr("No young people on this caseload")
        else:
            text = self.tr("Showing {shown} of {total} young people").format(
                shown=f"{shown:,}", total=f"{total:,}"
            )
        tip = ""
        if self._stale and self._loaded_once:
            text += "\n" + self.tr("Out of date: loaded {time}").format(time=self._loaded_at)
            tip = self.tr(
                "Loaded at {time}. The caseload could not be read since, so it may be out of "
                "date; it reloads once the database can be reached."
            ).format(time=self._loaded_at)
        self.count_label.setText(text)
        # the combos give way rather than the count (which says whether the rows are current)
        self.count_label.setMinimumWidth(self.count_label.sizeHint().width())
        self.count_label.setToolTip(tip)
        self.count_label.setAccessibleDescription(tip)
