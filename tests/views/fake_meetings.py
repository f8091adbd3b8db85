"""An in-memory MeetingService for the Meetings area's and the pack dialog's view tests.

It keeps meetings, cohorts and actions in dicts, records every call, can fail a named method
(`fail[name] = exc`), and writes small but real PDFs with reportlab (one page per young person
plus a cover), reporting progress per page so a test can cancel part-way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop.domain.actor import Actor
from desktop.domain.enums import ActionStatus, MeetingOutcome, RiskCategory, Role
from desktop.domain.errors import EditConflict, NotFound, ValidationFailed
from desktop.domain.meetings import (
    DEFAULT_AGENDA,
    ActionUpdateView,
    ActionView,
    AttendeeView,
    CohortMember,
    CohortSuggestion,
    MeetingDetail,
    MeetingSummary,
    PackOptions,
    action_sort_key,
    action_state,
)
from desktop.services.packs import PrintPages, render_pages

TODAY = date(2026, 11, 23)
CHAIR = Actor(7, "chair", "Morgan Price", Role.MACSE_CHAIR, None)
WORKER = Actor(8, "sw.north1", "Priya Shah", Role.SOCIAL_WORKER, 1)

PEOPLE: dict[int, tuple[str, RiskCategory | None]] = {
    101: ("Jade Carter", RiskCategory.SIGNIFICANT),
    102: ("Leon Walsh", RiskCategory.MODERATE),
    103: ("Maya Okoro", RiskCategory.MILD),
    104: ("Tia Hughes", None),
    105: ("Samir Begum", RiskCategory.MODERATE),
    106: ("Ruby Lewis", RiskCategory.SIGNIFICANT),
}


@dataclass
class FakeDoc:
    """Stands in for a PackDocument: what the pack would print."""

    title: str
    people: tuple[int, ...]
    options: PackOptions


@dataclass
class FakeMeetings:
    today: date = TODAY
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)
    fail: dict[str, BaseException] = field(default_factory=dict)
    #: Seconds to wait per page while writing a PDF (for cancel tests).
    page_delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.meetings: dict[int, MeetingDetail] = {}
        self.cohorts: dict[int, list[CohortMember]] = {}
        self.actions: dict[int, ActionView] = {}
        self._next_id = 500
        self._seed()

    # -- data ------------------------------------------------------------------------------

    def _seed(self) -> None:
        attendees = (
            AttendeeView(1, "Morgan Price", "Children's Social Care", "MACSE chair", True, True),
            AttendeeView(2, "DS Alan Reeve", "Police", "CSE team sergeant", True, True),
            AttendeeView(3, "Nina Osei", "Health", "Looked-after children nurse", False, True),
            AttendeeView(
                4, "Tom Fletcher", "Education", "Designated safeguarding lead", True, False
            ),
        )
        for mid, held_on, title, status in (
            (1, date(2026, 10, 6), "MACSE meeting — October 2026", "held"),
            (2, date(2026, 11, 3), "MACSE meeting — November 2026", "held"),
            (3, date(2026, 12, 1), "MACSE meeting — December 2026", "planned"),
        ):
            self.meetings[mid] = MeetingDetail(
                id=mid,
                title=title,
                held_on=held_on,
                chair_id=7,
                chair="Morgan Price",
                venue="Civic Centre, Room 2",
                status=status,
                agenda=DEFAULT_AGENDA,
                notes="",
                attendees=attendees if mid != 3 else attendees[:2],
                cohort=(),
                actions=(),
                previous_held_on=None,
                version=1,
            )
            self.cohorts[mid] = []
        self.cohorts[2] = [
            self._member(101, "Significant risk; Repeat missing"),
            self._member(102, "Escalated since 6 Oct 2026"),
            self._member(103, "Continued at the last meeting"),
            self._member(
                104,
                "Return interview overdue",
                outcome=MeetingOutcome.CONTINUE,
                agreed=RiskCategory.MILD,
                decision="Continue with the safety plan; key person to visit weekly.",
                review=date(2026, 12, 1),
            ),
        ]
        self.cohorts[3] = [self._member(101, "Significant risk")]
        for aid, yp, desc, owner, agency, set_on, due, status in (
            (1, 101, "Share the disruption plan with the night-time economy team", "DS Alan Reeve",
             "Police", date(2026, 10, 6), date(2026, 11, 10), ActionStatus.OPEN),
            (2, 102, "Arrange a sexual health appointment", "Nina Osei", "Health",
             date(2026, 11, 3), date(2026, 11, 27), ActionStatus.OPEN),
            (3, 103, "Review the school timetable and transport", "Tom Fletcher", "Education",
             date(2026, 11, 3), date(2026, 12, 20), ActionStatus.OPEN),
            (4, 101, "Return home interview for the 12 Oct episode", "Priya Shah",
             "Children's Social Care", date(2026, 10, 6), date(2026, 10, 20), ActionStatus.DONE),
            (5, 104, "Refer to the youth offending team", "Priya Shah",
             "Children's Social Care", date(2026, 11, 3), date(2026, 11, 17), ActionStatus.OPEN),
        ):  # fmt: skip
            updates = (
                (ActionUpdateView(datetime(2026, 11, 5, 9, 30, tzinfo=UTC), "Priya Shah",
                                  "Plan shared with the duty inspector."),)
                if aid == 1
                else ()
            )  # fmt: skip
            self.actions[aid] = ActionView(
                id=aid,
                reference=f"MACSE-{set_on:%Y-%m}-{aid:02d}",
                meeting_id=1 if set_on.month == 10 else 2,
                young_person_id=yp,
                subject=PEOPLE[yp][0],
                description=desc,
                owner_name=owner,
                owner_agency=agency,
                set_on=set_on,
                due_on=due,
                status=status,
                completed_on=date(2026, 10, 19) if status is ActionStatus.DONE else None,
                state=action_state(status, due, self.today),
                updates=updates,
                version=1,
            )

    def _member(
        self,
        yp: int,
        reason: str,
        *,
        outcome: MeetingOutcome | None = None,
        agreed: RiskCategory | None = None,
        decision: str = "",
        review: date | None = None,
    ) -> CohortMember:
        name, category = PEOPLE[yp]
        return CohortMember(
            young_person_id=yp,
            display_name=name,
            reason=reason,
            current_category=category,
            category_agreed=agreed,
            outcome=outcome,
            decision=decision,
            next_review_on=review,
            include_conditional_intelligence=False,
            version=1,
        )

    def _detail(self, mid: int) -> MeetingDetail:
        m = self.meetings.get(mid)
        if m is None:
            raise NotFound("That meeting does not exist")
        earlier = [x.held_on for x in self.meetings.values() if x.held_on < m.held_on]
        actions = [
            a
            for a in self.actions.values()
            if a.meeting_id == mid
            or (
                a.status is ActionStatus.OPEN
                and a.meeting_id is not None
                and self.meetings[a.meeting_id].held_on < m.held_on
            )
        ]
        return replace(
            m,
            cohort=tuple(self.cohorts[mid]),
            actions=tuple(sorted(actions, key=action_sort_key)),
            previous_held_on=max(earlier) if earlier else None,
        )

    def _call(self, name: str, *args: Any, **kwargs: Any) -> None:
        with self.lock:
            self.calls.append((name, args, kwargs))
        if name in self.fail:
            raise self.fail[name]

    def called(self, name: str) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
        return [(a, k) for n, a, k in self.calls if n == name]

    # -- the service API -------------------------------------------------------------------

    def list_meetings(self, actor: Actor) -> list[MeetingSummary]:
        self._call("list_meetings", actor)
        out = []
        for mid in self.meetings:
            d = self._detail(mid)
            open_actions = sum(a.status is ActionStatus.OPEN for a in d.actions)
            out.append(
                MeetingSummary(
                    d.id, d.title, d.held_on, d.chair, d.venue, d.status, len(d.cohort),
                    open_actions,
                )
            )  # fmt: skip
        return sorted(out, key=lambda s: s.held_on, reverse=True)

    def get(self, actor: Actor, meeting_id: int) -> MeetingDetail:
        self._call("get", actor, meeting_id)
        return self._detail(meeting_id)

    def create(
        self, actor: Actor, title: str, held_on: date, venue: str, chair_id: int | None = None
    ) -> MeetingDetail:
        self._call("create", actor, title, held_on, venue, chair_id=chair_id)
        if not title.strip():
            raise ValidationFailed("Give the meeting a title", {"title": "Required"})
        mid = max(self.meetings) + 1
        self.meetings[mid] = MeetingDetail(
            mid, " ".join(title.split()), held_on, actor.user_id, actor.display_name,
            venue, "planned", DEFAULT_AGENDA, "", (), (), (), None, 1,
        )  # fmt: skip
        self.cohorts[mid] = []
        return self._detail(mid)

    def update(self, actor: Actor, meeting_id: int, version: int, **fields: Any) -> MeetingDetail:
        self._call("update", actor, meeting_id, version, **fields)
        m = self.meetings[meeting_id]
        if m.version != version:
            raise EditConflict("Someone else saved this meeting since you opened it")
        if not fields["title"].strip():
            raise ValidationFailed(
                "Give the meeting a title", {"title": "Give the meeting a title"}
            )
        if any(not a.name.strip() for a in fields["attendees"]):
            raise ValidationFailed(
                "Every attendee needs a name", {"attendees": "Every attendee needs a name"}
            )
        attendees = tuple(
            a if a.id is not None else replace(a, id=self._new_id()) for a in fields["attendees"]
        )
        self.meetings[meeting_id] = replace(
            m,
            title=fields["title"],
            held_on=fields["held_on"],
            venue=fields["venue"],
            agenda=tuple(fields["agenda"]),
            notes=fields["notes"],
            attendees=attendees,
            version=m.version + 1,
        )
        return self._detail(meeting_id)

    def suggest_cohort(self, actor: Actor, meeting_id: int) -> list[CohortSuggestion]:
        self._call("suggest_cohort", actor, meeting_id)
        return [
            CohortSuggestion(106, "Ruby Lewis", RiskCategory.SIGNIFICANT,
                             ("Significant risk", "Escalated since 3 Nov 2026")),
            CohortSuggestion(101, "Jade Carter", RiskCategory.SIGNIFICANT,
                             ("Significant risk", "Repeat missing")),
            CohortSuggestion(105, "Samir Begum", RiskCategory.MODERATE,
                             ("Moderate risk", "New flag: 3+ placements in 12 months")),
        ]  # fmt: skip

    def set_cohort(
        self,
        actor: Actor,
        meeting_id: int,
        young_person_ids: Collection[int],
        reasons: dict[int, str],
    ) -> MeetingDetail:
        self._call("set_cohort", actor, meeting_id, list(young_person_ids), dict(reasons))
        current = {m.young_person_id: m for m in self.cohorts[meeting_id]}
        for yp, m in current.items():
            if yp not in young_person_ids and (m.outcome or m.decision.strip()):
                raise ValidationFailed(
                    f"{m.display_name} has a decision recorded at this meeting and cannot be "
                    "removed",
                    {"cohort": "Decision recorded"},
                )
        new = []
        for yp in young_person_ids:
            m = current.get(yp) or self._member(yp, "")
            if yp in reasons:
                m = replace(m, reason=reasons[yp])
            new.append(m)
        self.cohorts[meeting_id] = new
        return self._detail(meeting_id)

    def record_decision(
        self,
        actor: Actor,
        meeting_id: int,
        young_person_id: int,
        category_agreed: RiskCategory | None,
        outcome: MeetingOutcome | None,
        decision: str,
        next_review_on: date | None,
        version: int,
        **kwargs: Any,
    ) -> MeetingDetail:
        self._call(
            "record_decision", actor, meeting_id, young_person_id, category_agreed, outcome,
            decision, next_review_on, version,
        )  # fmt: skip
        m = self.meetings[meeting_id]
        if next_review_on is not None and next_review_on < m.held_on:
            raise ValidationFailed(
                "The next review cannot be before the meeting",
                {"next_review_on": "Before the meeting"},
            )
        cohort = self.cohorts[meeting_id]
        for i, c in enumerate(cohort):
            if c.young_person_id == young_person_id:
                if c.version != version:
                    raise EditConflict("Someone else recorded a decision for this young person")
                cohort[i] = replace(
                    c,
                    category_agreed=category_agreed,
                    outcome=outcome,
                    decision=decision.strip(),
                    next_review_on=next_review_on,
                    version=(c.version or 0) + 1,
                )
        self.meetings[meeting_id] = replace(m, status="held", version=m.version + 1)
        return self._detail(meeting_id)

    def list_actions(self, actor: Actor, **kwargs: Any) -> list[ActionView]:
        self._call("list_actions", actor, **kwargs)
        return sorted(self.actions.values(), key=action_sort_key)

    def add_action(
        self,
        actor: Actor,
        *,
        meeting_id: int | None,
        description: str,
        owner_name: str,
        owner_agency: str,
        due_on: date,
        young_person_id: int | None = None,
        context_id: int | None = None,
        set_on: date | None = None,
    ) -> ActionView:
        self._call(
            "add_action", actor, meeting_id=meeting_id, description=description,
            owner_name=owner_name, owner_agency=owner_agency, due_on=due_on,
            young_person_id=young_person_id,
        )  # fmt: skip
        errors = {}
        if not description.strip():
            errors["description"] = "Say what the action is"
        if not owner_name.strip():
            errors["owner_name"] = "Name the action's owner"
        if not owner_agency.strip():
            errors["owner_agency"] = "Give the owner's agency"
        if errors:
            raise ValidationFailed(next(iter(errors.values())), errors)
        aid = self._new_id()
        set_on = set_on or self.today
        held = self.meetings[meeting_id].held_on if meeting_id else set_on
        a = ActionView(
            aid, f"MACSE-{held:%Y-%m}-{aid}", meeting_id, young_person_id,
            PEOPLE[young_person_id][0] if young_person_id else "General", description.strip(),
            owner_name, owner_agency, set_on, due_on, ActionStatus.OPEN, None,
            action_state(ActionStatus.OPEN, due_on, self.today), (), 1,
        )  # fmt: skip
        self.actions[aid] = a
        return a

    def update_action(
        self,
        actor: Actor,
        action_id: int,
        version: int,
        *,
        status: ActionStatus,
        due_on: date,
        note: str,
    ) -> ActionView:
        self._call("update_action", actor, action_id, version, status=status, due_on=due_on,
                   note=note)  # fmt: skip
        a = self.actions[action_id]
        if a.version != version:
            raise EditConflict("Someone else updated this action since you opened it")
        if status == a.status and due_on == a.due_on and not note.strip():
            raise ValidationFailed("Nothing to save: add a note", {"note": "Empty"})
        update = ActionUpdateView(
            datetime(2026, 11, 23, 10, 0, tzinfo=UTC), actor.display_name, note.strip() or "-"
        )
        a = replace(
            a,
            status=status,
            due_on=due_on,
            completed_on=None if status is ActionStatus.OPEN else self.today,
            state=action_state(status, due_on, self.today),
            updates=(*a.updates, update),
            version=a.version + 1,
        )
        self.actions[action_id] = a
        return a

    # -- packs ---------------------------------------------------------------------------------

    def pack_document(self, actor: Actor, meeting_id: int, options: PackOptions) -> FakeDoc:
        self._call("pack_document", actor, meeting_id, options)
        d = self._detail(meeting_id)
        return FakeDoc(d.title, tuple(m.young_person_id for m in d.cohort), options)

    def summary_document(self, actor: Actor, young_person_id: int, options: PackOptions) -> FakeDoc:
        self._call("summary_document", actor, young_person_id, options)
        return FakeDoc(f"Case summary: {PEOPLE[young_person_id][0]}", (young_person_id,), options)

    def record_print(self, actor: Actor, doc: Any, **kwargs: Any) -> None:
        self._call("record_print", actor, doc, **kwargs)

    def write_pack(
        self,
        actor: Actor,
        meeting_id: int,
        options: PackOptions,
        out: Path,
        progress: Any = None,
    ) -> int:
        self._call("write_pack", actor, meeting_id, options, out)
        doc = self.pack_document(actor, meeting_id, options)
        return self.build_pdf(doc, Path(out), progress)

    def write_summary(
        self,
        actor: Actor,
        young_person_id: int,
        options: PackOptions,
        out: Path,
        progress: Any = None,
    ) -> int:
        self._call("write_summary", actor, young_person_id, options, out)
        doc = self.summary_document(actor, young_person_id, options)
        return self.build_pdf(doc, Path(out), progress)

    def prepare_print(
        self,
        actor: Actor,
        kind: str,
        target_id: int,
        options: PackOptions,
        folder: Path,
        progress: Any = None,
        *,
        render: bool = True,
    ) -> PrintPages:
        """As PackService.prepare_print: the document without a password, its PDF in `folder`
        and its pages rendered by the real renderer."""
        options = replace(options, password=None)
        if kind == "pack":
            doc = self.pack_document(actor, target_id, options)
        else:
            doc = self.summary_document(actor, target_id, options)
        pdf = folder / "pack.pdf"
        pages = self.build_pdf(doc, pdf, progress)
        pdf.chmod(0o600)
        job = PrintPages(doc, folder, pdf, pages)
        return render_pages(job, progress) if render else job

    def build_pdf(self, doc: FakeDoc, out: Path, progress: Any = None) -> int:
        """A real PDF: a cover and one page per young person, marking on every page."""
        pages = 1 + len(doc.people)
        tmp = out.with_name(f".{out.name}.part")
        canvas = Canvas(str(tmp), pagesize=A4)
        if doc.options.password:
            canvas.setEncrypt(doc.options.password)
        width, height = A4
        try:
            for n in range(pages):
                if progress is not None:
                    progress.report(n, pages, f"Writing page {n + 1} of {pages}")
                if self.page_delay:
                    time.sleep(self.page_delay)
                canvas.setFont("Helvetica-Bold", 11)
                canvas.drawCentredString(width / 2, height - 30, doc.options.marking)
                canvas.setFont("Helvetica-Bold", 20)
                if n == 0:
                    canvas.drawString(60, height - 120, doc.title)
                else:
                    yp = doc.people[n - 1]
                    name = PEOPLE[yp][0]
                    if doc.options.wider_audience:
                        name = "".join(f"{w[0]}." for w in name.split())
                    canvas.drawString(60, height - 120, name)
                    canvas.setFont("Helvetica", 12)
                    for i in range(20):
                        canvas.drawString(60, height - 160 - i * 18, f"Line {i + 1} about {name}")
                canvas.setFont("Helvetica", 9)
                canvas.drawCentredString(width / 2, 30, f"Page {n + 1} of {pages}")
                canvas.showPage()
            canvas.save()
            tmp.replace(out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        if progress is not None:
            progress.report(pages, pages, "Pack written")
        return pages

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id


def fake_today() -> date:
    return TODAY


def later(days: int) -> date:
    return TODAY + timedelta(days=days)
