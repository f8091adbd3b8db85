"""GUI entry: QApplication, TaskRunner, sign-in, then the main window; optional screenshot.

The services come from ``compose_services`` (``desktop.services.lazy``), the one place they
are composed, for the GUI and the CLI's headless commands alike.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop import __version__, resources
from desktop.domain.actor import Actor
from desktop.domain.errors import ServiceError
from desktop.domain.security import SecurityPolicy
from desktop.oslogin import os_login
from desktop.profiles import ConnectionChoice, ConnectionProfile
from desktop.services.lazy import AppServices, compose_services
from desktop.tasks import TaskRunner
from desktop.views.widgets.crash_dialog import CrashReporter

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow

__all__ = ["AppServices", "compose_services", "create_application", "run_gui", "sign_in"]

#: Give up on a screenshot when the home screen has not loaded by then (milliseconds).
SCREENSHOT_TIMEOUT_MS = 120_000


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, named and styled (reuses an existing one, e.g. under pytest-qt)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication) and existing.property("caseboardConfigured"):
        # Once is enough: setting the style again re-polishes every live widget, and under
        # pytest-qt that includes widgets of earlier tests awaiting deletion (a crash).
        return existing
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setProperty("caseboardConfigured", True)
    app.setApplicationName("Caseboard")
    app.setOrganizationName("Caseboard")
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("Caseboard")
    app.setDesktopFileName("caseboard")  # matches installer/caseboard.desktop (Wayland, docks)
    app.setStyle("Fusion")  # the same look on every platform; the style sheet refines it
    resources.install_search_paths()
    app.setStyleSheet(resources.stylesheet())
    app.setWindowIcon(resources.icon("caseboard"))
    return app


def workstation_login() -> str | None:
    """The workstation login from the operating system (never LOGNAME/USER/USERNAME)."""
    return os_login()


def sign_in(
    runner: TaskRunner,
    services: AppServices,
    *,
    database_label: str,
    demo: bool,
    username_hint: str | None,
) -> Any | None:
    """The modal sign-in dialog, then any alerts; the ``SignedIn`` result or None on Cancel."""
    from desktop.views.session.sign_in import AlertsDialog, SignInDialog

    login = workstation_login()
    dialog = SignInDialog(
        runner=runner,
        auth_service=services.auth,
        demo=demo,
        username=username_hint or login,
        os_login=login,
        database_label=database_label,
    )
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    signed_in = dialog.signed_in if accepted else None
    dialog.deleteLater()
    if signed_in is not None and signed_in.alerts:
        alerts = AlertsDialog(signed_in.alerts)
        alerts.exec()
        alerts.deleteLater()
    return signed_in


def run_gui(
    *,
    services: AppServices,
    database_label: str,
    demo: bool,
    preset_actor: Actor | None = None,
    username_hint: str | None = None,
    screenshot: Path | None = None,
    open_person: str | None = None,
    argv: list[str] | None = None,
    on_switch: Callable[[ConnectionChoice], None] | None = None,
) -> int:
    """Sign in (unless ``preset_actor``), show the main window and run the event loop.

    With ``screenshot`` save a PNG of the home screen and exit; that needs ``preset_actor``
    (the CLI signs in headlessly first). Cancelling the sign-in exits with 0.
    ``on_switch`` receives the choice when File ▸ Connect… ends the session for another
    database (the caller opens it and calls ``run_gui`` again). ``open_person`` is a record id
    or reference, looked up only after sign-in and only among the records the user may see;
    a screenshot that cannot show it exits 1 at once with one line.
    """
    app = create_application(argv)
    runner = TaskRunner(app)
    crashes = CrashReporter(app)
    crashes.install()
    runner.sig_unexpected_error.connect(crashes.report)
    feed: Any = None  # the change feed's thread (stopped however the session ends)
    live: Any = None
    try:
        if preset_actor is not None:
            actor = preset_actor
            try:
                policy = services.auth.policy()
            except ServiceError:
                policy = SecurityPolicy()
        elif screenshot is not None:
            print("caseboard: a screenshot needs a signed-in user (--user)", file=sys.stderr)
            return 1
        else:
            signed_in = sign_in(
                runner,
                services,
                database_label=database_label,
                demo=demo,
                username_hint=username_hint,
            )
            if signed_in is None:
                return 0
            actor, policy = signed_in.actor, signed_in.policy
        target, refusal = (None, None)
        if open_person is not None:
            target, refusal = _record_to_open(services, actor, open_person, screenshot)
            if refusal is not None and screenshot is not None:
                print(f"caseboard: {refusal}", file=sys.stderr)
                return 1
        settings = None if screenshot is not None else QSettings()  # screenshots reproducible
        from desktop.views.main_window import MainWindow  # after sign-in: the dialog shows sooner

        window = MainWindow(
            runner=runner,
            caseload_service=services.caseload,
            auth_service=services.auth,
            admin_service=services.admin,
            access_service=services.access,
            audit_service=services.audit_viewer,
            person_service=services.person,
            panels=_panels(services),
            meetings_service=services.meetings,
            sharing_service=services.sharing,
            connection_check=check_connection,
            actor=actor,
            policy=policy,
            database_label=database_label,
            settings=settings,
            idle_lock_ms=0 if screenshot is not None else None,
        )
        if screenshot is not None:
            _arm_screenshot(app, window, screenshot, person=target is not None)
        if on_switch is not None:
            window.sig_switch_requested.connect(on_switch)
        if services.changes is not None and screenshot is None:
            from desktop.views.session.live_refresh import LiveRefresh

            feed = services.changes(actor.username)
            live = LiveRefresh(feed, runner, parent=window)
        window.show()
        window.start()
        if live is not None:
            window.start_live_refresh(live)
        if target is not None:
            view = window.open_person(target)
            if screenshot is not None:
                if view is None:
                    print("caseboard: records cannot be opened in this window", file=sys.stderr)
                    return 1
                view.sig_loaded.connect(lambda _ws: window.sig_person_ready.emit())
                view.sig_load_failed.connect(window.sig_home_failed.emit)
                view.sig_restricted.connect(
                    lambda _yp: window.sig_home_failed.emit(RESTRICTED_SCREENSHOT)
                )
        elif refusal is not None:
            _tell(window, refusal)
        return app.exec()
    finally:
        if feed is not None:
            feed.stop()
        runner.cancel_all()
        runner.wait_idle(5.0)


#: Why a screenshot does not show a record the user sees by initials only.
RESTRICTED_SCREENSHOT = (
    "That young person's record is restricted: opening it needs break-glass, which a "
    "screenshot cannot give"
)


def _record_to_open(
    services: AppServices, actor: Actor, text: str, screenshot: Path | None
) -> tuple[int | None, str | None]:
    """(record id, None) for ``--open``'s record, or (None, why it cannot be opened).

    Asked of the access service as the signed-in user, so an unknown reference and one the
    user may not see read the same. A restricted record goes on to break-glass in the app;
    a screenshot cannot break glass, so there it is refused at once.
    """
    from desktop.domain.access import Access

    try:
        young_person_id, access = services.access.find_record(actor, text)
    except ServiceError as exc:
        return None, str(exc)
    if screenshot is not None and access is not Access.FULL:
        return None, RESTRICTED_SCREENSHOT
    return young_person_id, None


def _tell(window: QWidget, message: str) -> None:
    """A message over the window that does not block it (the caseload goes on loading)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, "Caseboard", message, parent=window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def ask_database_password(
    profile: ConnectionProfile, *, error: str = ""
) -> tuple[str, bool] | None:
    """The database password prompt before any window: (password, remember) or None."""
    from desktop.views.session.connect_dialog import ask_password

    create_application()
    return ask_password(profile, error=error)


