"""Recording risk assessments (immutable; a correction supersedes) and their confirmation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from desktop.data.repositories import recording as repo
from desktop.domain.actor import Actor
from desktop.domain.commands import (
    KIND_ASSESSMENT,
    KIND_CHRONOLOGY,
    KIND_PERSON,
    AssessmentInput,
    Changes,
)
from desktop.domain.dates import format_date
from desktop.domain.enums import AuditAction
from desktop.domain.errors import ValidationFailed
from desktop.domain.validation import assessment_result, validate_assessment
from desktop.services import audit
from desktop.services.clock import uk_date
from desktop.services.recording_frame import (
    CONFIRMING_ROLES,
    Kind,
    RecordingFrame,
    given,
    max_text,
    optional,
    raise_if,
    text,
)
from desktop.services.sessions import checks_session

ASSESSMENT = Kind(
    surface="assessment",
    object_kind="risk_assessment",
    what="assessment",
    gone="assessment",
    rows=repo.assessments,
    changes=frozenset({KIND_ASSESSMENT, KIND_CHRONOLOGY}),
)

CONFIRMATION = Kind(
    surface="confirm assessment",
    object_kind=ASSESSMENT.object_kind,
    what=ASSESSMENT.what,
    gone=ASSESSMENT.gone,
    rows=repo.assessments,
    changes=frozenset({KIND_ASSESSMENT, KIND_CHRONOLOGY, KIND_PERSON}),
    roles=CONFIRMING_ROLES,
)


@checks_session
class AssessmentRecording(RecordingFrame):
    def record_assessment(self, actor: Actor, cmd: AssessmentInput) -> Changes:
        """A new immutable assessment; a correction names the one it supersedes."""
        kind = ASSESSMENT

        def work(session: Session, now: datetime) -> Changes:
            loaded = repo.active_instrument(session, cmd.instrument_code)
            target = (
                repo.supersede_target(session, cmd.supersedes_id)
                if cmd.supersedes_id is not None
                else None
            )
            raise_if(
                validate_assessment(
                    cmd,
                    loaded.instrument if loaded else None,
                    uk_date(now),
                    target,
                    max_text(session),
                )
            )
            assert loaded is not None
            score, band = assessment_result(loaded.instrument, cmd)
            written = kind.rows(session).insert(
                {},
                young_person_id=cmd.young_person_id,
                instrument_id=loaded.id,
                assessed_on=cmd.assessed_on,
                total_score=score,
                band_label=band.label,
                computed_category=band.category.code,
                override_category=cmd.override_category.code if cmd.override_category else None,
                override_reason=optional(cmd.override_reason),
                assessor_id=actor.user_id,
                rationale=text(cmd.rationale),
                young_person_words=text(cmd.young_person_words),
                supersedes_id=cmd.supersedes_id,
                recorded_at=now,
            )
            repo.assessment_answers(session).insert_many(
                [
                    {"assessment_id": written, "item_id": loaded.item_ids[item], "timing": t.value}
                    for item, t in cmd.answers.items()
                ]
            )
            audit.record(
                session,
                actor,
                AuditAction.CREATE,
                object_kind=kind.object_kind,
                object_id=written,
                young_person_id=cmd.young_person_id,
                fields=given(cmd),
                detail={"score": score, "band": band.label},
            )
            return Changes(frozenset({cmd.young_person_id}), kind.changes, written)

        return self._run(
            actor, cmd.young_person_id, kind.surface, kind.roles, work, request_id=cmd.request_id
        )

    def confirm_assessment(self, actor: Actor, young_person_id: int, assessment_id: int) -> Changes:
        """Team manager's confirmation: the assessment becomes eligible as the current risk."""
        kind = CONFIRMATION

        def work(session: Session, now: datetime) -> Changes:
            rows = kind.rows(session)
            stored = self._own(rows.get(assessment_id), young_person_id, kind.gone)
            if stored.confirmed_at is not None:
                raise ValidationFailed(
                    f"This assessment was already confirmed on "
                    f"{format_date(uk_date(stored.confirmed_at))}",
                    {"assessment_id": "Already confirmed"},
                )
            rows.update(
                stored.id,
                {
                    "confirmed_by": ("confirmed_by_id", actor.user_id),
                    "confirmed_at": ("confirmed_at", now),
                },
            )
            audit.record(
                session,
                actor,
                AuditAction.UPDATE,
                object_kind=kind.object_kind,
                object_id=stored.id,
                young_person_id=young_person_id,
                fields=["confirmed_by", "confirmed_at"],
            )
            return Changes(frozenset({young_person_id}), kind.changes, stored.id)

        return self._run(actor, young_person_id, kind.surface, kind.roles, work)
