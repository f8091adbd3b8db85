"""Recording use cases: chronology, assessments, contacts, placements, missing episodes, RHIs.

Every method checks the actor may write to this young person, validates with the domain
rules (nothing is written when anything is wrong), writes in one transaction with its audit
row, and returns a Changes value. Edits carry the version the user opened: a colleague's
save in between is an EditConflict naming them, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import MISSING
from dataclasses import fields as dataclass_fields
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.data.database import Database
from desktop.data.repositories import people
from desktop.data.repositories import recording as repo
from desktop.data.repositories.settings import load_security
from desktop.data.tables import (
    AppliedRequest,
    ChronologyEntry,
    Contact,
    MissingEpisode,
    PlacementEpisode,
    ReturnInterview,
    RiskAssessment,
    RiskAssessmentAnswer,
    YoungPerson,
)
from desktop.domain.access import Access, person_access
from desktop.domain.actor import Actor
from desktop.domain.commands import (
    KIND_ASSESSMENT,
    KIND_CHRONOLOGY,
    KIND_CONTACT,
    KIND_MISSING,
    KIND_PERSON,
    KIND_PLACEMENT,
    KIND_RETURN_INTERVIEW,
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
from desktop.domain.dates import aware, format_date, format_datetime
from desktop.domain.enums import (
    AuditAction,
    ChronologyCategory,
    DatePrecision,
    MissingKind,
    PoliceRiskGrade,
    Role,
)
from desktop.domain.errors import (
    EditConflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from desktop.domain.postcodes import normalise_postcode
from desktop.domain.validation import (
    CONTINUES,
    Errors,
    assessment_result,
    code,
    validate_assessment,
    validate_chronology_entry,
    validate_contact,
    validate_contact_target,
    validate_end_placement,
    validate_missing,
    validate_placement,
    validate_return_interview,
)
from desktop.services import audit
from desktop.services.clock import Clock, system_clock, uk_date
from desktop.services.sessions import checks_session

#: Roles that record case content; a MACSE chair adds chronology entries only, and partner
#: readers and administrators never write case records.
RECORDING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.KEY_PERSON, Role.TEAM_MANAGER})
CHRONOLOGY_ROLES = RECORDING_ROLES | {Role.MACSE_CHAIR}
CONFIRMING_ROLES = frozenset({Role.TEAM_MANAGER})

_NOT_ALLOWED = {
    Role.MACSE_CHAIR: "A MACSE chair can add chronology entries but not change this record",
    Role.PARTNER_READER: "Partner-agency readers cannot change case records",
    Role.ADMINISTRATOR: "Administrators cannot change case records",
}


class _Versioned(Protocol):
    id: int
    version: int


def _max_text(session: Session) -> int:
    """The council's limit of characters in a free-text field."""
    return load_security(session).max_text_length


def _raise_if(errors: Errors) -> None:
    if errors:
        count = len(errors)
        first = next(iter(errors.values()))
        summary = first if count == 1 else f"{first} (and {count - 1} more to check)"
        raise ValidationFailed(summary, errors)


def _given(cmd: Any, skip: Iterable[str] = ()) -> list[str]:
    """Command fields given a value (other than their default), for a new record's audit row."""
    left_out = {"young_person_id", "version", "request_id", *skip}
    names = []
    for f in dataclass_fields(cmd):
        value = getattr(cmd, f.name)
        if f.name in left_out or value is None or value == "" or value == {}:
            continue
        if f.default is not MISSING and value == f.default:
            continue
        names.append(f.name)
    return names


def _apply(row: object, values: dict[str, tuple[str, Any]]) -> list[str]:
    """Set each column whose value differs; returns the command field names that changed."""
    changed = []
    for name, (column, value) in values.items():
        if getattr(row, column) != value:
            setattr(row, column, value)
            changed.append(name)
    return changed


def _text(value: str) -> str:
    return value.strip()


