"""RecordingService: each write with its audit row and Changes; refusals write nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from desktop.data.database import Database
from desktop.data.tables import (
    AuditEntry,
    ChronologyEntry,
    Contact,
    MissingEpisode,
    PlacementEpisode,
    ReturnInterview,
    RiskAssessment,
    RiskAssessmentAnswer,
    YoungPerson,
)
from desktop.domain.actor import Actor
from desktop.domain.commands import (
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
from desktop.domain.enums import (
    ChronologyCategory,
    ContactKind,
    ContactWith,
    DatePrecision,
    ItemTiming,
    MissingKind,
    PoliceRiskGrade,
    RiskCategory,
    Role,
)
from desktop.domain.errors import EditConflict, NotFound, PermissionDenied, ValidationFailed
from desktop.services.recording import RecordingService
from tests import factories as f

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


@dataclass
class World:
    db: Database
    service: RecordingService
    sw: Actor
    kp: Actor
    mgr: Actor
    chair: Actor
    yp: int
    other_yp: int  # same team, another young person


@pytest.fixture
def w(db: Database) -> World:
    with db.begin() as s:
        north = f.team(s, "North")
        sw = f.user(s, north, Role.SOCIAL_WORKER, "sam.worker")
        kp = f.user(s, north, Role.KEY_PERSON, "kit.keyperson")
        mgr = f.user(s, north, Role.TEAM_MANAGER, "max.manager")
        chair = f.user(s, None, Role.MACSE_CHAIR, "cat.chair")
        yp = f.young_person(s, north, first="Nia", dob=date(2010, 6, 1), worker=sw, key_person=kp)
        yp.home_postcode = "BD1 2AE"
        other = f.young_person(s, north, first="Ola", worker=sw)
        actors = [f.actor(u) for u in (sw, kp, mgr, chair)]
        ids = (yp.id, other.id)
    return World(db, RecordingService(db, clock=lambda: NOW), *actors, *ids)


def count(db: Database, model: Any) -> int:
    with db.begin() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def audits(db: Database, kind: str | None = None) -> list[tuple[str, str, int | None, list[str]]]:
    """(action, object_kind, object_id, fields) of every audit row, oldest first."""
    with db.begin() as s:
        rows = s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        return [
            (r.action, r.object_kind, r.object_id, json.loads(r.fields) if r.fields else [])
            for r in rows
            if kind is None or r.object_kind == kind
        ]


def denials(db: Database) -> int:
    return sum(1 for a in audits(db) if a[0] == "permission_denied")


def entry_cmd(w: World, **changes: Any) -> ChronologyEntryInput:
    values: dict[str, Any] = {
        "young_person_id": w.yp,
        "event_date": TODAY,
        "precision": DatePrecision.EXACT,
        "category": ChronologyCategory.DISCLOSURE,
        "source_agency": "School",
        "source_person": "DSL Ms Khan",
        "description": "Told a teacher about an older boyfriend",
        "analysis": "Possible grooming",
    }
    values.update(changes)
    return ChronologyEntryInput(**values)


# ---------------------------------------------------------------------------------------------
# Chronology
# ---------------------------------------------------------------------------------------------


def test_new_chronology_entry(w: World) -> None:
    changes = w.service.save_chronology_entry(w.sw, entry_cmd(w, significant=True))
    assert changes.young_person_ids == {w.yp} and "chronology" in changes.kinds
    with w.db.begin() as s:
        row = s.get(ChronologyEntry, changes.record_id)
        assert row is not None
        assert (row.author_id, row.category, row.significant) == (w.sw.user_id, "disclosure", True)
        assert row.recorded_at == NOW and row.linked_kind is None
    [(action, kind, object_id, fields)] = audits(w.db)
    assert (action, kind, object_id) == ("create", "chronology_entry", changes.record_id)
    assert {"event_date", "source_agency", "description", "significant"} <= set(fields)


def test_editing_a_chronology_entry_audits_the_changed_fields(w: World) -> None:
    new = w.service.save_chronology_entry(w.sw, entry_cmd(w))
    edit = entry_cmd(w, entry_id=new.record_id, version=1, description="Told a teacher (DSL)")
    changes = w.service.save_chronology_entry(w.kp, edit)
    assert changes.record_id == new.record_id
    assert audits(w.db)[-1] == ("update", "chronology_entry", new.record_id, ["description"])
    with w.db.begin() as s:
        row = s.get(ChronologyEntry, new.record_id)
        assert row is not None and row.version == 2 and row.author_id == w.sw.user_id


def test_stale_chronology_edit_is_a_conflict_naming_who(w: World) -> None:
    new = w.service.save_chronology_entry(w.sw, entry_cmd(w))
    first = entry_cmd(w, entry_id=new.record_id, version=1, description="Kit's version")
    w.service.save_chronology_entry(w.kp, first)
    second = entry_cmd(w, entry_id=new.record_id, version=1, description="Sam's version")
    with pytest.raises(EditConflict, match=r"Kit\.Keyperson"):
        w.service.save_chronology_entry(w.sw, second)
    with w.db.begin() as s:
        row = s.get(ChronologyEntry, new.record_id)
        assert row is not None and row.description == "Kit's version" and row.version == 2


def test_invalid_chronology_entry_writes_nothing(w: World) -> None:
    cmd = entry_cmd(w, event_date=TODAY + timedelta(days=1), source_agency=" ", description="")
    with pytest.raises(ValidationFailed) as exc:
        w.service.save_chronology_entry(w.sw, cmd)
    assert set(exc.value.fields) == {"event_date", "source_agency", "description"}
    assert "and 2 more" in str(exc.value)
    assert count(w.db, ChronologyEntry) == 0 and audits(w.db) == []


def test_derived_entries_are_changed_at_their_source(w: World) -> None:
    with w.db.begin() as s:
        yp = s.get(YoungPerson, w.yp)
        assert yp is not None
        linked = f.chronology_entry(s, yp, TODAY, linked_kind="meeting_cohort", linked_id=3).id
    with pytest.raises(ValidationFailed, match="another record"):
        w.service.save_chronology_entry(w.sw, entry_cmd(w, entry_id=linked, version=1))


def test_an_entry_of_another_young_person_is_not_found(w: World) -> None:
    new = w.service.save_chronology_entry(w.sw, entry_cmd(w))
    cmd = entry_cmd(w, young_person_id=w.other_yp, entry_id=new.record_id, version=1)
    with pytest.raises(NotFound):
        w.service.save_chronology_entry(w.sw, cmd)


def test_chair_adds_entries_and_edits_only_their_own(w: World) -> None:
    own = w.service.save_chronology_entry(w.chair, entry_cmd(w, source_agency="MACSE"))
    w.service.save_chronology_entry(
        w.chair, entry_cmd(w, entry_id=own.record_id, version=1, description="Corrected")
    )
    other = w.service.save_chronology_entry(w.sw, entry_cmd(w))
    with pytest.raises(PermissionDenied, match="own entries"):
        w.service.save_chronology_entry(
            w.chair, entry_cmd(w, entry_id=other.record_id, version=1, description="Chair's")
        )
    assert denials(w.db) == 1
    with w.db.begin() as s:
        row = s.get(ChronologyEntry, other.record_id)
        assert row is not None and row.description.startswith("Told a teacher")


# ---------------------------------------------------------------------------------------------
# Risk assessments
# ---------------------------------------------------------------------------------------------


def seraf(w: World, **changes: Any) -> AssessmentInput:
    values: dict[str, Any] = {
        "young_person_id": w.yp,
        "instrument_code": "seraf",
        "assessed_on": TODAY,
        "answers": {
            "v_looked_after": ItemTiming.RECENT,
            "m_missing": ItemTiming.RECENT,
            "s_older_partner": ItemTiming.RECENT,
            "s_parties": ItemTiming.BOTH,
            "m_gifts": ItemTiming.ABSENT,
        },
        "rationale": "Missing weekly, older boyfriend",
        "young_person_words": "He looks after me",
    }
    values.update(changes)
    return AssessmentInput(**values)


def test_scored_assessment_is_scored_from_the_stored_instrument(w: World) -> None:
    changes = w.service.record_assessment(w.sw, seraf(w))
    assert changes.kinds >= {"assessment", "chronology"}
    with w.db.begin() as s:
        row = s.get(RiskAssessment, changes.record_id)
        assert row is not None
        assert (row.total_score, row.computed_category, row.band_label) == (
            13,
            "moderate",
            "Moderate",
        )  # fmt: skip  1 + 1 + 5 + 6
        assert row.assessor_id == w.sw.user_id and row.confirmed_at is None
        answers = s.execute(
            select(func.count()).where(RiskAssessmentAnswer.assessment_id == row.id)
        ).scalar_one()
        assert answers == 5
    [(action, kind, object_id, fields)] = audits(w.db)
    assert (action, kind, object_id) == ("create", "risk_assessment", changes.record_id)
    assert "answers" in fields


def test_judgement_assessment_takes_the_chosen_category(w: World) -> None:
    cmd = AssessmentInput(
        w.yp, "london", TODAY, judged_category=RiskCategory.SIGNIFICANT, rationale="Cat 3"
    )
    changes = w.service.record_assessment(w.kp, cmd)
    with w.db.begin() as s:
        row = s.get(RiskAssessment, changes.record_id)
        assert row is not None
        assert (row.total_score, row.band_label, row.computed_category) == (
            None, "Category 3", "significant"
        )  # fmt: skip


def test_override_is_stored_with_its_reason(w: World) -> None:
    cmd = seraf(w, override_category=RiskCategory.SIGNIFICANT, override_reason="Disclosure today")
    changes = w.service.record_assessment(w.sw, cmd)
    with w.db.begin() as s:
        row = s.get(RiskAssessment, changes.record_id)
        assert row is not None
        assert (row.override_category, row.override_reason) == ("significant", "Disclosure today")


def test_override_without_reason_writes_nothing(w: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        w.service.record_assessment(w.sw, seraf(w, override_category=RiskCategory.SIGNIFICANT))
    assert set(exc.value.fields) == {"override_reason"}
    assert count(w.db, RiskAssessment) == 0 and count(w.db, RiskAssessmentAnswer) == 0
    assert audits(w.db) == []


def test_unknown_instrument_and_items_are_refused(w: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        w.service.record_assessment(w.sw, seraf(w, instrument_code="nope"))
    assert set(exc.value.fields) == {"instrument_code"}
    with pytest.raises(ValidationFailed) as exc:
        w.service.record_assessment(w.sw, seraf(w, answers={"x": ItemTiming.RECENT}))
    assert set(exc.value.fields) == {"answers"}


def test_a_correction_supersedes_once_and_only_for_the_same_person(w: World) -> None:
    original = w.service.record_assessment(w.sw, seraf(w)).record_id
    fix = w.service.record_assessment(w.sw, seraf(w, supersedes_id=original)).record_id
    with w.db.begin() as s:
        row = s.get(RiskAssessment, fix)
        assert row is not None and row.supersedes_id == original
        first = s.get(RiskAssessment, original)
        assert first is not None and first.version == 1  # never edited
    with pytest.raises(ValidationFailed, match="already been corrected"):
        w.service.record_assessment(w.sw, seraf(w, supersedes_id=original))
    other = w.service.record_assessment(w.sw, seraf(w, young_person_id=w.other_yp)).record_id
    with pytest.raises(ValidationFailed, match="not one of this young person"):
        w.service.record_assessment(w.sw, seraf(w, supersedes_id=other))
    assert count(w.db, RiskAssessment) == 3


def test_manager_confirms_once(w: World) -> None:
    assessment = w.service.record_assessment(w.sw, seraf(w)).record_id
    assert assessment is not None
    changes = w.service.confirm_assessment(w.mgr, w.yp, assessment)
    assert changes == Changes(
        frozenset({w.yp}), frozenset({"assessment", "chronology", "person"}), assessment
    )
    with w.db.begin() as s:
        row = s.get(RiskAssessment, assessment)
        assert row is not None
        assert (row.confirmed_by_id, row.confirmed_at) == (w.mgr.user_id, NOW)
    assert audits(w.db)[-1] == (
        "update", "risk_assessment", assessment, ["confirmed_at", "confirmed_by"]
    )  # fmt: skip
    with pytest.raises(ValidationFailed, match="already confirmed on 10 Mar 2026"):
        w.service.confirm_assessment(w.mgr, w.yp, assessment)
    with pytest.raises(NotFound):
        w.service.confirm_assessment(w.mgr, w.other_yp, assessment)


@pytest.mark.parametrize("who", ["sw", "kp", "chair"])
def test_only_a_manager_confirms(w: World, who: str) -> None:
    assessment = w.service.record_assessment(w.sw, seraf(w)).record_id
    assert assessment is not None
    with pytest.raises(PermissionDenied):
        w.service.confirm_assessment(getattr(w, who), w.yp, assessment)
    assert denials(w.db) == 1
    with w.db.begin() as s:
        row = s.get(RiskAssessment, assessment)
        assert row is not None and row.confirmed_at is None


# ---------------------------------------------------------------------------------------------
# Contacts and the contact target
# ---------------------------------------------------------------------------------------------


def contact_cmd(w: World, **changes: Any) -> ContactInput:
    values: dict[str, Any] = {
        "young_person_id": w.yp,
        "occurred_at": NOW - timedelta(hours=3),
        "kind": ContactKind.FACE_TO_FACE,
        "duration_minutes": 60,
        "with_whom": ContactWith.YOUNG_PERSON,
        "location": "Cafe",
        "summary": "Lunch and a chat about school",
    }
    values.update(changes)
    return ContactInput(**values)


def test_record_contact(w: World) -> None:
    changes = w.service.record_contact(w.kp, contact_cmd(w))
    assert changes.kinds == {"contact", "person"}
    significant = w.service.record_contact(w.kp, contact_cmd(w, significant=True))
    assert "chronology" in significant.kinds
    with w.db.begin() as s:
        row = s.get(Contact, changes.record_id)
        assert row is not None
        assert (row.worker_id, row.kind, row.occurred_at) == (
            w.kp.user_id, "face_to_face", NOW - timedelta(hours=3)
        )  # fmt: skip
    assert [a[:3] for a in audits(w.db)] == [
        ("create", "contact", changes.record_id),
        ("create", "contact", significant.record_id),
    ]


def test_naive_contact_time_is_stored_as_uk_time(w: World) -> None:
    summer = datetime(2025, 7, 1, 10, 0)  # BST: 09:00 UTC
    changes = w.service.record_contact(w.kp, contact_cmd(w, occurred_at=summer))
    with w.db.begin() as s:
        row = s.get(Contact, changes.record_id)
        assert row is not None and row.occurred_at == datetime(2025, 7, 1, 9, 0, tzinfo=UTC)


def test_future_contact_writes_nothing(w: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        w.service.record_contact(w.kp, contact_cmd(w, occurred_at=NOW + timedelta(days=1)))
    assert set(exc.value.fields) == {"occurred_at"}
    assert count(w.db, Contact) == 0 and audits(w.db) == []


def test_contact_target_with_optimistic_lock(w: World) -> None:
    with w.db.begin() as s:
        person = s.get(YoungPerson, w.yp)
        assert person is not None
        v = person.version
    changes = w.service.set_contact_target(w.sw, ContactTargetInput(w.yp, 14, v))
    assert changes.kinds == {"contact", "person"}
    assert audits(w.db)[-1] == ("update", "young_person", w.yp, ["contact_target_days"])
    with pytest.raises(EditConflict, match=r"Sam\.Worker"):
        w.service.set_contact_target(w.kp, ContactTargetInput(w.yp, 3, v))
    with pytest.raises(ValidationFailed):
        w.service.set_contact_target(w.kp, ContactTargetInput(w.yp, 0, v + 1))
    with w.db.begin() as s:
        person = s.get(YoungPerson, w.yp)
        assert person is not None
        assert (person.contact_target_days, person.version) == (14, v + 1)


def test_concurrent_save_is_caught_by_the_version_column(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A colleague's commit between our read and our write: StaleDataError -> EditConflict."""

    def someone_else_saves(session: Any, row: Any, *_: Any) -> None:
        session.execute(
            update(YoungPerson)
            .where(YoungPerson.id == row.id)
            .values(version=YoungPerson.version + 1, contact_target_days=5)
            .execution_options(synchronize_session=False)
        )

    monkeypatch.setattr(RecordingService, "_check_version", staticmethod(someone_else_saves))
    with pytest.raises(EditConflict, match="same moment"):
        w.service.set_contact_target(w.sw, ContactTargetInput(w.yp, 14, 2))
    assert audits(w.db) == []


