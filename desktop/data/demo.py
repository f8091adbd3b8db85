"""Fill an empty Caseboard database with deterministic synthetic demo data (no real people)."""

from __future__ import annotations

import csv
import math
import random
from bisect import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar, cast

from faker import Faker
from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from desktop.data import demo_text as txt
from desktop.data import tables as t
from desktop.data.base import Base, LocalDate, UTCDateTime
from desktop.data.database import Database
from desktop.data.reference import sample_postcodes_path
from desktop.domain.dates import LOCAL_TZ, add_months, collection_year, format_date
from desktop.domain.enums import (
    AssociateRole,
    ContactKind,
    ContactWith,
    Involvement,
    ItemTiming,
    MeetingOutcome,
    MissingKind,
    PoliceRiskGrade,
    RiskCategory,
    Role,
)
from desktop.domain.progress import Progress
from desktop.domain.records import Instrument, InstrumentBand, InstrumentItem, ItemAnswer
from desktop.domain.risk import band_for_score, score_assessment

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


def reset_id_sequences(conn: Connection) -> None:
    """On PostgreSQL, move every table's id sequence past the ids written explicitly.

    The generator inserts explicit ids (no round trips), which leaves each sequence where it
    was; without this every later insert would collide with a demo row. Generic over the
    metadata: a table with a serial or identity ``id`` is covered the day it is added.
    """
    if conn.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        sequence = conn.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar_one()
        if sequence is None:  # an id the application assigns itself
            continue
        conn.execute(
            text(
                f'SELECT setval(:sequence, (SELECT coalesce(max(id), 0) + 1 FROM "{table.name}"), '
                "false)"
            ),
            {"sequence": sequence},
        )


_SQLITE = sqlite_dialect()


def _sqlite_utc(value: datetime) -> str:
    """UTCDateTime's stored form on SQLite, from the column type itself."""
    return UTCDateTime().process_bind_param(value, _SQLITE)  # type: ignore[no-any-return]


def _sqlite_date(value: date) -> str:
    return LocalDate().process_bind_param(value, _SQLITE)  # type: ignore[no-any-return]


def _table(cls: type[Base]) -> Table:
    return cast(Table, cls.__table__)


