"""SSDA903 placement rules: grouping, windows, looked after, periods, stability, placement flags."""

from __future__ import annotations

import io
from datetime import date

import pytest

from desktop.domain.placements import (
    LS_DESCRIPTIONS,
    PLACE_DESCRIPTIONS,
    REASON_PLACE_CHANGE_DESCRIPTIONS,
    REC_DESCRIPTIONS,
    RNE_DESCRIPTIONS,
    Placement,
    current_period_start,
    describe,
    escalations,
    long_term_stability,
    looked_after_on,
    out_of_area,
    periods_of_care,
    placement_distance,
    placements,
    placements_in_window,
    unplanned_ending,
)
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.records import PlacementEpisodeRecord
from desktop.domain.thresholds import Thresholds

T = Thresholds()
SAME_CARER_COUNTS = Thresholds(count_same_carer_changes=True)


def ep(
    id_: int,
    decom: date,
    rne: str,
    place: str = "U6",
    dec: date | None = None,
    *,
    ls: str = "C2",
    reason: str | None = None,
    pc: str | None = "BD1 2AE",
    home: str | None = "BD1 9ND",
) -> PlacementEpisodeRecord:
    return PlacementEpisodeRecord(
        id=id_,
        decom=decom,
        rne=rne,
        ls=ls,
        place=place,
        dec=dec,
        reason_place_change=reason,
        placement_postcode=pc,
        home_postcode=home,
    )


def d(text: str) -> date:
    return date.fromisoformat(text)


def starts(result: list[Placement]) -> list[str]:
    return [f"{p.place}@{p.start.isoformat()}" for p in result]


# A child: starts in foster care, legal status changes, moves to a children's home, then a
# same-carer change (T) and a new foster carer (B).
HISTORY = [
    ep(1, d("2025-01-10"), "S", "U6", d("2025-03-01"), ls="V2"),
    ep(2, d("2025-03-01"), "L", "U6", d("2025-06-01")),
    ep(3, d("2025-06-01"), "P", "K2", d("2025-09-01"), pc="BD11 1BE"),
    ep(4, d("2025-09-01"), "T", "K2", d("2025-12-01"), pc="BD11 1BE"),
    ep(5, d("2025-12-01"), "B", "U4", None, pc="BD11 1BU"),
]


@pytest.mark.parametrize(
    ("episodes", "thresholds", "expected"),
    [
        pytest.param(
            HISTORY, T, ["U6@2025-01-10", "K2@2025-06-01", "U4@2025-12-01"], id="S-L-P-T-B"
        ),
        pytest.param(
            HISTORY,
            SAME_CARER_COUNTS,
            ["U6@2025-01-10", "K2@2025-06-01", "K2@2025-09-01", "U4@2025-12-01"],
            id="same-carer-counts",
        ),
        pytest.param(
            list(reversed(HISTORY)),
            T,
            ["U6@2025-01-10", "K2@2025-06-01", "U4@2025-12-01"],
            id="any-input-order",
        ),
        pytest.param(
            [ep(1, d("2025-01-10"), "S", "U6", d("2025-02-01")), ep(2, d("2025-02-01"), "U", "U4")],
            T,
            ["U6@2025-01-10"],
            id="U-continues",
        ),
        pytest.param(
            [
                ep(1, d("2025-01-10"), "S", "U6", d("2025-07-20")),
                ep(2, d("2025-07-20"), "P", "T2", d("2025-08-03")),
                ep(3, d("2025-08-03"), "P", "U6"),
            ],
            T,
            ["U6@2025-01-10"],
            id="holiday-T2-then-back-to-same-carer",
        ),
        pytest.param(
            [
                ep(1, d("2025-01-10"), "S", "U6", d("2025-07-20")),
                ep(2, d("2025-07-20"), "P", "T4", d("2025-07-25")),
                ep(3, d("2025-07-25"), "P", "U6", pc="BD11 1BU"),
            ],
            T,
            ["U6@2025-01-10", "U6@2025-07-25"],
            id="temporary-then-different-carer",
        ),
        pytest.param(
            [
                ep(1, d("2025-01-10"), "S", "U6", d("2025-07-20"), pc=None),
                ep(2, d("2025-07-20"), "P", "T2", d("2025-08-03")),
                ep(3, d("2025-08-03"), "P", "U6", pc=None),
            ],
            T,
            ["U6@2025-01-10", "U6@2025-08-03"],
            id="temporary-then-unknown-postcode-counts",
        ),
        pytest.param(
            [
                ep(1, d("2025-02-01"), "S", "K2", d("2025-02-03"), ls="V3"),
                ep(2, d("2025-03-01"), "S", "K2", d("2025-03-03"), ls="V4"),
            ],
            T,
            [],
            id="short-breaks-not-counted",
        ),
        pytest.param(
            [ep(1, d("2025-01-10"), "S", "U6", d("2025-03-01")), ep(2, d("2025-04-01"), "L", "U6")],
            T,
            ["U6@2025-01-10", "U6@2025-04-01"],
            id="gap-starts-new-period-and-placement",
        ),
    ],
)
def test_placements(
    episodes: list[PlacementEpisodeRecord], thresholds: Thresholds, expected: list[str]
) -> None:
    assert starts(placements(episodes, thresholds)) == expected


