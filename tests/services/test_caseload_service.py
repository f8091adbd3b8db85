"""The caseload service: who is listed, what each row says, a fixed query count, audited CSV."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.data.database import Database
from desktop.data.tables import AuditEntry, CaseloadSummary
from desktop.domain.enums import FlagCode, Involvement, RiskCategory, Role, Trend
from desktop.domain.errors import PermissionDenied
from desktop.services.caseload import CSV_HEADER, CaseloadService
from tests import factories as f
from tests.statements import count_statements

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def service(db: Database) -> CaseloadService:
    return CaseloadService(db, clock=lambda: NOW)


@pytest.fixture
def world(db: Database):  # type: ignore[no-untyped-def]
    """Two teams; a worker, key person and manager in North; a chair; a police reader."""
    with db.begin() as s:
        north, south = f.team(s, "North"), f.team(s, "South")
        sw = f.user(s, north, Role.SOCIAL_WORKER, "sw.north")
        kp = f.user(s, north, Role.KEY_PERSON, "kp.north")
        mgr = f.user(s, north, Role.TEAM_MANAGER, "mgr.north")
        sw_south = f.user(s, south, Role.SOCIAL_WORKER, "sw.south")
        chair = f.user(s, None, Role.MACSE_CHAIR, "chair")
        police = f.user(s, None, Role.PARTNER_READER, "police")
        ana = f.young_person(s, north, first="Ana", last="Lowe", worker=sw, key_person=kp)
        ben = f.young_person(s, north, first="Ben", last="Hart", worker=sw)
        cara = f.young_person(s, south, first="Cara", last="Dunn", worker=sw_south)
        # allocated to the North worker although the case sits with South
        dev = f.young_person(s, south, first="Dev", last="Shah", worker=sw)
        secret = f.young_person(
            s, north, first="Zoe", last="Quinn", worker=sw_south, restricted=True
        )
        return {
            "sw": f.actor(sw),
            "kp": f.actor(kp),
            "mgr": f.actor(mgr),
            "sw_south": f.actor(sw_south),
            "chair": f.actor(chair),
            "police": f.actor(police),
            "ids": {"ana": ana.id, "ben": ben.id, "cara": cara.id, "dev": dev.id, "zoe": secret.id},
        }


def names(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.display_name for r in rows]


def test_a_worker_sees_their_team_and_their_own_allocations(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    rows = service(db).load(world["sw"])
    assert names(rows) == ["Ben Hart", "Ana Lowe", "Z.Q.", "Dev Shah"]


def test_a_manager_sees_their_team_only(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    assert names(service(db).load(world["mgr"])) == ["Ben Hart", "Ana Lowe", "Z.Q."]


def test_a_chair_sees_every_team(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    assert len(service(db).load(world["chair"])) == 5


def test_the_allocated_worker_of_a_restricted_record_sees_it_in_full(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    rows = {r.id: r for r in service(db).load(world["sw_south"])}
    zoe = rows[world["ids"]["zoe"]]
    assert zoe.display_name == "Zoe Quinn" and zoe.date_of_birth is not None


def test_a_restricted_record_shows_initials_and_no_birth_date_to_others(
    db: Database, world
) -> None:  # type: ignore[no-untyped-def]
    zoe = next(r for r in service(db).load(world["mgr"]) if r.id == world["ids"]["zoe"])
    assert (zoe.display_name, zoe.date_of_birth, zoe.restricted) == ("Z.Q.", None, True)


@pytest.mark.parametrize("role", ["police"])
def test_a_partner_reader_is_refused_and_the_refusal_audited(
    db: Database, world, role: str
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="cannot see the caseload"):
        service(db).load(world[role])
    with db.begin() as s:
        entry = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert entry is not None
        assert (entry.action, entry.username) == ("permission_denied", "police")


def test_row_values_come_from_the_domain_rules(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    ana_id = world["ids"]["ana"]
    with db.begin() as s:
        from desktop.data.tables import YoungPerson

        ana = s.get(YoungPerson, ana_id)
        assert ana is not None
        ana.involvement = "CLA"
        f.assessment(s, ana, date(2026, 6, 1), "mild", 8)
        f.assessment(s, ana, date(2026, 9, 1), "moderate", 13)
        f.assessment(s, ana, date(2026, 11, 1), "significant", 20, confirmed=False)
        f.contact(s, ana, NOW - timedelta(days=12))
        f.contact(s, ana, NOW - timedelta(days=1), kind="failed_attempt")
        f.episode(s, ana, date(2026, 1, 10), date(2026, 4, 2), rne="S", place="U4")
        f.episode(s, ana, date(2026, 4, 2), date(2026, 8, 20), place="K2")
        f.episode(s, ana, date(2026, 8, 20), None, place="U5")
    row = next(r for r in service(db).load(world["sw"]) if r.id == ana_id)
    assert row.risk_category is RiskCategory.MODERATE  # the unconfirmed one does not count
    assert row.risk_score == 13
    assert row.trend is Trend.ESCALATED
    assert row.involvement is Involvement.CLA and row.legal_status_code == "C2"
    assert row.days_since_contact == 12  # a failed attempt is not a contact
    assert row.age == 15
    assert row.review_due == date(2026, 9, 29)  # 28 days after an escalation
    codes = {fl.code for fl in row.flags}
    assert {FlagCode.CONTACT_GAP, FlagCode.PLACEMENTS_12_MONTHS, FlagCode.OVERDUE_REVIEW} <= codes
    gap = next(fl for fl in row.flags if fl.code is FlagCode.CONTACT_GAP)
    assert "12 days" in gap.explanation


def test_a_young_person_never_seen_has_no_contact_days_and_a_gap(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    ben = next(r for r in service(db).load(world["sw"]) if r.display_name == "Ben Hart")
    assert ben.days_since_contact is None
    assert FlagCode.CONTACT_GAP in {fl.code for fl in ben.flags}
    assert ben.risk_category is None and ben.trend is None


def _fill(db: Database, team_name: str, people: int, per_person: int) -> Role:
    with db.begin() as s:
        t = f.team(s, team_name)
        mgr = f.user(s, t, Role.TEAM_MANAGER)
        for _ in range(people):
            yp = f.young_person(s, t)
            for n in range(per_person):
                day = TODAY - timedelta(days=30 * (n + 1))
                f.assessment(s, yp, day, "mild", 7)
                f.contact(s, yp, NOW - timedelta(days=3 * n + 1))
                f.missing(s, yp, NOW - timedelta(days=9 * n + 2))
                f.episode(s, yp, day, day + timedelta(days=29), rne="S" if n == 0 else "P")
        _fill.actor = f.actor(mgr)  # type: ignore[attr-defined]
    return Role.TEAM_MANAGER


def test_the_caseload_loads_with_the_same_number_of_queries_for_any_size(db: Database) -> None:
    _fill(db, "Small", people=1, per_person=1)
    small_actor = _fill.actor  # type: ignore[attr-defined]
    _fill(db, "Large", people=40, per_person=12)
    large_actor = _fill.actor  # type: ignore[attr-defined]
    svc = service(db)
    with count_statements(db) as small:
        assert len(svc.load(small_actor)) == 1
    with count_statements(db) as large:
        assert len(svc.load(large_actor)) == 40
    assert len(small) == len(large) <= 9  # 9: with the session check (services.sessions)


def test_csv_export_writes_the_rows_and_audits_who_was_named(
    db: Database,
    world,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    with db.begin() as s:
        from desktop.data.tables import YoungPerson

        ben = s.get(YoungPerson, world["ids"]["ben"])
        assert ben is not None
        ben.first_name = "=HYPERLINK(1)"
    out = tmp_path / "caseload.csv"
    count = service(db).export_csv(world["mgr"], out)
    assert count == 3
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == CSV_HEADER
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(1) Hart", "Ana Lowe", "Z.Q."]
    assert rows[3][2] == ""  # no date of birth for a restricted record
    with db.begin() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "export")).scalar_one()
        detail = json.loads(entry.detail)
    assert entry.username == "mgr.north"
    assert sorted(detail["young_people"]) == sorted(world["ids"][k] for k in ("ana", "ben", "zoe"))


def test_csv_export_to_an_unwritable_place_fails_cleanly(
    db: Database, world, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from desktop.domain.errors import ServiceError

    with pytest.raises(ServiceError, match="Cannot write"):
        service(db).export_csv(world["mgr"], tmp_path / "missing-folder" / "x.csv")
    with db.begin() as s:
        assert s.execute(select(AuditEntry).where(AuditEntry.action == "export")).first() is None


def test_rows_refreshes_a_few_young_people_with_the_same_fixed_queries(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    """A live refresh: only the asked-for rows, equal to load()'s, in no more statements."""
    svc, sw, ids = service(db), world["sw"], world["ids"]
    with count_statements(db) as full:
        loaded = {r.id: r for r in svc.load(sw)}
    asked = {ids["ana"], ids["cara"], ids["zoe"]}  # Cara is not on this worker's caseload
    with count_statements(db) as few:
        rows = svc.rows(sw, asked)
    assert {r.id for r in rows} == {ids["ana"], ids["zoe"]}
    assert all(r == loaded[r.id] for r in rows)
    assert len(few) == len(full)
    with db.begin() as s:
        from desktop.data.tables import YoungPerson

        ana = s.get(YoungPerson, ids["ana"])
        assert ana is not None
        ana.closed_on = TODAY  # a closed case leaves the caseload
    assert [r.id for r in svc.rows(sw, asked)] == [ids["zoe"]]


