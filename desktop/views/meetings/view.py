"""The Meetings area: the list of MACSE meetings and, for the chosen one, its details, agenda,
cohort, decisions and action tracker, with the meeting pack one click away."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.dates import format_date
from desktop.domain.enums import MeetingOutcome, RiskCategory, Role
from desktop.domain.meetings import (
    ActionView,
    CohortMember,
    CohortSuggestion,
    MeetingDetail,
    MeetingSummary,
)
from desktop.domain.progress import Progress
from desktop.interfaces import CaseloadApi, MeetingsApi, SharingApi
from desktop.models.meetings import CohortModel, MeetingColumn, MeetingsTableModel, risk_text
from desktop.tasks import TaskRunner
from desktop.views.meetings.action_dialogs import AddActionDialog, UpdateActionDialog
from desktop.views.meetings.actions import ActionsTab
from desktop.views.meetings.agenda import AgendaTab
from desktop.views.meetings.cohort import CohortTab
from desktop.views.meetings.cohort_dialogs import AddToCohortDialog, CohortSuggestDialog
from desktop.views.meetings.common import format_meeting_heading
from desktop.views.meetings.decisions import DecisionsTab
from desktop.views.meetings.details import DetailsTab
from desktop.views.meetings.dialogs import NewMeetingDialog
from desktop.views.meetings.pack_dialog import PackDialog
from desktop.views.widgets.forms import busy_bar, error_label, field_errors, message_of, show_error
from desktop.views.widgets.tables import RecordTable

#: Roles that run meetings (the service enforces it; the screen only follows).
MANAGE_ROLES = frozenset({Role.MACSE_CHAIR, Role.TEAM_MANAGER})
LIST_KEY = "meetings.list"
DETAIL_KEY = "meetings.detail"
SAVE_KEY = "meetings.save"


class MeetingsView(QWidget):
    """List on the left, the chosen meeting in tabs on the right.

    Chairs and team managers edit; social workers and key persons read and update actions.
    """

    #: The user activated a young person (cohort or decisions): open their record.
    sig_open_person = Signal(int)
    #: The meeting list is shown (argument: how many meetings).
    sig_loaded = Signal(int)
    #: A meeting's detail is shown (argument: its id).
    sig_meeting_loaded = Signal(int)
    #: Something was saved (argument: a sentence for the status bar).
    sig_saved = Signal(str)
    #: A decision was recorded, which goes on that young person's chronology (argument: id).
    sig_decision_saved = Signal(int)
    #: A load or save failed (argument: the message shown).
    sig_failed = Signal(str)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        meetings: MeetingsApi,
        actor: Actor | Callable[[], Actor],
        caseload_service: CaseloadApi | None = None,
        today: Callable[[], date] = date.today,
        sharing: SharingApi | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``caseload_service`` (``load(actor, progress)``) lets the chair add a young person
        who was not suggested; ``sharing`` (a SharingService) is passed to the pack dialog,
        which offers sharing with partner agencies."""
        super().__init__(parent)
        self.setObjectName("meetingsView")
        self._runner = runner
        self._service = meetings
        self._actor = actor
        self._caseload = caseload_service
        self._today = today
        self._sharing = sharing
        self._detail: MeetingDetail | None = None
        self._dirty = False
        self._pending_select: int | None = None
        self._pending_action: int | None = None
        self.dialog: QWidget | None = None
        self.pack_dialogs: list[PackDialog] = []
        self.can_manage = self.actor().role in MANAGE_ROLES
        self.model = MeetingsTableModel(self)
        self.cohort_model = CohortModel(self)
        self._build()
        self._apply_role()

    def actor(self) -> Actor:
        return self._actor() if callable(self._actor) else self._actor

    # -- construction -------------------------------------------------------------------------

    def _build(self) -> None:
        heading = QLabel(self.tr("MACSE meetings"), self)
        heading.setObjectName("meetingsHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        self.new_button = QPushButton(self.tr("&New meeting…"), self)
        self.new_button.setObjectName("newMeeting")
        self.new_button.setAccessibleName(self.tr("New meeting"))
        self.new_button.setToolTip(self.tr("Create a meeting (Ctrl+N)"))
        self.new_button.setAutoDefault(False)
        self.table = RecordTable(
            self,
            name="meetingsTable",
            accessible=self.tr("Meetings"),
            stretch_last=False,
            enter_activates=False,  # the current row is the open meeting already
            double_click_activates=False,
        )
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(MeetingColumn.DATE, Qt.SortOrder.DescendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(MeetingColumn.DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MeetingColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MeetingColumn.COHORT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            MeetingColumn.OPEN_ACTIONS, QHeaderView.ResizeMode.ResizeToContents
        )
        self.list_busy = busy_bar(self, self.tr("Loading meetings"))
        self.list_error = error_label(self, "meetingsError", self.tr("Meetings message"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("meetingsCount")
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.new_button)
        left = QWidget(self)
        left.setObjectName("meetingsListPane")
        left.setMinimumWidth(self.fontMetrics().horizontalAdvance("n") * 46)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(10, 10, 6, 10)
        left_layout.addLayout(top)
        left_layout.addWidget(self.list_busy)
        left_layout.addWidget(self.list_error)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        # the meeting
        self.title_label = QLabel(self)
        self.title_label.setObjectName("meetingHeading")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title_label.setFont(font)
        self.subtitle_label = QLabel(self)
        self.subtitle_label.setObjectName("meetingSubheading")
        self.subtitle_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save changes"), self)
        self.save_button.setObjectName("meetingSave")
        self.save_button.setAccessibleName(self.tr("Save the meeting's details and agenda"))
        self.save_button.setToolTip(self.tr("Save details, attendance and agenda (Ctrl+S)"))
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(False)
        self.pack_button = QPushButton(self.tr("&Print pack…"), self)
        self.pack_button.setObjectName("meetingPack")
        self.pack_button.setAccessibleName(self.tr("Print or save the meeting pack"))
        self.pack_button.setToolTip(self.tr("Print preview, print or save the pack (Ctrl+P)"))
        self.pack_button.setAutoDefault(False)
        self.detail_busy = busy_bar(self, self.tr("Loading the meeting"))
        self.detail_error = error_label(self, "meetingError", self.tr("Meeting message"))
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("meetingSaved")
        self.saved_label.setProperty("role", "ok")
        self.saved_label.hide()

        self.details_tab = DetailsTab(self)
        self.agenda_tab = AgendaTab(self)
        self.cohort_tab = CohortTab(self.cohort_model, self)
        self.decisions_tab = DecisionsTab(self.cohort_model, self)
        self.actions_tab = ActionsTab(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("meetingTabs")
        self.tabs.setAccessibleName(self.tr("Meeting sections"))
        # Alt+1 … Alt+5 reach each tab from the keyboard, as the record's panels do
        self.tabs.addTab(self.details_tab, self.tr("&1 Details"))
        self.tabs.addTab(self.agenda_tab, self.tr("&2 Agenda"))
        self.tabs.addTab(self.cohort_tab, self.tr("&3 Cohort"))
        self.tabs.addTab(self.decisions_tab, self.tr("&4 Decisions"))
        self.tabs.addTab(self.actions_tab, self.tr("&5 Actions"))

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        head.addLayout(titles, 1)
        head.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.pack_button, 0, Qt.AlignmentFlag.AlignTop)
        meeting = QWidget(self)
        meeting.setObjectName("meetingPane")
        meeting_layout = QVBoxLayout(meeting)
        meeting_layout.setContentsMargins(6, 10, 10, 10)
        meeting_layout.addLayout(head)
        meeting_layout.addWidget(self.saved_label)
        meeting_layout.addWidget(self.detail_busy)
        meeting_layout.addWidget(self.detail_error)
        meeting_layout.addWidget(self.tabs, 1)
        self.empty_label = QLabel(
            self.tr("Choose a meeting on the left, or create one with New meeting…"), self
        )
        self.empty_label.setObjectName("meetingEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(meeting)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("meetingsSplitter")
        split.setChildrenCollapsible(False)
        split.addWidget(left)
        split.addWidget(self.stack)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([380, 820])
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+N", self.new_meeting),
            ("Ctrl+S", self.save_meeting),
            ("Ctrl+P", self.open_pack),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

        self.new_button.clicked.connect(self.new_meeting)
        self.save_button.clicked.connect(self.save_meeting)
        self.pack_button.clicked.connect(self.open_pack)
        self.table.selectionModel().currentRowChanged.connect(self._on_meeting_row_changed)
        self.details_tab.sig_changed.connect(self._on_form_changed)
        self.agenda_tab.sig_changed.connect(self._on_form_changed)
        self.cohort_tab.sig_suggest.connect(self.suggest_cohort)
        self.cohort_tab.sig_add.connect(self.add_to_cohort)
        self.cohort_tab.sig_remove.connect(self.remove_from_cohort)
        self.cohort_tab.sig_open_person.connect(self.sig_open_person)
        self.decisions_tab.sig_open_person.connect(self.sig_open_person)
        self.decisions_tab.sig_save.connect(self._on_decision_save)
        self.actions_tab.sig_add.connect(self.add_action)
        self.actions_tab.sig_update.connect(self.update_action)

    def _apply_role(self) -> None:
        manage = self.can_manage
        self.new_button.setVisible(manage)
        self.save_button.setVisible(manage)
        self.details_tab.set_editable(manage)
        self.agenda_tab.set_editable(manage)
        self.cohort_tab.set_editable(manage, can_add=self._caseload is not None)
        self.decisions_tab.set_editable(manage)
        self.actions_tab.set_can_add(manage)

    # -- public API ---------------------------------------------------------------------------

    @property
    def detail(self) -> MeetingDetail | None:
        return self._detail

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def reload(self, select: int | None = None) -> None:
        """Reload the list; keep (or move to) the chosen meeting and reload it too."""
        if select is None and self._detail is not None:
            select = self._detail.id
        self._pending_select = select
        service, actor = self._service, self.actor()
        self.list_busy.show()
        show_error(self.list_error, "")
        self._runner.submit(
            lambda _p: service.list_meetings(actor),
            on_done=self._on_list_loaded,
            on_error=self._on_list_failed,
            key=LIST_KEY,
        )

    def select_meeting(self, meeting_id: int) -> None:
        row = self.model.row_of_id(meeting_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def load_meeting(self, meeting_id: int) -> None:
        service, actor = self._service, self.actor()
        self.detail_busy.show()
        show_error(self.detail_error, "")
        self._runner.submit(
            lambda _p: service.get(actor, meeting_id),
            on_done=self._on_detail_loaded,
            on_error=self._on_detail_failed,
            key=DETAIL_KEY,
        )

    def new_meeting(self) -> None:
        if not self.can_manage:
            return
        service, actor = self._service, self.actor()
        dialog = NewMeetingDialog(
            runner=self._runner,
            create=lambda title, held_on, venue: service.create(actor, title, held_on, venue),
            today=self._today(),
            parent=self,
        )
        dialog.sig_saved.connect(self._on_meeting_created)
        self._open_dialog(dialog)

    def save_meeting(self) -> None:
        """Save the details, attendance and agenda (one conflict-checked update)."""
        detail = self._detail
        if detail is None or not self.can_manage or not self._dirty:
            return
        values = self.details_tab.values()
        values["agenda"] = self.agenda_tab.items()
        service, actor = self._service, self.actor()
        self.details_tab.clear_errors()
        show_error(self.detail_error, "")
        self.save_button.setEnabled(False)
        self.detail_busy.show()
        self._runner.submit(
            lambda _p: service.update(actor, detail.id, detail.version, **values),
            on_done=lambda d: self._on_changed(d, self.tr("Meeting saved"), keep_edits=False),
            on_error=self._on_save_failed,
            key=SAVE_KEY,
        )

    def open_pack(self) -> None:
        detail = self._detail
        if detail is None:
            return
        dialog = PackDialog(
            runner=self._runner,
            meetings=self._service,
            actor=self.actor(),  # a value: see _open_dialog about references to the view
            meeting_id=detail.id,
            subject=f"{detail.title}, {format_date(detail.held_on)}",
            default_file_name=f"MACSE pack {detail.held_on:%Y-%m-%d}.pdf",
            sharing=self._sharing if self.can_manage else None,  # chairs and managers share
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_saved.connect(self._on_pack_saved)
        dialog.sig_printed.connect(self._on_pack_printed)
        dialog.finished.connect(self._on_pack_finished)
        self.pack_dialogs.append(dialog)
        dialog.show()

    def suggest_cohort(self) -> None:
        detail = self._detail
        if detail is None or not self.can_manage:
            return
        service, actor = self._service, self.actor()
        self._busy_detail(True)
        self._runner.submit(
            lambda _p: service.suggest_cohort(actor, detail.id),
            on_done=self._on_suggestions,
            on_error=self._on_cohort_failed,
            key="meetings.suggest",
        )

    def add_to_cohort(self) -> None:
        detail = self._detail
        if detail is None or not self.can_manage or self._caseload is None:
            return
        caseload, actor = self._caseload, self.actor()
        self._busy_detail(True)

        def work(progress: Progress) -> list[tuple[int, str, str]]:
            rows = caseload.load(actor, progress)
            return [(r.id, r.display_name, risk_text(r.risk_category)) for r in rows]

        self._runner.submit(
            work, on_done=self._on_people, on_error=self._on_cohort_failed, key="meetings.people"
        )

    def remove_from_cohort(self, young_person_id: int) -> None:
        detail = self._detail
        if detail is None or not self.can_manage:
            return
        ids = [m.young_person_id for m in detail.cohort if m.young_person_id != young_person_id]
        name = next(
            (m.display_name for m in detail.cohort if m.young_person_id == young_person_id), ""
        )
        self._set_cohort(ids, {}, self.tr("{name} removed from the cohort").format(name=name))

    def add_action(self) -> None:
        detail = self._detail
        if detail is None or not self.can_manage:
            return
        service, actor = self._service, self.actor()
        person = self.actions_tab.person_combo.currentData()
        dialog = AddActionDialog(
            runner=self._runner,
            add=lambda **f: service.add_action(actor, meeting_id=detail.id, **f),
            cohort=detail.cohort,
            today=self._today(),
            young_person_id=person,
            parent=self,
        )
        dialog.sig_saved.connect(self._on_action_saved)
        self._open_dialog(dialog)

    def update_action(self, action: ActionView) -> None:
        service, actor = self._service, self.actor()
        dialog = UpdateActionDialog(
            runner=self._runner,
            update=lambda action_id, version, **f: service.update_action(
                actor, action_id, version, **f
            ),
            action=action,
            parent=self,
        )
        dialog.sig_saved.connect(self._on_action_saved)
        self._open_dialog(dialog)

    # -- helpers ---------------------------------------------------------------------------------

    def _open_dialog(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        # Dialogs delete themselves on close. PySide6 6.11 crashed deleting one that held a
        # Python reference back to this view (a lambda on its signals, or a callable closing
        # over self): connect bound slots and give dialogs only values and service closures.
        dialog.finished.connect(self._on_dialog_finished)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is self.sender():
            self.dialog = None

    def _on_pack_saved(self, path: object, pages: int) -> None:
        self.sig_saved.emit(
            self.tr("Pack saved: {path} ({pages} pages)").format(path=path, pages=pages)
        )

    def _on_pack_printed(self, pages: int) -> None:
        self.sig_saved.emit(self.tr("Pack printed ({pages} pages)").format(pages=pages))

    def _on_pack_finished(self, _result: int) -> None:
        sender = self.sender()
        self.pack_dialogs = [d for d in self.pack_dialogs if d is not sender]

    def _busy_detail(self, busy: bool) -> None:
        self.detail_busy.setVisible(busy)

    def _set_cohort(self, ids: list[int], reasons: dict[int, str], done_text: str) -> None:
        detail = self._detail
        assert detail is not None
        service, actor = self._service, self.actor()
        show_error(self.cohort_tab.error_label, "")
        self._busy_detail(True)
        self._runner.submit(
            lambda _p: service.set_cohort(actor, detail.id, ids, reasons),
            on_done=lambda d: self._on_changed(d, done_text),
            on_error=self._on_cohort_failed,
            key="meetings.set_cohort",
        )

    def _show_detail(self, detail: MeetingDetail, *, keep_edits: bool = False) -> None:
        """Fill the tabs. With ``keep_edits`` (after a cohort, decision or action change) the
        unsaved details and agenda stay as typed; only the version moves on."""
        same = self._detail is not None and self._detail.id == detail.id
        self._detail = detail
        self.stack.setCurrentIndex(1)
        self.title_label.setText(format_meeting_heading(detail))
        status = self.tr("Held") if detail.status == "held" else self.tr("Planned")
        since = (
            self.tr("; previous meeting {date}").format(date=format_date(detail.previous_held_on))
            if detail.previous_held_on
            else ""
        )
        self.subtitle_label.setText(
            self.tr("{status} · Chair: {chair} · {venue}{since}").format(
                status=status,
                chair=detail.chair or self.tr("not set"),
                venue=detail.venue or self.tr("venue to be confirmed"),
                since=since,
            )
        )
        if not (keep_edits and same and self._dirty):
            self.details_tab.set_meeting(detail)
            self.agenda_tab.set_items(detail.agenda)
            self._set_dirty(False)
        decision_for = self.decisions_tab.current()
        cohort_current = self.cohort_tab.selected()
        self.cohort_model.set_rows(detail.cohort)
        self.decisions_tab.set_meeting_date(detail.held_on)
        if same and cohort_current is not None:
            row = self.cohort_model.row_of_id(cohort_current.young_person_id)
            if row >= 0:
                self.cohort_tab.table.setCurrentIndex(self.cohort_model.index(row, 0))
        if same and decision_for is not None:
            self.decisions_tab.select(decision_for.young_person_id)
        elif detail.cohort:
            self.decisions_tab.select(detail.cohort[0].young_person_id)
        self.actions_tab.set_actions(detail.actions)
        self.sig_meeting_loaded.emit(detail.id)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty and self.can_manage)
        if dirty:
            self.saved_label.hide()

    def _confirm_discard(self) -> bool:
        """Ask before unsaved details or agenda are thrown away (tests may replace this)."""
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The meeting's details or agenda have unsaved changes. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _status(self, text: str) -> None:
        self.saved_label.setText(text)
        self.saved_label.setAccessibleName(text)
        self.saved_label.setVisible(bool(text))
        self.sig_saved.emit(text)

    # -- slots ------------------------------------------------------------------------------------

    def _on_list_loaded(self, rows: list[MeetingSummary]) -> None:
        self.list_busy.hide()
        select = self._pending_select
        self._pending_select = None
        self.model.set_rows(rows)
        n = len(rows)
        self.count_label.setText(
            self.tr("No meetings yet")
            if n == 0
            else self.tr("1 meeting")
            if n == 1
            else self.tr("{n} meetings").format(n=n)
        )
        self.sig_loaded.emit(n)
        if select is not None and self.model.row_of_id(select) >= 0:
            self.select_meeting(select)
        elif n:
            self.select_meeting(self.model.row_at(0).id)
        else:
            self.stack.setCurrentIndex(0)

    def _on_list_failed(self, error: BaseException) -> None:
        self.list_busy.hide()
        message = message_of(error, self.tr("The meetings could not be loaded."))
        show_error(self.list_error, message)
        self.sig_failed.emit(message)

    def _on_meeting_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        summary = self.model.row_at(current.row())
        if self._detail is not None and summary.id == self._detail.id:
            self.load_meeting(summary.id)  # the same meeting after a list reload: refresh
            return
        if self._dirty and not self._confirm_discard():
            if previous.isValid():
                with _Blocked(self.table.selectionModel()):
                    self.table.selectionModel().setCurrentIndex(
                        previous,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
            return
        self._set_dirty(False)
        self.saved_label.hide()
        self.load_meeting(summary.id)

    def _on_detail_loaded(self, detail: MeetingDetail) -> None:
        self.detail_busy.hide()
        self._show_detail(detail, keep_edits=True)
        if self._pending_action is not None:
            self.actions_tab.select(self._pending_action)
            self._pending_action = None

    def _on_detail_failed(self, error: BaseException) -> None:
        self.detail_busy.hide()
        message = message_of(error, self.tr("The meeting could not be loaded."))
        show_error(self.detail_error, message)
        self.sig_failed.emit(message)

    def _on_form_changed(self) -> None:
        self._set_dirty(True)

    def _on_meeting_created(self, detail: MeetingDetail) -> None:
        self._set_dirty(False)
        self._show_detail(detail)
        self.tabs.setCurrentWidget(self.cohort_tab)
        self._status(self.tr("Meeting created: {title}").format(title=detail.title))
        self.reload(select=detail.id)

    def _on_changed(self, detail: MeetingDetail, text: str, *, keep_edits: bool = True) -> None:
        self.detail_busy.hide()
        self._show_detail(detail, keep_edits=keep_edits)
        self._status(text)
        # the list's counts (cohort size, open actions, title) may have moved
        service, actor = self._service, self.actor()
        self._runner.submit(
            lambda _p: service.list_meetings(actor),
            on_done=self._on_counts_loaded,
            on_error=lambda _e: None,
            key=LIST_KEY,
        )

    def _on_counts_loaded(self, rows: list[MeetingSummary]) -> None:
        current = self._detail.id if self._detail is not None else None
        with _Blocked(self.table.selectionModel()):
            self.model.set_rows(rows)
            if current is not None:
                row = self.model.row_of_id(current)
                if row >= 0:
                    self.table.selectionModel().setCurrentIndex(
                        self.model.index(row, 0),
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )

    def _on_save_failed(self, error: BaseException) -> None:
        self.detail_busy.hide()
        self.save_button.setEnabled(self._dirty)
        fields = field_errors(error)
        message = message_of(error, self.tr("Not saved: an unexpected error."))
        if fields and self.details_tab.show_errors(
            {k: (v if len(v) >= 20 else message) for k, v in fields.items()}
        ):
            self.tabs.setCurrentWidget(self.details_tab)
        else:
            show_error(self.detail_error, message)
        self.sig_failed.emit(message)

    def _on_suggestions(self, suggestions: list[CohortSuggestion]) -> None:
        self._busy_detail(False)
        detail = self._detail
        if detail is None:
            return
        if not suggestions:
            show_error(
                self.cohort_tab.error_label,
                self.tr("No young people meet a suggestion rule just now."),
            )
            return
        members = [m.young_person_id for m in detail.cohort]
        service, actor = self._service, self.actor()

        def accept(accepted: list[CohortSuggestion]) -> MeetingDetail:
            """Runs on the worker: the current members plus the accepted suggestions."""
            ids = [*members, *(s.young_person_id for s in accepted)]
            reasons = {s.young_person_id: "; ".join(s.reasons) for s in accepted}
            return service.set_cohort(actor, detail.id, ids, reasons)

        dialog = CohortSuggestDialog(
            runner=self._runner,
            suggestions=suggestions,
            members=members,
            accept=accept,
            parent=self,
        )
        dialog.sig_saved.connect(self._on_suggestions_accepted)
        self._open_dialog(dialog)

    def _on_suggestions_accepted(self, detail: MeetingDetail) -> None:
        self._on_changed(detail, self.tr("Cohort updated from the suggestions"))

    def _on_person_added(self, detail: MeetingDetail) -> None:
        self._on_changed(detail, self.tr("Young person added"))

    def _on_people(self, people: list[tuple[int, str, str]]) -> None:
        self._busy_detail(False)
        detail = self._detail
        if detail is None:
            return
        members = [m.young_person_id for m in detail.cohort]
        service, actor = self._service, self.actor()

        def add(young_person_id: int, reason: str) -> MeetingDetail:
            return service.set_cohort(
                actor, detail.id, [*members, young_person_id], {young_person_id: reason}
            )

        dialog = AddToCohortDialog(
            runner=self._runner, people=people, members=members, add=add, parent=self
        )
        dialog.sig_saved.connect(self._on_person_added)
        self._open_dialog(dialog)

    def _on_cohort_failed(self, error: BaseException) -> None:
        self._busy_detail(False)
        message = message_of(error, self.tr("The cohort could not be changed."))
        show_error(self.cohort_tab.error_label, message)
        self.sig_failed.emit(message)

    def _on_decision_save(
        self,
        member: CohortMember,
        category: RiskCategory | None,
        outcome: MeetingOutcome | None,
        notes: str,
        review: date | None,
    ) -> None:
        detail = self._detail
        if detail is None or not self.can_manage or member.version is None:
            return
        service, actor = self._service, self.actor()
        self.decisions_tab.save_button.setEnabled(False)
        self._busy_detail(True)
        name = member.display_name
        self._runner.submit(
            lambda _p: service.record_decision(
                actor,
                detail.id,
                member.young_person_id,
                category,
                outcome,
                notes,
                review,
                member.version,  # type: ignore[arg-type]  # checked not None above (lost in the lambda)
            ),
            on_done=lambda d: self._on_decision_saved(d, name, member.young_person_id),
            on_error=self._on_decision_failed,
            key="meetings.decision",
        )

    def _on_decision_saved(self, detail: MeetingDetail, name: str, young_person_id: int) -> None:
        self.decisions_tab.save_button.setEnabled(True)
        self._on_changed(detail, self.tr("Decision saved for {name}").format(name=name))
        self.decisions_tab.show_saved(self.tr("Saved."))
        self.sig_decision_saved.emit(young_person_id)

    def _on_decision_failed(self, error: BaseException) -> None:
        self._busy_detail(False)
        self.decisions_tab.save_button.setEnabled(True)
        message = message_of(error, self.tr("The decision was not saved: an unexpected error."))
        self.decisions_tab.show_error(message, field_errors(error))
        self.sig_failed.emit(message)

    def _on_action_saved(self, action: ActionView) -> None:
        detail = self._detail
        if detail is None:
            return
        self._status(self.tr("Action {reference} saved").format(reference=action.reference))
        self._pending_action = action.id
        self.load_meeting(detail.id)

    def closeEvent(self, event: Any) -> None:
        for dialog in list(self.pack_dialogs):
            dialog.close()
        super().closeEvent(event)


class _Blocked:
    """Block a QObject's signals for the duration of a with-block."""

    def __init__(self, obj: Any) -> None:
        self._obj = obj

    def __enter__(self) -> None:
        self._was = self._obj.blockSignals(True)

    def __exit__(self, *_exc: object) -> None:
        self._obj.blockSignals(self._was)
