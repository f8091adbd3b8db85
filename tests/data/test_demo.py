"""Synthetic demo data: deterministic, realistic in shape, and shows every flag the app raises."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import sqlite

from desktop.data import tables as t
from desktop.data.database import Database, open_database
from desktop.data.demo import (
    DemoSummary,
    _sqlite_utc,
    generate_demo_data,
    load_postcodes,
    miles,
    sample_postcodes_path,
)
from desktop.domain.dates import age_on
from desktop.domain.enums import ItemTiming, MissingKind, Role
from desktop.domain.missing import currently_missing, is_repeat_missing, rhi_overdue
from desktop.domain.records import ItemAnswer, MissingEpisodeRecord
from desktop.domain.risk import band_for_score, score_assessment, seraf_instrument
from desktop.domain.thresholds import DEFAULT_THRESHOLDS

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    """One default-sized demo database shared by the read-only checks (generation takes ~1 s)."""
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('demo')}/demo.db", create=True)
    try:
        yield db, generate_demo_data(db, seed=1, today=TODAY)
    finally:
        db.dispose()


def _rows(conn: Connection, cls: type[t.Base], *order: str) -> list[Any]:
    table = t.Base.metadata.tables[cls.__tablename__]
    return list(conn.execute(select(table).order_by(*(table.c[o] for o in order))))


def _by_person(rows: list[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        out[r.young_person_id].append(r)
    return out


def test_summary_matches_the_tables(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    with db.engine.connect() as conn:
        for name, count in summary.counts().items():
            table = t.Base.metadata.tables[name]
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == count, name
    assert summary.young_person == 60
    assert summary.risk_assessment >= 60 * 3
    assert summary.contact >= 60 * 10
    assert 60 * 5 <= summary.chronology_entry <= 60 * 15
    assert summary.meeting == 2
    assert summary.associate >= 15 and summary.context >= 10


def test_two_teams_and_the_role_mix(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    with db.engine.connect() as conn:
        teams = _rows(conn, t.Team, "id")
        users = _rows(conn, t.User, "id")
    assert len(teams) == 2
    assert len({team.local_authority_code for team in teams}) == 1
    roles = Counter(u.role for u in users)
    assert roles[Role.TEAM_MANAGER] == 2
    assert 4 <= roles[Role.SOCIAL_WORKER] <= 6 and 2 <= roles[Role.KEY_PERSON] <= 4
    assert roles[Role.MACSE_CHAIR] == roles[Role.PARTNER_READER] == roles[Role.ADMINISTRATOR] == 1
    assert {"manager.north", "sw.north1", "kp.north1", "chair", "police.reader", "admin"} <= set(
        summary.usernames
    )
    assert all(u.password_hash is None for u in users)


def test_young_people_are_11_to_17_with_their_own_team_staff(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    with db.engine.connect() as conn:
        people = _rows(conn, t.YoungPerson, "id")
        team_of = {u.id: u.team_id for u in _rows(conn, t.User, "id")}
        access = {
            (a.young_person_id, a.user_id) for a in _rows(conn, t.YoungPersonAccess, "user_id")
        }
    assert {age_on(p.date_of_birth, TODAY) for p in people} <= set(range(11, 18))
    assert len({p.reference for p in people}) == 60
    assert all(p.reference.startswith("CB") and len(p.reference) == 8 for p in people)
    assert all(team_of[p.social_worker_id] == team_of[p.key_person_id] == p.team_id for p in people)
    shares = Counter(p.involvement for p in people)
    assert set(shares) == {"EH", "CIN", "CP", "CLA"} and 15 <= shares["CLA"] <= 35
    restricted = [p for p in people if p.restricted]
    assert restricted
    assert all({(p.id, p.social_worker_id), (p.id, p.key_person_id)} <= access for p in restricted)


def test_stored_scores_are_the_instrument_scores_of_the_answers(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    seraf = seraf_instrument()
    with db.engine.connect() as conn:
        instruments = {r.id: r.code for r in _rows(conn, t.RiskInstrument, "id")}
        items = {r.id: r.code for r in _rows(conn, t.RiskInstrumentItem, "id")}
        answers: dict[int, list[ItemAnswer]] = defaultdict(list)
        for a in _rows(conn, t.RiskAssessmentAnswer, "id"):
            answers[a.assessment_id].append(ItemAnswer(items[a.item_id], ItemTiming(a.timing)))
        assessments = _rows(conn, t.RiskAssessment, "id")
    kinds = Counter(instruments[a.instrument_id] for a in assessments)
    assert kinds["seraf"] > 100 and kinds["london"] >= 2
    for a in assessments:
        if instruments[a.instrument_id] == "seraf":
            assert a.total_score == score_assessment(seraf, answers[a.id]), a.id
            band = band_for_score(seraf, a.total_score)
            assert (a.band_label, a.computed_category) == (band.label, band.category.code)
        else:
            assert a.id not in answers and a.total_score in (0, 1, 2, 3)
    corrections = [a for a in assessments if a.supersedes_id is not None]
    originals = {a.id: a for a in assessments}
    assert len(corrections) >= 2
    for c in corrections:
        original = originals[c.supersedes_id]
        assert (c.young_person_id, c.assessed_on) == (
            original.young_person_id,
            original.assessed_on,
        )
        assert c.id > original.id
    assert any(a.override_category and a.override_reason for a in assessments)
    assert any(a.confirmed_by_id is None for a in assessments)
    assert sum(a.confirmed_by_id is not None for a in assessments) > len(assessments) * 0.8


def test_trajectories_rise_and_fall(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.engine.connect() as conn:
        rows = _rows(conn, t.RiskAssessment, "assessed_on", "id")
    superseded = {r.supersedes_id for r in rows}
    scores = {
        yp: [r.total_score for r in mine if r.id not in superseded and r.total_score > 3]
        for yp, mine in _by_person(rows).items()
    }
    changes = [s[-1] - s[0] for s in scores.values() if len(s) >= 3]
    assert max(changes) >= 6  # rising
    assert min(changes) <= -6  # falling
    assert any(abs(c) <= 2 for c in changes)  # plateau


def _missing_records(conn: Connection) -> dict[int, list[MissingEpisodeRecord]]:
    interviews = {r.episode_id: r for r in _rows(conn, t.ReturnInterview, "id")}
    out: dict[int, list[MissingEpisodeRecord]] = defaultdict(list)
    for e in _rows(conn, t.MissingEpisode, "id"):
        rhi = interviews.get(e.id)
        out[e.young_person_id].append(
            MissingEpisodeRecord(
                e.id,
                MissingKind(e.kind),
                e.started_at,
                e.ended_at,
                rhi_completed_at=rhi.completed_at if rhi else None,
                rhi_declined_reason=rhi.declined_reason if rhi else None,
            )
        )
    return out


def test_missing_episodes_show_repeats_overdue_interviews_and_a_current_one(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    with db.engine.connect() as conn:
        episodes = _missing_records(conn)
        interviews = _rows(conn, t.ReturnInterview, "id")
    assert any(is_repeat_missing(eps, DEFAULT_THRESHOLDS) for eps in episodes.values())
    overdue = [
        e for eps in episodes.values() for e in eps if rhi_overdue(e, NOW, DEFAULT_THRESHOLDS)
    ]
    assert overdue
    assert all(
        timedelta(days=3) < NOW - e.ended_at < timedelta(days=11) for e in overdue if e.ended_at
    )
    assert any(currently_missing(eps, NOW) for eps in episodes.values())
    assert any(i.declined_reason for i in interviews)
    completed = [i for i in interviews if i.completed_at]
    assert len(completed) > len(interviews) * 0.7
    for eps in episodes.values():
        ordered = sorted(eps, key=lambda e: e.started_at)
        for a, b in pairwise(ordered):
            assert a.ended_at is not None and a.ended_at <= b.started_at  # one at a time


def test_contacts_vary_and_some_have_gaps(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.engine.connect() as conn:
        people = {p.id: p for p in _rows(conn, t.YoungPerson, "id")}
        contacts = _by_person(_rows(conn, t.Contact, "occurred_at"))
    with db.begin() as session:  # through the ORM: stored UTC comes back aware
        first = session.scalars(select(t.Contact).limit(5)).all()
    assert all(c.occurred_at.tzinfo is UTC for c in first)
    gaps = 0
    for yp, mine in contacts.items():
        target = people[yp].contact_target_days or DEFAULT_THRESHOLDS.contact_target_days
        last = max(c.occurred_at for c in mine if c.kind != "failed_attempt")
        gaps += (TODAY - last.date()).days > target
    assert 2 <= gaps <= 20
    every = [c for mine in contacts.values() for c in mine]
    kinds = Counter(c.kind for c in every)
    assert kinds["face_to_face"] > len(every) / 2 and kinds["failed_attempt"] and kinds["phone"]
    assert any(c.significant for c in every)
    out_of_hours = sum(c.occurred_at.hour >= 17 or c.occurred_at.weekday() >= 5 for c in every)
    assert 0.1 < out_of_hours / len(every) < 0.5


def _placements_open_in(episodes: list[Any], start: date, end: date) -> int:
    """Distinct placements (a new one at RNE S, P or B) with an episode open in start..end."""
    placement, seen = 0, set()
    for e in episodes:
        if e.rne in ("S", "P", "B"):
            placement += 1
        if e.decom <= end and (e.dec is None or e.dec >= start):
            seen.add(placement)
    return len(seen)


def test_placement_sequences_are_ssda903_shaped(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    postcodes = {p[0]: p for p in load_postcodes()}
    with db.engine.connect() as conn:
        people = {p.id: p for p in _rows(conn, t.YoungPerson, "id")}
        teams = {team.id: team for team in _rows(conn, t.Team, "id")}
        by_person = _by_person(_rows(conn, t.PlacementEpisode, "decom"))
    assert by_person and all(people[yp].involvement == "CLA" for yp in by_person)
    unstable = far = out_of_area = new = long_stable = 0
    for yp, eps in by_person.items():
        assert eps[0].rne == "S"
        assert eps[-1].dec is None and sum(e.dec is None for e in eps) == 1
        for a, b in pairwise(eps):
            assert a.dec is not None and a.decom <= a.dec <= b.decom
            if b.rne in ("P", "B"):
                assert a.rec == "X1" and a.reason_place_change
            elif b.rne == "L":
                assert (
                    a.placement_postcode == b.placement_postcode
                    and a.legal_status != b.legal_status
                )
            else:
                assert b.rne == "S" and a.rec in ("E4A", "E4B", "E13") and a.dec < b.decom
        unstable += _placements_open_in(eps, TODAY - timedelta(days=364), TODAY) >= 3
        current = eps[-1]
        distance = miles(postcodes[current.home_postcode], postcodes[current.placement_postcode])
        far += distance > 20
        la = teams[people[yp].team_id].local_authority_code
        out_of_area += postcodes[current.placement_postcode][1] != la
        start = max(e.decom for e in eps if e.rne in ("S", "P", "B"))
        new += (TODAY - start).days <= 28
        long_stable += (TODAY - start).days >= 730
    assert unstable >= 1 and far >= 1 and out_of_area >= 1 and new >= 1 and long_stable >= 1


def test_two_past_meetings_with_overdue_and_upcoming_actions(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    with db.engine.connect() as conn:
        meetings = _rows(conn, t.Meeting, "held_on")
        cohort = Counter(c.meeting_id for c in _rows(conn, t.MeetingCohort, "id"))
        actions = _rows(conn, t.Action, "id")
        attendees = _rows(conn, t.MeetingAttendee, "id")
        chair = conn.execute(select(t.User.id).where(t.User.username == "chair")).scalar_one()
        updates = _rows(conn, t.ActionUpdate, "id")
    assert [(TODAY - m.held_on).days // 7 for m in meetings] == [8, 4]
    assert all(m.chair_id == chair for m in meetings)
    assert all(10 <= cohort[m.id] <= 14 for m in meetings)
    assert any(not a.attended for a in attendees)
    assert len({a.reference for a in actions}) == len(actions)
    for m in meetings:
        mine = [a for a in actions if a.meeting_id == m.id]
        assert any(a.status == "open" and a.due_on < TODAY for a in mine)  # overdue
        assert all(a.set_on == m.held_on for a in mine)
        assert any(a.status == "done" and a.completed_on for a in mine)
    assert any(
        a.status == "open" and TODAY <= a.due_on <= TODAY + timedelta(days=7) for a in actions
    )
    assert updates


def test_shared_associates_contexts_and_other_records(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.engine.connect() as conn:
        associate_links = Counter(a.associate_id for a in _rows(conn, t.AssociateLink, "id"))
        context_links = Counter(c.context_id for c in _rows(conn, t.ContextLink, "id"))
        chronology = _rows(conn, t.ChronologyEntry, "id")
        disruption = _rows(conn, t.DisruptionActivity, "id")
        supervision = _rows(conn, t.SupervisionRecord, "held_on")
    assert all(n >= 2 for n in associate_links.values())
    assert all(n >= 2 for n in context_links.values())
    assert all(e.source_agency and e.description and e.analysis for e in chronology)
    assert {e.date_precision for e in chronology} == {"exact", "month", "approximate"}
    assert any(e.category == "positive_event" for e in chronology)
    assert any(d.tactic == "Child abduction warning notice" for d in disruption)
    assert all(TODAY - timedelta(days=183) < s.held_on < TODAY for s in supervision)


def _fingerprint(db: Database) -> tuple[list[Any], list[Any]]:
    with db.engine.connect() as conn:
        people = conn.execute(
            select(
                t.YoungPerson.first_name, t.YoungPerson.last_name, t.YoungPerson.date_of_birth
            ).order_by(t.YoungPerson.id)
        ).all()
        scores = conn.execute(
            select(t.RiskAssessment.assessed_on, t.RiskAssessment.total_score).order_by(
                t.RiskAssessment.id
            )
        ).all()
    return people, scores


def test_same_seed_same_data_other_seed_other_data(sqlite_db: Database, tmp_path: Path) -> None:
    again = open_database(f"sqlite:///{tmp_path}/again.db", create=True)
    other = open_database(f"sqlite:///{tmp_path}/other.db", create=True)
    try:
        generate_demo_data(sqlite_db, seed=7, young_people=15, today=TODAY)
        generate_demo_data(again, seed=7, young_people=15, today=TODAY)
        generate_demo_data(other, seed=8, young_people=15, today=TODAY)
        assert _fingerprint(sqlite_db) == _fingerprint(again)
        assert _fingerprint(sqlite_db) != _fingerprint(other)
    finally:
        again.dispose()
        other.dispose()


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2026, 11, 30), date(2027, 2, 28)])
def test_every_team_has_a_restricted_record_whatever_the_date(tmp_path: Path, today: date) -> None:
    """Even the smallest demo shows each team's workers how a restricted record looks."""
    db = open_database(f"sqlite:///{tmp_path}/small.db", create=True)
    try:
        generate_demo_data(db, young_people=5, today=today)
        with db.engine.connect() as conn:
            teams = {p.team_id for p in _rows(conn, t.YoungPerson, "id") if p.restricted}
            all_teams = {team.id for team in _rows(conn, t.Team, "id")}
        assert teams == all_teams
    finally:
        db.dispose()


