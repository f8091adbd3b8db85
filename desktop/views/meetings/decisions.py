"""The meeting's decisions tab: per young person, the category agreed, outcome and next review."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import MeetingOutcome, RiskCategory
from desktop.domain.meetings import (
    CohortMember,
)
from desktop.models.caseload import RISK_COLOURS, RISK_TINTS
from desktop.models.meetings import (
    OUTCOME_LABELS,
    CohortColumn,
    CohortModel,
    risk_text,
)
from desktop.views.meetings.common import button
from desktop.views.widgets.forms import error_label, qdate, show_error
from desktop.views.widgets.tables import RecordTable


class DecisionsTab(QWidget):
    """Per young person: category agreed, continue / step down / close, next review, notes."""

    #: Save this decision: (member, category agreed, outcome, notes, next review date).
    sig_save = Signal(object, object, object, str, object)
    sig_open_person = Signal(int)

    def __init__(self, model: CohortModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingDecisionsTab")
        self.model = model
        self._member: CohortMember | None = None
        self._held_on: date | None = None
        self.table = RecordTable(
            self,
            name="decisionPeople",
            accessible=self.tr("Young people in the cohort"),
            double_click_activates=False,
        )
        self.table.setModel(model)
        self.table.setColumnHidden(CohortColumn.REASON, True)
        self.table.setColumnHidden(CohortColumn.RISK, True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CohortColumn.NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CohortColumn.DECISION, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.person_label = QLabel(self)
        self.person_label.setObjectName("decisionPerson")
        self.person_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.person_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.person_label.setFont(font)
        self.risk_label = QLabel(self)
        self.risk_label.setObjectName("decisionCurrentRisk")
        self.risk_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.reason_label = QLabel(self)
        self.reason_label.setObjectName("decisionReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setProperty("role", "hint")
        self.category_combo = QComboBox(self)
        self.category_combo.setObjectName("decisionCategory")
        self.category_combo.setAccessibleName(self.tr("Risk category agreed"))
        self.category_combo.view().setAccessibleName(self.tr("Risk category agreed"))
        self.category_combo.addItem(self.tr("Not agreed yet"), None)
        for c in sorted(RiskCategory, key=lambda c: -c.value):
            self.category_combo.addItem(self.tr(c.label), c)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.setObjectName("decisionOutcome")
        self.outcome_combo.setAccessibleName(self.tr("Outcome"))
        self.outcome_combo.view().setAccessibleName(self.tr("Outcome"))
        self.outcome_combo.addItem(self.tr("Not decided yet"), None)
        for outcome, label in OUTCOME_LABELS.items():
            self.outcome_combo.addItem(self.tr(label), outcome)
        self.review_check = QCheckBox(self.tr("Ne&xt review on:"), self)
        self.review_check.setObjectName("decisionReviewSet")
        self.review_check.setAccessibleName(self.tr("Set a next review date"))
        self.review_edit = QDateEdit(self)
        self.review_edit.setObjectName("decisionReview")
        self.review_edit.setAccessibleName(self.tr("Next review date"))
        self.review_edit.setCalendarPopup(True)
        self.review_edit.setDisplayFormat("d MMM yyyy")
        self.review_edit.setEnabled(False)
        self.review_check.toggled.connect(self.review_edit.setEnabled)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setObjectName("decisionNotes")
        self.notes_edit.setAccessibleName(self.tr("Decision notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(
            self.tr("The decision and its reasons, as the chronology should record them")
        )
        self.review_error = error_label(self, "decisionReviewError", self.tr("Review: message"))
        self.error_label = error_label(self, "decisionError", self.tr("Decision message"))
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("decisionSaved")
        self.saved_label.setProperty("role", "ok")
        self.saved_label.hide()
        self.save_button = button(
            self, self.tr("Save &decision"), "decisionSave", self.tr("Save decision")
        )
        self.open_button = button(
            self, self.tr("&Open record"), "decisionOpen", self.tr("Open the young person's record")
        )
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_check)
        review_row.addWidget(self.review_edit)
        review_row.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Current risk:"), self.risk_label)
        for text, widget in (
            (self.tr("&Category agreed:"), self.category_combo),
            (self.tr("O&utcome:"), self.outcome_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", review_row)
        form.addRow("", self.review_error)
        notes_label = QLabel(self.tr("Decision &notes:"), self)
        notes_label.setBuddy(self.notes_edit)
        form.addRow(notes_label, self.notes_edit)
        actions = QHBoxLayout()
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.save_button)

        self.form_box = QWidget(self)
        right = QVBoxLayout(self.form_box)
        right.setContentsMargins(12, 0, 0, 0)
        right.addWidget(self.person_label)
        right.addWidget(self.reason_label)
        right.addLayout(form, 1)
        right.addWidget(self.error_label)
        right.addLayout(actions)
        self.empty_label = QLabel(
            self.tr("Add young people to the cohort to record decisions."), self
        )
        self.empty_label.setObjectName("decisionEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.form_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([320, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(split, 1)
        layout.addWidget(self.empty_label)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.sig_activated.connect(self._on_person_activated)
        model.modelReset.connect(self._on_model_reset)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self._editable = True
        self._on_model_reset()

    def set_meeting_date(self, held_on: date) -> None:
        self._held_on = held_on

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.save_button.setVisible(editable)
        for w in (self.category_combo, self.outcome_combo, self.review_check):
            w.setEnabled(editable)
        self.review_edit.setEnabled(editable and self.review_check.isChecked())
        self.notes_edit.setReadOnly(not editable)

    def current(self) -> CohortMember | None:
        return self._member

    def select(self, young_person_id: int) -> None:
        row = self.model.row_of_id(young_person_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, CohortColumn.NAME),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def show_saved(self, text: str) -> None:
        self.saved_label.setText(text)
        self.saved_label.setVisible(bool(text))

    def show_error(self, message: str, fields: dict[str, str]) -> None:
        if "next_review_on" in fields:
            show_error(self.review_error, fields["next_review_on"])
            if len(fields["next_review_on"]) < 20:
                show_error(self.review_error, message)
            self.review_edit.setFocus()
        else:
            show_error(self.error_label, message)

    def _on_person_activated(self, _index: QModelIndex) -> None:
        self.category_combo.setFocus()

    def _on_model_reset(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        self.form_box.setEnabled(not empty)
        if empty:
            self._fill(None)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._fill(self.model.row_at(current.row()) if current.isValid() else None)

    def _fill(self, m: CohortMember | None) -> None:
        self._member = m
        show_error(self.review_error, "")
        show_error(self.error_label, "")
        self.show_saved("")
        if m is None:
            self.person_label.setText(self.tr("No young person chosen"))
            self.risk_label.setText("")
            self.reason_label.setText("")
            self.notes_edit.setPlainText("")
            return
        self.person_label.setText(m.display_name)
        self.risk_label.setText(risk_text(m.current_category))
        category = m.current_category
        self.risk_label.setStyleSheet(
            f"QLabel {{ background: {RISK_TINTS[category]}; color: #1b1f24; font-weight: bold;"
            f" border: 1px solid {RISK_COLOURS[category]};"
            f" border-left: 8px solid {RISK_COLOURS[category]}; padding: 2px 8px; }}"
            if category is not None
            else "QLabel { color: #374151; padding: 2px 0px; }"
        )
        self.risk_label.setAccessibleName(
            self.tr("Current risk: {risk}").format(risk=risk_text(m.current_category))
        )
        self.reason_label.setText(
            self.tr("Why discussed: {reason}").format(reason=m.reason or self.tr("not given"))
        )
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(m.category_agreed)))
        self.outcome_combo.setCurrentIndex(max(0, self.outcome_combo.findData(m.outcome)))
        review = m.next_review_on or self._held_on
        self.review_check.setChecked(m.next_review_on is not None)
        if review is not None:
            self.review_edit.setDate(qdate(review))
        self.review_edit.setEnabled(self._editable and self.review_check.isChecked())
        self.notes_edit.setPlainText(m.decision)

    def _on_save_clicked(self) -> None:
        m = self._member
        if m is None:
            return
        show_error(self.review_error, "")
        show_error(self.error_label, "")
        category: RiskCategory | None = self.category_combo.currentData()
        outcome: MeetingOutcome | None = self.outcome_combo.currentData()
        review = self.review_edit.date().toPython() if self.review_check.isChecked() else None
        self.sig_save.emit(m, category, outcome, self.notes_edit.toPlainText(), review)

    def _on_open_clicked(self) -> None:
        if self._member is not None:
            self.sig_open_person.emit(self._member.young_person_id)
