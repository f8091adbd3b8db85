"""Demo data: contacts, chronology entries and supervision records."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.data import demo_text as txt
from desktop.data import tables as t
from desktop.data.demo_setup import (
    CONTACT_KIND,
    FACE_TO_FACE,
    FAILED,
    LAG_HOURS,
    MESSAGE,
    WITH_WHOM,
    YOUNG_PERSON,
    _Person,
)
from desktop.data.demo_writer import _GeneratorBase


class _ContactsPart(_GeneratorBase):
    """Contacts, chronology and supervision for one young person."""

    # -- contacts, chronology, supervision ------------------------------------------------

    def _contacts(self, i: int, p: _Person) -> None:
        rng, ri, today, cutoff = self.rng, self.ri, self.today, self.cutoff
        allocated = max(p.start, today - timedelta(days=ri(60, 420)))
        cadence = ri(3, p.target) if p.target <= 7 else ri(7, p.target)
        gap_case = i in self.features["contact_gap"]
        gap = max(ri(8, 35), p.target + ri(1, 7)) if gap_case else ri(1, max(1, p.target - 1))
        # Walk back from the latest contact, so the gap since it is exactly what was chosen.
        d = today - timedelta(days=gap)
        when: list[tuple[date, str]] = []
        while d >= allocated:
            when.append((d, CONTACT_KIND.pick(rng)))
            if rng.random() < 0.08 and d - timedelta(days=1) >= allocated:
                when.append((d - timedelta(days=ri(1, 2)), FAILED))
            step = max(1, round(cadence * (0.6 + 0.8 * rng.random())))
            d -= timedelta(days=step * 3 if rng.random() < 0.03 else step)
        if gap > 2 and gap_case and rng.random() < 0.6:
            when.append((today - timedelta(days=ri(1, gap - 1)), FAILED))
        # Per-person text and one block of ids: this loop makes most of the rows at 20k.
        done = [x.format(name=p.name) for x in txt.CONTACT_SUMMARIES]
        failed = [x.format(name=p.name) for x in txt.FAILED_SUMMARIES]
        kp, yp, add, r = p.kp, p.id, self.rows[t.Contact].append, rng.random
        first_id = self.ids[t.Contact] + 1
        self.ids[t.Contact] += len(when)
        for n, (on, kind) in enumerate(when):
            hour = ri(17, 20) if r() < 0.2 else ri(9, 16)  # a fifth out of hours
            occurred = self.at(on, hour, 15 * ri(0, 3))
            said = ""
            if kind == FAILED:
                whom, minutes, location = YOUNG_PERSON, None, ""
                summary = failed[int(r() * len(failed))]
            else:
                whom = WITH_WHOM.pick(rng)
                summary = done[int(r() * len(done))]
                if kind == FACE_TO_FACE:
                    minutes, location = ri(3, 16) * 10, self.pick(txt.CONTACT_LOCATIONS)
                else:
                    minutes, location = (None if kind == MESSAGE else ri(5, 45)), ""
                if whom == YOUNG_PERSON:
                    said = self.pick(txt.CONTACT_SAID)
            roll = r()
            initiated = "worker" if roll < 0.8 else "young_person" if roll < 0.92 else "carer"
            add(
                {
                    "id": first_id + n,
                    "young_person_id": yp,
                    "worker_id": kp,
                    "occurred_at": occurred,
                    "duration_minutes": minutes,
                    "kind": kind,
                    "initiated_by": initiated,
                    "location": location,
                    "with_whom": whom,
                    "summary": summary,
                    "young_person_said": said,
                    "significant": kind != FAILED and roll < 0.04,
                    "recorded_at": min(occurred + LAG_HOURS[ri(1, 30)], cutoff),
                    "version": 1,
                }
            )

    def _chronology(self, p: _Person) -> None:
        rng, today = self.rng, self.today
        for _ in range(self.ri(5, 15)):
            category, agency, role, description, analysis = self.pick(txt.CHRONOLOGY)
            on = self.days(p.start, today - timedelta(days=1))
            roll = rng.random()
            precision = "exact" if roll < 0.85 else "month" if roll < 0.95 else "approximate"
            if precision == "month":
                on = on.replace(day=1)
            end = on + timedelta(days=self.ri(1, 14)) if rng.random() < 0.05 else None
            self.add(
                t.ChronologyEntry,
                {
                    "id": self._id(t.ChronologyEntry),
                    "young_person_id": p.id,
                    "event_date": on,
                    "date_precision": precision,
                    "end_date": end if end and end < today else None,
                    "category": category,
                    "source_agency": agency,
                    "source_person": f"{role} {self.pick(self.surnames)}",
                    "description": description.format(name=p.name),
                    "analysis": analysis.format(name=p.name),
                    "significant": rng.random()
                    < (0.6 if category in ("police", "disclosure", "disruption") else 0.2),
                    "author_id": p.sw if rng.random() < 0.6 else p.kp,
                    "recorded_at": min(
                        self.at(on + timedelta(days=self.ri(0, 5)), self.ri(9, 17)), self.cutoff
                    ),
                    "linked_kind": None,
                    "linked_id": None,
                    "version": 1,
                },
            )

    def _supervision(self, p: _Person) -> None:
        _rng, today = self.rng, self.today
        d = today - timedelta(days=self.ri(3, 40))
        attendees = ", ".join(self.user_names[u] for u in (p.manager, p.sw, p.kp))
        while d > max(today - timedelta(days=183), p.start):
            signed = d + timedelta(days=self.ri(1, 5))
            self.add(
                t.SupervisionRecord,
                {
                    "id": self._id(t.SupervisionRecord),
                    "young_person_id": p.id,
                    "held_on": d,
                    "manager_id": p.manager,
                    "attendees": attendees,
                    "discussion": self.pick(txt.SUPERVISION_DISCUSSION),
                    "decisions": self.pick(txt.SUPERVISION_DECISIONS),
                    "actions": self.pick(txt.SUPERVISION_ACTIONS),
                    "next_supervision_on": d + timedelta(days=42),
                    "signed_off_at": self.at(signed, 16) if signed < today else None,
                    "version": 1,
                },
            )
            d -= timedelta(days=self.ri(35, 56))
