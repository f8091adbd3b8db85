"""Fill an empty Caseboard database with deterministic synthetic demo data (no real people)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from desktop.data import demo_text as txt
from desktop.data import tables as t
from desktop.data.database import Database
from desktop.data.demo_contacts import _ContactsPart
from desktop.data.demo_meetings import _MeetingsPart
from desktop.data.demo_missing import _MissingPart
from desktop.data.demo_network import _NetworkPart
from desktop.data.demo_placements import _PlacementsPart
from desktop.data.demo_risk import _RiskPart
from desktop.data.demo_setup import (
    AGES,
    BATCH,
    ETHNICITY,
    GENDER,
    INVOLVEMENT,
    TEAMS,
    DemoSummary,
    _Person,
    load_postcodes,
    miles,
)
from desktop.data.demo_users import _UsersPart
from desktop.data.demo_writer import _sqlite_utc, reset_id_sequences
from desktop.data.reference import sample_postcodes_path
from desktop.domain.dates import add_months
from desktop.domain.enums import Involvement
from desktop.domain.progress import Progress

__all__ = [
    "DemoSummary",
    "_sqlite_utc",
    "generate_demo_data",
    "load_postcodes",
    "miles",
    "reset_id_sequences",
    "sample_postcodes_path",
]


def generate_demo_data(
    db: Database,
    *,
    seed: int = 1,
    young_people: int = 60,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty migrated database in one transaction; ValueError if it has young people.

    Same seed, count and `today` give identical data. Progress may raise Cancelled, which
    rolls everything back.
    """
    if young_people < 0:
        raise ValueError("young_people must not be negative")
    with db.engine.begin() as conn:
        yp = t.YoungPerson.__table__
        if conn.execute(select(func.count()).select_from(yp)).scalar_one():
            raise ValueError(
                "the database already holds young people; demo data needs an empty one"
            )
        gen = _Generator(conn, seed, young_people, today or date.today(), progress)
        summary = gen.run()
        reset_id_sequences(conn)
        return summary


