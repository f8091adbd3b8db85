"""PackDocuments of N young people built from the person screen's fake workspace, for pack tests.

The fake workspace is one young person (Jade Carter); each copy here gets its own name, id,
reference and risk through dataclasses.replace. The documents are deliberately *not* redacted
(full names, dates of birth, a name and a date of birth inside free text), so the tests show
the builder's own wider-audience defence, not the service's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from desktop.domain.enums import ActionStatus, MeetingOutcome, RiskCategory
from desktop.domain.meetings import (
    DEFAULT_AGENDA,
    ActionUpdateView,
    ActionView,
    AttendeeView,
    CohortMember,
    DashboardCounts,
    MeetingDetail,
    PackDocument,
    PackOptions,
    PersonPack,
    VoltThemes,
    action_state,
)
from desktop.domain.workspace import ChronologyItem, PersonWorkspace
from tests.views.fake_workspace import NOW, TODAY, make_workspace

#: (first, last, preferred) names; the first is the fake workspace's own young person.
NAMES = [
    ("Jade", "Carter", "Jay"),
    ("Amelia", "Hughes", None),
    ("Chloe", "Barnes", None),
    ("Dylan", "Okoro", "Dyl"),
    ("Ella", "Fitzgerald", None),
    ("Grace", "Whitfield", None),
    ("Isla", "Kowalski", None),
    ("Lily", "Brennan", None),
    ("Maya", "Achterberg", None),
    ("Nadia", "Rahman", None),
    ("Olivia", "Stanton", "Liv"),
    ("Poppy", "Lindqvist", None),
    ("Ruby", "Castellano", None),
    ("Sophie", "Marchbanks", None),
    ("Tia", "Underwood", None),
]
#: Another young person the fake workspace names among an associate's links.
OTHER_YOUNG_PERSON = "Kira Moss"
DOB_SPELLINGS = ("14 Mar 2011", "2011-03-14", "14/03/2011", "14 March 2011")
CONDITIONAL_CONTEXT = "Shopping centre car park"  # the fake workspace's handling-code C context
SINCE = TODAY - timedelta(days=28)
_RISKS = [
    (RiskCategory.SIGNIFICANT, 17, "Significant"),
    (RiskCategory.MODERATE, 12, "Moderate"),
    (RiskCategory.MILD, 8, "Mild"),
    (RiskCategory.SIGNIFICANT, 21, "Significant"),
    (RiskCategory.NOT_AT_RISK, 4, "Not at risk"),
]


def full_name(i: int) -> str:
    first, last, _ = NAMES[i % len(NAMES)]
    suffix = "" if i < len(NAMES) else f"-{i // len(NAMES) + 1}"
    return f"{first} {last}{suffix}"


def make_person(i: int, *, entries: int = 12) -> PersonWorkspace:
    """The i-th young person (0-based): own name, id, reference and current risk."""
    ws = make_workspace(entries=entries)
    first, _last, preferred = NAMES[i % len(NAMES)]
    name = full_name(i)
    display = f"{name} ({preferred})" if preferred else name
    category, score, label = _RISKS[i % len(_RISKS)]
    header = replace(
        ws.header,
        id=100 + i,
        reference=f"CB{200000 + i}",
        display_name=display,
        preferred_name=preferred,
        risk_category=category,
        risk_score=score,
        risk_band_label=label,
        plan=f"Key person to see {preferred or first} twice a week; disruption work with police.",
    )
    # A careless free-text entry naming the young person and their date of birth: the wider
    # audience pack must still show neither.
    careless = ChronologyItem(
        key=f"entry:careless-{i}",
        event_date=TODAY - timedelta(days=3),
        precision=ws.chronology[0].precision,
        end_date=None,
        category=ws.chronology[0].category,
        source="Police — PC Hollis",
        description=f"{name} (DOB 14/03/2011) seen with older males; {first} said she was fine.",
        analysis="Pattern continues.",
        significant=True,
        author="Sam Okafor",
        recorded_at=NOW,
        age_at_event=15,
        linked_kind=None,
        linked_id=None,
        entry_id=None,
        version=None,
    )
    return replace(ws, header=header, chronology=(careless, *ws.chronology))


def _actions(i: int, person_id: int, subject: str) -> tuple[ActionView, ...]:
    out = []
    for k, (due_days, status) in enumerate(
        [(-10, ActionStatus.OPEN), (3, ActionStatus.OPEN), (20, ActionStatus.OPEN)][: 1 + i % 3]
        + ([(-5, ActionStatus.DONE)] if i % 4 == 0 else [])
    ):
        due = TODAY + timedelta(days=due_days)
        out.append(
            ActionView(
                id=i * 10 + k,
                reference=f"A{i + 1:02d}-{k + 1}",
                meeting_id=7,
                young_person_id=person_id,
                subject=subject,
                description=[
                    "Police to serve a child abduction warning notice on the driver of the silver car.",
                    "Education to share attendance for the last half-term.",
                    "Key person to complete the return interview and share disclosures.",
                    "Health to offer a sexual health appointment.",
                ][k % 4],
                owner_name=["PC Hollis", "Mrs Patel", "Lee Walsh", "Nurse Adeyemi"][k % 4],
                owner_agency=["Police", "Northfield Academy", "Children's Services", "NHS"][k % 4],
                set_on=TODAY - timedelta(days=28),
                due_on=due,
                status=status,
                completed_on=TODAY - timedelta(days=6) if status is ActionStatus.DONE else None,
                state=action_state(status, due, TODAY),
                updates=(
                    ActionUpdateView(NOW - timedelta(days=2), "Lee Walsh", "Chased by email."),
                )
                if k == 0
                else (),
                version=1,
            )
        )
    return tuple(out)


def make_pack(
    n: int = 3,
    *,
    entries: int = 12,
    options: PackOptions | None = None,
    meeting: bool = True,
) -> PackDocument:
    """A meeting pack of `n` young people (or, with meeting=False, a case summary of the first)."""
    options = options or PackOptions()
    people = []
    cohort = []
    all_actions: list[ActionView] = []
    for i in range(n if meeting else 1):
        ws = make_person(i, entries=entries)
        h = ws.header
        member = CohortMember(
            young_person_id=h.id,
            display_name=h.display_name,
            reason=["Significant risk", "Escalated since the last meeting", "Repeat missing",
                    "Return interview overdue"][i % 4],
            current_category=h.risk_category,
            category_agreed=h.risk_category if i % 2 == 0 else None,
            outcome=MeetingOutcome.CONTINUE if i % 2 == 0 else None,
            decision="Remain at MACSE; police to prioritise disruption." if i % 2 == 0 else "",
            next_review_on=TODAY + timedelta(days=28) if i % 2 == 0 else None,
            include_conditional_intelligence=False,
            version=1,
        )  # fmt: skip
        actions = _actions(i, h.id, h.display_name)
        all_actions += actions
        people.append(
            PersonPack(
                workspace=ws,
                member=member if meeting else None,
                actions=actions,
                since=SINCE if meeting else None,
            )
        )
        cohort.append(member)
    detail = MeetingDetail(
        id=7,
        title="MACSE meeting: North and Central",
        held_on=TODAY,
        chair_id=3,
        chair="Helen Marsh",
        venue="Town Hall, Committee Room 2",
        status="planned",
        agenda=DEFAULT_AGENDA,
        notes="",
        attendees=(
            AttendeeView(1, "Helen Marsh", "Children's Services", "MACSE chair", True, True),
            AttendeeView(2, "DS Tom Briggs", "Greater Manchester Police", "CSE team", True, True),
            AttendeeView(3, "Nurse Adeyemi", "NHS", "Looked-after children nurse", True, True),
            AttendeeView(
                4, "Mrs Patel", "Northfield Academy", "Designated safeguarding lead", False, True
            ),
            AttendeeView(5, "Lee Walsh", "Children's Services", "Key person", True, False),
        ),
        cohort=tuple(cohort),
        actions=tuple(all_actions),
        previous_held_on=SINCE,
        version=1,
    )
    by_cat = {c: 0 for c in sorted(RiskCategory, key=lambda c: c.value, reverse=True)}
    for p in people:
        if p.workspace.header.risk_category is not None:
            by_cat[p.workspace.header.risk_category] += 1
    dashboard = DashboardCounts(
        by_category=tuple((c.label, k) for c, k in by_cat.items()),
        escalated=max(1, n // 3),
        de_escalated=n // 5,
        missing_episodes=sum(len(p.workspace.missing) for p in people),
        rhis_overdue=sum(m.rhi_overdue for p in people for m in p.workspace.missing),
        stability_flags=sum(len(p.workspace.placement_flags) for p in people),
    )
    volt = VoltThemes(
        victims=(
            "Girls aged 14 to 15, mostly looked after in residential care.",
            f"{full_name(0)} and {OTHER_YOUNG_PERSON} seen together at the car park.",
        ),
        offenders=("Two adult males with a silver car; one known as 'D'.",),
        locations=("Retail park after dark.", "Takeaway on Market Street."),
        trends=("Contact through a messaging app before meeting in person.",),
    )
    first = people[0].workspace.header.display_name
    title = detail.title if meeting else f"Case summary: {first}"
    return PackDocument(
        title=title,
        meeting=detail if meeting else None,
        people=tuple(people),
        dashboard=dashboard if meeting else None,
        volt=volt if meeting else None,
        printed_by="Helen Marsh",
        printed_at=datetime(2026, 11, 23, 9, 30, tzinfo=UTC),
        options=options,
    )


def young_people_names(doc: PackDocument) -> list[str]:
    """Every young person's full name the document carries (for the wider-audience checks)."""
    names = [full_name(i) for i in range(len(doc.people))]
    return [*names, OTHER_YOUNG_PERSON]


__all__ = [
    "CONDITIONAL_CONTEXT",
    "DOB_SPELLINGS",
    "full_name",
    "make_pack",
    "make_person",
    "young_people_names",
]
