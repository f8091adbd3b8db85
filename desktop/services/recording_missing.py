"""Recording missing episodes and their return home interviews."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.data.repositories import recording as repo
from desktop.domain.actor import Actor
from desktop.domain.commands import (
    KIND_CHRONOLOGY,
    KIND_MISSING,
    KIND_PERSON,
    KIND_RETURN_INTERVIEW,
    Changes,
    MissingInput,
    ReturnInterviewInput,
)
from desktop.domain.dates import aware
from desktop.domain.enums import AuditAction
from desktop.domain.errors import EditConflict
from desktop.domain.records import Stored
from desktop.domain.validation import Errors, validate_missing, validate_return_interview
from desktop.services import audit
from desktop.services.recording_frame import (
    SAME_MOMENT,
    Kind,
    RecordingFrame,
    Values,
    given,
    max_text,
    optional,
    raise_if,
    text,
)
from desktop.services.sessions import checks_session

MISSING = Kind(
    surface="missing episode",
    object_kind="missing_episode",
    what="episode",
    gone="missing episode",
    rows=repo.missing_episodes,
    changes=frozenset({KIND_MISSING, KIND_CHRONOLOGY, KIND_PERSON}),
)

RETURN_INTERVIEW = Kind(
    surface="return interview",
    object_kind="return_interview",
    what="return interview",
    gone="return interview",
    rows=repo.return_interviews,
    changes=frozenset({KIND_MISSING, KIND_RETURN_INTERVIEW, KIND_CHRONOLOGY, KIND_PERSON}),
)


class _InterviewRace(Exception):
    """A colleague created the same episode's return interview while this save ran."""


@checks_session
class MissingRecording(RecordingFrame):
    def save_missing(self, actor: Actor, cmd: MissingInput) -> Changes:
        """A new missing episode (episode_id None) or an update of one (with its version)."""

        def values(now: datetime) -> Values:
            return {
                "kind": ("kind", cmd.kind.value),
                "started_at": ("started_at", aware(cmd.started_at)),
                "ended_at": ("ended_at", aware(cmd.ended_at) if cmd.ended_at else None),
                "police_risk_grade": (
                    "police_risk_grade",
                    cmd.police_risk_grade.value if cmd.police_risk_grade else None,
                ),
                "reported_by": ("reported_by", text(cmd.reported_by)),
                "where_found": ("where_found", text(cmd.where_found)),
                "found_with": ("found_with", text(cmd.found_with)),
                "notes": ("notes", text(cmd.notes)),
            }

        def validate(session: Session, now: datetime, episode: Stored | None) -> Errors:
            others = repo.missing_records(session, cmd.young_person_id)
            errors = validate_missing(cmd, others, now, max_text(session))
            errors.pop("version", None)  # checked above against the stored row
            return errors

        return self._save(
            actor,
            MISSING,
            cmd,
            record_id=cmd.episode_id,
            version=cmd.version,
            values=values,
            validate=validate,
            create=lambda now: {"recorded_at": now},
            skip=("episode_id",),
        )

    def save_return_interview(self, actor: Actor, cmd: ReturnInterviewInput) -> Changes:
        """Create or update the return home interview of one missing episode."""
        kind = RETURN_INTERVIEW

        def work(session: Session, now: datetime) -> Changes:
            episode = self._own(
                repo.missing_episodes(session).get(cmd.episode_id),
                cmd.young_person_id,
                "missing episode",
            )
            rows = kind.rows(session)
            stored = rows.find(episode_id=episode.id)
            if stored is not None:
                self._check_version(session, stored, rows, cmd.version, kind)
            elif cmd.version is not None:
                raise EditConflict(
                    "This return interview was removed since you opened it; nothing was saved"
                )
            assert episode.missing is not None
            raise_if(validate_return_interview(cmd, episode.missing, now, max_text(session)))
            values = {
                "offered_at": ("offered_at", aware(cmd.offered_at) if cmd.offered_at else None),
                "accepted": ("accepted", cmd.accepted),
                "declined_reason": ("declined_reason", optional(cmd.declined_reason)),
                "completed_at": (
                    "completed_at",
                    aware(cmd.completed_at) if cmd.completed_at else None,
                ),
                "completed_by": ("completed_by", text(cmd.completed_by)),
                "key_disclosures": ("key_disclosures", text(cmd.key_disclosures)),
            }
            if stored is None:
                try:
                    written = rows.insert(values, episode_id=episode.id)
                except IntegrityError:
                    raise _InterviewRace from None
                action, changed = AuditAction.CREATE, given(cmd, ("episode_id",))
            else:
                written = stored.id
                action, changed = AuditAction.UPDATE, rows.update(stored.id, values)
            if changed:
                audit.record(
                    session,
                    actor,
                    action,
                    object_kind=kind.object_kind,
                    object_id=written,
                    young_person_id=cmd.young_person_id,
                    fields=changed,
                    detail={"missing_episode": episode.id},
                )
            return Changes(frozenset({cmd.young_person_id}), kind.changes, written)

        def reread(session: Session) -> EditConflict | None:
            stored = kind.rows(session).find(episode_id=cmd.episode_id)
            if stored is None:
                return None
            return self._conflict(session, stored, kind.object_kind, kind.what, SAME_MOMENT)

        try:
            return self._run(
                actor,
                cmd.young_person_id,
                kind.surface,
                kind.roles,
                work,
                request_id=cmd.request_id,
                reread=reread,
            )
        except _InterviewRace:
            with self._db.begin() as session:
                conflict = reread(session)
            raise conflict or EditConflict(
                "Someone else recorded this return interview at the same moment; "
                "nothing was saved. Reopen the episode to see theirs"
            ) from None
