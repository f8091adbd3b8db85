"""Sharing with partner agencies on real services over the demo database: the chair shares from
the pack dialog, the police reader's home lists it and opens, saves and prints it (audited)."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from desktop.app import create_application
from desktop.data.database import Database
from desktop.data.tables import AuditEntry
from desktop.domain.meetings import PackOptions
from desktop.services.meetings import MeetingService
from desktop.services.sharing import SharingService
from desktop.tasks import TaskRunner
from desktop.views.meetings.pack_dialog import PackDialog
from desktop.views.meetings.shared_documents import SharedDocumentsView
from tests.views.conftest import close_window, demo_actor, open_window
from tests.views.fakes import OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen
from tests.views.test_accessibility import unnamed_focusable

pytestmark = OFFSCREEN_LOG_IGNORE

#: Real runners outlive the widgets using them (see test_pack_dialog).
_RUNNERS: list[TaskRunner] = []


@pytest.fixture(autouse=True)
def app_style(qapp):  # type: ignore[no-untyped-def]
    # The app's style, set once: re-styling live widgets of earlier tests can crash Qt.
    create_application()


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    _RUNNERS.append(runner)
    yield runner
    runner.cancel_all()
    runner.wait_idle()


@pytest.fixture
def sharing(demo_db: Database) -> SharingService:
    return SharingService(demo_db)


def _share_summary(demo_db: Database, sharing: SharingService) -> Any:
    """The chair shares the first young person's summary with the police reader."""
    chair, police = demo_actor(demo_db, "chair"), demo_actor(demo_db, "police.reader")
    meeting = MeetingService(demo_db).list_meetings(chair)[0]
    detail = MeetingService(demo_db).get(chair, meeting.id)
    yp = detail.cohort[0].young_person_id
    sharing.share_pack(chair, meeting.id, None, [police.user_id])
    return sharing.share_summary(chair, yp, None, [police.user_id])[0]


def _audit(demo_db: Database, username: str, action: str) -> list[Any]:
    with demo_db.begin() as s:
        return list(
            s.execute(
                select(AuditEntry.object_kind, AuditEntry.detail).where(
                    AuditEntry.username == username, AuditEntry.action == action
                )
            ).all()
        )


def test_a_partner_reader_with_nothing_shared_sees_an_empty_home(
    qtbot, services, demo_db, sharing
) -> None:  # type: ignore[no-untyped-def]
    police = demo_actor(demo_db, "police.reader")
    window = open_window(qtbot, services, police, sharing_service=sharing)
    home = window.shared
    assert isinstance(home, SharedDocumentsView) and window.home is home
    assert window.notice is None
    assert home.empty_label.isVisible() and not home.table.isVisible()
    assert not home.open_button.isEnabled()
    assert not window.export_action.isVisible() and not window.meetings_action.isVisible()
    save_screen(window, "partner_home_empty")
    close_window(window)


def test_a_partner_reader_home_lists_what_was_shared_with_them(
    qtbot, services, demo_db, sharing
) -> None:  # type: ignore[no-untyped-def]
    shared = _share_summary(demo_db, sharing)
    police = demo_actor(demo_db, "police.reader")
    window = open_window(qtbot, services, police, sharing_service=sharing)
    home = window.shared
    assert home.model.rowCount() == 2 and home.table.isVisible()
    titles = {home.model.row_at(i).title for i in range(2)}
    assert shared.title in titles and shared.title.startswith("Case summary: ")
    assert home.count_label.text() == "2 documents"
    assert home.open_button.isEnabled()  # the newest is selected
    assert unnamed_focusable(window) == []
    save_screen(window, "partner_home")
    # Revoked: gone from their home on refresh.
    sharing.revoke(demo_actor(demo_db, "chair"), shared.id)
    with qtbot.waitSignal(home.sig_loaded, timeout=10000) as loaded:
        window.refresh_action.trigger()
    assert loaded.args == [1] and shared.title not in {home.model.row_at(0).title}
    close_window(window)


def _view(qtbot, runner, demo_db, sharing) -> SharedDocumentsView:  # type: ignore[no-untyped-def]
    view = SharedDocumentsView(
        runner=runner, sharing=sharing, actor=demo_actor(demo_db, "police.reader")
    )
    qtbot.addWidget(view)
    view.resize(1100, 420)
    view.show()
    with qtbot.waitSignal(view.sig_loaded, timeout=10000):
        view.reload()
    view.table.selectRow(0)
    return view


def test_open_shows_the_pages_and_is_audited_as_a_view(qtbot, runner, demo_db, sharing) -> None:  # type: ignore[no-untyped-def]
    shared = _share_summary(demo_db, sharing)
    view = _view(qtbot, runner, demo_db, sharing)
    assert view.selected().id == shared.id
    with qtbot.waitSignal(view.sig_opened, timeout=30000):
        view.open_button.click()
    viewer = view.viewer
    assert viewer is not None and len(viewer.page_labels) == shared.pages
    assert not viewer.page_labels[0].pixmap().isNull()
    assert unnamed_focusable(viewer) == []
    folder = viewer._job.folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    save_screen(viewer, "partner_shared_viewer")
    viewer.close()
    assert not folder.exists()
    views = _audit(demo_db, "police.reader", "view")
    assert {v.object_kind for v in views} == {"shared_summary"}


