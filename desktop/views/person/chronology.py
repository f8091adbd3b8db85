"""The chronology tab: the young person's timeline with filters, linked records, entries, export."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import resources
from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.dates import format_datetime
from desktop.domain.enums import ChronologyCategory
from desktop.domain.workspace import ChronologyItem, PersonWorkspace
from desktop.interfaces import RecordingApi
from desktop.models.chronology import (
    ANALYSIS_COLOUR,
    ChronologyFilter,
    ChronologyTableModel,
    Column,
    category_label,
    format_event_date,
    link_label,
)
from desktop.tasks import TaskRunner
from desktop.views.person.chronology_dialog import ChronologyEntryDialog
from desktop.views.widgets.forms import qdate
from desktop.views.widgets.tables import RecordTable

#: The "no date" value of the from/to filters (shown as "Any").
_NO_DATE = QDate(1900, 1, 1)


class CheckableMenu(QMenu):
    """A menu whose checkable actions toggle without closing it (a multi-select list)."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        if (
            event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and action is not None
            and action.isCheckable()
        ):
            action.trigger()
            event.accept()
            return
        super().keyPressEvent(event)


class OptionalDateEdit(QDateEdit):
    """A date filter that can be empty ("Any"); its calendar opens on today when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self.setMinimumDate(_NO_DATE)
        self.setSpecialValueText(self.tr("Any"))
        self.setDate(_NO_DATE)

    def value(self) -> date | None:
        return None if self.date() == _NO_DATE else self.date().toPython()

    def set_value(self, value: date | None) -> None:
        self.setDate(_NO_DATE if value is None else qdate(value))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self._page_to_today()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.value() is not None:
            self.set_value(None)  # one key back to "Any"
            event.accept()
            return
        super().keyPressEvent(event)
        self._page_to_today()

    def _page_to_today(self) -> None:
        calendar = self.calendarWidget()
        if self.value() is None and calendar is not None and calendar.isVisible():
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())


class ChronologyPanel(QWidget):
    """Timeline of ``ws.chronology``: filter, read, add/edit entries, open linked records."""

    #: A save succeeded; argument: the ``Changes`` the service returned.
    sig_saved = Signal(object)
    #: Go to the record a derived entry came from: (linked_kind, linked_id).
    sig_open_linked = Signal(str, int)
    #: Export the entries the filters show; argument: ``current_filters()``.
    sig_export_requested = Signal(object)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: RecordingApi,
        actor: Callable[[], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chronologyPanel")
        self._runner = runner
        self._recording = recording
        self._actor = actor
        self._ws: PersonWorkspace | None = None
        self._current_key: str | None = None
        self._select_after_refresh: str | None = None
        self.dialog: ChronologyEntryDialog | None = None
        self.model = ChronologyTableModel(self)
        self._build()
        self._connect()
        self._update_actions()
        self._update_count()

    # -- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("chronologySearch")
        self.search_edit.setPlaceholderText(self.tr("Search entries…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(
            resources.icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search_edit.setAccessibleName(self.tr("Search the chronology"))
        self.search_edit.setAccessibleDescription(
            self.tr("The timeline filters as you type. Escape clears the search.")
        )

        self.category_menu = CheckableMenu(self)
        self.category_menu.setObjectName("chronologyCategoryMenu")
        self.category_menu.setAccessibleName(self.tr("Categories to show"))
        self.category_actions: dict[ChronologyCategory, QAction] = {}
        for category in ChronologyCategory:
            action = self.category_menu.addAction(category_label(category))
            action.setCheckable(True)
            action.setData(category.value)
            self.category_actions[category] = action
        self.category_menu.addSeparator()
        self.all_categories_action = self.category_menu.addAction(self.tr("Show all categories"))
        self.category_button = QToolButton(self)
        self.category_button.setObjectName("chronologyCategoryFilter")
        self.category_button.setAccessibleName(self.tr("Filter by category"))
        self.category_button.setMenu(self.category_menu)
        self.category_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.category_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.category_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Looks like the combos next to it, with room for the menu arrow.
        self.category_button.setStyleSheet(
            "QToolButton { background: #ffffff; color: #1b1f24; border: 1px solid #8a94a3;"
            " border-radius: 4px; padding: 4px 22px 4px 8px; }"
            "QToolButton:focus { border: 2px solid #1d5fbf; padding: 3px 21px 3px 7px; }"
            "QToolButton::menu-indicator { image: url(icons:chevron-down.svg); width: 12px;"
            " height: 12px; subcontrol-position: center right; right: 6px; }"
        )

        self.from_edit = OptionalDateEdit(self)
        self.from_edit.setObjectName("chronologyDateFrom")
        self.from_edit.setAccessibleName(self.tr("Events from (inclusive)"))
        self.from_edit.setToolTip(self.tr("Delete resets to Any"))
        self.to_edit = OptionalDateEdit(self)
        self.to_edit.setObjectName("chronologyDateTo")
        self.to_edit.setAccessibleName(self.tr("Events to (inclusive)"))
        self.to_edit.setToolTip(self.tr("Delete resets to Any"))

        self.significant_check = QCheckBox(self.tr("Si&gnificant only"), self)
        self.significant_check.setObjectName("chronologySignificantOnly")
        self.significant_check.setAccessibleName(self.tr("Show significant events only"))

        self.order_combo = QComboBox(self)
        self.order_combo.setObjectName("chronologyOrder")
        self.order_combo.setAccessibleName(self.tr("Order"))
        self.order_combo.view().setAccessibleName(self.tr("Order"))
        self.order_combo.addItem(self.tr("Newest first"), True)
        self.order_combo.addItem(self.tr("Oldest first"), False)

        self.clear_button = QPushButton(
            resources.icon("clear-filters"), self.tr("C&lear filters"), self
        )
        self.clear_button.setObjectName("chronologyClearFilters")
        self.clear_button.setAccessibleName(self.tr("Clear chronology filters"))

        self.count_label = QLabel(self)
        self.count_label.setObjectName("chronologyCount")
        self.count_label.setAccessibleName(self.tr("Chronology count"))

        self.add_button = QPushButton(self.tr("&Add entry…"), self)
        self.add_button.setObjectName("chronologyAdd")
        self.add_button.setAccessibleName(self.tr("Add a chronology entry"))
        self.edit_button = QPushButton(self.tr("&Edit entry…"), self)
        self.edit_button.setObjectName("chronologyEdit")
        self.edit_button.setAccessibleName(self.tr("Edit the selected entry"))
        self.goto_button = QPushButton(self.tr("Go to &record"), self)
        self.goto_button.setObjectName("chronologyGoTo")
        self.goto_button.setAccessibleName(self.tr("Go to the record this entry came from"))
        self.export_button = QPushButton(resources.icon("export"), self.tr("E&xport CSV…"), self)
        self.export_button.setObjectName("chronologyExport")
        self.export_button.setAccessibleName(self.tr("Export the shown entries as CSV"))

        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.search_edit, 3)
        filters.addSpacing(6)
        filters.addWidget(self.category_button)
        for text, edit in ((self.tr("&From:"), self.from_edit), (self.tr("&To:"), self.to_edit)):
            label = QLabel(text, self)
            label.setBuddy(edit)
            filters.addSpacing(6)
            filters.addWidget(label)
            filters.addWidget(edit)
        filters.addSpacing(6)
        filters.addWidget(self.significant_check)
        filters.addSpacing(6)
        order_label = QLabel(self.tr("&Order:"), self)
        order_label.setBuddy(self.order_combo)
        filters.addWidget(order_label)
        filters.addWidget(self.order_combo)
        filters.addWidget(self.clear_button)

        actions = QHBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.count_label, 1)
        for button in (self.goto_button, self.edit_button, self.add_button, self.export_button):
            actions.addWidget(button)

        self.table = RecordTable(self, stretch_last=False)
        self.table.setObjectName("chronologyTable")
        self.table.setAccessibleName(self.tr("Chronology"))
        self.table.setAccessibleDescription(
            self.tr(
                "Significant events in the young person's life. Enter opens the linked record "
                "or edits a hand-written entry; the menu key offers both."
            )
        )
        self.table.setModel(self.model)
        fm = QFontMetrics(self.table.font())
        header = self.table.horizontalHeader()
        char = fm.horizontalAdvance("n")
        widths = {
            Column.SIGNIFICANT: 1,
            Column.DATE: 12,
            Column.AGE: 3,
            Column.CATEGORY: 15,
            Column.LINK: 12,
            Column.SOURCE: 20,
        }
        for column, chars in widths.items():
            header.resizeSection(column, char * chars + 18)
        # Fact and analysis share what is left (fact alone when analysis is hidden).
        for column in (Column.DESCRIPTION, Column.ANALYSIS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("chronologyDetail")
        self.detail.setAccessibleName(self.tr("Selected entry in full"))
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(self.tr("Select an entry to read it in full."))

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("chronologySplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([480, 110])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(8)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)

        order = [
            self.search_edit,
            self.category_button,
            self.from_edit,
            self.to_edit,
            self.significant_check,
            self.order_combo,
            self.clear_button,
            self.goto_button,
            self.edit_button,
            self.add_button,
            self.export_button,
            self.table,
            self.detail,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self._update_category_button()

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(self._on_filters_changed)
        for action in self.category_actions.values():
            action.toggled.connect(self._on_category_toggled)
        self.all_categories_action.triggered.connect(self._on_all_categories)
        self.from_edit.dateChanged.connect(self._on_filters_changed)
        self.to_edit.dateChanged.connect(self._on_filters_changed)
        self.significant_check.toggled.connect(self._on_filters_changed)
        self.order_combo.currentIndexChanged.connect(self._on_order_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.goto_button.clicked.connect(self._on_goto_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.table.sig_activated.connect(self._on_table_activated)
        self.table.sig_context_menu.connect(self._on_table_context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)
        menu_key = QShortcut(QKeySequence("Shift+F10"), self.table)
        menu_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        menu_key.activated.connect(self.table.request_keyboard_context_menu)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.search_edit.clear)

    # -- public API ---------------------------------------------------------------------------

    def show_workspace(self, ws: PersonWorkspace) -> None:
        """Show ``ws``'s timeline, keeping filters, the selected entry and the scroll position."""
        self._ws = ws
        scroll = self.table.verticalScrollBar().value()
        saved, self._select_after_refresh = self._select_after_refresh, None
        self.model.set_rows(ws.chronology)  # the reset re-selects the current key
        self.table.setColumnHidden(Column.ANALYSIS, not self.model.analysis_visible)
        if saved is None or not self.select_key(saved):  # a just-saved entry is shown
            self.table.verticalScrollBar().setValue(scroll)
        self._update_count()
        if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self.table.selectRow(0)  # the detail pane shows the latest entry to begin with
        self._update_actions()
        self._show_detail(self.selected_item())

    def current_filter(self) -> ChronologyFilter:
        return ChronologyFilter(
            categories=frozenset(c for c, a in self.category_actions.items() if a.isChecked()),
            date_from=self.from_edit.value(),
            date_to=self.to_edit.value(),
            significant_only=self.significant_check.isChecked(),
            text=self.search_edit.text(),
        )

    def current_filters(self) -> dict[str, Any]:
        """{categories, date_from, date_to, significant_only, text}: what the export takes."""
        return self.current_filter().as_dict()

    def set_filter(self, filter_: ChronologyFilter) -> None:
        """Show these filters in the controls and apply them."""
        widgets: list[Any] = [self.search_edit, self.from_edit, self.to_edit]
        widgets += [self.significant_check, *self.category_actions.values()]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.search_edit.setText(filter_.text)
            self.from_edit.set_value(filter_.date_from)
            self.to_edit.set_value(filter_.date_to)
            self.significant_check.setChecked(filter_.significant_only)
            for category, action in self.category_actions.items():
                action.setChecked(category in filter_.categories)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._on_filters_changed()

    def clear_filters(self) -> None:
        self.set_filter(ChronologyFilter())

    def set_newest_first(self, newest_first: bool) -> None:
        self.order_combo.setCurrentIndex(0 if newest_first else 1)

    def selected_item(self) -> ChronologyItem | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_key(self, key: str) -> bool:
        row = self.model.row_of_key(key)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    def open_entry_dialog(self, item: ChronologyItem | None = None) -> ChronologyEntryDialog | None:
        """Open the entry form (empty for a new entry); None when this viewer may not record."""
        ws = self._ws
        if ws is None or not self._can_record() or (item is not None and not self._editable(item)):
            return None
        dialog = ChronologyEntryDialog(
            runner=self._runner,
            recording=self._recording,
            actor=self._actor,
            young_person_id=ws.header.id,
            item=item,
            today=ws.series.today,
            parent=self,
        )
        dialog.sig_saved.connect(self._on_dialog_saved)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def go_to_selected_record(self) -> None:
        item = self.selected_item()
        if item is not None and item.linked_kind and item.linked_id is not None:
            self.sig_open_linked.emit(item.linked_kind, item.linked_id)

    def context_menu(self) -> QMenu:
        item = self.selected_item()
        menu = QMenu(self.table)
        menu.setObjectName("chronologyContextMenu")
        menu.setAccessibleName(self.tr("Chronology entry actions"))
        goto = menu.addAction(self.tr("Go to record"))
        goto.setEnabled(item is not None and bool(item.linked_kind))
        goto.triggered.connect(self.go_to_selected_record)
        edit = menu.addAction(self.tr("Edit entry…"))
        edit.setEnabled(item is not None and self._can_record() and self._editable(item))
        edit.triggered.connect(self._on_edit_clicked)
        return menu

    # -- slots ---------------------------------------------------------------------------------

    def _on_filters_changed(self, *_: Any) -> None:
        self._update_category_button()
        self.model.apply(self.current_filter())
        self._update_count()

    def _on_category_toggled(self, _checked: bool) -> None:
        self._on_filters_changed()

    def _on_all_categories(self) -> None:
        for action in self.category_actions.values():
            action.blockSignals(True)
            action.setChecked(False)
            action.blockSignals(False)
        self._on_filters_changed()

    def _on_order_changed(self, *_: Any) -> None:
        self.model.set_newest_first(bool(self.order_combo.currentData()))
        if self.table.currentIndex().isValid():
            self.table.scrollTo(self.table.currentIndex())
        else:
            self.table.scrollToTop()

    def _on_add_clicked(self) -> None:
        self.open_entry_dialog(None)

    def _on_edit_clicked(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.open_entry_dialog(item)

    def _on_goto_clicked(self) -> None:
        self.go_to_selected_record()

    def _on_export_clicked(self) -> None:
        self.sig_export_requested.emit(self.current_filters())

    def _on_table_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        item = self.model.row_at(index.row())
        if item.linked_kind and item.linked_id is not None:
            self.sig_open_linked.emit(item.linked_kind, item.linked_id)
        elif self._can_record() and self._editable(item):
            self.open_entry_dialog(item)

    def _on_table_context_menu(self, index: QModelIndex, global_pos: QPoint) -> None:
        if not index.isValid():
            return
        menu = self.context_menu()
        menu.exec(global_pos)
        menu.deleteLater()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        self._show_detail(self.model.row_at(current.row()) if current.isValid() else None)

    def _on_model_about_to_be_reset(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._current_key = item.key

    def _on_model_reset(self) -> None:
        row = self.model.row_of_key(self._current_key) if self._current_key else -1
        if row >= 0:
            self.table.selectRow(row)
        else:
            self._show_detail(None)
        self._update_actions()

    def _on_dialog_saved(self, changes: Any) -> None:
        if getattr(changes, "record_id", None) is not None and "chronology" in getattr(
            changes, "kinds", ()
        ):
            self._select_after_refresh = f"entry:{changes.record_id}"
        self.sig_saved.emit(changes)

    # -- helpers --------------------------------------------------------------------------------

    def _can_record(self) -> bool:
        return self._ws is not None and self._ws.access is Access.FULL

    @staticmethod
    def _editable(item: ChronologyItem) -> bool:
        """Hand-written, and its analysis is readable (an edit must not blank hidden text)."""
        return item.entry_id is not None and item.analysis is not None

    def _update_actions(self) -> None:
        item = self.selected_item()
        can_record = self._can_record()
        no_access = self.tr("Only people with full access to this record can add or edit entries")
        self.add_button.setEnabled(can_record)
        self.add_button.setToolTip("" if can_record else no_access)
        if not can_record:
            edit_ok, edit_tip = False, no_access
        elif item is None:
            edit_ok, edit_tip = False, self.tr("Select a hand-written entry to edit it")
        elif item.entry_id is None:
            edit_ok = False
            edit_tip = self.tr("This entry comes from another record: edit it there")
        else:
            edit_ok = self._editable(item)
            edit_tip = "" if edit_ok else self.tr("You may not read this entry's analysis")
        self.edit_button.setEnabled(edit_ok)
        self.edit_button.setToolTip(edit_tip)
        linked = item is not None and bool(item.linked_kind)
        self.goto_button.setEnabled(linked)
        self.goto_button.setToolTip(
            self.tr("Open the {kind} this entry came from").format(
                kind=link_label(item.linked_kind).lower()
            )
            if linked and item is not None
            else self.tr("Select an entry made from another record")
        )
        self.export_button.setEnabled(self._ws is not None)

    def _update_category_button(self) -> None:
        chosen = [c for c, a in self.category_actions.items() if a.isChecked()]
        if not chosen:
            text = self.tr("All categories")
        elif len(chosen) == 1:
            text = category_label(chosen[0])
        else:
            text = self.tr("{n} categories").format(n=len(chosen))
        self.category_button.setText(text)
        self.category_button.setAccessibleDescription(
            self.tr("Showing: {which}").format(
                which=", ".join(category_label(c) for c in chosen) or self.tr("all categories")
            )
        )

    def _update_count(self) -> None:
        total, shown = self.model.total_count, self.model.visible_count
        if self._ws is None:
            text = ""
        elif total == 0:
            text = self.tr("No chronology entries yet")
        else:
            text = self.tr("Showing {shown} of {total} entries").format(
                shown=f"{shown:,}", total=f"{total:,}"
            )
        self.count_label.setText(text)

    def _show_detail(self, item: ChronologyItem | None) -> None:
        if item is None:
            self.detail.clear()
            return
        parts = [
            f"<p><b>{escape(format_event_date(item))}</b>"
            + (
                escape(self.tr(" (age {age})").format(age=item.age_at_event))
                if item.age_at_event is not None
                else ""
            )
            + f" · {escape(category_label(item.category))}"
            + (f" · <b>{escape(self.tr('Significant'))}</b>" if item.significant else "")
            + f"<br>{escape(self.tr('Source'))}: {escape(item.source)}</p>",
            f"<p><b>{escape(self.tr('Fact'))}:</b> {_html_text(item.description)}</p>",
        ]
        if item.analysis:
            parts.append(
                f"<p style='color:{ANALYSIS_COLOUR}'><b>{escape(self.tr('Analysis'))}:</b> "
                f"<i>{_html_text(item.analysis)}</i></p>"
            )
        recorded = self.tr("Recorded by {author}").format(author=item.author)
        if item.recorded_at is not None:
            recorded += self.tr(" on {when}").format(when=format_datetime(item.recorded_at))
        if item.linked_kind:
            recorded += " · " + self.tr("From a linked {kind} record").format(
                kind=link_label(item.linked_kind).lower()
            )
        parts.append(f"<p style='color:#4b5563'>{escape(recorded)}</p>")
        self.detail.setHtml("".join(parts))


def _html_text(text: str) -> str:
    return escape(text).replace("\n", "<br>")
