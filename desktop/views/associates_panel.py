"""Associates & contexts: persons of concern, places, peer groups and platforms, who else is
linked to each (as the viewer may see them), and the disruption activity."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_date
from desktop.domain.enums import AssociateRole, ContextKind, HandlingCode
from desktop.domain.workspace import (
    AssociateView,
    ContextView,
    DisruptionView,
    PersonWorkspace,
    SharedWith,
)
from desktop.models.table import RowTableModel
from desktop.services.actor import Actor
from desktop.tasks import TaskRunner
from desktop.views.placements_panel import RecordTable, section_heading


def _tr(text: str) -> str:
    return QCoreApplication.translate("AssociatesPanel", text)


ROLE_LABELS: dict[AssociateRole, str] = {
    AssociateRole.ASSOCIATE: "Associate",
    AssociateRole.ALLEGED_PERPETRATOR: "Alleged perpetrator",
    AssociateRole.PROTECTIVE_ADULT: "Protective adult",
    AssociateRole.PEER: "Peer",
}
KIND_LABELS: dict[ContextKind, str] = {
    ContextKind.LOCATION: "Location",
    ContextKind.PEER_GROUP: "Peer group",
    ContextKind.ONLINE_PLATFORM: "Online platform",
}
#: The 3x5x2 intelligence grading: source evaluation, intelligence assessment, handling code.
SOURCE_GRADES = {"A": "reliable", "B": "untested", "C": "not reliable"}
INTELLIGENCE_GRADES = {
    "1": "known directly to the source",
    "2": "known indirectly to the source but corroborated",
    "3": "known indirectly to the source",
    "4": "not known",
    "5": "suspected to be false",
}
HANDLING_WORDS = {
    HandlingCode.PERMITTED: "lawful sharing permitted",
    HandlingCode.CONDITIONS: "lawful sharing permitted with conditions",
}
CONDITIONS_MARK = "Handling: conditions apply"
#: Conditions-coded entries: dark red text on a pale tint (≥ 4.5:1), bold, plus the words.
_CONDITIONS_COLOUR = "#8a1c1c"
_CONDITIONS_TINT = "#fdf0e6"


def grading_text(row: AssociateView) -> str:
    """'B / 2 / P' (source / intelligence / handling), marked when conditions apply."""
    if row.source_grade or row.intelligence_grade:
        source, intelligence = row.source_grade or "?", row.intelligence_grade or "?"
        text = f"{source} / {intelligence} / {row.handling_code.value}"
    else:
        text = _tr("Not graded")
    if row.handling_code is HandlingCode.CONDITIONS:
        text += "\n" + _tr(CONDITIONS_MARK)
    return text


def grading_tooltip(row: AssociateView) -> str:
    lines = []
    if row.source_grade:
        words = SOURCE_GRADES.get(row.source_grade.upper(), "")
        lines.append(_tr("Source {grade}: {words}").format(grade=row.source_grade, words=words))
    if row.intelligence_grade:
        words = INTELLIGENCE_GRADES.get(row.intelligence_grade, "")
        lines.append(
            _tr("Intelligence {grade}: {words}").format(grade=row.intelligence_grade, words=words)
        )
    lines.append(
        _tr("Handling {code}: {words}").format(
            code=row.handling_code.value, words=HANDLING_WORDS[row.handling_code]
        )
    )
    return "\n".join(lines)


def _conditions_role(handling: HandlingCode, role: int) -> Any:
    if handling is not HandlingCode.CONDITIONS:
        return None
    if role == Qt.ItemDataRole.ForegroundRole:
        return QColor(_CONDITIONS_COLOUR)
    if role == Qt.ItemDataRole.BackgroundRole:
        return QColor(_CONDITIONS_TINT)
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    return None


class AssociateColumn(IntEnum):
    NAME = 0
    ALIASES = 1
    ROLE = 2
    GRADING = 3
    INTELLIGENCE = 4


class AssociatesTableModel(RowTableModel[AssociateView]):
    """Linked persons of concern."""

    columns = AssociateColumn
    headers = {
        AssociateColumn.NAME: "Name",
        AssociateColumn.ALIASES: "Aliases",
        AssociateColumn.ROLE: "Role",
        AssociateColumn.GRADING: "Grading",
        AssociateColumn.INTELLIGENCE: "Intelligence",
    }

    def header_text(self, column: int) -> str:
        return _tr(self.headers[column])

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and section == AssociateColumn.GRADING
        ):
            return _tr("Intelligence grading (3x5x2): source / intelligence / handling code")
        return super().headerData(section, orientation, role)

    def display(self, row: AssociateView, column: int) -> str:
        col = AssociateColumn(column)
        if col == AssociateColumn.NAME:
            return row.name
        if col == AssociateColumn.ALIASES:
            return row.aliases
        if col == AssociateColumn.ROLE:
            return _tr(ROLE_LABELS[row.role])
        if col == AssociateColumn.GRADING:
            return grading_text(row)
        return row.intelligence

    def extra(self, row: AssociateView, column: int, role: int) -> Any:
        col = AssociateColumn(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == AssociateColumn.GRADING:
                return grading_tooltip(row)
            return self.display(row, column) or None
        if col == AssociateColumn.GRADING:
            return _conditions_role(row.handling_code, role)
        return None


class ContextColumn(IntEnum):
    KIND = 0
    NAME = 1
    DESCRIPTION = 2
    POSTCODE = 3
    NOTES = 4
    HANDLING = 5


class ContextsTableModel(RowTableModel[ContextView]):
    """Locations, peer groups and online platforms linked to the young person."""

    columns = ContextColumn
    headers = {
        ContextColumn.KIND: "Kind",
        ContextColumn.NAME: "Name",
        ContextColumn.DESCRIPTION: "Description",
        ContextColumn.POSTCODE: "Postcode",
        ContextColumn.NOTES: "Notes",
        ContextColumn.HANDLING: "Handling",
    }

    def header_text(self, column: int) -> str:
        return _tr(self.headers[column])

    def display(self, row: ContextView, column: int) -> str:
        col = ContextColumn(column)
        if col == ContextColumn.KIND:
            return _tr(KIND_LABELS[row.kind])
        if col == ContextColumn.NAME:
            return row.name
        if col == ContextColumn.DESCRIPTION:
            return row.description
        if col == ContextColumn.POSTCODE:
            return row.postcode or ""
        if col == ContextColumn.NOTES:
            return row.notes
        if row.handling_code is HandlingCode.CONDITIONS:
            return _tr(CONDITIONS_MARK)
        return _tr("Permitted")

    def extra(self, row: ContextView, column: int, role: int) -> Any:
        col = ContextColumn(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == ContextColumn.HANDLING:
                return _tr("Handling {code}: {words}").format(
                    code=row.handling_code.value, words=HANDLING_WORDS[row.handling_code]
                )
            return self.display(row, column) or None
        if col == ContextColumn.HANDLING:
            return _conditions_role(row.handling_code, role)
        return None


class DisruptionColumn(IntEnum):
    DATE = 0
    TACTIC = 1
    AGENCY = 2
    TARGET = 3
    OUTCOME = 4


class DisruptionTableModel(RowTableModel[DisruptionView]):
    """Disruption activity, newest first unless re-sorted."""

    columns = DisruptionColumn
    headers = {
        DisruptionColumn.DATE: "Date",
        DisruptionColumn.TACTIC: "Tactic",
        DisruptionColumn.AGENCY: "Agency",
        DisruptionColumn.TARGET: "Target",
        DisruptionColumn.OUTCOME: "Outcome",
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sort_order = Qt.SortOrder.DescendingOrder

    def header_text(self, column: int) -> str:
        return _tr(self.headers[column])

    def display(self, row: DisruptionView, column: int) -> str:
        col = DisruptionColumn(column)
        if col == DisruptionColumn.DATE:
            return format_date(row.on)
        return {
            DisruptionColumn.TACTIC: row.tactic,
            DisruptionColumn.AGENCY: row.agency,
            DisruptionColumn.TARGET: row.target,
            DisruptionColumn.OUTCOME: row.outcome,
        }[col]

    def sort_key(self, row: DisruptionView, column: int) -> Any:
        if column == DisruptionColumn.DATE:
            return (row.on, row.id)
        return self.display(row, column).casefold()

    def extra(self, row: DisruptionView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.display(row, column) or None
        return None


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
        recording: Any,
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
        table = RecordTable(self)
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
