"""Small flowable helpers the pack sections share: escaped paragraphs, tables, anchors, boxes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from desktop.reports.styles import (
    BOX_FILL,
    CELL,
    CELL_BOLD,
    FONT,
    FONT_BOLD,
    INK,
    KEY_VALUE,
    TABLE_BASE,
    ZEBRA,
    TableCell,
)

_FRAG_TEMPLATES: dict[tuple[int, bool, bool], Any] = {}


def para(text: str, style: Any = CELL, *, bold: bool = False, italic: bool = False) -> Paragraph:
    """A paragraph of plain (already redacted) text; markup characters print as themselves.

    Single-run text skips reportlab's markup parser: the one text fragment is cloned from a
    template parsed once per style (parsing was a third of the time spent making a pack's
    flowables). Text with line breaks goes through the parser.
    """
    if "\n" not in text and text.strip():
        key = (id(style), bold, italic)
        template = _FRAG_TEMPLATES.get(key)
        if template is None:
            template = _parsed("x", style, bold, italic).frags[0]
            _FRAG_TEMPLATES[key] = template
        frag = template.clone(text=" ".join(text.split()))
        return Paragraph(text, style, frags=[frag])
    return _parsed(text, style, bold, italic)


#: Long text is laid out in paragraphs of at most this many characters: reportlab re-wraps what
#: is left of a paragraph each time it splits one across a page, so one huge paragraph costs
#: time quadratic in its length, bounded ones linear.
CHUNK = 2000
_BLANK_LINES = re.compile(r"\n\s*\n")


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """`text` split at blank lines, then into pieces of at most `size` characters at spaces."""
    out: list[str] = []
    for block in _BLANK_LINES.split(text):
        block = block.strip()
        while len(block) > size:
            cut = block.rfind(" ", size // 2, size)
            if cut <= 0:
                cut = size
            out.append(block[:cut].rstrip())
            block = block[cut:].lstrip()
        if block:
            out.append(block)
    return out or [text]


def paras(
    text: str, style: Any = CELL, *, bold: bool = False, italic: bool = False
) -> list[Flowable]:
    """Paragraphs of bounded size for text of any length (see CHUNK)."""
    if len(text) <= CHUNK:
        return [para(text, style, bold=bold, italic=italic)]
    return [para(piece, style, bold=bold, italic=italic) for piece in chunks(text)]


def _parsed(text: str, style: Any, bold: bool, italic: bool) -> Paragraph:
    body = escape(text).replace("\n", "<br/>")
    if bold:
        body = f"<b>{body}</b>"
    if italic:
        body = f"<i>{body}</i>"
    return Paragraph(body, style)


class Bold(str):
    """A table cell's text to print in bold."""

    __slots__ = ()


_PAD = 4.0  # left and right cell padding of TABLE_BASE and KEY_VALUE (each side, points)


def fit_cells(rows: list[list[object]], widths: Sequence[float]) -> list[tuple[object, ...]]:
    """Leave text that fits its column as a plain string (cheap to lay out and draw); wrap the
    rest in a Paragraph. Returns the style commands that make plain Bold cells bold."""
    cmds: list[tuple[object, ...]] = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            bold = isinstance(cell, Bold)
            font = FONT_BOLD if bold else FONT
            room = widths[c] - 2 * _PAD - 0.5
            size = CELL.fontSize
            # No Helvetica glyph is wider than 1 em: most cells fit without measuring.
            if len(cell) * size <= room or all(
                stringWidth(line, font, size) <= room for line in cell.split("\n")
            ):
                if bold:
                    cmds.append(("FONTNAME", (c, r), (c, r), FONT_BOLD))
            elif len(cell) > CHUNK:
                row[c] = paras(cell, CELL_BOLD if bold else CELL)
            else:
                row[c] = para(cell, CELL_BOLD if bold else CELL)
    return cmds


#: A row estimated taller than this may split across pages (reportlab's splitInRow); shorter
#: rows move to the next page whole, which reads better.
_TALL_ROW = 320.0
_MIN_PART = 36.0  # the least height of either part of a split row


def _text_length(cell: object) -> int:
    if isinstance(cell, str):
        return len(cell)
    if isinstance(cell, Paragraph):
        return len(cell.text)
    if isinstance(cell, (list, tuple)):
        return sum(_text_length(c) for c in cell)
    return 0


def split_rows_in_place(rows: Sequence[Sequence[object]], widths: Sequence[float]) -> int:
    """reportlab's splitInRow for a table with a row that may not fit on a page, else 0.

    A cell taller than the frame cannot be laid out at all (LayoutError), and long free text
    (a plan, an account in the chronology) is exactly what a pack must not drop.
    """
    size, leading = CELL.fontSize, CELL.leading
    for row in rows:
        for c, cell in enumerate(row):
            chars_per_line = max(1.0, (widths[c] - 2 * _PAD) / (0.5 * size))
            if _text_length(cell) / chars_per_line * leading > _TALL_ROW:
                return int(_MIN_PART)
    return 0