def check_connection(profile: ConnectionProfile, password: str | None) -> str:
    """The Connect dialog's connection test (imported on the worker: it loads SQLAlchemy)."""
    from desktop.services.connection import check_profile

    return check_profile(profile, password)


def choose_connection_at_start(*, error: str, select: str | None) -> ConnectionChoice | None:
    """The Connect dialog shown when the chosen database could not be opened at start-up."""
    from desktop.views.session.connect_dialog import choose_connection

    app = create_application()
    runner = TaskRunner(app)
    try:
        return choose_connection(runner, checker=check_connection, error=error, select=select)
    finally:
        runner.cancel_all()
        runner.wait_idle(5.0)
        runner.deleteLater()


def _panels(services: AppServices) -> Any:
    if services.person is None or services.recording is None:
        return None
    recording = services.recording

    def specs() -> Any:  # the person screen's modules load when the first record opens
        from desktop.views.person.panels import default_panels

        return default_panels(recording)()

    return specs


def _arm_screenshot(app: QApplication, window: MainWindow, path: Path, *, person: bool) -> None:
    def fail(message: str) -> None:
        print(f"caseboard: {message}", file=sys.stderr)
        window.close()
        app.exit(1)

    def save() -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"cannot create {path.parent}: {exc.strerror or exc}")
            return
        try:  # case content: readable by this user only, from the moment the file exists
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
            os.chmod(path, 0o600)
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror or exc}")
            return
        if not window.grab().save(str(path), "PNG"):
            path.unlink(missing_ok=True)
            fail(f"could not write screenshot to {path}")
            return
        window.close()
        app.exit(0)

    # Let the reset table (or the person's panels) lay out and paint once before grabbing.
    ready = window.sig_person_ready if person else window.sig_home_ready
    ready.connect(lambda: QTimer.singleShot(150, save))
    window.sig_home_failed.connect(lambda message: fail(message))
    timeout = QTimer(window)
    timeout.setSingleShot(True)
    timeout.timeout.connect(lambda: fail("timed out waiting for the home screen to load"))
    timeout.start(SCREENSHOT_TIMEOUT_MS)