class _Generator(
    _UsersPart, _RiskPart, _MissingPart, _PlacementsPart, _ContactsPart, _NetworkPart, _MeetingsPart
):
    """The whole run: teams and users, then each young person, then what they share."""

    # -- the run --------------------------------------------------------------------------

    def run(self) -> DemoSummary:
        self._report(0, "Creating teams and users")
        usernames = self._teams_and_users()
        rng, n = self.rng, self.n
        involvement = [INVOLVEMENT.pick(rng) for _ in range(n)]
        cla = [i for i in range(n) if involvement[i] is Involvement.CLA]
        self.features = {
            # At least one per team (indexes of one parity stay in one team, see _young_person),
            # so every worker's demo caseload shows how a restricted record looks.
            "restricted": self.chosen(0.05, 1, range(0, n, 2))
            | self.chosen(0.05, 1 if n > 1 else 0, range(1, n, 2)),
            "currently_missing": self.chosen(0.02, 1),
            "rhi_overdue": self.chosen(0.05, 2),
            "repeat_missing": self.chosen(0.12, 2),
            "contact_gap": self.chosen(0.15, 2),
            "correction": self.chosen(0.03, 2),
            "london": self.chosen(0.05, 2),
            "flag": self.chosen(0.06, 1),
            "unstable": self.chosen(0.20, 1, cla),
            "far": self.chosen(0.12, 1, cla),
            "new_placement": self.chosen(0.04, 1, cla),
            "rising": self.chosen(0.05, 1),
            "falling": self.chosen(0.05, 1),
        }
        references = rng.sample(range(100000, 1000000), n)
        self.people = []
        self.high = []  # peak score 11+: the pool for networks and meetings
        for i in range(n):
            self._young_person(i, involvement[i], references[i])
            if (i + 1) % BATCH == 0 or i + 1 == n:
                self.flush()
                self._report(i + 1, f"Young people: {i + 1} of {n}")
        self._associates_and_contexts()
        self._meetings()
        self.flush()
        self._report(n, "Demo data written")
        counts: dict[str, Any] = {
            f.name: self.counts[f.name] for f in fields(DemoSummary) if f.name != "usernames"
        }
        return DemoSummary(**counts, usernames=tuple(usernames))

    def _report(self, done: int, message: str) -> None:
        if self.progress is not None:
            self.progress.report(done, self.n, message)

    # -- one young person -----------------------------------------------------------------

    def _young_person(self, i: int, involvement: Involvement, reference: int) -> None:
        rng, today = self.rng, self.today
        moved = rng.random() >= 0.9 and i not in self.features["restricted"]
        team = TEAMS[(i + 1) % 2][0] if moved else TEAMS[i % 2][0]
        staff = self.staff[team]
        gender = GENDER.pick(rng)
        female = gender == "Female" or (gender != "Male" and self.chance(0.5))
        first = self.pick(self.female if female else self.male)
        preferred = self.pick(txt.NICKNAMES) if self.chance(0.15) else None
        age = AGES.pick(rng)
        # A birthday in (today - (age+1) years, today - age years] makes the age exactly `age`.
        dob = self.days(
            add_months(today, -12 * (age + 1)) + timedelta(days=1), add_months(today, -12 * age)
        )
        home = self.pick(self.in_area) if self.chance(0.92) else self.pick(self.out_area)
        history = self.ri(90, 730) if self.chance(0.3) else self.ri(600, 730)
        start = max(today - timedelta(days=history), add_months(dob, 120))
        target_days = 14 if self.chance(0.12) else None
        p = _Person(
            id=self._id(t.YoungPerson),
            team=team,
            sw=self.pick(staff["sw"]),
            kp=self.pick(staff["kp"]),
            manager=staff["manager"][0],
            name=preferred or first,
            dob=dob,
            cla=involvement is Involvement.CLA,
            home=home,
            start=start,
            target=target_days or 7,
        )
        school = self.pick(txt.SCHOOLS)
        while age < 16 and school in txt.POST16:
            school = self.pick(txt.SCHOOLS)
        restricted = i in self.features["restricted"]
        plan = " ".join(
            s.format(name=p.name) for s in rng.sample(txt.PLAN_SENTENCES, self.ri(2, 4))
        )
        self.add(
            t.YoungPerson,
            {
                "id": p.id,
                "reference": f"CB{reference:06d}",
                "first_name": first,
                "last_name": self.pick(self.surnames),
                "preferred_name": preferred,
                "date_of_birth": dob,
                "gender": gender,
                "ethnicity": ETHNICITY.pick(rng),
                "involvement": involvement.value,
                "school": school,
                "home_postcode": home[0],
                "responsible_la_code": self.la_code,
                "team_id": self.team_ids[team],
                "social_worker_id": p.sw,
                "key_person_id": p.kp,
                "contact_target_days": target_days,
                "restricted": restricted,
                "photo": None,
                "plan": plan,
                "created_at": self.at(start, 10),
                "closed_on": None,
                "version": 1,
            },
        )
        if restricted:
            for uid in (p.sw, p.kp):
                self.add(
                    t.YoungPersonAccess,
                    {
                        "young_person_id": p.id,
                        "user_id": uid,
                        "granted_by_id": p.manager,
                        "granted_at": self.at(start, 11),
                    },
                )
        self._assessments(i, p)
        self._missing(i, p)
        if p.cla:
            self._placements(i, p)
        self._contacts(i, p)
        self._chronology(p)
        self._supervision(p)
        if i in self.features["flag"]:
            label, reason = self.pick(txt.MANUAL_FLAGS)
            raised = self.days(today - timedelta(days=90), today - timedelta(days=1))
            self.add(
                t.ManualFlag,
                {
                    "id": self._id(t.ManualFlag),
                    "young_person_id": p.id,
                    "label": label,
                    "reason": reason,
                    "raised_by_id": p.sw,
                    "raised_at": self.at(raised, 11),
                    "cleared_at": self.at(raised + timedelta(days=20), 12)
                    if self.chance(0.3) and raised + timedelta(days=20) < today
                    else None,
                    "version": 1,
                },
            )
        self.people.append(p)
        if p.peak >= 11:
            self.high.append(p)
