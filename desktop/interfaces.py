"""What the UI may call on the services: one typing ``Protocol`` per service.

Views and models hold services only through these protocols (import-linter forbids them any
``desktop.services`` module); ``desktop.app`` composes the real services and hands them in.
Each protocol copies the real service's public signatures; ``tests/test_contracts.py`` and
``tests/typing_checks.py`` (checked by mypy) prove that the real service and the test fake of
each conform, so a renamed or changed service method fails the checks, not a user.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.audit import ChainCheck, NotedHead
from desktop.domain.commands import (
    AssessmentInput,
    Changes,
    ChronologyEntryInput,
    ContactInput,
    ContactTargetInput,
    EndPlacementInput,
    MissingInput,
    PlacementInput,
    ReturnInterviewInput,
)
from desktop.domain.enums import (
    ActionStatus,
    AuditAction,
    ChronologyCategory,
    MeetingOutcome,
    RiskCategory,
    Role,
)
from desktop.domain.meetings import (
    ActionState,
    ActionView,
    AttendeeView,
    CohortSuggestion,
    MeetingDetail,
    MeetingSummary,
    PackDocument,
    PackOptions,
)
from desktop.domain.progress import Progress
from desktop.domain.records import CaseloadRow, TeamRecord, UserRecord
from desktop.domain.security import SecurityPolicy
from desktop.domain.sharing import RecipientView, SharedDocumentView
from desktop.domain.workspace import PersonWorkspace
from desktop.profiles import ConnectionProfile

if TYPE_CHECKING:  # result types still defined beside their service (types only, never run)
    from desktop.services.audit import AuditRow
    from desktop.services.auth import SignedIn
    from desktop.services.packs import PrintPages

#: What a printed or saved pack was (``desktop.services.meetings.PackKind``).
PackKind = Literal["pack", "summary"]
#: Where it went (``desktop.services.meetings.Destination``).
Destination = Literal["pdf", "printer"]
#: ``on_changes(changes)``: another session changed records (``desktop.services.changes``).
ChangesCallback = Callable[[Changes], None]
#: ``on_status(connected, message)``: the change feed lost or regained its server.
StatusCallback = Callable[[bool, str], None]


class ConnectionCheck(Protocol):
    """Tests a connection profile (``desktop.services.connection.check_profile``): returns
    what it found, raises a ``ServiceError`` when the database cannot be used."""

    def __call__(self, profile: ConnectionProfile, password: str | None) -> str: ...


class AuditVerifier(Protocol):
    """The audit chain's check (``desktop.services.audit.AuditService``)."""

    def verify(self, noted: NotedHead | None = None) -> ChainCheck: ...


class CaseloadApi(Protocol):
    """The caseload: the rows a worker may see, and their CSV export.

    The real one: ``desktop.services.caseload.CaseloadService``.
    """

    def load(self, actor: Actor, progress: Progress | None = None) -> list[CaseloadRow]: ...

    def rows(self, actor: Actor, young_person_ids: Collection[int]) -> list[CaseloadRow]: ...

    def export_csv(self, actor: Actor, path: Path, progress: Progress | None = None) -> int: ...


class AuthApi(Protocol):
    """Sign-in, unlock and passwords.

    The real one: ``desktop.services.auth.AuthService``.
    """

    def policy(self) -> SecurityPolicy: ...

    def sign_in(self, username: str, password: str) -> SignedIn: ...

    def unlock(self, actor: Actor, password: str) -> None: ...

    def sign_in_os(self, os_login: str | None) -> SignedIn: ...

    def set_own_password(self, actor: Actor, current: str, new: str) -> None: ...

    def choose_new_password(self, actor: Actor, new: str) -> None: ...


