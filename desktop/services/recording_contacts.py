"""Recording key-person contacts and a young person's contact target."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from desktop.data.repositories import recording as repo
from desktop.domain.actor import Actor
from desktop.domain.commands import (
    KIND_CHRONOLOGY,
    KIND_CONTACT,
    KIND_PERSON,
    Changes,
    ContactInput,
    ContactTargetInput,
)
from desktop.domain.dates import aware
from desktop.domain.records import Stored
from desktop.domain.validation import Errors, validate_contact, validate_contact_target
from desktop.services.recording_frame import Kind, RecordingFrame, Values, max_text, text
from desktop.services.sessions import checks_session

CONTACT = Kind(
    surface="contact",
    object_kind="contact",
    what="contact",
    gone="contact",
    rows=repo.contacts,
    changes=frozenset({KIND_CONTACT, KIND_PERSON}),
)

CONTACT_TARGET = Kind(
    surface="contact target",
    object_kind="young_person",
    what="record",
    gone="young person's record",
    rows=repo.young_people,
    changes=frozenset({KIND_CONTACT, KIND_PERSON}),
)


@checks_session
class ContactRecording(RecordingFrame):
    def record_contact(self, actor: Actor, cmd: ContactInput) -> Changes:
        def values(now: datetime) -> Values:
            return {
                "occurred_at": ("occurred_at", aware(cmd.occurred_at)),
                "duration_minutes": ("duration_minutes", cmd.duration_minutes),
                "kind": ("kind", cmd.kind.value),
                "initiated_by": ("initiated_by", text(cmd.initiated_by) or "worker"),
                "location": ("location", text(cmd.location)),
                "with_whom": ("with_whom", cmd.with_whom.value),
                "summary": ("summary", text(cmd.summary)),
                "young_person_said": ("young_person_said", text(cmd.young_person_said)),
                "significant": ("significant", cmd.significant),
            }

        def validate(session: Session, now: datetime, _: Stored | None) -> Errors:
            return validate_contact(cmd, now, max_text(session))

        return self._save(
            actor,
            CONTACT,
            cmd,
            record_id=None,
            values=values,
            validate=validate,
            create=lambda now: {"worker_id": actor.user_id, "recorded_at": now},
            changes=CONTACT.changes | ({KIND_CHRONOLOGY} if cmd.significant else set()),
        )

    def set_contact_target(self, actor: Actor, cmd: ContactTargetInput) -> Changes:
        """The young person's own days between contacts (None: the council's default)."""
        return self._save(
            actor,
            CONTACT_TARGET,
            cmd,
            record_id=cmd.young_person_id,
            version=cmd.version,
            values=lambda now: {"contact_target_days": ("contact_target_days", cmd.target_days)},
            validate=lambda session, now, person: validate_contact_target(cmd),
        )
