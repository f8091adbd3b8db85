"""Accounts and sign-in: findings of the adversarial test (issue 9), each pinned here."""

from __future__ import annotations

import json
import os
import pwd
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop import cli
from desktop.app import workstation_login
from desktop.data.database import Database, open_database
from desktop.data.repositories import settings as settings_repo
from desktop.data.tables import AuditEntry, User
from desktop.domain.actor import Actor
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import PermissionDenied, ValidationFailed
from desktop.services.admin import UserAdminService
from desktop.services.auth import AuthService, SignedIn, SignInFailed
from desktop.services.caseload import CaseloadService
from desktop.services.demo import DEMO_PASSWORD
from desktop.services.passwords import hash_password
from tests import factories as f

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"
REAL_LOGIN = pwd.getpwuid(os.geteuid()).pw_name
SPOOFING = ("LOGNAME", "USER", "LNAME", "USERNAME")


def trust_os_login(db: Database, **extra: Any) -> None:
    with db.begin() as s:
        settings_repo.set_value(s, settings_repo.SECURITY_KEY, {"trust_os_login": True, **extra})


def account(
    db: Database, username: str, role: Role, *, team: str | None = "North", active: bool = True
) -> Actor:
    with db.begin() as s:
        t = None
        if team is not None:
            t = s.execute(select(f.Team).where(f.Team.name == team)).scalar_one_or_none()
            t = t or f.team(s, team)
        u = f.user(s, t, role, username)
        u.password_hash = hash_password(PASSWORD)
        u.active = active
        return f.actor(u)


def failed_logins(db: Database) -> list[AuditEntry]:
    with db.begin() as s:
        return list(
            s.execute(
                select(AuditEntry).where(AuditEntry.action == AuditAction.FAILED_LOGIN.value)
            ).scalars()
        )


def user_row(db: Database, username: str) -> User:
    with db.begin() as s:
        return s.execute(select(User).where(User.username == username)).scalar_one()


# -- 1. workstation sign-in trusts the operating system, not environment variables ----------


@pytest.fixture
def spoofed_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SPOOFING:
        monkeypatch.setenv(name, "chair")


@pytest.mark.usefixtures("spoofed_env")
def test_the_workstation_login_comes_from_the_operating_system_not_the_environment() -> None:
    assert REAL_LOGIN != "chair"
    assert cli.os_login() == REAL_LOGIN
    assert workstation_login() == REAL_LOGIN


@pytest.mark.usefixtures("spoofed_env")
def test_setting_logname_does_not_sign_in_as_someone_else(db: Database) -> None:
    account(db, "chair", Role.MACSE_CHAIR, team=None)
    trust_os_login(db)
    auth = AuthService(db)
    with pytest.raises(SignInFailed, match=REAL_LOGIN):
        auth.sign_in_os(cli.os_login())  # no Caseboard user for the real login: refused
    account(db, REAL_LOGIN, Role.SOCIAL_WORKER)
    signed = auth.sign_in_os(cli.os_login())
    assert signed.actor.username == REAL_LOGIN


def test_cli_export_as_logname_chair_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert cli.main(["demo-data", "--database", url, "--young-people", "3"]) == 0
    db = open_database(url)
    try:
        trust_os_login(db)
    finally:
        db.dispose()
    capsys.readouterr()
    for name in SPOOFING:
        monkeypatch.setenv(name, "chair")
    out = tmp_path / "caseload.csv"
    code = cli.main(["export", "caseload", "--csv", str(out), "--database", url])
    assert code != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("caseboard: "), err
    assert f"'{REAL_LOGIN}'" in err[0]
    assert not out.exists()


