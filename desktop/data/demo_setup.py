"""Demo data: the fixed shapes and weights the generator draws from, and its small records."""

from __future__ import annotations

import csv
import math
import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, select

from desktop.data import demo_text as txt
from desktop.data import tables as t
from desktop.data.base import Base
from desktop.data.reference import sample_postcodes_path
from desktop.domain.dates import LOCAL_TZ
from desktop.domain.enums import (
    ContactKind,
    ContactWith,
    Involvement,
    PoliceRiskGrade,
    RiskCategory,
)
from desktop.domain.records import Instrument, InstrumentBand, InstrumentItem

T = TypeVar("T")
Row = dict[str, Any]
BATCH = 500  # young people per insert batch: bounds memory at 20k and paces progress reports

TEAMS = (("north", "Exploitation Team North"), ("south", "Exploitation Team South"))
#: Workers per team: (social workers, key persons); the teams differ on purpose.
TEAM_STAFF = {"north": (3, 2), "south": (2, 1)}
UNPLANNED = ("CREQB", "CREQO", "CHILD", "ALLEG", "STAND", "CLOSE")
PLANNED = ("CARPL", "APPRR", "LAREQ", "PLACE", "OTHER")
#: Names for the districts the bundled sample is mostly drawn from (the CSV holds codes only).
LA_NAMES = {"E08000035": "Leeds", "E08000032": "Bradford", "E08000034": "Kirklees"}
LAG_HOURS = [timedelta(hours=h) for h in range(31)]  # event to record, precomputed
AGENDA = (
    "1. Introductions and apologies\n2. Actions from the last meeting\n3. Cohort review\n"
    "4. VOLT themes: victims, offenders, locations, trends\n5. Disruption update\n"
    "6. Any other business"
)
HANDLING = "Handling: not to be shared beyond the meeting without the chair's agreement."
#: FK-safe insert order; every table the generator writes.
ORDER: tuple[type[Base], ...] = (
    t.Team,
    t.User,
    t.YoungPerson,
    t.YoungPersonAccess,
    t.RiskAssessment,
    t.RiskAssessmentAnswer,
    t.MissingEpisode,
    t.ReturnInterview,
    t.PlacementEpisode,
    t.Contact,
    t.ChronologyEntry,
    t.SupervisionRecord,
    t.ManualFlag,
    t.Associate,
    t.AssociateLink,
    t.Context,
    t.ContextLink,
    t.DisruptionActivity,
    t.Meeting,
    t.MeetingAttendee,
    t.MeetingCohort,
    t.Action,
    t.ActionUpdate,
)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """Rows written per table, and the usernames a demo can sign in as."""

    team: int
    app_user: int
    young_person: int
    young_person_access: int
    risk_assessment: int
    risk_assessment_answer: int
    missing_episode: int
    return_interview: int
    placement_episode: int
    contact: int
    chronology_entry: int
    supervision_record: int
    manual_flag: int
    associate: int
    associate_link: int
    context: int
    context_link: int
    disruption_activity: int
    meeting: int
    meeting_attendee: int
    meeting_cohort: int
    action: int
    action_update: int
    usernames: tuple[str, ...]

    def counts(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "usernames"}


Postcode = tuple[str, str, float, float]  # postcode, laua, easting, northing


def load_postcodes(path: Path | None = None) -> list[Postcode]:
    with (path or sample_postcodes_path()).open(newline="", encoding="utf-8") as fh:
        return [
            (r["postcode"], r["laua"], float(r["oseast1m"]), float(r["osnrth1m"]))
            for r in csv.DictReader(fh)
            if r["oseast1m"] and r["osnrth1m"]
        ]


def miles(a: Postcode, b: Postcode) -> float:
    """DOMAIN.md's straight-line distance over OS grid metres."""
    return math.hypot(a[2] - b[2], a[3] - b[3]) / 1000 / 1.6093


def _utc(d: date, hour: int, minute: int = 0) -> datetime:
    """A UK wall-clock time on `d`, as the aware UTC datetime the schema stores."""
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=LOCAL_TZ).astimezone(UTC)


class _Weighted:
    """Fast repeated weighted choice (random.choices rebuilds its table on every call)."""

    def __init__(self, pairs: Sequence[tuple[Any, int]]) -> None:
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect(self.cum, rng.random() * self.cum[-1])]