def _optional(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


# -- a record's stored values by its command's field names (what an EditConflict carries) ----


def _chronology_current(row: ChronologyEntry) -> dict[str, object]:
    return {
        "event_date": row.event_date,
        "precision": DatePrecision(row.date_precision),
        "end_date": row.end_date,
        "category": ChronologyCategory(row.category),
        "source_agency": row.source_agency,
        "source_person": row.source_person,
        "description": row.description,
        "analysis": row.analysis,
        "significant": row.significant,
    }


def _missing_current(row: MissingEpisode) -> dict[str, object]:
    grade = row.police_risk_grade
    return {
        "kind": MissingKind(row.kind),
        "started_at": row.started_at,
        "ended_at": row.ended_at,
        "police_risk_grade": PoliceRiskGrade(grade) if grade else None,
        "reported_by": row.reported_by,
        "where_found": row.where_found,
        "found_with": row.found_with,
        "notes": row.notes,
    }


def _return_interview_current(row: ReturnInterview) -> dict[str, object]:
    return {
        "offered_at": row.offered_at,
        "accepted": row.accepted,
        "declined_reason": row.declined_reason or "",
        "completed_at": row.completed_at,
        "completed_by": row.completed_by,
        "key_disclosures": row.key_disclosures,
    }


def _placement_end_current(row: PlacementEpisode) -> dict[str, object]:
    return {"dec": row.dec, "rec": row.rec}


def _person_target_current(row: YoungPerson) -> dict[str, object]:
    return {"target_days": row.contact_target_days}


_SAME_MOMENT = (
    "Someone else saved this record at the same moment; nothing was saved. "
    "Compare your changes with theirs, then save again"
)


class _InterviewRace(Exception):
    """A colleague created the same episode's return interview while this save ran."""


class _AppliedMeanwhile(Exception):
    """The same request id was committed by another attempt while this one ran."""


#: Refetch a record after a version clash at flush time: the conflict to raise (None: gone).
Reread = Callable[[Session], EditConflict | None]


@checks_session
class RecordingService:
    def __init__(self, db: Database, *, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    # -- the frame every write runs in ------------------------------------------------------

    def _run(
        self,
        actor: Actor,
        young_person_id: int,
        surface: str,
        roles: frozenset[Role],
        work: Callable[[Session, datetime], Changes],
        *,
        request_id: str | None = None,
        reread: Reread | None = None,
    ) -> Changes:
        """Run ``work`` in one transaction after the permission check.

        With a ``request_id`` the save is idempotent: its applied_request row is inserted first
        in the same transaction (a concurrent retry waits on that key, then finds it), and a
        retry of a committed request returns the original Changes without writing again.
        """
        if request_id is not None and not 0 < len(request_id) <= 36:
            raise ValidationFailed("Invalid save request id", {"request_id": "Invalid"})
        try:
            with self._db.begin() as session:
                self._require(session, actor, young_person_id, roles)
                now = self._clock()
                if request_id is None:
                    return work(session, now)
                done = self._applied(session, actor, request_id)
                if done is not None:
                    return done
                applied = AppliedRequest(
                    request_id=request_id,
                    applied_at=now,
                    user_id=actor.user_id,
                    kind=surface[:40],
                    young_person_id=young_person_id,
                )
                session.add(applied)
                try:
                    session.flush()
                except IntegrityError:
                    raise _AppliedMeanwhile from None
                changes = work(session, now)
                applied.record_id = changes.record_id
                applied.changed = ",".join(sorted(changes.kinds))
                session.flush()
                return changes
        except _AppliedMeanwhile:
            assert request_id is not None
            with self._db.begin() as session:
                done = self._applied(session, actor, request_id)
            assert done is not None, "a committed request id must be found"
            return done
        except PermissionDenied:
            # the work rolled back; the refusal itself is recorded
            with self._db.begin() as session:
                audit.record(
                    session,
                    actor,
                    AuditAction.PERMISSION_DENIED,
                    young_person_id=young_person_id,
                    detail={"surface": surface},
                )
            raise
        except StaleDataError:
            conflict = None
            if reread is not None:
                with self._db.begin() as session:
                    conflict = reread(session)
            raise conflict or EditConflict(_SAME_MOMENT) from None

    @staticmethod
    def _applied(session: Session, actor: Actor, request_id: str) -> Changes | None:
        """The Changes of an already-applied request (None when it was never applied)."""
        row = session.get(AppliedRequest, request_id)
        if row is None:
            return None
        if row.user_id != actor.user_id:
            raise ValidationFailed(
                "This save request was made by another user; nothing was saved",
                {"request_id": "Belongs to another user"},
            )
        people_ids = frozenset({row.young_person_id}) if row.young_person_id is not None else None
        return Changes(
            people_ids or frozenset(),
            frozenset(k for k in row.changed.split(",") if k),
            row.record_id,
        )

    @staticmethod
    def _require(
        session: Session, actor: Actor, young_person_id: int, roles: frozenset[Role]
    ) -> None:
        if actor.role not in roles:
            message = _NOT_ALLOWED.get(actor.role, "You cannot change this record")
            if actor.role is not Role.ADMINISTRATOR and roles == CONFIRMING_ROLES:
                message = "Only a team manager can confirm an assessment"
            raise PermissionDenied(message)
        facts = people.access_facts(session, young_person_id, actor.user_id)
        if facts is None:
            raise NotFound("That young person's record does not exist")
        access = person_access(
            actor.role,
            actor.team_id,
            facts,
            break_glass=young_person_id in actor.break_glass,
        )
        if access is Access.NONE:
            raise PermissionDenied("This young person is not in your caseload")
        if access is not Access.FULL:
            raise PermissionDenied(
                "This record is restricted: you need to be on its access list to change it"
            )

    @staticmethod
    def _check_version(
        session: Session,
        row: _Versioned,
        expected: int | None,
        kind: str,
        what: str,
        current: Callable[[], dict[str, object]] | None = None,
    ) -> None:
        if expected is not None and row.version == expected:
            return
        raise RecordingService._conflict(session, row, kind, what, current() if current else {})

    @staticmethod
    def _conflict(
        session: Session,
        row: _Versioned,
        kind: str,
        what: str,
        current: dict[str, object],
        message: str | None = None,
    ) -> EditConflict:
        """The conflict for a stale edit, carrying the stored values, who saved and when."""
        last = repo.last_change(session, kind, row.id)
        by = f" by {last.who} at {format_datetime(last.at)}" if last else ""
        return EditConflict(
            message
            or (
                f"This {what} was changed{by} since you opened it, so nothing was saved. "
                "Compare your changes with theirs, then save again"
            ),
            current=current,
            changed_by=last.who if last else "",
            changed_at=last.at if last else None,
            version=row.version,
        )

    def _reread(
        self,
        table: type[Any],
        record_id: int | None,
        kind: str,
        current: Callable[[Any], dict[str, object]],
    ) -> Reread:
        """A Reread for ``_run``: the record as a colleague left it, after a version clash."""

        def reread(session: Session) -> EditConflict | None:
            row = session.get(table, record_id) if record_id is not None else None
            if row is None:
                return None
            return self._conflict(session, row, kind, kind, current(row), _SAME_MOMENT)

        return reread

    @staticmethod
    def _own(row: Any, young_person_id: int, what: str) -> None:
        if row is None or row.young_person_id != young_person_id:
            raise NotFound(f"That {what} no longer exists")

    # -- chronology ---------------------------------------------------------------------------

    def save_chronology_entry(self, actor: Actor, cmd: ChronologyEntryInput) -> Changes:
        """A new hand-written entry (entry_id None) or an edit of one (with its version)."""

        def work(session: Session, now: datetime) -> Changes:
            errors = validate_chronology_entry(cmd, uk_date(now), _max_text(session))
            values = {
                "event_date": ("event_date", cmd.event_date),
                "precision": ("date_precision", cmd.precision.value),
                "end_date": ("end_date", cmd.end_date),
                "category": ("category", cmd.category.value),
                "source_agency": ("source_agency", _text(cmd.source_agency)),
                "source_person": ("source_person", _text(cmd.source_person)),
                "description": ("description", _text(cmd.description)),
                "analysis": ("analysis", _text(cmd.analysis)),
                "significant": ("significant", cmd.significant),
            }
            entry: ChronologyEntry | None
            if cmd.entry_id is None:
                _raise_if(errors)
                entry = ChronologyEntry(
                    young_person_id=cmd.young_person_id,
                    author_id=actor.user_id,
                    recorded_at=now,
                    **{column: value for column, value in values.values()},
                )
                session.add(entry)
                session.flush()
                action, changed = AuditAction.CREATE, _given(cmd, ("entry_id",))
            else:
                entry = session.get(ChronologyEntry, cmd.entry_id)
                self._own(entry, cmd.young_person_id, "chronology entry")
                assert entry is not None
                if entry.linked_kind is not None:
                    raise ValidationFailed(
                        "This entry comes from another record; change it there",
                        {"entry_id": "Made from another record"},
                    )
                if actor.role is Role.MACSE_CHAIR and entry.author_id != actor.user_id:
                    raise PermissionDenied("A MACSE chair can change only their own entries")
                errors.pop("version", None)
                row = entry
                self._check_version(
                    session,
                    entry,
                    cmd.version,
                    "chronology_entry",
                    "entry",
                    lambda: _chronology_current(row),
                )
                _raise_if(errors)
                action, changed = AuditAction.UPDATE, _apply(entry, values)
                session.flush()
            if changed:
                audit.record(
                    session,
                    actor,
                    action,
                    object_kind="chronology_entry",
                    object_id=entry.id,
                    young_person_id=cmd.young_person_id,
                    fields=changed,
                )
            return Changes(frozenset({cmd.young_person_id}), frozenset({KIND_CHRONOLOGY}), entry.id)

        return self._run(
            actor,
            cmd.young_person_id,
            "chronology",
            CHRONOLOGY_ROLES,
            work,
            request_id=cmd.request_id,
            reread=self._reread(
                ChronologyEntry, cmd.entry_id, "chronology_entry", _chronology_current
            ),
        )

    # -- risk assessments ---------------------------------------------------------------------

    def record_assessment(self, actor: Actor, cmd: AssessmentInput) -> Changes:
        """A new immutable assessment; a correction names the one it supersedes."""

        def work(session: Session, now: datetime) -> Changes:
            loaded = repo.active_instrument(session, cmd.instrument_code)
            target = (
                repo.supersede_target(session, cmd.supersedes_id)
                if cmd.supersedes_id is not None
                else None
            )
            _raise_if(
                validate_assessment(
                    cmd,
                    loaded.instrument if loaded else None,
                    uk_date(now),
                    target,
                    _max_text(session),
                )
            )
            assert loaded is not None
            score, band = assessment_result(loaded.instrument, cmd)
            row = RiskAssessment(
                young_person_id=cmd.young_person_id,
                instrument_id=loaded.id,
                assessed_on=cmd.assessed_on,
                total_score=score,
                band_label=band.label,
                computed_category=band.category.code,
                override_category=cmd.override_category.code if cmd.override_category else None,
                override_reason=_optional(cmd.override_reason),
                assessor_id=actor.user_id,
                rationale=_text(cmd.rationale),
                young_person_words=_text(cmd.young_person_words),
                supersedes_id=cmd.supersedes_id,
                recorded_at=now,
            )
            session.add(row)
            session.flush()
            session.add_all(
                RiskAssessmentAnswer(
                    assessment_id=row.id, item_id=loaded.item_ids[item], timing=timing.value
                )
                for item, timing in cmd.answers.items()
            )
            audit.record(
                session,
                actor,
                AuditAction.CREATE,
                object_kind="risk_assessment",
                object_id=row.id,
                young_person_id=cmd.young_person_id,
                fields=_given(cmd),
                detail={"score": score, "band": band.label},
            )
            return Changes(
                frozenset({cmd.young_person_id}),
                frozenset({KIND_ASSESSMENT, KIND_CHRONOLOGY}),
                row.id,
            )

        return self._run(
            actor,
            cmd.young_person_id,
            "assessment",
            RECORDING_ROLES,
            work,
            request_id=cmd.request_id,
        )

    def confirm_assessment(self, actor: Actor, young_person_id: int, assessment_id: int) -> Changes:
        """Team manager's confirmation: the assessment becomes eligible as the current risk."""

        def work(session: Session, now: datetime) -> Changes:
            row = session.get(RiskAssessment, assessment_id)
            self._own(row, young_person_id, "assessment")
            assert row is not None
            if row.confirmed_at is not None:
                raise ValidationFailed(
                    f"This assessment was already confirmed on "
                    f"{format_date(uk_date(row.confirmed_at))}",
                    {"assessment_id": "Already confirmed"},
                )
            row.confirmed_by_id = actor.user_id
            row.confirmed_at = now
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.UPDATE,
                object_kind="risk_assessment",
                object_id=row.id,
                young_person_id=young_person_id,
                fields=["confirmed_by", "confirmed_at"],
            )
            return Changes(
                frozenset({young_person_id}),
                frozenset({KIND_ASSESSMENT, KIND_CHRONOLOGY, KIND_PERSON}),
                row.id,
            )

        return self._run(actor, young_person_id, "confirm assessment", CONFIRMING_ROLES, work)

    # -- key-person contacts ------------------------------------------------------------------

    def record_contact(self, actor: Actor, cmd: ContactInput) -> Changes:
        def work(session: Session, now: datetime) -> Changes:
            _raise_if(validate_contact(cmd, now, _max_text(session)))
            row = Contact(
                young_person_id=cmd.young_person_id,
                worker_id=actor.user_id,
                occurred_at=aware(cmd.occurred_at),
                duration_minutes=cmd.duration_minutes,
                kind=cmd.kind.value,
                initiated_by=_text(cmd.initiated_by) or "worker",
                location=_text(cmd.location),
                with_whom=cmd.with_whom.value,
                summary=_text(cmd.summary),
                young_person_said=_text(cmd.young_person_said),
                significant=cmd.significant,
                recorded_at=now,
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATE,
                object_kind="contact",
                object_id=row.id,
                young_person_id=cmd.young_person_id,
                fields=_given(cmd),
            )
            kinds = {KIND_CONTACT, KIND_PERSON} | ({KIND_CHRONOLOGY} if cmd.significant else set())
            return Changes(frozenset({cmd.young_person_id}), frozenset(kinds), row.id)

        return self._run(
            actor, cmd.young_person_id, "contact", RECORDING_ROLES, work, request_id=cmd.request_id
        )

    def set_contact_target(self, actor: Actor, cmd: ContactTargetInput) -> Changes:
        """The young person's own days between contacts (None: the council's default)."""

        def work(session: Session, now: datetime) -> Changes:
            person = session.get(YoungPerson, cmd.young_person_id)
            assert person is not None  # the access check found it
            self._check_version(
                session,
                person,
                cmd.version,
                "young_person",
                "record",
                lambda: _person_target_current(person),
            )
            _raise_if(validate_contact_target(cmd))
            if person.contact_target_days != cmd.target_days:
                person.contact_target_days = cmd.target_days
                session.flush()
                audit.record(
                    session,
                    actor,
                    AuditAction.UPDATE,
                    object_kind="young_person",
                    object_id=person.id,
                    young_person_id=person.id,
                    fields=["contact_target_days"],
                )
            return Changes(
                frozenset({person.id}), frozenset({KIND_CONTACT, KIND_PERSON}), person.id
            )

        return self._run(
            actor,
            cmd.young_person_id,
            "contact target",
            RECORDING_ROLES,
            work,
            request_id=cmd.request_id,
            reread=self._reread(
                YoungPerson, cmd.young_person_id, "young_person", _person_target_current
            ),
        )

    # -- placements ---------------------------------------------------------------------------

    def start_placement(self, actor: Actor, cmd: PlacementInput) -> Changes:
        """A new episode; the open one ends on its DECOM (DEC = next DECOM) with REC X1 unless
        told otherwise, carrying the reason for the placement change."""

        def work(session: Session, now: datetime) -> Changes:
            person = session.get(YoungPerson, cmd.young_person_id)
            assert person is not None  # the access check found it
            rows = repo.placement_episodes(session, cmd.young_person_id)
            existing = [repo.placement_record(ep) for ep in rows]
            _raise_if(
                validate_placement(
                    cmd, existing, person.date_of_birth, uk_date(now), _max_text(session)
                )
            )
            current = next((ep for ep in reversed(rows) if ep.dec is None), None)
            if current is not None:
                ended = _apply(
                    current,
                    {
                        "dec": ("dec", cmd.decom),
                        "rec": ("rec", code(cmd.rec) or CONTINUES),
                        "reason_place_change": (
                            "reason_place_change",
                            code(cmd.reason_place_change) or None,
                        ),
                    },
                )
                session.flush()
                audit.record(
                    session,
                    actor,
                    AuditAction.UPDATE,
                    object_kind="placement_episode",
                    object_id=current.id,
                    young_person_id=cmd.young_person_id,
                    fields=ended,
                )
            home = cmd.home_postcode if cmd.home_postcode is not None else person.home_postcode
            row = PlacementEpisode(
                young_person_id=cmd.young_person_id,
                decom=cmd.decom,
                rne=code(cmd.rne),
                legal_status=code(cmd.ls),
                place=code(cmd.place),
                provider_name=_text(cmd.provider),
                home_postcode=normalise_postcode(home),
                placement_postcode=normalise_postcode(cmd.placement_postcode),
                urn=_optional(cmd.urn),
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATE,
                object_kind="placement_episode",
                object_id=row.id,
                young_person_id=cmd.young_person_id,
                fields=_given(cmd, ("rec", "reason_place_change")),
                detail={"ended_episode": current.id} if current is not None else None,
            )
            return Changes(
                frozenset({cmd.young_person_id}),
                frozenset({KIND_PLACEMENT, KIND_CHRONOLOGY, KIND_PERSON}),
                row.id,
            )

        return self._run(
            actor,
            cmd.young_person_id,
            "placement",
            RECORDING_ROLES,
            work,
            request_id=cmd.request_id,
        )

    def end_placement(self, actor: Actor, cmd: EndPlacementInput) -> Changes:
        """End the open episode without a new one: the young person leaves care."""

        def work(session: Session, now: datetime) -> Changes:
            row = session.get(PlacementEpisode, cmd.episode_id)
            self._own(row, cmd.young_person_id, "placement episode")
            assert row is not None
            episode = row
            self._check_version(
                session,
                row,
                cmd.version,
                "placement_episode",
                "episode",
                lambda: _placement_end_current(episode),
            )
            person = session.get(YoungPerson, cmd.young_person_id)
            assert person is not None  # the access check found it
            record = repo.placement_record(row)
            _raise_if(
                validate_end_placement(
                    cmd, record, person.date_of_birth, uk_date(now), _max_text(session)
                )
            )
            changed = _apply(row, {"dec": ("dec", cmd.dec), "rec": ("rec", code(cmd.rec))})
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.UPDATE,
                object_kind="placement_episode",
                object_id=row.id,
                young_person_id=cmd.young_person_id,
                fields=changed,
            )
            return Changes(
                frozenset({cmd.young_person_id}),
                frozenset({KIND_PLACEMENT, KIND_CHRONOLOGY, KIND_PERSON}),
                row.id,
            )

        return self._run(
            actor,
            cmd.young_person_id,
            "end placement",
            RECORDING_ROLES,
            work,
            request_id=cmd.request_id,
            reread=self._reread(
                PlacementEpisode, cmd.episode_id, "placement_episode", _placement_end_current
            ),
        )

    # -- missing episodes and return interviews -----------------------------------------------

    def save_missing(self, actor: Actor, cmd: MissingInput) -> Changes:
        """A new missing episode (episode_id None) or an update of one (with its version)."""

        def work(session: Session, now: datetime) -> Changes:
            row: MissingEpisode | None = None
            if cmd.episode_id is not None:
                row = session.get(MissingEpisode, cmd.episode_id)
                self._own(row, cmd.young_person_id, "missing episode")
                assert row is not None
                episode = row
                self._check_version(
                    session,
                    row,
                    cmd.version,
                    "missing_episode",
                    "episode",
                    lambda: _missing_current(episode),
                )
            others = repo.missing_records(session, cmd.young_person_id)
            errors = validate_missing(cmd, others, now, _max_text(session))
            errors.pop("version", None)  # checked above against the stored row
            _raise_if(errors)
            values = {
                "kind": ("kind", cmd.kind.value),
                "started_at": ("started_at", aware(cmd.started_at)),
                "ended_at": ("ended_at", aware(cmd.ended_at) if cmd.ended_at else None),
                "police_risk_grade": (
                    "police_risk_grade",
                    cmd.police_risk_grade.value if cmd.police_risk_grade else None,
                ),
                "reported_by": ("reported_by", _text(cmd.reported_by)),
                "where_found": ("where_found", _text(cmd.where_found)),
                "found_with": ("found_with", _text(cmd.found_with)),
                "notes": ("notes", _text(cmd.notes)),
            }
            if row is None:
                row = MissingEpisode(
                    young_person_id=cmd.young_person_id,
                    recorded_at=now,
                    **{column: value for column, value in values.values()},
                )
                session.add(row)
                session.flush()
                action, changed = AuditAction.CREATE, _given(cmd, ("episode_id",))
            else:
                action, changed = AuditAction.UPDATE, _apply(row, values)
                session.flush()
            if changed:
                audit.record(
                    session,
                    actor,
                    action,
                    object_kind="missing_episode",
                    object_id=row.id,
                    young_person_id=cmd.young_person_id,
                    fields=changed,
                )
            return Changes(
                frozenset({cmd.young_person_id}),
                frozenset({KIND_MISSING, KIND_CHRONOLOGY, KIND_PERSON}),
                row.id,
            )

        return self._run(
            actor,
            cmd.young_person_id,
            "missing episode",
            RECORDING_ROLES,
            work,
            request_id=cmd.request_id,
            reread=self._reread(
                MissingEpisode, cmd.episode_id, "missing_episode", _missing_current
            ),
        )

    def save_return_interview(self, actor: Actor, cmd: ReturnInterviewInput) -> Changes:
        """Create or update the return home interview of one missing episode."""

        def work(session: Session, now: datetime) -> Changes:
            episode = session.get(MissingEpisode, cmd.episode_id)
            self._own(episode, cmd.young_person_id, "missing episode")
            assert episode is not None
            row = repo.return_interview(session, episode.id)
            if row is not None:
                interview = row
                self._check_version(
                    session,
                    row,
                    cmd.version,
                    "return_interview",
                    "return interview",
                    lambda: _return_interview_current(interview),
                )
            elif cmd.version is not None:
                raise EditConflict(
                    "This return interview was removed since you opened it; nothing was saved"
                )
            _raise_if(
                validate_return_interview(
                    cmd, repo.missing_record(episode), now, _max_text(session)
                )
            )
            values = {
                "offered_at": ("offered_at", aware(cmd.offered_at) if cmd.offered_at else None),
                "accepted": ("accepted", cmd.accepted),
                "declined_reason": ("declined_reason", _optional(cmd.declined_reason)),
                "completed_at": (
                    "completed_at",
                    aware(cmd.completed_at) if cmd.completed_at else None,
                ),
                "completed_by": ("completed_by", _text(cmd.completed_by)),
                "key_disclosures": ("key_disclosures", _text(cmd.key_disclosures)),
            }
            if row is None:
                row = ReturnInterview(
                    episode_id=episode.id, **{column: value for column, value in values.values()}
                )
                session.add(row)
                try:
                    session.flush()
                except IntegrityError:
                    raise _InterviewRace from None
                action, changed = AuditAction.CREATE, _given(cmd, ("episode_id",))
            else:
                action, changed = AuditAction.UPDATE, _apply(row, values)
                session.flush()
            if changed:
                audit.record(
                    session,
                    actor,
                    action,
                    object_kind="return_interview",
                    object_id=row.id,
                    young_person_id=cmd.young_person_id,
                    fields=changed,
                    detail={"missing_episode": episode.id},
                )
            return Changes(
                frozenset({cmd.young_person_id}),
                frozenset({KIND_MISSING, KIND_RETURN_INTERVIEW, KIND_CHRONOLOGY, KIND_PERSON}),
                row.id,
            )

        def reread(session: Session) -> EditConflict | None:
            row = repo.return_interview(session, cmd.episode_id)
            if row is None:
                return None
            current = _return_interview_current(row)
            return self._conflict(
                session, row, "return_interview", "return interview", current, _SAME_MOMENT
            )

        try:
            return self._run(
                actor,
                cmd.young_person_id,
                "return interview",
                RECORDING_ROLES,
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