# -- 2. an administrator's change ends the sessions already signed in -------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"role": Role.KEY_PERSON},
        {"active": False},
        {"clear_team": True},
        {"new_password": "reset by the administrator"},
    ],
    ids=["role", "deactivated", "team", "password reset"],
)
def test_a_session_signed_in_before_an_admin_change_is_refused(
    db: Database, change: dict[str, Any]
) -> None:
    admin = account(db, "admin", Role.ADMINISTRATOR, team=None)
    account(db, "sw.north", Role.SOCIAL_WORKER)
    worker = AuthService(db).sign_in("sw.north", PASSWORD).actor
    caseload = CaseloadService(db)
    caseload.load(worker)  # fine before the change
    target = user_row(db, "sw.north")
    UserAdminService(db).update_user(admin, target.id, expected_version=target.version, **change)
    with pytest.raises(PermissionDenied) as refused:
        caseload.load(worker)
    assert type(refused.value).__name__ == "SessionEnded"
    assert "administrator" in str(refused.value)
    if change == {"active": False}:
        assert "deactivated" in str(refused.value)
    else:
        assert "sign in again" in str(refused.value)
    with pytest.raises(PermissionDenied):
        AuthService(db).unlock(worker, PASSWORD)  # the idle lock cannot carry it on either


def test_the_session_check_is_one_query_per_call_and_allows_unchanged_sessions(
    db: Database,
) -> None:
    account(db, "sw.north", Role.SOCIAL_WORKER)
    worker = AuthService(db).sign_in("sw.north", PASSWORD).actor
    assert CaseloadService(db).load(worker) == []


def test_the_window_locks_with_the_reason_when_the_session_ends(qtbot: Any) -> None:
    from desktop.domain.errors import SessionEnded
    from desktop.views.session.idle_lock import ENDED_NOTE
    from tests.views.fakes import FakeAuthService, FakeCaseloadService
    from tests.views.test_idle_lock import make_window, visible_texts

    auth = FakeAuthService()
    window = make_window(qtbot, auth, idle_ms=0)
    message = "Your account was changed by an administrator: sign in again"

    class Ended(FakeCaseloadService):
        def load(self, actor: Actor, progress: Any) -> list[Any]:
            raise SessionEnded(message)

    locker = window.locker
    assert locker is not None
    window._runner.submit(  # any service call the window makes
        lambda _p: Ended([]).load(auth.actors["pshah"], None), on_done=lambda _r: None
    )
    qtbot.waitUntil(lambda: locker.is_locked, timeout=3000)
    assert locker.session_ended
    texts = visible_texts()
    assert any(message in t for t in texts)
    assert ENDED_NOTE in texts
    assert not locker.panel.password_edit.isVisible()
    assert not locker.panel.unlock_button.isVisible()
    assert locker.panel.sign_out_button.isVisible()
    locker.unlock_with("right-password")  # nothing brings the old session back
    assert locker.is_locked
    assert auth.calls == []


# -- 3. simultaneous sign-ins to one account on SQLite -----------------------------------------


def _race(db: Database, passwords: list[str]) -> list[BaseException | SignedIn]:
    auth = AuthService(db)
    barrier = threading.Barrier(len(passwords))
    results: list[BaseException | SignedIn] = []
    lock = threading.Lock()

    def attempt(password: str) -> None:
        barrier.wait()
        try:
            outcome: BaseException | SignedIn = auth.sign_in("kp.north", password)
        except BaseException as exc:
            outcome = exc
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(p,)) for p in passwords]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_simultaneous_wrong_passwords_are_each_counted_and_audited(sqlite_db: Database) -> None:
    with sqlite_db.begin() as s:
        settings_repo.set_value(s, settings_repo.SECURITY_KEY, {"lockout_attempts": 100})
    account(sqlite_db, "kp.north", Role.KEY_PERSON)
    results = _race(sqlite_db, ["wrong password"] * 6)
    assert len(results) == 6
    assert all(isinstance(r, SignInFailed) for r in results), results
    assert user_row(sqlite_db, "kp.north").failed_attempts == 6
    assert len(failed_logins(sqlite_db)) == 6


def test_simultaneous_right_and_wrong_passwords_never_crash(sqlite_db: Database) -> None:
    account(sqlite_db, "kp.north", Role.KEY_PERSON)
    results = _race(sqlite_db, ["wrong password", PASSWORD] * 3)
    assert all(isinstance(r, SignInFailed | SignedIn) for r in results), results
    assert sum(isinstance(r, SignedIn) for r in results) == 3
    with sqlite_db.begin() as s:
        audited = s.execute(
            select(func.count()).where(
                AuditEntry.action.in_([AuditAction.LOGIN.value, AuditAction.FAILED_LOGIN.value])
            )
        ).scalar_one()
    assert audited == 6


