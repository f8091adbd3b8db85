"""Recording hand-written chronology entries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from desktop.data.repositories import recording as repo
from desktop.domain.actor import Actor
from desktop.domain.commands import KIND_CHRONOLOGY, Changes, ChronologyEntryInput
from desktop.domain.enums import Role
from desktop.domain.errors import PermissionDenied, ValidationFailed
from desktop.domain.records import Stored
from desktop.domain.validation import Errors, validate_chronology_entry
from desktop.services.clock import uk_date
from desktop.services.recording_frame import (
    CHRONOLOGY_ROLES,
    Kind,
    RecordingFrame,
    Values,
    max_text,
    text,
)
from desktop.services.sessions import checks_session

CHRONOLOGY = Kind(
    surface="chronology",
    object_kind="chronology_entry",
    what="entry",
    gone="chronology entry",
    rows=repo.chronology_entries,
    changes=frozenset({KIND_CHRONOLOGY}),
    roles=CHRONOLOGY_ROLES,
)


@checks_session
class ChronologyRecording(RecordingFrame):
    def save_chronology_entry(self, actor: Actor, cmd: ChronologyEntryInput) -> Changes:
        """A new hand-written entry (entry_id None) or an edit of one (with its version)."""

        def values(now: datetime) -> Values:
            return {
                "event_date": ("event_date", cmd.event_date),
                "precision": ("date_precision", cmd.precision.value),
                "end_date": ("end_date", cmd.end_date),
                "category": ("category", cmd.category.value),
                "source_agency": ("source_agency", text(cmd.source_agency)),
                "source_person": ("source_person", text(cmd.source_person)),
                "description": ("description", text(cmd.description)),
                "analysis": ("analysis", text(cmd.analysis)),
                "significant": ("significant", cmd.significant),
            }

        def check(entry: Stored) -> None:
            if entry.linked:
                raise ValidationFailed(
                    "This entry comes from another record; change it there",
                    {"entry_id": "Made from another record"},
                )
            if actor.role is Role.MACSE_CHAIR and entry.author_id != actor.user_id:
                raise PermissionDenied("A MACSE chair can change only their own entries")

        def validate(session: Session, now: datetime, entry: Stored | None) -> Errors:
            errors = validate_chronology_entry(cmd, uk_date(now), max_text(session))
            if entry is not None:
                errors.pop("version", None)  # checked against the stored entry
            return errors

        return self._save(
            actor,
            CHRONOLOGY,
            cmd,
            record_id=cmd.entry_id,
            version=cmd.version,
            values=values,
            validate=validate,
            create=lambda now: {"author_id": actor.user_id, "recorded_at": now},
            check=check,
            skip=("entry_id",),
        )
