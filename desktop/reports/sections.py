"""The pack's story: cover, agenda, attendance, tracker, dashboard, people, VOLT, sign-off."""

from __future__ import annotations

from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table

from desktop.domain.meetings import (
    DEFAULT_AGENDA,
    HANDLING_STATEMENT,
    ActionState,
)
from desktop.reports.flow import Anchor, Bold, boxed, data_table, key_value_table, para
from desktop.reports.person import PersonSections
from desktop.reports.styles import (
    BODY,
    BODY_ITALIC,
    CELL_BOLD,
    H2,
    MARKING_BANNER,
    SUBTITLE,
    TITLE,
    risk_label,
    risk_tint,
)
from desktop.reports.writer import RISK_BY_LABEL, W, ordered_actions


class PackWriter(PersonSections):
    """Turns a PackDocument into a story (flowables only: no layout, no data access)."""

    def story(self) -> list[Flowable]:
        doc = self.doc
        out: list[Flowable] = []
        if doc.meeting is None:
            out += self.summary_cover()
        else:
            out += self.cover()
            out += [PageBreak(), *self.agenda(), Spacer(1, 6 * mm), *self.attendance()]
            out += [PageBreak(), *self.action_tracker()]
            out += [PageBreak(), *self.dashboard()]
        n = len(doc.people)
        for i, person in enumerate(doc.people, 1):
            out.append(PageBreak())
            if i == 1 and doc.meeting is not None:
                out.append(Anchor("young-people", "Young people", 0))
            out += self.person(person, i, n)
        if doc.meeting is not None:
            out += [PageBreak(), *self.volt(), *self.disruption_summary(), *self.sign_off()]
        return out

    def cover(self) -> list[Flowable]:
        m = self.doc.meeting
        assert m is not None
        chair = self.t(m.chair) or "—"
        rows: list[tuple[str, object]] = [
            ("Date", self.r.day(m.held_on)),
            ("Chair", self.t(chair)),
            ("Venue", self.t(m.venue or "—")),
        ]
        if m.previous_held_on is not None:
            rows.append(("Previous meeting", self.r.day(m.previous_held_on)))
        rows.append(("Young people discussed", str(len(self.doc.people))))
        if self.options.wider_audience:
            rows.append(("Version", self.t("Wider audience: initials only, no dates of birth")))
        out: list[Flowable] = [
            Anchor("cover", "Cover", 0),
            boxed([para(self.options.marking, MARKING_BANNER)], W),
            Spacer(1, 14 * mm),
            para("MACSE meeting pack", SUBTITLE),
            para(self.t(m.title or self.doc.title), TITLE),
            Spacer(1, 6 * mm),
            key_value_table(rows, [45 * mm, W - 45 * mm], columns=1),
            Spacer(1, 8 * mm),
            para("Distribution", H2),
        ]
        dist = [a for a in m.attendees if a.on_distribution]
        if dist:
            out.append(
                data_table(
                    ["Name", "Agency", "Role"],
                    [[self.t(a.name), self.t(a.agency), self.t(a.role)] for a in dist],
                    [W * 0.34, W * 0.36, W * 0.30],
                )
            )
        else:
            out.append(self.note("No distribution list recorded."))
        out += [Spacer(1, 8 * mm), self.handling_box()]
        return out

    def handling_box(self) -> Flowable:
        return boxed(
            [
                para(f"Handling: {self.options.marking}", CELL_BOLD),
                Spacer(1, 2),
                para(HANDLING_STATEMENT, BODY),
            ],
            W,
        )

    def summary_cover(self) -> list[Flowable]:
        doc = self.doc
        out: list[Flowable] = [
            Anchor("cover", "Cover", 0),
            boxed([para(self.options.marking, MARKING_BANNER)], W),
            Spacer(1, 10 * mm),
            para("Case summary", SUBTITLE),
            para(self.t(doc.title.removeprefix("Case summary: ")) or "Case summary", TITLE),
            Spacer(1, 4 * mm),
        ]
        rows: list[tuple[str, object]] = [
            ("Young person", self.t(", ".join(self.r.name(p.workspace.header.display_name)
                                              for p in doc.people) or "—")),
            ("Prepared by", self.t(doc.printed_by)),
            ("Prepared at", self.dt(doc.printed_at)),
        ]  # fmt: skip
        if self.options.wider_audience:
            rows.append(("Version", self.t("Wider audience: initials only, no dates of birth")))
        out += [key_value_table(rows, [45 * mm, W - 45 * mm], columns=1), Spacer(1, 8 * mm)]
        out.append(self.handling_box())
        return out

    def agenda(self) -> list[Flowable]:
        m = self.doc.meeting
        assert m is not None
        items = m.agenda or DEFAULT_AGENDA
        rows = [[str(i), self.t(item)] for i, item in enumerate(items, 1)]
        return [
            *self.heading("Agenda", "agenda"),
            data_table(["No.", "Item"], rows, [14 * mm, W - 14 * mm]),
        ]

    def attendance(self) -> list[Flowable]:
        m = self.doc.meeting
        assert m is not None
        out: list[Flowable] = [*self.heading("Attendance", "attendance")]
        widths = [W * 0.32, W * 0.38, W * 0.30]
        for title, attended in (("Present", True), ("Apologies", False)):
            people = [a for a in m.attendees if a.attended is attended]
            out.append(self.sub(title))
            if people:
                rows = [[self.t(a.name), self.t(a.agency), self.t(a.role)] for a in people]
                out.append(data_table(["Name", "Agency", "Role"], rows, widths))
            else:
                out.append(self.note("None recorded."))
        return out

    def action_tracker(self) -> list[Flowable]:
        m = self.doc.meeting
        assert m is not None
        actions = ordered_actions(m.actions)
        out: list[Flowable] = [*self.heading("Action tracker", "actions")]
        counts = Counter(a.state for a in actions)
        out.append(
            para(
                f"{len(actions)} actions: {counts[ActionState.OVERDUE]} overdue, "
                f"{counts[ActionState.UPCOMING]} due within 7 days, "
                f"{counts[ActionState.OPEN]} open, {counts[ActionState.DONE]} done, "
                f"{counts[ActionState.CANCELLED]} cancelled. Overdue means due before the "
                f"meeting on {self.r.day(m.held_on)}.",
                BODY,
            )
        )
        if actions:
            out.append(self.actions_table(actions, with_subject=True))
        else:
            out.append(self.note("No actions."))
        return out

    def dashboard(self) -> list[Flowable]:
        doc = self.doc
        out: list[Flowable] = [*self.heading("Cohort dashboard", "dashboard")]
        m = doc.meeting
        if m is not None and m.previous_held_on is not None:
            out.append(
                para(f"Changes since the last meeting on {self.r.day(m.previous_held_on)}.", BODY)
            )
        d = doc.dashboard
        if d is not None:
            cat_rows: list[list[object]] = []
            extra: list[tuple[object, ...]] = []
            for i, (label, count) in enumerate(d.by_category, 1):
                cat_rows.append([Bold(label), str(count)])
                extra.append(("BACKGROUND", (0, i), (0, i), risk_tint(RISK_BY_LABEL.get(label))))
            extra.append(("ALIGN", (1, 0), (1, -1), "RIGHT"))
            half = (W - 8 * mm) / 2
            left = data_table(
                ["Current risk", "Young people"], cat_rows, [half * 0.62, half * 0.38], extra, False
            )
            change_rows: list[list[object]] = [
                ["Risk escalated", str(d.escalated)],
                ["Risk de-escalated", str(d.de_escalated)],
                ["Missing episodes in the period", str(d.missing_episodes)],
                ["Return interviews overdue", str(d.rhis_overdue)],
                ["Placement stability flags", str(d.stability_flags)],
            ]
            right = data_table(
                ["Since the last meeting", "Count"],
                change_rows,
                [half * 0.72, half * 0.28],
                [("ALIGN", (1, 0), (1, -1), "RIGHT")],
            )
            pair = Table([[left, "", right]], colWidths=[half, 8 * mm, half])
            pair.setStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
            out += [pair, Spacer(1, 4 * mm)]
        out.append(self.sub("Young people in this meeting"))
        rows: list[list[object]] = []
        extra = []
        for i, person in enumerate(doc.people, 1):
            h = person.workspace.header
            member = person.member
            current = h.risk_category if member is None else member.current_category
            agreed = member.category_agreed if member is not None else None
            rows.append(
                [
                    str(i),
                    self.t(self.r.name(member.display_name if member else h.display_name)),
                    self.t(member.reason if member else ""),
                    Bold(risk_label(current)),
                    risk_label(agreed) if agreed else "—",
                    self.r.day(member.next_review_on if member else h.review_due),
                ]
            )
            extra.append(("BACKGROUND", (3, i), (3, i), risk_tint(current)))
            if agreed is not None:
                extra.append(("BACKGROUND", (4, i), (4, i), risk_tint(agreed)))
        widths = [9 * mm, 34 * mm, 0.0, 26 * mm, 26 * mm, 24 * mm]
        widths[2] = W - sum(widths)
        out.append(
            data_table(
                [
                    "No.",
                    "Young person",
                    "Reason for discussion",
                    "Current risk",
                    "Agreed",
                    "Review",
                ],
                rows,
                widths,
                extra,
                zebra=False,
            )
        )
        return out

    # ---- across the cohort ----------------------------------------------------------------

    def volt(self) -> list[Flowable]:
        out: list[Flowable] = [*self.heading("VOLT themes", "volt")]
        v = self.doc.volt
        if v is None:
            return [*out, self.note("No VOLT themes recorded.")]
        for title, items in (
            ("Victims", v.victims),
            ("Offenders", v.offenders),
            ("Locations", v.locations),
            ("Trends", v.trends),
        ):
            out.append(self.sub(title))
            if items:
                out += [self.p(f"•  {item}", BODY) for item in items]
            else:
                out.append(self.note("None identified."))
        return out

    def disruption_summary(self) -> list[Flowable]:
        out: list[Flowable] = [Spacer(1, 6 * mm), *self.heading("Disruption summary", "disruption")]
        rows_data = [
            (d, self.r.name(p.workspace.header.display_name))
            for p in self.doc.people
            for d in p.workspace.disruption
        ]
        if not rows_data:
            return [*out, self.note("No disruption activity recorded for this cohort.")]
        tactics = Counter(d.tactic for d, _ in rows_data)
        out.append(
            para(
                "; ".join(f"{self.t(t)}: {n}" for t, n in tactics.most_common()),
                BODY,
            )
        )
        rows_data.sort(key=lambda r: r[0].on, reverse=True)
        rows = [
            [self.r.day(d.on), self.t(who), self.t(d.tactic), self.t(d.agency), self.t(d.target),
             self.t(d.outcome)]
            for d, who in rows_data
        ]  # fmt: skip
        widths = [22 * mm, 24 * mm, 0.0, 24 * mm, 30 * mm, 28 * mm]
        widths[2] = W - sum(widths)
        out.append(
            data_table(
                ["Date", "Young person", "Tactic", "Agency", "Target", "Outcome"], rows, widths
            )
        )
        return out

    def sign_off(self) -> list[Flowable]:
        m = self.doc.meeting
        assert m is not None
        line = "_" * 44
        rows: list[tuple[str, object]] = [
            ("Chair", self.t(m.chair or "—")),
            ("Signature", line),
            ("Date", line),
        ]
        table = key_value_table(rows, [40 * mm, W - 40 * mm], columns=1)
        table.setStyle([("TOPPADDING", (0, 1), (-1, -1), 12)])
        return [
            CondPageBreak(60 * mm),
            Spacer(1, 6 * mm),
            *self.heading("Sign-off", "sign-off"),
            para(
                "I confirm this pack is an accurate record of the information shared and the "
                "decisions made at this meeting.",
                BODY_ITALIC,
            ),
            Spacer(1, 3),
            table,
        ]
