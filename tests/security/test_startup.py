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
    "desktop.views.meetings_view",
    "desktop.views.pack_dialog",
    "desktop.views.audit_viewer",
    "desktop.views.users_admin",
    "desktop.views.shared_documents",
    "desktop.views.charts",
    "desktop.views.person_view",
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

    db = open_database(f"sqlite:///{tmp_path / 'new.db'}")
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
