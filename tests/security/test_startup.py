"""A start-up nobody waits for: nothing loads at start that the caseload does not need.

Each check runs the real app in a fresh process and looks at what it imported: Alembic only
when a migration is due, never Faker in the app, and no feature's views (meetings, packs,
charts, the audit viewer...) until someone opens them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.data.schema import HEAD_REVISION, KNOWN_REVISIONS, REVISIONS
from desktop.services.demo import DEMO_PASSWORD

#: Modules the caseload never needs; each costs start-up time (or belongs to demo data only).
NOT_AT_START = (
    "alembic",  # only when a migration is due
    "faker",  # demo data generation only
    "reportlab",  # packs and PDFs
    "pyqtgraph",  # charts
    "desktop.data.demo",
    "desktop.views.meetings.view",
    "desktop.views.meetings.pack_dialog",
    "desktop.views.admin.audit_viewer",
    "desktop.views.admin.users",
    "desktop.views.meetings.shared_documents",
    "desktop.views.person.risk_chart",
    "desktop.views.person.view",
    "desktop.reports.pack",
)


def _modules_after(code: str, stdin: str = "") -> set[str]:
    """Run ``code`` in a fresh interpreter; the names in sys.modules when it finished."""
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))\n"
    proc = subprocess.run(
        [sys.executable, "-c", script],
        input=stdin, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("startup") / "demo.db"
    assert main(["demo-data", "--database", f"sqlite:///{path}", "--young-people", "4"]) == 0
    return f"sqlite:///{path}"


def test_schema_constants_match_the_migrations() -> None:
    """Adding a migration without listing it in desktop/data/schema.py fails here."""
    from alembic.script import ScriptDirectory

    from desktop.data.database import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == HEAD_REVISION
    walked = [rev.revision for rev in script.walk_revisions()]  # newest first
    assert tuple(reversed(walked)) == REVISIONS
    assert frozenset(walked) == KNOWN_REVISIONS


def test_opening_an_up_to_date_database_does_not_load_alembic(demo_db: str) -> None:
    modules = _modules_after(
        "from desktop.data.database import open_database\n"
        f"db = open_database({demo_db!r})\n"
        "assert db.found_revision is not None\n"
        "db.dispose()"
    )
    assert "sqlalchemy" in modules  # the check did run against the database
    assert not _loaded(modules, "alembic")


def test_a_database_that_needs_migrating_still_migrates(tmp_path: Path) -> None:
    from desktop.data.database import open_database

    db = open_database(f"sqlite:///{tmp_path / 'new.db'}", create=True)
    try:
        assert db.found_revision is None
        with db.begin() as session:
            from sqlalchemy import text

            found = session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        assert found == HEAD_REVISION
    finally:
        db.dispose()


def test_start_to_painted_caseload_loads_only_what_the_caseload_needs(
    demo_db: str, tmp_path: Path
) -> None:
    out = tmp_path / "shot.png"
    modules = _modules_after(
        "from desktop.cli import main\n"
        f"code = main(['--database', {demo_db!r}, '--user', 'chair', '--screenshot', {str(out)!r}])\n"
        "assert code == 0, code",
        stdin=DEMO_PASSWORD + "\n",
    )
    assert out.exists()  # the caseload was painted
    assert "desktop.views.caseload" in modules
    loaded = [name for name in NOT_AT_START if _loaded(modules, name)]
    assert loaded == []


def test_version_loads_neither_qt_nor_the_database() -> None:
    modules = _modules_after(
        "from desktop.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert not _loaded(modules, "PySide6")
    assert not _loaded(modules, "sqlalchemy")


def test_the_postcode_table_is_read_on_its_first_lookup_and_answers_the_same() -> None:
    from desktop.data.reference import LazyPostcodeDirectory, load_postcodes, sample_postcodes_path

    eager = load_postcodes(sample_postcodes_path())
    lazy = LazyPostcodeDirectory(sample_postcodes_path())
    assert eager is not None
    assert lazy.fingerprint  # known without reading the table (summaries use it)
    assert lazy._loaded is False
    some = next(iter(eager._index))
    assert lazy.lookup(some) == eager.lookup(some)
    assert lazy._loaded is True
    assert len(lazy) == len(eager)
    assert lazy.laua(some) == eager.laua(some)
    # summaries stored by one (an export, a benchmark) stay good for the other (the app)
    assert lazy.fingerprint == eager.fingerprint


def test_a_lazy_service_is_built_once_on_first_use() -> None:
    from desktop.services.lazy import Lazy

    built: list[int] = []

    class Service:
        def hello(self) -> str:
            return "hello"

    def build() -> Service:
        built.append(1)
        return Service()

    service = Lazy(build)
    assert built == []
    assert service.hello() == "hello"
    assert service.hello() == "hello"
    assert built == [1]


# -- the warm caseload load -------------------------------------------------------------------


@pytest.fixture
def caseload_world(db):  # type: ignore[no-untyped-def]
    from desktop.domain.enums import Role
    from tests import factories as f

    with db.begin() as s:
        north = f.team(s, "North")
        worker = f.user(s, north, Role.SOCIAL_WORKER, "sw.north")
        chair = f.user(s, None, Role.MACSE_CHAIR, "chair")
        people = [
            f.young_person(s, north, first=f"Young{n}", last=f"Person{n:03d}", worker=worker)
            for n in range(80)
        ]
        return {"chair": f.actor(chair), "people": [p.id for p in people]}


def _service(db):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from desktop.services.caseload import CaseloadService

    return CaseloadService(db, clock=lambda: datetime(2026, 11, 23, 12, 0, tzinfo=UTC))


def test_a_later_load_hands_back_unchanged_rows_and_rebuilds_changed_ones(
    db, caseload_world
) -> None:  # type: ignore[no-untyped-def]
    from desktop.domain.actor import Actor
    from desktop.domain.enums import FlagCode
    from tests import factories as f

    service, chair = _service(db), caseload_world["chair"]
    service.load(chair)  # works out and stores every summary
    first = {r.id: r for r in service.load(chair)}
    flagged = caseload_world["people"][0]
    with db.begin() as s:
        from desktop.data.tables import YoungPerson

        f.manual_flag(s, s.get(YoungPerson, flagged), "Concern", "Seen with an adult of concern")
    glass = caseload_world["people"][1]
    opened = Actor(**{**vars_of(chair), "break_glass": frozenset({glass})})
    again = {r.id: r for r in service.load(opened)}
    unchanged = [i for i in caseload_world["people"] if i not in (flagged, glass)]
    assert all(again[i] is first[i] for i in unchanged)  # not built again
    assert FlagCode.MANUAL in {fl.code for fl in again[flagged].flags}  # the change shows
    assert FlagCode.MANUAL not in {fl.code for fl in first[flagged].flags}
    assert again[glass] == first[glass] and again[glass] is not first[glass]


def vars_of(actor):  # type: ignore[no-untyped-def]
    from dataclasses import fields

    return {field.name: getattr(actor, field.name) for field in fields(actor)}


def test_a_caseload_load_runs_no_garbage_collection_pass(db, caseload_world) -> None:  # type: ignore[no-untyped-def]
    import gc

    service, chair = _service(db), caseload_world["chair"]
    service.load(chair)
    passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.collect()
    gc.set_threshold(50)  # as a 20,000-row load would trigger them, with 80 rows
    gc.callbacks.append(count)
    # the load itself, without the one-query session check every service call makes first
    load = type(service).load.__wrapped__  # type: ignore[attr-defined]
    try:
        rows = load(service, chair)
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(700, 10, 10)
    assert len(rows) == 80
    assert len(passes) <= 1  # at most the one held off until the rows were built
    assert gc.isenabled()


def test_sqlite_connections_keep_a_larger_page_cache(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() <= -65536  # KiB


# -- the sign-in dialog before the database ---------------------------------------------------

_AT_THE_DIALOG = """
from PySide6.QtCore import QTimer
from desktop.views.session import sign_in
shown = sign_in.SignInDialog.exec
seen = {{}}
def exec_(dialog):
    seen["sqlalchemy at the dialog"] = "sqlalchemy" in sys.modules
    seen["demo hint"] = not dialog.demo_label.isHidden()
    seen["username"] = dialog.username_edit.text()
    def go():
        {action}
    QTimer.singleShot(20, go)
    return shown(dialog)