# ---------------------------------------------------------------------------------------------
# Placements
# ---------------------------------------------------------------------------------------------

FIRST = date(2025, 1, 6)
MOVE = date(2026, 2, 1)


def start_first(w: World) -> int:
    cmd = PlacementInput(w.yp, FIRST, "S", "V2", "U6", provider="Carers A", urn="SC123456")
    record_id = w.service.start_placement(w.sw, cmd).record_id
    assert record_id is not None
    return record_id


def test_placement_move_ends_the_current_episode_on_the_new_decom(w: World) -> None:
    first = start_first(w)
    move = PlacementInput(
        w.yp, MOVE, "B", "C2", "K2", provider="Oak House", placement_postcode="ls1 4dy",
        reason_place_change="CREQB",
    )  # fmt: skip
    changes = w.service.start_placement(w.sw, move)
    assert changes.kinds == {"placement", "chronology", "person"}
    with w.db.begin() as s:
        old, new = s.get(PlacementEpisode, first), s.get(PlacementEpisode, changes.record_id)
        assert old is not None and new is not None
        assert (old.dec, old.rec, old.reason_place_change) == (MOVE, "X1", "CREQB")
        assert (new.decom, new.rne, new.legal_status, new.place, new.dec) == (
            MOVE, "B", "C2", "K2", None
        )  # fmt: skip
        assert new.placement_postcode == "LS1 4DY" and new.home_postcode == "BD1 2AE"
    assert [a[:3] for a in audits(w.db, "placement_episode")] == [
        ("create", "placement_episode", first),
        ("update", "placement_episode", first),
        ("create", "placement_episode", changes.record_id),
    ]
    assert audits(w.db)[1][3] == ["dec", "reason_place_change", "rec"]


