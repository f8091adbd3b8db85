"""Audit viewer: search who did what (by user, young person, action, dates) and export to CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import resources
from desktop.domain.actor import Actor
from desktop.domain.dates import LOCAL_TZ
from desktop.domain.enums import AuditAction
from desktop.interfaces import AuditViewerApi
from desktop.models.audit import ACTION_LABELS, AuditTableModel, Column
from desktop.tasks import TaskRunner
from desktop.views.widgets.forms import busy_bar, error_label, message_of, show_error

SEARCH_KEY = "audit.search"
EXPORT_KEY = "audit.export"


def uk_day_start(day: date) -> datetime:
    """Midnight at the start of a UK calendar day, as an aware UTC datetime (BST-correct)."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


class AuditViewerDialog(QDialog):
    """Non-modal, kept open beside the caseload (it hides while Caseboard is locked)."""

    #: A search finished (argument: how many entries match all filters).
    sig_searched = Signal(int)
    #: An export finished (argument: how many entries were written).
    sig_exported = Signal(int)
    #: A search or export failed (argument: the message shown).
    sig_failed = Signal(str)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        audit_service: AuditViewerApi,
        actor: Actor,
        young_person_id: int | None = None,
        young_person_label: str = "",
        action: AuditAction | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditViewerDialog")
        self.setWindowTitle(self.tr("Audit log"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._runner = runner
        self._service = audit_service
        self._actor = actor
        self._young_person_id = young_person_id
        self.model = AuditTableModel(self)
        self._build(young_person_label)
        if action is not None:
            self.action_combo.setCurrentIndex(self.action_combo.findData(action.value))
        self.resize(1100, 620)

    def _build(self, young_person_label: str) -> None:
        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("auditUser")
        self.user_edit.setAccessibleName(self.tr("Filter by username"))
        self.user_edit.setPlaceholderText(self.tr("Username, e.g. sw.north1"))
        self.person_edit = QLineEdit(self)
        self.person_edit.setObjectName("auditYoungPerson")
        self.person_edit.setAccessibleName(self.tr("Filter by young person"))
        self.person_edit.setPlaceholderText(self.tr("Name, initials or reference"))
        self.person_edit.setClearButtonEnabled(True)
        self.action_combo = QComboBox(self)
        self.action_combo.setObjectName("auditAction")
        self.action_combo.setAccessibleName(self.tr("Filter by action"))
        self.action_combo.view().setAccessibleName(self.tr("Filter by action"))
        self.action_combo.addItem(self.tr("All actions"), "")
        for action, label in ACTION_LABELS.items():
            self.action_combo.addItem(self.tr(label), action.value)
        today = QDate.currentDate()
        self.from_check = QCheckBox(self.tr("&From:"), self)
        self.from_check.setAccessibleName(self.tr("Only entries from a date"))
        self.from_edit = self._date_edit("auditFrom", self.tr("From date"), today.addDays(-30))
        self.to_check = QCheckBox(self.tr("&To:"), self)
        self.to_check.setAccessibleName(self.tr("Only entries up to a date"))
        self.to_edit = self._date_edit("auditTo", self.tr("To date (inclusive)"), today)
        self.from_check.toggled.connect(self.from_edit.setEnabled)
        self.to_check.toggled.connect(self.to_edit.setEnabled)
        self.search_button = QPushButton(resources.icon("search"), self.tr("&Search"), self)
        self.search_button.setObjectName("auditSearch")
        self.search_button.setAccessibleName(self.tr("Search the audit log"))
        self.search_button.setDefault(True)
        self.export_button = QPushButton(resources.icon("export"), self.tr("E&xport CSV…"), self)
        self.export_button.setObjectName("auditExport")
        self.export_button.setAccessibleName(self.tr("Export the matching entries to CSV"))
        self.export_button.setAutoDefault(False)

        self.scope_label = QLabel(self)
        self.scope_label.setObjectName("auditScope")
        self.scope_label.setTextFormat(Qt.TextFormat.PlainText)
        self.scope_clear = QPushButton(self.tr("Show &all young people"), self)
        self.scope_clear.setObjectName("auditScopeClear")
        self.scope_clear.setAccessibleName(self.tr("Stop filtering to one young person"))
        self.scope_clear.setAutoDefault(False)
        self.scope_clear.clicked.connect(self.clear_young_person)
        if self._young_person_id is not None:
            self.scope_label.setText(
                self.tr("Young person: {label}").format(label=young_person_label or "#?")
            )
        else:
            self.scope_label.hide()
            self.scope_clear.hide()

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        for column, (text, widget) in enumerate(
            ((self.tr("&User:"), self.user_edit), (self.tr("&Young person:"), self.person_edit),
             (self.tr("Ac&tion:"), self.action_combo))
        ):  # fmt: skip
            label = QLabel(text, self)
            label.setBuddy(widget)
            grid.addWidget(label, 0, column * 2)
            grid.addWidget(widget, 0, column * 2 + 1)
        dates = QHBoxLayout()
        dates.addWidget(self.from_check)
        dates.addWidget(self.from_edit)
        dates.addSpacing(12)
        dates.addWidget(self.to_check)
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        dates.addWidget(self.search_button)
        dates.addWidget(self.export_button)
        grid.addLayout(dates, 1, 0, 1, 6)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)

        scope = QHBoxLayout()
        scope.addWidget(self.scope_label)
        scope.addWidget(self.scope_clear)
        scope.addStretch(1)

        self.error_label = error_label(self, "auditError", self.tr("Audit message"))
        self.busy = busy_bar(self, self.tr("Searching the audit log"))
        self.count_label = QLabel(self.tr("Choose filters and press Search."), self)
        self.count_label.setObjectName("auditCount")
        self.count_label.setAccessibleName(self.tr("Result count"))

        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(self.tr("Audit entries"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        char = self.fontMetrics().horizontalAdvance("n")
        for column, chars in {
            Column.WHEN: 17, Column.USER: 15, Column.ACTION: 16, Column.YOUNG_PERSON: 18,
            Column.RECORD: 16, Column.FIELDS: 14,
        }.items():  # fmt: skip
            header.resizeSection(column, char * chars + 20)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.WHEN, Qt.SortOrder.DescendingOrder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(grid)
        layout.addLayout(scope)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.search_button.clicked.connect(self.search)
        self.user_edit.returnPressed.connect(self.search)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.person_edit.textChanged.connect(self._on_person_text_changed)

    def _date_edit(self, name: str, accessible: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(value, self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setEnabled(False)
        return edit

    # -- public API ---------------------------------------------------------------------------

    def filters(self) -> dict[str, Any]:
        """The service filters (the young-person text filters the loaded rows instead)."""
        action = self.action_combo.currentData() or None
        filters: dict[str, Any] = {
            "username": self.user_edit.text().strip() or None,
            "young_person_id": self._young_person_id,
            "action": AuditAction(action) if action else None,
            "start": None,
            "end": None,
        }
        if self.from_check.isChecked():
            filters["start"] = uk_day_start(self.from_edit.date().toPython())
        if self.to_check.isChecked():
            filters["end"] = uk_day_start(self.to_edit.date().toPython() + timedelta(days=1))
        return filters

    def search(self) -> None:
        service, actor, filters = self._service, self._actor, self.filters()
        self._set_busy(True)
        show_error(self.error_label, "")
        self.count_label.setText(self.tr("Searching…"))
        self._runner.submit(
            lambda _p: service.search(actor, **filters),
            on_done=self._on_search_done,
            on_error=self._on_failed,
            key=SEARCH_KEY,
        )

    def export(self, path: Path) -> None:
        if path.suffix.lower() != ".csv":
            path = path.with_suffix(".csv")
        service, actor, filters = self._service, self._actor, self.filters()
        self._set_busy(True)
        self._runner.submit(
            lambda _p: service.export_csv(actor, path, **filters),
            on_done=lambda count: self._on_export_done(path, count),
            on_error=self._on_failed,
            key=EXPORT_KEY,
        )

    def clear_young_person(self) -> None:
        self._young_person_id = None
        self.scope_label.hide()
        self.scope_clear.hide()
        self.search()

    # -- slots ----------------------------------------------------------------------------------

    def _on_search_done(self, rows: list[Any]) -> None:
        self._set_busy(False)
        self.model.set_rows(rows)
        self._apply_person_filter()
        self.sig_searched.emit(len(rows))

    def _on_person_text_changed(self, _text: str) -> None:
        self._apply_person_filter()

    def _apply_person_filter(self) -> None:
        needle = self.person_edit.text().strip().casefold()
        self.model.set_filter((lambda r: needle in r.young_person.casefold()) if needle else None)
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        if total == 0:
            text = self.tr("No entries match these filters")
        elif total == 1:
            text = self.tr("1 entry")
        elif shown == total:
            text = self.tr("{count} entries").format(count=total)
        else:
            text = self.tr("Showing {shown} of {total} entries").format(shown=shown, total=total)
        if total >= 10_000:
            text += self.tr(" (the first 10,000: narrow the filters)")
        self.count_label.setText(text)

    def _on_export_clicked(self) -> None:
        name = f"audit-{date.today():%Y-%m-%d}.csv"
        path_text, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export audit entries"),
            str(Path.home() / name),
            self.tr("CSV files (*.csv)"),
        )
        if path_text:
            self.export(Path(path_text))

    def _on_export_done(self, path: Path, count: int) -> None:
        self._set_busy(False)
        message = self.tr("{count} audit entries exported to {path}.").format(
            count=count, path=path
        )
        self.count_label.setText(message)
        self.sig_exported.emit(count)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export complete"), message,
                          QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        message = message_of(error, self.tr("An unexpected error happened; see the log."))
        show_error(self.error_label, message)
        self.count_label.setText("")
        self.sig_failed.emit(message)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.search_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)
