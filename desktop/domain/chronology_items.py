"""Chronology items derived from risk assessments and placements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from desktop.domain.chronology_records import CONTINUED_REC, _Dated, _derived, _order, source
from desktop.domain.enums import ChronologyCategory, Trend
from desktop.domain.ssda903 import (
    LS_DESCRIPTIONS,
    PLACE_DESCRIPTIONS,
    REASON_PLACE_CHANGE_DESCRIPTIONS,
    REC_DESCRIPTIONS,
    describe,
)
from desktop.domain.workspace import AssessmentView, PlacementView

_TREND_WORDS = {
    Trend.ESCALATED: "escalated",
    Trend.DE_ESCALATED: "de-escalated",
    Trend.UNCHANGED: "unchanged",
    Trend.FIRST: "first assessment",
}


def assessment_description(a: AssessmentView) -> str:
    """'Risk assessment: Moderate (score 12), escalated'; judgement instruments show the band."""
    detail = a.band_label if a.score is None else f"score {a.score}"
    text = f"Risk assessment: {a.category.label}"
    if detail and detail != a.category.label:
        text += f" ({detail})"
    if a.category is not a.computed_category:
        text += f", professional override from {a.computed_category.label}"
    if a.trend is not None:
        text += f", {_TREND_WORDS[a.trend]}"
    if not a.confirmed:
        text += ", awaiting manager confirmation"
    return text


def _assessment_items(assessments: Iterable[AssessmentView], dob: date | None) -> Iterable[_Dated]:
    for a in assessments:
        if a.superseded_by_id is not None:
            continue  # a confirmed correction replaced it; the correction is listed instead
        item = _derived(
            f"assessment:{a.id}",
            a.assessed_on,
            ChronologyCategory.RISK_ASSESSMENT,
            source(a.assessor_agency, a.assessor),
            assessment_description(a),
            dob=dob,
            linked_kind="assessment",
            linked_id=a.id,
            significant=a.trend is not Trend.UNCHANGED,
            analysis=a.rationale,
            author=a.assessor,
            recorded_at=a.recorded_at,
        )
        yield _Dated(_order("assessment", a.assessed_on, None, a.id), item)


def _placement_source(p: PlacementView) -> str:
    return source("Placement record", p.provider)


def _counted_note(p: PlacementView) -> str:
    if p.counted:
        return ""
    if p.ls in ("V3", "V4"):
        return " (short break, not counted as a placement)"
    return " (temporary, not counted as a placement)"


def placement_start_description(p: PlacementView, previous: PlacementView | None) -> str:
    place = describe(PLACE_DESCRIPTIONS, p.place)
    legal = describe(LS_DESCRIPTIONS, p.ls)
    if p.rne == "S":
        text = f"Became looked after: {place}, legal status {legal}"
    elif p.rne == "L":
        text = f"Legal status changed to {legal}"
    elif p.rne in ("B", "U"):
        text = f"Placement change: {place}, legal status changed to {legal}"
    else:
        text = f"Placement change: {place}"
    reason = previous.reason_place_change if previous is not None else None
    if reason and p.rne != "S":
        text += f"; reason: {describe(REASON_PLACE_CHANGE_DESCRIPTIONS, reason)}"
    if p.provider and p.rne != "L":
        text += f"; provider {p.provider}"
    return text + _counted_note(p)


def _placement_items(placements: Sequence[PlacementView], dob: date | None) -> Iterable[_Dated]:
    ordered = sorted(placements, key=lambda p: (p.decom, p.id))
    starts = {p.decom for p in ordered}
    previous: PlacementView | None = None
    for p in ordered:
        prev = previous if previous is not None and previous.dec is not None else None
        item = _derived(
            f"placement:{p.id}",
            p.decom,
            ChronologyCategory.PLACEMENT_CHANGE,
            _placement_source(p),
            placement_start_description(p, prev),
            dob=dob,
            linked_kind="placement",
            linked_id=p.id,
            significant=p.counted,
            end_date=p.dec,
        )
        yield _Dated(_order("placement", p.decom, None, p.id), item)
        previous = p
        # An episode ending with no successor that day ends care (or a spell of it).
        if p.dec is not None and p.rec != CONTINUED_REC and p.dec not in starts:
            ended = f"Ceased to be looked after: {describe(REC_DESCRIPTIONS, p.rec)}"
            if p.reason_place_change:
                ended += f"; {describe(REASON_PLACE_CHANGE_DESCRIPTIONS, p.reason_place_change)}"
            end_item = _derived(
                f"placement-end:{p.id}",
                p.dec,
                ChronologyCategory.PLACEMENT_CHANGE,
                _placement_source(p),
                ended,
                dob=dob,
                linked_kind="placement",
                linked_id=p.id,
                significant=p.counted,
            )
            yield _Dated(_order("placement-end", p.dec, None, p.id), end_item)
