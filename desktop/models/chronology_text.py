"""How the chronology timeline writes its dates, categories, links and long texts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from desktop.domain.dates import format_date
from desktop.domain.enums import ChronologyCategory, DatePrecision
from desktop.domain.workspace import ChronologyItem

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChronologyTableModel", text)


#: What a derived entry's ``linked_kind`` is called on screen.
LINK_LABELS: dict[str, str] = {
    "assessment": "Assessment",
    "placement": "Placement",
    "missing": "Missing episode",
    "meeting": "Meeting",
    "contact": "Contact",
}

#: Analysis is judgement: shown in a different colour and italic so it never reads as fact.
ANALYSIS_COLOUR = "#4a3a8c"
ANALYSIS_TINT = "#f4f1fb"
SIGNIFICANT_COLOUR = "#8a5a00"


def category_label(category: ChronologyCategory) -> str:
    return _tr(category.label)


def link_label(kind: str | None) -> str:
    if not kind:
        return ""
    return _tr(LINK_LABELS.get(kind, kind.replace("_", " ").capitalize()))


def _month(d: date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.year}"


def format_point(d: date, precision: DatePrecision) -> str:
    """'3 Nov 2026' exact, 'Nov 2026' for a month, 'c. Nov 2026' when approximate."""
    if precision is DatePrecision.MONTH:
        return _month(d)
    if precision is DatePrecision.APPROXIMATE:
        return _tr("c. {month}").format(month=_month(d))
    return format_date(d)


def format_event_date(item: ChronologyItem) -> str:
    """The event date at its precision, with the end date when the event spans a period."""
    start = format_point(item.event_date, item.precision)
    if item.end_date is None or item.end_date == item.event_date:
        return start
    end = format_point(item.end_date, item.precision)
    return start if end == start else f"{start} – {end}"


def one_line(text: str) -> str:
    return " ".join(text.split())


def wrapped(text: str | None) -> str | None:
    """Rich-text tooltips word-wrap; plain ones run off the screen."""
    if not text:
        return None
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"
