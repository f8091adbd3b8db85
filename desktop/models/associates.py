"""Table models for the associates and contexts panel: persons of concern with their
intelligence grading, contexts, and disruption activity (C-coded rows marked in words)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.dates import format_date
from desktop.domain.enums import AssociateRole, ContextKind, HandlingCode
from desktop.domain.workspace import AssociateView, ContextView, DisruptionView
from desktop.models.table import RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("AssociatesModels", text)


ROLE_LABELS: dict[AssociateRole, str] = {
    AssociateRole.ASSOCIATE: "Associate",
    AssociateRole.ALLEGED_PERPETRATOR: "Alleged perpetrator",
    AssociateRole.PROTECTIVE_ADULT: "Protective adult",
    AssociateRole.PEER: "Peer",
}
KIND_LABELS: dict[ContextKind, str] = {
    ContextKind.LOCATION: "Location",
    ContextKind.PEER_GROUP: "Peer group",
    ContextKind.ONLINE_PLATFORM: "Online platform",
}
#: The 3x5x2 intelligence grading: source evaluation, intelligence assessment, handling code.
SOURCE_GRADES = {"A": "reliable", "B": "untested", "C": "not reliable"}
INTELLIGENCE_GRADES = {
    "1": "known directly to the source",
    "2": "known indirectly to the source but corroborated",
    "3": "known indirectly to the source",
    "4": "not known",
    "5": "suspected to be false",
}
HANDLING_WORDS = {
    HandlingCode.PERMITTED: "lawful sharing permitted",
    HandlingCode.CONDITIONS: "lawful sharing permitted with conditions",
}
CONDITIONS_MARK = "Handling: conditions apply"
#: Conditions-coded entries: dark red text on a pale tint (≥ 4.5:1), bold, plus the words.
_CONDITIONS_COLOUR = "#8a1c1c"
_CONDITIONS_TINT = "#fdf0e6"


def grading_text(row: AssociateView) -> str:
    """'B / 2 / P' (source / intelligence / handling), marked when conditions apply."""
    if row.source_grade or row.intelligence_grade:
        source, intelligence = row.source_grade or "?", row.intelligence_grade or "?"
        text = f"{source} / {intelligence} / {row.handling_code.value}"
    else:
        text = _tr("Not graded")
    if row.handling_code is HandlingCode.CONDITIONS:
        text += "\n" + _tr(CONDITIONS_MARK)
    return text


def grading_tooltip(row: AssociateView) -> str:
    lines = []
    if row.source_grade:
        words = SOURCE_GRADES.get(row.source_grade.upper(), "")
        lines.append(_tr("Source {grade}: {words}").format(grade=row.source_grade, words=words))
    if row.intelligence_grade:
        words = INTELLIGENCE_GRADES.get(row.intelligence_grade, "")
        lines.append(
            _tr("Intelligence {grade}: {words}").format(grade=row.intelligence_grade, words=words)
        )
    lines.append(
        _tr("Handling {code}: {words}").format(
            code=row.handling_code.value, words=HANDLING_WORDS[row.handling_code]
        )
    )
    return "\n".join(lines)


def _conditions_role(handling: HandlingCode, role: int) -> Any:
    if handling is not HandlingCode.CONDITIONS:
        return None
    if role == Qt.ItemDataRole.ForegroundRole:
        return QColor(_CONDITIONS_COLOUR)
    if role == Qt.ItemDataRole.BackgroundRole:
        return QColor(_CONDITIONS_TINT)
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    return None


class _Handled(Protocol):
    @property
    def handling_code(self) -> HandlingCode: ...


H = TypeVar("H", bound=_Handled)


class _HandledModel(RowTableModel[H]):
    """Rows with a handling code: its column says in words (and marks in colour) when
    conditions apply; every other cell's full text is its tooltip."""

    context = "AssociatesModels"
    handling_column: int

    def handling_tip(self, row: H) -> str:
        raise NotImplementedError

    def extra(self, row: H, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.handling_column:
                return self.handling_tip(row)
            return self.display(row, column) or None
        if column == self.handling_column:
            return _conditions_role(row.handling_code, role)
        return None


class AssociateColumn(IntEnum):
    NAME = 0
    ALIASES = 1
    ROLE = 2
    GRADING = 3
    INTELLIGENCE = 4


class AssociatesTableModel(_HandledModel[AssociateView]):
    """Linked persons of concern."""

    columns = AssociateColumn
    handling_column = AssociateColumn.GRADING
    headers = {
        AssociateColumn.NAME: QT_TRANSLATE_NOOP("AssociatesModels", "Name"),
        AssociateColumn.ALIASES: QT_TRANSLATE_NOOP("AssociatesModels", "Aliases"),
        AssociateColumn.ROLE: QT_TRANSLATE_NOOP("AssociatesModels", "Role"),
        AssociateColumn.GRADING: QT_TRANSLATE_NOOP("AssociatesModels", "Grading"),
        AssociateColumn.INTELLIGENCE: QT_TRANSLATE_NOOP("AssociatesModels", "Intelligence"),
    }
    header_tips = {
        AssociateColumn.GRADING: QT_TRANSLATE_NOOP(
            "AssociatesModels",
            "Intelligence grading (3x5x2): source / intelligence / handling code",
        ),
    }

    def display(self, row: AssociateView, column: int) -> str:
        col = AssociateColumn(column)
        if col == AssociateColumn.NAME:
            return row.name
        if col == AssociateColumn.ALIASES:
            return row.aliases
        if col == AssociateColumn.ROLE:
            return _tr(ROLE_LABELS[row.role])
        if col == AssociateColumn.GRADING:
            return grading_text(row)
        return row.intelligence

    def handling_tip(self, row: AssociateView) -> str:
        return grading_tooltip(row)


class ContextColumn(IntEnum):
    KIND = 0
    NAME = 1
    DESCRIPTION = 2
    POSTCODE = 3
    NOTES = 4
    HANDLING = 5


class ContextsTableModel(_HandledModel[ContextView]):
    """Locations, peer groups and online platforms linked to the young person."""

    columns = ContextColumn
    handling_column = ContextColumn.HANDLING
    headers = {
        ContextColumn.KIND: QT_TRANSLATE_NOOP("AssociatesModels", "Kind"),
        ContextColumn.NAME: QT_TRANSLATE_NOOP("AssociatesModels", "Name"),
        ContextColumn.DESCRIPTION: QT_TRANSLATE_NOOP("AssociatesModels", "Description"),
        ContextColumn.POSTCODE: QT_TRANSLATE_NOOP("AssociatesModels", "Postcode"),
        ContextColumn.NOTES: QT_TRANSLATE_NOOP("AssociatesModels", "Notes"),
        ContextColumn.HANDLING: QT_TRANSLATE_NOOP("AssociatesModels", "Handling"),
    }

    def display(self, row: ContextView, column: int) -> str:
        col = ContextColumn(column)
        if col == ContextColumn.KIND:
            return _tr(KIND_LABELS[row.kind])
        if col == ContextColumn.NAME:
            return row.name
        if col == ContextColumn.DESCRIPTION:
            return row.description
        if col == ContextColumn.POSTCODE:
            return row.postcode or ""
        if col == ContextColumn.NOTES:
            return row.notes
        if row.handling_code is HandlingCode.CONDITIONS:
            return _tr(CONDITIONS_MARK)
        return _tr("Permitted")

    def handling_tip(self, row: ContextView) -> str:
        return _tr("Handling {code}: {words}").format(
            code=row.handling_code.value, words=HANDLING_WORDS[row.handling_code]
        )


class DisruptionColumn(IntEnum):
    DATE = 0
    TACTIC = 1
    AGENCY = 2
    TARGET = 3
    OUTCOME = 4


class DisruptionTableModel(RowTableModel[DisruptionView]):
    """Disruption activity, newest first unless re-sorted."""

    columns = DisruptionColumn
    context = "AssociatesModels"
    default_sort = (DisruptionColumn.DATE, Qt.SortOrder.DescendingOrder)
    headers = {
        DisruptionColumn.DATE: QT_TRANSLATE_NOOP("AssociatesModels", "Date"),
        DisruptionColumn.TACTIC: QT_TRANSLATE_NOOP("AssociatesModels", "Tactic"),
        DisruptionColumn.AGENCY: QT_TRANSLATE_NOOP("AssociatesModels", "Agency"),
        DisruptionColumn.TARGET: QT_TRANSLATE_NOOP("AssociatesModels", "Target"),
        DisruptionColumn.OUTCOME: QT_TRANSLATE_NOOP("AssociatesModels", "Outcome"),
    }

    def display(self, row: DisruptionView, column: int) -> str:
        col = DisruptionColumn(column)
        if col == DisruptionColumn.DATE:
            return format_date(row.on)
        return {
            DisruptionColumn.TACTIC: row.tactic,
            DisruptionColumn.AGENCY: row.agency,
            DisruptionColumn.TARGET: row.target,
            DisruptionColumn.OUTCOME: row.outcome,
        }[col]

    def sort_key(self, row: DisruptionView, column: int) -> Any:
        if column == DisruptionColumn.DATE:
            return (row.on, row.id)
        return self.display(row, column).casefold()

    def extra(self, row: DisruptionView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.display(row, column) or None
        return None