class UserAdminApi(Protocol):
    """User administration (administrators only).

    The real one: ``desktop.services.admin.UserAdminService``.
    """

    def list_users(self, actor: Actor) -> list[UserRecord]: ...

    def list_teams(self, actor: Actor) -> list[TeamRecord]: ...

    def add_user(
        self,
        actor: Actor,
        *,
        username: str,
        display_name: str,
        role: Role,
        team_id: int | None,
        password: str,
        agency: str = "Children's Social Care",
    ) -> UserRecord: ...

    def update_user(
        self,
        actor: Actor,
        user_id: int,
        *,
        expected_version: int,
        display_name: str | None = None,
        role: Role | None = None,
        team_id: int | None = None,
        clear_team: bool = False,
        active: bool | None = None,
        new_password: str | None = None,
    ) -> UserRecord: ...


class AccessApi(Protocol):
    """Access decisions and break-glass.

    The real one: ``desktop.services.access.AccessService``.
    """

    def access_to(self, actor: Actor, young_person_id: int) -> Access: ...

    def find_record(self, actor: Actor, text: str) -> tuple[int, Access]: ...

    def break_glass(self, actor: Actor, young_person_id: int, reason: str) -> Actor: ...


class AuditViewerApi(Protocol):
    """The audit viewer's search and export.

    The real one: ``desktop.services.audit.AuditViewerService``.
    """

    def search(
        self,
        actor: Actor,
        *,
        username: str | None = None,
        young_person_id: int | None = None,
        action: AuditAction | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = 10000,
        actions: tuple[AuditAction, ...] = (),
    ) -> list[AuditRow]: ...

    def who_viewed(self, actor: Actor, young_person_id: int) -> list[AuditRow]: ...

    def export_csv(self, actor: Actor, path: Path, **filters: Any) -> int: ...


class PersonApi(Protocol):
    """A young person's record, opened as one workspace.

    The real one: ``desktop.services.person.PersonService``.
    """

    def open(
        self, actor: Actor, young_person_id: int, progress: Progress | None = None
    ) -> PersonWorkspace: ...

    def export_chronology_csv(
        self,
        actor: Actor,
        young_person_id: int,
        path: Path,
        *,
        categories: Collection[ChronologyCategory] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        significant_only: bool = False,
        text: str = "",
    ) -> int: ...


class RecordingApi(Protocol):
    """Every write on a young person's record: a command in, the changes out.

    The real one: ``desktop.services.recording.RecordingService``.
    """

    def save_chronology_entry(self, actor: Actor, cmd: ChronologyEntryInput) -> Changes: ...

    def record_assessment(self, actor: Actor, cmd: AssessmentInput) -> Changes: ...

    def confirm_assessment(
        self, actor: Actor, young_person_id: int, assessment_id: int
    ) -> Changes: ...

    def record_contact(self, actor: Actor, cmd: ContactInput) -> Changes: ...

    def set_contact_target(self, actor: Actor, cmd: ContactTargetInput) -> Changes: ...

    def start_placement(self, actor: Actor, cmd: PlacementInput) -> Changes: ...

    def end_placement(self, actor: Actor, cmd: EndPlacementInput) -> Changes: ...

    def save_missing(self, actor: Actor, cmd: MissingInput) -> Changes: ...

    def save_return_interview(self, actor: Actor, cmd: ReturnInterviewInput) -> Changes: ...


