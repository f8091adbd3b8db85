"""Workspace builders: the contact summary, the trajectory series and per-episode distance."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.domain.enums import ContactKind, MissingKind, RiskCategory
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.records import (
    AssessmentRecord,
    ContactRecord,
    MissingEpisodeRecord,
    PlacementEpisodeRecord,
)
from desktop.domain.risk import seraf_instrument
from desktop.domain.thresholds import Thresholds
from desktop.domain.workspace import WeekCount
from desktop.domain.workspace_rules import (
    contact_summary,
    episode_distance,
    risk_series,
    week_range,
)

TODAY = date(2026, 6, 24)  # a Wednesday
F2F, FAILED = ContactKind.FACE_TO_FACE, ContactKind.FAILED_ATTEMPT


def c(id_: int, on: date, hour: int = 10, kind: ContactKind = F2F) -> ContactRecord:
    return ContactRecord(id_, datetime(on.year, on.month, on.day, hour), kind)


# -- contact summary --------------------------------------------------------------------------


def test_week_range_is_26_weeks_ending_with_this_week() -> None:
    assert week_range(TODAY, 26) == (date(2025, 12, 29), TODAY)  # Monday 25 weeks earlier


def test_never_contacted() -> None:
    s = contact_summary([], TODAY, 7)
    assert (s.days_since, s.gap, s.total, s.successful, s.out_of_hours_share) == (
        None, True, 0, 0, None,
    )  # fmt: skip
    assert len(s.per_week) == 26 and all(w.count == 0 for w in s.per_week)
    assert s.per_week[0].week_start == date(2025, 12, 29)
    assert s.per_week[-1].week_start == date(2026, 6, 22)


@pytest.mark.parametrize(
    ("last_seen", "target", "gap"),
    [
        pytest.param(TODAY - timedelta(days=7), 7, False, id="exactly-the-target"),
        pytest.param(TODAY - timedelta(days=8), 7, True, id="one-day-over"),
        pytest.param(TODAY, 0, False, id="seen-today-target-0"),
        pytest.param(TODAY - timedelta(days=1), 0, True, id="target-0-yesterday"),
    ],
)
def test_gap_boundary(last_seen: date, target: int, gap: bool) -> None:
    s = contact_summary([c(1, last_seen)], TODAY, target)
    assert s.target_days == target and s.gap is gap
    assert s.days_since == (TODAY - last_seen).days


def test_totals_share_and_weekly_window() -> None:
    contacts = [
        c(1, date(2025, 12, 26)),  # the Friday before the window: not in any week
        c(2, date(2025, 12, 29)),  # first day of the window
        c(3, date(2026, 6, 22), hour=17),  # out of hours (17:00 is out)
        c(4, date(2026, 6, 23), hour=9),  # in hours (09:00 is in)
        c(5, date(2026, 6, 23), kind=FAILED),  # failed attempts are not contact made
        c(6, date(2026, 6, 25)),  # dated tomorrow: ignored for days since and the strip
    ]
    s = contact_summary(contacts, TODAY, 7)
    assert (s.total, s.successful, s.days_since, s.gap) == (6, 5, 1, False)
    assert s.out_of_hours_share == pytest.approx(1 / 5)
    assert s.per_week[0] == WeekCount(date(2025, 12, 29), 1)
    assert s.per_week[-1] == WeekCount(date(2026, 6, 22), 2)
    assert sum(w.count for w in s.per_week) == 3


# -- trajectory series ------------------------------------------------------------------------


def a(id_: int, on: date, cat: RiskCategory, score: int | None, **kw: object) -> AssessmentRecord:
    confirmed = bool(kw.pop("confirmed", True))
    return AssessmentRecord(id_, on, cat, score, confirmed, **kw)  # type: ignore[arg-type]


def ep(
    id_: int, decom: str, rne: str, place: str = "U4", ls: str = "C2", **kw: object
) -> PlacementEpisodeRecord:
    return PlacementEpisodeRecord(id_, date.fromisoformat(decom), rne, ls, place, **kw)  # type: ignore[arg-type]


SERAF_BANDS = seraf_instrument().bands


def series(**kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "assessments": [],
        "bands": SERAF_BANDS,
        "missing": [],
        "episodes": [],
        "contacts": [],
        "today": TODAY,
        "thresholds": Thresholds(),
    }
    args.update(kw)
    return risk_series(**args)  # type: ignore[arg-type]


def test_points_are_confirmed_and_not_superseded_oldest_first() -> None:
    s = series(
        assessments=[
            a(3, date(2026, 5, 1), RiskCategory.SIGNIFICANT, 18),
            a(1, date(2026, 1, 1), RiskCategory.MILD, 7),
            a(2, date(2026, 3, 1), RiskCategory.MODERATE, 12),
            a(4, date(2026, 3, 1), RiskCategory.MILD, 9, supersedes_id=2),  # confirmed fix
            a(5, date(2026, 6, 1), RiskCategory.NOT_AT_RISK, 2, confirmed=False),
        ]
    )
    assert [(p.assessment_id, p.score) for p in s.points] == [(1, 7), (4, 9), (3, 18)]
    assert s.review_due == date(2026, 5, 29)  # escalated on 1 May: due 28 days later
    assert [b.min_score for b in s.bands] == [0, 6, 11, 16]
    assert s.today == TODAY


def test_no_assessments() -> None:
    s = series()
    assert s.points == () and s.review_due is None
    assert len(s.contacts_per_week) == 26  # the strip still shows half a year


def test_placement_moves_follow_the_placement_rules() -> None:
    s = series(
        episodes=[
            ep(1, "2025-01-10", "S", dec=date(2025, 3, 1), placement_postcode="BD1 2AE"),
            ep(
                2, "2025-03-01", "L", ls="V2", dec=date(2025, 4, 1), placement_postcode="BD1 2AE"
            ),  # legal status only
            ep(3, "2025-04-01", "P", place="T4", dec=date(2025, 4, 5)),  # temporary
            ep(4, "2025-04-05", "P", dec=date(2025, 8, 1), placement_postcode="BD1 2AE"),
            ep(5, "2025-08-01", "T", dec=date(2025, 9, 1)),  # same carer: continues
            ep(6, "2025-09-01", "P", place="K2"),  # a move
        ]
    )
    # ep 4 returns to the same carer after a temporary T4 episode: not a new placement
    assert s.placement_moves == (date(2025, 1, 10), date(2025, 9, 1))


def test_missing_starts_are_uk_dates_sorted_and_the_strip_reaches_back() -> None:
    def m(id_: int, start: datetime) -> MissingEpisodeRecord:
        return MissingEpisodeRecord(id_, MissingKind.MISSING, start)

    s = series(
        missing=[m(1, datetime(2026, 6, 1, 23, 30, tzinfo=UTC)), m(2, datetime(2024, 2, 7, 10))],
        contacts=[c(1, date(2024, 2, 5)), c(2, date(2024, 2, 4))],
    )
    assert s.missing_starts == (date(2024, 2, 7), date(2026, 6, 2))  # 00:30 BST on 2 June
    assert s.contacts_per_week[0] == WeekCount(date(2024, 2, 5), 1)  # from the earliest marker
    assert s.contacts_per_week[-1].week_start == date(2026, 6, 22)


# -- distance for one episode -----------------------------------------------------------------

DIRECTORY = PostcodeDirectory.from_text(
    "postcode,laua,oseast1m,osnrth1m\n"
    "BD1 2AE,E08000032,400000,300000\n"
    "BD1 9ND,E08000032,432186,300000\n"
    "BD2 3QT,E08000032,,\n"
)


@pytest.mark.parametrize(
    ("home", "placed", "directory", "miles"),
    [
        pytest.param("BD1 2AE", "BD1 9ND", DIRECTORY, 20.0, id="known"),
        pytest.param("bd12ae", "BD1 2AE", DIRECTORY, 0.0, id="same-postcode-is-really-0"),
        pytest.param("BD1 2AE", "ZZ9 9ZZ", DIRECTORY, None, id="unknown-postcode"),
        pytest.param("BD1 2AE", "BD2 3QT", DIRECTORY, None, id="no-centroid"),
        pytest.param(None, "BD1 9ND", DIRECTORY, None, id="blank-home"),
        pytest.param("BD1 2AE", "not a postcode", DIRECTORY, None, id="invalid"),
        pytest.param("BD1 2AE", "BD1 9ND", None, None, id="no-directory"),
    ],
)
def test_episode_distance_is_none_never_0_when_unknown(
    home: str | None, placed: str, directory: PostcodeDirectory | None, miles: float | None
) -> None:
    assert episode_distance(home, placed, directory) == miles