def test_placement_fields() -> None:
    last = placements(HISTORY, T)[1]
    assert (last.start, last.end, [e.id for e in last.episodes]) == (
        d("2025-06-01"),
        d("2025-12-01"),
        [3, 4],
    )
    assert (last.place, last.placement_postcode, last.home_postcode) == (
        "K2",
        "BD11 1BE",
        "BD1 9ND",
    )


# Three placements: 2025-01-10..2025-04-01, 2025-04-01..2026-03-31, 2026-03-31.. (open)
WINDOWED = [
    ep(1, d("2025-01-10"), "S", "U6", d("2025-04-01")),
    ep(2, d("2025-04-01"), "P", "K2", d("2026-03-31")),
    ep(3, d("2026-03-31"), "P", "U4"),
]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(
            d("2025-04-01"),
            d("2026-03-31"),
            ["U6@2025-01-10", "K2@2025-04-01", "U4@2026-03-31"],
            id="left-on-first-day-and-started-on-last-day-count",
        ),
        pytest.param(
            d("2025-04-02"), d("2026-03-30"), ["K2@2025-04-01"], id="one-day-inside-both-ends"
        ),
        pytest.param(d("2026-04-01"), d("2026-06-30"), ["U4@2026-03-31"], id="open-placement"),
        pytest.param(d("2024-01-01"), d("2025-01-09"), [], id="before-care"),
        pytest.param(
            d("2024-01-01"), d("2025-01-10"), ["U6@2025-01-10"], id="started-on-window-end"
        ),
    ],
)
def test_placements_in_window(start: date, end: date, expected: list[str]) -> None:
    assert starts(placements_in_window(WINDOWED, start, end, T)) == expected


def test_window_ignores_temporary_and_short_break_episodes() -> None:
    episodes = [
        ep(1, d("2025-01-10"), "S", "U6", d("2025-05-01")),
        ep(2, d("2025-05-01"), "P", "T1", d("2025-05-05")),
        ep(3, d("2025-05-05"), "P", "K2", d("2025-06-01"), pc="BD11 1BE"),
        ep(4, d("2025-08-01"), "S", "K2", d("2025-08-03"), ls="V3"),
    ]
    assert starts(placements_in_window(episodes, d("2025-05-02"), d("2025-12-31"), T)) == [
        "K2@2025-05-05"
    ]


CARE_ENDS_31_MARCH = [ep(1, d("2025-06-01"), "S", "U6", d("2026-03-31"))]


@pytest.mark.parametrize(
    ("episodes", "on", "looked_after"),
    [
        pytest.param(
            CARE_ENDS_31_MARCH,
            d("2026-03-31"),
            False,
            id="care-ended-31-march-not-looked-after-31-march",
        ),
        pytest.param(CARE_ENDS_31_MARCH, d("2026-03-30"), True, id="day-before-end"),
        pytest.param(CARE_ENDS_31_MARCH, d("2025-06-01"), True, id="first-day"),
        pytest.param(CARE_ENDS_31_MARCH, d("2025-05-31"), False, id="day-before-start"),
        pytest.param([ep(1, d("2025-06-01"), "S")], d("2030-01-01"), True, id="open"),
        pytest.param([], d("2026-01-01"), False, id="never"),
    ],
)
def test_looked_after_on(
    episodes: list[PlacementEpisodeRecord], on: date, looked_after: bool
) -> None:
    assert looked_after_on(episodes, on) is looked_after


