"""Page geometry, fonts, colours and paragraph/table styles shared by the PDF builders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.tables import CellStyle

from desktop.domain.enums import RiskCategory
from desktop.domain.meetings import ActionState

PAGE_SIZE = A4
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 24 * mm  # room for the header band (marking, document title)
MARGIN_BOTTOM = 22 * mm  # room for the footer band (marking, printed by, page x of y)
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

_FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"


def _register_fonts() -> tuple[str, str, str]:
    """A bundled TTF family when resources/fonts has one, else the PDF built-in Helvetica."""
    regular, bold, italic = (
        _FONT_DIR / f"Caseboard-{v}.ttf" for v in ("Regular", "Bold", "Italic")
    )
    if regular.is_file() and bold.is_file() and italic.is_file():
        try:
            for name, path in (("CB", regular), ("CB-Bold", bold), ("CB-Italic", italic)):
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(path)))
            return "CB", "CB-Bold", "CB-Italic"
        except Exception:  # a broken font file must not stop a pack; fall back
            pass
    return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


FONT, FONT_BOLD, FONT_ITALIC = _register_fonts()

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#8C8C8C")
GRID = colors.HexColor("#BFBFBF")
HEADER_FILL = colors.HexColor("#E6E6E6")  # table header rows: grey prints the same everywhere
ZEBRA = colors.HexColor("#F5F5F5")
BOX_FILL = colors.HexColor("#F2F2F2")


@dataclass(frozen=True, slots=True)
class RiskColours:
    """A risk category's colours: a strong one for lines and swatches, a tint for fills.

    Colour is never the only signal: every use prints the category's label too.
    """

    strong: Color
    tint: Color


RISK_COLOURS: dict[RiskCategory, RiskColours] = {
    RiskCategory.NOT_AT_RISK: RiskColours(colors.HexColor("#2E7D32"), colors.HexColor("#E3F1E3")),
    RiskCategory.MILD: RiskColours(colors.HexColor("#9A7B00"), colors.HexColor("#FBF3CF")),
    RiskCategory.MODERATE: RiskColours(colors.HexColor("#C25E00"), colors.HexColor("#FCE3CC")),
    RiskCategory.SIGNIFICANT: RiskColours(colors.HexColor("#B71C1C"), colors.HexColor("#F8D4D4")),
}

#: Action states: the word is always printed; the tint only supports it.
ACTION_COLOURS: dict[ActionState, Color] = {
    ActionState.OVERDUE: colors.HexColor("#F8D4D4"),
    ActionState.UPCOMING: colors.HexColor("#FCE3CC"),
    ActionState.OPEN: colors.white,
    ActionState.DONE: colors.HexColor("#E3F1E3"),
    ActionState.CANCELLED: colors.HexColor("#EDEDED"),
}


def risk_label(category: RiskCategory | None) -> str:
    return category.label if category is not None else "Not assessed"


def risk_tint(category: RiskCategory | None) -> Color:
    return RISK_COLOURS[category].tint if category is not None else colors.white


BODY_SIZE = 10
SMALL_SIZE = 8.5

BODY = ParagraphStyle(
    "Body", fontName=FONT, fontSize=BODY_SIZE, leading=13.5, textColor=INK, spaceAfter=4
)
BODY_ITALIC = ParagraphStyle("BodyItalic", parent=BODY, fontName=FONT_ITALIC)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=SMALL_SIZE, leading=11, spaceAfter=0)
SMALL_BOLD = ParagraphStyle("SmallBold", parent=SMALL, fontName=FONT_BOLD)
SMALL_MUTED = ParagraphStyle("SmallMuted", parent=SMALL, textColor=MUTED)
CELL = ParagraphStyle("Cell", parent=BODY, fontSize=9, leading=11.5, spaceAfter=0)
CELL_BOLD = ParagraphStyle("CellBold", parent=CELL, fontName=FONT_BOLD)
CELL_HEAD = ParagraphStyle("CellHead", parent=CELL, fontName=FONT_BOLD)
TITLE = ParagraphStyle(
    "Title",
    parent=BODY,
    fontName=FONT_BOLD,
    fontSize=22,
    leading=27,
    spaceAfter=6,
    alignment=TA_LEFT,
)
SUBTITLE = ParagraphStyle(
    "Subtitle", parent=BODY, fontSize=13, leading=17, textColor=MUTED, spaceAfter=14
)
H1 = ParagraphStyle(
    "H1", parent=BODY, fontName=FONT_BOLD, fontSize=16, leading=20, spaceBefore=0, spaceAfter=8
)
H2 = ParagraphStyle(
    "H2",
    parent=BODY,
    fontName=FONT_BOLD,
    fontSize=12,
    leading=15,
    spaceBefore=10,
    spaceAfter=4,
    keepWithNext=True,
)
MARKING_BANNER = ParagraphStyle(
    "MarkingBanner",
    parent=BODY,
    fontName=FONT_BOLD,
    fontSize=13,
    leading=16,
    alignment=TA_CENTER,
)
QUOTE = ParagraphStyle(
    "Quote",
    parent=BODY,
    fontName=FONT_ITALIC,
    leftIndent=0,
    spaceBefore=0,
    spaceAfter=1,
)


class TableCell(CellStyle):  # type: ignore[misc]
    """Every table cell's defaults (font, padding, top alignment), set once as class
    attributes rather than by style commands that reportlab applies cell by cell."""

    fontname = FONT
    fontsize = 9
    leading = 11.5
    leftPadding = 4
    rightPadding = 4
    topPadding = 3
    bottomPadding = 3
    color = INK
    valign = "TOP"


#: Data tables: a bold header row on grey, light grid (cell defaults: TableCell).
TABLE_BASE: list[tuple[object, ...]] = [
    ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
]

#: Key/value grids (identifiers, meeting details): bold keys in a grey column, no header row.
KEY_VALUE: list[tuple[object, ...]] = [
    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
]
