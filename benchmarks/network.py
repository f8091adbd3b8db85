"""Over the network: round trips and time to open a young person and load the caseload.

Against a throwaway PostgreSQL server (tests/pg.py) holding 2,000 demo young people. Latency
is simulated: every round trip sleeps 20 ms on the client (before each statement, in a
``before_cursor_execute`` event, and at each BEGIN/COMMIT/ROLLBACK and pool pre-ping, which
are round trips too). Statements are counted separately from those transaction round trips.
Skips, saying why, when the PostgreSQL server binaries are absent.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, func, select

#: Added per round trip.
LATENCY = 0.020
GOAL_ROUND_TRIPS = 12
GOAL_OPEN_MS = 400


def _line(name: str, value: str, goal: str = "") -> None:
    print(f"  {name:<52} {value:>14}   {goal}")


class Wire:
    """Counts statements and transaction round trips on an engine; optionally sleeps on each."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.statements = 0
        self.control = 0  # BEGIN, COMMIT, ROLLBACK, pre-ping
        self.latency = 0.0
        event.listen(engine, "before_cursor_execute", self._statement)
        for name in ("begin", "commit", "rollback"):
            event.listen(engine, name, self._control)
        event.listen(engine.pool, "checkout", self._ping)

    def _sleep(self) -> None:
        if self.latency:
            time.sleep(self.latency)

    def _statement(self, *_args: Any) -> None:
        self.statements += 1
        self._sleep()

    def _control(self, *_args: Any) -> None:
        self.control += 1
        self._sleep()

    def _ping(self, *_args: Any) -> None:  # pool_pre_ping's SELECT 1 on every checkout
        self.control += 1
        self._sleep()

    @contextmanager
    def measure(self, latency: float = 0.0) -> Iterator[dict[str, float]]:
        self.statements = self.control = 0
        self.latency = latency
        out: dict[str, float] = {}
        start = time.perf_counter()
        try:
            yield out
        finally:
            out["ms"] = (time.perf_counter() - start) * 1000
            out["statements"] = self.statements
            out["round_trips"] = self.statements + self.control
            self.latency = 0.0


def _median(wire: Wire, fn: Callable[[], object], repeat: int, latency: float) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        with wire.measure(latency) as m:
            fn()
        runs.append(m)
    return {
        "ms": statistics.median(r["ms"] for r in runs),
        "statements": runs[-1]["statements"],
        "round_trips": runs[-1]["round_trips"],
    }


def run(repeat: int = 5, young_people: int = 2000, seed: int = 1) -> None:
    from tests.pg import PostgresServer, PostgresUnavailable

    print(f"Over the network (PostgreSQL, {young_people} demo young people, "
          f"{LATENCY * 1000:.0f} ms simulated per round trip)")  # fmt: skip
    try:
        server = PostgresServer.create()
    except PostgresUnavailable as exc:
        print(f"  skipped: {exc}")
        return
    try:
        server.start()
        _run(server, repeat, young_people, seed)
    finally:
        server.remove()


def _run(server: Any, repeat: int, young_people: int, seed: int) -> None:
    from desktop.data.database import open_database
    from desktop.data.reference import load_postcodes
    from desktop.data.repositories import users as users_repo
    from desktop.data.tables import ChronologyEntry, Contact, YoungPerson
    from desktop.domain.actor import Actor
    from desktop.services.caseload import CaseloadService
    from desktop.services.demo import create_demo_database
    from desktop.services.person import PersonService

    url = server.create_database("bench")
    db = open_database(url, create=True)
    start = time.perf_counter()
    create_demo_database(db, seed=seed, young_people=young_people)
    _line("demo data generated on PostgreSQL", f"{time.perf_counter() - start:.1f} s")
    with db.begin() as s:
        chair = users_repo.by_username(s, "chair")
        assert chair is not None
        actor = Actor(chair.id, chair.username, chair.display_name, chair.role, chair.team_id)
        entries = (
            select(func.count(ChronologyEntry.id))
            .where(ChronologyEntry.young_person_id == YoungPerson.id)
            .scalar_subquery()
        )
        contacts = (
            select(func.count(Contact.id))
            .where(Contact.young_person_id == YoungPerson.id)
            .scalar_subquery()
        )
        size = (
            select(YoungPerson.id, entries + contacts)
            .where(YoungPerson.restricted.is_(False), YoungPerson.closed_on.is_(None))
            .order_by(entries + contacts, YoungPerson.id)
        )
        ranked = s.execute(size).all()
    small_id, small_n = ranked[0]
    large_id, large_n = ranked[-1]
    postcodes = load_postcodes()
    persons = PersonService(db, postcodes=postcodes)
    caseload = CaseloadService(db, postcodes=postcodes)
    wire = Wire(db.engine)
    persons.open(actor, large_id)  # warm caches and the pool
    rows = caseload.load(actor)

    results: dict[str, dict[str, float]] = {}
    for label, fn in (
        (f"open a small record ({small_n} chronology + contacts)",
         lambda: persons.open(actor, small_id)),
        (f"open the largest record ({large_n} chronology + contacts)",
         lambda: persons.open(actor, large_id)),
        (f"load the caseload ({len(rows)} rows, chair)", lambda: caseload.load(actor)),
        ("refresh 3 caseload rows (live refresh)",
         lambda: caseload.rows(actor, [small_id, large_id, rows[0].id])),
    ):  # fmt: skip
        local = _median(wire, fn, repeat, 0.0)
        slow = _median(wire, fn, max(3, repeat // 2), LATENCY)
        results[label] = slow
        goal = f"goal <= {GOAL_ROUND_TRIPS}" if "refresh" not in label else ""
        _line(label, "")
        _line("  statements / round trips incl. BEGIN, COMMIT, ping",
              f"{local['statements']:.0f} / {local['round_trips']:.0f}", goal)  # fmt: skip
        _line("  time on a local socket", f"{local['ms']:.0f} ms")
        open_goal = f"goal <= {GOAL_OPEN_MS} ms" if label.startswith("open") else ""
        _line(f"  time with {LATENCY * 1000:.0f} ms per round trip", f"{slow['ms']:.0f} ms",
              open_goal)  # fmt: skip
        _line("  of which simulated latency",
              f"{slow['round_trips'] * LATENCY * 1000:.0f} ms")  # fmt: skip
    labels = list(results)
    small, large = results[labels[0]], results[labels[1]]
    _line("largest / small record: round trips",
          f"{large['round_trips'] / small['round_trips']:.2f}x", "goal 1.00x (fixed)")  # fmt: skip
    _line("largest / small record: time with latency", f"{large['ms'] / small['ms']:.2f}x")
    db.dispose()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks.network", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--young-people", type=int, default=2000)
    args = parser.parse_args()
    run(args.repeat, args.young_people)
