"""Demo data: MACSE meetings, their cohorts and actions."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from desktop.data import demo_text as txt
from desktop.data import tables as t
from desktop.data.demo_setup import AGENDA, HANDLING, Row, _Person
from desktop.data.demo_writer import _GeneratorBase
from desktop.domain.dates import format_date
from desktop.domain.enums import MeetingOutcome, RiskCategory


class _MeetingsPart(_GeneratorBase):
    """MACSE meetings with attendees, cohorts, actions and updates."""

    def _meetings(self) -> None:
        rng, today = self.rng, self.today
        attendees = [(self.pick(self.adults), agency, role) for agency, role in txt.ATTENDEES]
        month_seq: Counter[str] = Counter()
        carried: list[_Person] = []
        for weeks in (8, 4):
            held = today - timedelta(weeks=weeks)
            while held.weekday() != 1:  # MACSE meets on Tuesdays
                held -= timedelta(days=1)
            mid = self._id(t.Meeting)
            self.add(
                t.Meeting,
                {
                    "id": mid,
                    "title": f"MACSE meeting {format_date(held)}",
                    "held_on": held,
                    "chair_id": self.chair,
                    "venue": self.pick(txt.MEETING_VENUES),
                    "agenda": AGENDA,
                    "notes": HANDLING,
                    "status": "held",
                    "version": 1,
                },
            )
            apologies = set(rng.sample(range(len(attendees)), 2))
            people = [(self.user_names[self.chair], "Children's Social Care", "MACSE chair")]
            people += [
                (self.user_names[s["manager"][0]], "Children's Social Care", "Team manager")
                for s in self.staff.values()
            ]
            for k, (name, agency, role) in enumerate([*people, *attendees]):
                self.add(
                    t.MeetingAttendee,
                    {
                        "id": self._id(t.MeetingAttendee),
                        "meeting_id": mid,
                        "name": name,
                        "agency": agency,
                        "role": role,
                        "attended": k - len(people) not in apologies,
                        "on_distribution": True,
                        "version": 1,
                    },
                )
            cohort = self._cohort(held, carried, self.ri(10, 14))
            carried = []
            actions: list[Row] = []
            for p in cohort:
                category = self._category_on(p, held) or RiskCategory.MODERATE
                if category.value <= RiskCategory.MILD.value:
                    outcome = (
                        MeetingOutcome.STEP_DOWN if rng.random() < 0.6 else MeetingOutcome.CLOSE
                    )
                else:
                    outcome = (
                        MeetingOutcome.CONTINUE if rng.random() < 0.85 else MeetingOutcome.STEP_DOWN
                    )
                if outcome is MeetingOutcome.CONTINUE:
                    carried.append(p)
                self.add(
                    t.MeetingCohort,
                    {
                        "id": self._id(t.MeetingCohort),
                        "meeting_id": mid,
                        "young_person_id": p.id,
                        "reason": self.pick(txt.COHORT_REASONS),
                        "category_agreed": category.code,
                        "outcome": outcome.value,
                        "decision": self.pick(txt.DECISIONS[outcome.value]),
                        "next_review_on": held
                        + timedelta(days=28 if outcome is MeetingOutcome.CONTINUE else 56),
                        "include_conditional_intelligence": rng.random() < 0.2,
                        "version": 1,
                    },
                )
                for _ in range(self.ri(1, 2)):
                    actions.append(self._action(mid, held, p, None, month_seq))
            for _ in range(2 if self.context_ids else 0):
                actions.append(
                    self._action(mid, held, None, self.pick(self.context_ids), month_seq)
                )
            # Every meeting shows one overdue action, and the latest one an upcoming one too.
            if actions:
                due = held + timedelta(days=14)
                actions[0].update(due_on=due, status="open", completed_on=None)
            if weeks == 4 and len(actions) > 1:
                due = today + timedelta(days=self.ri(1, 6))
                actions[1].update(due_on=due, status="open", completed_on=None)
            for row in actions:
                self.add(t.Action, row)
                for _ in range(self.ri(1, 2) if rng.random() < 0.4 else 0):
                    self.add(
                        t.ActionUpdate,
                        {
                            "id": self._id(t.ActionUpdate),
                            "action_id": row["id"],
                            "at": self.at(
                                self.days(held + timedelta(days=1), today - timedelta(days=1)), 12
                            ),
                            "author": row["owner_name"],
                            "note": self.pick(txt.ACTION_UPDATES),
                        },
                    )

    def _category_on(self, p: _Person, on: date) -> RiskCategory | None:
        current = None
        for d, category in p.risk or ():
            if d > on:
                break
            current = category
        return current

    def _cohort(self, held: date, carried: list[_Person], size: int) -> list[_Person]:
        """Carried-forward young people first, then others at moderate or significant risk."""
        chosen = [p for p in carried if self._category_on(p, held) is not None][:size]
        taken = {p.id for p in chosen}
        risky = [
            p
            for p in self.high
            if p.id not in taken
            and (self._category_on(p, held) or RiskCategory.NOT_AT_RISK).value >= 2
        ]
        need = size - len(chosen)
        chosen += self.rng.sample(risky, min(need, len(risky)))
        return chosen

    def _action(
        self, meeting: int, held: date, p: _Person | None, context: int | None, seq: Counter[str]
    ) -> Row:
        rng, today = self.rng, self.today
        description, agency = self.pick(txt.ACTIONS)
        month = f"{held:%Y-%m}"
        seq[month] += 1
        due = held + timedelta(days=self.ri(7, 42))
        status, completed = "open", None
        if rng.random() < (0.6 if due < today else 0.25):
            status = "done"
            completed = self.days(
                held + timedelta(days=1), min(due + timedelta(days=10), today - timedelta(days=1))
            )
        elif due < today and rng.random() < 0.08:
            status = "cancelled"
        owner = (
            self.user_names[p.sw]
            if p is not None and agency == "Children's Social Care"
            else self.pick(self.adults)
        )
        return {
            "id": self._id(t.Action),
            "reference": f"MACSE-{month}-{seq[month]:02d}",
            "meeting_id": meeting,
            "young_person_id": p.id if p else None,
            "context_id": None if p else context,
            "description": description if p else f"Context: {description}",
            "owner_name": owner,
            "owner_agency": agency,
            "set_on": held,
            "due_on": due,
            "status": status,
            "completed_on": completed,
            "version": 1,
        }
