"""PersonService: the workspace (rules applied, others named as allowed), audit, CSV export."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.data.database import Database
from desktop.data.tables import AuditEntry
from desktop.domain.access import Access
from desktop.domain.enums import ChronologyCategory, FlagCode, RiskCategory, Role, Trend
from desktop.domain.errors import NotFound, PermissionDenied, RestrictedRecord, ServiceError
from desktop.domain.postcodes import PostcodeDirectory
from desktop.services.access import AccessService
from desktop.services.caseload import CaseloadService
from desktop.services.person import CHRONOLOGY_CSV_HEADER, PersonService
from tests import factories as f
from tests.statements import count_statements

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
#: Statements PersonService.open issues for any record: the access facts with the thresholds,
#: load_person's one, and the audit append (2 on SQLite; PostgreSQL adds its advisory lock).
#: Each includes the session check every service call makes first (desktop.services.sessions).
OPEN_STATEMENTS = {"sqlite": 5, "postgresql": 6}


def service(db: Database, postcodes: PostcodeDirectory | None = None) -> PersonService:
    return PersonService(db, clock=lambda: NOW, postcodes=postcodes)


def audit_rows(db: Database) -> list[AuditEntry]:
    with db.begin() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    """Ana (North, the worker's) with a record; four other young people share her context."""
    with db.begin() as s:
        north, south = f.team(s, "North"), f.team(s, "South")
        sw = f.user(s, north, Role.SOCIAL_WORKER, "sw.north")
        kp = f.user(s, north, Role.KEY_PERSON, "kp.north")
        sw_south = f.user(s, south, Role.SOCIAL_WORKER, "sw.south")
        ana = f.young_person(
            s, north, first="Ana", last="Lowe", worker=sw, key_person=kp, dob=date(2011, 11, 23)
        )
        ana.home_postcode = "BD1 2AE"
        hidden = f.young_person(s, north, first="Rae", last="Hidden", restricted=True,
                                worker=sw_south)  # fmt: skip
        mine = f.young_person(s, north, first="Zed", last="Mine", restricted=True, worker=sw)
        listed = f.young_person(s, south, first="Lee", last="Listed", restricted=True,
                                worker=sw_south)  # fmt: skip
        f.grant_access(s, listed, sw)
        away = f.young_person(s, south, first="Sol", last="Away", worker=sw_south)
        spot = f.context(s, "Bus station")
        for yp in (ana, hidden, mine, listed, away):
            f.context_link(s, spot, yp)

        f.assessment(s, ana, date(2026, 5, 1), "mild", 8)
        f.assessment(s, ana, date(2026, 10, 1), "moderate", 12)
        f.contact(s, ana, datetime(2026, 11, 20, 10, tzinfo=UTC))
        f.contact(s, ana, datetime(2026, 11, 21, 19, tzinfo=UTC), kind="failed_attempt")
        f.missing(s, ana, datetime(2026, 11, 10, 21, tzinfo=UTC))
        f.missing(s, ana, datetime(2026, 11, 18, 21, tzinfo=UTC), rhi_done=False)
        first = f.episode(s, ana, date(2026, 1, 10), date(2026, 11, 1), rne="S")
        first.rec, first.reason_place_change = "X1", "CHILD"
        first.placement_postcode = "BD1 9ND"
        now_ep = f.episode(s, ana, date(2026, 11, 1), place="K2")
        now_ep.placement_postcode, now_ep.home_postcode = "ZZ9 9ZZ", "BD1 2AE"
        first.home_postcode = "BD1 2AE"
        f.chronology_entry(s, ana, date(2026, 11, 2), description="Police found Ana at the station",
                           analysis="Pattern of exploitation", significant=True, author=sw)  # fmt: skip
        f.manual_flag(s, ana, "Sibling at risk", "Brother seen with the same adults")
        s.flush()
        return {
            "sw": f.actor(sw),
            "kp": f.actor(kp),
            "sw_south": f.actor(sw_south),
            "ids": {"ana": ana.id, "hidden": hidden.id, "mine": mine.id, "listed": listed.id,
                    "away": away.id},
        }  # fmt: skip


DIRECTORY = PostcodeDirectory.from_text(
    "postcode,laua,oseast1m,osnrth1m\n"
    "BD1 2AE,E08000032,400000,300000\n"
    "BD1 9ND,E08000032,432186,300000\n"
)


def test_open_builds_the_whole_workspace(db: Database, world: dict[str, Any]) -> None:
    ws = service(db, DIRECTORY).open(world["sw"], world["ids"]["ana"])
    h = ws.header
    assert ws.access is Access.FULL and ws.loaded_at == NOW
    assert (h.display_name, h.age, h.team, h.social_worker) == ("Ana Lowe", 15, "North", "Sw.North")
    assert (h.risk_category, h.risk_score, h.risk_band_label, h.trend) == (
        RiskCategory.MODERATE, 12, "moderate", Trend.ESCALATED,
    )  # fmt: skip
    assert h.review_due == date(2026, 10, 29)  # 28 days after an escalation
    assert (h.legal_status_code, h.legal_status_label) == ("C2", "C2: Full care order")
    assert h.contact_target_days == 7
    codes = [fl.code for fl in h.flags]
    assert FlagCode.OVERDUE_REVIEW in codes and FlagCode.RHI_OVERDUE in codes
    assert codes[-1] is FlagCode.MANUAL and h.flags[-1].label == "Sibling at risk"
    assert {fl.code for fl in ws.placement_flags} <= {
        FlagCode.NEW_PLACEMENT, FlagCode.ESCALATION, FlagCode.UNPLANNED_ENDING,
        FlagCode.OUT_OF_AREA, FlagCode.OVER_20_MILES,
    }  # fmt: skip
    assert FlagCode.NEW_PLACEMENT in {fl.code for fl in ws.placement_flags}
    assert [fl.code for fl in ws.missing_flags] == [FlagCode.RHI_OVERDUE]

    assert [a.score for a in ws.assessments] == [12, 8]  # newest first
    assert [a.trend for a in ws.assessments] == [Trend.ESCALATED, Trend.FIRST]
    assert [p.place for p in ws.placements] == ["K2", "U4"]
    current, previous = ws.placements
    assert current.distance_miles is None  # unknown postcode: not known, never 0
    assert previous.distance_miles == 20.0
    assert previous.reason_place_change_label == "Child requested placement end"
    assert previous.starts_placement and current.starts_placement and current.counted
    assert [m.rhi_overdue for m in ws.missing] == [True, False]
    assert ws.contacts[0].kind.value == "failed_attempt" and ws.contacts[0].out_of_hours
    s = ws.contact_summary
    assert (s.days_since, s.gap, s.total, s.successful) == (3, False, 2, 1)
    assert [p.score for p in ws.series.points] == [8, 12]
    assert ws.series.placement_moves == (date(2026, 1, 10), date(2026, 11, 1))
    assert {i.code for i in ws.instruments} == {"seraf", "london"}

    cats = [i.category for i in ws.chronology]
    assert ws.chronology == tuple(sorted(ws.chronology, key=lambda i: i.event_date, reverse=True))
    assert cats.count(ChronologyCategory.RISK_ASSESSMENT) == 2
    assert cats.count(ChronologyCategory.MISSING_EPISODE) == 2
    assert cats.count(ChronologyCategory.RETURN_INTERVIEW) == 1
    assert cats.count(ChronologyCategory.PLACEMENT_CHANGE) == 2
    (entry,) = [i for i in ws.chronology if i.entry_id is not None]
    assert entry.analysis == "Pattern of exploitation" and entry.author == "Sw.North"
    assert entry.age_at_event == 14  # her 15th birthday is later, on 23 November


def test_header_flags_are_the_caseload_rows(db: Database, world: dict[str, Any]) -> None:
    ws = service(db, DIRECTORY).open(world["sw"], world["ids"]["ana"])
    rows = CaseloadService(db, clock=lambda: NOW, postcodes=DIRECTORY).load(world["sw"])
    (row,) = [r for r in rows if r.id == world["ids"]["ana"]]
    assert ws.header.flags == row.flags
    assert (ws.header.risk_category, ws.header.trend, ws.header.review_due) == (
        row.risk_category, row.trend, row.review_due,
    )  # fmt: skip


def test_others_in_a_context_are_named_as_the_viewer_may_see_them(
    db: Database, world: dict[str, Any]
) -> None:
    ids = world["ids"]
    (spot,) = service(db).open(world["sw"], ids["ana"]).contexts
    seen = {o.young_person_id: (o.display_name, o.restricted, o.access) for o in spot.others}
    assert seen == {
        ids["hidden"]: ("R.H.", True, Access.INITIALS),  # restricted, not theirs
        ids["mine"]: ("Zed Mine", True, Access.FULL),  # allocated to them
        ids["listed"]: ("Lee Listed", True, Access.NONE),  # on the list; another team
        ids["away"]: ("Sol Away", False, Access.NONE),  # not restricted: named
    }
    # the key person is not allocated to Zed: initials
    (spot,) = service(db).open(world["kp"], ids["ana"]).contexts
    names = {o.young_person_id: o.display_name for o in spot.others}
    assert names[ids["mine"]] == "Z.M." and names[ids["listed"]] == "L.L."
    # break-glass on Rae in this session names her everywhere
    grant = AccessService(db).break_glass(world["sw"], ids["hidden"], "Police call about Rae")
    (spot,) = service(db).open(grant, ids["ana"]).contexts
    assert {o.display_name for o in spot.others if o.young_person_id == ids["hidden"]} == {
        "Rae Hidden"
    }


def test_a_view_is_audited(db: Database, world: dict[str, Any]) -> None:
    service(db).open(world["sw"], world["ids"]["ana"])
    last = audit_rows(db)[-1]
    assert (last.action, last.object_kind, last.object_id, last.young_person_id) == (
        "view", "young_person", world["ids"]["ana"], world["ids"]["ana"],
    )  # fmt: skip
    assert last.username == "sw.north"


def test_unknown_young_person(db: Database, world: dict[str, Any]) -> None:
    before = len(audit_rows(db))
    with pytest.raises(NotFound):
        service(db).open(world["sw"], 999_999)
    assert len(audit_rows(db)) == before


def test_restricted_record_needs_break_glass(db: Database, world: dict[str, Any]) -> None:
    ids = world["ids"]
    with pytest.raises(RestrictedRecord, match="break-glass") as caught:
        service(db).open(world["sw"], ids["hidden"])
    assert isinstance(caught.value, PermissionDenied)
    denied = audit_rows(db)[-1]
    assert (denied.action, denied.young_person_id) == ("permission_denied", ids["hidden"])
    assert json.loads(denied.detail) == {"access": "initials", "surface": "person workspace"}
    with pytest.raises(PermissionDenied) as out_of_scope:
        service(db).open(world["sw"], ids["away"])
    assert not isinstance(out_of_scope.value, RestrictedRecord)
    grant = AccessService(db).break_glass(world["sw"], ids["hidden"], "Police call about Rae")
    assert service(db).open(grant, ids["hidden"]).header.display_name == "Rae Hidden"


def test_statements_do_not_grow_with_the_record(db: Database) -> None:
    with db.begin() as s:
        t = f.team(s)
        sw = f.user(s, t)
        other = f.young_person(s, t, restricted=True)
        small, large = f.young_person(s, t, worker=sw), f.young_person(s, t, worker=sw)
        f.full_record(s, small, 3, worker=sw, other=other)
        f.full_record(s, large, 300, worker=sw, other=other)
        actor, ids = f.actor(sw), (small.id, large.id)
    counts, sizes = [], []
    for yp in ids:
        with count_statements(db) as seen:
            ws = service(db).open(actor, yp)
        counts.append(len(seen))
        sizes.append(len(ws.assessments))
    print(f"PersonService.open statements: {counts}")
    assert sizes == [3, 300]
    assert counts[0] == counts[1] == OPEN_STATEMENTS[db.engine.dialect.name]


def test_chronology_csv_export(db: Database, world: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "chronology.csv"
    svc, ana = service(db), world["ids"]["ana"]
    total = svc.export_chronology_csv(world["sw"], ana, out)
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == CHRONOLOGY_CSV_HEADER
    assert len(rows) - 1 == total == len(svc.open(world["sw"], ana).chronology)
    assert not (tmp_path / "chronology.csv.part").exists()

    n = svc.export_chronology_csv(
        world["sw"], ana, out, categories={ChronologyCategory.POLICE}, significant_only=True,
        date_from=date(2026, 11, 2), date_to=date(2026, 11, 2), text="STATION",
    )  # fmt: skip
    with out.open(encoding="utf-8-sig") as fh:
        (_, row) = list(csv.reader(fh))
    assert n == 1
    assert row[:5] == ["2026-11-02", "exact", "", "14", "Police"]
    assert row[6:9] == ["Police found Ana at the station", "Pattern of exploitation", "yes"]
    export = [r for r in audit_rows(db) if r.action == "export"][-1]
    assert (export.object_kind, export.young_person_id) == ("chronology_csv", ana)
    assert json.loads(export.detail) == {
        "file": "chronology.csv",
        "entries": 1,
        "filters": {
            "categories": ["police"], "date_from": "2026-11-02", "date_to": "2026-11-02",
            "significant_only": True, "text": "STATION",
        },
    }  # fmt: skip


def test_csv_cells_cannot_start_a_formula(
    db: Database, world: dict[str, Any], tmp_path: Path
) -> None:
    with db.begin() as s:
        from desktop.data.tables import YoungPerson

        ana = s.get(YoungPerson, world["ids"]["ana"])
        assert ana is not None
        f.chronology_entry(s, ana, date(2026, 11, 3), description='=HYPERLINK("x")')
    out = tmp_path / "c.csv"
    service(db).export_chronology_csv(world["sw"], world["ids"]["ana"], out, text="hyperlink")
    with out.open(encoding="utf-8-sig") as fh:
        (_, row) = list(csv.reader(fh))
    assert row[6] == '\'=HYPERLINK("x")'


def test_csv_export_refusals_and_unwritable_path(
    db: Database, world: dict[str, Any], tmp_path: Path
) -> None:
    ids, svc = world["ids"], service(db)
    with pytest.raises(RestrictedRecord):
        svc.export_chronology_csv(world["sw"], ids["hidden"], tmp_path / "x.csv")
    with pytest.raises(PermissionDenied):
        svc.export_chronology_csv(world["sw"], ids["away"], tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
    denied = audit_rows(db)[-1]
    assert json.loads(denied.detail)["surface"] == "chronology export"
    exports = len([r for r in audit_rows(db) if r.action == "export"])
    with pytest.raises(ServiceError, match="Cannot write"):
        svc.export_chronology_csv(world["sw"], ids["ana"], tmp_path / "no-such-dir" / "x.csv")
    assert len([r for r in audit_rows(db) if r.action == "export"]) == exports


def test_contact_target_of_the_person_wins(db: Database, world: dict[str, Any]) -> None:
    with db.begin() as s:
        from desktop.data.tables import YoungPerson

        ana = s.get(YoungPerson, world["ids"]["ana"])
        assert ana is not None
        ana.contact_target_days = 2
    ws = service(db).open(world["sw"], world["ids"]["ana"])
    assert ws.header.contact_target_days == ws.contact_summary.target_days == 2
    assert ws.contact_summary.gap  # 3 days since the last successful contact
    assert FlagCode.CONTACT_GAP in {fl.code for fl in ws.header.flags}
    assert ws.series.today == TODAY and ws.series.review_due == TODAY - timedelta(days=25)
