"""Demo data: associates, contexts and disruption shared between young people."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.data import demo_text as txt
from desktop.data import tables as t
from desktop.data.demo_setup import _Person, _Weighted
from desktop.data.demo_writer import _GeneratorBase
from desktop.domain.enums import AssociateRole


class _NetworkPart(_GeneratorBase):
    """Associates, contexts and disruption activity."""

    # -- shared: associates, contexts, disruption, meetings -------------------------------

    def _linked_people(self, k: int) -> list[_Person]:
        """k distinct young people, mostly from those at higher risk (they share networks)."""
        pool = self.high if len(self.high) >= k and self.chance(0.8) else self.people
        return self.rng.sample(pool, min(k, len(pool)))

    def _associates_and_contexts(self) -> None:
        rng, today = self.rng, self.today
        self.context_ids = []
        if not self.people:
            return
        year_ago = today - timedelta(days=365)
        roles = _Weighted(
            [
                (AssociateRole.ALLEGED_PERPETRATOR, 50),
                (AssociateRole.ASSOCIATE, 25),
                (AssociateRole.PEER, 15),
                (AssociateRole.PROTECTIVE_ADULT, 10),
            ]
        )
        for _ in range(max(15, self.n // 4)):
            aid = self._id(t.Associate)
            role = roles.pick(rng)
            name = self.pick(self.adults)
            self.add(
                t.Associate,
                {
                    "id": aid,
                    "name": name,
                    "aliases": self.pick(txt.ASSOCIATE_ALIASES) if rng.random() < 0.6 else "",
                    "description": self.pick(txt.ASSOCIATE_DESCRIPTIONS),
                    "version": 1,
                },
            )
            linked = self._linked_people(self.ri(2, 5))
            for p in linked:
                self.add(
                    t.AssociateLink,
                    {
                        "id": self._id(t.AssociateLink),
                        "associate_id": aid,
                        "young_person_id": p.id,
                        "role": role.value,
                        "source_grade": str(self.ri(1, 3)),
                        "intelligence_grade": self.pick("ABCDE"),
                        "handling_code": "C" if rng.random() < 0.15 else "P",
                        "intelligence": (
                            txt.ASSOCIATE_INTELLIGENCE[-1]
                            if role is AssociateRole.PROTECTIVE_ADULT
                            else self.pick(txt.ASSOCIATE_INTELLIGENCE[:-1])
                        ).format(name=p.name),
                        "recorded_at": self.at(self.days(p.start, today - timedelta(days=1)), 14),
                        "version": 1,
                    },
                )
            if role is AssociateRole.ALLEGED_PERPETRATOR and rng.random() < 0.5:
                tactic, agency, outcome = txt.DISRUPTION_TACTICS[0]
                self._disruption(linked[0].id, None, aid, tactic, agency, name, outcome, year_ago)
        for k in range(max(10, self.n // 6)):
            kind, name, description = txt.CONTEXTS[k % len(txt.CONTEXTS)]
            postcode = self.pick(self.in_area)[0] if kind == "location" else None
            if k >= len(txt.CONTEXTS):
                name = f"{name} ({postcode or f'group {k}'})"
            cid = self._id(t.Context)
            self.context_ids.append(cid)
            self.add(
                t.Context,
                {
                    "id": cid,
                    "kind": kind,
                    "name": name,
                    "description": description,
                    "postcode": postcode,
                    "version": 1,
                },
            )
            label = kind.replace("_", " ")
            for p in self._linked_people(self.ri(2, 6)):
                self.add(
                    t.ContextLink,
                    {
                        "id": self._id(t.ContextLink),
                        "context_id": cid,
                        "young_person_id": p.id,
                        "notes": f"{p.name} seen or named in connection with this {label}.",
                        "handling_code": "C" if rng.random() < 0.1 else "P",
                        "version": 1,
                    },
                )
            for _ in range(self.ri(1, 3) if kind == "location" else self.ri(0, 1)):
                tactic, agency, outcome = self.pick(txt.DISRUPTION_TACTICS[1:])
                self._disruption(None, cid, None, tactic, agency, name, outcome, year_ago)

    def _disruption(
        self,
        yp: int | None,
        context: int | None,
        associate: int | None,
        tactic: str,
        agency: str,
        target: str,
        outcome: str,
        since: date,
    ) -> None:
        self.add(
            t.DisruptionActivity,
            {
                "id": self._id(t.DisruptionActivity),
                "young_person_id": yp,
                "context_id": context,
                "associate_id": associate,
                "tactic": tactic,
                "activity_date": self.days(since, self.today - timedelta(days=1)),
                "agency": agency,
                "target": target,
                "outcome": outcome,
                "version": 1,
            },
        )