# -- 4a. an administrator's reset leads only to the user choosing a new password -----------


def reset(db: Database, admin: Actor, username: str, password: str) -> None:
    row = user_row(db, username)
    UserAdminService(db).update_user(
        admin, row.id, expected_version=row.version, new_password=password
    )


def test_a_reset_password_only_lets_its_user_choose_a_new_one(db: Database) -> None:
    admin = account(db, "admin", Role.ADMINISTRATOR, team=None)
    account(db, "sw.north", Role.SOCIAL_WORKER)
    reset(db, admin, "sw.north", "set by the administrator")
    auth = AuthService(db)
    signed = auth.sign_in("sw.north", "set by the administrator")
    assert signed.must_change_password
    with pytest.raises(PermissionDenied, match="choose a new password"):
        CaseloadService(db).load(signed.actor)
    with pytest.raises(ValidationFailed):
        auth.choose_new_password(signed.actor, "short")
    with pytest.raises(ValidationFailed, match="not the one the administrator set"):
        auth.choose_new_password(signed.actor, "set by the administrator")
    auth.choose_new_password(signed.actor, NEW_PASSWORD)
    assert CaseloadService(db).load(signed.actor) == []
    again = auth.sign_in("sw.north", NEW_PASSWORD)
    assert not again.must_change_password
    with pytest.raises(PermissionDenied):
        auth.choose_new_password(again.actor, "yet another passphrase")


def test_the_cli_refuses_a_reset_password_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert cli.main(["demo-data", "--database", url, "--young-people", "3"]) == 0
    db = open_database(url)
    try:
        admin = AuthService(db).sign_in("admin", DEMO_PASSWORD).actor
        reset(db, admin, "manager.north", "set by the administrator")
    finally:
        db.dispose()
    secret = tmp_path / "password"
    secret.write_text("set by the administrator\n")
    capsys.readouterr()
    out = tmp_path / "x.csv"
    code = cli.main(
        ["export", "caseload", "--csv", str(out), "--database", url,
         "--user", "manager.north", "--password-file", str(secret)]
    )  # fmt: skip
    assert code != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "sign in to the Caseboard app to choose a new password" in err[0]
    assert not out.exists()


