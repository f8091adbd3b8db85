"""Print or save a MACSE meeting pack or one young person's case summary: options, progress with
cancel, Save as PDF, and Qt print preview/printing of the generated PDF's pages."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.errors import RestrictedRecord, ServiceError
from desktop.domain.meetings import DEFAULT_MARKING, PackOptions
from desktop.domain.progress import Progress
from desktop.interfaces import MeetingsApi, PackKind, SharingApi
from desktop.tasks import Task, TaskRunner
from desktop.views.meetings.printing import RENDERER, PrintJob, make_printer, paint_pages
from desktop.views.widgets.forms import error_label, message_of, show_error

MARKINGS = ("OFFICIAL-SENSITIVE", "OFFICIAL")


class PackDialog(QDialog):
    """Options and outputs for a meeting pack (``meeting_id``) or a case summary
    (``young_person_id``). Non-modal; generation runs on the runner with a cancellable
    progress dialog. Saving is audited by the service; a print by ``record_print``."""

    #: Saved as PDF: (path, pages).
    sig_saved = Signal(object, int)
    #: Sent to a printer and audited: pages printed.
    sig_printed = Signal(int)
    #: Pages are ready and the print or preview dialog is about to open.
    sig_ready = Signal()
    #: Something failed (argument: the message shown).
    sig_failed = Signal(str)
    #: The user cancelled generation.
    sig_cancelled = Signal()
    #: A case summary was refused: the record is restricted and needs break-glass first
    #: (argument: the young person's id). After it, ``set_actor`` gives the dialog the grant.
    sig_restricted = Signal(int)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        meetings: MeetingsApi,
        actor: Actor | Callable[[], Actor],
        meeting_id: int | None = None,
        young_person_id: int | None = None,
        subject: str = "",
        default_file_name: str = "",
        sharing: SharingApi | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``sharing`` (a SharingService) adds "Share with partner agency…"."""
        super().__init__(parent)
        if (meeting_id is None) == (young_person_id is None):
            raise ValueError("give a meeting_id or a young_person_id")
        self.setObjectName("packDialog")
        self._runner = runner
        self._service = meetings
        self._actor = actor
        self._meeting_id = meeting_id
        self._young_person_id = young_person_id
        self._sharing = sharing
        self._subject = subject
        #: The share dialog open now, if any (tests drive it).
        self.share_dialog: Any = None
        self.share_button: QPushButton | None = None
        self.kind: PackKind = "pack" if meeting_id is not None else "summary"
        self._key = (
            f"pack.meeting.{meeting_id}"
            if meeting_id is not None
            else f"pack.summary.{young_person_id}"
        )
        self._default_file_name = default_file_name or (
            f"macse-pack-{meeting_id}.pdf"
            if meeting_id is not None
            else f"case-summary-{young_person_id}.pdf"
        )
        self._task: Task | None = None
        self._job: PrintJob | None = None
        self._pending_folder: Path | None = None
        self.print_dialog: QPrintDialog | None = None
        self.preview_dialog: QPrintPreviewDialog | None = None
        self.printer: QPrinter | None = None
        if self.kind == "pack":
            title = self.tr("Meeting pack — {subject}")
        else:
            title = self.tr("Case summary — {subject}")
        self.setWindowTitle(title.format(subject=subject or "#?"))
        self._build(subject)
        self.progress.setWindowTitle(self.windowTitle())
        self.resize(560, self.sizeHint().height())

    # -- construction -----------------------------------------------------------------------------

    def _build(self, subject: str) -> None:
        what = self.tr("meeting pack") if self.kind == "pack" else self.tr("case summary")
        intro = QLabel(
            self.tr(
                "Prepare the {what} for <b>{subject}</b>. It includes only what you may see, and "
                "every print and saved copy is recorded in the audit log."
            ).format(what=what, subject=_escape(subject) or "#?"),
            self,
        )
        intro.setObjectName("packIntro")
        intro.setWordWrap(True)

        self.wider_check = QCheckBox(self.tr("For a &wider audience"), self)
        self.wider_check.setObjectName("packWiderAudience")
        self.wider_check.setAccessibleName(self.tr("For a wider audience"))
        self.wider_help = QLabel(
            self.tr(
                "Young people are shown by their initials only, and no date of birth appears "
                "anywhere in the document (text, tables, charts, bookmarks or file details)."
            ),
            self,
        )
        self.wider_help.setObjectName("packWiderHelp")
        self.wider_help.setWordWrap(True)
        self.wider_help.setProperty("role", "hint")
        self.wider_check.setAccessibleDescription(self.wider_help.text())

        self.conditional_check = QCheckBox(
            self.tr("Include &conditional intelligence (handling code C)"), self
        )
        self.conditional_check.setObjectName("packConditional")
        self.conditional_check.setAccessibleName(
            self.tr("Include intelligence with handling code C")
        )
        self.conditional_help = QLabel(
            self.tr(
                "Left out unless you include it: share it only under the conditions its source set."
            ),
            self,
        )
        self.conditional_help.setWordWrap(True)
        self.conditional_help.setProperty("role", "hint")

        content = QGroupBox(self.tr("Content"), self)
        box = QVBoxLayout(content)
        box.setSpacing(4)
        box.addWidget(self.wider_check)
        box.addWidget(self.wider_help)
        box.addSpacing(6)
        box.addWidget(self.conditional_check)
        box.addWidget(self.conditional_help)

        self.marking_combo = QComboBox(self)
        self.marking_combo.setObjectName("packMarking")
        self.marking_combo.setEditable(True)
        self.marking_combo.addItems(list(MARKINGS))
        self.marking_combo.setCurrentText(DEFAULT_MARKING)
        self.marking_combo.setAccessibleName(self.tr("Protective marking"))
        self.marking_combo.view().setAccessibleName(self.tr("Protective marking"))
        self.marking_combo.lineEdit().setAccessibleName(self.tr("Protective marking"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("packPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("PDF password (optional)"))
        self.password_edit.setPlaceholderText(self.tr("Optional"))
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setObjectName("packPasswordConfirm")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.setAccessibleName(self.tr("Confirm PDF password"))
        self.marking_error = error_label(self, "packMarkingError", self.tr("Marking: message"))
        self.password_error = error_label(self, "packPasswordError", self.tr("Password: message"))
        password_help = QLabel(
            self.tr(
                "A password protects a saved PDF; send it separately. Printed copies are paper."
            ),
            self,
        )
        password_help.setWordWrap(True)
        password_help.setProperty("role", "hint")

        handling = QGroupBox(self.tr("Handling"), self)
        form = QFormLayout(handling)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget in (
            (self.tr("&Marking:"), self.marking_combo),
            ("", self.marking_error),
            (self.tr("&Password:"), self.password_edit),
            (self.tr("Con&firm password:"), self.confirm_edit),
            ("", self.password_error),
            ("", password_help),
        ):
            if text:
                label = QLabel(text, handling)
                label.setBuddy(widget)
                form.addRow(label, widget)
            else:
                form.addRow("", widget)

        self.error_label = error_label(self, "packError", self.tr("Pack message"))
        self.status_label = QLabel(self)
        self.status_label.setObjectName("packStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setProperty("role", "ok")
        self.status_label.setAccessibleName(self.tr("Pack status"))
        self.status_label.hide()

        # one progress dialog, reused: shown while generating, hidden (never deleted) after
        self.progress = QProgressDialog("", self.tr("Cancel"), 0, 0, self)
        self.progress.setObjectName("packProgress")
        self.progress.setAccessibleName(self.tr("Pack generation progress"))
        # not modal: a modal QProgressDialog.setValue() spins a nested event loop inside our
        # progress slot; the dialog's own buttons are disabled while generating instead
        self.progress.setWindowModality(Qt.WindowModality.NonModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setMinimumDuration(0)
        self.progress.canceled.connect(self._on_progress_canceled)
        self.progress.hide()

        self.buttons = QDialogButtonBox(self)
        self.preview_button = self._button(
            self.tr("Print pre&view…"), "packPreview", self.tr("Print preview")
        )
        self.print_button = self._button(self.tr("&Print…"), "packPrint", self.tr("Print"))
        self.save_button = self._button(
            self.tr("&Save as PDF…"), "packSave", self.tr("Save as PDF")
        )
        if self._sharing is not None:
            self.share_button = self._button(
                self.tr("S&hare with partner agency…"),
                "packShare",
                self.tr("Share with partner agency"),
            )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("packClose")
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        self.save_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(content)
        layout.addWidget(handling)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_pack)
        self.save_button.clicked.connect(self._on_save_clicked)
        if self.share_button is not None:
            self.share_button.clicked.connect(self.open_share_dialog)
        self.wider_check.setFocus()

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setAutoDefault(False)
        return button

    # -- public API -------------------------------------------------------------------------------

    def options(self) -> PackOptions | None:
        """The chosen options, or None (with the message shown next to the field) if invalid."""
        show_error(self.marking_error, "")
        show_error(self.password_error, "")
        marking = " ".join(self.marking_combo.currentText().split()).upper()
        if not marking:
            show_error(self.marking_error, self.tr("Give the protective marking to print"))
            self.marking_combo.setFocus()
            return None
        password = self.password_edit.text()
        if password != self.confirm_edit.text():
            show_error(self.password_error, self.tr("The two passwords are not the same"))
            self.confirm_edit.setFocus()
            return None
        return PackOptions(
            wider_audience=self.wider_check.isChecked(),
            include_conditional=self.conditional_check.isChecked(),
            password=password or None,
            marking=marking,
        )

    def save_pdf(self, path: Path) -> None:
        """Generate into `path` (the service writes it and audits the export)."""
        options = self.options()
        if options is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        service, actor = self._service, self._current_actor()
        target_id = self._meeting_id if self.kind == "pack" else self._young_person_id
        assert target_id is not None
        write = service.write_pack if self.kind == "pack" else service.write_summary

        def work(progress: Progress) -> int:
            return int(write(actor, target_id, options, path, progress))

        self._start(
            work,
            self.tr("Saving {name}…").format(name=path.name),
            on_done=lambda pages: self._on_saved(path, pages),
        )

    def preview(self) -> None:
        self._generate_for_print(preview=True)

    def print_pack(self) -> None:
        self._generate_for_print(preview=False)

    def open_share_dialog(self) -> Any:
        """Share this pack or summary with partner-agency readers (the options chosen here,
        wider audience ticked by default there)."""
        if self._sharing is None:
            return None
        options = self.options()
        if options is None:
            return None
        from desktop.views.meetings.share_dialog import ShareDialog

        if self.share_dialog is not None:
            self.share_dialog.close()
        target_id = self._meeting_id if self.kind == "pack" else self._young_person_id
        assert target_id is not None
        dialog = ShareDialog(
            runner=self._runner,
            sharing=self._sharing,
            actor=self._current_actor(),
            kind="pack" if self.kind == "pack" else "summary",
            target_id=target_id,
            subject=self._subject,
            options=options,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_share_finished)
        self.share_dialog = dialog
        dialog.show()
        dialog.reload()
        return dialog

    def _on_share_finished(self, _result: int) -> None:
        self.share_dialog = None

    @property
    def is_busy(self) -> bool:
        return self._task is not None

    @property
    def young_person_id(self) -> int | None:
        return self._young_person_id

    def set_actor(self, actor: Actor) -> None:
        """The user as they are now (e.g. after break-glass), for the next generation."""
        self._actor = actor

    # -- generation -------------------------------------------------------------------------------

    def _current_actor(self) -> Actor:
        return self._actor() if callable(self._actor) else self._actor

    def _generate_for_print(self, *, preview: bool) -> None:
        options = self.options()
        if options is None:
            return
        options = replace(options, password=None)  # paper is not encrypted; pages must render
        service, actor = self._service, self._current_actor()
        kind, target_id = self.kind, self._meeting_id or self._young_person_id
        assert target_id is not None
        folder = Path(tempfile.mkdtemp(prefix="caseboard-print-"))  # 0700, ours only
        self._pending_folder = folder

        def work(progress: Progress) -> PrintJob:
            try:
                prepared = service.prepare_print(
                    actor, kind, target_id, options, folder, progress, render=RENDERER == "pdftoppm"
                )
                progress.report(1, 1, "Ready")  # a cancel that came late still cleans up
                return PrintJob.of(prepared)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise

        self._start(
            work,
            self.tr("Preparing the pages…"),
            on_done=lambda job: self._on_print_job_ready(job, preview=preview),
        )

    def _start(self, work: Callable[[Progress], Any], label: str, on_done: Any) -> None:
        show_error(self.error_label, "")
        self.status_label.hide()
        self._set_busy(True)
        progress = self.progress
        progress.reset()
        progress.setRange(0, 0)
        progress.setLabelText(label)
        progress.show()
        self._task = self._runner.submit(
            work,
            on_done=lambda result: self._finish(on_done, result),
            on_error=self._on_failed,
            key=self._key,
            on_progress=self._on_progress,
        )

    def _finish(self, callback: Callable[[Any], None], result: Any) -> None:
        self._close_progress()
        self._set_busy(False)
        callback(result)

    def _close_progress(self) -> None:
        # hidden and reused, never deleted while a progress signal may still be on its way
        self._task = None
        self.progress.hide()

    def cancel(self) -> None:
        """Stop generating: nothing is saved or printed, temporary files go."""
        if self._task is None:
            return
        self._runner.cancel(self._key)
        self._close_progress()
        if self._pending_folder is not None:
            shutil.rmtree(self._pending_folder, ignore_errors=True)
            self._pending_folder = None
        self._set_busy(False)
        self.status_label.setText(self.tr("Cancelled: nothing was saved or printed."))
        self.status_label.setProperty("role", "hint")
        self.status_label.show()
        self.sig_cancelled.emit()

    # -- slots ------------------------------------------------------------------------------------

    def _on_progress_canceled(self) -> None:
        self.cancel()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        progress = self.progress
        if self._task is None:
            return
        if message:
            progress.setLabelText(self.tr(message))
        progress.setMaximum(max(total, 1))
        progress.setValue(min(done, max(total, 1)))

    def _on_save_clicked(self) -> None:
        path_text, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save as PDF"),
            str(Path.home() / self._default_file_name),
            self.tr("PDF files (*.pdf)"),
        )
        if path_text:
            self.save_pdf(Path(path_text))

    def _on_saved(self, path: Path, pages: int) -> None:
        self._show_status(
            self.tr("Saved {pages} pages to {path}.").format(pages=pages, path=path)
            if pages != 1
            else self.tr("Saved 1 page to {path}.").format(path=path)
        )
        self.sig_saved.emit(path, pages)

    def _on_failed(self, error: BaseException) -> None:
        self._close_progress()
        self._set_busy(False)
        self._pending_folder = None
        message = message_of(error, self.tr("The pack could not be made: an unexpected error."))
        show_error(self.error_label, message)
        self.sig_failed.emit(message)
        if isinstance(error, RestrictedRecord) and self._young_person_id is not None:
            self.sig_restricted.emit(self._young_person_id)

    def _on_print_job_ready(self, job: PrintJob, *, preview: bool) -> None:
        self._pending_folder = None
        self._discard_job()
        self._job = job
        printer = make_printer()
        printer.setDocName(self.windowTitle())
        self.printer = printer
        self.sig_ready.emit()
        if preview:
            dialog = QPrintPreviewDialog(printer, self)
            dialog.setObjectName("packPreviewDialog")
            dialog.setWindowTitle(
                self.tr("Print preview — {title}").format(title=self.windowTitle())
            )
            dialog.paintRequested.connect(self._on_paint_requested)
            dialog.finished.connect(self._on_preview_finished)
            self.preview_dialog = dialog
            dialog.resize(900, 760)
            QDialog.open(dialog)  # the base open(): the subclass's needs (receiver, member)
        else:
            print_dialog = QPrintDialog(printer, self)
            print_dialog.setObjectName("packPrintDialog")
            print_dialog.setMinMax(1, job.pages)
            print_dialog.finished.connect(self._on_print_finished)
            self.print_dialog = print_dialog
            QDialog.open(print_dialog)

    def _on_paint_requested(self, printer: QPrinter) -> None:
        if self._job is not None:
            paint_pages(printer, self._job)

    def _on_print_finished(self, result: int) -> None:
        """The print dialog closed: on OK, audit first, then send the pages (no audit, no print)."""
        self.print_dialog = None
        job, printer = self._job, self.printer
        if job is None or printer is None:
            return
        if result != QDialog.DialogCode.Accepted:
            self._discard_job()
            return
        self._record_print(job, printer, then_paint=True)

    def _on_preview_finished(self, result: int) -> None:
        """The preview closed; Accepted means it printed (Qt accepts after printing)."""
        self.preview_dialog = None
        job, printer = self._job, self.printer
        if job is None or printer is None:
            return
        if result != QDialog.DialogCode.Accepted:
            self._discard_job()
            return
        self._record_print(job, printer, then_paint=False)

    def _record_print(self, job: PrintJob, printer: QPrinter, *, then_paint: bool) -> None:
        service, actor, kind = self._service, self._current_actor(), self.kind
        file_name = printer.outputFileName()
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat:
            file_name = printer.printerName()
        pages = job.pages

        def work(_progress: Progress) -> None:
            service.record_print(
                actor, job.doc, kind=kind, destination="printer", file_name=file_name, pages=pages
            )

        self._set_busy(True)
        self._runner.submit(
            work,
            on_done=lambda _r: self._on_print_recorded(job, printer, then_paint),
            on_error=self._on_record_failed,
            key=f"{self._key}.audit",
        )

    def _on_print_recorded(self, job: PrintJob, printer: QPrinter, then_paint: bool) -> None:
        self._set_busy(False)
        try:
            painted = paint_pages(printer, job) if then_paint else job.pages
        except ServiceError as exc:
            self._discard_job()
            self._on_failed(exc)
            return
        self._discard_job()
        self._show_status(
            self.tr("Sent {pages} pages to the printer; the print is in the audit log.").format(
                pages=painted
            )
        )
        self.sig_printed.emit(painted)

    def _on_record_failed(self, error: BaseException) -> None:
        self._discard_job()
        self._on_failed(error)

    def _discard_job(self) -> None:
        if self._job is not None:
            self._job.cleanup()
            self._job = None

    def _show_status(self, text: str) -> None:
        self.status_label.setProperty("role", "ok")
        self.status_label.setText(text)
        self.status_label.setAccessibleDescription(text)
        self.status_label.show()

    def _set_busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(not busy)

    def done(self, result: int) -> None:
        """Closing stops any generation and removes temporary files."""
        self.cancel()
        self._discard_job()
        super().done(result)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
