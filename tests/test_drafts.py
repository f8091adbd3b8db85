"""DraftStore: one private JSON file per form, atomic, typed values back as they went in."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desktop.domain.enums import ChronologyCategory, DatePrecision
from desktop.drafts import DRAFTS_ENV, DraftKey, DraftStore, default_drafts_dir, restore_enum

KEY = DraftKey("sam.worker", "chronology_entry", 7, 42)
AT = datetime(2026, 3, 10, 14, 32, tzinfo=UTC)


def test_round_trip_keeps_types_request_id_version_and_base(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    values = {
        "event_date": date(2026, 3, 1),
        "seen_at": AT,
        "precision": DatePrecision.MONTH,
        "description": "Told a teacher — “in her words”\nsecond line",
        "significant": True,
        "end_date": None,
        "minutes": 30,
    }
    store.save(KEY, values, request_id="r-1", version=3, base={"description": "old"}, now=AT)
    draft = store.load(KEY)
    assert draft is not None
    assert draft.saved_at == AT and draft.request_id == "r-1" and draft.version == 3
    assert draft.base == {"description": "old"}
    assert draft.values["precision"] == "month"
    assert restore_enum(DatePrecision, draft.values["precision"]) is DatePrecision.MONTH
    assert restore_enum(ChronologyCategory, ChronologyCategory.POLICE) is ChronologyCategory.POLICE
    assert {k: v for k, v in draft.values.items() if k != "precision"} == {
        k: v for k, v in values.items() if k != "precision"
    }


def test_folder_is_private_and_files_are_owner_only(tmp_path: Path) -> None:
    root = tmp_path / "drafts"
    path = DraftStore(root).save(KEY, {"description": "x"})
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in root.iterdir()] == [path.name]  # no temp file left behind


def test_one_file_per_user_form_person_and_record(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    keys = [
        KEY,
        DraftKey("sam.worker", "chronology_entry", 7, None),
        DraftKey("kit/../keyperson", "chronology_entry", 7, 42),
        DraftKey("sam.worker", "missing_episode", 7, 42),
        DraftKey("sam.worker", "chronology_entry", 8, 42),
    ]
    for i, key in enumerate(keys):
        store.save(key, {"n": i})
    assert len({store.path(k) for k in keys}) == len(keys)
    assert all(store.path(k).parent == tmp_path for k in keys)  # names cannot escape
    assert [store.load(k).values["n"] for k in keys] == list(range(len(keys)))  # type: ignore[union-attr]
    assert store.path(keys[1]).name.endswith("--new.json")
    assert len(store.keys_for("sam.worker")) == 4


def test_overwrite_then_delete(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(KEY, {"description": "first"})
    store.save(KEY, {"description": "second"})
    assert store.load(KEY).values == {"description": "second"}  # type: ignore[union-attr]
    store.delete(KEY)
    store.delete(KEY)  # twice is fine
    assert store.load(KEY) is None


def test_passwords_are_never_stored(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    with pytest.raises(ValueError, match="never hold passwords"):
        store.save(KEY, {"new_password": "hunter2hunter2"})
    assert not store.path(KEY).exists()


def test_an_unreadable_draft_is_no_draft(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.path(KEY).write_text("{not json")
    assert store.load(KEY) is None
    store.path(KEY).write_text(json.dumps({"values": {}}))
    assert store.load(KEY) is None


def test_a_failed_write_keeps_the_previous_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DraftStore(tmp_path)
    store.save(KEY, {"description": "kept"})
    with pytest.raises(TypeError):
        store.save(KEY, {"description": object()})
    assert store.load(KEY).values == {"description": "kept"}  # type: ignore[union-attr]
    assert len(list(tmp_path.iterdir())) == 1


def test_default_folder_is_the_users_data_dir_or_the_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DRAFTS_ENV, raising=False)
    assert default_drafts_dir().parts[-2:] == ("Caseboard", "drafts")
    monkeypatch.setenv(DRAFTS_ENV, str(tmp_path))
    assert DraftStore().root == tmp_path
