"""The meeting's cohort tab: who is discussed and why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.meetings import (
    CohortMember,
)
from desktop.models.meetings import (
    CohortColumn,
    CohortModel,
)
from desktop.views.meetings.common import button
from desktop.views.widgets.forms import error_label
from desktop.views.widgets.tables import RecordTable


class CohortTab(QWidget):
    """Who is discussed and why; suggest, add, remove, open a young person's record."""

    sig_suggest = Signal()
    sig_add = Signal()
    #: Remove this young person from the cohort.
    sig_remove = Signal(int)
    #: Open this young person's record (double-click, Enter or the button).
    sig_open_person = Signal(int)

    def __init__(self, model: CohortModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingCohortTab")
        self.model = model
        self.table = RecordTable(
            self, name="cohortTable", accessible=self.tr("Cohort: young people to discuss")
        )
        self.table.setModel(model)
        self.table.setSortingEnabled(False)
        header = self.table.horizontalHeader()
        char = self.fontMetrics().horizontalAdvance("n")
        header.resizeSection(CohortColumn.NAME, char * 22 + 16)
        header.resizeSection(CohortColumn.RISK, char * 13 + 16)
        header.setSectionResizeMode(CohortColumn.REASON, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(CohortColumn.DECISION, char * 30 + 16)
        self.suggest_button = button(
            self, self.tr("&Suggest…"), "cohortSuggest", self.tr("Suggest young people")
        )
        self.add_button = button(
            self, self.tr("A&dd young person…"), "cohortAdd", self.tr("Add a young person")
        )
        self.remove_button = button(
            self, self.tr("&Remove from cohort"), "cohortRemove", self.tr("Remove from cohort")
        )
        self.open_button = button(
            self, self.tr("&Open record"), "cohortOpen", self.tr("Open the young person's record")
        )
        self.error_label = error_label(self, "cohortError", self.tr("Cohort message"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("cohortCount")
        buttons = QHBoxLayout()
        for b in (self.suggest_button, self.add_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        self.suggest_button.clicked.connect(self.sig_suggest)
        self.add_button.clicked.connect(self.sig_add)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.table.sig_activated.connect(self._on_table_activated)
        model.modelReset.connect(self._update)
        self.table.selectionModel().currentRowChanged.connect(self._update)
        self._editable = True
        self._update()

    def selected(self) -> CohortMember | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def set_editable(self, editable: bool, *, can_add: bool = True) -> None:
        self._editable = editable
        self.suggest_button.setVisible(editable)
        self.add_button.setVisible(editable and can_add)
        self.remove_button.setVisible(editable)

    def _update(self, *_args: Any) -> None:
        n = self.model.rowCount()
        self.count_label.setText(
            self.tr("1 young person") if n == 1 else self.tr("{n} young people").format(n=n)
        )
        has = self.selected() is not None
        self.remove_button.setEnabled(has)
        self.open_button.setEnabled(has)

    def _on_remove_clicked(self) -> None:
        m = self.selected()
        if m is not None:
            self.sig_remove.emit(m.young_person_id)

    def _on_open_clicked(self) -> None:
        m = self.selected()
        if m is not None:
            self.sig_open_person.emit(m.young_person_id)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open_person.emit(self.model.row_at(index.row()).young_person_id)
