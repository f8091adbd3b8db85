"""Fill an empty database with synthetic demo data, marked as demo and audited."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update

from desktop.data.database import Database, sqlite_path
from desktop.data.peek import DEFAULT_DEMO_USER, DEMO_KEY
from desktop.data.repositories import settings as settings_repo
from desktop.data.tables import User, YoungPerson
from desktop.domain.enums import AuditAction
from desktop.domain.errors import ValidationFailed
from desktop.domain.progress import Progress
from desktop.services import audit

if TYPE_CHECKING:
    from desktop.data.demo import DemoSummary

#: Every demo user's password. Demo databases hold synthetic people only; a real database never
#: gets this (demo data goes only into a database with no users and no young people).
DEMO_PASSWORD = "caseboard-demo"


def has_case_data(db: Database) -> bool:
    with db.begin() as session:
        return bool(session.execute(select(func.count(YoungPerson.id))).scalar_one())


def demo_refusal(db: Database) -> str | None:
    """Why demo data may not go into this database, or None for a new, empty one.

    Demo data sets every demo user's password to the public DEMO_PASSWORD, so it goes only
    into a database with no users and no young people: never one a council has started using.
    """
    with db.begin() as session:
        demo = settings_repo.get_value(session, DEMO_KEY)
        users = session.execute(select(func.count(User.id))).scalar_one()
        people = session.execute(select(func.count(YoungPerson.id))).scalar_one()
    if demo:
        again = (
            "delete the file to start again"
            if sqlite_path(db.url) is not None
            else "use a new, empty database to start again"
        )
        return f"That database already holds demo data; {again}"
    if users or people:
        return (
            "That database already holds users or young people; demo data goes only into a "
            "new, empty database"
        )
    return None


def create_demo_database(
    db: Database,
    *,
    seed: int = 1,
    young_people: int = 60,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    # Here, not at the top: the app imports this module to recognise a demo database, and
    # Faker (the demo data's names) takes longer to import than the rest of start-up.
    from desktop.data.demo import generate_demo_data
    from desktop.services.passwords import hash_password

    if young_people < 1:
        raise ValidationFailed("--young-people must be at least 1")
    refusal = demo_refusal(db)
    if refusal is not None:
        raise ValidationFailed(refusal)
    summary = generate_demo_data(
        db, seed=seed, young_people=young_people, today=today, progress=progress
    )
    with db.begin() as session:
        # one hash for all: hashing is deliberately slow, and the password is public anyway.
        # Only the users demo data made: never a user someone added meanwhile.
        session.execute(
            update(User)
            .where(User.username.in_(summary.usernames))
            .values(password_hash=hash_password(DEMO_PASSWORD))
        )
        settings_repo.set_value(
            session,
            DEMO_KEY,
            {"default_user": DEFAULT_DEMO_USER, "seed": seed, "young_people": young_people},
        )
        audit.record(
            session,
            None,
            AuditAction.CREATE,
            object_kind="demo_data",
            detail={"seed": seed, "young_people": young_people},
            username="caseboard demo-data",
        )
    return summary


def is_demo_database(db: Database) -> bool:
    """True for a database made by `caseboard demo-data` (synthetic people only)."""
    with db.begin() as session:
        return bool(settings_repo.get_value(session, DEMO_KEY))