class MeetingsApi(Protocol):
    """MACSE meetings, their cohort, decisions, actions and packs.

    The real one: ``desktop.services.meetings.MeetingService``.
    """

    def list_meetings(self, actor: Actor) -> list[MeetingSummary]: ...

    def get(self, actor: Actor, meeting_id: int) -> MeetingDetail: ...

    def create(
        self, actor: Actor, title: str, held_on: date, venue: str, chair_id: int | None = None
    ) -> MeetingDetail: ...

    def update(
        self,
        actor: Actor,
        meeting_id: int,
        version: int,
        *,
        title: str,
        held_on: date,
        venue: str,
        agenda: tuple[str, ...],
        notes: str,
        attendees: tuple[AttendeeView, ...],
        chair_id: int | None = None,
    ) -> MeetingDetail: ...

    def suggest_cohort(self, actor: Actor, meeting_id: int) -> list[CohortSuggestion]: ...

    def set_cohort(
        self,
        actor: Actor,
        meeting_id: int,
        young_person_ids: Collection[int],
        reasons: dict[int, str],
    ) -> MeetingDetail: ...

    def record_decision(
        self,
        actor: Actor,
        meeting_id: int,
        young_person_id: int,
        category_agreed: RiskCategory | None,
        outcome: MeetingOutcome | None,
        decision: str,
        next_review_on: date | None,
        version: int,
        *,
        include_conditional_intelligence: bool | None = None,
    ) -> MeetingDetail: ...

    def list_actions(
        self,
        actor: Actor,
        *,
        meeting_id: int | None = None,
        young_person_id: int | None = None,
        states: Collection[ActionState] | None = None,
    ) -> list[ActionView]: ...

    def add_action(
        self,
        actor: Actor,
        *,
        meeting_id: int | None,
        description: str,
        owner_name: str,
        owner_agency: str,
        due_on: date,
        young_person_id: int | None = None,
        context_id: int | None = None,
        set_on: date | None = None,
    ) -> ActionView: ...

    def update_action(
        self,
        actor: Actor,
        action_id: int,
        version: int,
        *,
        status: ActionStatus,
        due_on: date,
        note: str,
    ) -> ActionView: ...

    def pack_document(
        self, actor: Actor, meeting_id: int, options: PackOptions
    ) -> PackDocument: ...

    def summary_document(
        self, actor: Actor, young_person_id: int, options: PackOptions
    ) -> PackDocument: ...

    def record_print(
        self,
        actor: Actor,
        doc: PackDocument,
        *,
        kind: PackKind,
        destination: Destination,
        file_name: str = "",
        pages: int | None = None,
    ) -> None: ...

    def write_pack(
        self,
        actor: Actor,
        meeting_id: int,
        options: PackOptions,
        out: Path,
        progress: Progress | None = None,
    ) -> int: ...

    def write_summary(
        self,
        actor: Actor,
        young_person_id: int,
        options: PackOptions,
        out: Path,
        progress: Progress | None = None,
    ) -> int: ...

    def prepare_print(
        self,
        actor: Actor,
        kind: PackKind,
        target_id: int,
        options: PackOptions,
        folder: Path,
        progress: Progress | None = None,
        *,
        render: bool = True,
    ) -> PrintPages: ...


class SharingApi(Protocol):
    """Packs shared with partner-agency readers.

    The real one: ``desktop.services.sharing.SharingService``.
    """

    def list_recipients(self, actor: Actor) -> list[RecipientView]: ...

    def share_pack(
        self,
        actor: Actor,
        meeting_id: int,
        options: PackOptions | None,
        with_user_ids: Collection[int],
        progress: Progress | None = None,
    ) -> list[SharedDocumentView]: ...

    def share_summary(
        self,
        actor: Actor,
        young_person_id: int,
        options: PackOptions | None,
        with_user_ids: Collection[int],
        progress: Progress | None = None,
    ) -> list[SharedDocumentView]: ...

    def list_shared(self, actor: Actor) -> list[SharedDocumentView]: ...

    def open_shared(self, actor: Actor, document_id: int) -> bytes: ...

    def open_pages(
        self,
        actor: Actor,
        document_id: int,
        folder: Path,
        progress: Progress | None = None,
        *,
        render: bool = True,
    ) -> PrintPages: ...

    def save_copy(self, actor: Actor, document_id: int, out: Path) -> int: ...

    def record_print(
        self, actor: Actor, document_id: int, *, file_name: str = "", pages: int | None = None
    ) -> None: ...

    def revoke(self, actor: Actor, document_id: int) -> SharedDocumentView: ...


class ChangeFeedApi(Protocol):
    """Other sessions' changes, pushed to this one.

    The real one: ``desktop.services.changes.ChangeFeed``.
    """

    @property
    def backend(self) -> str: ...

    @property
    def running(self) -> bool: ...

    def start(
        self, on_changes: ChangesCallback, on_status: StatusCallback | None = None
    ) -> None: ...

    def stop(self, timeout: float = 5.0) -> None: ...

    def probe(self) -> None: ...

    def catch_up(self) -> None: ...
