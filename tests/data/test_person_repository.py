"""load_person: one young person's whole record, in the same number of statements at any size."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from desktop.data.database import Database
from desktop.data.repositories.person import load_person
from desktop.data.tables import RiskAssessmentAnswer, RiskInstrumentItem
from desktop.domain.enums import ItemTiming, MeetingOutcome, RiskCategory, Role
from tests import factories as f
from tests.statements import count_statements

#: Statements load_person issues for any record: one (see the module docstring of the repository).
LOAD_STATEMENTS = 1


def test_unknown_young_person(db: Database) -> None:
    with db.begin() as s:
        assert load_person(s, 999_999, 1) is None


def test_the_same_statements_for_3_rows_of_each_kind_as_for_300(db: Database) -> None:
    with db.begin() as s:
        t = f.team(s)
        sw = f.user(s, t)
        other = f.young_person(s, t, restricted=True)
        small, large = f.young_person(s, t, worker=sw), f.young_person(s, t, worker=sw)
        f.full_record(s, small, 3, worker=sw, other=other)
        f.full_record(s, large, 300, worker=sw, other=other)
        ids, viewer = (small.id, large.id), sw.id
    counts, sizes = [], []
    for yp in ids:
        with db.begin() as s, count_statements(db) as seen:
            inputs = load_person(s, yp, viewer)
        assert inputs is not None
        counts.append(len(seen))
        sizes.append((len(inputs.entries), len(inputs.contexts[0].others), len(inputs.meetings)))
    print(f"load_person statements: {counts}")
    assert sizes == [(3, 1, 3), (300, 1, 300)]
    assert counts[0] == counts[1] == LOAD_STATEMENTS


def test_the_record_and_its_links(db: Database) -> None:
    with db.begin() as s:
        t = f.team(s, "North")
        sw = f.user(s, t, Role.SOCIAL_WORKER, "sam")
        chair = f.user(s, None, Role.MACSE_CHAIR, "chris")
        yp = f.young_person(s, t, first="Ana", last="Lowe", worker=sw)
        hidden = f.young_person(s, t, first="Rae", last="Hidden", restricted=True)
        mine = f.young_person(s, t, first="Zed", last="Mine", restricted=True, worker=sw)
        listed = f.young_person(s, t, first="Lee", last="Listed", restricted=True)
        f.grant_access(s, listed, sw)
        unrelated = f.young_person(s, t, first="Una", last="Related")

        place, adult = f.context(s, "Bus station"), f.associate(s, "Dan")
        f.context_link(s, place, yp)
        f.associate_link(s, adult, yp, role="alleged_perpetrator", handling="C")
        for other in (hidden, mine, listed):
            f.context_link(s, place, other)
        f.associate_link(s, adult, hidden)
        f.disruption(s, date(2026, 1, 1), yp=yp)
        f.disruption(s, date(2026, 2, 1), c=place)
        f.disruption(s, date(2026, 3, 1), a=adult)
        f.disruption(s, date(2026, 4, 1), yp=unrelated)  # not about Ana

        first = f.assessment(s, yp, date(2026, 1, 5), "mild", 8)
        first.assessor_id, first.rationale = sw.id, "Some concerns"
        item = s.execute(
            select(RiskInstrumentItem).where(RiskInstrumentItem.code == "m_missing")
        ).scalar_one()
        s.add(RiskAssessmentAnswer(assessment_id=first.id, item_id=item.id, timing="recent"))
        f.assessment(s, yp, date(2026, 2, 5), "moderate", 12, confirmed=False)
        f.missing(s, yp, datetime(2026, 1, 3, 22, tzinfo=UTC))
        f.missing(s, yp, datetime(2026, 2, 3, 22, tzinfo=UTC), hours=None)
        f.chronology_entry(s, yp, date(2026, 1, 2), author=sw, analysis="Worrying")
        held = f.meeting(s, date(2026, 2, 10), chair=chair)
        f.cohort(s, held, yp, decision="Continue", category="moderate")
        cleared = f.manual_flag(s, yp, "Old worry")
        cleared.cleared_at = datetime(2026, 1, 1, tzinfo=UTC)
        f.manual_flag(s, yp, "Sibling at risk", "Brother seen with Dan")
        s.flush()
        yp_id, viewer = yp.id, sw.id
        names = {hidden.id: "hidden", mine.id: "mine", listed.id: "listed"}

    with db.begin() as s:
        inputs = load_person(s, yp_id, viewer)
    assert inputs is not None
    person = inputs.person
    assert (person.first_name, person.team, person.social_worker, person.key_person) == (
        "Ana", "North", "Sam", "",
    )  # fmt: skip
    assert [a.total_score for a in inputs.assessments] == [8, 12]
    answered = inputs.assessments[0]
    assert answered.assessor == "Sam" and answered.rationale == "Some concerns"
    assert [(x.item_code, x.timing) for x in answered.answers] == [("m_missing", ItemTiming.RECENT)]
    assert inputs.assessments[1].confirmed_at is None
    assert [m.rhi_completed_at is not None for m in inputs.missing] == [True, False]
    assert inputs.entries[0].author == "Sam" and inputs.entries[0].analysis == "Worrying"
    (decision,) = inputs.meetings
    assert (decision.chair, decision.category_agreed, decision.outcome) == (
        "Chris", RiskCategory.MODERATE, MeetingOutcome.CONTINUE,
    )  # fmt: skip
    assert inputs.manual_flags == (("Sibling at risk", "Brother seen with Dan"),)
    assert [d.on for d in inputs.disruption] == [
        date(2026, 3, 1),
        date(2026, 2, 1),
        date(2026, 1, 1),
    ]
    assert {i.code for i in inputs.instruments} == {"seraf", "london"}
    seraf = next(i for i in inputs.instruments if i.code == "seraf")
    assert len(seraf.items) == 26 and len(seraf.bands) == 4

    (context,) = inputs.contexts
    facts: dict[str, Any] = {
        names[o.young_person_id]: (o.restricted, o.allocated, o.on_access_list)
        for o in context.others
    }
    assert facts == {
        "hidden": (True, False, False),
        "mine": (True, True, False),
        "listed": (True, False, True),
    }
    (link,) = inputs.associates
    assert (link.name, link.role, link.handling_code) == ("Dan", "alleged_perpetrator", "C")
    assert [names[o.young_person_id] for o in link.others] == ["hidden"]
