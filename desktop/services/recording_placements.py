"""Recording SSDA903 placement episodes: a new one (ending the open one) or the last one ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from desktop.data.repositories import recording as repo
from desktop.domain.actor import Actor
from desktop.domain.commands import (
    KIND_CHRONOLOGY,
    KIND_PERSON,
    KIND_PLACEMENT,
    Changes,
    EndPlacementInput,
    PlacementInput,
)
from desktop.domain.enums import AuditAction
from desktop.domain.postcodes import normalise_postcode
from desktop.domain.records import Stored
from desktop.domain.validation import (
    CONTINUES,
    Errors,
    code,
    validate_end_placement,
    validate_placement,
)
from desktop.services import audit
from desktop.services.clock import uk_date
from desktop.services.recording_frame import (
    Kind,
    RecordingFrame,
    given,
    max_text,
    optional,
    raise_if,
    text,
)
from desktop.services.sessions import checks_session

PLACEMENT = Kind(
    surface="placement",
    object_kind="placement_episode",
    what="episode",
    gone="placement episode",
    rows=repo.placements,
    changes=frozenset({KIND_PLACEMENT, KIND_CHRONOLOGY, KIND_PERSON}),
)

END_PLACEMENT = Kind(
    surface="end placement",
    object_kind=PLACEMENT.object_kind,
    what=PLACEMENT.what,
    gone=PLACEMENT.gone,
    rows=repo.placements,
    changes=PLACEMENT.changes,
)


@checks_session
class PlacementRecording(RecordingFrame):
    def start_placement(self, actor: Actor, cmd: PlacementInput) -> Changes:
        """A new episode; the open one ends on its DECOM (DEC = next DECOM) with REC X1 unless
        told otherwise, carrying the reason for the placement change."""
        kind = PLACEMENT

        def work(session: Session, now: datetime) -> Changes:
            person = repo.young_people(session).get(cmd.young_person_id)
            assert person is not None and person.date_of_birth is not None  # access checked
            rows, episodes = repo.open_placement(session, cmd.young_person_id)
            existing = [ep.placement for ep in episodes if ep.placement is not None]
            raise_if(
                validate_placement(
                    cmd, existing, person.date_of_birth, uk_date(now), max_text(session)
                )
            )
            current = next((ep for ep in reversed(existing) if ep.dec is None), None)
            if current is not None:
                ended = rows.update(
                    current.id,
                    {
                        "dec": ("dec", cmd.decom),
                        "rec": ("rec", code(cmd.rec) or CONTINUES),
                        "reason_place_change": (
                            "reason_place_change",
                            code(cmd.reason_place_change) or None,
                        ),
                    },
                )
                audit.record(
                    session,
                    actor,
                    AuditAction.UPDATE,
                    object_kind=kind.object_kind,
                    object_id=current.id,
                    young_person_id=cmd.young_person_id,
                    fields=ended,
                )
            home = cmd.home_postcode if cmd.home_postcode is not None else person.home_postcode
            written = rows.insert(
                {},
                young_person_id=cmd.young_person_id,
                decom=cmd.decom,
                rne=code(cmd.rne),
                legal_status=code(cmd.ls),
                place=code(cmd.place),
                provider_name=text(cmd.provider),
                home_postcode=normalise_postcode(home),
                placement_postcode=normalise_postcode(cmd.placement_postcode),
                urn=optional(cmd.urn),
            )
            audit.record(
                session,
                actor,
                AuditAction.CREATE,
                object_kind=kind.object_kind,
                object_id=written,
                young_person_id=cmd.young_person_id,
                fields=given(cmd, ("rec", "reason_place_change")),
                detail={"ended_episode": current.id} if current is not None else None,
            )
            return Changes(frozenset({cmd.young_person_id}), kind.changes, written)

        return self._run(
            actor, cmd.young_person_id, kind.surface, kind.roles, work, request_id=cmd.request_id
        )

    def end_placement(self, actor: Actor, cmd: EndPlacementInput) -> Changes:
        """End the open episode without a new one: the young person leaves care."""

        def validate(session: Session, now: datetime, episode: Stored | None) -> Errors:
            person = repo.young_people(session).get(cmd.young_person_id)
            assert person is not None and person.date_of_birth is not None  # access checked
            assert episode is not None and episode.placement is not None
            return validate_end_placement(
                cmd, episode.placement, person.date_of_birth, uk_date(now), max_text(session)
            )

        return self._save(
            actor,
            END_PLACEMENT,
            cmd,
            record_id=cmd.episode_id,
            version=cmd.version,
            values=lambda now: {"dec": ("dec", cmd.dec), "rec": ("rec", code(cmd.rec))},
            validate=validate,
            always_audit=True,
        )