def test_refuses_a_database_that_already_has_young_people(sqlite_db: Database) -> None:
    generate_demo_data(sqlite_db, young_people=2, today=TODAY)
    with pytest.raises(ValueError, match="already holds young people"):
        generate_demo_data(sqlite_db, young_people=2, today=TODAY)


def test_reuses_an_administrator_made_at_first_start(sqlite_db: Database) -> None:
    with sqlite_db.engine.begin() as conn:
        conn.execute(
            t.User.__table__.insert().values(
                username="admin", display_name="First Admin", role=Role.ADMINISTRATOR.value
            )
        )
    summary = generate_demo_data(sqlite_db, young_people=2, today=TODAY)
    assert "admin" in summary.usernames and summary.app_user == 12
    with sqlite_db.engine.connect() as conn:
        names = conn.execute(select(t.User.display_name).where(t.User.username == "admin")).all()
    assert [n for (n,) in names] == ["First Admin"]


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int, str]] = []

    def report(self, done: int, total: int, message: str = "") -> None:
        self.calls.append((done, total, message))


def test_reports_progress_and_writes_on_both_backends(db: Database) -> None:
    progress = _Recorder()
    summary = generate_demo_data(db, young_people=8, today=TODAY, progress=progress)
    assert progress.calls[0][0] == 0 and progress.calls[-1][:2] == (8, 8)
    with db.engine.connect() as conn:
        for name, count in summary.counts().items():
            table = t.Base.metadata.tables[name]
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == count


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 7, 1, 12, 0, 5, 120, tzinfo=UTC),
        datetime(2026, 7, 1, 13, 15, tzinfo=UTC).astimezone(),  # any aware zone
    ],
)
def test_sqlite_fast_path_stores_what_the_column_type_would(value: datetime) -> None:
    processor = t.Contact.__table__.c.occurred_at.type._cached_bind_processor(sqlite.dialect())
    assert processor is not None
    assert _sqlite_utc(value) == processor(value)


def test_fast_path_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        _sqlite_utc(datetime(2026, 1, 1, 12, 0))


def test_postcode_sample_ships_with_its_attribution() -> None:
    path = sample_postcodes_path()
    assert path.is_file() and len(load_postcodes(path)) > 800
    assert "Open Government Licence" in (path.parent / "README.md").read_text(encoding="utf-8")


def test_demo_staff_have_distinct_names(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """The audit log and the status bar name people: two staff with one name would mislead."""
    from sqlalchemy import select

    from desktop.data.tables import User

    generate_demo_data(sqlite_db, seed=1, young_people=3, today=TODAY)
    with sqlite_db.begin() as s:
        names = s.execute(select(User.display_name)).scalars().all()
    assert len(names) == len(set(names))
