"""The Risk panel of the person screen: trajectory chart, assessment history, detail, actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.commands import Changes
from desktop.domain.enums import Role
from desktop.domain.workspace import AssessmentView, PersonWorkspace
from desktop.interfaces import RecordingApi
from desktop.models.assessments import AssessmentHistoryModel, Column, detail_html
from desktop.tasks import TaskRunner
from desktop.views.person.assessment_dialog import SAVE_KEY, AssessmentDialog
from desktop.views.widgets.forms import error_label, message_of, show_error

if TYPE_CHECKING:  # pyqtgraph is imported only when the chart is first shown
    from desktop.views.person.risk_chart import RiskChartPane


class RiskPanel(QWidget):
    """Risk trajectory above the assessment history; record, correct and confirm assessments."""

    #: A save went through; argument: the ``Changes`` (the person window refreshes from it).
    sig_saved = Signal(object)
    #: The chart was created and drawn for the first time (pyqtgraph is loaded by then).
    sig_chart_ready = Signal()

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: RecordingApi,
        actor: Callable[[], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("riskPanel")
        self._runner = runner
        self._recording = recording
        self._actor = actor
        self.ws: PersonWorkspace | None = None
        self.chart_pane: RiskChartPane | None = None
        self.dialog: AssessmentDialog | None = None
        self._select_after_refresh: int | None = None
        self.model = AssessmentHistoryModel(self)
        self._build()

    # -- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        self.chart_holder = QWidget(self)
        self.chart_holder.setObjectName("riskChartHolder")
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)

        self.new_button = self._button(
            "riskNew", self.tr("&New assessment…"), self.tr("New assessment")
        )
        self.correct_button = self._button(
            "riskCorrect", self.tr("C&orrect this assessment…"), self.tr("Correct this assessment")
        )
        self.confirm_button = self._button(
            "riskConfirm", self.tr("Con&firm"), self.tr("Confirm assessment")
        )
        self.new_button.clicked.connect(self.new_assessment)
        self.correct_button.clicked.connect(self.correct_assessment)
        self.confirm_button.clicked.connect(self.confirm_assessment)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("riskStatus")
        self.status_label.setAccessibleName(self.tr("Risk panel status"))
        self.error_label = error_label(self, "riskError", self.tr("Risk panel message"))

        bar = QHBoxLayout()
        bar.setSpacing(6)
        title = QLabel(self.tr("Assessment history"), self)
        title.setObjectName("riskHistoryTitle")
        title.setStyleSheet("font-weight: bold;")
        bar.addWidget(title)
        bar.addSpacing(10)
        bar.addWidget(self.status_label, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.correct_button)
        bar.addWidget(self.confirm_button)

        self.table = QTableView(self)
        self.table.setObjectName("riskHistoryTable")
        self.table.setAccessibleName(self.tr("Assessment history"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # the model sorts its Python list (layoutChanged keeps the selection)
        self.table.horizontalHeader().setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (Column.ID, 36),
            (Column.DATE, 90),
            (Column.SCORE, 48),
            (Column.CATEGORY, 118),
            (Column.OVERRIDE, 116),
            (Column.TREND, 98),
            (Column.CONFIRMED, 170),
            (Column.STATUS, 104),
        ):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("riskDetail")
        self.detail.setAccessibleName(self.tr("Selected assessment"))
        self.detail.setOpenLinks(False)
        self.detail.setMinimumWidth(260)
        self.detail.setPlaceholderText(self.tr("Select an assessment to read it in full."))

        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.setObjectName("riskLowerSplitter")
        lower.setChildrenCollapsible(False)
        lower.addWidget(self.table)
        lower.addWidget(self.detail)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setSizes([800, 290])

        history = QWidget(self)
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 6, 0, 0)
        history_layout.setSpacing(6)
        history_layout.addLayout(bar)
        history_layout.addWidget(self.error_label)
        history_layout.addWidget(lower, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("riskSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.chart_holder)
        self.splitter.addWidget(history)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([390, 300])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)
        self._update_actions()

    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    # -- the panel interface ----------------------------------------------------------------

    def show_workspace(self, ws: PersonWorkspace) -> None:
        """First load and every refresh: keeps the selected assessment (or selects a new one)."""
        keep = self._select_after_refresh
        if keep is None:
            current = self.selected()
            keep = current.id if current is not None else None
        self._select_after_refresh = None
        self.ws = ws
        scroll = self.table.verticalScrollBar().value()
        self.model.set_rows(ws.assessments)
        row = self.model.row_of_id(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount() and keep is None:
            row = 0  # the newest
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.verticalScrollBar().setValue(scroll)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self._show_detail(None)
        if self.chart_pane is not None:
            self.chart_pane.set_series(ws.series)
        self._update_actions()

    # -- chart, created on first show ---------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.chart_pane is None:
            self._create_chart()

    def _create_chart(self) -> None:
        from desktop.views.person.risk_chart import RiskChartPane  # imports pyqtgraph: only now

        self.chart_pane = RiskChartPane(self.chart_holder)
        self.chart_layout.addWidget(self.chart_pane)
        self.chart_pane.show()  # a child added to a shown parent is otherwise shown later
        if self.ws is not None:
            self.chart_pane.set_series(self.ws.series)
        self.sig_chart_ready.emit()

    # -- selection and detail -----------------------------------------------------------------

    def selected(self) -> AssessmentView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_assessment(self, assessment_id: int) -> bool:
        row = self.model.row_of_id(assessment_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    def _on_table_selection_changed(self, *_: Any) -> None:
        self._show_detail(self.selected())
        self._update_actions()

    def _show_detail(self, row: AssessmentView | None) -> None:
        if row is None:
            self.detail.clear()
            return
        self.detail.setHtml(detail_html(row))

    def _update_actions(self) -> None:
        ws, row = self.ws, self.selected()
        full = ws is not None and ws.access is Access.FULL
        read_only = self.tr("You can read this record but not record on it")
        no_instruments = ws is not None and not ws.instruments
        self.new_button.setEnabled(full and not no_instruments)
        self.new_button.setToolTip(
            self.tr("Record a new risk assessment")
            if full and not no_instruments
            else self.tr("No risk instruments are set up")
            if full
            else read_only
        )

        can_correct = full and row is not None and row.superseded_by_id is None
        self.correct_button.setEnabled(can_correct)
        if not full:
            tip = read_only
        elif row is None:
            tip = self.tr("Select an assessment to correct")
        elif row.superseded_by_id is not None:
            tip = self.tr("Already corrected by #{id}").format(id=row.superseded_by_id)
        else:
            tip = self.tr(
                "Record a corrected version: assessments are never edited, the correction "
                "supersedes this one and both stay in the history"
            )
        self.correct_button.setToolTip(tip)

        manager = self._actor().role is Role.TEAM_MANAGER
        can_confirm = full and manager and row is not None and not row.confirmed
        self.confirm_button.setEnabled(can_confirm)
        if not manager:
            tip = self.tr("Only a team manager can confirm an assessment")
        elif not full:
            tip = read_only
        elif row is None:
            tip = self.tr("Select an assessment to confirm")
        elif row.confirmed:
            tip = self.tr("Already confirmed")
        else:
            tip = self.tr(
                "Confirm this assessment as a team manager: it then counts as the current risk"
            )
        self.confirm_button.setToolTip(tip)
        waiting = sum(1 for a in self.model.all_rows() if not a.confirmed)
        self.status_label.setText(
            self.tr("{n} awaiting manager confirmation").format(n=waiting) if waiting else ""
        )

    # -- actions ------------------------------------------------------------------------------

    def new_assessment(self) -> AssessmentDialog | None:
        return self._open_dialog(None)

    def correct_assessment(self) -> AssessmentDialog | None:
        row = self.selected()
        if row is None or row.superseded_by_id is not None:
            return None
        return self._open_dialog(row)

    def _open_dialog(self, correcting: AssessmentView | None) -> AssessmentDialog | None:
        ws = self.ws
        if ws is None or ws.access is not Access.FULL:
            return None
        dialog = AssessmentDialog(
            runner=self._runner,
            recording=self._recording,
            actor=self._actor,
            young_person_id=ws.header.id,
            instruments=ws.instruments,
            today=ws.series.today,
            correcting=correcting,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_saved.connect(self._on_dialog_saved)
        dialog.destroyed.connect(self._on_dialog_destroyed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_dialog_destroyed(self, *_: Any) -> None:
        self.dialog = None

    def _on_dialog_saved(self, changes: Changes) -> None:
        self._select_after_refresh = changes.record_id
        self.sig_saved.emit(changes)

    def confirm_assessment(self) -> None:
        ws, row = self.ws, self.selected()
        if ws is None or row is None or row.confirmed:
            return
        if self._actor().role is not Role.TEAM_MANAGER:
            return
        recording, actor = self._recording, self._actor()
        young_person_id, assessment_id = ws.header.id, row.id
        show_error(self.error_label, "")
        self.confirm_button.setEnabled(False)
        self._runner.submit(
            lambda _p: recording.confirm_assessment(actor, young_person_id, assessment_id),
            on_done=self._on_confirmed,
            on_error=self._on_confirm_failed,
            key=SAVE_KEY,
        )

    def _on_confirmed(self, changes: Changes) -> None:
        current = self.selected()
        self._select_after_refresh = current.id if current is not None else None
        self.sig_saved.emit(changes)

    def _on_confirm_failed(self, error: BaseException) -> None:
        show_error(
            self.error_label,
            message_of(error, self.tr("Not confirmed: an unexpected error.")),
        )
        self._update_actions()
