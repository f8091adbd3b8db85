"""Words, colours and helpers shared by the MACSE meeting models."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
)
from PySide6.QtGui import QFont

from desktop.domain.enums import MeetingOutcome, RiskCategory
from desktop.domain.meetings import (
    ActionState,
)

ModelIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingsModels", text)


#: Words for a meeting outcome (the decision about one young person).
OUTCOME_LABELS: dict[MeetingOutcome, str] = {
    MeetingOutcome.CONTINUE: "Continue",
    MeetingOutcome.STEP_DOWN: "Step down",
    MeetingOutcome.CLOSE: "Close",
}


#: Action state colours (text, tint): the state is always written in words as well.
STATE_COLOURS: dict[ActionState, tuple[str, str | None]] = {
    ActionState.OVERDUE: ("#a4161a", "#fde3e3"),
    ActionState.UPCOMING: ("#7a4f00", "#fff4cc"),
    ActionState.OPEN: ("#1b1f24", None),
    ActionState.DONE: ("#1b5e20", "#e8f5e9"),
    ActionState.CANCELLED: ("#4b5563", None),
}


STATE_WORDS: dict[ActionState, str] = {
    ActionState.OVERDUE: "Overdue",
    ActionState.UPCOMING: "Due soon",
    ActionState.OPEN: "Open",
    ActionState.DONE: "Done",
    ActionState.CANCELLED: "Cancelled",
}


def risk_text(category: RiskCategory | None) -> str:
    return _tr(category.label) if category is not None else _tr("Not assessed")


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
