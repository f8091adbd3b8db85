"""Checked by mypy (``./dev test``), never run: each real service, and each test fake standing in
for a whole service, conforms structurally to its Protocol in ``desktop.interfaces``."""

from __future__ import annotations

from desktop.interfaces import (
    AccessApi,
    AuditVerifier,
    AuditViewerApi,
    AuthApi,
    CaseloadApi,
    ChangeFeedApi,
    ConnectionCheck,
    MeetingsApi,
    PersonApi,
    RecordingApi,
    SharingApi,
    UserAdminApi,
)
from desktop.services.access import AccessService
from desktop.services.admin import UserAdminService
from desktop.services.audit import AuditService, AuditViewerService
from desktop.services.auth import AuthService
from desktop.services.caseload import CaseloadService
from desktop.services.changes import ChangeFeed
from desktop.services.connection import check_profile
from desktop.services.meetings import MeetingService
from desktop.services.person import PersonService
from desktop.services.recording import RecordingService
from desktop.services.sharing import SharingService
from tests.views.fake_workspace import FakeRecording


def real_services(
    caseload: CaseloadService,
    auth: AuthService,
    admin: UserAdminService,
    access: AccessService,
    audit_viewer: AuditViewerService,
    audit: AuditService,
    person: PersonService,
    recording: RecordingService,
    meetings: MeetingService,
    sharing: SharingService,
    feed: ChangeFeed,
) -> None:
    _caseload: CaseloadApi = caseload
    _auth: AuthApi = auth
    _admin: UserAdminApi = admin
    _access: AccessApi = access
    _audit_viewer: AuditViewerApi = audit_viewer
    _audit: AuditVerifier = audit
    _person: PersonApi = person
    _recording: RecordingApi = recording
    _meetings: MeetingsApi = meetings
    _sharing: SharingApi = sharing
    _feed: ChangeFeedApi = feed
    _check: ConnectionCheck = check_profile


def fakes(recording: FakeRecording) -> None:
    _recording: RecordingApi = recording
