"""UsersTableModel and AuditTableModel: the Qt model contract and the values people read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from desktop.domain.enums import AuditAction, Role
from desktop.domain.records import UserRecord
from desktop.models.audit import AuditTableModel, detail_text, fields_text
from desktop.models.audit import Column as AuditColumn
from desktop.models.users import Column, UsersTableModel
from desktop.services.audit import AuditRow

User = UserRecord
Entry = AuditRow


NOW = datetime.now(UTC)
USERS = [
    User(1, "sw.north1", "Ann Nash", Role.SOCIAL_WORKER, 1, "North", "CSC", True, 0, None, True, 1),
    User(2, "old.user", "Bob Old", Role.KEY_PERSON, None, None, "CSC", False, 0, None, True, 3),
    User(3, "kp.locked", "Cy Lock", Role.KEY_PERSON, 1, "North", "CSC", True, 5,
         NOW + timedelta(minutes=10), True, 2),
    User(4, "kp.was", "Di Was", Role.KEY_PERSON, 1, "North", "CSC", True, 5,
         NOW - timedelta(minutes=10), True, 2),
]  # fmt: skip
ENTRIES = [
    Entry(1, datetime(2026, 5, 1, 9, 0, tzinfo=UTC), "sw.north1", AuditAction.BREAK_GLASS,
          "young_person", 3, 3, "V.D. (CB1)", "[]", '{"reason": "duty cover tonight"}'),
    Entry(2, datetime(2026, 5, 2, 9, 0, tzinfo=UTC), "admin", AuditAction.UPDATE, "user", 4,
          None, "", '["display_name", "role"]', "{}"),
    Entry(3, datetime(2026, 5, 3, 9, 0, tzinfo=UTC), "sw.north1", AuditAction.FAILED_LOGIN,
          "user", 1, None, "", "[]", '{"reason": "wrong password", "attempts": 2}'),
]  # fmt: skip


def test_users_model(qtmodeltester) -> None:
    model = UsersTableModel()
    model.set_rows(USERS)
    qtmodeltester.check(model)
    model.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    by_name = {model.row_at(i).username: i for i in range(model.rowCount())}
    cell = lambda name, col: model.index(by_name[name], col).data()  # noqa: E731
    assert model.headerData(Column.STATUS, Qt.Orientation.Horizontal) == "Status"
    assert cell("sw.north1", Column.ROLE) == "Social worker"
    assert cell("old.user", Column.TEAM) == "No team"
    assert cell("old.user", Column.STATUS) == "Deactivated"
    assert cell("kp.locked", Column.STATUS).startswith("Locked until ")
    assert cell("kp.was", Column.STATUS) == "Active"  # an expired lock is not shown
    assert model.index(0, 0).data(model.RowRole) is model.row_at(0)
    model.set_filter(lambda u: u.active)
    assert model.rowCount() == 3 and model.row_of_id(2) == -1
    qtmodeltester.check(model)


def test_audit_model(qtmodeltester) -> None:
    model = AuditTableModel()
    model.set_rows(ENTRIES)
    qtmodeltester.check(model)
    assert [model.row_at(i).id for i in range(3)] == [3, 2, 1]  # newest first
    first = {c: model.index(2, c).data() for c in AuditColumn}
    assert first[AuditColumn.ACTION] == "Break-glass"
    assert first[AuditColumn.WHEN] == "1 May 2026 10:00"  # UK time (BST)
    assert first[AuditColumn.RECORD] == "Young person #3"
    assert first[AuditColumn.DETAIL] == "Reason: “duty cover tonight”"
    assert model.index(1, AuditColumn.FIELDS).data() == "display name, role"
    assert model.index(0, AuditColumn.DETAIL).data() == "Reason: wrong password; Attempt: 2"
    model.sort(AuditColumn.USER, Qt.SortOrder.AscendingOrder)
    assert model.row_at(0).username == "admin"
    qtmodeltester.check(model)


def test_formatters_tolerate_odd_json() -> None:
    assert fields_text("") == "" and fields_text("not json") == "not json"
    assert detail_text(AuditAction.EXPORT, '{"file": "a.csv", "entries": 3}') == (
        "File: a.csv; Entries: 3"
    )
    assert detail_text(AuditAction.VIEW, "") == ""
