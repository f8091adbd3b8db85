"""Printing a generated PDF from Qt: its pages (rendered by the service, or by QtPdf when
installed) painted on a printer or into a print preview."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from desktop.domain.errors import ServiceError

#: Page images are rendered at this resolution for printing (A4: 1240 x 1754 pixels; the
#: service renders them at desktop.services.packs.PRINT_DPI, the same).
PRINT_DPI = 150

try:  # QtPdf ships in PySide6-Addons, not in PySide6-Essentials (which Caseboard depends on)
    from PySide6.QtPdf import QPdfDocument  # type: ignore[import-not-found,unused-ignore]

    RENDERER = "qtpdf"
except ImportError:  # pragma: no cover - depends on the installed wheels
    QPdfDocument = None
    RENDERER = "pdftoppm"


@dataclass
class PrintJob:
    """A pack generated for printing: a private temporary folder deleted when printing ends."""

    doc: Any
    folder: Path
    pdf: Path
    pages: int
    images: list[Path] = field(default_factory=list)

    @classmethod
    def of(cls, prepared: Any) -> PrintJob:
        """The job for what a service prepared (desktop.services.packs.PrintPages)."""
        return cls(
            prepared.doc, prepared.folder, prepared.pdf, prepared.pages, list(prepared.images)
        )

    def page_image(self, index: int) -> QImage:
        if self.images:
            return QImage(str(self.images[index]))
        return _render_with_qtpdf(self.pdf, index)

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _render_with_qtpdf(pdf: Path, index: int) -> QImage:  # pragma: no cover - needs QtPdf
    assert QPdfDocument is not None
    document = QPdfDocument()
    document.load(str(pdf))
    points = document.pagePointSize(index)
    size = QSize(round(points.width() * PRINT_DPI / 72), round(points.height() * PRINT_DPI / 72))
    return document.render(index, size)


def paint_pages(printer: QPrinter, job: PrintJob) -> int:
    """Paint the job's pages on `printer` (honouring a chosen page range); returns pages painted."""
    first, last = 1, job.pages
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(job.pages, printer.toPage() or job.pages)
    painter = QPainter()
    if not painter.begin(printer):
        raise ServiceError("The printer could not be started")
    painted = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        area = painter.viewport()
        for number in range(first, last + 1):
            if painted:
                printer.newPage()
            image = job.page_image(number - 1)
            if image.isNull():
                continue
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(
                area.x() + (area.width() - size.width()) // 2,
                area.y() + (area.height() - size.height()) // 2,
                size.width(),
                size.height(),
            )
            painter.drawImage(target, image)
            painted += 1
    finally:
        painter.end()
    return painted


def make_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)  # the PDF pages carry their own margins
    return printer
