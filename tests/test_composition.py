"""Services are composed in one place: ``compose_services``, for the GUI and the CLI alike."""

from __future__ import annotations

import re
from pathlib import Path

import desktop
from desktop.services.lazy import AppServices, Lazy, compose_services


def test_the_app_and_the_cli_share_one_composition() -> None:
    from desktop import app

    assert app.compose_services is compose_services
    assert app.AppServices is AppServices


def test_no_cli_module_builds_a_service_itself() -> None:
    folder = Path(desktop.__file__).parent
    built = {
        path.name: found
        for path in sorted(folder.glob("cli*.py"))
        if (found := re.findall(r"\b\w+Service\(", path.read_text(encoding="utf-8")))
    }
    assert built == {}


def test_the_home_screens_services_are_ready_and_the_rest_wait_for_first_use(
    sqlite_db,  # type: ignore[no-untyped-def]
) -> None:
    from desktop.services.auth import AuthService
    from desktop.services.caseload import CaseloadService

    services = compose_services(sqlite_db, None)
    assert isinstance(services.caseload, CaseloadService)
    assert isinstance(services.auth, AuthService)
    lazy = (
        "admin",
        "access",
        "audit_viewer",
        "person",
        "recording",
        "meetings",
        "sharing",
        "audit",
    )
    for name in lazy:
        service = getattr(services, name)
        assert isinstance(service, Lazy)
        assert "not built yet" in repr(service)
    assert callable(services.changes)
