"""Risk rules: SERAF scoring and bands, London categories, current assessment, trend, reviews."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.enums import InstrumentKind, ItemTiming, RiskCategory, Trend
from desktop.domain.records import AssessmentRecord, ItemAnswer
from desktop.domain.risk import (
    band_for_score,
    current_assessment,
    london_instrument,
    review_due,
    review_overdue,
    score_assessment,
    seraf_instrument,
    trajectory,
    trend,
)
from desktop.domain.thresholds import Thresholds

SERAF = seraf_instrument()
CODES = {
    g: [i.code for i in SERAF.items if i.group == g]
    for g in ("vulnerability", "moderate", "significant")
}
R, P, B, X = ItemTiming.RECENT, ItemTiming.PAST, ItemTiming.BOTH, ItemTiming.ABSENT
T = Thresholds()


def answers(v: int = 0, m: int = 0, s: tuple[ItemTiming, ...] = ()) -> list[ItemAnswer]:
    """v vulnerabilities and m moderate indicators present now, significant ones as given."""
    return (
        [ItemAnswer(c, R) for c in CODES["vulnerability"][:v]]
        + [ItemAnswer(c, R) for c in CODES["moderate"][:m]]
        + [ItemAnswer(c, t) for c, t in zip(CODES["significant"], s, strict=False)]
    )


def test_seraf_shape() -> None:
    assert (SERAF.code, SERAF.kind) == ("seraf", InstrumentKind.SCORED.value)
    assert {g: len(c) for g, c in CODES.items()} == {
        "vulnerability": 8,
        "moderate": 10,
        "significant": 8,
    }
    assert len({i.code for i in SERAF.items}) == 26
    labels = {i.label for i in SERAF.items}
    assert {"Going missing", "Older boyfriend/girlfriend", "Unexplained gifts or money"} <= labels
    assert {"Sexually transmitted infection", "Being groomed online"} <= labels


@pytest.mark.parametrize(
    ("group", "timing", "points"),
    [
        pytest.param("vulnerability", R, 1, id="vulnerability-recent-1"),
        pytest.param("vulnerability", P, 1, id="vulnerability-past-1-timeless"),
        pytest.param("vulnerability", B, 1, id="vulnerability-both-1"),
        pytest.param("vulnerability", X, 0, id="vulnerability-absent-0"),
        pytest.param("moderate", R, 1, id="moderate-recent-1"),
        pytest.param("moderate", P, 0, id="moderate-past-only-0"),
        pytest.param("moderate", B, 1, id="moderate-both-1"),
        pytest.param("moderate", X, 0, id="moderate-absent-0"),
        pytest.param("significant", R, 5, id="significant-recent-5"),
        pytest.param("significant", P, 1, id="significant-past-1"),
        pytest.param("significant", B, 6, id="significant-both-6"),
        pytest.param("significant", X, 0, id="significant-absent-0"),
    ],
)
def test_item_weights(group: str, timing: ItemTiming, points: int) -> None:
    assert score_assessment(SERAF, [ItemAnswer(CODES[group][0], timing)]) == points


@pytest.mark.parametrize(
    ("given", "score", "category"),
    [
        pytest.param(answers(), 0, RiskCategory.NOT_AT_RISK, id="nothing-0"),
        pytest.param(answers(v=5), 5, RiskCategory.NOT_AT_RISK, id="5-not-at-risk"),
        pytest.param(answers(v=6), 6, RiskCategory.MILD, id="6-mild"),
        pytest.param(answers(v=8, m=2), 10, RiskCategory.MILD, id="10-mild"),
        pytest.param(answers(v=8, m=3), 11, RiskCategory.MODERATE, id="11-moderate"),
        pytest.param(answers(v=8, m=7), 15, RiskCategory.MODERATE, id="15-moderate"),
        pytest.param(answers(v=8, m=8), 16, RiskCategory.SIGNIFICANT, id="16-significant"),
        pytest.param(answers(s=(R,)), 5, RiskCategory.NOT_AT_RISK, id="one-significant-recent-5"),
        pytest.param(answers(s=(B,)), 6, RiskCategory.MILD, id="one-significant-both-6"),
        pytest.param(answers(s=(R, P, B)), 12, RiskCategory.MODERATE, id="significant-5-1-6"),
        pytest.param(answers(v=8, m=10, s=(B,) * 8), 66, RiskCategory.SIGNIFICANT, id="maximum-66"),
    ],
)
def test_seraf_totals_and_bands(
    given: list[ItemAnswer], score: int, category: RiskCategory
) -> None:
    assert score_assessment(SERAF, given) == score
    assert band_for_score(SERAF, score).category is category


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param([ItemAnswer("nope", R)], "no item 'nope'", id="unknown-item"),
        pytest.param(
            [ItemAnswer("m_gifts", R), ItemAnswer("m_gifts", B)], "more than once", id="duplicate"
        ),
    ],
)
def test_score_rejects_bad_answers(given: list[ItemAnswer], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        score_assessment(SERAF, given)


@pytest.mark.parametrize(
    ("score", "label", "category"),
    [
        pytest.param(0, "No category", RiskCategory.NOT_AT_RISK, id="none"),
        pytest.param(1, "Category 1", RiskCategory.MILD, id="cat-1"),
        pytest.param(2, "Category 2", RiskCategory.MODERATE, id="cat-2"),
        pytest.param(3, "Category 3", RiskCategory.SIGNIFICANT, id="cat-3"),
    ],
)
def test_london_categories(score: int, label: str, category: RiskCategory) -> None:
    instrument = london_instrument()
    assert (instrument.code, instrument.kind, instrument.items) == ("london", "judgement", ())
    band = band_for_score(instrument, score)
    assert (band.label, band.category) == (label, category)


@pytest.mark.parametrize(
    ("instrument_code", "score"),
    [pytest.param("london", 4, id="london-4"), pytest.param("seraf", -1, id="seraf-negative")],
)
def test_no_band_is_an_error(instrument_code: str, score: int) -> None:
    instrument = london_instrument() if instrument_code == "london" else SERAF
    with pytest.raises(ValueError, match="no band"):
        band_for_score(instrument, score)


def a(
    id_: int,
    on: date,
    category: RiskCategory = RiskCategory.MILD,
    *,
    confirmed: bool = True,
    supersedes: int | None = None,
) -> AssessmentRecord:
    return AssessmentRecord(id_, on, category, None, confirmed, supersedes)


D1, D2, D3 = date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10)


@pytest.mark.parametrize(
    ("records", "current_id"),
    [
        pytest.param([], None, id="none"),
        pytest.param([a(1, D1, confirmed=False)], None, id="only-unconfirmed"),
        pytest.param([a(1, D1), a(2, D2)], 2, id="latest-date"),
        pytest.param([a(2, D2), a(1, D1)], 2, id="input-order-irrelevant"),
        pytest.param([a(1, D1), a(2, D2, confirmed=False)], 1, id="unconfirmed-latest-ignored"),
        pytest.param([a(5, D2), a(4, D2)], 5, id="same-date-higher-id"),
        pytest.param([a(1, D2), a(2, D1, supersedes=1)], 2, id="confirmed-correction-replaces"),
        pytest.param(
            [a(1, D2), a(2, D2, confirmed=False, supersedes=1)],
            1,
            id="pending-correction-keeps-original",
        ),
    ],
)
def test_current_assessment(records: list[AssessmentRecord], current_id: int | None) -> None:
    current = current_assessment(records)
    assert (None if current is None else current.id) == current_id


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        pytest.param(None, RiskCategory.MILD, Trend.FIRST, id="first"),
        pytest.param(RiskCategory.MILD, RiskCategory.MODERATE, Trend.ESCALATED, id="up"),
        pytest.param(
            RiskCategory.SIGNIFICANT, RiskCategory.NOT_AT_RISK, Trend.DE_ESCALATED, id="down"
        ),
        pytest.param(RiskCategory.MODERATE, RiskCategory.MODERATE, Trend.UNCHANGED, id="same"),
    ],
)
def test_trend(previous: RiskCategory | None, current: RiskCategory, expected: Trend) -> None:
    assert trend(previous, current) is expected


def test_trajectory_orders_and_compares_categories_not_scores() -> None:
    records = [
        AssessmentRecord(3, D3, RiskCategory.MODERATE, 12, True),
        AssessmentRecord(1, D1, RiskCategory.MILD, 6, True),
        AssessmentRecord(2, D2, RiskCategory.MILD, 10, True),  # score up, same band
        AssessmentRecord(9, D2, RiskCategory.SIGNIFICANT, 30, False),  # unconfirmed
    ]
    assert [(r.id, t) for r, t in trajectory(records)] == [
        (1, Trend.FIRST),
        (2, Trend.UNCHANGED),
        (3, Trend.ESCALATED),
    ]


@pytest.mark.parametrize(
    ("records", "due"),
    [
        pytest.param([], None, id="no-assessment"),
        pytest.param([a(1, D1)], date(2026, 4, 10), id="first-plus-90"),
        pytest.param(
            [a(1, D1, RiskCategory.MILD), a(2, D2, RiskCategory.SIGNIFICANT)],
            date(2026, 3, 10),
            id="escalated-plus-28",
        ),
        pytest.param(
            [a(1, D1, RiskCategory.SIGNIFICANT), a(2, D2, RiskCategory.MILD)],
            date(2026, 5, 11),
            id="de-escalated-plus-90",
        ),
        pytest.param([a(1, D1), a(2, D2)], date(2026, 5, 11), id="unchanged-plus-90"),
    ],
)
def test_review_due(records: list[AssessmentRecord], due: date | None) -> None:
    assert review_due(records, T) == due


def test_review_due_uses_configured_intervals() -> None:
    custom = Thresholds(review_interval_days=60, review_after_escalation_days=14)
    assert review_due([a(1, D1)], custom) == date(2026, 3, 11)
    up = [a(1, D1, RiskCategory.MILD), a(2, D2, RiskCategory.MODERATE)]
    assert review_due(up, custom) == date(2026, 2, 24)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        pytest.param(date(2026, 4, 9), False, id="day-before-due"),
        pytest.param(date(2026, 4, 10), False, id="due-today-not-overdue"),
        pytest.param(date(2026, 4, 11), True, id="day-after-due"),
    ],
)
def test_review_overdue(today: date, overdue: bool) -> None:
    assert review_overdue([a(1, D1)], today, T) is overdue


def test_no_assessment_is_not_overdue() -> None:
    assert review_overdue([], date(2030, 1, 1), T) is False