@pytest.mark.parametrize(
    ("episodes", "expected"),
    [
        pytest.param(
            [ep(1, d("2025-01-01"), "S", dec=d("2025-02-01")), ep(2, d("2025-02-01"), "P")],
            [("2025-01-01", None)],
            id="contiguous-one-period",
        ),
        pytest.param(
            [ep(1, d("2025-01-01"), "S", dec=d("2025-02-01")), ep(2, d("2025-02-02"), "S")],
            [("2025-01-01", "2025-02-01"), ("2025-02-02", None)],
            id="one-day-gap",
        ),
        pytest.param(
            [
                ep(1, d("2025-01-01"), "S", dec=d("2025-02-01")),
                ep(2, d("2025-02-01"), "S", dec=d("2025-03-01")),
            ],
            [("2025-01-01", "2025-02-01"), ("2025-02-01", "2025-03-01")],
            id="rne-S-starts-one-without-gap",
        ),
        pytest.param(
            [
                ep(1, d("2025-01-01"), "S", dec=d("2025-02-01")),
                ep(2, d("2025-05-01"), "P", dec=d("2025-06-01")),
            ],
            [("2025-01-01", "2025-02-01"), ("2025-05-01", "2025-06-01")],
            id="gap-even-without-S",
        ),
    ],
)
def test_periods_of_care(
    episodes: list[PlacementEpisodeRecord], expected: list[tuple[str, str | None]]
) -> None:
    got = [
        (p.start.isoformat(), None if p.end is None else p.end.isoformat())
        for p in periods_of_care(episodes)
    ]
    assert got == expected


def test_current_period_start() -> None:
    episodes = [
        ep(1, d("2023-01-01"), "S", dec=d("2024-01-01")),
        ep(2, d("2024-06-01"), "S", dec=d("2025-01-01")),
        ep(3, d("2025-01-01"), "P"),
    ]
    assert current_period_start(episodes, d("2025-06-01")) == d("2024-06-01")
    assert current_period_start(episodes, d("2024-03-01")) is None
    assert current_period_start(episodes, d("2024-01-01")) is None


ON = d("2026-03-01")
DOB_15 = d("2010-06-01")  # 15 on ON


def stability_case(
    period_start: str, placement_start: str, *, ls: str = "C2"
) -> list[PlacementEpisodeRecord]:
    """Looked after from period_start; current (open) placement from placement_start."""
    if placement_start == period_start:
        return [ep(1, d(period_start), "S", "U6", ls=ls)]
    return [
        ep(1, d(period_start), "S", "U6", d(placement_start), ls=ls),
        ep(2, d(placement_start), "P", "U4", ls=ls, pc="BD11 1BU"),
    ]


@pytest.mark.parametrize(
    ("episodes", "dob", "on", "eligible", "stable"),
    [
        pytest.param(
            stability_case("2023-09-01", "2024-03-01"),
            DOB_15,
            ON,
            True,
            True,
            id="30-months-and-24-exactly",
        ),
        pytest.param(
            stability_case("2023-09-01", "2024-03-02"),
            DOB_15,
            ON,
            True,
            False,
            id="placement-a-day-short-not-met",
        ),
        pytest.param(
            stability_case("2023-09-02", "2023-09-02"),
            DOB_15,
            ON,
            False,
            False,
            id="period-a-day-short-not-eligible",
        ),
        pytest.param(
            stability_case("2023-08-31", "2023-08-31"),
            DOB_15,
            d("2026-02-28"),
            False,
            False,
            id="31-aug-start-not-30-months-on-28-feb",
        ),
        pytest.param(
            stability_case("2023-08-31", "2023-08-31"),
            DOB_15,
            d("2026-03-01"),
            True,
            True,
            id="31-aug-start-30-months-on-1-mar",
        ),
        pytest.param(
            stability_case("2023-01-01", "2023-01-01"),
            d("2010-03-02"),
            ON,
            True,
            True,
            id="day-before-16th-birthday",
        ),
        pytest.param(
            stability_case("2023-01-01", "2023-01-01"),
            d("2010-03-01"),
            ON,
            False,
            False,
            id="on-16th-birthday",
        ),
        pytest.param(
            stability_case("2023-01-01", "2023-01-01", ls="V3"),
            DOB_15,
            ON,
            False,
            False,
            id="short-breaks",
        ),
        pytest.param(
            [ep(1, d("2023-01-01"), "S", dec=ON)],
            DOB_15,
            ON,
            False,
            False,
            id="care-ended-on-the-date",
        ),
    ],
)
def test_long_term_stability(
    episodes: list[PlacementEpisodeRecord], dob: date, on: date, eligible: bool, stable: bool
) -> None:
    result = long_term_stability(episodes, dob, on, T)
    assert (result.eligible, result.stable, result.not_met) == (
        eligible,
        stable,
        eligible and not stable,
    )