def test_invalid_placement_leaves_the_current_episode_open(w: World) -> None:
    first = start_first(w)
    move = PlacementInput(w.yp, MOVE, "P", "C2", "K2", reason_place_change="CARPL")
    with pytest.raises(ValidationFailed) as exc:
        w.service.start_placement(w.sw, move)  # P with a new legal status
    assert set(exc.value.fields) == {"ls"}
    with w.db.begin() as s:
        old = s.get(PlacementEpisode, first)
        assert old is not None and old.dec is None and old.version == 1
    assert count(w.db, PlacementEpisode) == 1 and len(audits(w.db)) == 1


def test_an_episode_before_birth_is_refused(w: World) -> None:
    with pytest.raises(ValidationFailed, match="date of birth"):
        w.service.start_placement(w.sw, PlacementInput(w.yp, date(2010, 5, 1), "S", "V2", "U6"))


def test_end_placement(w: World) -> None:
    first = start_first(w)
    changes = w.service.end_placement(w.sw, EndPlacementInput(w.yp, first, 1, TODAY, "E4A"))
    assert changes.record_id == first
    with w.db.begin() as s:
        row = s.get(PlacementEpisode, first)
        assert row is not None and (row.dec, row.rec) == (TODAY, "E4A")
    assert audits(w.db)[-1] == ("update", "placement_episode", first, ["dec", "rec"])


