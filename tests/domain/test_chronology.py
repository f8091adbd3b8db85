"""The chronology: derived items, ages, newest-first order with tie-breaks, and the filter."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from desktop.domain.chronology import (
    ChronologyFilter,
    EntryRecord,
    MeetingDecision,
    age_at,
    assessment_description,
    build_chronology,
    filter_chronology,
)
from desktop.domain.enums import (
    ChronologyCategory,
    ContactKind,
    ContactWith,
    DatePrecision,
    MeetingOutcome,
    MissingKind,
    PoliceRiskGrade,
    RiskCategory,
    Trend,
)
from desktop.domain.workspace import (
    AssessmentView,
    ChronologyItem,
    ContactView,
    MissingView,
    PlacementView,
    ReturnInterviewView,
)

C = ChronologyCategory
DOB = date(2010, 5, 1)


def entry(id_: int, on: date, **kw: Any) -> EntryRecord:
    values: dict[str, Any] = {
        "id": id_,
        "event_date": on,
        "precision": DatePrecision.EXACT,
        "end_date": None,
        "category": C.POLICE,
        "source_agency": "Police",
        "source_person": "PC Jones",
        "description": f"Entry {id_}",
        "analysis": "",
        "significant": False,
        "author": "Sam Worker",
        "recorded_at": None,
        "linked_kind": None,
        "linked_id": None,
        "version": 1,
    }
    values.update(kw)
    return EntryRecord(**values)


def assessment(id_: int, on: date, **kw: Any) -> AssessmentView:
    values: dict[str, Any] = {
        "id": id_,
        "instrument_code": "seraf",
        "instrument_name": "SERAF",
        "assessed_on": on,
        "score": 12,
        "band_label": "Moderate",
        "computed_category": RiskCategory.MODERATE,
        "category": RiskCategory.MODERATE,
        "override_reason": None,
        "assessor": "Sam Worker",
        "rationale": "Going missing more often",
        "young_person_words": "",
        "confirmed": True,
        "confirmed_by": "Mo Manager",
        "confirmed_at": None,
        "supersedes_id": None,
        "superseded_by_id": None,
        "recorded_at": None,
        "trend": Trend.ESCALATED,
        "answers": (),
        "assessor_agency": "Children's Social Care",
    }
    values.update(kw)
    return AssessmentView(**values)


def placement(id_: int, decom: date, rne: str, **kw: Any) -> PlacementView:
    values: dict[str, Any] = {
        "id": id_,
        "decom": decom,
        "rne": rne,
        "rne_label": "",
        "ls": "C2",
        "ls_label": "",
        "place": "U4",
        "place_label": "",
        "provider": "",
        "dec": None,
        "rec": None,
        "rec_label": None,
        "reason_place_change": None,
        "reason_place_change_label": None,
        "home_postcode": None,
        "placement_postcode": None,
        "distance_miles": None,
        "out_of_area": None,
        "urn": None,
        "counted": True,
        "starts_placement": True,
        "version": 1,
    }
    values.update(kw)
    return PlacementView(**values)


NO_RHI = ReturnInterviewView(None, None, None, None, None, "", "", None)


def missing(id_: int, start: datetime, end: datetime | None, **kw: Any) -> MissingView:
    values: dict[str, Any] = {
        "id": id_,
        "kind": MissingKind.MISSING,
        "started_at": start,
        "ended_at": end,
        "police_risk_grade": PoliceRiskGrade.MEDIUM,
        "reported_by": "Foster carer",
        "where_found": "",
        "found_with": "",
        "notes": "",
        "rhi": NO_RHI,
        "rhi_due": None,
        "rhi_overdue": False,
        "version": 1,
    }
    values.update(kw)
    return MissingView(**values)


def meeting(cohort_id: int, held: date, **kw: Any) -> MeetingDecision:
    values: dict[str, Any] = {
        "cohort_id": cohort_id,
        "meeting_id": 100 + cohort_id,
        "title": "MACSE meeting",
        "held_on": held,
        "status": "held",
        "chair": "Chris Chair",
        "reason": "",
        "category_agreed": RiskCategory.MODERATE,
        "outcome": MeetingOutcome.CONTINUE,
        "decision": "Keep under review",
        "next_review_on": None,
    }
    values.update(kw)
    return MeetingDecision(**values)


def contact(id_: int, at: datetime, significant: bool = True) -> ContactView:
    return ContactView(
        id=id_,
        occurred_at=at,
        kind=ContactKind.FACE_TO_FACE,
        duration_minutes=30,
        out_of_hours=False,
        successful=True,
        initiated_by="worker",
        location="Cafe",
        with_whom=ContactWith.YOUNG_PERSON,
        worker="Kim Key",
        summary="Talked about school",
        young_person_said="I'm fine",
        significant=significant,
        version=1,
        worker_agency="Children's Social Care",
    )


def keys(items: tuple[ChronologyItem, ...]) -> list[str]:
    return [i.key for i in items]


# -- age at the event -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dob", "on", "age"),
    [
        pytest.param(DOB, date(2026, 4, 30), 15, id="day-before-birthday"),
        pytest.param(DOB, date(2026, 5, 1), 16, id="birthday-on-the-event-date"),
        pytest.param(DOB, DOB, 0, id="born-that-day"),
        pytest.param(DOB, date(2010, 4, 30), None, id="before-birth"),
        pytest.param(None, date(2026, 5, 1), None, id="dob-hidden"),
        pytest.param(date(2008, 2, 29), date(2025, 2, 28), 16, id="leap-birthday-not-yet"),
        pytest.param(date(2008, 2, 29), date(2025, 3, 1), 17, id="leap-birthday-1-march"),
    ],
)
def test_age_at_event(dob: date | None, on: date, age: int | None) -> None:
    assert age_at(dob, on) == age


def test_every_item_carries_the_age_on_its_own_date() -> None:
    items = build_chronology(
        dob=DOB, entries=[entry(1, date(2026, 4, 30)), entry(2, date(2026, 5, 1))]
    )
    assert [(i.key, i.age_at_event) for i in items] == [("entry:2", 16), ("entry:1", 15)]


# -- derived items ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        pytest.param({}, "Risk assessment: Moderate (score 12), escalated", id="scored"),
        pytest.param(
            {"trend": Trend.DE_ESCALATED, "category": RiskCategory.MILD, "score": 9,
             "computed_category": RiskCategory.MILD, "band_label": "Mild"},
            "Risk assessment: Mild (score 9), de-escalated",
            id="de-escalated",
        ),
        pytest.param({"trend": Trend.UNCHANGED}, "Risk assessment: Moderate (score 12), unchanged", id="unchanged"),
        pytest.param({"trend": Trend.FIRST}, "Risk assessment: Moderate (score 12), first assessment", id="first"),
        pytest.param(
            {"score": None, "band_label": "Category 2", "trend": None, "confirmed": False},
            "Risk assessment: Moderate (Category 2), awaiting manager confirmation",
            id="judgement-unconfirmed",
        ),
        pytest.param(
            {"category": RiskCategory.SIGNIFICANT},
            "Risk assessment: Significant (score 12), professional override from Moderate, escalated",
            id="override",
        ),
    ],
)  # fmt: skip
def test_assessment_description(changes: dict[str, Any], text: str) -> None:
    assert assessment_description(assessment(1, date(2026, 1, 5), **changes)) == text


def test_assessment_items_skip_superseded_and_unchanged_is_not_significant() -> None:
    items = build_chronology(
        dob=DOB,
        assessments=[
            assessment(1, date(2026, 1, 5), superseded_by_id=2),
            assessment(2, date(2026, 1, 6), trend=Trend.UNCHANGED, supersedes_id=1),
        ],
    )
    (item,) = items
    assert item.key == "assessment:2" and item.category is C.RISK_ASSESSMENT
    assert not item.significant
    assert item.source == "Children's Social Care — Sam Worker"
    assert item.analysis == "Going missing more often"
    assert (item.linked_kind, item.linked_id, item.entry_id) == ("assessment", 2, None)


def test_placement_items_with_code_descriptions_and_end_of_care() -> None:
    eps = [
        placement(1, date(2025, 1, 1), "S", place="K2", dec=date(2025, 3, 1), rec="X1",
                  reason_place_change="CREQB"),
        placement(2, date(2025, 3, 1), "P", dec=date(2025, 4, 1), rec="X1"),
        placement(3, date(2025, 4, 1), "L", ls="V2", dec=date(2025, 6, 1), rec="E13",
                  starts_placement=False),
        placement(4, date(2025, 9, 1), "S", ls="V3", place="U4", counted=False),
    ]  # fmt: skip
    items = {i.key: i for i in build_chronology(dob=DOB, placements=eps)}
    assert set(items) == {
        "placement:1",
        "placement:2",
        "placement:3",
        "placement-end:3",
        "placement:4",
    }  # an X1 end continues into the next episode: no end item
    assert items["placement:1"].description == (
        "Became looked after: K2 (Children's home), legal status C2 (Full care order)"
    )
    assert items["placement:2"].description == (
        "Placement change: U4 (Foster placement with other foster carer(s), long term); "
        "reason: CREQB (Carer(s) requested placement end due to child's behaviour)"
    )
    assert items["placement:3"].description == (
        "Legal status changed to V2 (Single period of accommodation under section 20)"
    )
    end = items["placement-end:3"]
    assert end.event_date == date(2025, 6, 1) and end.significant
    assert end.description.startswith("Ceased to be looked after: E13 (Left care to live")
    assert items["placement:4"].description.endswith("(short break, not counted as a placement)")
    assert not items["placement:4"].significant  # short breaks are not placement moves
    assert all(i.category is C.PLACEMENT_CHANGE for i in items.values())


def test_missing_open_episode_and_return_interview_as_its_own_item() -> None:
    found = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    done = ReturnInterviewView(5, None, True, None, datetime(2026, 3, 4, 15, tzinfo=UTC),
                               "Rhi Worker", "Met an older man at the station", 1)  # fmt: skip
    items = build_chronology(
        dob=DOB,
        missing=[
            missing(1, datetime(2026, 3, 1, 21, 0, tzinfo=UTC), found, rhi=done,
                    where_found="bus station", found_with="friends"),
            missing(2, datetime(2026, 3, 10, 22, 0, tzinfo=UTC), None),
        ],
    )  # fmt: skip
    by_key = {i.key: i for i in items}
    assert keys(items) == ["missing:2", "rhi:1", "missing:1"]
    assert by_key["missing:2"].description.endswith("not yet found; police risk: medium")
    assert by_key["missing:2"].end_date is None
    first = by_key["missing:1"]
    assert (first.event_date, first.end_date) == (date(2026, 3, 1), date(2026, 3, 2))
    assert "found at bus station with friends" in first.description
    assert first.source == "Missing episode — reported by Foster carer"
    rhi = by_key["rhi:1"]
    assert rhi.category is C.RETURN_INTERVIEW and rhi.event_date == date(2026, 3, 4)
    assert rhi.significant and "older man" in rhi.description


def test_missing_is_dated_by_the_uk_calendar() -> None:
    # 23:30 UTC on 30 June is 00:30 BST on 1 July
    (item,) = build_chronology(
        dob=DOB, missing=[missing(1, datetime(2026, 6, 30, 23, 30, tzinfo=UTC), None)]
    )
    assert item.event_date == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("changes", "listed"),
    [
        pytest.param({}, True, id="held-with-decision"),
        pytest.param({"status": "planned"}, False, id="planned-meeting"),
        pytest.param({"decision": " ", "category_agreed": None}, False, id="nothing-decided"),
        pytest.param({"decision": "", "outcome": None}, True, id="category-only"),
    ],
)
def test_meeting_decisions(changes: dict[str, Any], listed: bool) -> None:
    items = build_chronology(dob=DOB, meetings=[meeting(7, date(2026, 2, 1), **changes)])
    assert [i.key for i in items] == (["meeting:7"] if listed else [])
    if listed:
        assert items[0].category is C.MEETING and items[0].linked_id == 107
        assert "risk category agreed: Moderate" in items[0].description


def test_only_significant_contacts_are_on_the_timeline() -> None:
    at = datetime(2026, 2, 3, 10, tzinfo=UTC)
    items = build_chronology(dob=DOB, contacts=[contact(1, at), contact(2, at, False)])
    (item,) = items
    assert item.key == "contact:1" and item.category is C.KEY_PERSON_CONTACT
    assert item.description == (
        'Face-to-face contact with the young person: Talked about school; young person said: "I\'m fine"'
    )
    assert item.source == "Children's Social Care — Kim Key"


def test_a_linked_hand_written_entry_replaces_the_derived_item() -> None:
    items = build_chronology(
        dob=DOB,
        entries=[entry(9, date(2026, 2, 3), linked_kind="contact", linked_id=1)],
        contacts=[contact(1, datetime(2026, 2, 3, 10, tzinfo=UTC))],
        meetings=[meeting(4, date(2026, 2, 1))],
    )
    assert keys(items) == ["entry:9", "meeting:4"]


# -- order ------------------------------------------------------------------------------------


def test_newest_first_with_a_stable_tie_break() -> None:
    day = date(2026, 2, 3)
    kwargs: dict[str, Any] = {
        "dob": DOB,
        "entries": [entry(2, day), entry(1, day), entry(3, date(2026, 2, 4))],
        "assessments": [assessment(5, day)],
        "meetings": [meeting(6, day)],
        "contacts": [
            contact(7, datetime(2026, 2, 3, 9, tzinfo=UTC)),
            contact(8, datetime(2026, 2, 3, 15, tzinfo=UTC)),
        ],
        "placements": [placement(9, day, "P")],
    }
    items = build_chronology(**kwargs)
    expected = [
        "entry:3",  # the next day
        "contact:8",  # 15:00
        "contact:7",  # 09:00
        "entry:2",  # date only: by kind, then the higher id first
        "entry:1",
        "meeting:6",
        "assessment:5",
        "placement:9",
    ]
    assert keys(items) == expected
    reordered = {k: list(reversed(v)) if isinstance(v, list) else v for k, v in kwargs.items()}
    assert keys(build_chronology(**reordered)) == expected  # input order does not matter


# -- filter -----------------------------------------------------------------------------------


def item(key: str, on: date, **kw: Any) -> ChronologyItem:
    values: dict[str, Any] = {
        "key": key,
        "event_date": on,
        "precision": DatePrecision.EXACT,
        "end_date": None,
        "category": C.POLICE,
        "source": "Police — PC Jones",
        "description": "Found at the bus station",
        "analysis": "Exploitation risk rising",
        "significant": False,
        "author": "",
        "recorded_at": None,
        "age_at_event": 15,
        "linked_kind": None,
        "linked_id": None,
        "entry_id": None,
        "version": None,
    }
    values.update(kw)
    return ChronologyItem(**values)


ITEMS = (
    item("a", date(2026, 3, 31), category=C.HEALTH, significant=True),
    item("b", date(2026, 3, 1), description="School exclusion", source="School — Head"),
    item("c", date(2026, 2, 20), end_date=date(2026, 3, 1), category=C.MISSING_EPISODE),
    item("d", date(2026, 2, 28), analysis=None),
)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        pytest.param(ChronologyFilter(), "abcd", id="empty-matches-all"),
        pytest.param(ChronologyFilter.of(categories=[]), "abcd", id="no-categories-means-all"),
        pytest.param(ChronologyFilter.of(categories=[C.HEALTH, C.MISSING_EPISODE]), "ac", id="categories"),
        pytest.param(ChronologyFilter(significant_only=True), "a", id="significant-only"),
        pytest.param(ChronologyFilter(date_from=date(2026, 3, 1)), "abc", id="from-inclusive-and-spans"),
        pytest.param(ChronologyFilter(date_from=date(2026, 3, 2)), "a", id="from-after-span-end"),
        pytest.param(ChronologyFilter(date_to=date(2026, 3, 1)), "bcd", id="to-inclusive"),
        pytest.param(ChronologyFilter(date_to=date(2026, 2, 19)), "", id="to-before-everything"),
        pytest.param(
            ChronologyFilter(date_from=date(2026, 3, 31), date_to=date(2026, 3, 31)), "a",
            id="single-day",
        ),
        pytest.param(ChronologyFilter(text="  SCHOOL "), "b", id="text-description-casefold"),
        pytest.param(ChronologyFilter(text="head"), "b", id="text-source"),
        pytest.param(ChronologyFilter(text="exploitation risk"), "abc", id="text-analysis"),
        pytest.param(ChronologyFilter(text="station exploitation"), "", id="text-is-a-phrase"),
    ],
)  # fmt: skip
def test_filter(flt: ChronologyFilter, expected: str) -> None:
    assert "".join(keys(filter_chronology(ITEMS, flt))) == expected


def test_filter_keeps_order_and_describes_itself_for_the_audit() -> None:
    flt = ChronologyFilter.of(
        categories=[C.POLICE, C.HEALTH],
        date_from=date(2026, 1, 1),
        significant_only=True,
        text=" bus ",
    )
    assert flt.as_detail() == {
        "categories": ["health", "police"],
        "date_from": "2026-01-01",
        "significant_only": True,
        "text": "bus",
    }
    assert ChronologyFilter().as_detail() == {}
    reversed_items = tuple(reversed(ITEMS))
    assert filter_chronology(reversed_items, ChronologyFilter()) == reversed_items
    assert not replace(flt, text="").is_empty and ChronologyFilter(text="  ").is_empty


def test_the_young_persons_words_are_quoted_once() -> None:
    said = replace(contact(1, datetime(2026, 2, 3, 10, tzinfo=UTC)), young_person_said='"Leave it"')
    (item,) = build_chronology(dob=DOB, contacts=[said])
    assert item.description.endswith('; young person said: "Leave it"')
