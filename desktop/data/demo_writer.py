"""Demo data: the generator's state, its batched inserts and the id sequences after them."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import Any, cast

from faker import Faker
from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from desktop.data.base import Base, LocalDate, UTCDateTime
from desktop.data.demo_setup import (
    ORDER,
    Postcode,
    Row,
    T,
    _Instrument,
    _Person,
    _utc,
    load_postcodes,
    miles,
)
from desktop.domain.progress import Progress


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


class _GeneratorBase:
    """The generator's state, batched inserts and seeded random helpers."""

    # Set while the run goes; declared here so every part of the generator can use them.
    features: dict[str, set[int]]
    people: list[_Person]
    high: list[_Person]  # peak score 11+: the pool for networks and meetings
    team_ids: dict[str, int]
    staff: dict[str, dict[str, list[int]]]
    user_names: dict[int, str]
    chair: int
    context_ids: list[int]

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
