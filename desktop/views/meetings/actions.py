"""The meeting's action tracker tab: filters, overdue first, updates of the selected action."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.meetings import (
    ActionState,
    ActionView,
)
from desktop.models.meetings import (
    OPEN_STATES,
    ActionColumn,
    ActionFilter,
    ActionsTableModel,
)
from desktop.views.meetings.action_dialogs import action_history_text
from desktop.views.meetings.common import button
from desktop.views.widgets.tables import RecordTable

#: The tracker's state filter choices (label, states shown; empty = all).
STATE_FILTERS: tuple[tuple[str, frozenset[ActionState]], ...] = (
    ("All actions", frozenset()),
    ("Still open", OPEN_STATES),
    ("Overdue", frozenset({ActionState.OVERDUE})),
    ("Due within 7 days", frozenset({ActionState.UPCOMING})),
    ("Done", frozenset({ActionState.DONE})),
    ("Cancelled", frozenset({ActionState.CANCELLED})),
)


class ActionsTab(QWidget):
    """The action tracker: filters by state, owner agency and young person; overdue first;
    the selected action's updates below."""

    sig_add = Signal()
    #: Update this action (status, due date, note).
    sig_update = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingActionsTab")
        self.model = ActionsTableModel(self)
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("actionStateFilter")
        self.state_combo.setAccessibleName(self.tr("Filter actions by state"))
        self.state_combo.view().setAccessibleName(self.tr("Filter actions by state"))
        for label, states in STATE_FILTERS:
            self.state_combo.addItem(self.tr(label), states)
        self.agency_combo = QComboBox(self)
        self.agency_combo.setObjectName("actionAgencyFilter")
        self.agency_combo.setAccessibleName(self.tr("Filter actions by owner agency"))
        self.agency_combo.view().setAccessibleName(self.tr("Filter actions by owner agency"))
        self.person_combo = QComboBox(self)
        self.person_combo.setObjectName("actionPersonFilter")
        self.person_combo.setAccessibleName(self.tr("Filter actions by young person"))
        self.person_combo.view().setAccessibleName(self.tr("Filter actions by young person"))
        for combo in (self.state_combo, self.agency_combo, self.person_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("actionCount")
        self.table = RecordTable(
            self, name="actionsTable", accessible=self.tr("Actions"), stretch_last=False
        )
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ActionColumn.STATE, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        for column in (ActionColumn.STATE, ActionColumn.DUE, ActionColumn.REFERENCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        char = self.fontMetrics().horizontalAdvance("n")
        for column in (ActionColumn.SUBJECT, ActionColumn.OWNER, ActionColumn.AGENCY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, char * 15 + 12)
        header.setSectionResizeMode(ActionColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.history = QPlainTextEdit(self)
        self.history.setObjectName("actionHistory")
        self.history.setAccessibleName(self.tr("Updates to the selected action"))
        self.history.setReadOnly(True)
        self.history.setTabChangesFocus(True)
        self.history.setPlaceholderText(self.tr("Choose an action to see its updates"))
        self.add_button = button(self, self.tr("&Add action…"), "actionAdd", self.tr("Add action"))
        self.update_button = button(
            self, self.tr("&Update…"), "actionUpdate", self.tr("Update the selected action")
        )
        self.clear_button = button(
            self, self.tr("C&lear filters"), "actionClearFilters", self.tr("Clear action filters")
        )
        filters = QHBoxLayout()
        for text, combo in (
            (self.tr("&State:"), self.state_combo),
            (self.tr("A&gency:"), self.agency_combo),
            (self.tr("&Young person:"), self.person_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(8)
        filters.addWidget(self.clear_button)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.update_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        history_label = QLabel(self.tr("Updates:"), self)
        history_label.setBuddy(self.history)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(history_label)
        lower_layout.addWidget(self.history, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        for combo in (self.state_combo, self.agency_combo, self.person_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.model.modelReset.connect(self._on_current)
        self.add_button.clicked.connect(self.sig_add)
        self.update_button.clicked.connect(self._on_update_clicked)
        self.table.sig_activated.connect(self._on_update_clicked)
        self._rebuilding = False
        self._rebuild_choices([])
        self._on_current()

    def set_actions(self, actions: tuple[ActionView, ...] | list[ActionView]) -> None:
        """Show these actions; filters and the selected action stay where they still apply."""
        selected = self.selected()
        self._rebuild_choices(actions)
        self.model.set_rows(actions)
        self._apply()
        if selected is not None:
            self.select(selected.id)

    def selected(self) -> ActionView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, action_id: int) -> None:
        row = self.model.row_of_id(action_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def set_can_add(self, can_add: bool) -> None:
        self.add_button.setVisible(can_add)

    def clear_filters(self) -> None:
        self._rebuilding = True
        for combo in (self.state_combo, self.agency_combo, self.person_combo):
            combo.setCurrentIndex(0)
        self._rebuilding = False
        self._apply()

    def _rebuild_choices(self, actions: Any) -> None:
        agency, person = self.agency_combo.currentData(), self.person_combo.currentData()
        self._rebuilding = True
        try:
            self.agency_combo.clear()
            self.agency_combo.addItem(self.tr("All agencies"), "")
            for name in sorted({a.owner_agency for a in actions}, key=str.casefold):
                self.agency_combo.addItem(name, name)
            self.person_combo.clear()
            self.person_combo.addItem(self.tr("All young people"), None)
            people = {a.young_person_id: a.subject for a in actions if a.young_person_id}
            for yp_id, name in sorted(people.items(), key=lambda kv: kv[1].casefold()):
                self.person_combo.addItem(name, yp_id)
            self.agency_combo.setCurrentIndex(max(0, self.agency_combo.findData(agency or "")))
            if person is not None:
                self.person_combo.setCurrentIndex(max(0, self.person_combo.findData(person)))
        finally:
            self._rebuilding = False

    def _on_filter_changed(self, _index: int) -> None:
        if not self._rebuilding:
            self._apply()

    def _apply(self) -> None:
        self.model.apply_filter(
            ActionFilter(
                states=self.state_combo.currentData() or frozenset(),
                agency=self.agency_combo.currentData() or "",
                young_person_id=self.person_combo.currentData(),
            )
        )
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        overdue = sum(a.state is ActionState.OVERDUE for a in self.model.all_rows())
        text = (
            self.tr("{total} actions").format(total=total)
            if shown == total
            else self.tr("Showing {shown} of {total} actions").format(shown=shown, total=total)
        )
        if overdue:
            text += self.tr(" · {n} overdue").format(n=overdue)
        self.count_label.setText(text)
        palette_colour = "#a4161a" if overdue else "#374151"
        self.count_label.setStyleSheet(f"QLabel {{ color: {QColor(palette_colour).name()}; }}")

    def _on_current(self, *_args: Any) -> None:
        a = self.selected()
        self.history.setPlainText(action_history_text(a))
        self.update_button.setEnabled(a is not None)

    def _on_update_clicked(self, *_args: Any) -> None:
        a = self.selected()
        if a is not None:
            self.sig_update.emit(a)
