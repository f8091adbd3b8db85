"""Demo data: missing episodes and their return home interviews."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop.data import demo_text as txt
from desktop.data import tables as t
from desktop.data.demo_setup import (
    POLICE_GRADE,
    Row,
    _Person,
)
from desktop.data.demo_writer import _GeneratorBase
from desktop.domain.enums import MissingKind


class _MissingPart(_GeneratorBase):
    """Missing episodes with their return interviews."""

    def _missing(self, i: int, p: _Person) -> None:
        rng, today = self.rng, self.today
        last_start = today - timedelta(days=20)
        starts: list[date] = []
        if p.start < last_start:
            none = 0.6 if p.peak < 11 else 0.25
            count = 0 if self.chance(none) else self.ri(1, 3 if p.peak < 16 else 8)
            starts = [self.days(p.start, last_start) for _ in range(count)]
            if i in self.features["repeat_missing"] and (last_start - p.start).days > 30:
                d = self.days(p.start, last_start - timedelta(days=28))
                starts += [
                    d,
                    d + timedelta(days=self.ri(3, 9)),
                    d + timedelta(days=self.ri(12, 26)),
                ]
        episodes: list[tuple[datetime, datetime | None, bool]] = []
        ended: datetime | None = None
        for d in sorted(starts):
            begin = self.at(d, self.ri(15, 23), self.ri(0, 59))
            if ended is not None and begin <= ended:
                begin = ended + timedelta(hours=6)
            roll = rng.random()
            hours = (
                self.ri(2, 12)
                if roll < 0.5
                else self.ri(12, 36)
                if roll < 0.85
                else self.ri(36, 96)
            )
            ended = begin + timedelta(hours=hours, minutes=self.ri(0, 59))
            episodes.append((begin, ended, False))
        if i in self.features["rhi_overdue"]:
            found = self.at(today - timedelta(days=self.ri(4, 10)), self.ri(8, 20))
            episodes.append((found - timedelta(hours=self.ri(3, 30)), found, True))
        if i in self.features["currently_missing"]:
            episodes.append(
                (self.at(today - timedelta(days=self.ri(1, 2)), self.ri(18, 23)), None, False)
            )
        placed = "residential" if p.cla and self.chance(0.4) else "foster" if p.cla else "home"
        for begin, end, overdue in episodes:
            eid = self._id(t.MissingEpisode)
            kind = MissingKind.AWAY if self.chance(0.3) else MissingKind.MISSING
            grade = (
                POLICE_GRADE.pick(rng) if kind is MissingKind.MISSING or self.chance(0.5) else None
            )
            self.add(
                t.MissingEpisode,
                {
                    "id": eid,
                    "young_person_id": p.id,
                    "kind": kind.value,
                    "started_at": begin,
                    "ended_at": end,
                    "police_risk_grade": grade.value if grade else None,
                    "reported_by": self.pick(txt.MISSING_REPORTED_BY[placed]),
                    "where_found": self.pick(txt.WHERE_FOUND) if end else "",
                    "found_with": self.pick(txt.FOUND_WITH) if end else "",
                    "notes": self.pick(txt.MISSING_NOTES),
                    "recorded_at": min(begin + timedelta(hours=2), self.cutoff),
                    "version": 1,
                },
            )
            if end is not None:
                self._return_interview(eid, p, end, overdue)

    def _return_interview(
        self, episode_id: int, p: _Person, found: datetime, overdue: bool
    ) -> None:
        offered = found + timedelta(hours=self.ri(2, 20))
        row: Row = {
            "id": 0,
            "episode_id": episode_id,
            "offered_at": offered,
            "accepted": None,
            "declined_reason": None,
            "completed_at": None,
            "completed_by": "",
            "key_disclosures": "",
            "version": 1,
        }
        if overdue:
            if self.chance(0.5):
                return  # no interview offered yet: overdue all the same
        elif self.chance(0.1):
            row.update(accepted=False, declined_reason=self.pick(txt.RHI_DECLINED))
        else:
            # Most within the 72 hours; a few late (still completed, so not overdue now).
            hours = self.ri(6, 70) if self.chance(0.93) else self.ri(73, 140)
            by = (
                f"{self.user_names[p.kp]} (key person)"
                if self.chance(0.7)
                else self.pick(txt.RHI_WORKERS)
            )
            row.update(
                accepted=True,
                completed_at=min(found + timedelta(hours=hours), self.cutoff),
                completed_by=by,
                key_disclosures=self.pick(txt.RHI_DISCLOSURES).format(name=p.name),
            )
        row["id"] = self._id(t.ReturnInterview)
        self.add(t.ReturnInterview, row)
