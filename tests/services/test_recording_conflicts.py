"""Stale edits carry the stored values, who and when; saves with a request id apply once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from desktop.data.tables import AppliedRequest, AuditEntry, ChronologyEntry, Contact
from desktop.domain.commands import ContactTargetInput, EndPlacementInput
from desktop.domain.enums import ChronologyCategory, DatePrecision, MissingKind, PoliceRiskGrade
from desktop.domain.errors import EditConflict, Unavailable, ValidationFailed
from desktop.domain.merge import merge
from desktop.services.recording import RecordingService
from tests.services import test_recording
from tests.services.test_recording import (
    FOUND,
    NOW,
    TODAY,
    World,
    contact_cmd,
    count,
    entry_cmd,
    found_episode,
    missing_cmd,
    rhi_cmd,
    start_first,
)

w = test_recording.w  # the fixture (a World on each backend)

REQUEST = "3f1c2a4e-6b7d-4e8f-9a0b-1c2d3e4f5a6b"


def conflict_of(call: Any) -> EditConflict:
    with pytest.raises(EditConflict) as caught:
        call()
    return caught.value


# ---------------------------------------------------------------------------------------------
# Conflicts carry what is stored now
# ---------------------------------------------------------------------------------------------


def test_chronology_conflict_carries_current_values_who_when_and_version(w: World) -> None:
    new = w.service.save_chronology_entry(w.sw, entry_cmd(w))
    kit = entry_cmd(w, entry_id=new.record_id, version=1, analysis="Kit's analysis")
    w.service.save_chronology_entry(w.kp, kit)
    mine = entry_cmd(w, entry_id=new.record_id, version=1, description="Sam's fact")
    conflict = conflict_of(lambda: w.service.save_chronology_entry(w.sw, mine))
    assert "Kit.Keyperson" in str(conflict)
    assert (conflict.changed_by, conflict.version) == ("Kit.Keyperson", 2)
    assert conflict.changed_at is not None  # the audit row's own time
    assert conflict.current == {
        "event_date": TODAY,
        "precision": DatePrecision.EXACT,
        "end_date": None,
        "category": ChronologyCategory.DISCLOSURE,
        "source_agency": "School",
        "source_person": "DSL Ms Khan",
        "description": "Told a teacher about an older boyfriend",
        "analysis": "Kit's analysis",
        "significant": False,
    }
    # the form merges field by field and resubmits with the current version
    base = {k: getattr(entry_cmd(w), k) for k in conflict.current}
    result = merge(base, {k: getattr(mine, k) for k in conflict.current}, conflict.current)
    assert (result.conflicts, result.auto_taken_theirs) == ((), ("analysis",))
    merged = replace(mine, **result.values, version=conflict.version)  # type: ignore[arg-type]
    w.service.save_chronology_entry(w.sw, merged)
    with w.db.begin() as s:
        row = s.get(ChronologyEntry, new.record_id)
        assert row is not None
        assert (row.description, row.analysis, row.version) == ("Sam's fact", "Kit's analysis", 3)


def test_missing_conflict_carries_current_values(w: World) -> None:
    new = w.service.save_missing(w.kp, missing_cmd(w))
    w.service.save_missing(
        w.kp, missing_cmd(w, episode_id=new.record_id, version=1, ended_at=FOUND, notes="Kit")
    )
    conflict = conflict_of(
        lambda: w.service.save_missing(
            w.sw, missing_cmd(w, episode_id=new.record_id, version=1, notes="Sam")
        )
    )
    assert conflict.version == 2 and conflict.changed_by == "Kit.Keyperson"
    assert conflict.current["notes"] == "Kit" and conflict.current["ended_at"] == FOUND
    assert conflict.current["kind"] is MissingKind.MISSING
    assert conflict.current["police_risk_grade"] is PoliceRiskGrade.MEDIUM


def test_return_interview_conflict_carries_current_values(w: World) -> None:
    episode = found_episode(w)
    w.service.save_return_interview(w.kp, rhi_cmd(w, episode, key_disclosures="K"))
    conflict = conflict_of(
        lambda: w.service.save_return_interview(w.sw, rhi_cmd(w, episode, accepted=None))
    )
    assert conflict.version == 1 and conflict.current["key_disclosures"] == "K"
    assert conflict.current["accepted"] is True and conflict.current["declined_reason"] == ""


def test_contact_target_and_end_placement_conflicts_carry_current_values(w: World) -> None:
    with w.db.begin() as s:
        from desktop.data.tables import YoungPerson

        person = s.get(YoungPerson, w.yp)
        assert person is not None
        v = person.version
    w.service.set_contact_target(w.sw, ContactTargetInput(w.yp, 14, v))
    conflict = conflict_of(
        lambda: w.service.set_contact_target(w.kp, ContactTargetInput(w.yp, 3, v))
    )
    assert (conflict.current, conflict.version) == ({"target_days": 14}, v + 1)

    first = start_first(w)
    w.service.end_placement(w.sw, EndPlacementInput(w.yp, first, 1, TODAY, "E4A"))
    conflict = conflict_of(
        lambda: w.service.end_placement(w.kp, EndPlacementInput(w.yp, first, 1, TODAY, "E13"))
    )
    assert conflict.current == {"dec": TODAY, "rec": "E4A"} and conflict.version == 2
    assert conflict.changed_by == "Sam.Worker"


def test_a_clash_at_flush_time_also_carries_current_values(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A colleague commits between our version check and our UPDATE: the row is re-read."""
    new = w.service.save_chronology_entry(w.sw, entry_cmd(w))
    other = RecordingService(w.db, clock=lambda: NOW)

    def someone_else_saves(session: Any, row: Any, *_: Any) -> None:
        monkeypatch.undo()  # the colleague's own save runs the real check
        edit = entry_cmd(w, entry_id=row.id, version=1, analysis="Kit, meanwhile")
        other.save_chronology_entry(w.kp, edit)

    monkeypatch.setattr(RecordingService, "_check_version", staticmethod(someone_else_saves))
    if w.db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite allows one writer: a colleague cannot commit inside our transaction")
    mine = entry_cmd(w, entry_id=new.record_id, version=1, description="Sam's fact")
    conflict = conflict_of(lambda: w.service.save_chronology_entry(w.sw, mine))
    assert "same moment" in str(conflict)
    assert conflict.current["analysis"] == "Kit, meanwhile" and conflict.version == 2