def _cell_styles(rows: int, cols: int) -> list[list[TableCell]]:
    return [[TableCell("cell") for _ in range(cols)] for _ in range(rows)]


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    extra: Sequence[tuple[object, ...]] = (),
    zebra: bool = True,
) -> Table:
    """A table with a repeated grey header row, light grid and optional zebra striping."""
    head: list[object] = [Bold(h) for h in header]
    rows, spans = _continued(rows)
    body = [head, *[list(r) for r in rows]]
    fitted = fit_cells(body, widths)  # long headings wrap too, never overlap
    table = Table(
        body,
        colWidths=list(widths),
        repeatRows=1,
        splitInRow=split_rows_in_place(rows, widths),
        cellStyles=_cell_styles(len(body), len(widths)),
    )
    cmds = list(TABLE_BASE) + fitted
    if zebra:
        cmds += [("BACKGROUND", (0, spans[i][0]), (-1, spans[i][1]), ZEBRA)
                 for i in range(2, len(spans), 2)]  # fmt: skip
    table.setStyle(TableStyle([*cmds, *(_remapped(c, spans) for c in extra)]))
    return table


def _pieces(cell: object) -> list[object]:
    """A cell's content in pieces of at most about CHUNK characters."""
    if isinstance(cell, str) and len(cell) > CHUNK:
        kind = Bold if isinstance(cell, Bold) else str
        return [kind(piece) for piece in chunks(cell)]
    if isinstance(cell, list) and _text_length(cell) > CHUNK:
        groups: list[object] = []
        group: list[object] = []
        for item in cell:
            if group and _text_length([*group, item]) > CHUNK:
                groups.append(group)
                group = []
            group.append(item)
        groups.append(group)
        return groups
    return [cell]


def _continued(
    rows: Sequence[Sequence[object]],
) -> tuple[list[list[object]], list[tuple[int, int]]]:
    """Rows with long text carried on in continuation rows (a table splits between rows in
    linear time; splitting inside one huge row is quadratic). Also returns, by the table's
    row index (0 the header), the first and last new row of each row."""
    out: list[list[object]] = []
    spans: list[tuple[int, int]] = [(0, 0)]
    for row in rows:
        pieces = [_pieces(cell) for cell in row]
        n = max((len(p) for p in pieces), default=1)
        first = len(out) + 1
        for k in range(n):
            out.append([p[k] if k < len(p) else "" for p in pieces])
        spans.append((first, len(out)))
    return out, spans


def _remapped(cmd: tuple[object, ...], spans: list[tuple[int, int]]) -> tuple[object, ...]:
    """A style command on the rows as given, moved onto their continued rows."""
    if len(cmd) < 3 or not all(isinstance(x, tuple) and len(x) == 2 for x in cmd[1:3]):
        return cmd
    start: tuple[object, object] = cmd[1]  # type: ignore[assignment]
    end: tuple[object, object] = cmd[2]  # type: ignore[assignment]
    r0, r1 = start[1], end[1]
    if isinstance(r0, int) and 0 <= r0 < len(spans):
        r0 = spans[r0][0]
    if isinstance(r1, int) and 0 <= r1 < len(spans):
        r1 = spans[r1][1]
    return (cmd[0], (start[0], r0), (end[0], r1), *cmd[3:])


def key_value_table(
    pairs: Sequence[tuple[str, object]], widths: Sequence[float], columns: int = 2
) -> Table:
    """Label/value pairs laid out `columns` pairs to a row; labels bold on grey."""
    rows: list[list[object]] = []
    for i in range(0, len(pairs), columns):
        row: list[object] = []
        for label, value in pairs[i : i + columns]:
            row += [Bold(label), value]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    fitted = fit_cells(rows, widths)
    table = Table(
        rows,
        colWidths=list(widths),
        splitInRow=split_rows_in_place(rows, widths),
        cellStyles=_cell_styles(len(rows), len(widths)),
    )
    cmds = list(KEY_VALUE) + fitted
    cmds += [("BACKGROUND", (c, 0), (c, -1), BOX_FILL) for c in range(0, 2 * columns, 2)]
    table.setStyle(TableStyle(cmds))
    return table


def boxed(content: Sequence[Flowable], width: float, fill: Color = BOX_FILL) -> Table:
    """Flowables inside a ruled, tinted box (handling statement, the young person's voice)."""
    split = split_rows_in_place([[list(content)]], [width - 8])
    table = Table([[list(content)]], colWidths=[width], splitInRow=split)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.0, INK),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


class Anchor(Flowable):  # type: ignore[misc]
    """Zero-size: a bookmark and outline entry where it lands, and a hook when it is drawn."""

    def __init__(
        self,
        key: str,
        title: str,
        level: int = 0,
        on_draw: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.level = level
        self.on_draw = on_draw
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        if self.on_draw is not None:
            self.on_draw()
        canv = self.canv
        _x, top = canv.absolutePosition(0, 0)
        canv.bookmarkPage(self.key, fit="XYZ", left=0, top=top + 30, zoom=0)
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level > 0)