# --- cached caseload summaries ------------------------------------------------------------------


def _summaries(db: Database) -> dict[int, CaseloadSummary]:
    with db.begin() as s:
        rows = s.execute(select(CaseloadSummary)).scalars().all()
        s.expunge_all()
        return {r.young_person_id: r for r in rows}


def test_cached_rows_equal_rows_worked_out_afresh_over_time(db: Database) -> None:
    """The 60-person demo loaded with and without summaries, moving across a return interview
    falling due and across UK midnight (and back): the same rows every time."""
    from desktop.data.tables import MissingEpisode, ReturnInterview
    from desktop.services.demo import create_demo_database

    create_demo_database(db, young_people=60, today=TODAY)
    with db.begin() as s:
        found = (
            s.execute(
                select(MissingEpisode.ended_at)
                .outerjoin(ReturnInterview, ReturnInterview.episode_id == MissingEpisode.id)
                .where(
                    MissingEpisode.ended_at.is_not(None),
                    ReturnInterview.completed_at.is_(None),
                    func.coalesce(ReturnInterview.declined_reason, "") == "",
                )
                .order_by(MissingEpisode.ended_at.desc())
            )
            .scalars()
            .first()
        )
    assert found is not None  # the demo has an outstanding return interview
    due = found + timedelta(hours=72)
    second = timedelta(seconds=1)
    midnight = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # UK midnight in November is UTC
    moments = [NOW, NOW, due - second, due + second, due + second, midnight - second,
               midnight + second, midnight + timedelta(days=3), NOW]  # fmt: skip
    clock = [NOW]
    cached = CaseloadService(db, clock=lambda: clock[0])
    fresh = CaseloadService(db, clock=lambda: clock[0], summaries=False)
    actors = [f.actor_named(db, name) for name in ("chair", "manager.north")]
    for moment in moments:
        clock[0] = moment
        for actor in actors:
            assert cached.load(actor) == fresh.load(actor), (moment, actor.username)
    assert len(_summaries(db)) == 60


