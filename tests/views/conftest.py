"""Fixtures for the view tests (the fakes themselves live in tests/views/fakes.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from desktop.app import AppServices, create_application
from desktop.data.database import Database
from desktop.domain.actor import Actor
from desktop.tasks import TaskRunner
from desktop.views.main_window import MainWindow
from desktop.views.person.panels import default_panels
from tests.views.fakes import ACTOR


@pytest.fixture
def actor() -> Actor:
    return ACTOR


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


# ---------------------------------------------------------------------------------------------
# A real demo database and the real services over it (tests may use the data layer).
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database made once per session (argon2 hashing makes it slow-ish)."""
    from desktop.data.database import open_database
    from desktop.services.demo import create_demo_database

    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    db = open_database(f"sqlite:///{path}", create=True)
    create_demo_database(db, young_people=5)
    db.dispose()  # checkpoints the WAL into the file
    return path


@pytest.fixture
def demo_db(tmp_path: Path, _demo_template: Path) -> Iterator[Database]:
    """A fresh copy of the demo database: 5 young people (one restricted), every demo user."""
    from desktop.data.database import open_database

    path = tmp_path / "demo.db"
    shutil.copyfile(_demo_template, path)
    db = open_database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture
def services(demo_db: Database) -> AppServices:
    from desktop.services.access import AccessService
    from desktop.services.admin import UserAdminService
    from desktop.services.audit import AuditViewerService
    from desktop.services.auth import AuthService
    from desktop.services.caseload import CaseloadService
    from desktop.services.meetings import MeetingService
    from desktop.services.person import PersonService
    from desktop.services.recording import RecordingService

    return AppServices(
        caseload=CaseloadService(demo_db),
        auth=AuthService(demo_db),
        admin=UserAdminService(demo_db),
        access=AccessService(demo_db),
        audit_viewer=AuditViewerService(demo_db),
        person=PersonService(demo_db),
        recording=RecordingService(demo_db),
        meetings=MeetingService(demo_db),
    )


def demo_actor(db: Database, username: str) -> Actor:
    """A demo user's Actor without the (slow, audited) password check."""
    from tests.factories import actor_named

    return actor_named(db, username)


def open_window(qtbot, services: AppServices, actor: Actor, **kwargs: Any) -> MainWindow:
    """A shown MainWindow over the real services, its home screen loaded, via the real worker."""
    create_application()
    runner = TaskRunner()
    window = MainWindow(
        runner=runner,
        caseload_service=services.caseload,
        auth_service=services.auth,
        admin_service=services.admin,
        access_service=services.access,
        audit_service=services.audit_viewer,
        person_service=services.person,
        panels=default_panels(services.recording),
        meetings_service=services.meetings,
        actor=actor,
        database_label="demo.db (SQLite)",
        **kwargs,
    )
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.show()
    with qtbot.waitSignal(window.sig_home_ready, timeout=10000):
        window.start()
    return window


def close_window(window: MainWindow) -> None:
    window._runner.cancel_all()
    window._runner.wait_idle(5.0)
    window.close()
