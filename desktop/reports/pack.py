"""Build the MACSE meeting pack (or a single case summary) as an A4 PDF with reportlab platypus."""

from __future__ import annotations

import io
import os
import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desktop.domain.dates import format_datetime
from desktop.domain.meetings import PackDocument
from desktop.domain.progress import Cancelled
from desktop.reports.redaction import Redactor
from desktop.reports.sections import PackWriter
from desktop.reports.styles import (
    FONT,
    FONT_BOLD,
    INK,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_HEIGHT,
    PAGE_SIZE,
    PAGE_WIDTH,
    RULE,
)

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    bytes: int  # size of the written PDF


@dataclass(frozen=True, slots=True)
class _Decor:
    """What every page prints around the content."""

    marking: str
    running_title: str
    printed: str  # "Printed by NAME at DATETIME"


def _draw_page_furniture(canv: Canvas, decor: _Decor) -> None:
    """Marking at top and bottom, running title, printed by/at; the page number comes later."""
    canv.saveState()
    top = PAGE_HEIGHT - 11 * 2.8346
    canv.setFillColor(INK)
    canv.setFont(FONT_BOLD, 10.5)
    canv.drawCentredString(PAGE_WIDTH / 2, top, decor.marking)
    canv.setFont(FONT, 8)
    canv.setFillColor(MUTED)
    canv.drawString(MARGIN_LEFT, top - 12, decor.running_title)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.6)
    canv.line(MARGIN_LEFT, top - 16, PAGE_WIDTH - MARGIN_RIGHT, top - 16)
    bottom = 10 * 2.8346
    canv.line(MARGIN_LEFT, bottom + 22, PAGE_WIDTH - MARGIN_RIGHT, bottom + 22)
    canv.drawString(MARGIN_LEFT, bottom + 11, decor.printed)
    canv.setFillColor(INK)
    canv.setFont(FONT_BOLD, 10.5)
    canv.drawCentredString(PAGE_WIDTH / 2, bottom, decor.marking)
    canv.restoreState()


class _PackCanvas(Canvas):  # type: ignore[misc]
    """Defers each page until the end so it can print "Page X of Y" in one layout pass.

    Bookmarks made on a page are replayed when that page is finally emitted, so outline
    entries point at the right pages.
    """

    def __init__(self, *args: Any, pages_out: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages_out = pages_out
        self._saved_pages: list[dict[str, Any]] = []
        self._pending_bookmarks: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def bookmarkPage(self, *args: Any, **kwargs: Any) -> None:
        self._pending_bookmarks.append((args, kwargs))

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._pending_bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, 1):
            self.__dict__.update(state)
            for args, kwargs in self._pending_bookmarks:
                Canvas.bookmarkPage(self, *args, **kwargs)
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(INK)
            self.drawRightString(
                PAGE_WIDTH - MARGIN_RIGHT, 10 * 2.8346 + 11, f"Page {number} of {total}"
            )
            self.restoreState()
            Canvas.showPage(self)
        self._pages_out.append(total)
        super().save()


class _PackTemplate(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, target: Any, decor: _Decor, cancelled: CancelledFn | None, **kw: Any):
        super().__init__(
            target,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            **kw,
        )
        self._cancelled = cancelled
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

        def on_page(canv: Canvas, _doc: BaseDocTemplate) -> None:
            _draw_page_furniture(canv, decor)

        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])

    def afterPage(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled("pack generation cancelled")

    def beforeDocument(self) -> None:
        self.canv.showOutline()


def _metadata(doc: PackDocument, redactor: Redactor) -> dict[str, Any]:
    kind = "Case summary" if doc.meeting is None else "MACSE meeting pack"
    title = redactor.text(doc.title) or kind
    if doc.meeting is not None:
        title_subject = f"{kind}, {redactor.day(doc.meeting.held_on)}"
    else:
        title_subject = kind
    if doc.options.wider_audience:
        title_subject += " (wider audience)"
    return {
        "title": title,
        "author": "Caseboard",
        "subject": f"{title_subject}. {doc.options.marking}",
        "creator": "Caseboard",
        "keywords": [doc.options.marking, kind],
    }


def _encryption(password: str | None) -> StandardEncryption | None:
    if not password:
        return None
    return StandardEncryption(
        userPassword=password,
        ownerPassword=secrets.token_urlsafe(24),  # nobody may lift the restrictions
        canPrint=1,
        canModify=0,
        canCopy=0,
        canAnnotate=0,
        strength=128,
    )


def _decor(doc: PackDocument, redactor: Redactor) -> _Decor:
    running = redactor.text(doc.title)
    if doc.meeting is not None:
        day = redactor.day(doc.meeting.held_on)
        if day not in running:  # "MACSE meeting 27 Oct 2026" already says when
            running = f"{running}, {day}"
    return _Decor(
        marking=doc.options.marking,
        running_title=running,
        printed=f"Printed by {doc.printed_by} at {format_datetime(doc.printed_at)}",
    )


def make_story(
    doc: PackDocument,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> list[Flowable]:
    """The pack's flowables; `progress`/`cancelled` fire as each young person is laid out."""
    n = len(doc.people)

    def on_person(i: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("pack generation cancelled")
        if progress is not None:
            progress(i, total, f"Young person {i} of {total}")

    writer = PackWriter(doc, on_person=on_person if (progress or cancelled) and n else None)
    return writer.story()


def render_story(
    doc: PackDocument,
    story: Sequence[Flowable],
    target: str | BinaryIO,
    cancelled: CancelledFn | None = None,
) -> int:
    """Lay out and write ready-made flowables; returns the page count."""
    redactor = Redactor(doc)
    pages: list[int] = []
    template = _PackTemplate(
        target,
        _decor(doc, redactor),
        cancelled,
        encrypt=_encryption(doc.options.password),
        **_metadata(doc, redactor),
    )

    def canvasmaker(*args: Any, **kwargs: Any) -> _PackCanvas:
        return _PackCanvas(*args, pages_out=pages, **kwargs)

    template.build(list(story), canvasmaker=canvasmaker)
    return pages[-1] if pages else 0


def build_pack(
    doc: PackDocument,
    out: Path | BinaryIO,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> BuildResult:
    """Write the pack to `out`; raises Cancelled (writing nothing at `out`) when cancelled.

    A Path is written through a temporary file in the same folder and renamed into place, so
    a cancelled or failed build never leaves a partial PDF; a stream gets the whole PDF at the
    end, or nothing.
    """
    n = len(doc.people)

    def check_and_report(done: int, message: str) -> None:
        # Either hook may stop the build: cancelled() returning True, or progress raising
        # Cancelled itself (desktop.domain.progress.Progress.report may).
        if cancelled is not None and cancelled():
            raise Cancelled("pack generation cancelled")
        if progress is not None:
            progress(done, n, message)

    check_and_report(0, "Preparing the pack")
    story = make_story(doc, progress, cancelled)
    buffer = io.BytesIO()
    pages = render_story(doc, story, buffer, cancelled)
    check_and_report(n, "Pack written")  # the last chance to cancel: nothing at `out` yet
    data = buffer.getvalue()
    size = len(data)
    if isinstance(out, Path):
        # written through its descriptor: the private file itself, never a name re-opened
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    else:
        out.write(data)
    return BuildResult(pages=pages, bytes=size)
