"""A hand-built PersonWorkspace and a recording service fake, for the person screen's view tests.

Real services are tested on their own; the panels are tested against this so each panel test is
fast and states exactly what it shows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.commands import (
    AssessmentInput,
    Changes,
    ChronologyEntryInput,
    ContactInput,
    ContactTargetInput,
    EndPlacementInput,
    MissingInput,
    PlacementInput,
    ReturnInterviewInput,
)
from desktop.domain.enums import (
    AssociateRole,
    ChronologyCategory,
    ContactKind,
    ContactWith,
    ContextKind,
    DatePrecision,
    FlagCode,
    HandlingCode,
    Involvement,
    ItemTiming,
    MissingKind,
    PoliceRiskGrade,
    RiskCategory,
    Trend,
)
from desktop.domain.errors import ValidationFailed
from desktop.domain.records import Flag
from desktop.domain.risk import london_instrument, seraf_instrument
from desktop.domain.workspace import (
    AnswerView,
    AssessmentView,
    AssociateView,
    ChronologyItem,
    ContactSummary,
    ContactView,
    ContextView,
    DisruptionView,
    MissingView,
    PersonHeader,
    PersonWorkspace,
    PlacementView,
    ReturnInterviewView,
    RiskPoint,
    RiskSeries,
    SharedWith,
    WeekCount,
)

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DOB = date(2011, 3, 14)


def _age(on: date) -> int:
    return on.year - DOB.year - ((on.month, on.day) < (DOB.month, DOB.day))


def _weeks(counts: list[int]) -> tuple[WeekCount, ...]:
    monday = TODAY - timedelta(days=TODAY.weekday())
    start = monday - timedelta(weeks=len(counts) - 1)
    return tuple(WeekCount(start + timedelta(weeks=i), n) for i, n in enumerate(counts))


def make_workspace(*, entries: int = 12, restricted: bool = False) -> PersonWorkspace:
    """Jade Carter (Jay), 15, CLA on C2 with a rising risk, two missing episodes, three moves."""
    seraf = seraf_instrument()
    scores = [(TODAY - timedelta(days=300), 7), (TODAY - timedelta(days=200), 12)]
    scores += [(TODAY - timedelta(days=100), 12), (TODAY - timedelta(days=20), 17)]
    assessments: list[AssessmentView] = []
    prev: RiskCategory | None = None
    for i, (on, score) in enumerate(scores, 1):
        band = next(b for b in seraf.bands if b.min_score <= score and (b.max_score or 99) >= score)
        trend = (
            Trend.FIRST
            if prev is None
            else Trend.ESCALATED
            if band.category.value > prev.value
            else Trend.DE_ESCALATED
            if band.category.value < prev.value
            else Trend.UNCHANGED
        )
        prev = band.category
        assessments.append(
            AssessmentView(
                id=i,
                instrument_code="seraf",
                instrument_name=seraf.name,
                assessed_on=on,
                score=score,
                band_label=band.label,
                computed_category=band.category,
                category=band.category,
                override_reason=None,
                assessor="Sam Okafor",
                rationale=f"Assessment {i}: pattern of going missing with older peers.",
                young_person_words="I just want people to stop asking where I was.",
                confirmed=True,
                confirmed_by="Priya Shah",
                confirmed_at=datetime.combine(on, datetime.min.time(), UTC) + timedelta(days=2),
                supersedes_id=None,
                superseded_by_id=None,
                recorded_at=datetime.combine(on, datetime.min.time(), UTC),
                trend=trend,
                answers=(
                    AnswerView("m_missing", "Going missing", "moderate", ItemTiming.RECENT),
                    AnswerView(
                        "s_vehicles",
                        "Seen entering or leaving cars driven by unknown adults",
                        "significant",
                        ItemTiming.RECENT,
                    ),
                ),
            )
        )
    assessments.reverse()  # newest first
    series = RiskSeries(
        points=tuple(
            RiskPoint(a.assessed_on, a.score, a.category, a.id) for a in reversed(assessments)
        ),
        bands=seraf.bands,
        missing_starts=(TODAY - timedelta(days=60), TODAY - timedelta(days=25)),
        placement_moves=(TODAY - timedelta(days=250), TODAY - timedelta(days=90)),
        contacts_per_week=_weeks([1, 2, 0, 1, 3, 1, 0, 0, 2, 1, 1, 2, 0, 1, 1, 2]),
        review_due=TODAY + timedelta(days=8),
        today=TODAY,
    )
    chronology: list[ChronologyItem] = []
    categories = list(ChronologyCategory)
    for i in range(entries):
        on = TODAY - timedelta(days=7 * i + 1)
        cat = categories[i % len(categories)]
        chronology.append(
            ChronologyItem(
                key=f"entry:{i + 1}",
                event_date=on,
                precision=DatePrecision.MONTH if i % 5 == 4 else DatePrecision.EXACT,
                end_date=None,
                category=cat,
                source="Police — PC Hollis" if i % 2 else "Education — Head of Year",
                description=f"Event {i + 1}: {cat.value.replace('_', ' ')} recorded.",
                analysis="Shows growing influence of older peers." if i % 3 == 0 else "",
                significant=i % 2 == 0,
                author="Sam Okafor",
                recorded_at=datetime.combine(on, datetime.min.time(), UTC),
                age_at_event=_age(on),
                linked_kind=None,
                linked_id=None,
                entry_id=i + 1,
                version=1,
            )
        )
    chronology.insert(
        0,
        ChronologyItem(
            key="assessment:4",
            event_date=TODAY - timedelta(days=20),
            precision=DatePrecision.EXACT,
            end_date=None,
            category=ChronologyCategory.RISK_ASSESSMENT,
            source="Children's Social Care — Sam Okafor",
            description="Risk assessment: Significant (score 17), escalated",
            analysis=None,
            significant=True,
            author="Sam Okafor",
            recorded_at=None,
            age_at_event=_age(TODAY - timedelta(days=20)),
            linked_kind="assessment",
            linked_id=4,
            entry_id=None,
            version=None,
        ),
    )
    chronology.sort(key=lambda c: (c.event_date, c.key), reverse=True)
    contacts = tuple(
        ContactView(
            id=i,
            occurred_at=NOW - timedelta(days=3 * i, hours=i % 9),
            kind=ContactKind.FAILED_ATTEMPT if i % 7 == 3 else ContactKind.FACE_TO_FACE,
            duration_minutes=None if i % 7 == 3 else 45,
            out_of_hours=i % 4 == 0,
            successful=i % 7 != 3,
            initiated_by="worker",
            location="Home" if i % 2 else "Cafe",
            with_whom=ContactWith.YOUNG_PERSON,
            worker="Lee Walsh",
            summary=f"Contact {i}: talked about school and friends.",
            young_person_said="It's fine, I'm fine." if i % 3 == 0 else "",
            significant=i == 5,
            version=1,
        )
        for i in range(1, 15)
    )
    summary = ContactSummary(
        target_days=7,
        days_since=3,
        gap=False,
        total=len(contacts),
        successful=sum(c.successful for c in contacts),
        out_of_hours_share=0.25,
        per_week=_weeks(
            [1, 2, 0, 1, 3, 1, 0, 0, 2, 1, 1, 2, 0, 1, 1, 2, 0, 1, 2, 1, 1, 0, 2, 1, 1, 2]
        ),
    )
    placements = (
        PlacementView(
            id=3,
            decom=TODAY - timedelta(days=90),
            rne="P",
            rne_label="Change of placement and carer(s) only",
            ls="C2",
            ls_label="Full care order",
            place="K2",
            place_label="Children's home",
            provider="Oakfield House",
            dec=None,
            rec=None,
            rec_label=None,
            reason_place_change=None,
            reason_place_change_label=None,
            home_postcode="M4 5JD",
            placement_postcode="LS1 4AP",
            distance_miles=36.2,
            out_of_area=True,
            urn="SC123456",
            counted=True,
            starts_placement=True,
            version=1,
        ),
        PlacementView(
            id=2,
            decom=TODAY - timedelta(days=250),
            rne="P",
            rne_label="Change of placement and carer(s) only",
            ls="C2",
            ls_label="Full care order",
            place="U6",
            place_label="Foster placement with other foster carer(s), other",
            provider="Independent fostering agency",
            dec=TODAY - timedelta(days=90),
            rec="E4A",
            rec_label="Moved to another placement",
            reason_place_change="CREQB",
            reason_place_change_label="Carer(s) requested placement end due to child's behaviour",
            home_postcode="M4 5JD",
            placement_postcode=None,
            distance_miles=None,
            out_of_area=None,
            urn=None,
            counted=True,
            starts_placement=True,
            version=2,
        ),
    )
    missing = (
        MissingView(
            id=2,
            kind=MissingKind.MISSING,
            started_at=NOW - timedelta(days=25, hours=5),
            ended_at=NOW - timedelta(days=24),
            police_risk_grade=PoliceRiskGrade.MEDIUM,
            reported_by="Oakfield House",
            where_found="Piccadilly Gardens",
            found_with="Two older males",
            notes="",
            rhi=ReturnInterviewView(None, None, None, None, None, "", "", None),
            rhi_due=NOW - timedelta(days=21),
            rhi_overdue=True,
            version=1,
        ),
        MissingView(
            id=1,
            kind=MissingKind.AWAY,
            started_at=NOW - timedelta(days=60, hours=3),
            ended_at=NOW - timedelta(days=60),
            police_risk_grade=PoliceRiskGrade.LOW,
            reported_by="Foster carer",
            where_found="Friend's house",
            found_with="",
            notes="",
            rhi=ReturnInterviewView(
                7,
                NOW - timedelta(days=59),
                True,
                None,
                NOW - timedelta(days=58),
                "Return interviewer",
                "Said she felt safe there.",
                1,
            ),
            rhi_due=NOW - timedelta(days=57),
            rhi_overdue=False,
            version=1,
        ),
    )
    flags = (
        Flag(
            FlagCode.RHI_OVERDUE,
            "Return interview overdue",
            "Found 30 Oct 2026 10:00; interview was due by 2 Nov 2026 10:00.",
        ),
        Flag(
            FlagCode.OVER_20_MILES,
            "Placed over 20 miles away",
            "Oakfield House (LS1 4AP) is 36.2 miles from home (M4 5JD).",
        ),
        Flag(
            FlagCode.RISK_ESCALATED,
            "Risk escalated",
            "Moderate to Significant on 3 Nov 2026.",
        ),
    )
    header = PersonHeader(
        id=42,
        reference="CB123456",
        display_name="J.C." if restricted else "Jade Carter (Jay)",
        preferred_name=None if restricted else "Jay",
        restricted=restricted,
        date_of_birth=DOB,
        age=_age(TODAY),
        gender="Female",
        ethnicity="White British",
        involvement=Involvement.CLA,
        legal_status_code="C2",
        legal_status_label="Full care order",
        school="Northfield Academy",
        home_postcode="M4 5JD",
        team="North",
        social_worker="Sam Okafor",
        key_person="Lee Walsh",
        risk_category=RiskCategory.SIGNIFICANT,
        risk_score=17,
        risk_band_label="Significant",
        trend=Trend.ESCALATED,
        review_due=TODAY + timedelta(days=8),
        contact_target_days=7,
        flags=flags,
        plan="Key person to see Jay twice a week; disruption work with police.",
        version=3,
    )
    others = (SharedWith(43, "Kira Moss"), SharedWith(44, "R.H."))
    return PersonWorkspace(
        access=Access.FULL,
        header=header,
        chronology=tuple(chronology),
        assessments=tuple(assessments),
        series=series,
        contacts=contacts,
        contact_summary=summary,
        placements=placements,
        placement_flags=(flags[1],),
        missing=missing,
        missing_flags=(flags[0],),
        associates=(
            AssociateView(
                1,
                1,
                "Dean Rowe",
                "'D'",
                AssociateRole.ALLEGED_PERPETRATOR,
                "B",
                "2",
                HandlingCode.PERMITTED,
                "Seen collecting young people in a silver car.",
                others,
            ),
            AssociateView(
                2,
                2,
                "Aunt Mel",
                "",
                AssociateRole.PROTECTIVE_ADULT,
                None,
                None,
                HandlingCode.PERMITTED,
                "",
                (),
            ),
        ),
        contexts=(
            ContextView(
                1,
                1,
                ContextKind.LOCATION,
                "Shopping centre car park",
                "Evenings, older males with cars.",
                "M1 1AD",
                "",
                HandlingCode.CONDITIONS,
                others,
            ),
        ),
        disruption=(
            DisruptionView(
                1,
                TODAY - timedelta(days=14),
                "Child abduction warning notice",
                "Police",
                "Dean Rowe",
                "Served",
            ),
        ),
        instruments=(seraf, london_instrument()),
        loaded_at=NOW,
    )


@dataclass
class FakeRecording:
    """Records each command; raises ``fail_with`` instead when set (e.g. a ValidationFailed)."""

    calls: list[tuple[str, Any]] = field(default_factory=list)
    fail_with: BaseException | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _call(self, name: str, command: Any) -> Changes:
        with self.lock:
            self.calls.append((name, command))
        if self.fail_with is not None:
            raise self.fail_with
        kinds = {
            "save_chronology_entry": "chronology",
            "record_assessment": "assessment",
            "confirm_assessment": "assessment",
            "record_contact": "contact",
            "set_contact_target": "contact",
            "start_placement": "placement",
            "end_placement": "placement",
            "save_missing": "missing",
            "save_return_interview": "missing",
        }
        return Changes(frozenset({42}), frozenset({kinds[name]}), record_id=99)

    # One method per RecordingApi method (no catch-all: a renamed service method must fail).
    def save_chronology_entry(self, actor: Actor, cmd: ChronologyEntryInput) -> Changes:
        return self._call("save_chronology_entry", cmd)

    def record_assessment(self, actor: Actor, cmd: AssessmentInput) -> Changes:
        return self._call("record_assessment", cmd)

    def confirm_assessment(self, actor: Actor, young_person_id: int, assessment_id: int) -> Changes:
        return self._call("confirm_assessment", (young_person_id, assessment_id))

    def record_contact(self, actor: Actor, cmd: ContactInput) -> Changes:
        return self._call("record_contact", cmd)

    def set_contact_target(self, actor: Actor, cmd: ContactTargetInput) -> Changes:
        return self._call("set_contact_target", cmd)

    def start_placement(self, actor: Actor, cmd: PlacementInput) -> Changes:
        return self._call("start_placement", cmd)

    def end_placement(self, actor: Actor, cmd: EndPlacementInput) -> Changes:
        return self._call("end_placement", cmd)

    def save_missing(self, actor: Actor, cmd: MissingInput) -> Changes:
        return self._call("save_missing", cmd)

    def save_return_interview(self, actor: Actor, cmd: ReturnInterviewInput) -> Changes:
        return self._call("save_return_interview", cmd)


def invalid(message: str, **fields: str) -> ValidationFailed:
    return ValidationFailed(message, fields)


__all__ = ["NOW", "TODAY", "FakeRecording", "invalid", "make_workspace", "replace"]
