"""Recording form checks: every message and its boundary (today allowed, tomorrow refused)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from desktop.domain.commands import (
    AssessmentInput,
    ChronologyEntryInput,
    ContactInput,
    ContactTargetInput,
    EndPlacementInput,
    MissingInput,
    PlacementInput,
    ReturnInterviewInput,
)
from desktop.domain.enums import (
    ChronologyCategory,
    ContactKind,
    ContactWith,
    DatePrecision,
    ItemTiming,
    MissingKind,
    RiskCategory,
)
from desktop.domain.records import MissingEpisodeRecord, PlacementEpisodeRecord
from desktop.domain.risk import london_instrument, seraf_instrument
from desktop.domain.validation import (
    FUTURE_GRACE,
    SupersedeTarget,
    assessment_result,
    validate_assessment,
    validate_chronology_entry,
    validate_contact,
    validate_contact_target,
    validate_end_placement,
    validate_missing,
    validate_placement,
    validate_return_interview,
)

TODAY = date(2026, 3, 10)
TOMORROW = TODAY + timedelta(days=1)
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DOB = date(2010, 6, 1)


def check(errors: dict[str, str], expected: dict[str, str]) -> None:
    """The fields refused are exactly `expected`, each message containing its fragment."""
    assert set(errors) == set(expected), errors
    for field, fragment in expected.items():
        assert fragment in errors[field], (field, errors[field])


# ---------------------------------------------------------------------------------------------
# Chronology
# ---------------------------------------------------------------------------------------------

ENTRY = ChronologyEntryInput(
    young_person_id=1,
    event_date=TODAY,
    precision=DatePrecision.EXACT,
    category=ChronologyCategory.POLICE,
    source_agency="Police",
    source_person="PC Shah",
    description="Found at a party with older males",
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, {}, id="valid-today"),
        pytest.param({"event_date": TOMORROW}, {"event_date": "in the future"}, id="tomorrow"),
        pytest.param(
            {"event_date": TODAY - timedelta(days=3), "end_date": TODAY - timedelta(days=3)},
            {},
            id="same-day-end-ok",
        ),
        pytest.param(
            {"end_date": TODAY - timedelta(days=1)},
            {"end_date": "before the event date"},
            id="end-before-start",
        ),
        pytest.param(
            {"event_date": TODAY - timedelta(days=1), "end_date": TOMORROW},
            {"end_date": "in the future"},
            id="end-in-future",
        ),
        pytest.param({"source_agency": "  "}, {"source_agency": "which agency"}, id="no-source"),
        pytest.param({"description": ""}, {"description": "Describe what happened"}, id="no-fact"),
        pytest.param({"source_person": "x" * 201}, {"source_person": "200 characters"}, id="long"),
        pytest.param({"entry_id": 4, "version": None}, {"version": "Reopen"}, id="edit-no-version"),
        pytest.param({"entry_id": 4, "version": 2}, {}, id="edit"),
    ],
)
def test_chronology_entry(changes: dict[str, Any], expected: dict[str, str]) -> None:
    check(validate_chronology_entry(replace(ENTRY, **changes), TODAY), expected)


# ---------------------------------------------------------------------------------------------
# Risk assessments
# ---------------------------------------------------------------------------------------------

SERAF, LONDON = seraf_instrument(), london_instrument()
SCORED = AssessmentInput(
    young_person_id=1,
    instrument_code="seraf",
    assessed_on=TODAY,
    answers={"m_missing": ItemTiming.RECENT, "s_older_partner": ItemTiming.BOTH},
)
JUDGED = AssessmentInput(
    young_person_id=1,
    instrument_code="london",
    assessed_on=TODAY,
    judged_category=RiskCategory.MODERATE,
)
TARGET = SupersedeTarget(7, 1, date(2026, 1, 5), None)


def test_assessment_result_scores_and_bands() -> None:
    score, band = assessment_result(SERAF, SCORED)
    assert (score, band.category) == (7, RiskCategory.MILD)  # 1 + 6
    score, band = assessment_result(LONDON, JUDGED)
    assert (score, band.label) == (None, "Category 2")


@pytest.mark.parametrize(
    ("base", "changes", "target", "expected"),
    [
        pytest.param(SCORED, {}, None, {}, id="scored-valid-today"),
        pytest.param(JUDGED, {}, None, {}, id="judged-valid"),
        pytest.param(
            SCORED, {"assessed_on": TOMORROW}, None, {"assessed_on": "future"}, id="tomorrow"
        ),
        pytest.param(
            SCORED, {"answers": {"nope": ItemTiming.RECENT}}, None, {"answers": "no item nope"},
            id="unknown-item",
        ),
        pytest.param(
            SCORED, {"judged_category": RiskCategory.MILD}, None,
            {"judged_category": "scored from its items"}, id="scored-with-judgement",
        ),
        pytest.param(
            JUDGED, {"judged_category": None}, None, {"judged_category": "Choose"},
            id="judgement-missing",
        ),
        pytest.param(
            JUDGED, {"answers": {"m_missing": ItemTiming.RECENT}}, None,
            {"answers": "professional judgement"}, id="judgement-with-items",
        ),
        pytest.param(
            SCORED, {"override_category": RiskCategory.SIGNIFICANT}, None,
            {"override_reason": "needs a reason"}, id="override-without-reason",
        ),
        pytest.param(
            SCORED,
            {"override_category": RiskCategory.SIGNIFICANT, "override_reason": "Disclosure"},
            None, {}, id="override-with-reason",
        ),
        pytest.param(
            SCORED, {"override_reason": "because"}, None,
            {"override_category": "Choose the category"}, id="reason-without-override",
        ),
        pytest.param(
            SCORED, {"override_category": RiskCategory.MILD, "override_reason": "same"}, None,
            {"override_category": "same as the assessed category"}, id="override-same",
        ),
        pytest.param(SCORED, {"supersedes_id": 7}, TARGET, {}, id="correction"),
        pytest.param(
            SCORED, {"supersedes_id": 7}, None, {"supersedes_id": "not one of"},
            id="correction-not-found",
        ),
        pytest.param(
            SCORED, {"supersedes_id": 7}, replace(TARGET, young_person_id=2),
            {"supersedes_id": "not one of"}, id="correction-other-person",
        ),
        pytest.param(
            SCORED, {"supersedes_id": 7}, replace(TARGET, superseded_by_id=9),
            {"supersedes_id": "already been corrected"}, id="correction-twice",
        ),
    ],
)  # fmt: skip
def test_assessment(
    base: AssessmentInput,
    changes: dict[str, Any],
    target: SupersedeTarget | None,
    expected: dict[str, str],
) -> None:
    cmd = replace(base, **changes)
    instrument = SERAF if cmd.instrument_code == "seraf" else LONDON
    check(validate_assessment(cmd, instrument, TODAY, target), expected)


def test_assessment_unknown_instrument() -> None:
    errors = validate_assessment(replace(SCORED, instrument_code="x"), None, TODAY)
    check(errors, {"instrument_code": "not available"})


# ---------------------------------------------------------------------------------------------
# Contacts
# ---------------------------------------------------------------------------------------------

CONTACT = ContactInput(
    young_person_id=1,
    occurred_at=NOW,
    kind=ContactKind.FACE_TO_FACE,
    duration_minutes=45,
    with_whom=ContactWith.YOUNG_PERSON,
    summary="Walk and talk",
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, {}, id="now"),
        pytest.param({"occurred_at": NOW + FUTURE_GRACE}, {}, id="clock-skew-allowed"),
        pytest.param(
            {"occurred_at": NOW + FUTURE_GRACE + timedelta(seconds=1)},
            {"occurred_at": "in the future"},
            id="future",
        ),
        pytest.param(
            {"occurred_at": NOW + timedelta(days=1)}, {"occurred_at": "future"}, id="tomorrow"
        ),
        pytest.param({"duration_minutes": None}, {}, id="no-duration"),
        pytest.param({"duration_minutes": 1}, {}, id="one-minute"),
        pytest.param({"duration_minutes": 0}, {"duration_minutes": "more than 0"}, id="zero"),
        pytest.param({"duration_minutes": -5}, {"duration_minutes": "more than 0"}, id="negative"),
        pytest.param({"duration_minutes": 720}, {}, id="twelve-hours"),
        pytest.param({"duration_minutes": 721}, {"duration_minutes": "12 hours"}, id="too-long"),
        pytest.param(
            {"kind": ContactKind.FAILED_ATTEMPT, "duration_minutes": 0, "summary": ""},
            {},
            id="failed-attempt-zero",
        ),
        pytest.param(
            {"kind": ContactKind.FAILED_ATTEMPT, "duration_minutes": -1},
            {"duration_minutes": "negative"},
            id="failed-negative",
        ),
        pytest.param({"summary": " "}, {"summary": "summary"}, id="no-summary"),
        pytest.param({"initiated_by": "x" * 41}, {"initiated_by": "40"}, id="initiated-long"),
        pytest.param({"location": "x" * 201}, {"location": "200"}, id="location-long"),
    ],
)
def test_contact(changes: dict[str, Any], expected: dict[str, str]) -> None:
    check(validate_contact(replace(CONTACT, **changes), NOW), expected)


def test_naive_contact_time_is_uk_wall_clock() -> None:
    # 12:00 UTC is 12:00 in March (GMT); 12:06 naive is 6 minutes ahead: refused
    late = replace(CONTACT, occurred_at=datetime(2026, 3, 10, 12, 6))
    check(validate_contact(late, NOW), {"occurred_at": "future"})


@pytest.mark.parametrize(
    ("days", "expected"),
    [(None, {}), (1, {}), (365, {}), (0, {"target_days": "1 to 365"}),
     (366, {"target_days": "1 to 365"})],
)  # fmt: skip
def test_contact_target(days: int | None, expected: dict[str, str]) -> None:
    check(validate_contact_target(ContactTargetInput(1, days, 1)), expected)


# ---------------------------------------------------------------------------------------------
# Placements
# ---------------------------------------------------------------------------------------------


def ep(
    id_: int,
    decom: date,
    dec: date | None = None,
    *,
    rne: str = "S",
    ls: str = "C2",
    place: str = "U4",
    rec: str | None = None,
    postcode: str | None = "BD1 2AE",
    provider: str | None = "Carers A",
) -> PlacementEpisodeRecord:
    return PlacementEpisodeRecord(
        id_, decom, rne, ls, place, dec, rec, placement_postcode=postcode, provider=provider
    )


OPEN = [ep(1, date(2025, 1, 6))]
D = date(2026, 2, 1)
MOVE = PlacementInput(
    young_person_id=1,
    decom=D,
    rne="P",
    ls="C2",
    place="U4",
    provider="Carers B",
    placement_postcode="LS1 4DY",
    reason_place_change="CARPL",
)
FIRST = PlacementInput(young_person_id=1, decom=D, rne="S", ls="V2", place="U6")


@pytest.mark.parametrize(
    ("cmd", "existing", "expected"),
    [
        pytest.param(FIRST, [], {}, id="first-S"),
        pytest.param(replace(FIRST, decom=TODAY), [], {}, id="today"),
        pytest.param(replace(FIRST, decom=TOMORROW), [], {"decom": "in the future"}, id="tomorrow"),
        pytest.param(
            replace(FIRST, decom=DOB - timedelta(days=1)), [], {"decom": "date of birth"},
            id="before-birth",
        ),
        pytest.param(replace(FIRST, decom=DOB), [], {}, id="on-birth-day"),
        pytest.param(replace(FIRST, rne="P"), [], {"rne": "first episode"}, id="first-not-S"),
        pytest.param(replace(FIRST, rne="Q"), [], {"rne": "'Q' is not a valid"}, id="rne-unknown"),
        pytest.param(replace(FIRST, rne=""), [], {"rne": "Choose"}, id="rne-blank"),
        pytest.param(replace(FIRST, ls="Z9"), [], {"ls": "'Z9'"}, id="ls-unknown"),
        pytest.param(replace(FIRST, place="XX"), [], {"place": "'XX'"}, id="place-unknown"),
        pytest.param(replace(FIRST, rne="s", ls="v2", place="u6"), [], {}, id="lower-case"),
        pytest.param(replace(FIRST, rec="E3"), [], {"rec": "no current episode"}, id="rec-first"),
        pytest.param(
            replace(FIRST, reason_place_change="CARPL"), [],
            {"reason_place_change": "no earlier placement"}, id="rpc-first",
        ),
        pytest.param(
            replace(FIRST, placement_postcode="nonsense"), [],
            {"placement_postcode": "not a full UK postcode"}, id="bad-postcode",
        ),
        pytest.param(
            replace(FIRST, home_postcode="BD1"), [], {"home_postcode": "not a full UK"},
            id="bad-home-postcode",
        ),
        pytest.param(replace(FIRST, urn="123456789"), [], {"urn": "8 characters"}, id="long-urn"),
        pytest.param(MOVE, OPEN, {}, id="P-move"),
        pytest.param(replace(MOVE, rec="X1"), OPEN, {}, id="P-move-X1"),
        pytest.param(
            replace(MOVE, rec="E4A"), OPEN, {"rec": "left care"}, id="P-move-rec-not-X1"
        ),
        pytest.param(
            replace(MOVE, rec="Z99"), OPEN, {"rec": "'Z99' is not a valid"}, id="rec-unknown"
        ),
        pytest.param(
            replace(MOVE, reason_place_change="WHIM"), OPEN,
            {"reason_place_change": "'WHIM' is not a valid"}, id="rpc-unknown",
        ),
        pytest.param(
            replace(MOVE, ls="V2"), OPEN, {"ls": "keep C2 or use B"}, id="P-with-new-LS"
        ),
        pytest.param(
            replace(MOVE, rne="T", ls="V2"), OPEN, {"ls": "keep C2 or use U"}, id="T-with-new-LS"
        ),
        pytest.param(
            replace(MOVE, provider="carers a", placement_postcode="bd12ae"), OPEN,
            {"place": "placement changed, but"}, id="P-nothing-moved",
        ),
        pytest.param(
            replace(MOVE, provider="", placement_postcode=None), OPEN,
            {"place": "placement changed, but"}, id="P-nothing-recorded",
        ),
        pytest.param(
            replace(MOVE, place="K2", provider="", placement_postcode=None), OPEN, {},
            id="P-place-type-changed",
        ),
        pytest.param(
            replace(MOVE, reason_place_change=None), OPEN,
            {"reason_place_change": "Say why the placement changed"}, id="P-needs-reason",
        ),
        pytest.param(
            replace(MOVE, place="T4", reason_place_change=None), OPEN, {},
            id="to-temporary-no-reason",
        ),
        pytest.param(
            replace(MOVE, place="T4"), OPEN,
            {"reason_place_change": "temporary placement"}, id="to-temporary-with-reason",
        ),
        pytest.param(
            replace(MOVE, reason_place_change=None),
            [ep(1, date(2025, 1, 6), place="T1")], {}, id="from-temporary-no-reason",
        ),
        pytest.param(replace(MOVE, rne="B", ls="C1"), OPEN, {}, id="B-both"),
        pytest.param(
            replace(MOVE, rne="B"), OPEN, {"ls": "still C2"}, id="B-same-LS"
        ),
        pytest.param(replace(MOVE, rne="U", ls="E1"), OPEN, {}, id="U-both"),
        pytest.param(
            replace(MOVE, rne="U"), OPEN, {"ls": "or use T"}, id="U-same-LS"
        ),
        pytest.param(
            PlacementInput(1, D, "L", "C1", "U4", provider="Carers A", placement_postcode="BD1 2AE"),
            OPEN, {}, id="L-legal-status-only",
        ),
        pytest.param(
            PlacementInput(1, D, "L", "C2", "U4", provider="Carers A"), OPEN,
            {"ls": "still C2"}, id="L-same-LS",
        ),
        pytest.param(
            PlacementInput(1, D, "L", "C1", "K2"), OPEN,
            {"rne": "L means only the legal status changed"}, id="L-but-moved",
        ),
        pytest.param(
            PlacementInput(1, D, "L", "C1", "U4", reason_place_change="CARPL"), OPEN,
            {"reason_place_change": "only when the placement changes"}, id="L-with-rpc",
        ),
        pytest.param(
            replace(FIRST, rne="S"), OPEN, {"rne": "not looked after the day before"},
            id="S-while-open",
        ),
        pytest.param(
            FIRST, [ep(1, date(2025, 1, 6), D, rec="X1")],
            {"rne": "not looked after the day before"}, id="S-ended-same-day",
        ),
        pytest.param(
            FIRST, [ep(1, date(2025, 1, 6), D - timedelta(days=1), rec="E4A")], {},
            id="S-after-gap",
        ),
        pytest.param(
            replace(FIRST, reason_place_change="CARPL"),
            [ep(1, date(2025, 1, 6), D - timedelta(days=1), rec="E4A")],
            {"reason_place_change": "only when the placement changes"}, id="S-with-rpc",
        ),
        pytest.param(
            MOVE, [ep(1, date(2025, 1, 6), D - timedelta(days=1), rec="E4A")],
            {"rne": "must be S"}, id="P-after-gap",
        ),
        pytest.param(
            MOVE, [ep(1, date(2025, 1, 6), D, rec="X1")], {}, id="P-after-X1-same-day",
        ),
        pytest.param(
            MOVE, [ep(1, date(2025, 1, 6), D, rec="E4A")], {"rne": "left care"},
            id="P-after-leaving-care-same-day",
        ),
        pytest.param(
            replace(MOVE, rec="X1"), [ep(1, date(2025, 1, 6), D - timedelta(days=1), rec="E4A")],
            {"rec": "already ended", "rne": "must be S"}, id="rec-for-ended-episode",
        ),
        pytest.param(
            MOVE, [ep(1, D)], {"decom": "already an episode starting"}, id="same-start",
        ),
        pytest.param(
            MOVE, [ep(1, date(2025, 1, 6), date(2025, 3, 1), rec="X1"), ep(2, TODAY)],
            {"decom": "already an episode starting"}, id="later-episode",
        ),
        pytest.param(
            MOVE, [ep(1, date(2025, 1, 6), TODAY, rec="E4A")],
            {"decom": "before the current episode ended"}, id="overlaps-closed",
        ),
        pytest.param(
            MOVE, [ep(1, date(2024, 1, 6)), ep(2, date(2025, 1, 6))],
            {"decom": "falls inside the episode"}, id="overlaps-older-open",
        ),
        pytest.param(
            PlacementInput(1, D, "P", "V3", "U4", provider="Respite carers",
                           reason_place_change="CARPL"),
            [ep(1, date(2025, 1, 6), ls="V3")],
            {"rne": "short break"}, id="V3-not-S",
        ),
        pytest.param(
            PlacementInput(1, D, "S", "V3", "U4"),
            [ep(1, date(2025, 1, 6), date(2025, 1, 9), ls="V3", rec="E8")], {}, id="V3-S",
        ),
        pytest.param(
            PlacementInput(1, D, "S", "V4", "U4", placement_postcode="BD1 2AE", urn="SC1"), [],
            {"placement_postcode": "Short breaks", "urn": "Short breaks"}, id="V4-postcode",
        ),
    ],
)  # fmt: skip
def test_placement(
    cmd: PlacementInput, existing: list[PlacementEpisodeRecord], expected: dict[str, str]
) -> None:
    check(validate_placement(cmd, existing, DOB, TODAY), expected)


EPISODE = ep(1, date(2025, 1, 6))
END = EndPlacementInput(1, 1, 1, dec=TODAY, rec="E4A")


@pytest.mark.parametrize(
    ("cmd", "episode", "expected"),
    [
        pytest.param(END, EPISODE, {}, id="today"),
        pytest.param(replace(END, dec=TOMORROW), EPISODE, {"dec": "in the future"}, id="tomorrow"),
        pytest.param(replace(END, dec=EPISODE.decom), EPISODE, {}, id="same-day"),
        pytest.param(
            replace(END, dec=EPISODE.decom - timedelta(days=1)), EPISODE,
            {"dec": "before the episode started"}, id="before-start",
        ),
        pytest.param(
            END, replace(EPISODE, dec=date(2025, 6, 1)), {"episode_id": "already ended"},
            id="already-ended",
        ),
        pytest.param(replace(END, rec=""), EPISODE, {"rec": "Choose"}, id="no-rec"),
        pytest.param(replace(END, rec="E99"), EPISODE, {"rec": "'E99'"}, id="unknown-rec"),
        pytest.param(replace(END, rec="X1"), EPISODE, {"rec": "record the new episode"}, id="X1"),
        pytest.param(
            replace(END, reason_place_change="CARPL"), EPISODE,
            {"reason_place_change": "moves to a new placement"}, id="rpc",
        ),
        pytest.param(replace(END, rec="E5"), EPISODE, {}, id="independent-at-15"),
        pytest.param(
            replace(END, rec="E5", dec=date(2024, 5, 31)), replace(EPISODE, decom=date(2024, 1, 1)),
            {"rec": "from age 14"}, id="independent-at-13",
        ),
        pytest.param(
            replace(END, rec="E7"), EPISODE, {"rec": "from age 16"}, id="adult-care-at-15",
        ),
        pytest.param(
            replace(END, rec="E5", dec=date(2024, 6, 1)), replace(EPISODE, decom=date(2024, 1, 1)),
            {}, id="independent-on-14th-birthday",
        ),
        pytest.param(
            replace(END, dec=date(2025, 1, 23)), replace(EPISODE, ls="V3"), {}, id="V3-17-days",
        ),
        pytest.param(
            replace(END, dec=date(2025, 1, 24)), replace(EPISODE, ls="V3"),
            {"dec": "at most 17 days"}, id="V3-18-days",
        ),
    ],
)  # fmt: skip
def test_end_placement(
    cmd: EndPlacementInput, episode: PlacementEpisodeRecord, expected: dict[str, str]
) -> None:
    check(validate_end_placement(cmd, episode, DOB, TODAY), expected)


def test_adoption_ends_care_before_18() -> None:
    old = date(2007, 1, 1)  # 19 on TODAY
    errors = validate_end_placement(replace(END, rec="E11"), EPISODE, old, TODAY)
    check(errors, {"rec": "before the 18th birthday"})


# ---------------------------------------------------------------------------------------------
# Missing episodes and return interviews
# ---------------------------------------------------------------------------------------------

START = datetime(2026, 3, 8, 22, 0, tzinfo=UTC)
FOUND = datetime(2026, 3, 9, 9, 30, tzinfo=UTC)
MISSING = MissingInput(1, MissingKind.MISSING, START, FOUND, where_found="Bus station")


def mis(id_: int, start: datetime, end: datetime | None) -> MissingEpisodeRecord:
    return MissingEpisodeRecord(id_, MissingKind.MISSING, start, end)


@pytest.mark.parametrize(
    ("changes", "others", "expected"),
    [
        pytest.param({}, [], {}, id="valid"),
        pytest.param({"ended_at": None, "where_found": ""}, [], {}, id="still-missing"),
        pytest.param({"started_at": NOW, "ended_at": None, "where_found": ""}, [], {}, id="now"),
        pytest.param(
            {"started_at": NOW + timedelta(days=1), "ended_at": None, "where_found": ""}, [],
            {"started_at": "in the future"}, id="start-tomorrow",
        ),
        pytest.param(
            {"ended_at": START - timedelta(minutes=1)}, [], {"ended_at": "before the start"},
            id="found-before-start",
        ),
        pytest.param({"ended_at": START}, [], {}, id="found-at-start"),
        pytest.param(
            {"ended_at": NOW + timedelta(hours=1)}, [], {"ended_at": "in the future"},
            id="found-in-future",
        ),
        pytest.param(
            {"ended_at": None}, [], {"ended_at": "Enter when"}, id="where-found-without-time"
        ),
        pytest.param({"reported_by": "x" * 201}, [], {"reported_by": "200"}, id="long"),
        pytest.param(
            {}, [mis(5, START - timedelta(hours=2), START + timedelta(hours=1))],
            {"started_at": "overlaps the episode"}, id="overlap",
        ),
        pytest.param(
            {}, [mis(5, START - timedelta(hours=2), START)], {}, id="touching-is-fine",
        ),
        pytest.param(
            {}, [mis(5, START - timedelta(days=1), None)],
            {"started_at": "already an open episode"}, id="other-still-open",
        ),
        pytest.param(
            {"episode_id": 5, "version": 2}, [mis(5, START, None)], {}, id="update-skips-itself",
        ),
        pytest.param({"episode_id": 5}, [], {"version": "Reopen"}, id="update-no-version"),
    ],
)  # fmt: skip
def test_missing(
    changes: dict[str, Any], others: list[MissingEpisodeRecord], expected: dict[str, str]
) -> None:
    check(validate_missing(replace(MISSING, **changes), others, NOW), expected)


RETURNED = mis(3, START, FOUND)
RHI = ReturnInterviewInput(
    1, 3, offered_at=FOUND + timedelta(hours=2), accepted=True,
    completed_at=FOUND + timedelta(hours=20), completed_by="J. Adeyemi (RHI worker)",
)  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "episode", "expected"),
    [
        pytest.param({}, RETURNED, {}, id="completed"),
        pytest.param(
            {"offered_at": None, "accepted": None, "completed_at": None, "completed_by": ""},
            RETURNED, {}, id="nothing-yet",
        ),
        pytest.param({}, mis(3, START, None), {"episode_id": "found first"}, id="not-returned"),
        pytest.param(
            {"offered_at": FOUND - timedelta(minutes=1)}, RETURNED,
            {"offered_at": "before the young person returned"}, id="offered-before-return",
        ),
        pytest.param({"offered_at": FOUND}, RETURNED, {}, id="offered-at-return"),
        pytest.param(
            {"offered_at": NOW + timedelta(days=1), "completed_at": None, "completed_by": ""},
            RETURNED, {"offered_at": "in the future"}, id="offered-tomorrow",
        ),
        pytest.param(
            {"completed_at": FOUND - timedelta(hours=1), "offered_at": None, "accepted": None},
            RETURNED, {"completed_at": "before the young person returned"},
            id="completed-before-return",
        ),
        pytest.param(
            {"completed_at": FOUND + timedelta(hours=1)}, RETURNED,
            {"completed_at": "before it was offered"}, id="completed-before-offered",
        ),
        pytest.param(
            {"completed_at": NOW + timedelta(days=1)}, RETURNED,
            {"completed_at": "in the future"}, id="completed-tomorrow",
        ),
        pytest.param({"completed_by": " "}, RETURNED, {"completed_by": "who"}, id="no-by-whom"),
        pytest.param(
            {"completed_at": None}, RETURNED, {"completed_at": "Enter when"}, id="by-whom-only",
        ),
        pytest.param(
            {"accepted": False, "completed_at": None, "completed_by": ""}, RETURNED,
            {"declined_reason": "why"}, id="declined-no-reason",
        ),
        pytest.param(
            {"accepted": False, "declined_reason": "Did not want to talk", "completed_at": None,
             "completed_by": ""},
            RETURNED, {}, id="declined-with-reason",
        ),
        pytest.param(
            {"accepted": False, "declined_reason": "No"}, RETURNED,
            {"completed_at": "declined interview cannot be completed"}, id="declined-completed",
        ),
        pytest.param(
            {"declined_reason": "No"}, RETURNED, {"declined_reason": "accepted"},
            id="accepted-with-reason",
        ),
        pytest.param(
            {"offered_at": None, "completed_at": None, "completed_by": ""}, RETURNED,
            {"offered_at": "when the interview was offered"}, id="accepted-never-offered",
        ),
        pytest.param({"completed_by": "x" * 201}, RETURNED, {"completed_by": "200"}, id="long"),
    ],
)  # fmt: skip
def test_return_interview(
    changes: dict[str, Any], episode: MissingEpisodeRecord, expected: dict[str, str]
) -> None:
    check(validate_return_interview(replace(RHI, **changes), episode, NOW), expected)
