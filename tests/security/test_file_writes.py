"""Every file the services write: a private temporary file in the target folder (never a fixed
name that a planted symlink could redirect), the audit entry committed, then moved into place;
any failure leaves nothing behind and no audit entry claiming the export."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.data.database import Database
from desktop.data.tables import AuditEntry
from desktop.domain.enums import AuditAction
from desktop.domain.errors import ServiceError
from desktop.domain.meetings import PackOptions
from desktop.services import audit
from desktop.services.audit import AuditViewerService
from desktop.services.caseload import CaseloadService
from desktop.services.meetings import MeetingService
from desktop.services.person import PersonService
from desktop.services.sharing import SharingService
from tests.services.test_access_matrix_meetings import NOW, world  # noqa: F401 - a fixture

Export = Callable[[Database, dict[str, Any], Path], object]


def _pack(db: Database, w: dict[str, Any], out: Path) -> object:
    return MeetingService(db, clock=lambda: NOW).write_pack(
        w["actors"]["chair"], w["meeting"], PackOptions(), out
    )


def _summary(db: Database, w: dict[str, Any], out: Path) -> object:
    return MeetingService(db, clock=lambda: NOW).write_summary(
        w["actors"]["chair"], w["ids"]["normal"], PackOptions(), out
    )


def _caseload(db: Database, w: dict[str, Any], out: Path) -> object:
    return CaseloadService(db, clock=lambda: NOW).export_csv(w["actors"]["mgr"], out)


def _chronology(db: Database, w: dict[str, Any], out: Path) -> object:
    return PersonService(db, clock=lambda: NOW).export_chronology_csv(
        w["actors"]["sw"], w["ids"]["normal"], out
    )


def _audit_log(db: Database, w: dict[str, Any], out: Path) -> object:
    return AuditViewerService(db).export_csv(w["actors"]["mgr"], out)


def _shared_copy(db: Database, w: dict[str, Any], out: Path) -> object:
    svc = SharingService(db, clock=lambda: NOW)
    police = w["actors"]["police"]
    doc = w.get("shared")
    if doc is None:  # shared once per test, before the export under test
        [doc] = svc.share_summary(w["actors"]["chair"], w["ids"]["normal"], None, [police.user_id])
        w["shared"] = doc
    return svc.save_copy(police, doc.id, out)


EXPORTS: dict[str, tuple[Export, str]] = {
    "pack": (_pack, "pack.pdf"),
    "summary": (_summary, "summary.pdf"),
    "caseload csv": (_caseload, "caseload.csv"),
    "chronology csv": (_chronology, "chronology.csv"),
    "audit csv": (_audit_log, "audit.csv"),
    "shared document copy": (_shared_copy, "shared.pdf"),
}
KINDS = list(EXPORTS)


def _prepare(db: Database, w: dict[str, Any], kind: str, tmp_path: Path) -> None:
    if kind == "shared document copy":  # share first, so only the save is under test
        _shared_copy(db, w, tmp_path / "warm-up.pdf")
        (tmp_path / "warm-up.pdf").unlink()


def _folder(tmp_path: Path) -> Path:
    """A folder of its own for the files (the SQLite database lives in tmp_path)."""
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


def _exports(db: Database) -> int:
    with db.begin() as s:
        return len(
            s.scalars(
                select(AuditEntry.id).where(AuditEntry.action == AuditAction.EXPORT.value)
            ).all()
        )


@pytest.mark.parametrize("kind", KINDS)
def test_a_folder_as_target_is_a_clear_error_and_leaves_nothing(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    tmp_path: Path,
    kind: str,
) -> None:
    export, _name = EXPORTS[kind]
    tmp_path = _folder(tmp_path)
    _prepare(db, world, kind, tmp_path)
    before = _exports(db)
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(ServiceError, match="it is a folder"):
        export(db, world, folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]
    assert list(folder.iterdir()) == []
    assert _exports(db) == before


@pytest.mark.parametrize("kind", KINDS)
def test_when_the_audit_entry_cannot_be_written_no_file_is_left(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    tmp_path: Path,
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    export, name = EXPORTS[kind]
    tmp_path = _folder(tmp_path)
    _prepare(db, world, kind, tmp_path)
    real = audit.record

    def failing(session: Any, actor: Any, action: AuditAction, *a: Any, **kw: Any) -> Any:
        if action is AuditAction.EXPORT:
            raise RuntimeError("the audit log is unavailable")
        return real(session, actor, action, *a, **kw)

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(RuntimeError, match="audit log is unavailable"):
        export(db, world, tmp_path / name)
    assert list(tmp_path.iterdir()) == []  # neither the file nor a temporary file


@pytest.mark.parametrize("kind", KINDS)
def test_a_symlink_planted_at_the_old_temporary_names_is_not_followed(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    tmp_path: Path,
    kind: str,
) -> None:
    export, name = EXPORTS[kind]
    tmp_path = _folder(tmp_path)
    _prepare(db, world, kind, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "victim.txt"
    victim.write_text("precious")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / name
    for planted in (out.with_name(out.name + ".part"), out.with_name(f".{out.name}.part")):
        planted.symlink_to(victim)
    export(db, world, out)
    assert victim.read_text() == "precious"
    assert not out.is_symlink() and out.stat().st_size > 0


@pytest.mark.parametrize("kind", KINDS)
def test_the_file_is_readable_by_its_owner_only_and_audited(
    db: Database,
    world: dict[str, Any],  # noqa: F811
    tmp_path: Path,
    kind: str,
) -> None:
    export, name = EXPORTS[kind]
    tmp_path = _folder(tmp_path)
    _prepare(db, world, kind, tmp_path)
    before = _exports(db)
    out = tmp_path / name
    export(db, world, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert _exports(db) > before


def test_csv_cells_never_carry_control_characters() -> None:
    from desktop.services.csvutil import safe_cell

    assert safe_cell("a\x00b\x07c\x1b") == "abc"
    assert safe_cell("line one\nline\ttwo") == "line one\nline\ttwo"
    assert safe_cell("\x00=SUM(A1)") == "'=SUM(A1)"


@pytest.mark.parametrize("value", ["99999999999999999999999", "0", "-3", "x"])
def test_an_id_beyond_the_database_is_a_one_line_error(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import build_parser

    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["summary", "--young-person", value, "--out", "x.pdf"])
    assert exited.value.code != 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "out of range" in err or "is not a whole number" in err
