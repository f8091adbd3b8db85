"""The pack dialog: options, Save as PDF through the real worker, cancel, print and preview."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractButton, QDialog, QLineEdit, QPushButton, QWidget

from desktop.app import create_application
from desktop.domain.errors import PermissionDenied
from desktop.domain.meetings import PackOptions
from desktop.tasks import TaskRunner
from desktop.views.meetings import pack_dialog
from desktop.views.meetings.pack_dialog import PackDialog
from tests.views.fake_meetings import CHAIR, FakeMeetings
from tests.views.fakes import OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE


@pytest.fixture(autouse=True)
def app_style(qapp):  # type: ignore[no-untyped-def]
    # The app's style, set once: re-styling live widgets of earlier tests can crash Qt.
    create_application()


#: Real runners outlive the dialogs using them: a runner freed from inside a dialog's deferred
#: deletion (its last Python reference) crashed PySide6 now and then.
_RUNNERS: list[TaskRunner] = []


@pytest.fixture
def runner(qtbot):
    runner = TaskRunner()
    _RUNNERS.append(runner)
    yield runner
    runner.cancel_all()
    runner.wait_idle()


def make_dialog(qtbot, runner, fake=None, **kwargs) -> tuple[PackDialog, FakeMeetings]:
    fake = fake or FakeMeetings()
    kwargs.setdefault("meeting_id", 2)
    dialog = PackDialog(
        runner=runner,
        meetings=fake,
        actor=CHAIR,
        subject="MACSE meeting — November 2026, 3 Nov 2026",
        **kwargs,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, fake


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_options_default_and_explained(qtbot) -> None:
    dialog, _fake = make_dialog(qtbot, TaskRunner(inline=True))
    assert dialog.marking_combo.currentText() == "OFFICIAL-SENSITIVE"
    assert not dialog.wider_check.isChecked() and not dialog.conditional_check.isChecked()
    assert "initials only" in dialog.wider_help.text()
    assert "no date of birth" in dialog.wider_help.text()
    assert dialog.options() == PackOptions()
    dialog.wider_check.setChecked(True)
    dialog.conditional_check.setChecked(True)
    dialog.marking_combo.setCurrentText(" official ")
    dialog.password_edit.setText("s3cret-pack")
    dialog.confirm_edit.setText("s3cret-pack")
    assert dialog.options() == PackOptions(True, True, "s3cret-pack", "OFFICIAL")
    save_screen(dialog, "pack_dialog")


def test_password_mismatch_and_empty_marking_refused_inline(qtbot, tmp_path) -> None:
    dialog, fake = make_dialog(qtbot, TaskRunner(inline=True))
    dialog.password_edit.setText("one")
    dialog.confirm_edit.setText("two")
    dialog.save_pdf(tmp_path / "pack.pdf")
    assert dialog.password_error.text() == "The two passwords are not the same"
    assert dialog.password_error.isVisible()
    assert fake.calls == [] and not (tmp_path / "pack.pdf").exists()
    dialog.confirm_edit.setText("one")
    dialog.marking_combo.setCurrentText("  ")
    dialog.save_pdf(tmp_path / "pack.pdf")
    assert dialog.marking_error.text() == "Give the protective marking to print"
    assert not dialog.password_error.isVisible()
    assert fake.calls == []


def test_save_as_pdf_through_the_real_worker(qtbot, runner, tmp_path) -> None:
    dialog, fake = make_dialog(qtbot, runner)
    dialog.wider_check.setChecked(True)
    out = tmp_path / "MACSE pack"
    with qtbot.waitSignal(dialog.sig_saved, timeout=10000) as blocker:
        dialog.save_pdf(out)
        assert dialog.progress.isVisible()
        assert not dialog.save_button.isEnabled()
    path, pages = blocker.args
    assert path == tmp_path / "MACSE pack.pdf" and pages == 5
    texts = pdf_text(path)
    assert len(texts) == 5
    assert all("OFFICIAL-SENSITIVE" in t and f"Page {i + 1} of 5" in t for i, t in enumerate(texts))
    assert "J.C." in texts[1] and "Jade" not in texts[1]  # wider audience: initials
    ((args, _kw),) = fake.called("write_pack")
    assert args[1] == 2 and args[2].wider_audience and args[3] == path
    assert not dialog.progress.isVisible() and dialog.save_button.isEnabled()
    assert "Saved 5 pages" in dialog.status_label.text()


def test_case_summary_saves_through_write_summary(qtbot, tmp_path) -> None:
    # inline: reportlab encrypting a PDF on a worker thread while Qt paints crashed the
    # offscreen test process now and then (about 1 run in 10); reported to the lead
    dialog, fake = make_dialog(qtbot, TaskRunner(inline=True), meeting_id=None, young_person_id=101)
    assert dialog.kind == "summary" and dialog.windowTitle().startswith("Case summary")
    dialog.password_edit.setText("pw-for-partner")
    dialog.confirm_edit.setText("pw-for-partner")
    with qtbot.waitSignal(dialog.sig_saved, timeout=10000) as blocker:
        dialog.save_pdf(tmp_path / "summary.pdf")
    path, pages = blocker.args
    assert pages == 2
    reader = PdfReader(str(path))
    assert reader.is_encrypted
    assert reader.decrypt("pw-for-partner")
    ((args, _kw),) = fake.called("write_summary")
    assert args[1] == 101 and args[2].password == "pw-for-partner"


def test_cancel_from_the_progress_dialog_leaves_nothing(qtbot, runner, tmp_path) -> None:
    fake = FakeMeetings(page_delay=0.25)
    dialog, _ = make_dialog(qtbot, runner, fake)
    out = tmp_path / "pack.pdf"
    dialog.save_pdf(out)
    progress = dialog.progress
    assert progress.isVisible()
    qtbot.waitUntil(lambda: progress.maximum() == 5, timeout=5000)
    assert "Writing page" in progress.labelText()
    (cancel,) = progress.findChildren(QPushButton)
    with qtbot.waitSignal(dialog.sig_cancelled, timeout=2000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert runner.wait_idle(10)
    assert not dialog.progress.isVisible() and dialog.save_button.isEnabled()
    assert dialog.status_label.text().startswith("Cancelled")
    assert not out.exists()
    assert not list(tmp_path.iterdir())  # no partial file either


def test_failure_is_shown_in_the_dialog(qtbot, runner, tmp_path) -> None:
    fake = FakeMeetings()
    fake.fail["pack_document"] = PermissionDenied("You cannot print this meeting's pack")
    dialog, _ = make_dialog(qtbot, runner, fake)
    with qtbot.waitSignal(dialog.sig_failed, timeout=5000):
        dialog.print_pack()
    assert dialog.error_label.text() == "You cannot print this meeting's pack"
    assert dialog.print_dialog is None and dialog.print_button.isEnabled()
    assert fake.called("record_print") == []


def printing_to(printer: QPrinter, path: Path) -> None:
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))


def test_print_renders_pages_audits_then_cleans_up(qtbot, runner, tmp_path) -> None:
    dialog, fake = make_dialog(qtbot, runner)
    dialog.password_edit.setText("not-for-paper")
    dialog.confirm_edit.setText("not-for-paper")
    with qtbot.waitSignal(dialog.sig_ready, timeout=20000):
        dialog.print_pack()
    job = dialog._job
    assert job is not None and job.pages == 5
    assert stat.S_IMODE(job.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(job.pdf.stat().st_mode) == 0o600
    assert len(job.images) == 5 if pack_dialog.RENDERER == "pdftoppm" else True
    ((args, _kw),) = fake.called("pack_document")
    assert args[2].password is None  # paper is not encrypted
    assert dialog.print_dialog is not None and dialog.print_dialog.isVisible()

    printed = tmp_path / "printed.pdf"
    printing_to(dialog.printer, printed)
    dialog.print_dialog.hide()
    with qtbot.waitSignal(dialog.sig_printed, timeout=10000) as blocker:
        dialog.print_dialog.finished.emit(QDialog.DialogCode.Accepted.value)
    assert blocker.args == [5]
    ((args, kwargs),) = fake.called("record_print")
    assert args[1].people == (101, 102, 103, 104)
    assert kwargs["kind"] == "pack" and kwargs["destination"] == "printer"
    assert kwargs["pages"] == 5
    assert len(PdfReader(str(printed)).pages) == 5
    assert not job.folder.exists()  # the temporary copy is gone
    assert "Sent 5 pages to the printer" in dialog.status_label.text()


def test_print_cancelled_in_the_print_dialog_is_not_audited(qtbot, runner) -> None:
    dialog, fake = make_dialog(qtbot, runner)
    with qtbot.waitSignal(dialog.sig_ready, timeout=20000):
        dialog.print_pack()
    folder = dialog._job.folder
    dialog.print_dialog.reject()
    assert not folder.exists()
    assert fake.called("record_print") == []


def test_preview_paints_pages_and_audits_only_a_print(qtbot, runner, tmp_path) -> None:
    dialog, fake = make_dialog(qtbot, runner, meeting_id=None, young_person_id=102)
    with qtbot.waitSignal(dialog.sig_ready, timeout=20000):
        dialog.preview()
    preview = dialog.preview_dialog
    assert preview is not None
    qtbot.waitUntil(lambda: preview.isVisible(), timeout=5000)
    preview.resize(1000, 760)
    save_screen(preview, "pack_print_preview")
    folder = dialog._job.folder
    preview.reject()
    assert not folder.exists() and fake.called("record_print") == []

    with qtbot.waitSignal(dialog.sig_ready, timeout=20000):
        dialog.preview()
    printed = tmp_path / "from-preview.pdf"
    printing_to(dialog.printer, printed)
    pack_dialog.paint_pages(dialog.printer, dialog._job)  # what the preview's Print does
    with qtbot.waitSignal(dialog.sig_printed, timeout=10000):
        dialog.preview_dialog.accept()
    ((args, kwargs),) = fake.called("record_print")
    assert kwargs["kind"] == "summary" and args[1].people == (102,)
    assert len(PdfReader(str(printed)).pages) == 2


def test_closing_while_generating_cancels_and_cleans_up(qtbot, runner) -> None:
    fake = FakeMeetings(page_delay=0.25)
    dialog, _ = make_dialog(qtbot, runner, fake)
    dialog.print_pack()
    folder = dialog._pending_folder
    assert folder is not None and folder.exists()
    dialog.close()
    assert runner.wait_idle(10)
    assert not folder.exists()
    assert dialog.print_dialog is None


def test_accessible_names_and_keyboard(qtbot) -> None:
    dialog, _ = make_dialog(qtbot, TaskRunner(inline=True))
    missing = []
    for w in dialog.findChildren(QWidget):
        if not w.isVisibleTo(dialog) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(w, QLineEdit) and w.parent() is dialog.marking_combo:
            assert w.accessibleName() == "Protective marking"
            continue
        if not w.accessibleName():
            missing.append(f"{w.metaObject().className()} {w.objectName()}")
    assert missing == []
    buttons = {b.text() for b in dialog.findChildren(QAbstractButton)}
    assert {"Print pre&view…", "&Print…", "&Save as PDF…"} <= buttons
    dialog.wider_check.setFocus()
    qtbot.keyClick(dialog.wider_check, Qt.Key.Key_Space)
    assert dialog.wider_check.isChecked()
    qtbot.keyClick(dialog.conditional_check, Qt.Key.Key_Space)
    assert dialog.conditional_check.isChecked()
    assert dialog.save_button.isDefault()