class _Generator:
    def __init__(
        self, conn: Connection, seed: int, n: int, today: date, progress: Progress | None
    ) -> None:
        self.conn, self.n, self.today, self.progress = conn, n, today, progress
        self.rng = random.Random(seed)
        self.cutoff = _utc(today, 0)  # nothing is recorded later than the start of `today`
        self.offsets: dict[date, timedelta] = {}
        self.utc_text: dict[datetime, str] = {}
        self.rows: dict[type[Base], list[Row]] = {cls: [] for cls in ORDER}
        self.counts: Counter[str] = Counter()
        # Explicit ids continue after any rows present, so inserts need no round trips.
        self.ids: dict[type[Base], int] = {
            cls: int(
                conn.execute(select(func.coalesce(func.max(_table(cls).c.id), 0))).scalar_one()
            )
            for cls in ORDER
            if "id" in _table(cls).c
        }
        self.seraf = _Instrument(conn, "seraf")
        self.london = _Instrument(conn, "london")
        self._faker_pools(seed)
        self._postcode_pools()

    # -- set-up ---------------------------------------------------------------------------

    def _faker_pools(self, seed: int) -> None:
        # Faker is slow per call: draw fixed-size pools once, then pick with the seeded Random.
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        self.female = [fake.first_name_female() for _ in range(250)]
        self.male = [fake.first_name_male() for _ in range(250)]
        self.surnames = [fake.last_name() for _ in range(400)]
        # Plain "First Last": Faker's name() adds titles (Mrs, Dr) that read oddly on a rota.
        self.adults = [f"{fake.first_name()} {fake.last_name()}" for _ in range(200)]

    def _postcode_pools(self) -> None:
        pcs = load_postcodes()
        by_laua = Counter(p[1] for p in pcs)
        # The district most common in the sample is "home", so most placements are in-area.
        self.la_code = by_laua.most_common(1)[0][0]
        self.in_area = [p for p in pcs if p[1] == self.la_code]
        self.out_area = [p for p in pcs if p[1] != self.la_code]
        cx = sum(p[2] for p in self.in_area) / len(self.in_area)
        cy = sum(p[3] for p in self.in_area) / len(self.in_area)
        centre: Postcode = ("", self.la_code, cx, cy)
        self.far = [p for p in self.out_area if miles(centre, p) > 30] or self.out_area

    def _id(self, cls: type[Base]) -> int:
        self.ids[cls] += 1
        return self.ids[cls]

    def add(self, cls: type[Base], row: Row) -> None:
        self.rows[cls].append(row)

    def flush(self) -> None:
        for cls in ORDER:
            rows = self.rows[cls]
            if rows:
                table = _table(cls)
                if self.conn.dialect.name == "sqlite":
                    self._sqlite_insert(table, rows)
                else:
                    self.conn.execute(table.insert(), rows)
                self.counts[table.name] += len(rows)
                self.rows[cls] = []

    def _sqlite_insert(self, table: Table, rows: list[Row]) -> None:
        """The Core INSERT's own SQL, run as one DBAPI executemany over plain value lists.

        SQLAlchemy's per-row parameter processing (above all the UTC datetime type) cost four
        times what SQLite itself did: 20k young people took about a minute through
        `conn.execute(insert(), rows)`. Values are converted exactly as the column types would
        (a test pins the equivalence), and naive datetimes are refused just the same.
        """
        keys = tuple(rows[0])
        compiled = table.insert().compile(dialect=self.conn.dialect, column_keys=list(keys))
        order = compiled.positiontup or []
        get = itemgetter(*order)
        converters = [
            (n, self._sqlite_utc if isinstance(col.type, UTCDateTime) else _sqlite_date)
            for n, col in enumerate(table.c[k] for k in order)
            if isinstance(col.type, UTCDateTime | LocalDate)
        ]
        data: list[tuple[Any, ...]] = []
        for row in rows:
            values = list(get(row)) if len(order) > 1 else [get(row)]
            for n, convert in converters:
                value = values[n]
                if value is not None:
                    values[n] = convert(value)
            data.append(tuple(values))
        self.conn.exec_driver_sql(compiled.string, data)

    def _sqlite_utc(self, value: datetime) -> str:
        # Times fall on few distinct instants (quarter hours), so formatting is memoised.
        text = self.utc_text.get(value)
        if text is None:
            text = self.utc_text[value] = _sqlite_utc(value)
        return text

    def ri(self, lo: int, hi: int) -> int:
        """randint without its three Python-level calls (millions of draws at 20k)."""
        return lo + int(self.rng.random() * (hi - lo + 1))

    def at(self, d: date, hour: int, minute: int = 0) -> datetime:
        """_utc for hours 03:00-23:59, with the day's UTC offset cached (hot path at 20k)."""
        offset = self.offsets.get(d)
        if offset is None:
            offset = self.offsets[d] = _utc(d, 12) - datetime(
                d.year, d.month, d.day, 12, tzinfo=UTC
            )
        return datetime(d.year, d.month, d.day, hour, minute, tzinfo=UTC) + offset

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.rng.random() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def days(self, lo: date, hi: date) -> date:
        """A random date in lo..hi inclusive (lo when the range is empty)."""
        span = (hi - lo).days
        return lo + timedelta(days=self.ri(0, span)) if span > 0 else lo

    def chosen(self, share: float, least: int, among: Sequence[int] | None = None) -> set[int]:
        """Indexes given a feature: a share, but at least `least`, so every demo shows it."""
        pool = range(self.n) if among is None else among
        k = min(len(pool), max(least, round(share * len(pool))))
        return set(self.rng.sample(pool, k))

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
        self.people: list[_Person] = []
        self.high: list[_Person] = []  # peak score 11+: the pool for networks and meetings
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

    def _teams_and_users(self) -> list[str]:
        created = self.at(add_months(self.today, -30), 9)
        self.team_ids: dict[str, int] = {}
        self.staff: dict[str, dict[str, list[int]]] = {}
        self.user_names: dict[int, str] = {}
        usernames: list[str] = []
        # A database may already hold an administrator or teams made at first start: those
        # rows are reused by their unique name rather than duplicated.
        users, teams = _table(t.User), _table(t.Team)
        existing_users: dict[str, tuple[int, str]] = {
            r.username: (r.id, r.display_name)
            for r in self.conn.execute(select(users.c.id, users.c.username, users.c.display_name))
        }
        existing_teams: dict[str, int] = {
            r.name: r.id for r in self.conn.execute(select(teams.c.name, teams.c.id))
        }

        taken: set[str] = {name for _uid, name in existing_users.values()}

        def user(username: str, role: Role, team: str | None, agency: str = "") -> int:
            display = self.pick(self.adults)  # drawn even when reused: keeps the stream stable
            while display in taken:  # two staff with one name would make the audit ambiguous
                display = self.pick(self.adults)
            taken.add(display)
            usernames.append(username)
            if username in existing_users:
                uid, self.user_names[uid] = existing_users[username]
                return uid
            uid = self._id(t.User)
            self.user_names[uid] = display
            self.add(
                t.User,
                {
                    "id": uid,
                    "username": username,
                    "display_name": display,
                    "role": role.value,
                    "team_id": self.team_ids[team] if team else None,
                    "agency": agency or "Children's Social Care",
                    "email": f"{username}@caseboard.example",
                    "password_hash": None,
                    "active": True,
                    "failed_attempts": 0,
                    "locked_until": None,
                    "created_at": created,
                    "version": 1,
                },
            )
            return uid

        for key, team_name in TEAMS:
            if team_name in existing_teams:
                self.team_ids[key] = existing_teams[team_name]
                continue
            tid = self._id(t.Team)
            self.team_ids[key] = tid
            self.add(
                t.Team,
                {
                    "id": tid,
                    "name": team_name,
                    "local_authority_code": self.la_code,
                    "local_authority_name": LA_NAMES.get(self.la_code),
                    "version": 1,
                },
            )
        for key, _ in TEAMS:
            sws, kps = TEAM_STAFF[key]
            self.staff[key] = {
                "manager": [user(f"manager.{key}", Role.TEAM_MANAGER, key)],
                "sw": [user(f"sw.{key}{k}", Role.SOCIAL_WORKER, key) for k in range(1, sws + 1)],
                "kp": [user(f"kp.{key}{k}", Role.KEY_PERSON, key) for k in range(1, kps + 1)],
            }
        self.chair = user("chair", Role.MACSE_CHAIR, None)
        user("police.reader", Role.PARTNER_READER, None, "Police")
        user("admin", Role.ADMINISTRATOR, None)
        self.flush()
        return usernames

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

    # -- risk -----------------------------------------------------------------------------

    def _targets(self, kind: str, n: int) -> list[float]:
        """Target scores for n assessments following one trajectory archetype."""
        r = self.rng
        if n == 1:
            return [self.ri(3, 20)]
        steps = [k / (n - 1) for k in range(n)]
        if kind == "rising":
            lo, hi = self.ri(2, 7), self.ri(15, 24)
            return [lo + (hi - lo) * s for s in steps]
        if kind == "falling":
            hi, lo = self.ri(15, 24), self.ri(1, 6)
            return [hi + (lo - hi) * s for s in steps]
        if kind == "spike" and n >= 3:
            base, peak = self.ri(3, 8), self.ri(16, 25)
            top = self.ri(1, n - 2)
            return [
                base if k < top else peak - (peak - base) * (k - top) / (n - 1 - top)
                for k in range(n)
            ]
        level = r.choice((self.ri(2, 5), self.ri(7, 10), self.ri(11, 15), self.ri(16, 21)))
        return [level] * n

    def _answers(self, plan: dict[str, list[str]], target: int) -> dict[str, ItemTiming]:
        """Ticks items, a person's usual ones first, until the weights reach about `target`."""
        w, out, rem = self.seraf.weights, {}, target
        for code in plan["vulnerability"]:
            if rem <= 0:
                break
            out[code] = ItemTiming.RECENT
            rem -= w[code][0]
        for code in plan["significant"]:
            if rem < w[code][0]:
                break
            both = rem >= w[code][2] and self.chance(0.35)
            out[code] = ItemTiming.BOTH if both else ItemTiming.RECENT
            rem -= w[code][2] if both else w[code][0]
        for code in plan["moderate"]:
            if rem <= 0:
                break
            out[code] = ItemTiming.RECENT
            rem -= w[code][0]
        for code in plan["significant"]:
            if rem <= 0:
                break
            if code not in out and w[code][1] > 0:
                out[code] = ItemTiming.PAST
                rem -= w[code][1]
        return out

    def _assessments(self, i: int, p: _Person) -> None:
        rng, today, seraf = self.rng, self.today, self.seraf
        dates: list[date] = []
        d = self.days(p.start, p.start + timedelta(days=20))
        while d <= today - timedelta(days=3):
            dates.append(d)
            d += timedelta(days=self.ri(60, 120))
        if not dates:
            dates.append(today - timedelta(days=3))
        kind = ARCHETYPE.pick(rng)
        if i in self.features["rising"]:
            kind = "rising"
        elif i in self.features["falling"]:
            kind = "falling"
        targets = self._targets(kind, len(dates))
        groups = seraf.groups
        vulns = rng.sample(
            groups.get("vulnerability", []),
            min(len(groups.get("vulnerability", [])), self.ri(2, 5)),
        )
        if p.cla and "v_looked_after" in seraf.item_ids and "v_looked_after" not in vulns:
            vulns.insert(0, "v_looked_after")
        # Each person has "their" indicators, ticked first, so items recur between assessments.
        plan = {
            "vulnerability": vulns,
            "significant": rng.sample(
                groups.get("significant", []), len(groups.get("significant", []))
            ),
            "moderate": rng.sample(groups.get("moderate", []), len(groups.get("moderate", []))),
        }
        last = len(dates) - 1
        # Partners' London-protocol categories sit between scored reviews where there are any.
        london_at = self.ri(min(1, last), max(0, last - 1)) if i in self.features["london"] else -1
        correct_at = self.ri(0, last) if i in self.features["correction"] else -1
        if correct_at == london_at >= 0:
            correct_at = london_at + 1 if london_at < last else london_at - 1
        risk: list[tuple[date, RiskCategory]] = []
        previous: RiskCategory | None = None
        for k, (on, target) in enumerate(zip(dates, targets, strict=True)):
            target_score = max(0, round(target + rng.uniform(-1.5, 1.5)))
            latest = k == len(dates) - 1
            confirm_on = on + timedelta(days=self.ri(1, 7))
            confirmed = confirm_on < today and not (latest and self.chance(0.2))
            if k == london_at:
                category = band_for_score(seraf.domain, target_score).category
                band = band_for_score(self.london.domain, category.value)
                aid = self._assessment_row(
                    p,
                    self.london.id,
                    on,
                    category.value,
                    band,
                    previous,
                    confirmed,
                    confirm_on,
                    None,
                    None,
                )
                risk.append((on, band.category))
                previous = band.category
                continue
            answers = self._answers(plan, target_score)
            score = score_assessment(seraf.domain, [ItemAnswer(c, tm) for c, tm in answers.items()])
            band = band_for_score(seraf.domain, score)
            override = None
            if self.chance(0.04):
                up = band.category.value < RiskCategory.SIGNIFICANT.value and (
                    band.category.value == 0 or self.chance(0.6)
                )
                override = RiskCategory(band.category.value + (1 if up else -1))
            aid = self._assessment_row(
                p, seraf.id, on, score, band, previous, confirmed, confirm_on, override, None
            )
            self._answer_rows(aid, answers)
            effective = override or band.category
            p.peak = max(p.peak, score)
            if k == correct_at:
                # A correction is a new version superseding the original, never an edit.
                fixed = dict(answers)
                extra = next((c for c in plan["moderate"] if c not in fixed), None)
                if extra is not None:
                    fixed[extra] = ItemTiming.RECENT
                elif fixed:
                    fixed.pop(next(iter(fixed)))
                score = score_assessment(
                    seraf.domain, [ItemAnswer(c, tm) for c, tm in fixed.items()]
                )
                band = band_for_score(seraf.domain, score)
                cid = self._assessment_row(
                    p,
                    seraf.id,
                    on,
                    score,
                    band,
                    previous,
                    True,
                    confirm_on + timedelta(days=2),
                    None,
                    aid,
                )
                self._answer_rows(cid, fixed)
                effective = band.category
            risk.append((on, effective))
            previous = effective
        p.risk = risk

    def _assessment_row(
        self,
        p: _Person,
        instrument_id: int,
        on: date,
        score: int,
        band: InstrumentBand,
        previous: RiskCategory | None,
        confirmed: bool,
        confirm_on: date,
        override: RiskCategory | None,
        supersedes: int | None,
    ) -> int:
        aid = self._id(t.RiskAssessment)
        if supersedes is not None:
            rationale = self.pick(txt.CORRECTION_NOTES)
        else:
            now = override or band.category
            why = (
                txt.RATIONALE_UP
                if previous is not None and now.value > previous.value
                else txt.RATIONALE_DOWN
                if previous is not None and now.value < previous.value
                else txt.RATIONALE_SAME
                if previous is not None
                else txt.RATIONALE_UP
            )
            rationale = f"{self.pick(txt.RATIONALE_OPENERS)} {self.pick(why)}".format(name=p.name)
        reason = None
        if override is not None:
            reason = txt.OVERRIDE_REASONS[
                2 if override.value < band.category.value else self.ri(0, 1)
            ]
        self.add(
            t.RiskAssessment,
            {
                "id": aid,
                "young_person_id": p.id,
                "instrument_id": instrument_id,
                "assessed_on": on,
                "total_score": score,
                "band_label": band.label,
                "computed_category": band.category.code,
                "override_category": override.code if override else None,
                "override_reason": reason,
                "assessor_id": p.sw if self.chance(0.7) else p.kp,
                "rationale": rationale,
                "young_person_words": self.pick(txt.YP_WORDS) if self.chance(0.85) else "",
                "confirmed_by_id": p.manager if confirmed else None,
                "confirmed_at": self.at(confirm_on, self.ri(9, 17)) if confirmed else None,
                "supersedes_id": supersedes,
                "recorded_at": self.at(on + timedelta(days=2 if supersedes else 0), self.ri(9, 18)),
                "version": 1,
            },
        )
        return aid

    def _answer_rows(self, assessment_id: int, answers: dict[str, ItemTiming]) -> None:
        ids = self.seraf.item_ids
        for code, timing in answers.items():
            self.add(
                t.RiskAssessmentAnswer,
                {
                    "id": self._id(t.RiskAssessmentAnswer),
                    "assessment_id": assessment_id,
                    "item_id": ids[code],
                    "timing": timing.value,
                },
            )

    # -- missing --------------------------------------------------------------------------

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

    # -- placements -----------------------------------------------------------------------

    def _placements(self, i: int, p: _Person) -> None:
        rng, today = self.rng, self.today
        earliest = add_months(p.dob, 24)
        moves: list[date] = []
        if i in self.features["unstable"]:
            care_start = today - timedelta(days=self.ri(400, 1100))
            early = today - timedelta(days=366)
            moves += [
                self.days(care_start + timedelta(days=30), early) for _ in range(self.ri(0, 2))
            ]
            moves += [
                self.days(today - timedelta(days=350), today - timedelta(days=5))
                for _ in range(self.ri(3, 5))
            ]
        elif self.chance(0.3):  # long and stable: the current placement began 2+ years ago
            care_start = today - timedelta(days=self.ri(930, 2200))
            if self.chance(0.4):
                moves.append(
                    self.days(care_start + timedelta(days=60), today - timedelta(days=760))
                )
        else:
            care_start = today - timedelta(days=self.ri(60, 1100))
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                moves.append(self.days(care_start + timedelta(days=30), today - timedelta(days=30)))
        if i in self.features["new_placement"]:
            moves.append(today - timedelta(days=self.ri(3, 25)))
        care_start = max(care_start, earliest)
        starts = [care_start, *sorted({m for m in moves if care_start < m < today})]
        episodes: list[Row] = []
        if self.chance(0.12) and care_start - timedelta(days=400) > add_months(p.dob, 60):
            # An earlier period of care that ended with a return home, then a gap.
            s = care_start - timedelta(days=self.ri(300, 700))
            e = min(s + timedelta(days=self.ri(40, 200)), care_start - timedelta(days=30))
            episodes.append(self._episode(p, s, "S", FIRST_LS.pick(rng), self._carer(p, False)))
            episodes[-1].update(dec=e, rec=self.pick(("E4A", "E4B", "E13")))
        ls = FIRST_LS.pick(rng)
        unstable = i in self.features["unstable"]
        for k, s in enumerate(starts):
            far = k == len(starts) - 1 and i in self.features["far"]
            carer = self._carer(p, far)
            if k == 0:
                rne = "S"
            elif ls in NEXT_LS and self.chance(0.12):
                rne, ls = "B", self.pick(NEXT_LS[ls])
            else:
                rne = "P"
            if episodes and episodes[-1]["dec"] is None:
                planned = not self.chance(0.75 if unstable else 0.45)
                episodes[-1].update(
                    dec=s,
                    rec="X1",
                    reason_place_change=self.pick(PLANNED if planned else UNPLANNED),
                )
            episodes.append(self._episode(p, s, rne, ls, carer))
            end = starts[k + 1] if k + 1 < len(starts) else today
            if ls in NEXT_LS and (end - s).days > 120 and self.chance(0.25):
                # Legal status changes (e.g. s20 to a care order) while the child stays put.
                ls = self.pick(NEXT_LS[ls])
                change = self.days(s + timedelta(days=30), end - timedelta(days=30))
                episodes[-1].update(dec=change, rec="X1")
                episodes.append(self._episode(p, change, "L", ls, carer))
        for row in episodes:
            self.add(t.PlacementEpisode, row)

    def _carer(self, p: _Person, far: bool) -> tuple[str, str, str, Postcode, str | None]:
        """One placement's carer: PLACE, provider code and name, postcode, Ofsted URN."""
        rng = self.rng
        place = PLACE.pick(rng)
        if place == "K2":
            provider = "PR1" if self.chance(0.4) else "PR4"
            name, urn = (
                f"{self.pick(txt.CARE_HOMES)} Children's Home",
                f"SC{self.ri(100000, 999999)}",
            )
        elif place == "R1":
            provider = "PR4" if self.chance(0.7) else "PR5"
            name, urn = self.pick(txt.RESIDENTIAL_PROVIDERS), f"SC{self.ri(100000, 999999)}"
        elif self.chance(0.6):
            provider, name, urn = "PR1", f"In-house foster carers (FC-{self.ri(1000, 9999)})", None
        else:
            provider, name, urn = (
                "PR4",
                f"{self.pick(txt.FOSTERING_AGENCIES)} (independent fostering agency)",
                None,
            )
        roll = rng.random()
        if far:
            postcode = self._far_from(p.home)
        elif roll < 0.62:
            postcode = self._pick_postcode(self.in_area, p.home, lambda m: m <= 20)
        elif roll < 0.9:
            postcode = self._pick_postcode(self.out_area, p.home, lambda m: m <= 20)
        else:
            postcode = self._far_from(p.home)
        return place, provider, name, postcode, urn

    def _pick_postcode(self, pool: list[Postcode], home: Postcode, ok: Any) -> Postcode:
        pc = self.pick(pool)
        for _ in range(8):
            if ok(miles(home, pc)):
                break
            pc = self.pick(pool)
        return pc

    def _far_from(self, home: Postcode) -> Postcode:
        pc = self._pick_postcode(self.far, home, lambda m: m > 20)
        if miles(home, pc) <= 20:  # a home outside the usual district: take the farthest
            pc = max(self.far, key=lambda c: miles(home, c))
        return pc

    def _episode(
        self,
        p: _Person,
        decom: date,
        rne: str,
        ls: str,
        carer: tuple[str, str, str, Postcode, str | None],
    ) -> Row:
        place, provider, name, postcode, urn = carer
        return {
            "id": self._id(t.PlacementEpisode),
            "young_person_id": p.id,
            "decom": decom,
            "rne": rne,
            "legal_status": ls,
            "place": place,
            "place_provider": provider,
            "provider_name": name,
            "dec": None,
            "rec": None,
            "reason_place_change": None,
            "home_postcode": p.home[0],
            "placement_postcode": postcode[0],
            "urn": urn,
            "collection_year": collection_year(decom)[1].year,
            "version": 1,
        }

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

    # -- shared: associates, contexts, disruption, meetings -------------------------------

    def _linked_people(self, k: int) -> list[_Person]:
        """k distinct young people, mostly from those at higher risk (they share networks)."""
        pool = self.high if len(self.high) >= k and self.chance(0.8) else self.people
        return self.rng.sample(pool, min(k, len(pool)))

    def _associates_and_contexts(self) -> None:
        rng, today = self.rng, self.today
        self.context_ids: list[int] = []
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


__all__ = ["DemoSummary", "generate_demo_data", "load_postcodes", "miles", "sample_postcodes_path"]