def test_stale_end_placement_is_a_conflict(w: World) -> None:
    first = start_first(w)
    w.service.end_placement(w.sw, EndPlacementInput(w.yp, first, 1, TODAY, "E4A"))
    with pytest.raises(EditConflict, match=r"Sam\.Worker"):
        w.service.end_placement(w.kp, EndPlacementInput(w.yp, first, 1, TODAY, "E13"))
    with w.db.begin() as s:
        row = s.get(PlacementEpisode, first)
        assert row is not None and row.rec == "E4A"


def test_end_placement_validation_writes_nothing(w: World) -> None:
    first = start_first(w)
    with pytest.raises(ValidationFailed) as exc:
        w.service.end_placement(w.sw, EndPlacementInput(w.yp, first, 1, FIRST, "X1"))
    assert set(exc.value.fields) == {"rec"}
    with w.db.begin() as s:
        row = s.get(PlacementEpisode, first)
        assert row is not None and row.dec is None


# ---------------------------------------------------------------------------------------------
# Missing episodes and return interviews
# ---------------------------------------------------------------------------------------------

GONE = datetime(2026, 3, 8, 22, 0, tzinfo=UTC)
FOUND = datetime(2026, 3, 9, 9, 30, tzinfo=UTC)


def missing_cmd(w: World, **changes: Any) -> MissingInput:
    values: dict[str, Any] = {
        "young_person_id": w.yp,
        "kind": MissingKind.MISSING,
        "started_at": GONE,
        "police_risk_grade": PoliceRiskGrade.MEDIUM,
        "reported_by": "Carer",
    }
    values.update(changes)
    return MissingInput(**values)


