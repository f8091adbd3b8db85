"""compute_flags: each flag raised at its boundary, with its label and evidence sentence."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from desktop.domain.enums import ContactKind, FlagCode, MissingKind, RiskCategory
from desktop.domain.flags import compute_flags, flag_label
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.records import (
    AssessmentRecord,
    ContactRecord,
    Flag,
    MissingEpisodeRecord,
    PlacementEpisodeRecord,
)
from desktop.domain.thresholds import Thresholds

TODAY = date(2026, 6, 30)
LA = "E08000032"
DIRECTORY = PostcodeDirectory.from_csv(
    io.StringIO(
        "postcode,laua,oseast1m,osnrth1m\n"
        "BD1 2AE,E08000032,400000,300000\n"  # home
        "BD1 9ND,E08000032,432186,300000\n"  # 20.0 miles from home
        "BD11 1BE,E08000035,432350,300000\n"  # 20.1 miles, another district
        "BD2 3QT,E08000032,,\n"  # no centroid
    )
)
SEEN = [ContactRecord(1, datetime(2026, 6, 29, 10), ContactKind.FACE_TO_FACE)]


def flags(**overrides: Any) -> dict[FlagCode, Flag]:
    args: dict[str, Any] = {
        "today": TODAY,
        "dob": date(2011, 1, 1),
        "assessments": [],
        "placements": [],
        "missing": [],
        "contacts": SEEN,
        "postcodes": DIRECTORY,
        "responsible_la": LA,
        "contact_target_days": 7,
        "thresholds": Thresholds(),
    }
    args.update(overrides)
    result = compute_flags(**args)
    return {f.code: f for f in result}


def ep(
    id_: int,
    decom: str,
    rne: str,
    place: str = "U6",
    dec: str | None = None,
    *,
    ls: str = "C2",
    reason: str | None = None,
    pc: str | None = "BD1 9ND",
) -> PlacementEpisodeRecord:
    return PlacementEpisodeRecord(
        id=id_,
        decom=date.fromisoformat(decom),
        rne=rne,
        ls=ls,
        place=place,
        dec=None if dec is None else date.fromisoformat(dec),
        reason_place_change=reason,
        home_postcode="BD1 2AE",
        placement_postcode=pc,
    )


def test_nothing_recorded_is_only_a_contact_gap() -> None:
    result = flags(contacts=[])
    assert list(result) == [FlagCode.CONTACT_GAP]
    assert result[FlagCode.CONTACT_GAP] == Flag(
        FlagCode.CONTACT_GAP, "Contact gap", "No successful key-person contact recorded (target 7)"
    )


@pytest.mark.parametrize(
    ("last_seen", "target", "explanation"),
    [
        pytest.param(date(2026, 6, 23), 7, None, id="7-days-no-gap"),
        pytest.param(
            date(2026, 6, 22),
            7,
            "No successful key-person contact for 8 days (target 7)",
            id="8-days-gap",
        ),
        pytest.param(date(2026, 6, 22), 14, None, id="own-target-14"),
        pytest.param(
            date(2026, 6, 22),
            None,
            "No successful key-person contact for 8 days (target 7)",
            id="default-target",
        ),
    ],
)
def test_contact_gap(last_seen: date, target: int | None, explanation: str | None) -> None:
    contacts = [
        ContactRecord(1, datetime.combine(last_seen, datetime.min.time()), ContactKind.PHONE),
        ContactRecord(2, datetime(2026, 6, 29, 10), ContactKind.FAILED_ATTEMPT),
    ]
    result = flags(contacts=contacts, contact_target_days=target)
    assert (
        result[FlagCode.CONTACT_GAP].explanation if FlagCode.CONTACT_GAP in result else None
    ) == explanation


def assessment(id_: int, on: str, category: RiskCategory) -> AssessmentRecord:
    return AssessmentRecord(id_, date.fromisoformat(on), category, None, True)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param([assessment(1, "2026-04-01", RiskCategory.MILD)], {}, id="due-today"),
        pytest.param(
            [assessment(1, "2026-03-31", RiskCategory.MILD)],
            {
                FlagCode.OVERDUE_REVIEW: "Risk review was due 29 Jun 2026 (last assessment 31 Mar 2026)"
            },
            id="due-yesterday",
        ),
        pytest.param(
            [
                assessment(1, "2026-05-01", RiskCategory.MILD),
                assessment(2, "2026-06-01", RiskCategory.SIGNIFICANT),
            ],
            {
                FlagCode.OVERDUE_REVIEW: "Risk review was due 29 Jun 2026 (last assessment 1 Jun 2026)",
                FlagCode.RISK_ESCALATED: "Risk escalated from Mild to Significant on 1 Jun 2026",
            },
            id="escalated-due-after-28-days",
        ),
        pytest.param(
            [
                assessment(1, "2026-05-01", RiskCategory.MILD),
                assessment(2, "2026-06-02", RiskCategory.MODERATE),
            ],
            {FlagCode.RISK_ESCALATED: "Risk escalated from Mild to Moderate on 2 Jun 2026"},
            id="escalated-review-due-today-not-overdue",
        ),
        pytest.param(
            [
                assessment(1, "2026-03-01", RiskCategory.MODERATE),
                assessment(2, "2026-06-01", RiskCategory.MILD),
            ],
            {},
            id="de-escalated",
        ),
    ],
)
def test_risk_flags(records: list[AssessmentRecord], expected: dict[FlagCode, str]) -> None:
    result = flags(assessments=records)
    got = {
        code: f.explanation
        for code, f in result.items()
        if code in (FlagCode.OVERDUE_REVIEW, FlagCode.RISK_ESCALATED)
    }
    assert got == expected


THREE_IN_12_MONTHS = [
    ep(1, "2025-01-12", "S", "U3", "2025-07-01"),  # left on the window's first day: counts
    ep(2, "2025-07-01", "P", "K2", "2026-03-03", pc="BD2 3QT"),
    ep(3, "2026-03-03", "P", "U4"),
]


def test_placements_12_months() -> None:
    result = flags(placements=THREE_IN_12_MONTHS)
    assert result[FlagCode.PLACEMENTS_12_MONTHS] == Flag(
        FlagCode.PLACEMENTS_12_MONTHS,
        "3+ placements (12 months)",
        "3 placements since 1 Jul 2025: U3 from 12 Jan 2025, K2 from 1 Jul 2025, U4 from 3 Mar 2026",
    )
    assert FlagCode.PLACEMENTS_COLLECTION_YEAR not in result  # only U4 since 1 Apr 2026


def test_placement_left_the_day_before_the_window_does_not_count() -> None:
    episodes = [
        ep(1, "2025-01-12", "S", "U3", "2025-06-30"),
        ep(2, "2025-06-30", "P", "K2", "2026-03-03"),
        ep(3, "2026-03-03", "P", "U4"),
    ]
    assert FlagCode.PLACEMENTS_12_MONTHS not in flags(placements=episodes)


COLLECTION_YEAR = [
    ep(1, "2024-12-01", "S", "U6", "2025-04-01"),
    ep(2, "2025-04-01", "P", "K2", "2025-10-01"),
    ep(3, "2025-10-01", "P", "U4", None),
]


@pytest.mark.parametrize(
    ("episodes", "flagged"),
    [
        pytest.param(COLLECTION_YEAR, True, id="looked-after-3-placements"),
        pytest.param(
            [*COLLECTION_YEAR[:2], ep(3, "2025-10-01", "P", "U4", "2026-03-31")],
            False,
            id="care-ended-31-march",
        ),
        pytest.param(COLLECTION_YEAR[1:], False, id="2-placements"),
    ],
)
def test_placements_collection_year(episodes: list[PlacementEpisodeRecord], flagged: bool) -> None:
    result = flags(today=date(2026, 3, 31), placements=episodes)
    assert (FlagCode.PLACEMENTS_COLLECTION_YEAR in result) is flagged
    if flagged:
        assert result[FlagCode.PLACEMENTS_COLLECTION_YEAR].explanation == (
            "3 placements in the collection year from 1 Apr 2025: "
            "U6 from 1 Dec 2024, K2 from 1 Apr 2025, U4 from 1 Oct 2025"
        )


@pytest.mark.parametrize(
    ("placement_start", "explanation"),
    [
        pytest.param("2024-06-30", None, id="24-months-stable"),
        pytest.param(
            "2024-07-01",
            "Looked after since 1 Jan 2023; current placement began 1 Jul 2024, under 24 months ago",
            id="a-day-short-not-met",
        ),
    ],
)
def test_long_term_stability(placement_start: str, explanation: str | None) -> None:
    episodes = [ep(1, "2023-01-01", "S", "U6", placement_start), ep(2, placement_start, "P", "U4")]
    result = flags(placements=episodes)
    got = result.get(FlagCode.LONG_TERM_STABILITY_NOT_MET)
    assert (None if got is None else got.explanation) == explanation


def test_stability_needs_a_date_of_birth_under_16() -> None:
    episodes = [ep(1, "2023-01-01", "S", "U6", "2025-01-01"), ep(2, "2025-01-01", "P", "U4")]
    assert FlagCode.LONG_TERM_STABILITY_NOT_MET in flags(placements=episodes, dob=date(2010, 7, 1))
    assert FlagCode.LONG_TERM_STABILITY_NOT_MET not in flags(
        placements=episodes, dob=date(2010, 6, 30)
    )
    assert FlagCode.LONG_TERM_STABILITY_NOT_MET not in flags(placements=episodes, dob=None)


@pytest.mark.parametrize(
    ("postcode", "codes", "explanations"),
    [
        pytest.param("BD1 9ND", set(), [], id="20.0-miles-not-flagged"),
        pytest.param(
            "BD11 1BE",
            {FlagCode.OVER_20_MILES, FlagCode.OUT_OF_AREA},
            [
                "Current placement (K2 from 1 Jan 2026) is 20.1 miles from home",
                "Current placement (K2 from 1 Jan 2026) is in E08000035, outside the responsible "
                "authority (E08000032)",
            ],
            id="20.1-miles-and-out-of-area",
        ),
        pytest.param("BD2 3QT", set(), [], id="no-centroid-not-known"),
        pytest.param("ZZ9 9ZZ", set(), [], id="unknown-postcode-not-known"),
        pytest.param(None, set(), [], id="no-postcode"),
    ],
)
def test_distance_and_area(
    postcode: str | None, codes: set[FlagCode], explanations: list[str]
) -> None:
    episodes = [ep(1, "2026-01-01", "S", "K2", pc=postcode)]
    result = flags(placements=episodes)
    found = {c: f for c, f in result.items() if c in (FlagCode.OVER_20_MILES, FlagCode.OUT_OF_AREA)}
    assert set(found) == codes
    assert [f.explanation for f in found.values()] == explanations


def test_no_directory_means_no_distance_or_area_flags() -> None:
    episodes = [ep(1, "2026-01-01", "S", "K2", pc="BD11 1BE")]
    assert not {FlagCode.OVER_20_MILES, FlagCode.OUT_OF_AREA} & set(
        flags(placements=episodes, postcodes=None)
    )


def test_placement_flags_only_for_the_current_placement() -> None:
    episodes = [ep(1, "2026-01-01", "S", "K2", "2026-06-01", pc="BD11 1BE")]  # left care
    assert not {FlagCode.OVER_20_MILES, FlagCode.OUT_OF_AREA} & set(flags(placements=episodes))


@pytest.mark.parametrize(
    ("start", "explanation"),
    [
        pytest.param(
            "2026-06-03", "Current placement (U4 from 3 Jun 2026) began 27 days ago", id="27-days"
        ),
        pytest.param(
            "2026-06-30", "Current placement (U4 from 30 Jun 2026) began 0 days ago", id="today"
        ),
        pytest.param("2026-06-02", None, id="28-days-not-new"),
    ],
)
def test_new_placement(start: str, explanation: str | None) -> None:
    episodes = [ep(1, "2025-01-01", "S", "U6", start), ep(2, start, "P", "U4")]
    got = flags(placements=episodes).get(FlagCode.NEW_PLACEMENT)
    assert (None if got is None else got.explanation) == explanation


@pytest.mark.parametrize(
    ("ended", "reason", "explanation"),
    [
        pytest.param(
            "2026-05-01",
            "CREQB",
            "Placement (U6) ended 1 May 2026: CREQB (Carer(s) requested placement end due to child's behaviour)",
            id="creqb",
        ),
        pytest.param("2026-05-01", "CARPL", None, id="planned"),
        pytest.param(
            "2025-07-01",
            "CHILD",
            "Placement (U6) ended 1 Jul 2025: CHILD (Child requested placement end)",
            id="12-months-first-day",
        ),
        pytest.param("2025-06-30", "CHILD", None, id="over-12-months"),
    ],
)
def test_unplanned_ending(ended: str, reason: str, explanation: str | None) -> None:
    episodes = [ep(1, "2025-01-01", "S", "U6", ended, reason=reason), ep(2, ended, "P", "U4")]
    got = flags(placements=episodes).get(FlagCode.UNPLANNED_ENDING)
    assert (None if got is None else got.explanation) == explanation


@pytest.mark.parametrize(
    ("episodes", "explanation"),
    [
        pytest.param(
            [ep(1, "2026-04-02", "S", "U6")], "Became looked after (U6) on 2 Apr 2026", id="day-90"
        ),
        pytest.param([ep(1, "2026-04-01", "S", "U6")], None, id="day-91"),
        pytest.param(
            [ep(1, "2025-01-01", "S", "U6", "2026-05-10"), ep(2, "2026-05-10", "P", "K2")],
            "Moved to residential care (K2) on 10 May 2026",
            id="to-childrens-home",
        ),
        pytest.param(
            [ep(1, "2026-04-10", "S", "K2", "2026-05-10"), ep(2, "2026-05-10", "P", "K1")],
            "Became looked after (K2) on 10 Apr 2026; Moved to secure care (K1) on 10 May 2026",
            id="both",
        ),
    ],
)
def test_escalation(episodes: list[PlacementEpisodeRecord], explanation: str | None) -> None:
    got = flags(placements=episodes).get(FlagCode.ESCALATION)
    assert (None if got is None else got.explanation) == explanation


def missing(
    id_: int,
    start: datetime,
    end: datetime | None = None,
    kind: MissingKind = MissingKind.MISSING,
    *,
    completed: datetime | None = None,
    declined: str | None = None,
) -> MissingEpisodeRecord:
    return MissingEpisodeRecord(
        id_, kind, start, end, rhi_completed_at=completed, rhi_declined_reason=declined
    )


NOW = datetime(2026, 6, 30, 12, 0)


@pytest.mark.parametrize(
    ("records", "now", "expected"),
    [
        pytest.param(
            [missing(1, datetime(2026, 6, 29, 22))],
            NOW,
            {FlagCode.CURRENTLY_MISSING: "Missing since 29 Jun 2026 22:00"},
            id="missing",
        ),
        pytest.param(
            [missing(1, datetime(2026, 6, 30, 9), kind=MissingKind.AWAY)],
            None,
            {FlagCode.CURRENTLY_MISSING: "Away without authorisation since 30 Jun 2026 09:00"},
            id="away-default-now-end-of-day",
        ),
        pytest.param(
            [missing(1, datetime(2026, 6, 26, 10), datetime(2026, 6, 27, 12))],
            datetime(2026, 6, 30, 12),
            {},
            id="rhi-due-exactly-now",
        ),
        pytest.param(
            [missing(1, datetime(2026, 6, 26, 10), datetime(2026, 6, 27, 12))],
            datetime(2026, 6, 30, 12, 1),
            {
                FlagCode.RHI_OVERDUE: "Return interview overdue for 1 episode; latest: found 27 Jun 2026 12:00, due 30 Jun 2026 12:00"
            },
            id="rhi-overdue",
        ),
        pytest.param(
            [
                missing(
                    1,
                    datetime(2026, 6, 26, 10),
                    datetime(2026, 6, 27, 12),
                    declined="Refused, spoke to carer",
                )
            ],
            NOW + timedelta(days=1),
            {},
            id="rhi-declined-with-reason",
        ),
        pytest.param(
            [
                missing(
                    1,
                    datetime(2026, 6, 1, 22),
                    datetime(2026, 6, 2, 8),
                    completed=datetime(2026, 6, 3, 9),
                ),
                missing(
                    2,
                    datetime(2026, 6, 10, 22),
                    datetime(2026, 6, 11, 8),
                    completed=datetime(2026, 6, 12, 9),
                ),
                missing(
                    3, datetime(2026, 6, 30, 1), datetime(2026, 6, 30, 8), kind=MissingKind.AWAY
                ),
            ],
            NOW,
            {
                FlagCode.REPEAT_MISSING: "3 episodes starting within 30 days: 1 Jun 2026 22:00, 10 Jun 2026 22:00, 30 Jun 2026 01:00"
            },
            id="repeat-missing-30-days",
        ),
        pytest.param(
            [
                missing(
                    1,
                    datetime(2025, 6, 29, 22),
                    datetime(2025, 6, 30, 8),
                    completed=datetime(2025, 7, 1),
                ),
                missing(
                    2,
                    datetime(2025, 7, 10, 22),
                    datetime(2025, 7, 11, 8),
                    completed=datetime(2025, 7, 12),
                ),
                missing(
                    3,
                    datetime(2025, 7, 20, 22),
                    datetime(2025, 7, 21, 8),
                    completed=datetime(2025, 7, 22),
                ),
            ],
            NOW,
            {},
            id="repeat-run-starting-over-12-months-ago",
        ),
    ],
)
def test_missing_flags(
    records: list[MissingEpisodeRecord], now: datetime | None, expected: dict[FlagCode, str]
) -> None:
    result = flags(missing=records, now=now)
    assert {c: f.explanation for c, f in result.items()} == expected


def test_flags_come_in_flag_code_order() -> None:
    result = compute_flags(
        today=TODAY,
        dob=date(2010, 1, 1),
        assessments=[assessment(1, "2026-01-01", RiskCategory.MILD)],
        placements=THREE_IN_12_MONTHS,
        missing=[missing(1, datetime(2026, 6, 29, 22))],
        contacts=[],
        postcodes=DIRECTORY,
        responsible_la=LA,
        contact_target_days=7,
        thresholds=Thresholds(),
    )
    order = list(FlagCode)
    assert [f.code for f in result] == sorted((f.code for f in result), key=order.index)
    assert [f.code for f in result] == [
        FlagCode.OVERDUE_REVIEW,
        FlagCode.CONTACT_GAP,
        FlagCode.PLACEMENTS_12_MONTHS,
        FlagCode.CURRENTLY_MISSING,
    ]


@pytest.mark.parametrize(
    ("code", "thresholds", "label"),
    [
        pytest.param(
            FlagCode.PLACEMENTS_12_MONTHS, Thresholds(), "3+ placements (12 months)", id="12-months"
        ),
        pytest.param(
            FlagCode.PLACEMENTS_COLLECTION_YEAR,
            Thresholds(),
            "3+ placements (collection year)",
            id="collection-year",
        ),
        pytest.param(
            FlagCode.PLACEMENTS_12_MONTHS,
            Thresholds(placement_flag_count=4),
            "4+ placements (12 months)",
            id="configured-count",
        ),
        pytest.param(FlagCode.OVER_20_MILES, Thresholds(), "Placed over 20 miles away", id="miles"),
        pytest.param(FlagCode.RHI_OVERDUE, Thresholds(), "Return interview overdue", id="rhi"),
    ],
)
def test_flag_label(code: FlagCode, thresholds: Thresholds, label: str) -> None:
    assert flag_label(code, thresholds) == label


def test_every_flag_code_has_a_label() -> None:
    labels: Sequence[str] = [flag_label(code) for code in FlagCode]
    assert all(labels) and len(set(labels)) == len(labels)


def test_presorted_gives_the_same_flags() -> None:
    contacts = [
        ContactRecord(1, datetime(2026, 6, 1, 10), ContactKind.PHONE),
        ContactRecord(2, datetime(2026, 6, 20, 10), ContactKind.FAILED_ATTEMPT),
    ]
    records = [
        assessment(1, "2026-01-01", RiskCategory.MILD),
        assessment(2, "2026-03-01", RiskCategory.MODERATE),
    ]
    loose = flags(
        contacts=list(reversed(contacts)), assessments=records, placements=THREE_IN_12_MONTHS
    )
    tight = flags(
        contacts=contacts, assessments=records, placements=THREE_IN_12_MONTHS, presorted=True
    )
    assert loose == tight
    assert (
        loose[FlagCode.CONTACT_GAP].explanation
        == "No successful key-person contact for 29 days (target 7)"
    )