AGES = _Weighted([(11, 4), (12, 8), (13, 14), (14, 20), (15, 22), (16, 18), (17, 14)])
ETHNICITY = _Weighted(txt.ETHNICITIES)
GENDER = _Weighted(txt.GENDERS)
INVOLVEMENT = _Weighted(
    [
        (Involvement.EARLY_HELP, 15),
        (Involvement.CIN, 25),
        (Involvement.CP, 20),
        (Involvement.CLA, 40),
    ]
)
ARCHETYPE = _Weighted([("rising", 25), ("falling", 30), ("plateau", 30), ("spike", 15)])
# Contact codes as plain strings: enum attribute access is measurable over a million rows.
FACE_TO_FACE, MESSAGE = ContactKind.FACE_TO_FACE.value, ContactKind.MESSAGE.value
FAILED, YOUNG_PERSON = ContactKind.FAILED_ATTEMPT.value, ContactWith.YOUNG_PERSON.value
CONTACT_KIND = _Weighted(
    [(FACE_TO_FACE, 70), (ContactKind.PHONE.value, 15), (ContactKind.VIDEO.value, 5), (MESSAGE, 10)]
)
WITH_WHOM = _Weighted(
    [(YOUNG_PERSON, 85), (ContactWith.PARENT_CARER.value, 10), (ContactWith.PROFESSIONAL.value, 5)]
)
POLICE_GRADE = _Weighted(
    [
        (PoliceRiskGrade.NO_APPARENT_RISK, 10),
        (PoliceRiskGrade.LOW, 35),
        (PoliceRiskGrade.MEDIUM, 45),
        (PoliceRiskGrade.HIGH, 10),
    ]
)
PLACE = _Weighted(
    [("U6", 30), ("U4", 15), ("U1", 6), ("U3", 5), ("U5", 4), ("U2", 3), ("K2", 28), ("R1", 9)]
)
FIRST_LS = _Weighted([("V2", 40), ("C1", 20), ("C2", 33), ("J2", 4), ("E1", 3)])
#: Legal status changes an L (or B) episode may record.
NEXT_LS = {"V2": ("C1", "C2"), "C1": ("C2",), "J2": ("V2",)}


@dataclass(slots=True)
class _Person:
    id: int
    team: str
    sw: int
    kp: int
    manager: int
    name: str  # as used in text: preferred name, else first name
    dob: date
    cla: bool
    home: Postcode
    start: date  # when the service's involvement (and the demo history) begins
    target: int  # contact cadence target in days (the council default when unset)
    peak: int = 0
    #: (assessed_on, effective category) of effective assessments, oldest first.
    risk: list[tuple[date, RiskCategory]] | None = None


class _Instrument:
    """An instrument as stored in the database (scoring uses the domain rules)."""

    def __init__(self, conn: Connection, code: str) -> None:
        ins = t.RiskInstrument.__table__
        row = conn.execute(
            select(ins.c.id, ins.c.name, ins.c.kind).where(ins.c.code == code)
        ).first()
        if row is None:
            raise ValueError(f"the database has no risk instrument {code!r}; was it migrated?")
        self.id: int = row.id
        it, bd = t.RiskInstrumentItem.__table__, t.RiskBand.__table__
        items = conn.execute(
            select(it).where(it.c.instrument_id == row.id).order_by(it.c.sort_order)
        ).all()
        bands = conn.execute(
            select(bd).where(bd.c.instrument_id == row.id).order_by(bd.c.min_score)
        ).all()
        self.item_ids = {i.code: i.id for i in items}
        self.groups: dict[str, list[str]] = {}
        for i in items:
            self.groups.setdefault(i.group, []).append(i.code)
        self.domain = Instrument(
            code,
            row.name,
            row.kind,
            tuple(
                InstrumentItem(
                    i.code, i.label, i.group, i.weight_recent, i.weight_past, i.weight_both
                )
                for i in items
            ),
            tuple(
                InstrumentBand(
                    b.label, RiskCategory.from_code(b.category), b.min_score, b.max_score
                )
                for b in bands
            ),
        )
        self.weights = {i.code: (i.weight_recent, i.weight_past, i.weight_both) for i in items}
