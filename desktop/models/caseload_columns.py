"""The caseload's columns, their headers and tips, and the words and colours of risk and trend."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
)

from desktop.domain.enums import RiskCategory, Trend


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseloadTableModel", text)


class Column(IntEnum):
    NAME = 0
    AGE = 1
    RISK = 2
    STATUS = 3
    WORKER = 4
    KEY_PERSON = 5
    LAST_CONTACT = 6
    FLAGS = 7


_HEADERS: dict[Column, str] = {
    Column.NAME: QT_TRANSLATE_NOOP("CaseloadTableModel", "Name"),
    Column.AGE: QT_TRANSLATE_NOOP("CaseloadTableModel", "Age"),
    Column.RISK: QT_TRANSLATE_NOOP("CaseloadTableModel", "Risk"),
    Column.STATUS: QT_TRANSLATE_NOOP("CaseloadTableModel", "Legal status"),
    Column.WORKER: QT_TRANSLATE_NOOP("CaseloadTableModel", "Allocated worker"),
    Column.KEY_PERSON: QT_TRANSLATE_NOOP("CaseloadTableModel", "Key person"),
    Column.LAST_CONTACT: QT_TRANSLATE_NOOP("CaseloadTableModel", "Days since contact"),
    Column.FLAGS: QT_TRANSLATE_NOOP("CaseloadTableModel", "Flags"),
}


_HEADER_TIPS: dict[Column, str] = {
    Column.STATUS: QT_TRANSLATE_NOOP(
        "CaseloadTableModel", "Statutory involvement and SSDA903 legal status code"
    ),
    Column.LAST_CONTACT: QT_TRANSLATE_NOOP(
        "CaseloadTableModel", "Days since the last successful contact by the key person"
    ),
    Column.FLAGS: QT_TRANSLATE_NOOP(
        "CaseloadTableModel", "Active flags; hover for the reason each one was raised"
    ),
}


#: Trend shown next to the risk label (the colour is never the only cue).
TREND_ARROWS: dict[Trend, str] = {
    Trend.ESCALATED: "↑",
    Trend.DE_ESCALATED: "↓",
    Trend.UNCHANGED: "→",
    Trend.FIRST: "",
}


_TREND_WORDS: dict[Trend, str] = {
    Trend.ESCALATED: "escalated since the previous assessment",
    Trend.DE_ESCALATED: "de-escalated since the previous assessment",
    Trend.UNCHANGED: "unchanged since the previous assessment",
    Trend.FIRST: "first assessment",
}


#: Risk colours: distinct in hue and lightness (also under common colour-vision deficiencies);
#: the swatch is the strong colour, the cell background a pale tint that keeps text at AA.
RISK_COLOURS: dict[RiskCategory, str] = {
    RiskCategory.NOT_AT_RISK: "#2e7d32",
    RiskCategory.MILD: "#e0b000",
    RiskCategory.MODERATE: "#e8710a",
    RiskCategory.SIGNIFICANT: "#c62828",
}


RISK_TINTS: dict[RiskCategory, str] = {
    RiskCategory.NOT_AT_RISK: "#e8f5e9",
    RiskCategory.MILD: "#fff8d6",
    RiskCategory.MODERATE: "#ffe9d6",
    RiskCategory.SIGNIFICANT: "#fde3e3",
}


_NOT_ASSESSED_COLOUR = "#9e9e9e"


#: Days-since-contact text when the domain flagged a contact gap (7.0:1 on white).
CONTACT_OVERDUE_COLOUR = "#a4161a"


_ICON_SIZE = 16


_ICON_GAP = 3