def test_stability_holds_through_a_temporary_absence() -> None:
    episodes = [
        ep(1, d("2023-01-01"), "S", "U4", d("2026-02-25")),
        ep(2, d("2026-02-25"), "P", "T2", d("2026-03-05")),  # on holiday on ON
    ]
    result = long_term_stability(episodes, DOB_15, ON, T)
    assert (result.eligible, result.stable, result.placement_start) == (True, True, d("2023-01-01"))


@pytest.mark.parametrize(
    ("episodes", "expected_id"),
    [
        pytest.param(
            [
                ep(1, d("2025-09-01"), "S", dec=d("2026-01-10"), reason="CREQB"),
                ep(2, d("2026-01-10"), "P"),
            ],
            1,
            id="creqb",
        ),
        pytest.param(
            [
                ep(1, d("2025-09-01"), "S", dec=d("2026-01-10"), reason="CARPL"),
                ep(2, d("2026-01-10"), "P"),
            ],
            None,
            id="carpl-planned",
        ),
        pytest.param(
            [
                ep(1, d("2025-06-01"), "S", dec=d("2025-09-01"), reason="ALLEG"),
                ep(2, d("2025-09-01"), "P", dec=d("2026-01-10"), reason="LAREQ"),
                ep(3, d("2026-01-10"), "P"),
            ],
            None,
            id="later-planned-change-clears",
        ),
        pytest.param(
            [
                ep(1, d("2025-06-01"), "S", dec=d("2025-09-01"), reason="STAND"),
                ep(2, d("2025-09-01"), "L", dec=d("2026-01-10")),
                ep(3, d("2026-01-10"), "L"),
            ],
            1,
            id="legal-change-has-no-reason",
        ),
        pytest.param(
            [ep(1, d("2024-09-01"), "S", dec=d("2025-01-31"), reason="CHILD")],
            None,
            id="before-window",
        ),
        pytest.param(
            [ep(1, d("2024-09-01"), "S", dec=d("2025-02-01"), reason="CLOSE")],
            1,
            id="window-first-day",
        ),
    ],
)
def test_unplanned_ending(episodes: list[PlacementEpisodeRecord], expected_id: int | None) -> None:
    found = unplanned_ending(episodes, d("2025-02-01"), d("2026-01-31"))
    assert (None if found is None else found.id) == expected_id


@pytest.mark.parametrize("reason", ["CREQB", "CREQO", "CHILD", "ALLEG", "STAND", "CLOSE"])
def test_every_unplanned_reason(reason: str) -> None:
    episodes = [ep(1, d("2025-09-01"), "S", dec=d("2026-01-10"), reason=reason)]
    assert unplanned_ending(episodes, d("2025-02-01"), d("2026-01-31")) is not None


WINDOW = (d("2026-01-01"), d("2026-03-31"))


@pytest.mark.parametrize(
    ("episodes", "expected"),
    [
        pytest.param(
            [ep(1, d("2026-01-01"), "S", "U6")],
            ["2026-01-01 became looked after (U6)"],
            id="newly-looked-after-first-day",
        ),
        pytest.param([ep(1, d("2025-12-31"), "S", "U6")], [], id="looked-after-before-window"),
        pytest.param(
            [ep(1, d("2026-02-01"), "S", "K2", ls="V3")], [], id="short-break-not-escalation"
        ),
        pytest.param(
            [ep(1, d("2025-06-01"), "S", "U6", d("2026-02-01")), ep(2, d("2026-02-01"), "P", "K2")],
            ["2026-02-01 moved to residential care (K2)"],
            id="foster-to-childrens-home",
        ),
        pytest.param(
            [ep(1, d("2025-06-01"), "S", "K2", d("2026-03-31")), ep(2, d("2026-03-31"), "P", "K1")],
            ["2026-03-31 moved to secure care (K1)"],
            id="home-to-secure-last-day",
        ),
        pytest.param(
            [ep(1, d("2025-06-01"), "S", "K2", d("2026-02-01")), ep(2, d("2026-02-01"), "P", "R1")],
            [],
            id="residential-to-residential",
        ),
        pytest.param(
            [ep(1, d("2025-06-01"), "S", "K2", d("2026-02-01")), ep(2, d("2026-02-01"), "P", "U6")],
            [],
            id="step-down",
        ),
        pytest.param(
            [
                ep(1, d("2025-06-01"), "S", "U6", d("2026-02-01")),
                ep(2, d("2026-02-01"), "P", "T1", d("2026-02-03")),
                ep(3, d("2026-02-03"), "P", "S1"),
            ],
            ["2026-02-03 moved to residential care (S1)"],
            id="through-temporary",
        ),
    ],
)
def test_escalations(episodes: list[PlacementEpisodeRecord], expected: list[str]) -> None:
    got = [
        f"{when.isoformat()} {what}"
        for when, what in escalations(periods_of_care(episodes), *WINDOW)
    ]
    assert got == expected