sign_in.SignInDialog.exec = exec_
from PySide6.QtWidgets import QMessageBox
QMessageBox.exec = lambda box: seen.setdefault("message box", box.text()) and 0
import desktop.views.main_window as mw
started = mw.MainWindow.start
def start(window):
    seen["signed in as"] = window._actor.username
    QTimer.singleShot(50, window.close)
    return started(window)
mw.MainWindow.start = start
from desktop.cli import main
seen["exit"] = main(["--database", {url!r}])
print(json.dumps(seen))
"""


def _at_the_dialog(url: str, action: str) -> dict[str, object]:
    script = "import sys, json\n" + _AT_THE_DIALOG.format(url=url, action=action)
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["stderr"] = proc.stderr
    return result


def test_the_sign_in_dialog_shows_before_the_database_is_opened(demo_db: str) -> None:
    seen = _at_the_dialog(
        demo_db,
        "dialog.username_edit.setText('chair'); "
        f"dialog.password_edit.setText({DEMO_PASSWORD!r}); dialog.sign_in()",
    )
    assert seen["sqlalchemy at the dialog"] is False  # laid out before any database work
    assert seen["demo hint"] is True and seen["username"] == "manager.north"
    assert seen["signed in as"] == "chair"  # signing in waited for the database and went on
    assert seen["exit"] == 0


def test_cancelling_the_early_dialog_ends_caseboard_quietly(demo_db: str) -> None:
    seen = _at_the_dialog(demo_db, "dialog.reject()")
    assert seen["exit"] == 0
    assert "signed in as" not in seen


def test_a_database_that_cannot_open_closes_the_early_dialog_with_one_line(
    tmp_path: Path,
) -> None:
    import sqlite3

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE x (a)")
    before = foreign.read_bytes()
    seen = _at_the_dialog(f"sqlite:///{foreign}", "pass  # the person is still typing")
    assert seen["exit"] == 1
    assert "signed in as" not in seen
    lines = [line for line in str(seen["stderr"]).splitlines() if line.startswith("caseboard:")]
    assert lines == [
        f"caseboard: {foreign} is an SQLite file but not a Caseboard database "
        "(it has no Caseboard schema version)"
    ]
    assert "Traceback" not in str(seen["stderr"])
    assert seen["message box"] == lines[0].removeprefix("caseboard: ")
    assert foreign.read_bytes() == before  # nothing changed
