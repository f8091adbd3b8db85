"""CSE risk rules: instrument scoring and bands, the current assessment, trajectory and reviews."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from desktop.domain.enums import InstrumentKind, ItemTiming, RiskCategory, Trend
from desktop.domain.records import (
    AssessmentRecord,
    Instrument,
    InstrumentBand,
    InstrumentItem,
    ItemAnswer,
)
from desktop.domain.thresholds import Thresholds


def score_assessment(instrument: Instrument, answers: Iterable[ItemAnswer]) -> int:
    """Total of the item weights for each answer's timing; ABSENT scores 0.

    Raises ValueError for an item the instrument does not have, or an item answered twice
    (a double count would silently move the band).
    """
    items = {item.code: item for item in instrument.items}
    seen: set[str] = set()
    total = 0
    for answer in answers:
        item = items.get(answer.item_code)
        if item is None:
            raise ValueError(f"{instrument.code!r} has no item {answer.item_code!r}")
        if answer.item_code in seen:
            raise ValueError(f"item {answer.item_code!r} answered more than once")
        seen.add(answer.item_code)
        total += _weight(item, answer.timing)
    return total


def _weight(item: InstrumentItem, timing: ItemTiming) -> int:
    if timing is ItemTiming.RECENT:
        return item.weight_recent
    if timing is ItemTiming.PAST:
        return item.weight_past
    if timing is ItemTiming.BOTH:
        return item.weight_both
    return 0


def band_for_score(instrument: Instrument, score: int) -> InstrumentBand:
    """The band whose inclusive range holds `score`; ValueError when none does."""
    for band in instrument.bands:
        if band.min_score <= score and (band.max_score is None or score <= band.max_score):
            return band
    raise ValueError(f"instrument {instrument.code!r} has no band for score {score}")


# Vulnerabilities are circumstances, not time-limited indicators: one point whichever timing
# was ticked, so a vulnerability answered "6-12 months ago" is not lost (weights 1/1/1).
_WEIGHTS: dict[str, tuple[int, int, int]] = {
    "vulnerability": (1, 1, 1),
    "moderate": (1, 0, 1),  # counts only when present now or in the past 6 months
    "significant": (5, 1, 6),  # 5 recent, 1 for 6-12 months ago only, 6 for both
}

_SERAF_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "vulnerability": (
        ("v_abuse_history", "History of abuse or neglect"),
        ("v_domestic_abuse", "Domestic abuse in the family"),
        ("v_family_breakdown", "Family breakdown or disrupted family life"),
        ("v_looked_after", "Looked after or leaving care"),
        ("v_learning_disability", "Learning disability or difficulty"),
        ("v_mental_health", "Mental health needs or low self-esteem"),
        ("v_parental_substance", "Parental substance misuse"),
        ("v_isolation", "Isolated from peers or social networks"),
    ),
    "moderate": (
        ("m_missing", "Going missing"),
        ("m_school", "Truanting, exclusion or disengagement from education"),
        ("m_older_associates", "Associating with older young people or adults"),
        ("m_gifts", "Unexplained gifts or money"),
        ("m_phone", "Phone or SIM card from an unknown source"),
        ("m_substances", "Misusing drugs or alcohol"),
        ("m_self_harm", "Self-harm or thoughts of suicide"),
        ("m_behaviour", "Marked change in appearance, behaviour or mood"),
        ("m_sexual_health", "Repeat sexual health concerns or emergency contraception"),
        ("m_online", "Risky online activity or contact with unknown adults online"),
    ),
    "significant": (
        ("s_older_partner", "Older boyfriend/girlfriend"),
        ("s_sti", "Sexually transmitted infection"),
        ("s_pregnancy", "Pregnancy or termination"),
        ("s_groomed_online", "Being groomed online"),
        ("s_persistent_missing", "Persistently missing or staying out overnight"),
        ("s_vehicles", "Seen entering or leaving cars driven by unknown adults"),
        ("s_parties", "Taken to parties, houses or hotels by adults"),
        ("s_assault", "Disclosure of sexual or physical assault"),
    ),
}


def seraf_instrument() -> Instrument:
    """The default SERAF-style instrument as data: 8 vulnerabilities, 10 moderate, 8 significant."""
    return Instrument(
        code="seraf",
        name="SERAF-style CSE risk assessment",
        kind=InstrumentKind.SCORED.value,
        items=tuple(
            InstrumentItem(code, label, group, *_WEIGHTS[group])
            for group, rows in _SERAF_ITEMS.items()
            for code, label in rows
        ),
        bands=(
            InstrumentBand("Not at risk", RiskCategory.NOT_AT_RISK, 0, 5),
            InstrumentBand("Mild", RiskCategory.MILD, 6, 10),
            InstrumentBand("Moderate", RiskCategory.MODERATE, 11, 15),
            InstrumentBand("Significant", RiskCategory.SIGNIFICANT, 16, None),
        ),
    )


def london_instrument() -> Instrument:
    """London CSE protocol: the professional picks a category; its number is the 'score'."""
    return Instrument(
        code="london",
        name="London CSE protocol category",
        kind=InstrumentKind.JUDGEMENT.value,
        items=(),
        bands=(
            InstrumentBand("No category", RiskCategory.NOT_AT_RISK, 0, 0),
            InstrumentBand("Category 1", RiskCategory.MILD, 1, 1),
            InstrumentBand("Category 2", RiskCategory.MODERATE, 2, 2),
            InstrumentBand("Category 3", RiskCategory.SIGNIFICANT, 3, 3),
        ),
    )


def _order(a: AssessmentRecord) -> tuple[date, int]:
    return a.assessed_on, a.id


def effective_assessments(assessments: Sequence[AssessmentRecord]) -> list[AssessmentRecord]:
    """Confirmed, non-superseded assessments, oldest first (by assessed_on, then id).

    Only a confirmed correction supersedes: while a correction awaits the manager, the original
    stays the current risk rather than the young person showing no risk at all.
    """
    superseded = {a.supersedes_id for a in assessments if a.confirmed}
    kept = [a for a in assessments if a.confirmed and a.id not in superseded]
    kept.sort(key=_order)
    return kept


def current_assessment(assessments: Sequence[AssessmentRecord]) -> AssessmentRecord | None:
    """The latest confirmed, non-superseded assessment; None when there is none."""
    kept = effective_assessments(assessments)
    return kept[-1] if kept else None


def trend(previous: RiskCategory | None, current: RiskCategory) -> Trend:
    """Direction by category severity; FIRST when there is no previous assessment."""
    if previous is None:
        return Trend.FIRST
    if current.value > previous.value:
        return Trend.ESCALATED
    if current.value < previous.value:
        return Trend.DE_ESCALATED
    return Trend.UNCHANGED


def trajectory(assessments: Sequence[AssessmentRecord]) -> list[tuple[AssessmentRecord, Trend]]:
    """Effective assessments oldest first, each with its trend against the one before.

    Trend is by category only: a score moving inside a band is not an escalation (DOMAIN.md
    compares categories; the chart shows scores).
    """
    result: list[tuple[AssessmentRecord, Trend]] = []
    previous: RiskCategory | None = None
    for a in effective_assessments(assessments):
        result.append((a, trend(previous, a.category)))
        previous = a.category
    return result


def review_due(assessments: Sequence[AssessmentRecord], thresholds: Thresholds) -> date | None:
    """Current assessment date + the review interval, or + the shorter one after an escalation."""
    return review_due_for(trajectory(assessments), thresholds)


def review_due_for(
    steps: Sequence[tuple[AssessmentRecord, Trend]], thresholds: Thresholds
) -> date | None:
    """review_due over an already computed trajectory (saves re-sorting on caseload load)."""
    if not steps:
        return None
    current, direction = steps[-1]
    days = (
        thresholds.review_after_escalation_days
        if direction is Trend.ESCALATED
        else thresholds.review_interval_days
    )
    return current.assessed_on + timedelta(days=days)


def review_overdue(
    assessments: Sequence[AssessmentRecord], today: date, thresholds: Thresholds
) -> bool:
    """Overdue when today is after the due date (due today is not overdue); no assessment: False."""
    due = review_due(assessments, thresholds)
    return due is not None and today > due
