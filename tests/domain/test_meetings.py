"""MACSE rules: action states, agenda, cohort suggestions, dashboard, VOLT and redaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.domain.enums import (
    ActionStatus,
    FlagCode,
    HandlingCode,
    MissingKind,
    RiskCategory,
    Trend,
)
from desktop.domain.meetings import (
    DEFAULT_AGENDA,
    ActionState,
    ActionView,
    CohortCandidate,
    NameScrubber,
    PackOptions,
    PersonName,
    action_reference,
    action_sort_key,
    action_state,
    agenda_items,
    agenda_text,
    cohort_reasons,
    dashboard_counts,
    names_of,
    redact_workspace,
    suggest_cohort,
    volt_themes,
)
from desktop.domain.records import AssessmentRecord, MissingEpisodeRecord, PlacementEpisodeRecord
from tests.views.fake_workspace import DOB, make_workspace

ON = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (ActionStatus.OPEN, ON - timedelta(days=1), ActionState.OVERDUE),
        (ActionStatus.OPEN, ON, ActionState.UPCOMING),  # due today: not yet overdue
        (ActionStatus.OPEN, ON + timedelta(days=1), ActionState.UPCOMING),
        (ActionStatus.OPEN, ON + timedelta(days=7), ActionState.UPCOMING),  # within 7 days
        (ActionStatus.OPEN, ON + timedelta(days=8), ActionState.OPEN),
        (ActionStatus.DONE, ON - timedelta(days=30), ActionState.DONE),
        (ActionStatus.CANCELLED, ON - timedelta(days=30), ActionState.CANCELLED),
        (ActionStatus.DONE, ON + timedelta(days=2), ActionState.DONE),
    ],
)
def test_action_state_boundaries(status: ActionStatus, due: date, expected: ActionState) -> None:
    assert action_state(status, due, ON) is expected


def _action(ref: str, state: ActionState, due: date) -> ActionView:
    return ActionView(
        1, ref, None, None, "", "", "", "", ON, due, ActionStatus.OPEN, None, state, (), 1
    )


def test_actions_sort_overdue_first_then_by_due_date() -> None:
    actions = [
        _action("a", ActionState.OPEN, ON + timedelta(days=20)),
        _action("b", ActionState.DONE, ON - timedelta(days=40)),
        _action("c", ActionState.OVERDUE, ON - timedelta(days=1)),
        _action("d", ActionState.UPCOMING, ON + timedelta(days=2)),
        _action("e", ActionState.OVERDUE, ON - timedelta(days=9)),
    ]
    assert [a.reference for a in sorted(actions, key=action_sort_key)] == list("ecdab")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", DEFAULT_AGENDA),
        ("1. Welcome\n2) Actions\n\n  3. AOB  ", ("Welcome", "Actions", "AOB")),
        ("Welcome\nActions", ("Welcome", "Actions")),
    ],
)
def test_agenda_round_trip(text: str, expected: tuple[str, ...]) -> None:
    assert agenda_items(text) == expected
    assert agenda_items(agenda_text(expected)) == expected


def test_action_reference_takes_the_next_number_of_the_month() -> None:
    held = date(2026, 11, 10)
    assert action_reference(held, []) == "MACSE-2026-11-01"
    existing = ["MACSE-2026-11-01", "MACSE-2026-11-07", "MACSE-2026-10-12", "other"]
    assert action_reference(held, existing) == "MACSE-2026-11-08"


# -- cohort suggestions -----------------------------------------------------------------------


def _assess(n: int, on: date, category: RiskCategory) -> AssessmentRecord:
    return AssessmentRecord(n, on, category, None, True)


def _missing(n: int, start: datetime, rhi_done: bool = True) -> MissingEpisodeRecord:
    return MissingEpisodeRecord(
        n,
        MissingKind.MISSING,
        start,
        start + timedelta(hours=6),
        rhi_completed_at=start + timedelta(hours=30) if rhi_done else None,
    )


def candidate(**kw: object) -> CohortCandidate:
    base = CohortCandidate(1, "Nia Open", date(2011, 1, 1), "E08000032", (), (), ())
    return replace(base, **kw)  # type: ignore[arg-type]


SINCE = date(2026, 10, 27)


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({}, ()),
        (
            {"assessments": (_assess(1, date(2026, 5, 1), RiskCategory.SIGNIFICANT),)},
            ("Significant risk",),
        ),
        (
            {"assessments": (_assess(1, date(2026, 5, 1), RiskCategory.MODERATE),)},
            ("Moderate risk",),
        ),
        ({"assessments": (_assess(1, date(2026, 5, 1), RiskCategory.MILD),)}, ()),
        (  # escalated after the last meeting
            {
                "assessments": (
                    _assess(1, date(2026, 5, 1), RiskCategory.NOT_AT_RISK),
                    _assess(2, date(2026, 11, 1), RiskCategory.MILD),
                )
            },
            ("Escalated since 27 Oct 2026",),
        ),
        (  # escalated on the meeting day: already discussed, not "since"
            {
                "assessments": (
                    _assess(1, date(2026, 5, 1), RiskCategory.NOT_AT_RISK),
                    _assess(2, SINCE, RiskCategory.MILD),
                )
            },
            (),
        ),
        (  # three starts within 30 days, all RHIs done
            {
                "missing": tuple(
                    _missing(n, datetime(2026, 10, d, 20, tzinfo=UTC))
                    for n, d in ((1, 1), (2, 15), (3, 30))
                )
            },
            ("Repeat missing",),
        ),
        (
            {"missing": (_missing(1, datetime(2026, 11, 10, 20, tzinfo=UTC), rhi_done=False),)},
            ("Return interview overdue",),
        ),
        ({"continued_last_time": True}, ("Continued at the last meeting",)),
    ],
)
def test_cohort_reasons(kw: dict[str, object], expected: tuple[str, ...]) -> None:
    assert cohort_reasons(candidate(**kw), since=SINCE, now=NOW) == expected


def test_a_stability_flag_is_a_reason_only_when_new_since_the_last_meeting() -> None:
    new = candidate(placements=(PlacementEpisodeRecord(1, date(2026, 11, 10), "S", "C2", "U4"),))
    reasons = cohort_reasons(new, since=SINCE, now=NOW)
    assert "New flag: New placement" in reasons
    old = candidate(placements=(PlacementEpisodeRecord(1, date(2026, 10, 20), "S", "C2", "U4"),))
    # new placement on 20 Oct: flagged at the meeting on 27 Oct already
    assert not any(
        r.startswith("New flag: New placement") for r in cohort_reasons(old, since=SINCE, now=NOW)
    )


def test_without_an_earlier_meeting_the_latest_trend_counts() -> None:
    c = candidate(
        assessments=(
            _assess(1, date(2025, 5, 1), RiskCategory.MILD),
            _assess(2, date(2026, 1, 1), RiskCategory.MODERATE),
        )
    )
    assert cohort_reasons(c, since=None, now=NOW) == ("Moderate risk", "Risk escalated")


def test_suggestions_highest_risk_then_most_reasons() -> None:
    sig = candidate(
        young_person_id=2,
        display_name="B",
        assessments=(_assess(1, date(2026, 5, 1), RiskCategory.SIGNIFICANT),),
    )
    mod = candidate(
        young_person_id=3,
        display_name="A",
        assessments=(_assess(2, date(2026, 5, 1), RiskCategory.MODERATE),),
    )
    mod_more = replace(mod, young_person_id=4, display_name="Z", continued_last_time=True)
    none = candidate(young_person_id=5)
    got = suggest_cohort([mod, none, mod_more, sig], since=SINCE, now=NOW)
    assert [s.young_person_id for s in got] == [2, 4, 3]
    assert got[0].current_category is RiskCategory.SIGNIFICANT


# -- dashboard and VOLT -----------------------------------------------------------------------


def test_dashboard_counts_from_workspaces() -> None:
    ws = make_workspace()  # significant, escalated from moderate 20 days ago
    counts = dashboard_counts([ws, ws], since=date(2026, 10, 1))
    assert dict(counts.by_category) == {
        "Significant": 2, "Moderate": 0, "Mild": 0, "Not at risk": 0, "Not assessed": 0
    }  # fmt: skip
    assert counts.by_category[0][0] == "Significant"
    assert counts.escalated == 2 and counts.de_escalated == 0
    assert counts.missing_episodes == 2  # one episode 25 days ago each
    assert counts.rhis_overdue == 2
    assert counts.stability_flags == 2  # over 20 miles


def test_dashboard_without_a_previous_meeting_uses_the_header_trend() -> None:
    counts = dashboard_counts([make_workspace()], since=None)
    assert counts.escalated == 1 and counts.missing_episodes == 2


def test_volt_themes() -> None:
    volt = volt_themes([make_workspace()], since=date(2026, 10, 1))
    assert volt.victims[0] == "1 young person in the cohort, aged 15-15"
    assert any("Dean Rowe" in line for line in volt.offenders)
    assert not any("Aunt Mel" in line for line in volt.offenders)  # a protective adult
    assert volt.locations == ("Shopping centre car park: 1 young person in the cohort",)
    assert volt.trends[0] == "Missing episodes since 1 Oct 2026: 1"


# -- redaction --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Jade Carter (Jay)", ("Jade", "Carter", "Jay")),
        ("Jade Carter", ("Jade", "Carter", None)),
        ("Ana De Souza", ("Ana", "De Souza", None)),
        ("", ("", "", None)),
    ],
)
def test_names_of(display: str, expected: tuple[str, str, str | None]) -> None:
    assert names_of(display) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jade Carter was seen with Kira.", "J.C. was seen with K.M."),
        ("JADE said Jay was fine", "J.C. said J.C. was fine"),
        ("Jaden and Carters are other words", "Jaden and Carters are other words"),
        ("Met Kira  Moss at school", "Met K.M. at school"),
        ("", ""),
    ],
)
def test_name_scrubber(text: str, expected: str) -> None:
    scrub = NameScrubber([PersonName("Jade", "Carter", "Jay"), PersonName("Kira", "Moss")])
    assert scrub(text) == expected


def _all_text(ws: object) -> str:
    return repr(ws)


def test_wider_audience_leaves_no_name_or_date_of_birth() -> None:
    ws = make_workspace()
    ws = replace(
        ws,
        chronology=(
            replace(ws.chronology[0], description="Jade told police Jay was with Kira Moss"),
            *ws.chronology[1:],
        ),
    )
    out = redact_workspace(ws, PackOptions(wider_audience=True), names=[PersonName("Kira", "Moss")])
    text = _all_text(out)
    for forbidden in ("Jade", "Carter", "'Jay'", "Kira Moss", repr(DOB)):
        assert forbidden not in text, forbidden
    assert out.header.display_name == "J.C."
    assert out.header.date_of_birth is None and out.header.age == ws.header.age
    assert out.chronology[0].description == "J.C. told police J.C. was with K.M."
    assert {s.display_name for a in out.associates for s in a.others} == {"K.M.", "R.H."}
    assert all(c.age_at_event is not None for c in out.chronology)  # ages are kept


def test_conditional_intelligence_is_left_out_unless_included() -> None:
    ws = make_workspace()
    assert any(c.handling_code is HandlingCode.CONDITIONS for c in ws.contexts)
    out = redact_workspace(ws, PackOptions())
    assert out.contexts == () and len(out.associates) == 2
    assert out.header == ws.header  # no wider audience: names stay
    assert redact_workspace(ws, PackOptions(include_conditional=True)).contexts == ws.contexts
    assert redact_workspace(ws, PackOptions(), include_conditional=True).contexts == ws.contexts


def test_initials_only_redacts_a_restricted_record_in_a_normal_pack() -> None:
    out = redact_workspace(make_workspace(), PackOptions(), initials_only=True)
    assert out.header.display_name == "J.C." and out.header.date_of_birth is None
    assert "Jade" not in _all_text(out)


def test_flags_and_trend_survive_redaction() -> None:
    ws = make_workspace()
    out = redact_workspace(ws, PackOptions(wider_audience=True))
    assert [f.code for f in out.header.flags] == [f.code for f in ws.header.flags]
    assert out.header.trend is Trend.ESCALATED
    assert FlagCode.OVER_20_MILES in {f.code for f in out.placement_flags}


def test_hidden_names_leave_every_text_even_in_a_normal_pack() -> None:
    ws = make_workspace()
    ws = replace(ws, header=replace(ws.header, plan="Keep Jade apart from Rae Hidden."))
    out = redact_workspace(ws, PackOptions(), hidden=[PersonName("Rae", "Hidden")])
    assert out.header.plan == "Keep Jade apart from R.H."
    assert out.header.display_name == ws.header.display_name  # her own name stays


def test_professionals_names_are_kept_whole_when_a_young_persons_name_is_scrubbed() -> None:
    from desktop.domain.meetings import NameScrubber, PersonName

    scrub = NameScrubber([PersonName("Jenna", "White", None)], keep=["Francis White"])
    assert scrub("Chair Francis White met Jenna White.") == "Chair Francis White met J.W."
    assert scrub("White was seen in town") == "J.W. was seen in town"
    # A professional who has exactly the young person's name is not kept: safety first.
    same = NameScrubber([PersonName("Jenna", "White", None)], keep=["Jenna White"])
    assert same("Jenna White") == "J.W."