# ---------------------------------------------------------------------------------------------
# Idempotent saves
# ---------------------------------------------------------------------------------------------


def test_a_retried_request_is_applied_once_and_returns_the_original_changes(w: World) -> None:
    cmd = replace(contact_cmd(w, significant=True), request_id=REQUEST)
    first = w.service.record_contact(w.kp, cmd)
    again = w.service.record_contact(w.kp, cmd)
    assert again == first and first.record_id is not None
    assert count(w.db, Contact) == 1 and count(w.db, AuditEntry) == 1
    with w.db.begin() as s:
        row = s.get(AppliedRequest, REQUEST)
        assert row is not None
        assert (row.user_id, row.kind, row.record_id, row.young_person_id) == (
            w.kp.user_id, "contact", first.record_id, w.yp
        )  # fmt: skip
    # another request id is another contact
    w.service.record_contact(w.kp, replace(cmd, request_id=REQUEST.replace("3f", "40")))
    assert count(w.db, Contact) == 2


def test_a_failed_save_leaves_its_request_free_to_retry(w: World) -> None:
    bad = replace(entry_cmd(w, source_agency=" "), request_id=REQUEST)
    with pytest.raises(ValidationFailed):
        w.service.save_chronology_entry(w.sw, bad)
    assert count(w.db, AppliedRequest) == 0
    saved = w.service.save_chronology_entry(w.sw, replace(bad, source_agency="School"))
    assert count(w.db, ChronologyEntry) == 1 and saved.record_id is not None


def test_a_stale_edit_with_a_request_id_is_still_a_conflict(w: World) -> None:
    new = w.service.save_chronology_entry(w.sw, entry_cmd(w))
    kit = entry_cmd(w, entry_id=new.record_id, version=1, analysis="Kit's")
    w.service.save_chronology_entry(w.kp, kit)
    stale = entry_cmd(w, entry_id=new.record_id, version=1, description="x", request_id=REQUEST)
    conflict_of(lambda: w.service.save_chronology_entry(w.sw, stale))
    assert count(w.db, AppliedRequest) == 0
    w.service.save_chronology_entry(w.sw, replace(stale, version=2))
    assert count(w.db, AppliedRequest) == 1


def test_the_commit_acknowledgement_lost_then_the_retry_writes_nothing(w: World) -> None:
    """The server committed but the app never heard: the retry finds the applied request."""
    cmd = entry_cmd(w, request_id=REQUEST)
    lost = {"once": True}

    def drop_the_ack(session: Any) -> None:
        if lost.pop("once", False):
            raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    event.listen(w.db.sessions, "after_commit", drop_the_ack)
    try:
        with pytest.raises((OperationalError, Unavailable)):
            w.service.save_chronology_entry(w.sw, cmd)
        assert count(w.db, ChronologyEntry) == 1  # it did commit
        changes = w.service.save_chronology_entry(w.sw, cmd)
    finally:
        event.remove(w.db.sessions, "after_commit", drop_the_ack)
    assert count(w.db, ChronologyEntry) == 1 and count(w.db, AuditEntry) == 1
    with w.db.begin() as s:
        only = s.execute(select(ChronologyEntry.id)).scalar_one()
    assert changes.record_id == only and changes.kinds == {"chronology"}


def test_another_users_request_id_is_refused(w: World) -> None:
    w.service.save_chronology_entry(w.sw, entry_cmd(w, request_id=REQUEST))
    with pytest.raises(ValidationFailed, match="another user"):
        w.service.save_chronology_entry(w.kp, entry_cmd(w, request_id=REQUEST))
    with pytest.raises(ValidationFailed):
        w.service.save_chronology_entry(w.sw, entry_cmd(w, request_id="x" * 37))
    assert count(w.db, ChronologyEntry) == 1