def test_missing_episode_new_then_found(w: World) -> None:
    new = w.service.save_missing(w.kp, missing_cmd(w))
    assert new.kinds >= {"missing", "person"}
    found = missing_cmd(w, episode_id=new.record_id, version=1, ended_at=FOUND, where_found="Park")
    changes = w.service.save_missing(w.kp, found)
    assert changes.record_id == new.record_id
    with w.db.begin() as s:
        row = s.get(MissingEpisode, new.record_id)
        assert row is not None and (row.ended_at, row.where_found, row.version) == (
            FOUND, "Park", 2
        )  # fmt: skip
    assert audits(w.db)[-1] == (
        "update",
        "missing_episode",
        new.record_id,
        ["ended_at", "where_found"],
    )


def test_stale_missing_update_keeps_the_other_users_data(w: World) -> None:
    new = w.service.save_missing(w.kp, missing_cmd(w))
    w.service.save_missing(
        w.kp, missing_cmd(w, episode_id=new.record_id, version=1, ended_at=FOUND, notes="Kit")
    )
    with pytest.raises(EditConflict, match=r"Kit\.Keyperson"):
        w.service.save_missing(
            w.sw, missing_cmd(w, episode_id=new.record_id, version=1, notes="Sam")
        )
    with w.db.begin() as s:
        row = s.get(MissingEpisode, new.record_id)
        assert row is not None and (row.notes, row.ended_at) == ("Kit", FOUND)


