"""Associates & contexts: persons of concern, places, peer groups and platforms, who else is
linked to each (as the viewer may see them), and the disruption activity."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.workspace import (
    AssociateView,
    ContextView,
    PersonWorkspace,
    SharedWith,
)
from desktop.interfaces import RecordingApi
from desktop.models.associates import (
    AssociateColumn,
    AssociatesTableModel,
    ContextColumn,
    ContextsTableModel,
    DisruptionColumn,
    DisruptionTableModel,
)
from desktop.models.table import RowTableModel
from desktop.tasks import TaskRunner
from desktop.views.widgets.tables import RecordTable, section_heading


class PeopleList(QListWidget):
    """Other young people linked; Enter or double-click asks to open one (``sig_open``)."""

    sig_open = Signal(int)
    #: Item data role holding the young person's id.
    IdRole = Qt.ItemDataRole.UserRole

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemDoubleClicked.connect(self._on_item_activated)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self._on_item_activated(item)
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        person = item.data(self.IdRole)
        if person is not None:
            self.sig_open.emit(int(person))


class AssociatesPanel(QWidget):
    """Read-only: persons of concern and contexts, who else shares each, disruption activity."""

    #: Never emitted (nothing is recorded here yet); part of the panel interface.
    sig_saved = Signal(object)
    #: The user asked to open another young person (the service re-checks their access).
    sig_open_person = Signal(int)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: RecordingApi,
        actor: Callable[[], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("associatesPanel")
        self._runner, self._recording, self._actor = runner, recording, actor
        self._ws: PersonWorkspace | None = None
        self._syncing = False
        self.associates_model = AssociatesTableModel(self)
        self.contexts_model = ContextsTableModel(self)
        self.disruption_model = DisruptionTableModel(self)
        self._build()

    def _build(self) -> None:
        self.associates_table = self._table(
            "associatesTable",
            self.tr("Linked persons of concern"),
            self.associates_model,
            {0: 13, 1: 10, 2: 15, 3: 29},
            stretch=AssociateColumn.INTELLIGENCE,
        )
        self.contexts_table = self._table(
            "contextsTable",
            self.tr("Contexts: locations, peer groups and online platforms"),
            self.contexts_model,
            {0: 11, 1: 18, 3: 8, 4: 14, 5: 21},
            stretch=ContextColumn.DESCRIPTION,
        )
        self.disruption_table = self._table(
            "disruptionTable",
            self.tr("Disruption activity"),
            self.disruption_model,
            {0: 11, 1: 28, 2: 12, 3: 18},
            stretch=DisruptionColumn.OUTCOME,
        )
        self.disruption_table.horizontalHeader().setSortIndicator(
            DisruptionColumn.DATE, Qt.SortOrder.DescendingOrder
        )
        self.associates_table.selectionModel().selectionChanged.connect(
            self._on_associates_selection_changed
        )
        self.contexts_table.selectionModel().selectionChanged.connect(
            self._on_contexts_selection_changed
        )

        self.others_heading = section_heading(self.tr("Other young people linked"), self)
        self.others_subject = QLabel(self)
        self.others_subject.setObjectName("othersSubject")
        self.others_subject.setWordWrap(True)
        self.others_subject.setTextFormat(Qt.TextFormat.PlainText)
        self.others_list = PeopleList(self)
        self.others_list.setObjectName("othersList")
        self.others_list.setAccessibleName(self.tr("Other young people linked"))
        self.others_list.setAccessibleDescription(
            self.tr("Press Enter or double-click to open a young person's record.")
        )
        self.others_list.sig_open.connect(self.sig_open_person)
        self.others_hint = QLabel(self)
        self.others_hint.setObjectName("formHint")
        self.others_hint.setWordWrap(True)

        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(section_heading(self.tr("Persons of concern"), self))
        left.addWidget(self.associates_table, 1)
        left.addWidget(section_heading(self.tr("Contexts"), self))
        left.addWidget(self.contexts_table, 1)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(self.others_heading)
        right.addWidget(self.others_subject)
        right.addWidget(self.others_list, 1)
        right.addWidget(self.others_hint)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addLayout(left, 4)
        top.addLayout(right, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(top, 3)
        layout.addWidget(section_heading(self.tr("Disruption activity"), self))
        layout.addWidget(self.disruption_table, 1)
        self.setTabOrder(self.associates_table, self.contexts_table)
        self.setTabOrder(self.contexts_table, self.others_list)
        self.setTabOrder(self.others_list, self.disruption_table)
        self._show_others(None)

    def _table(
        self,
        name: str,
        accessible: str,
        model: RowTableModel[Any],
        widths: dict[int, int],
        *,
        stretch: int,
    ) -> RecordTable:
        table = RecordTable(self, roomy=True)
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setModel(model)
        # the workspace's own order until a header is clicked
        model.sort(-1)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.set_widths(widths)
        # the free-text column takes what is left, so every column stays in view
        table.horizontalHeader().setStretchLastSection(False)
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # intelligence and descriptions are sentences: wrap them and let rows grow
        table.setWordWrap(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    # -- public API ---------------------------------------------------------------------------

    def show_workspace(self, ws: PersonWorkspace) -> None:
        """Show a (re)loaded workspace, keeping the selected entry and scroll positions."""
        chosen = self.selected()
        scrolls = [
            t.verticalScrollBar().value()
            for t in (self.associates_table, self.contexts_table, self.disruption_table)
        ]
        self._ws = ws
        self._syncing = True
        try:
            self.associates_model.set_rows(ws.associates)
            self.contexts_model.set_rows(ws.contexts)
            self.disruption_model.set_rows(ws.disruption)
        finally:
            self._syncing = False
        for table, value in zip(
            (self.associates_table, self.contexts_table, self.disruption_table),
            scrolls,
            strict=True,
        ):
            table.verticalScrollBar().setValue(value)
        if chosen is None or not self._reselect(chosen):
            self._show_others(None)

    def selected(self) -> AssociateView | ContextView | None:
        """The person of concern or context whose links are shown, if any."""
        for table, model in (
            (self.associates_table, self.associates_model),
            (self.contexts_table, self.contexts_model),
        ):
            rows = table.selectionModel().selectedRows()
            if rows:
                return model.row_at(rows[0].row())
        return None

    def select_associate(self, link_id: int) -> bool:
        return self._select_in(self.associates_table, self.associates_model, link_id)

    def select_context(self, link_id: int) -> bool:
        return self._select_in(self.contexts_table, self.contexts_model, link_id)

    def others_names(self) -> list[str]:
        return [self.others_list.item(i).text() for i in range(self.others_list.count())]

    # -- slots --------------------------------------------------------------------------------

    def _on_associates_selection_changed(self, selected: QItemSelection, *_: Any) -> None:
        if self._syncing or selected.isEmpty():
            if not self._syncing and self.selected() is None:
                self._show_others(None)
            return
        self._clear_other(self.contexts_table)
        self._show_others(self.selected())

    def _on_contexts_selection_changed(self, selected: QItemSelection, *_: Any) -> None:
        if self._syncing or selected.isEmpty():
            if not self._syncing and self.selected() is None:
                self._show_others(None)
            return
        self._clear_other(self.associates_table)
        self._show_others(self.selected())

    # -- helpers --------------------------------------------------------------------------------

    def _clear_other(self, table: RecordTable) -> None:
        self._syncing = True
        try:
            table.clearSelection()
        finally:
            self._syncing = False

    def _reselect(self, chosen: AssociateView | ContextView) -> bool:
        if isinstance(chosen, AssociateView):
            return self.select_associate(chosen.link_id)
        return self.select_context(chosen.link_id)

    @staticmethod
    def _select_in(table: RecordTable, model: RowTableModel[Any], link_id: int) -> bool:
        for i in range(model.rowCount()):
            if model.row_at(i).link_id == link_id:
                table.selectRow(i)
                return True
        return False

    def _show_others(self, chosen: AssociateView | ContextView | None) -> None:
        self.others_list.clear()
        if chosen is None:
            self.others_subject.setText(self.tr("Nothing selected"))
            self.others_hint.setText(
                self.tr("Select a person of concern or a context to see who else is linked.")
            )
            return
        self.others_subject.setText(self.tr("to {name}").format(name=chosen.name))
        self.others_list.setAccessibleName(
            self.tr("Other young people linked to {name}").format(name=chosen.name)
        )
        others: tuple[SharedWith, ...] = chosen.others
        for person in others:
            item = QListWidgetItem(person.display_name)
            item.setData(PeopleList.IdRole, person.young_person_id)
            item.setToolTip(self.tr("Enter or double-click to open"))
            self.others_list.addItem(item)
        if others:
            self.others_list.setCurrentRow(0)
            self.others_hint.setText(self.tr("Enter or double-click opens a record."))
        else:
            self.others_hint.setText(self.tr("No other young people are linked."))
