"""The shared base of the pack writers: redaction-aware helpers, constants, action tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from desktop.domain.dates import format_datetime, local_date
from desktop.domain.enums import (
    ContactKind,
    ContactWith,
    Involvement,
    MeetingOutcome,
    RiskCategory,
    Trend,
)
from desktop.domain.meetings import (
    ActionState,
    ActionView,
    PackDocument,
)
from desktop.domain.records import Flag
from desktop.reports.flow import Anchor, Bold, data_table, para
from desktop.reports.redaction import Redactor
from desktop.reports.styles import (
    ACTION_COLOURS,
    CELL,
    CELL_BOLD,
    CONTENT_WIDTH,
    H1,
    H2,
    RISK_COLOURS,
    SMALL_MUTED,
    risk_label,
    risk_tint,
)

W = CONTENT_WIDTH

#: The per-person section headings, in order; tests look for each one per young person.
PERSON_SECTIONS = (
    "Identifiers",
    "Current risk",
    "Significant chronology",
    "Missing episodes and return interviews",
    "Placement and stability",
    "Associates and contexts",
    "Key-person contact summary",
    "The young person's voice",
    "Plan",
    "Disruption",
    "Actions",
    "Decision and next review",
)

STATE_ORDER = {
    ActionState.OVERDUE: 0,
    ActionState.UPCOMING: 1,
    ActionState.OPEN: 2,
    ActionState.DONE: 3,
    ActionState.CANCELLED: 4,
}
TREND_WORDS = {
    Trend.ESCALATED: "Escalated",
    Trend.DE_ESCALATED: "De-escalated",
    Trend.UNCHANGED: "Unchanged",
    Trend.FIRST: "First assessment",
}
OUTCOME_WORDS = {
    MeetingOutcome.CONTINUE: "Continue at MACSE",
    MeetingOutcome.STEP_DOWN: "Step down",
    MeetingOutcome.CLOSE: "Close to MACSE",
}
CONTACT_KIND = {
    ContactKind.FACE_TO_FACE: "Face to face",
    ContactKind.PHONE: "Phone",
    ContactKind.VIDEO: "Video",
    ContactKind.MESSAGE: "Text/message",
    ContactKind.FAILED_ATTEMPT: "Failed attempt",
}
CONTACT_WITH = {
    ContactWith.YOUNG_PERSON: "Young person",
    ContactWith.PARENT_CARER: "Parent/carer",
    ContactWith.PROFESSIONAL: "Professional",
}
INVOLVEMENT = {
    Involvement.EARLY_HELP: "Early Help",
    Involvement.CIN: "Child in need (CIN)",
    Involvement.CP: "Child protection plan (CP)",
    Involvement.CLA: "Looked after (CLA)",
}
RISK_BY_LABEL = {c.label: c for c in RiskCategory}


def ordered_actions(actions: tuple[ActionView, ...]) -> list[ActionView]:
    """Overdue first, then upcoming, open, done, cancelled; by due date within each."""
    return sorted(actions, key=lambda a: (STATE_ORDER[a.state], a.due_on, a.reference))


class WriterBase:
    """Helpers every section uses; every printed string passes through the redactor."""

    def __init__(
        self,
        doc: PackDocument,
        on_person: Callable[[int, int], None] | None = None,
    ) -> None:
        self.doc = doc
        self.r = Redactor(doc)
        self.options = doc.options
        self.on_person = on_person
        self.meeting_day: date = (
            doc.meeting.held_on if doc.meeting is not None else local_date(doc.printed_at)
        )

    # ---- helpers --------------------------------------------------------------------------

    def t(self, value: str | None) -> str:
        return self.r.text(value)

    def p(self, value: str | None, style: object = CELL, **kw: bool) -> Flowable:
        return para(self.t(value), style, **kw)

    def dt(self, value: datetime | None) -> str:
        if value is None:
            return "—"
        text = format_datetime(value)
        return "withheld" if self.r.day(local_date(value)) == "withheld" else text

    def heading(self, text: str, key: str | None = None, level: int = 0) -> list[Flowable]:
        out: list[Flowable] = []
        if key is not None:
            out.append(Anchor(key, text, level))
        out.append(para(text, H1))
        return out

    def sub(self, text: str) -> Flowable:
        return para(text, H2)

    def note(self, text: str) -> Flowable:
        return para(self.t(text), SMALL_MUTED)

    def risk_badge(self, category: RiskCategory | None, extra: str = "") -> Table:
        label = risk_label(category).upper()
        cell = para(f"{label}{extra}", CELL_BOLD)
        table = Table([[cell]], colWidths=[45 * mm])
        strong = RISK_COLOURS[category].strong if category is not None else None
        table.setStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), risk_tint(category)),
                ("BOX", (0, 0), (-1, -1), 1.5, strong or "#1A1A1A"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
        return table

    def action_rows(
        self, actions: list[ActionView], with_subject: bool
    ) -> tuple[list[str], list[list[object]], list[float], list[tuple[object, ...]]]:
        header = ["Ref", "Young person / context", "Action", "Owner", "Due", "State"]
        widths = [16 * mm, 30 * mm, 0.0, 34 * mm, 20 * mm, 20 * mm]
        if not with_subject:
            header.pop(1)
            widths.pop(1)
        widths[1 if not with_subject else 2] = W - sum(widths)
        rows: list[list[object]] = []
        extra: list[tuple[object, ...]] = []
        for i, a in enumerate(actions, 1):
            subject = self.r.name(a.subject) if a.young_person_id is not None else a.subject
            text = self.t(a.description)
            if a.updates:
                last = a.updates[-1]
                text += f"\nLatest update ({self.r.day(local_date(last.at))}): {self.t(last.note)}"
            row: list[object] = [
                self.t(a.reference),
                self.t(subject),
                text,
                self.t(f"{a.owner_name}\n{a.owner_agency}"),
                self.r.day(a.due_on),
                Bold(a.state.label),
            ]
            if not with_subject:
                row.pop(1)
            rows.append(row)
            extra.append(("BACKGROUND", (-1, i), (-1, i), ACTION_COLOURS[a.state]))
        return header, rows, widths, extra

    def actions_table(self, actions: list[ActionView], with_subject: bool) -> Flowable:
        header, rows, widths, extra = self.action_rows(actions, with_subject)
        return data_table(header, rows, widths, extra, zebra=False)

    def flag_table(self, flags: tuple[Flag, ...]) -> Flowable:
        rows = [[Bold(self.t(f.label)), self.t(f.explanation)] for f in flags]
        return data_table(["Flag", "Why"], rows, [50 * mm, W - 50 * mm])


def fill_width(widths: list[float], index: int) -> list[float]:
    """Column widths with the one at `index` taking what the others leave of the frame."""
    widths[index] = W - sum(w for i, w in enumerate(widths) if i != index)
    return widths