def test_a_second_load_reads_summaries_only(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    svc = service(db)
    with count_statements(db) as cold:
        first = svc.load(world["chair"])
    with count_statements(db) as warm:
        again = svc.load(world["chair"])
    assert again == first
    # the session check, thresholds, people with summaries, manual flags
    assert len(warm) == 4 < len(cold)
    assert set(_summaries(db)) == set(world["ids"].values())


def test_an_audited_save_drops_the_summary_and_the_next_load_shows_it(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    from desktop.data.tables import YoungPerson
    from desktop.domain.enums import AuditAction
    from desktop.services import audit

    svc, ben_id = service(db), world["ids"]["ben"]
    ben = next(r for r in svc.load(world["sw"]) if r.id == ben_id)
    assert ben.days_since_contact is None and ben_id in _summaries(db)
    with db.begin() as s:
        person = s.get(YoungPerson, ben_id)
        assert person is not None
        contact = f.contact(s, person, NOW - timedelta(days=2))
        audit.record(s, world["sw"], AuditAction.CREATE, object_kind="contact",
                     object_id=contact.id, young_person_id=ben_id)  # fmt: skip
    assert ben_id not in _summaries(db)
    ben = next(r for r in svc.load(world["sw"]) if r.id == ben_id)
    assert ben.days_since_contact == 2
    assert FlagCode.CONTACT_GAP not in {fl.code for fl in ben.flags}


def test_a_summary_is_good_until_the_next_change_of_any_time_rule(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    """Valid until UK midnight, or sooner when a return interview falls due; then recomputed."""
    from desktop.data.tables import YoungPerson

    ana_id, ben_id = world["ids"]["ana"], world["ids"]["ben"]
    found_at = NOW - timedelta(hours=70)  # the interview falls due two hours from NOW
    with db.begin() as s:
        ana = s.get(YoungPerson, ana_id)
        assert ana is not None
        f.missing(s, ana, found_at - timedelta(hours=10), hours=10, rhi_done=False)
    clock = [NOW]
    svc = CaseloadService(db, clock=lambda: clock[0])
    svc.load(world["chair"])
    stored = _summaries(db)
    assert stored[ana_id].valid_until == found_at + timedelta(hours=72)
    assert stored[ben_id].valid_until == datetime(2026, 11, 24, tzinfo=UTC)  # UK midnight
    assert stored[ana_id].computed_at == NOW

    def ana_flags() -> set[FlagCode]:
        row = next(r for r in svc.load(world["chair"]) if r.id == ana_id)
        return {fl.code for fl in row.flags}

    assert FlagCode.RHI_OVERDUE not in ana_flags()
    clock[0] = found_at + timedelta(hours=72, seconds=1)
    assert FlagCode.RHI_OVERDUE in ana_flags()  # expired, worked out again
    assert _summaries(db)[ana_id].computed_at == clock[0]
    assert _summaries(db)[ben_id].computed_at == NOW  # still good until midnight


def test_changed_thresholds_are_a_new_basis(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    from desktop.data.repositories.settings import THRESHOLDS_KEY, set_value
    from desktop.data.tables import YoungPerson

    svc, ana_id = service(db), world["ids"]["ana"]
    with db.begin() as s:
        ana = s.get(YoungPerson, ana_id)
        assert ana is not None
        f.contact(s, ana, NOW - timedelta(days=5))
    assert all(fl.code is not FlagCode.CONTACT_GAP
               for r in svc.load(world["sw"]) if r.id == ana_id for fl in r.flags)  # fmt: skip
    with db.begin() as s:
        set_value(s, THRESHOLDS_KEY, {"contact_target_days": 3})
    row = next(r for r in svc.load(world["sw"]) if r.id == ana_id)
    assert FlagCode.CONTACT_GAP in {fl.code for fl in row.flags}


def test_a_summary_worked_out_before_a_committed_save_is_not_stored(db: Database, world) -> None:  # type: ignore[no-untyped-def]
    from desktop.data.repositories.caseload import save_summaries
    from desktop.domain.enums import AuditAction
    from desktop.services import audit

    ana_id, ben_id = world["ids"]["ana"], world["ids"]["ben"]
    with db.begin() as s:
        mark = s.execute(select(func.max(AuditEntry.id))).scalar_one() or 0
        audit.record(s, world["sw"], AuditAction.UPDATE, object_kind="young_person",
                     object_id=ana_id, young_person_id=ana_id)  # fmt: skip
    rows = [
        {"young_person_id": yp, "basis": "b", "valid_until": NOW + timedelta(hours=1),
         "computed_at": NOW, "payload": "[]"}
        for yp in (ana_id, ben_id)
    ]  # fmt: skip
    with db.begin() as s:
        save_summaries(s, rows, mark)
    assert set(_summaries(db)) == {ben_id}  # Ana changed after her inputs were read
