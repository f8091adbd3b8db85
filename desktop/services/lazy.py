"""The app's services composed in one place (``compose_services``), each built (and its module
imported) on first use, not when the app starts."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.data.database import Database
    from desktop.domain.postcodes import PostcodeDirectory


class Lazy:
    """Stands in for the service ``build()`` returns, calling ``build`` on first attribute use.

    Start-up hands every service to the main window, but most (meetings, sharing, user
    administration, the audit viewer...) are used only when someone opens that screen; their
    modules and repositories then load on that first use. Safe to first use from any thread.
    """

    __slots__ = ("_build", "_lock", "_service")

    def __init__(self, build: Callable[[], object]) -> None:
        self._build: Callable[[], object] | None = build
        self._lock = threading.Lock()
        self._service: object = None

    def __getattr__(self, name: str) -> Any:
        build = self._build
        if build is not None:
            with self._lock:
                if self._build is not None:
                    self._service = self._build()
                    self._build = None
        return getattr(self._service, name)

    def __repr__(self) -> str:
        state = "not built yet" if self._build is not None else repr(self._service)
        return f"Lazy({state})"


@dataclass(frozen=True, slots=True)
class AppServices:
    """The services the app and the CLI's commands use, around one database.

    Built by ``compose_services`` (the one place services are composed); Qt-free, so a
    headless command gets its services without loading the GUI.
    """

    caseload: Any
    auth: Any
    admin: Any
    access: Any
    audit_viewer: Any
    person: Any = None
    recording: Any = None
    meetings: Any = None
    #: SharingService: packs shared with partner-agency readers (their home screen).
    sharing: Any = None
    #: AuditService: the audit chain's verification (``caseboard audit``).
    audit: Any = None
    #: ``changes(own_username)`` -> a ChangeFeed (desktop.services.changes) for live refresh;
    #: None turns live refresh and the connection banner off.
    changes: Callable[[str], Any] | None = None


def compose_services(db: Database, postcodes: PostcodeDirectory | None) -> AppServices:
    """Every service of the app around ``db``: the caseload's and sign-in's built now (the
    home screen needs them at once), the rest (and their modules) on first use."""
    from desktop.services.auth import AuthService
    from desktop.services.caseload import CaseloadService

    return AppServices(
        caseload=CaseloadService(db, postcodes=postcodes),
        auth=AuthService(db),
        **lazy_services(db, postcodes),
    )


def lazy_services(db: Database, postcodes: PostcodeDirectory | None) -> dict[str, Any]:
    """The app's services besides the caseload's and sign-in's, each built on first use
    (the keyword arguments of ``AppServices`` of those names)."""

    def admin() -> object:
        from desktop.services.admin import UserAdminService

        return UserAdminService(db)

    def access() -> object:
        from desktop.services.access import AccessService

        return AccessService(db)

    def audit_viewer() -> object:
        from desktop.services.audit import AuditViewerService

        return AuditViewerService(db)

    def person() -> object:
        from desktop.services.person import PersonService

        return PersonService(db, postcodes=postcodes)

    def recording() -> object:
        from desktop.services.recording import RecordingService

        return RecordingService(db)

    def meetings() -> object:
        from desktop.services.meetings import MeetingService

        return MeetingService(db, postcodes=postcodes)

    def sharing() -> object:
        from desktop.services.sharing import SharingService

        return SharingService(db, postcodes=postcodes)

    def audit() -> object:
        from desktop.services.audit import AuditService

        return AuditService(db)

    def changes(username: str) -> object:
        from desktop.services.changes import ChangeFeed

        return ChangeFeed(db, own_username=username)

    built = (admin, access, audit_viewer, person, recording, meetings, sharing, audit)
    services: dict[str, Any] = {f.__name__: Lazy(f) for f in built}
    services["changes"] = changes
    return services