def test_overlapping_missing_episode_writes_nothing(w: World) -> None:
    w.service.save_missing(w.kp, missing_cmd(w))  # still missing
    with pytest.raises(ValidationFailed, match="already an open episode"):
        w.service.save_missing(w.kp, missing_cmd(w, started_at=GONE + timedelta(hours=2)))
    assert count(w.db, MissingEpisode) == 1


def rhi_cmd(w: World, episode: int, **changes: Any) -> ReturnInterviewInput:
    values: dict[str, Any] = {
        "young_person_id": w.yp,
        "episode_id": episode,
        "offered_at": FOUND + timedelta(hours=3),
        "accepted": True,
    }
    values.update(changes)
    return ReturnInterviewInput(**values)


def found_episode(w: World) -> int:
    record_id = w.service.save_missing(w.kp, missing_cmd(w, ended_at=FOUND)).record_id
    assert record_id is not None
    return record_id


def test_return_interview_create_then_complete(w: World) -> None:
    episode = found_episode(w)
    new = w.service.save_return_interview(w.kp, rhi_cmd(w, episode))
    assert new.kinds >= {"return_interview", "missing"}
    done = rhi_cmd(
        w, episode, version=1, completed_at=FOUND + timedelta(days=1), completed_by="RHI worker"
    )
    changes = w.service.save_return_interview(w.kp, done)
    assert changes.record_id == new.record_id
    with w.db.begin() as s:
        row = s.get(ReturnInterview, new.record_id)
        assert row is not None and row.episode_id == episode and row.completed_by == "RHI worker"
    assert audits(w.db, "return_interview") == [
        ("create", "return_interview", new.record_id, ["accepted", "offered_at"]),
        ("update", "return_interview", new.record_id, ["completed_at", "completed_by"]),
    ]


def test_stale_return_interview_is_a_conflict(w: World) -> None:
    episode = found_episode(w)
    w.service.save_return_interview(w.kp, rhi_cmd(w, episode))
    with pytest.raises(EditConflict):  # someone recorded one since this user opened the form
        w.service.save_return_interview(w.sw, rhi_cmd(w, episode, accepted=None))
    w.service.save_return_interview(w.kp, rhi_cmd(w, episode, version=1, key_disclosures="K"))
    with pytest.raises(EditConflict, match=r"Kit\.Keyperson"):
        w.service.save_return_interview(w.sw, rhi_cmd(w, episode, version=1))
    with w.db.begin() as s:
        row = s.execute(select(ReturnInterview)).scalar_one()
        assert row.key_disclosures == "K"


def test_declined_without_reason_writes_nothing(w: World) -> None:
    episode = found_episode(w)
    with pytest.raises(ValidationFailed) as exc:
        w.service.save_return_interview(w.kp, rhi_cmd(w, episode, accepted=False))
    assert set(exc.value.fields) == {"declined_reason"}
    assert count(w.db, ReturnInterview) == 0


def test_return_interview_needs_a_return(w: World) -> None:
    episode = w.service.save_missing(w.kp, missing_cmd(w)).record_id
    assert episode is not None
    with pytest.raises(ValidationFailed, match="found first"):
        w.service.save_return_interview(w.kp, rhi_cmd(w, episode))


def test_an_episode_of_another_young_person_is_not_found(w: World) -> None:
    episode = found_episode(w)
    with pytest.raises(NotFound):
        w.service.save_return_interview(w.kp, rhi_cmd(w, episode, young_person_id=w.other_yp))


def test_unknown_young_person_is_not_found(w: World) -> None:
    with pytest.raises(NotFound):
        w.service.record_contact(w.sw, contact_cmd(w, young_person_id=999_999))
