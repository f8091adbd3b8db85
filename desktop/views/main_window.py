"""The main window: protective marking, role-aware menus, the home panel and the idle lock."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__, resources
from desktop.domain.access import CASELOAD_ROLES
from desktop.domain.actor import Actor
from desktop.domain.commands import KIND_CHRONOLOGY, Changes
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import ServiceError
from desktop.domain.records import CaseloadRow
from desktop.domain.security import SecurityPolicy
from desktop.interfaces import (
    AccessApi,
    AuditViewerApi,
    AuthApi,
    CaseloadApi,
    ConnectionCheck,
    MeetingsApi,
    PersonApi,
    SharingApi,
    UserAdminApi,
)
from desktop.settings import UiSettings
from desktop.tasks import TaskRunner
from desktop.views.caseload import CaseloadView
from desktop.views.session.break_glass import RecordOpener
from desktop.views.session.idle_lock import WindowLocker
from desktop.views.widgets.notice_page import NoticePage

if TYPE_CHECKING:  # each imported where first used: start-up needs only the caseload
    from desktop.views.admin.audit_viewer import AuditViewerDialog
    from desktop.views.admin.users import UsersAdminView
    from desktop.views.person.view import PanelSpec, PersonView

#: Government Security Classifications marking shown on every screen.
PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
EXPORT_KEY = "caseload.export"
#: Roles that may read the audit log (the service enforces it; the menu only follows).
AUDIT_ROLES = frozenset({Role.TEAM_MANAGER, Role.ADMINISTRATOR})


class MainWindow(QMainWindow):
    """Layout, actions and wiring only; each panel lives in its own module."""

    #: Re-emitted from the caseload once rows are shown (argument: how many).
    sig_caseload_loaded = Signal(int)
    #: The home panel (caseload, users or notice) has its content: time for a screenshot.
    sig_home_ready = Signal()
    #: The home panel could not load (argument: the message shown).
    sig_home_failed = Signal(str)
    #: A young person opened with --open has loaded (time for a screenshot of it).
    sig_person_ready = Signal()
    #: The actor changed (a break-glass grant); argument: the new Actor.
    sig_actor_changed = Signal(object)
    #: File ▸ Connect… chose another database and this window closed; argument: the choice.
    sig_switch_requested = Signal(object)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        caseload_service: CaseloadApi,
        actor: Actor,
        database_label: str,
        settings: QSettings | None = None,
        auth_service: AuthApi | None = None,
        admin_service: UserAdminApi | None = None,
        access_service: AccessApi | None = None,
        audit_service: AuditViewerApi | None = None,
        person_service: PersonApi | None = None,
        panels: Any = None,
        meetings_service: MeetingsApi | None = None,
        sharing_service: SharingApi | None = None,
        connection_check: ConnectionCheck | None = None,
        policy: SecurityPolicy | None = None,
        idle_lock_ms: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Services other than the caseload are optional: without one, its features are hidden.

        ``idle_lock_ms`` overrides the policy's idle time (tests); 0 turns the idle lock off.
        """
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._runner = runner
        self._service = caseload_service
        self._auth = auth_service
        self._admin = admin_service
        self._access = access_service
        self._audit = audit_service
        self._person = person_service
        #: Builds the person screen's panels: () -> list[PanelSpec] (see views/person_panels.py).
        self._panels = panels
        self._meetings = meetings_service
        #: Sharing packs with partner agencies; a partner-agency reader's home lists theirs.
        self._sharing = sharing_service
        #: Tests a connection in File ▸ Connect… (without one, that action is hidden).
        self._connection_check = connection_check
        self.shared: Any = None
        #: The MACSE meetings area (a tab beside the caseload), made when first shown.
        self.meetings: Any = None
        #: A chair's or manager's list of what they shared (a tab), made when first shown.
        self.shared_by_me: Any = None
        #: Open young people, by id (each a tab beside the caseload).
        self.person_views: dict[int, PersonView] = {}
        self._policy = policy or SecurityPolicy()
        self._actor = actor
        self._settings = settings
        self._revealed_id: int | None = None
        #: Open audit viewers (non-modal; they hide while Caseboard is locked).
        self.audit_viewers: list[AuditViewerDialog] = []
        #: Opens restricted records through break-glass (None without an access service).
        self.record_opener: RecordOpener | None = None
        if access_service is not None:
            self.record_opener = RecordOpener(
                runner=runner,
                access_service=access_service,
                actor=lambda: self._actor,
                min_reason=self._policy.min_break_glass_reason,
                window=self,
            )
        self.setWindowTitle(self.tr("Caseboard — {database}").format(database=database_label))
        self.setWindowIcon(resources.icon("caseboard"))

        self.caseload = CaseloadView(runner=runner, caseload_service=caseload_service, actor=actor)
        self.users: UsersAdminView | None = None
        self.notice: NoticePage | None = None
        self._build_central()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar(database_label)
        self._connect()
        self._apply_role()
        self._restore_settings()
        self.locker: WindowLocker | None = None
        if auth_service is not None:
            timeout = (
                idle_lock_ms
                if idle_lock_ms is not None
                else self._policy.idle_lock_minutes * 60_000
            )
            self.locker = WindowLocker(
                window=self,
                stack=self.stack,
                content=self.home_page,
                runner=runner,
                auth_service=auth_service,
                actor=lambda: self._actor,
                timeout_ms=timeout,
            )
            self.lock_action.triggered.connect(self.locker.lock)
            runner.sig_session_ended.connect(self.locker.end_session)

    # -- construction -----------------------------------------------------------------------

    def _build_central(self) -> None:
        self.marking_label = QLabel(PROTECTIVE_MARKING, self)
        self.marking_label.setObjectName("protectiveMarking")
        self.marking_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.marking_label.setAccessibleName(
            self.tr("Protective marking: {marking}").format(marking=PROTECTIVE_MARKING)
        )
        role = self._actor.role
        if role is Role.ADMINISTRATOR and self._admin is not None:
            from desktop.views.admin.users import UsersAdminView

            self.users = UsersAdminView(
                runner=self._runner,
                admin_service=self._admin,
                actor=self._actor,
                min_password_length=self._policy.min_password_length,
            )
            self.home: QWidget = self.users
        elif role in CASELOAD_ROLES:
            self.home = self.caseload
        elif role is Role.PARTNER_READER and self._sharing is not None:
            from desktop.views.meetings.shared_documents import SharedDocumentsView

            self.shared = SharedDocumentsView(
                runner=self._runner, sharing=self._sharing, actor=lambda: self._actor
            )
            self.shared.sig_loaded.connect(lambda _n: self.sig_home_ready.emit())
            self.shared.sig_load_failed.connect(self.sig_home_failed.emit)
            self.shared.sig_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
            self.home = self.shared
        else:
            title = (
                self.tr("Nothing has been shared with you yet")
                if role is Role.PARTNER_READER
                else self.tr("There is nothing here for your role yet")
            )
            text = (
                self.tr(
                    "Partner-agency readers see only the meeting packs and case summaries shared "
                    "with them. None have been shared with you yet."
                )
                if role is Role.PARTNER_READER
                else self.tr("Ask your administrator which screens your role may use.")
            )
            self.notice = NoticePage(title, text)
            self.home = self.notice
        if self.home is not self.caseload:
            self.caseload.setParent(self)
            self.caseload.hide()
        #: Caseload roles work in tabs: the caseload, then each young person they open.
        self.workspace_tabs: QTabWidget | None = None
        self.home_page: QWidget = self.home
        if self.home is self.caseload:
            tabs = QTabWidget(self)
            tabs.setObjectName("workspaceTabs")
            tabs.setAccessibleName(self.tr("Open records"))
            tabs.setDocumentMode(True)
            tabs.setTabsClosable(True)
            tabs.addTab(self.caseload, self.tr("Caseload"))
            bar = tabs.tabBar()
            bar.setAccessibleName(self.tr("Open records: caseload and young people"))
            # Ctrl+Tab / Ctrl+Shift+Tab and Ctrl+0 switch records; Tab stays in the content.
            bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            for side in (bar.ButtonPosition.RightSide, bar.ButtonPosition.LeftSide):
                button = bar.tabButton(0, side)
                if button is not None:
                    button.resize(0, 0)  # the caseload tab cannot be closed
                    button.hide()
            tabs.tabCloseRequested.connect(self._on_tab_close_requested)
            self.workspace_tabs = tabs
            self.home_page = tabs
        # page 0: the real content; page 1 (added by the locker): the lock panel
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("contentStack")
        self.stack.addWidget(self.home_page)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.marking_label)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _action(
        self, icon: str | None, text: str, shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if icon:
            action.setIcon(resources.icon(icon))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        tip = text.replace("&", "").rstrip("…")
        if shortcut is not None:
            tip += f" ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        return action

    def _build_actions(self) -> None:
        self.refresh_action = self._action(
            "refresh", self.tr("&Refresh"), QKeySequence(QKeySequence.StandardKey.Refresh)
        )
        if self.refresh_action.shortcut() != QKeySequence(Qt.Key.Key_F5):
            self.refresh_action.setShortcuts(
                [QKeySequence(Qt.Key.Key_F5), self.refresh_action.shortcut()]
            )
        self.export_action = self._action("export", self.tr("&Export caseload to CSV…"), "Ctrl+E")
        self.quit_action = self._action(
            "quit", self.tr("&Quit"), QKeySequence(QKeySequence.StandardKey.Quit)
        )
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.find_action = self._action("search", self.tr("&Find young person"), "Ctrl+F")
        self.clear_filters_action = self._action(
            "clear-filters", self.tr("C&lear filters"), "Ctrl+Shift+L"
        )
        self.about_action = self._action("about", self.tr("&About Caseboard"))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.lock_action = self._action("restricted", self.tr("&Lock now"), "Ctrl+L")
        self.open_action = self._action(None, self.tr("&Open record"))
        self.close_record_action = self._action(
            None, self.tr("&Close record"), QKeySequence(QKeySequence.StandardKey.Close)
        )
        if self.close_record_action.shortcut().isEmpty():
            self.close_record_action.setShortcut(QKeySequence("Ctrl+W"))
        self.caseload_tab_action = self._action(None, self.tr("Back to &caseload"), "Ctrl+0")
        self.meetings_action = self._action(None, self.tr("MACSE &meetings"), "Ctrl+Shift+M")
        self.shared_action = self._action(None, self.tr("&Shared with partner agencies"))
        self.who_viewed_action = self._action(
            "restricted", self.tr("&Who viewed this young person…")
        )
        self.users_action = self._action(None, self.tr("&Users…"))
        self.audit_action = self._action(None, self.tr("&Audit log…"))
        self.connect_action = self._action(None, self.tr("&Connect to a database…"))
        self.connect_action.setVisible(self._connection_check is not None)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.connect_action)
        file_menu.addSeparator()
        file_menu.addAction(self.refresh_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.clear_filters_action)
        view_menu.addAction(self.meetings_action)
        view_menu.addAction(self.shared_action)
        view_menu.addSeparator()
        self.view_menu = view_menu
        self.person_menu = self.menuBar().addMenu(self.tr("&Young person"))
        self.person_menu.addAction(self.open_action)
        self.person_menu.addAction(self.close_record_action)
        self.person_menu.addAction(self.caseload_tab_action)
        self.person_menu.addSeparator()
        self.person_menu.addAction(self.who_viewed_action)
        self.admin_menu = self.menuBar().addMenu(self.tr("&Administration"))
        self.admin_menu.addAction(self.users_action)
        self.admin_menu.addAction(self.audit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self.tr("Main toolbar"), self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setAccessibleName(self.tr("Main toolbar"))
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(16, 16))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.refresh_action, self.export_action, self.find_action):
            self.toolbar.addAction(action)
        self.toolbar_separator = self.toolbar.addSeparator()
        self.toolbar.addAction(self.lock_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.view_menu.addAction(self.toolbar.toggleViewAction())

    def _build_status_bar(self, database_label: str) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("loadProgress")
        self.progress_bar.setAccessibleName(self.tr("Loading progress"))
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.setMaximumHeight(14)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.hide()
        self.database_label = QLabel(self.tr("Database: {name}").format(name=database_label), self)
        self.database_label.setObjectName("statusDatabase")
        self.database_label.setAccessibleName(self.database_label.text())
        self.user_label = QLabel(self.tr("Signed in: {user}").format(user=self._actor.label), self)
        self.user_label.setObjectName("statusUser")
        self.user_label.setAccessibleName(self.user_label.text())
        status.addPermanentWidget(self.progress_bar)
        status.addPermanentWidget(self.database_label)
        status.addPermanentWidget(self.user_label)

    def _connect(self) -> None:
        self.refresh_action.triggered.connect(self.reload_home)
        self.open_action.triggered.connect(self.caseload.open_selected)
        self.close_record_action.triggered.connect(self.close_current_record)
        self.caseload_tab_action.triggered.connect(self.show_caseload)
        self.meetings_action.triggered.connect(self.show_meetings)
        self.shared_action.triggered.connect(self.show_shared_by_me)
        if self.workspace_tabs is not None:
            self.workspace_tabs.currentChanged.connect(lambda _i: self._update_row_actions())
        self.who_viewed_action.triggered.connect(self.show_who_viewed)
        self.users_action.triggered.connect(self.show_users)
        self.audit_action.triggered.connect(lambda: self.show_audit_log())
        self.caseload.set_context_actions([self.open_action, self.who_viewed_action])
        self.caseload.table.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_row_actions()
        )
        self.caseload.model.modelReset.connect(self._update_row_actions)
        if self.users is not None:
            self.users.sig_loaded.connect(lambda _count: self.sig_home_ready.emit())
            self.users.sig_load_failed.connect(self.sig_home_failed.emit)
            self.users.sig_changed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.export_action.triggered.connect(self._on_export_triggered)
        self.connect_action.triggered.connect(self._on_connect_triggered)
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self.caseload.focus_search)
        self.clear_filters_action.triggered.connect(self.caseload.clear_filters)
        self.about_action.triggered.connect(self._on_about_triggered)
        self.caseload.sig_loading.connect(self._on_caseload_loading)
        self.caseload.sig_progress.connect(self._on_caseload_progress)
        self.caseload.sig_loaded.connect(self._on_caseload_loaded)
        self.caseload.sig_load_failed.connect(self._on_caseload_load_failed)
        self.caseload.sig_open_requested.connect(self._on_caseload_open_requested)
        if self.record_opener is not None:
            self.record_opener.sig_granted.connect(self._on_break_glass_granted)
            self.record_opener.sig_full_access.connect(self.open_person)
            self.record_opener.sig_message.connect(
                lambda text: self.statusBar().showMessage(text, 10000)
            )

    def _apply_role(self) -> None:
        """Show only what this role may use (the services enforce it regardless)."""
        role = self._actor.role
        on_caseload = self.home is self.caseload
        for action in (self.export_action, self.find_action, self.clear_filters_action):
            action.setVisible(on_caseload)
        self.person_menu.menuAction().setVisible(on_caseload)
        self.meetings_action.setVisible(on_caseload and self._meetings is not None)
        self.shared_action.setVisible(
            on_caseload
            and self._sharing is not None
            and role in (Role.MACSE_CHAIR, Role.TEAM_MANAGER)
        )
        self.who_viewed_action.setVisible(
            on_caseload and role is Role.TEAM_MANAGER and self._audit is not None
        )
        self.users_action.setVisible(self.users is not None)
        self.audit_action.setVisible(role in AUDIT_ROLES and self._audit is not None)
        self.admin_menu.menuAction().setVisible(
            self.users_action.isVisible() or self.audit_action.isVisible()
        )
        self.lock_action.setVisible(self._auth is not None)
        self.refresh_action.setVisible(self.notice is None)
        self.toolbar_separator.setVisible(self.notice is None)
        self._update_row_actions()

    def _update_row_actions(self) -> None:
        on_person = self.current_person_view() is not None
        selected = self.caseload.selected_row() is not None
        self.open_action.setEnabled(selected and not on_person)
        self.who_viewed_action.setEnabled(selected or on_person)
        self.close_record_action.setEnabled(on_person)
        self.caseload_tab_action.setEnabled(on_person)

    # -- public API -----------------------------------------------------------------------------

    @property
    def actor(self) -> Actor:
        return self._actor

    def start(self) -> None:
        """Load the home panel (call once the window is shown)."""
        if self.notice is not None:
            QTimer.singleShot(0, self.sig_home_ready.emit)
        else:
            if self.home is self.caseload:
                self.caseload.search_edit.setFocus()  # type to find, as before the tabs
            self.reload_home()

    def reload_home(self) -> None:
        if self.users is not None:
            self.users.reload()
        elif self.home is self.caseload:
            self.caseload.reload()
        elif self.shared is not None:
            self.shared.reload()

    def show_users(self) -> None:
        if self.users is not None:
            self.stack.setCurrentWidget(self.users)
            self.users.table.setFocus()

    def show_audit_log(
        self,
        *,
        young_person_id: int | None = None,
        young_person_label: str = "",
        action: AuditAction | None = None,
    ) -> AuditViewerDialog | None:
        """Open a (non-modal) audit viewer; filtered to one young person it searches at once."""
        if self._audit is None:
            return None
        from desktop.views.admin.audit_viewer import AuditViewerDialog

        viewer = AuditViewerDialog(
            runner=self._runner,
            audit_service=self._audit,
            actor=self._actor,
            young_person_id=young_person_id,
            young_person_label=young_person_label,
            action=action,
            parent=self,
        )
        if young_person_id is not None:
            viewer.setWindowTitle(
                self.tr("Who viewed {name}").format(name=young_person_label or young_person_id)
            )
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.destroyed.connect(lambda *_: self._forget_viewer(viewer))
        self.audit_viewers.append(viewer)
        viewer.show()
        if young_person_id is not None:
            viewer.search()
        return viewer

    def show_who_viewed(self) -> AuditViewerDialog | None:
        view = self.current_person_view()
        if view is not None:
            name = view.workspace.header.display_name if view.workspace else ""
            return self.show_audit_log(
                young_person_id=view.young_person_id,
                young_person_label=name,
                action=AuditAction.VIEW,
            )
        row = self.caseload.selected_row()
        if row is None:
            return None
        return self.show_audit_log(
            young_person_id=row.id, young_person_label=row.display_name, action=AuditAction.VIEW
        )

    def _forget_viewer(self, viewer: AuditViewerDialog) -> None:
        if viewer in self.audit_viewers:
            self.audit_viewers.remove(viewer)

    # -- settings -------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        ui = UiSettings.load(self._settings) if self._settings is not None else UiSettings()
        if ui.window_geometry is None or not self.restoreGeometry(ui.window_geometry):
            self.resize(1280, 760)
        if ui.window_state is not None:
            self.restoreState(ui.window_state)
        order = Qt.SortOrder.DescendingOrder if ui.sort_descending else Qt.SortOrder.AscendingOrder
        self.caseload.table.sortByColumn(ui.sort_column, order)
        self.caseload.restore_filters(ui.risk_filter, ui.flag_filter, ui.worker_filter)

    def save_settings(self) -> None:
        if self._settings is None:
            return
        risk, flag, worker = self.caseload.filter_keys()
        header = self.caseload.table.horizontalHeader()
        UiSettings(
            window_geometry=self.saveGeometry(),
            window_state=self.saveState(),
            risk_filter=risk,
            flag_filter=flag,
            worker_filter=worker,
            sort_column=header.sortIndicatorSection(),
            sort_descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
        ).save(self._settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locker is not None:
            self.locker.watcher.uninstall()
        for viewer in list(self.audit_viewers):
            viewer.close()
        self.save_settings()
        self._runner.cancel_all()
        self._runner.wait_idle(3.0)
        super().closeEvent(event)

    # -- slots ------------------------------------------------------------------------------------

    def _on_connect_triggered(self) -> None:
        """Choose a database; on Connect this session ends and the app reopens on the choice."""
        from desktop.views.session.connect_dialog import choose_connection

        if self._connection_check is None:
            return
        choice = choose_connection(
            self._runner, checker=self._connection_check, switching=True, parent=self
        )
        if choice is not None and self.close():
            self.sig_switch_requested.emit(choice)

    def _on_caseload_loading(self, loading: bool) -> None:
        self.refresh_action.setEnabled(not loading)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(loading)
        if loading:
            self.statusBar().showMessage(self.tr("Loading caseload…"))

    def _on_caseload_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
        if message:
            self.statusBar().showMessage(message)

    def _on_caseload_loaded(self, count: int) -> None:
        revealed, self._revealed_id = self._revealed_id, None
        row = self._row_of(revealed) if revealed is not None else None
        if row is not None:
            self.statusBar().showMessage(
                self.tr("Break-glass access to {name} for this session").format(
                    name=row.display_name
                )
            )
        else:
            self.statusBar().showMessage(
                self.tr("Caseload loaded: {count} young people").format(count=count), 5000
            )
        self.sig_caseload_loaded.emit(count)
        self.sig_home_ready.emit()

    def _on_caseload_load_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("Caseload not loaded"), 10000)
        self.sig_home_failed.emit(message)

    def _row_of(self, young_person_id: int) -> CaseloadRow | None:
        for row in self.caseload.model.all_rows():
            if row.id == young_person_id:
                return row
        return None

    def _on_caseload_open_requested(self, young_person_id: int) -> None:
        row = self._row_of(young_person_id)
        label = row.display_name if row else ""
        if row is not None and row.restricted and self.record_opener is not None:
            self.record_opener.open(young_person_id, label)  # break-glass when needed
            return
        self.open_person(young_person_id, label)

    def _on_break_glass_granted(self, young_person_id: int, actor: Actor) -> None:
        self._actor = actor
        for dialog in self.findChildren(QDialog, "packDialog"):  # a refused case summary
            if getattr(dialog, "young_person_id", None) == young_person_id:
                dialog.set_actor(actor)  # type: ignore[attr-defined]
        self.caseload.set_actor(actor)
        self._revealed_id = young_person_id
        self.sig_actor_changed.emit(actor)
        self.caseload.reload()
        view = self.person_views.get(young_person_id)
        if view is not None:
            view.reload()
        else:
            self.open_person(young_person_id, "")

    # -- young people in tabs -------------------------------------------------------------------

    def current_person_view(self) -> PersonView | None:
        if self.workspace_tabs is None:
            return None
        widget = self.workspace_tabs.currentWidget()
        return self._person_view_of(widget)

    def _person_view_of(self, widget: QWidget | None) -> PersonView | None:
        """The open person view ``widget`` is, or None (PersonView loads with the first one)."""
        return next((v for v in self.person_views.values() if v is widget), None)

    def show_caseload(self) -> None:
        if self.workspace_tabs is not None:
            self.workspace_tabs.setCurrentWidget(self.caseload)
            self.caseload.table.setFocus()

    def show_meetings(self) -> Any:
        """The MACSE meetings area in a tab of its own (made and loaded on first use)."""
        if self.workspace_tabs is None or self._meetings is None:
            return None
        if self.meetings is None:
            from desktop.views.meetings.view import MeetingsView

            view = MeetingsView(
                runner=self._runner,
                meetings=self._meetings,
                actor=lambda: self._actor,
                caseload_service=self._service,
                sharing=self._sharing,
                parent=self.workspace_tabs,
            )
            view.sig_open_person.connect(lambda yp: self.open_person(yp, ""))
            view.sig_saved.connect(lambda text: self.statusBar().showMessage(text, 8000))
            view.sig_decision_saved.connect(self._on_meeting_decision_saved)
            view.sig_failed.connect(lambda text: self.statusBar().showMessage(text, 10000))
            self.meetings = view
            view.reload()
        if self.workspace_tabs.indexOf(self.meetings) < 0:  # first time, or closed since
            self.workspace_tabs.insertTab(1, self.meetings, self.tr("Meetings"))
        self.workspace_tabs.setCurrentWidget(self.meetings)
        return self.meetings

    def show_shared_by_me(self) -> Any:
        """What this chair or manager shared with partner agencies, with Withdraw (a tab)."""
        if self.workspace_tabs is None or self._sharing is None:
            return None
        if self.shared_by_me is None:
            from desktop.views.meetings.shared_documents import SharedDocumentsView

            view = SharedDocumentsView(
                runner=self._runner,
                sharing=self._sharing,
                actor=lambda: self._actor,
                sharer=True,
                parent=self.workspace_tabs,
            )
            view.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.shared_by_me = view
        if self.workspace_tabs.indexOf(self.shared_by_me) < 0:
            self.workspace_tabs.addTab(self.shared_by_me, self.tr("Shared"))
        self.workspace_tabs.setCurrentWidget(self.shared_by_me)
        self.shared_by_me.reload()
        return self.shared_by_me

    def _on_meeting_decision_saved(self, young_person_id: int) -> None:
        """A decision goes on that young person's chronology: their open record refreshes (a
        pack saved or printed, or an agenda edit, changes no record and refreshes nothing)."""
        self.broadcast_changes(Changes(frozenset({young_person_id}), frozenset({KIND_CHRONOLOGY})))

    def open_summary_dialog(self, young_person_id: int, name: str) -> Any:
        """The case summary print dialog for one young person (non-modal)."""
        if self._meetings is None:
            return None
        from desktop.views.meetings.pack_dialog import PackDialog

        dialog = PackDialog(
            runner=self._runner,
            meetings=self._meetings,
            actor=self._actor,  # a value, not a lambda back to the window (see PackDialog)
            young_person_id=young_person_id,
            subject=name,
            sharing=(
                self._sharing if self._actor.role in (Role.MACSE_CHAIR, Role.TEAM_MANAGER) else None
            ),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_restricted.connect(self._on_summary_restricted)
        dialog.sig_saved.connect(
            lambda path, pages: self.statusBar().showMessage(
                self.tr("Case summary saved to {path} ({pages} pages)").format(
                    path=path, pages=pages
                ),
                10000,
            )
        )
        dialog.show()
        return dialog

    def _on_summary_restricted(self, young_person_id: int) -> None:
        """A case summary is the record: the same break-glass dialog as opening it."""
        if self.record_opener is not None:
            row = self._row_of(young_person_id)
            self.record_opener.open(young_person_id, row.display_name if row else "")

    def open_person(self, young_person_id: int, label: str = "") -> PersonView | None:
        """Show a young person in their own tab (or bring theirs forward), loading it."""
        if self.workspace_tabs is None or self._person is None or self._panels is None:
            self.statusBar().showMessage(self.tr("Records cannot be opened here"), 8000)
            return None
        existing = self.person_views.get(young_person_id)
        if existing is not None:
            self.workspace_tabs.setCurrentWidget(existing)
            return existing
        from desktop.views.person.view import PersonView

        specs: list[PanelSpec] = self._panels()
        view = PersonView(
            runner=self._runner,
            person_service=self._person,
            young_person_id=young_person_id,
            actor=lambda: self._actor,
            panels=specs,
            can_see_viewers=self._actor.role is Role.TEAM_MANAGER and self._audit is not None,
            can_print=self._meetings is not None,
            parent=self.workspace_tabs,
        )
        self.person_views[young_person_id] = view
        index = self.workspace_tabs.addTab(view, label or self.tr("Opening…"))
        self.workspace_tabs.setTabToolTip(index, label)
        self.workspace_tabs.setCurrentIndex(index)
        view.sig_loaded.connect(lambda ws, v=view: self._on_person_loaded(v, ws))
        view.sig_saved.connect(self.broadcast_changes)
        view.sig_restricted.connect(self._on_person_restricted)
        view.sig_print_requested.connect(self.open_summary_dialog)
        view.sig_open_person.connect(lambda yp: self.open_person(yp, ""))
        view.sig_who_viewed.connect(
            lambda yp, name: self.show_audit_log(
                young_person_id=yp, young_person_label=name, action=AuditAction.VIEW
            )
        )
        view.reload()
        self._update_row_actions()
        return view

    def _on_person_loaded(self, view: PersonView, ws: Any) -> None:
        if self.workspace_tabs is None:
            return
        index = self.workspace_tabs.indexOf(view)
        if index >= 0:
            name = ws.header.display_name
            self.workspace_tabs.setTabText(index, name)
            self.workspace_tabs.setTabToolTip(index, name)
        if ws.header.id in self._actor.break_glass:
            self.statusBar().showMessage(
                self.tr("Break-glass access to {name} for this session").format(
                    name=ws.header.display_name
                )
            )
        else:
            self.statusBar().showMessage(
                self.tr("Opened {name}").format(name=ws.header.display_name), 5000
            )

    def _on_person_restricted(self, young_person_id: int) -> None:
        if self.record_opener is None:
            return
        view = self.person_views.get(young_person_id)
        row = self._row_of(young_person_id)
        label = row.display_name if row else ""
        if view is not None:
            self.close_person(young_person_id)
        self.record_opener.open(young_person_id, label)

    def close_person(self, young_person_id: int) -> None:
        view = self.person_views.pop(young_person_id, None)
        if view is None or self.workspace_tabs is None:
            return
        self.workspace_tabs.removeTab(self.workspace_tabs.indexOf(view))
        view.deleteLater()
        self._update_row_actions()

    def close_current_record(self) -> None:
        view = self.current_person_view()
        if view is not None:
            self.close_person(view.young_person_id)
            self.show_caseload()

    def _on_tab_close_requested(self, index: int) -> None:
        if self.workspace_tabs is None:
            return
        widget = self.workspace_tabs.widget(index)
        person = self._person_view_of(widget)
        if person is not None:
            self.close_person(person.young_person_id)
        elif widget is not None and widget in (self.meetings, self.shared_by_me):
            self.workspace_tabs.removeTab(index)  # kept, with anything unsaved, for reopening

    def broadcast_changes(self, changes: Any) -> None:
        """A save here: every open view of the young people it touched refreshes, and the
        caseload fetches just their rows (the same path as a change from another workstation)."""
        self._on_live_changes(changes)

    def start_live_refresh(self, live: Any) -> None:
        """Follow changes saved on other workstations and the connection's state (a
        views.live_refresh.LiveRefresh: it adds the connection banner and reconnects)."""
        self.live_refresh = live
        live.sig_changes.connect(self._on_live_changes)
        live.install(self)
        live.start()

    def _on_live_changes(self, changes: Any) -> None:
        """Saved elsewhere: open records of those young people reload; the caseload fetches
        only their rows (a row the user may no longer see leaves the list)."""
        for view in list(self.person_views.values()):
            view.apply_changes(changes)
        if self.home is self.caseload and changes.young_person_ids:
            self.caseload.refresh_rows(changes.young_person_ids)

    def _on_export_triggered(self) -> None:
        path_text, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export caseload to CSV"),
            str(Path.home() / "caseload.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if path_text:
            self.export_caseload(Path(path_text))

    def export_caseload(self, path: Path) -> None:
        """Export the caseload through the service on a worker thread."""
        if path.suffix.lower() != ".csv":
            path = path.with_suffix(".csv")
        service, actor = self._service, self._actor
        self.export_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Exporting caseload…"))
        self._runner.submit(
            lambda _progress: service.export_csv(actor, path),
            on_done=lambda _result: self._on_export_done(path),
            on_error=self._on_export_error,
            key=EXPORT_KEY,
        )

    def _on_export_done(self, path: Path) -> None:
        self.export_action.setEnabled(True)
        self.statusBar().showMessage(
            self.tr("Caseload exported to {path}").format(path=path), 10000
        )

    def _on_export_error(self, error: BaseException) -> None:
        self.export_action.setEnabled(True)
        self.statusBar().clearMessage()
        reason = (
            str(error)
            if isinstance(error, ServiceError)
            else self.tr("an unexpected error; see the log")
        )
        QMessageBox.warning(
            self,
            self.tr("Export failed"),
            self.tr("The caseload could not be exported: {reason}").format(reason=reason),
        )

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Caseboard"),
            self.tr(
                "<h3>Caseboard {version}</h3>"
                "<p>Caseworker dashboard for children's services teams working to protect "
                "young people from child sexual exploitation.</p>"
                "<p><b>{marking}</b>: handle, store and share information from this "
                "application according to your organisation's policy.</p>"
            ).format(version=__version__, marking=PROTECTIVE_MARKING),
        )
