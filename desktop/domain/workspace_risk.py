"""The risk part of the person workspace: assessments, their answers and the risk series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain.enums import ItemTiming, RiskCategory, Trend
from desktop.domain.records import InstrumentBand


@dataclass(frozen=True, slots=True)
class AnswerView:
    item_code: str
    item_label: str
    group: str
    timing: ItemTiming


@dataclass(frozen=True, slots=True)
class AssessmentView:
    id: int
    instrument_code: str
    instrument_name: str
    assessed_on: date
    score: int | None
    band_label: str
    computed_category: RiskCategory
    category: RiskCategory  # after any professional override
    override_reason: str | None
    assessor: str
    rationale: str
    young_person_words: str
    confirmed: bool
    confirmed_by: str | None
    confirmed_at: datetime | None
    supersedes_id: int | None
    superseded_by_id: int | None  # a later correction replaced this one
    recorded_at: datetime | None
    trend: Trend | None  # against the previous assessment on the trajectory
    answers: tuple[AnswerView, ...]
    assessor_agency: str = ""  # the chronology's source is "agency — person"


@dataclass(frozen=True, slots=True)
class RiskPoint:
    on: date
    score: int | None  # None for judgement instruments (London categories)
    category: RiskCategory
    assessment_id: int


@dataclass(frozen=True, slots=True)
class WeekCount:
    week_start: date  # Monday
    count: int


@dataclass(frozen=True, slots=True)
class RiskSeries:
    """The trajectory as the on-screen chart and the PDF chart both draw it."""

    points: tuple[RiskPoint, ...]  # confirmed, not superseded, oldest first
    bands: tuple[InstrumentBand, ...]  # of the default scored instrument, lowest first
    missing_starts: tuple[date, ...]
    placement_moves: tuple[date, ...]  # starts of new placements (domain definition)
    contacts_per_week: tuple[WeekCount, ...]  # successful key-person contacts
    review_due: date | None
    today: date

    # Chart geometry shared by the on-screen chart and the PDF chart (added by the risk panel):
    # scores are whole numbers, so a band covers min - 0.5 .. max + 0.5 and points sit inside.

    def band_extent(self, band: InstrumentBand) -> tuple[float, float]:
        """The score range a band is shaded over; the open top band reaches ``y_top``."""
        low = max(0.0, band.min_score - 0.5)
        high = self.y_top if band.max_score is None else band.max_score + 0.5
        return low, high

    @property
    def y_top(self) -> float:
        """Top of the score axis: the open top band as tall as the one below, or the top score."""
        if not self.bands:
            scores = [p.score for p in self.points if p.score is not None]
            return float(max(scores, default=20)) + 1.5
        last = self.bands[-1]
        width = 5
        if len(self.bands) > 1 and self.bands[-2].max_score is not None:
            width = self.bands[-2].max_score - self.bands[-2].min_score + 1
        top = last.min_score + width if last.max_score is None else last.max_score
        scores = [p.score for p in self.points if p.score is not None]
        return float(max([top, *(s + 1 for s in scores)])) + 0.5

    def plotted_score(self, point: RiskPoint) -> float:
        """Where a point is drawn: its score, or its category band's midpoint when it has none
        (judgement instruments such as the London categories)."""
        if point.score is not None:
            return float(point.score)
        for band in self.bands:
            if band.category is point.category:
                low, high = self.band_extent(band)
                return (low + high) / 2
        return point.category.value * 5 + 2.5

    def band_of(self, point: RiskPoint) -> InstrumentBand | None:
        """The band of the default instrument a point's category falls in."""
        return next((b for b in self.bands if b.category is point.category), None)