def test_the_sign_in_dialog_asks_for_the_new_password_twice(qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from tests.views.fakes import ACTOR, FakeAuthService
    from tests.views.test_sign_in import make_dialog, type_and_sign_in

    class ResetAuth(FakeAuthService):
        chosen: list[str] = []

        def sign_in(self, username: str, password: str) -> SignedIn:
            signed = super().sign_in(username, password)
            return SignedIn(signed.actor, (), signed.policy, must_change_password=True)

        def choose_new_password(self, actor: Actor, new: str) -> None:
            self.chosen.append(new)

    auth = ResetAuth()
    dialog = make_dialog(qtbot, auth)
    type_and_sign_in(qtbot, dialog, "right-password")
    qtbot.waitUntil(lambda: dialog.choosing_new_password, timeout=3000)
    assert dialog.result() != 1 and dialog.signed_in is None
    assert dialog.new_password_edit.isVisible() and dialog.repeat_password_edit.isVisible()
    assert not dialog.password_edit.isVisible()

    def try_new(first: str, second: str) -> None:
        dialog.new_password_edit.setText(first)
        dialog.repeat_password_edit.setText(second)
        qtbot.keyClick(dialog.repeat_password_edit, Qt.Key.Key_Return)

    try_new("short", "short")  # the strength check
    assert "at least" in dialog.error_label.text()
    try_new(NEW_PASSWORD, NEW_PASSWORD + "x")
    assert "not the same" in dialog.error_label.text()
    assert auth.chosen == []
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        try_new(NEW_PASSWORD, NEW_PASSWORD)
    assert auth.chosen == [NEW_PASSWORD]
    assert dialog.signed_in.actor == ACTOR


# -- 4b. case-reading accounts set up by an administrator are told to others ----------------


def test_a_new_case_reading_account_alerts_other_admins_and_the_teams_managers(
    db: Database,
) -> None:
    admin = account(db, "admin", Role.ADMINISTRATOR, team=None)
    account(db, "admin2", Role.ADMINISTRATOR, team=None)
    account(db, "mgr.north", Role.TEAM_MANAGER, team="North")
    account(db, "mgr.south", Role.TEAM_MANAGER, team="South")
    with db.begin() as s:
        north = s.execute(select(f.Team.id).where(f.Team.name == "North")).scalar_one()
    admins = UserAdminService(db)
    admins.add_user(
        admin, username="sw.extra", display_name="Extra Worker", role=Role.SOCIAL_WORKER,
        team_id=north, password="a long enough password",
    )  # fmt: skip
    chair = admins.add_user(
        admin, username="chair2", display_name="Second Chair", role=Role.ADMINISTRATOR,
        team_id=None, password="a long enough password",
    )  # fmt: skip
    admins.update_user(admin, chair.id, expected_version=chair.version, role=Role.MACSE_CHAIR)
    auth = AuthService(db)

    other_admin = auth.sign_in("admin2", PASSWORD).alerts
    assert any("'sw.extra'" in a and "created" in a for a in other_admin), other_admin
    assert any("'chair2'" in a and "MACSE chair" in a for a in other_admin), other_admin
    manager = auth.sign_in("mgr.north", PASSWORD).alerts
    assert any("'sw.extra'" in a for a in manager), manager
    assert not any("'chair2'" in a for a in manager)  # no team: administrators are told
    assert auth.sign_in("mgr.south", PASSWORD).alerts == ()
    assert auth.sign_in("admin", PASSWORD).alerts == ()  # their own doing
    assert auth.sign_in("admin2", PASSWORD).alerts == ()  # told once


# -- 5. small leaks at sign-in -----------------------------------------------------------------


def test_deactivated_is_said_only_to_someone_with_the_right_password(db: Database) -> None:
    account(db, "gone", Role.SOCIAL_WORKER, active=False)
    auth = AuthService(db)
    with pytest.raises(SignInFailed) as wrong:
        auth.sign_in("gone", "not the password")
    assert str(wrong.value) == "The username or password is not right"
    with pytest.raises(SignInFailed, match="deactivated"):
        auth.sign_in("gone", PASSWORD)


def test_an_unknown_username_is_checked_against_a_dummy_hash(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services import auth as auth_mod

    calls: list[tuple[str | None, str]] = []
    real = auth_mod.verify_password

    def spy(stored: str | None, password: str) -> bool:
        calls.append((stored, password))
        return real(stored, password)

    monkeypatch.setattr(auth_mod, "verify_password", spy)
    with pytest.raises(SignInFailed):
        AuthService(db).sign_in("nobody.here", "some password")
    assert len(calls) == 1
    stored, password = calls[0]
    assert stored is not None and stored.startswith("$argon2")
    assert password == "some password"


def test_text_typed_as_an_unknown_username_is_not_kept(db: Database) -> None:
    typed = "My-Secret-Passw0rd!"
    with pytest.raises(SignInFailed):
        AuthService(db).sign_in(typed, "whatever")
    (entry,) = failed_logins(db)
    assert (
        typed.lower()
        not in json.dumps([entry.username, entry.detail, entry.fields, entry.object_kind]).lower()
    )
    assert "unknown user" in entry.detail


def test_role_messages_use_the_right_article(db: Database) -> None:
    admin = account(db, "admin", Role.ADMINISTRATOR, team=None)
    with pytest.raises(PermissionDenied) as refused:
        CaseloadService(db).load(admin)
    assert str(refused.value).startswith("An administrator cannot")
    assert Role.MACSE_CHAIR.with_article() == "a MACSE chair"
    assert Role.ADMINISTRATOR.with_article(capital=True) == "An administrator"