def test_save_as_pdf_writes_a_private_copy_and_is_audited(
    qtbot, runner, demo_db, sharing, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    shared = _share_summary(demo_db, sharing)
    view = _view(qtbot, runner, demo_db, sharing)
    out = tmp_path / "summary"
    with qtbot.waitSignal(view.sig_message, timeout=10000):
        view.save_selected(out)
    saved = out.with_suffix(".pdf")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert len(PdfReader(str(saved)).pages) == shared.pages
    assert f"Saved {shared.pages} pages" in view.notice.text()
    exports = _audit(demo_db, "police.reader", "export")
    assert exports and json.loads(exports[0].detail)["file"] == "summary.pdf"


def test_print_is_audited_before_the_pages_are_sent(
    qtbot, runner, demo_db, sharing, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    shared = _share_summary(demo_db, sharing)
    view = _view(qtbot, runner, demo_db, sharing)
    with qtbot.waitSignal(view.sig_print_ready, timeout=30000):
        view.print_button.click()
    dialog, printer = view.print_dialog, view.printer
    assert dialog is not None and printer is not None
    printed = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    dialog.hide()
    with qtbot.waitSignal(view.sig_message, timeout=10000):
        dialog.finished.emit(QDialog.DialogCode.Accepted.value)
    assert len(PdfReader(str(printed)).pages) == shared.pages
    assert "Sent" in view.notice.text()
    assert _audit(demo_db, "police.reader", "print")


def test_the_chair_shares_from_the_pack_dialog(qtbot, runner, demo_db, sharing) -> None:  # type: ignore[no-untyped-def]
    chair, police = demo_actor(demo_db, "chair"), demo_actor(demo_db, "police.reader")
    meetings = MeetingService(demo_db)
    meeting = meetings.list_meetings(chair)[0]
    plain = PackDialog(runner=runner, meetings=meetings, actor=chair, meeting_id=meeting.id)
    qtbot.addWidget(plain)
    assert plain.share_button is None  # no sharing service: no button
    dialog = PackDialog(
        runner=runner,
        meetings=meetings,
        actor=chair,
        meeting_id=meeting.id,
        subject=meeting.title,
        sharing=sharing,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.share_button is not None
    assert dialog.share_button.accessibleName() == "Share with partner agency"
    dialog.conditional_check.setChecked(True)
    dialog.password_edit.setText("not-for-sharing")
    dialog.confirm_edit.setText("not-for-sharing")
    dialog.share_button.click()
    share = dialog.share_dialog
    assert share is not None
    qtbot.waitUntil(lambda: share.recipients.count() == 1, timeout=10000)
    assert share.wider_check.isChecked()  # a wider audience unless the chair unticks it
    assert not share.share_button.isEnabled()  # nobody ticked yet
    assert "handling code C is included" in share.conditional_note.text()
    assert unnamed_focusable(share) == []
    share.recipients.item(0).setCheckState(Qt.CheckState.Checked)
    assert share.share_button.isEnabled()
    assert share.options() == PackOptions(wider_audience=True, include_conditional=True)
    save_screen(share, "share_dialog")
    with qtbot.waitSignal(share.sig_shared, timeout=30000) as done:
        share.share_button.click()
    [doc] = done.args[0]
    assert doc.shared_with == f"{police.display_name} (Police)" and doc.wider_audience
    assert "Shared with" in share.status_label.text()
    assert [d.id for d in sharing.list_shared(police)] == [doc.id]
    exports = _audit(demo_db, "chair", "export")
    detail = json.loads(exports[-1].detail)
    assert detail["recipients"] == ["police.reader"]
    assert detail["options"]["include_conditional"] is True
    assert detail["options"]["password_protected"] is False
    share.close()
    dialog.close()


def test_a_chair_sees_what_they_shared_and_withdraws_it(
    qtbot, services, demo_db, sharing, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    shared = _share_summary(demo_db, sharing)
    chair = demo_actor(demo_db, "chair")
    window = open_window(qtbot, services, chair, sharing_service=sharing)
    assert window.shared_action.isVisible()
    view = window.show_shared_by_me()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=10000)
    assert view.model.headerData(2, Qt.Orientation.Horizontal) == "Shared with"
    row = next(i for i in range(2) if view.model.row_at(i).id == shared.id)
    view.table.selectRow(row)
    assert view.revoke_button.isVisible() and view.revoke_button.isEnabled()
    assert unnamed_focusable(view) == []
    save_screen(window, "shared_by_chair")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.sig_loaded, timeout=10000):
        view.revoke_button.click()
    withdrawn = next(r for r in view.model.all_rows() if r.id == shared.id)
    assert withdrawn.revoked and "(withdrawn)" in view.model.display(withdrawn, 0)
    police = demo_actor(demo_db, "police.reader")
    assert [d.id for d in sharing.list_shared(police)] != [] and shared.id not in {
        d.id for d in sharing.list_shared(police)
    }
    close_window(window)


def test_other_roles_have_no_shared_list(qtbot, services, demo_db, sharing) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, services, demo_actor(demo_db, "sw.north1"), sharing_service=sharing)
    assert not window.shared_action.isVisible()
    close_window(window)
