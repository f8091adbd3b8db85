"""Choosing the cohort: the suggestions to accept and adding a young person by hand."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QWidget,
)

from desktop.domain.meetings import CohortSuggestion
from desktop.models.meetings import SuggestionColumn, SuggestionsModel
from desktop.tasks import TaskRunner
from desktop.views.widgets.form_dialog import FormDialog
from desktop.views.widgets.tables import RecordTable


class CohortSuggestDialog(FormDialog):
    """Suggested young people with the reasons each was suggested; the chair unticks the ones
    not to discuss (override) and accepts the rest into the cohort."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        suggestions: Sequence[CohortSuggestion],
        members: Sequence[int],
        accept: Callable[[list[CohortSuggestion]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, save_key="meetings.set_cohort", parent=parent)
        self.setObjectName("cohortSuggestDialog")
        self.setWindowTitle(self.tr("Suggested cohort"))
        self._accept = accept
        self.model = SuggestionsModel(self)
        self.model.set_suggestions(suggestions, members)
        intro = QLabel(
            self.tr(
                "Young people meeting a suggestion rule: significant or moderate risk, escalated "
                "since the last meeting, repeat missing, a return interview overdue, a new "
                "placement or stability flag, or continued last time. Untick anyone you decide "
                "not to discuss."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.body.insertWidget(0, intro)
        self.table = RecordTable(
            self,
            name="suggestionsTable",
            accessible=self.tr("Suggested young people"),
            double_click_activates=False,
        )
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SuggestionColumn.NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SuggestionColumn.RISK, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.body.insertWidget(1, self.table, 1)
        toggles = QHBoxLayout()
        self.all_button = QPushButton(self.tr("Tick &all"), self)
        self.all_button.setAccessibleName(self.tr("Tick all suggestions"))
        self.none_button = QPushButton(self.tr("Untick a&ll"), self)
        self.none_button.setAccessibleName(self.tr("Untick all suggestions"))
        for b in (self.all_button, self.none_button):
            b.setAutoDefault(False)
            toggles.addWidget(b)
        toggles.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("suggestCount")
        toggles.addWidget(self.count_label)
        self.body.insertLayout(2, toggles)
        self.all_button.clicked.connect(self._on_all_clicked)
        self.none_button.clicked.connect(self._on_none_clicked)
        self.model.dataChanged.connect(self._update_count)
        self.table.sig_activated.connect(self._on_table_activated)
        self.field_errors["cohort"] = self.error_label
        self.save_button.setText(self.tr("Add &ticked to the cohort"))
        self.save_button.setAccessibleName(self.tr("Add the ticked young people to the cohort"))
        self._update_count()
        self.resize(860, 520)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()

    def _on_all_clicked(self) -> None:
        self.model.set_all(True)

    def _on_none_clicked(self) -> None:
        self.model.set_all(False)

    def _update_count(self, *_args: Any) -> None:
        n = len(self.model.accepted())
        self.count_label.setText(
            self.tr("{n} to add").format(n=n) if n != 1 else self.tr("1 to add")
        )
        self.save_button.setEnabled(n > 0)

    def _on_table_activated(self, index: Any) -> None:
        """Enter or double-click toggles the row's tick (Space does too, on the name cell)."""
        name = self.model.index(index.row(), SuggestionColumn.NAME)
        if not self.model.flags(name) & Qt.ItemFlag.ItemIsUserCheckable:
            return
        checked = self.model.data(name, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        self.model.setData(
            name,
            Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked,
            Qt.ItemDataRole.CheckStateRole,
        )

    def submit(self) -> None:
        accepted, accept = self.model.accepted(), self._accept
        if accepted:
            self.save(lambda _p: accept(accepted))


class AddToCohortDialog(FormDialog):
    """Choose a young person from the caseload (the chair's override) and say why."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        people: Sequence[tuple[int, str, str]],
        members: Sequence[int],
        add: Callable[[int, str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, save_key="meetings.set_cohort", parent=parent)
        self.setObjectName("addToCohortDialog")
        self.setWindowTitle(self.tr("Add a young person to the cohort"))
        self._add = add
        source = QStandardItemModel(self)
        taken = set(members)
        for yp_id, name, risk in people:
            if yp_id in taken:
                continue
            item = QStandardItem(f"{name} — {risk}" if risk else name)
            item.setData(yp_id, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            source.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(source)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText(self.tr("Type part of a name"))
        self.find_edit.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setMinimumHeight(200)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(200)
        self.add_field("find", self.tr("&Find:"), self.find_edit, self.tr("Find a young person"))
        self.add_field("subject", self.tr("&Young person:"), self.list, self.tr("Young people"))
        self.add_field("reason", self.tr("&Why discuss:"), self.reason_edit, self.tr("Reason"))
        self.field_errors["cohort"] = self.error_label
        self.find_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.save_button.setText(self.tr("&Add to cohort"))
        self.save_button.setAccessibleName(self.tr("Add to cohort"))
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self.find_edit.setFocus()

    def submit(self) -> None:
        self.clear_errors()
        index = self.list.currentIndex()
        if not index.isValid():
            self.show_field_error("subject", self.tr("Choose a young person"))
            return
        reason = self.reason_edit.text().strip()
        if not reason:
            self.show_field_error("reason", self.tr("Say why they should be discussed"))
            return
        yp_id = int(index.data(Qt.ItemDataRole.UserRole))
        add = self._add
        self.save(lambda _p: add(yp_id, reason))
