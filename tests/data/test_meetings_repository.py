"""The meetings repository: fixed statements, frozen rows, carried-forward actions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from desktop.data.database import Database
from desktop.data.repositories import meetings as repo
from desktop.data.tables import Action, ActionUpdate, Meeting, MeetingCohort, YoungPersonAccess
from desktop.domain.access import CaseScope
from desktop.domain.enums import Role
from tests import factories as f
from tests.statements import count_statements


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    with db.begin() as s:
        north, south = f.team(s, "North"), f.team(s, "South")
        sw = f.user(s, north, Role.SOCIAL_WORKER, "sw")
        nia = f.young_person(s, north, first="Nia", last="Open", worker=sw)
        rae = f.young_person(s, north, first="Rae", last="Hidden", restricted=True)
        sol = f.young_person(s, south, first="Sol", last="Away")
        s.add(YoungPersonAccess(young_person_id=rae.id, user_id=sw.id))
        f.assessment(s, nia, date(2026, 3, 1), "mild", 7)
        f.assessment(s, nia, date(2026, 9, 1), "moderate", 12)
        m1 = Meeting(title="Sep", held_on=date(2026, 9, 1), agenda="")
        m2 = Meeting(title="Oct", held_on=date(2026, 10, 6), agenda="")
        m3 = Meeting(title="Oct bis", held_on=date(2026, 10, 6), agenda="")
        m4 = Meeting(title="Nov", held_on=date(2026, 11, 3), agenda="")
        s.add_all([m1, m2, m3, m4])
        s.flush()
        s.add_all(
            [
                MeetingCohort(meeting_id=m1.id, young_person_id=nia.id, outcome="continue"),
                MeetingCohort(meeting_id=m1.id, young_person_id=sol.id, outcome="close"),
                MeetingCohort(meeting_id=m4.id, young_person_id=sol.id),
            ]
        )
        refs: dict[str, int] = {}
        for ref, meeting, status in (
            ("sep-open", m1, "open"),
            ("sep-done", m1, "done"),
            ("oct-done", m3, "done"),
            ("nov-open", m4, "open"),
        ):
            a = Action(
                reference=ref, meeting_id=meeting.id, young_person_id=nia.id, description="d",
                owner_name="o", owner_agency="a", set_on=meeting.held_on,
                due_on=date(2026, 12, 1), status=status,
            )  # fmt: skip
            s.add(a)
            s.flush()
            refs[ref] = a.id
            s.add(ActionUpdate(action_id=a.id, author="Pat", note=f"note {ref}"))
        ids = {"nia": nia.id, "rae": rae.id, "sol": sol.id, "sw": sw.id, "north": north.id}
        ids |= {"m1": m1.id, "m2": m2.id, "m3": m3.id, "m4": m4.id}
    return {"ids": ids, "refs": refs}


def test_list_meetings_newest_first_with_counts(db: Database, world: dict[str, Any]) -> None:
    ids = world["ids"]
    with db.begin() as s:
        rows = repo.list_meetings(s)
        only = repo.list_meetings(s, {ids["m1"]})
    assert [r.title for r in rows] == ["Nov", "Oct bis", "Oct", "Sep"]
    sep = rows[-1]
    assert (sep.cohort_size, sep.open_actions) == (2, 1)
    assert [r.id for r in only] == [ids["m1"]]


def test_previous_meeting_breaks_a_same_day_tie_by_id(db: Database, world: dict[str, Any]) -> None:
    ids = world["ids"]
    with db.begin() as s:
        assert repo.previous_meeting(s, date(2026, 10, 6), ids["m3"]) == (
            ids["m2"],
            date(2026, 10, 6),
        )
        assert repo.previous_meeting(s, date(2026, 10, 6), ids["m2"]) == (
            ids["m1"],
            date(2026, 9, 1),
        )
        assert repo.previous_meeting(s, date(2026, 9, 1), ids["m1"]) is None
        assert repo.continued_at(s, ids["m1"]) == {ids["nia"]}


def test_carried_forward_actions_in_two_statements(db: Database, world: dict[str, Any]) -> None:
    ids, refs = world["ids"], world["refs"]
    query = repo.ActionQuery(
        meeting_id=ids["m4"], carried_before=date(2026, 11, 3), previous_meeting_id=ids["m3"]
    )
    with db.begin() as s, count_statements(db) as seen:
        rows = repo.actions(s, query, ids["sw"])
    assert len(seen) == 2
    assert {r.reference for r in rows} == {"sep-open", "oct-done", "nov-open"}
    row = next(r for r in rows if r.id == refs["nov-open"])
    assert row.person is not None and row.person.first_name == "Nia" and row.person.allocated
    assert [u.note for u in row.updates] == ["note nov-open"]


def test_people_and_cohort_carry_access_facts(db: Database, world: dict[str, Any]) -> None:
    ids = world["ids"]
    with db.begin() as s:
        facts = repo.people(s, [ids["nia"], ids["rae"], ids["sol"]], ids["sw"])
        cohort = repo.cohort(s, ids["m1"], ids["sw"])
    assert facts[ids["rae"]].restricted and facts[ids["rae"]].on_access_list
    assert facts[ids["nia"]].allocated and not facts[ids["sol"]].allocated
    assert [c.person.last_name for c in cohort] == ["Away", "Open"]


def test_meetings_in_scope_and_candidates(db: Database, world: dict[str, Any]) -> None:
    ids = world["ids"]
    scope = CaseScope(ids["sw"], all_teams=False, team_ids=frozenset({ids["north"]}))
    with db.begin() as s:
        assert repo.meetings_in_scope(s, scope) == {ids["m1"]}
        candidates = repo.cohort_candidates(s, scope, date(2026, 11, 23), {ids["nia"]})
    by_id = {c.young_person_id: (facts, c) for facts, c in candidates}
    assert set(by_id) == {ids["nia"], ids["rae"]}
    facts, nia = by_id[ids["nia"]]
    assert nia.continued_last_time and len(nia.assessments) == 2  # the whole trajectory
    assert facts.first_name == "Nia"
