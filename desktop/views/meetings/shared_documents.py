"""A partner-agency reader's home: the packs and summaries shared with them, to open, save as
PDF and print (each audited by the sharing service)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.errors import ServiceError
from desktop.domain.progress import Progress
from desktop.interfaces import SharingApi
from desktop.models.shared_documents import Column, SharedDocumentsModel
from desktop.tasks import TaskRunner
from desktop.views.meetings.printing import RENDERER, PrintJob, make_printer, paint_pages
from desktop.views.widgets.forms import busy_bar, error_label, message_of, show_error

LOAD_KEY = "shared.list"
JOB_KEY = "shared.job"
#: Width in pixels at which the viewer shows a page.
VIEW_WIDTH = 820


def prepare_pages(service: SharingApi, actor: Actor, document_id: int, progress: Any) -> PrintJob:
    """The shared PDF (checked and audited as a view by the service) in a private temporary
    folder (0700, the file 0600) with its pages rendered for the screen or a printer; the
    caller cleans the job up."""
    folder = Path(tempfile.mkdtemp(prefix="caseboard-shared-"))
    try:
        prepared = service.open_pages(
            actor, document_id, folder, progress, render=RENDERER == "pdftoppm"
        )
        return PrintJob.of(prepared)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


class SharedDocumentViewer(QDialog):
    """The pages of a shared document, one under another (read-only)."""

    def __init__(self, title: str, job: PrintJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sharedViewer")
        self.setWindowTitle(title)
        self._job = job
        pages = QWidget(self)
        pages.setObjectName("sharedViewerPages")
        column = QVBoxLayout(pages)
        column.setSpacing(12)
        column.setContentsMargins(12, 12, 12, 12)
        self.page_labels: list[QLabel] = []
        for index in range(job.pages):
            image = job.page_image(index)
            label = QLabel(pages)
            label.setObjectName("sharedViewerPage")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if not image.isNull():
                label.setPixmap(
                    QPixmap.fromImage(image).scaledToWidth(
                        VIEW_WIDTH, Qt.TransformationMode.SmoothTransformation
                    )
                )
            label.setAccessibleName(
                self.tr("Page {n} of {total}").format(n=index + 1, total=job.pages)
            )
            column.addWidget(label)
            self.page_labels.append(label)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("sharedViewerScroll")
        self.scroll.setAccessibleName(self.tr("Pages of {title}").format(title=title))
        self.scroll.setWidget(pages)
        self.scroll.setWidgetResizable(True)
        # pages are drawn at a fixed width that fits the dialog: scroll down, never across
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(buttons)
        self.resize(VIEW_WIDTH + 100, 860)

    def done(self, result: int) -> None:
        """Closing removes the temporary copy."""
        self._job.cleanup()
        super().done(result)


class SharedDocumentsView(QWidget):
    """``reload()`` lists the documents on a worker; Open, Save as PDF… and Print… each fetch
    the stored PDF through the service, which checks the reader and audits the use."""

    #: The list is shown (argument: how many documents).
    sig_loaded = Signal(int)
    #: Loading failed (argument: the message shown).
    sig_load_failed = Signal(str)
    #: Something was saved, printed or failed (argument: a sentence for the status bar).
    sig_message = Signal(str)
    #: A document's pages are open in the viewer.
    sig_opened = Signal()
    #: Pages are ready and the print dialog is about to open.
    sig_print_ready = Signal()

    def __init__(
        self,
        *,
        runner: TaskRunner,
        sharing: SharingApi,
        actor: Actor | Callable[[], Actor],
        sharer: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``sharer``: the chair's or manager's view of what they shared, with Withdraw."""
        super().__init__(parent)
        self.setObjectName("sharedDocumentsView")
        self.sharer = sharer
        self._runner = runner
        self._service = sharing
        self._actor = actor
        self._job: PrintJob | None = None
        self._print_doc: Any = None
        #: Dialogs open now (tests drive them).
        self.viewer: SharedDocumentViewer | None = None
        self.print_dialog: QPrintDialog | None = None
        self.printer: QPrinter | None = None
        self.model = SharedDocumentsModel(self, sharer=sharer)

        title = QLabel(
            self.tr("Shared with partner agencies") if sharer else self.tr("Shared with you"), self
        )
        title.setObjectName("panelTitle")
        self.open_button = self._button(
            "sharedOpen", self.tr("&Open"), self.tr("Open the selected document")
        )
        self.save_button = self._button(
            "sharedSave", self.tr("&Save as PDF…"), self.tr("Save the selected document as PDF")
        )
        self.print_button = self._button(
            "sharedPrint", self.tr("&Print…"), self.tr("Print the selected document")
        )
        self.revoke_button = self._button(
            "sharedRevoke",
            self.tr("&Withdraw…"),
            self.tr("Withdraw the selected document from its reader"),
        )
        self.revoke_button.setVisible(sharer)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("caseloadCount")
        self.count_label.setAccessibleName(self.tr("Document count"))
        self.intro = QLabel(
            self.tr(
                "Meeting packs and case summaries a MACSE chair or team manager has shared with "
                "you. Opening, saving and printing them is recorded in the audit log; keep "
                "copies only as the handling statement on each document says."
            ),
            self,
        )
        if sharer:
            self.intro.setText(
                self.tr(
                    "Packs and case summaries you shared with partner-agency readers. "
                    "Withdrawing one stops its reader seeing or opening it from now on; copies "
                    "they already saved or printed are in the audit log."
                )
            )
        self.intro.setObjectName("sharedIntro")
        self.intro.setWordWrap(True)
        self.intro.setProperty("role", "hint")
        self.busy = busy_bar(self, self.tr("Working"))
        self.busy.hide()
        self.error = error_label(self, "sharedError", self.tr("Error message"))
        self.notice = QLabel(self)
        self.notice.setObjectName("noticeLine")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Last action"))
        self.notice.hide()
        self.empty_label = QLabel(
            self.tr(
                "Nothing has been shared with you yet. When a chair shares a meeting pack or a "
                "case summary with you, it appears here."
            ),
            self,
        )
        self.empty_label.setObjectName("sharedEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.table = QTableView(self)
        self.table.setObjectName("sharedTable")
        self.table.setAccessibleName(
            self.tr("Documents you shared") if sharer else self.tr("Documents shared with you")
        )
        self.table.setAccessibleDescription(self.tr("Press Enter to open the selected document."))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        char = self.fontMetrics().horizontalAdvance("n")
        for column, chars in {
            Column.TITLE: 52, Column.KIND: 16, Column.SHARED_BY: 22, Column.SHARED_AT: 20,
        }.items():  # fmt: skip
            header.resizeSection(column, char * chars + 24)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.SHARED_AT, Qt.SortOrder.DescendingOrder)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(title)
        bar.addSpacing(12)
        for button in (self.open_button, self.save_button, self.print_button, self.revoke_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.busy)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.intro)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)

        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.print_button.clicked.connect(self.print_selected)
        self.revoke_button.clicked.connect(self._on_revoke_clicked)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    # -- public API -------------------------------------------------------------------------

    def actor(self) -> Actor:
        return self._actor() if callable(self._actor) else self._actor

    def reload(self) -> None:
        service, actor = self._service, self.actor()
        self.count_label.setText(self.tr("Loading…"))
        self._runner.submit(
            lambda _p: service.list_shared(actor),
            on_done=self._on_loaded,
            on_error=self._on_load_failed,
            key=LOAD_KEY,
        )

    def selected(self) -> Any | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_at(index.row())

    def open_selected(self) -> None:
        doc = self.selected()
        if doc is not None:
            self._prepare(doc, lambda job: self._on_open_ready(doc, job))

    def print_selected(self) -> None:
        doc = self.selected()
        if doc is not None:
            self._prepare(doc, lambda job: self._on_print_ready(doc, job))

    def save_selected(self, path: Path) -> None:
        """Write the selected document to `path` (the service writes it 0600 and audits it)."""
        doc = self.selected()
        if doc is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        service, actor = self._service, self.actor()
        self._start()
        self._runner.submit(
            lambda _p: service.save_copy(actor, doc.id, path),
            on_done=lambda pages: self._on_saved(path, pages),
            on_error=self._on_failed,
            key=JOB_KEY,
        )

    # -- work -------------------------------------------------------------------------------

    def _prepare(self, doc: Any, then: Callable[[PrintJob], None]) -> None:
        service, actor = self._service, self.actor()

        def work(progress: Progress) -> PrintJob:
            return prepare_pages(service, actor, doc.id, progress)

        self._start()
        self._runner.submit(
            work, on_done=lambda job: self._finish(then, job), on_error=self._on_failed, key=JOB_KEY
        )

    def _start(self) -> None:
        show_error(self.error, "")
        self.notice.hide()
        self.busy.show()
        self._set_enabled(False)

    def _finish(self, callback: Callable[[Any], None], result: Any) -> None:
        self.busy.hide()
        self._update_buttons()
        callback(result)

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.open_button, self.save_button, self.print_button):
            button.setEnabled(enabled)
        doc = self.selected()
        self.revoke_button.setEnabled(enabled and doc is not None and not doc.revoked)

    def revoke_selected(self) -> None:
        """Withdraw the selected copy (no confirmation: the button's slot asks first)."""
        doc = self.selected()
        if doc is None or doc.revoked:
            return
        service, actor = self._service, self.actor()
        self._start()
        self._runner.submit(
            lambda _p: service.revoke(actor, doc.id),
            on_done=lambda _r: self._on_revoked(doc),
            on_error=self._on_failed,
            key="shared.revoke",
        )

    def _on_revoke_clicked(self) -> None:
        doc = self.selected()
        if doc is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Withdraw shared document"),
            self.tr("Withdraw “{title}” from {reader}? They will no longer see or open it.").format(
                title=doc.title, reader=doc.shared_with
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.revoke_selected()

    def _on_revoked(self, doc: Any) -> None:
        self.busy.hide()
        self._show_notice(
            self.tr("Withdrawn: {title} is no longer shared with {reader}").format(
                title=doc.title, reader=doc.shared_with
            )
        )
        self.reload()

    def _update_buttons(self) -> None:
        self._set_enabled(self.selected() is not None and not self.busy.isVisibleTo(self))

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setAccessibleDescription(text)
        self.notice.show()
        self.sig_message.emit(text)

    # -- slots ------------------------------------------------------------------------------

    def _on_loaded(self, rows: list[Any]) -> None:
        current = self.selected()
        self.model.set_rows(rows)
        n = len(rows)
        self.count_label.setText(
            self.tr("1 document") if n == 1 else self.tr("{n} documents").format(n=n)
        )
        self.empty_label.setVisible(n == 0)
        self.table.setVisible(n > 0)
        if n:
            keep = next(
                (i for i in range(n) if current and self.model.row_at(i).id == current.id), 0
            )
            self.table.selectRow(keep)
        self._update_buttons()
        self.sig_loaded.emit(n)

    def _on_load_failed(self, error: BaseException) -> None:
        message = message_of(error, self.tr("The shared documents could not be loaded."))
        self.count_label.setText("")
        show_error(self.error, message)
        self.sig_load_failed.emit(message)

    def _on_failed(self, error: BaseException) -> None:
        self.busy.hide()
        self._update_buttons()
        message = message_of(error, self.tr("That did not work: an unexpected error."))
        show_error(self.error, message)
        self.sig_message.emit(message)

    def _on_save_clicked(self) -> None:
        doc = self.selected()
        if doc is None:
            return
        safe = "".join(c if c.isalnum() or c in " -_,." else "_" for c in doc.title).strip()
        path_text, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save as PDF"),
            str(Path.home() / f"{safe or 'shared document'}.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if path_text:
            self.save_selected(Path(path_text))

    def _on_saved(self, path: Path, pages: int) -> None:
        self.busy.hide()
        self._update_buttons()
        self._show_notice(self.tr("Saved {pages} pages to {path}.").format(pages=pages, path=path))

    def _on_open_ready(self, doc: Any, job: PrintJob) -> None:
        self._discard_job()
        viewer = SharedDocumentViewer(doc.title, job, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(self._on_viewer_finished)
        self.viewer = viewer
        viewer.show()
        self.sig_opened.emit()

    def _on_viewer_finished(self, _result: int) -> None:
        self.viewer = None

    def _on_print_ready(self, doc: Any, job: PrintJob) -> None:
        self._discard_job()
        self._job = job
        self._print_doc = doc
        printer = make_printer()
        printer.setDocName(doc.title)
        self.printer = printer
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("sharedPrintDialog")
        dialog.setMinMax(1, job.pages)
        dialog.finished.connect(self._on_print_finished)
        self.print_dialog = dialog
        self.sig_print_ready.emit()
        QDialog.open(dialog)

    def _on_print_finished(self, result: int) -> None:
        """On OK: audit first, then send the pages (no audit, no print)."""
        self.print_dialog = None
        job, printer, doc = self._job, self.printer, self._print_doc
        if job is None or printer is None or doc is None:
            return
        if result != QDialog.DialogCode.Accepted:
            self._discard_job()
            return
        file_name = printer.outputFileName()
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat:
            file_name = printer.printerName()
        service, actor, pages = self._service, self.actor(), job.pages
        self._start()
        self._runner.submit(
            lambda _p: service.record_print(actor, doc.id, file_name=file_name, pages=pages),
            on_done=lambda _r: self._on_print_recorded(job, printer),
            on_error=self._on_print_failed,
            key=f"{JOB_KEY}.audit",
        )

    def _on_print_recorded(self, job: PrintJob, printer: QPrinter) -> None:
        self.busy.hide()
        self._update_buttons()
        try:
            painted = paint_pages(printer, job)
        except ServiceError as exc:  # the printer could not be started
            self._discard_job()
            self._on_failed(exc)
            return
        self._discard_job()
        self._show_notice(
            self.tr("Sent {pages} pages to the printer; the print is in the audit log.").format(
                pages=painted
            )
        )

    def _on_print_failed(self, error: BaseException) -> None:
        self._discard_job()
        self._on_failed(error)

    def _discard_job(self) -> None:
        if self._job is not None:
            self._job.cleanup()
            self._job = None
