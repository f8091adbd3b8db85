"""Every focusable widget and every toolbar action of the main window has an accessible name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QToolBar, QWidget

from desktop.app import create_application
from desktop.tasks import TaskRunner
from desktop.views.main_window import MainWindow
from tests.views.fakes import ACTOR, OFFSCREEN_LOG_IGNORE, FakeCaseloadService, sample_rows

pytestmark = OFFSCREEN_LOG_IGNORE


def test_every_focusable_widget_and_action_is_named(qtbot) -> None:
    create_application()
    runner = TaskRunner()
    window = MainWindow(
        runner=runner,
        caseload_service=FakeCaseloadService(sample_rows(20)),
        actor=ACTOR,
        database_label="demo",
    )
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.caseload.sig_loaded, timeout=5000):
        window.caseload.reload()
    window.caseload.banner.show()  # the error banner's widgets count too

    focusable = [
        w for w in window.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    assert len(focusable) >= 6
    unnamed = [
        f"{type(w).__name__}({w.objectName() or '?'})"
        for w in focusable
        if not w.accessibleName().strip()
    ]
    assert unnamed == []

    toolbars = window.findChildren(QToolBar)
    assert toolbars
    for toolbar in toolbars:
        assert toolbar.accessibleName()
        for action in toolbar.actions():
            if not action.isSeparator():
                assert action.text().replace("&", "").strip(), action
                assert action.toolTip().strip(), action
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if not action.isSeparator():
                assert action.text().replace("&", "").strip()

    # The table's cells speak: risk and flags have accessible text beyond colour and icons.
    model = window.caseload.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            text = model.index(row, column).data(Qt.ItemDataRole.AccessibleTextRole)
            assert isinstance(text, str)
    runner.cancel_all()
    runner.wait_idle(5.0)


def unnamed_focusable(root: QWidget) -> list[str]:
    widgets = [root, *root.findChildren(QWidget)]
    return [
        f"{type(w).__name__}({w.objectName() or '?'})"
        for w in widgets
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not w.accessibleName().strip()
        and not isinstance(w.parent(), QAbstractSpinBox | QComboBox)  # their inner editors
        and type(w).__name__ not in {"QCalendarWidget", "QCalendarView", "QToolButton"}
    ]


def test_every_new_dialog_is_named(qtbot, services, demo_db) -> None:
    """Sign-in, alerts, lock panel, users (add, edit, reset), break-glass, audit viewer."""
    from desktop.views.admin.user_edit import ResetPasswordDialog, UserEditDialog
    from desktop.views.session.break_glass import BreakGlassDialog
    from desktop.views.session.sign_in import AlertsDialog, SignInDialog
    from tests.views.conftest import close_window, demo_actor, open_window

    create_application()
    runner = TaskRunner()
    admin = demo_actor(demo_db, "admin")
    teams = services.admin.list_teams(admin)
    user = services.admin.list_users(admin)[0]
    dialogs: list[QWidget] = [
        SignInDialog(runner=runner, auth_service=services.auth, demo=True, os_login="x"),
        AlertsDialog(("An alert",)),
        UserEditDialog(runner=runner, admin_service=services.admin, actor=admin, teams=teams),
        UserEditDialog(
            runner=runner, admin_service=services.admin, actor=admin, teams=teams, user=user
        ),
        ResetPasswordDialog(runner=runner, admin_service=services.admin, actor=admin, user=user),
        BreakGlassDialog(
            runner=runner,
            access_service=services.access,
            actor=admin,
            young_person_id=1,
            label="A.B.",
            min_reason=15,
        ),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.findChild(QWidget, "signInWorkstation") and dialog.findChild(
            QWidget, "signInWorkstation"
        ).show()
        assert unnamed_focusable(dialog) == [], type(dialog).__name__
        assert dialog.windowTitle()

    manager = open_window(qtbot, services, demo_actor(demo_db, "manager.north"))
    viewer = manager.show_audit_log()
    assert unnamed_focusable(viewer) == []
    manager.locker.lock()
    assert unnamed_focusable(manager.locker.panel) == []
    manager.locker.panel.sign_out_button.show()
    assert unnamed_focusable(manager.locker.panel) == []
    close_window(manager)

    admin_window = open_window(qtbot, services, admin)
    assert unnamed_focusable(admin_window.users) == []
    for menu_action in admin_window.menuBar().actions():
        for action in menu_action.menu().actions():
            if not action.isSeparator():
                assert action.text().replace("&", "").strip()
    close_window(admin_window)
    runner.cancel_all()
    runner.wait_idle(5.0)


def test_the_person_screen_and_its_dialogs_are_named(qtbot, services, demo_db) -> None:
    """A real record on demo data: header, every panel, and each recording dialog."""
    from desktop.views.person.assessment_dialog import AssessmentDialog
    from desktop.views.person.chronology_dialog import ChronologyEntryDialog
    from desktop.views.person.contact_dialog import ContactDialog
    from desktop.views.person.missing_dialogs import MissingEpisodeDialog, ReturnInterviewDialog
    from desktop.views.person.placement_dialogs import EndPlacementDialog, NewPlacementDialog
    from tests.views.conftest import close_window, demo_actor, open_window

    manager = demo_actor(demo_db, "manager.north")
    window = open_window(qtbot, services, manager)
    row = next(r for r in window.caseload.model.all_rows() if not r.restricted)
    view = window.open_person(row.id, row.display_name)
    assert view is not None
    qtbot.waitUntil(lambda: view.workspace is not None, timeout=10000)
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)  # the risk chart is built on first show
        qtbot.wait(20)
    assert unnamed_focusable(window) == []
    dialogs: list[QWidget | None] = [
        view.panels["chronology"].open_entry_dialog(),  # type: ignore[attr-defined]
        view.panels["contacts"].open_contact_dialog(),  # type: ignore[attr-defined]
        view.panels["risk"].new_assessment(),  # type: ignore[attr-defined]
    ]
    for key, button in (
        ("placements", "new_button"),
        ("placements", "end_button"),
        ("missing", "report_button"),
    ):
        panel = view.panels[key]
        widget = getattr(panel, button, None)
        if widget is not None and widget.isEnabled():
            widget.click()
            dialogs.append(panel.dialog)  # type: ignore[attr-defined]
    opened = 0
    for dialog in dialogs:
        if dialog is None:
            continue
        assert isinstance(
            dialog,
            ChronologyEntryDialog
            | ContactDialog
            | AssessmentDialog
            | NewPlacementDialog
            | EndPlacementDialog
            | MissingEpisodeDialog
            | ReturnInterviewDialog,
        )
        assert unnamed_focusable(dialog) == [], type(dialog).__name__
        dialog.reject()
        opened += 1
    assert opened >= 4
    close_window(window)
