"""Start a real database: its first administrator, audited, only in a database nobody uses yet."""

from __future__ import annotations

from sqlalchemy import func, select, text

from desktop.data.database import Database
from desktop.data.repositories import settings as settings_repo
from desktop.data.repositories import users as users_repo
from desktop.data.tables import User, YoungPerson
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import ValidationFailed
from desktop.domain.records import UserRecord
from desktop.domain.security import SecurityPolicy, password_problem
from desktop.services import audit
from desktop.services.admin import USERNAME
from desktop.services.passwords import hash_password

#: Who the audit log names for the first administrator's account (nobody is signed in yet).
SETUP_USERNAME = "caseboard setup"
ALREADY_SET_UP = (
    "That database already has users: it has been set up. An administrator adds further "
    "users in the app (Administration ▸ Users…)"
)


def first_admin_problems(
    username: str, display_name: str, password: str, policy: SecurityPolicy | None = None
) -> dict[str, str]:
    """What is wrong with the first administrator's details, by field (empty when nothing).

    Checked before anything is created, and again in the transaction that creates them.
    """
    errors: dict[str, str] = {}
    name = username.strip().lower()
    if not USERNAME.match(name):
        errors["username"] = (
            "The administrator's username must be 2-100 lower-case letters, digits, dots, "
            "dashes or underscores"
        )
    if not display_name.strip():
        errors["display_name"] = "Enter the administrator's name"
    problem = password_problem(password, name, policy or SecurityPolicy())
    if problem:
        errors["password"] = problem
    return errors


def create_first_administrator(
    db: Database, *, username: str, password: str, display_name: str
) -> UserRecord:
    """The database's first user, an administrator who can then sign in and add the others.

    Refused (ValidationFailed, nothing written) when the database already has users or young
    people. The account's creation is audited as done by "caseboard setup", in the same
    transaction.
    """
    username = username.strip().lower()
    with db.begin() as session:
        if session.get_bind().dialect.name == "postgresql":
            # two set-ups at once: the second waits, then sees the first one's administrator
            session.execute(text("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE"))
        users = session.execute(select(func.count(User.id))).scalar_one()
        people = session.execute(select(func.count(YoungPerson.id))).scalar_one()
        if users or people:
            raise ValidationFailed(ALREADY_SET_UP)
        policy = settings_repo.load_security(session)
        errors = first_admin_problems(username, display_name, password, policy)
        if errors:
            raise ValidationFailed(next(iter(errors.values())), errors)
        user = User(
            username=username,
            display_name=display_name.strip(),
            role=Role.ADMINISTRATOR.value,
            team_id=None,
            password_hash=hash_password(password),
        )
        session.add(user)
        session.flush()
        audit.record(
            session,
            None,
            AuditAction.CREATE,
            object_kind="user",
            object_id=user.id,
            fields=["username", "display_name", "role", "password"],
            detail={"username": username, "role": Role.ADMINISTRATOR.value, "first": True},
            username=SETUP_USERNAME,
        )
        record = users_repo.by_id(session, user.id)
    assert record is not None
    return record
