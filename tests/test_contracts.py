"""Each import-linter contract fails when it should: a probe import breaks it.

The package and pyproject.toml are copied to a temporary folder, one probe line is added to one
module, and ``lint-imports`` run there must exit non-zero naming that contract as broken. A
contract that passes with the probe in place guards nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

#: contract name -> (module path, probe line that must break it)
PROBES: dict[str, tuple[str, str]] = {
    "The core (domain, data, services, reports) is Qt-free": (
        "desktop/services/clock.py",
        "import PySide6.QtCore",
    ),
    "The UI (views, models, tasks) never touches the database": (
        "desktop/models/table.py",
        "import sqlalchemy",
    ),
    "The domain imports no SQLAlchemy, Qt or other layer": (
        "desktop/domain/risk.py",
        "import sqlalchemy",
    ),
    "Reports import no SQLAlchemy or Qt": (
        "desktop/reports/sections.py",
        "import sqlalchemy",
    ),
    "Views and models reach services only through desktop.interfaces": (
        "desktop/views/caseload.py",
        "import desktop.services.caseload",
    ),
    "Layers: views > models > tasks > interfaces > services > data | reports > domain": (
        "desktop/profiles.py",
        "import desktop.app",
    ),
}


def contract_names() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [c["name"] for c in config["tool"]["importlinter"]["contracts"]]


def lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(where / "pyproject.toml"), "--no-cache"],
        cwd=where,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(where)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def broken_contracts(output: str) -> set[str]:
    return {
        line.removesuffix("BROKEN").strip()
        for line in output.splitlines()
        if line.rstrip().endswith("BROKEN")
    }


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("contracts")
    shutil.copytree(
        ROOT / "desktop",
        where / "desktop",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "migrations"),
    )
    shutil.copy(ROOT / "pyproject.toml", where / "pyproject.toml")
    return where


def test_every_contract_has_a_probe() -> None:
    assert sorted(PROBES) == sorted(contract_names())


def test_the_contracts_hold_without_a_probe(package_copy: Path) -> None:
    result = lint_imports(package_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert broken_contracts(result.stdout) == set()


@pytest.mark.parametrize("contract", sorted(PROBES))
def test_a_probe_import_breaks_the_contract(contract: str, package_copy: Path) -> None:
    module, probe = PROBES[contract]
    target = package_copy / module
    original = target.read_text(encoding="utf-8")
    target.write_text(f"{original}\n{probe}  # probe\n", encoding="utf-8")
    try:
        result = lint_imports(package_copy)
    finally:
        target.write_text(original, encoding="utf-8")
    assert result.returncode != 0, result.stdout
    assert contract in broken_contracts(result.stdout), result.stdout + result.stderr


# -- the view–service contract: each Protocol against its real service and its test fake --------

SERVICES = {
    "CaseloadApi": "desktop.services.caseload:CaseloadService",
    "AuthApi": "desktop.services.auth:AuthService",
    "UserAdminApi": "desktop.services.admin:UserAdminService",
    "AccessApi": "desktop.services.access:AccessService",
    "AuditViewerApi": "desktop.services.audit:AuditViewerService",
    "PersonApi": "desktop.services.person:PersonService",
    "RecordingApi": "desktop.services.recording:RecordingService",
    "MeetingsApi": "desktop.services.meetings:MeetingService",
    "SharingApi": "desktop.services.sharing:SharingService",
    "ChangeFeedApi": "desktop.services.changes:ChangeFeed",
    "AuditVerifier": "desktop.services.audit:AuditService",
}
#: Test fakes that stand in for a whole service (checked like the real ones).
FAKES = {
    "RecordingApi": "tests.views.fake_workspace:FakeRecording",
}


def _load(ref: str) -> type:
    import importlib

    module, name = ref.split(":")
    loaded: type = getattr(importlib.import_module(module), name)
    return loaded


def _members(cls: type) -> dict[str, list[str]]:
    """Public methods and properties -> their parameter names (kind-marked)."""
    import inspect

    found: dict[str, list[str]] = {}
    # the whole class, inherited methods included (a service may be put together from parts)
    merged: dict[str, object] = {}
    for klass in reversed(cls.__mro__):
        if klass is not object:
            merged.update(vars(klass))
    for name, value in merged.items():
        if name.startswith("_"):
            continue
        if isinstance(value, property):
            found[name] = ["<property>"]
        elif inspect.isfunction(value):
            found[name] = [
                f"{p.kind.name}:{p.name}" for p in inspect.signature(value).parameters.values()
            ]
    return found


def test_every_service_protocol_is_checked() -> None:
    import desktop.interfaces as interfaces

    protocols = {
        name
        for name, value in vars(interfaces).items()
        if isinstance(value, type)
        and value.__module__ == interfaces.__name__
        and getattr(value, "_is_protocol", False)
    }
    assert protocols - {"ConnectionCheck"} == set(SERVICES)


@pytest.mark.parametrize("protocol", sorted(SERVICES))
def test_the_real_service_has_the_protocols_signatures(protocol: str) -> None:
    import desktop.interfaces as interfaces

    expected = _members(getattr(interfaces, protocol))
    real = _members(_load(SERVICES[protocol]))
    assert {name: real.get(name) for name in expected} == expected


@pytest.mark.parametrize("protocol", sorted(FAKES))
def test_the_fake_has_the_protocols_signatures(protocol: str) -> None:
    import desktop.interfaces as interfaces

    expected = _members(getattr(interfaces, protocol))
    fake_class = _load(FAKES[protocol])
    fake = _members(fake_class)
    assert {name: fake.get(name) for name in expected} == expected
    assert "__getattr__" not in vars(fake_class), "a fake must not accept any method name"