DIRECTORY = PostcodeDirectory.from_csv(
    io.StringIO(
        "postcode,laua,oseast1m,osnrth1m\n"
        "BD1 2AE,E08000032,415884.0,433300.0\n"
        "BD11 1BE,E08000035,421866.0,428673.0\n"
        "HX1 1AA,E08000033,,\n"
    )
)


@pytest.mark.parametrize(
    ("postcode", "responsible", "expected"),
    [
        pytest.param("BD1 2AE", "E08000032", False, id="in-area"),
        pytest.param("BD11 1BE", "E08000032", True, id="out-of-area"),
        pytest.param("bd111be", "e08000035", False, id="case-insensitive"),
        pytest.param("HX1 1AA", "E08000032", True, id="district-known-without-centroid"),
        pytest.param("ZZ9 9ZZ", "E08000032", None, id="unknown-postcode-not-known"),
        pytest.param(None, "E08000032", None, id="no-postcode"),
        pytest.param("BD1 2AE", None, None, id="no-responsible-authority"),
    ],
)
def test_out_of_area(postcode: str | None, responsible: str | None, expected: bool | None) -> None:
    assert out_of_area(postcode, responsible, DIRECTORY) is expected


def test_out_of_area_without_directory_is_not_known() -> None:
    assert out_of_area("BD1 2AE", "E08000032", None) is None


@pytest.mark.parametrize(
    ("home", "placement_pc", "miles"),
    [
        pytest.param("BD1 2AE", "BD11 1BE", 4.7, id="known"),
        pytest.param("BD1 2AE", "HX1 1AA", None, id="blank-centroid"),
        pytest.param(None, "BD11 1BE", None, id="no-home-postcode"),
    ],
)
def test_placement_distance(
    home: str | None, placement_pc: str | None, miles: float | None
) -> None:
    placement = placements([ep(1, d("2025-01-01"), "S", pc=placement_pc, home=home)], T)[0]
    assert placement_distance(placement, DIRECTORY) == miles
    assert placement_distance(placement, None) is None


@pytest.mark.parametrize(
    ("table", "codes"),
    [
        pytest.param(RNE_DESCRIPTIONS, "S L P T U B", id="RNE"),
        pytest.param(LS_DESCRIPTIONS, "C1 C2 D1 E1 J1 J2 J3 L1 L2 L3 V2 V3 V4", id="LS"),
        pytest.param(
            PLACE_DESCRIPTIONS,
            "A3 A4 A5 A6 H5 K1 K2 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1",
            id="PLACE",
        ),
        pytest.param(
            REC_DESCRIPTIONS,
            "E11 E12 E13 E14 E15 E16 E17 E2 E3 E4A E4B E41 E45 E46 E47 E48 E5 E6 E7 E8 E9 X1",
            id="REC",
        ),
        pytest.param(
            REASON_PLACE_CHANGE_DESCRIPTIONS,
            "CARPL CLOSE ALLEG STAND APPRR CREQB CREQO CHILD LAREQ PLACE CUSTOD OTHER",
            id="REASON_PLACE_CHANGE",
        ),
    ],
)
def test_code_descriptions(table: dict[str, str], codes: str) -> None:
    assert set(table) == set(codes.split())
    assert all(text.strip() for text in table.values())


@pytest.mark.parametrize(
    ("code", "text"),
    [
        pytest.param("K2", "K2 (Children's home)", id="known"),
        pytest.param("k2", "k2 (Children's home)", id="lower-case-input"),
        pytest.param("Q9", "Q9", id="unknown-shown-as-is"),
        pytest.param(None, "not recorded", id="blank"),
    ],
)
def test_describe(code: str | None, text: str) -> None:
    assert describe(PLACE_DESCRIPTIONS, code) == text
