"""One young person's section of a pack or case summary, from their PersonPack."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from desktop.domain.dates import local_date
from desktop.domain.enums import (
    DatePrecision,
    HandlingCode,
    MissingKind,
)
from desktop.domain.meetings import (
    ActionState,
    PersonPack,
)
from desktop.domain.workspace import ChronologyItem, MissingView, PlacementView
from desktop.reports.charts import trajectory_drawing
from desktop.reports.flow import Anchor, Bold, boxed, data_table, key_value_table, para, paras
from desktop.reports.styles import (
    ACTION_COLOURS,
    BODY,
    CELL,
    H1,
    QUOTE,
    SMALL_MUTED,
    risk_label,
    risk_tint,
)
from desktop.reports.writer import (
    CONTACT_KIND,
    CONTACT_WITH,
    INVOLVEMENT,
    OUTCOME_WORDS,
    TREND_WORDS,
    W,
    WriterBase,
    fill_width,
    ordered_actions,
)


class PersonSections(WriterBase):
    """The per-person sections (PERSON_SECTIONS, in order)."""

    def person(self, pp: PersonPack, index: int, total: int) -> list[Flowable]:
        ws = pp.workspace
        h = ws.header
        name = self.r.name(h.display_name)
        hook = None
        if self.on_person is not None:
            on_person = self.on_person

            def hook() -> None:
                on_person(index, total)

        heading = f"{index}. {name}" if self.doc.meeting is not None else name
        out: list[Flowable] = [
            Anchor(f"person-{index}", self.t(heading), 1 if self.doc.meeting else 0, hook),
            para(self.t(heading), H1),
        ]
        since = pp.since
        since_text = self.r.day(since) if since else ""

        # Identifiers
        legal = INVOLVEMENT.get(h.involvement, "—") if h.involvement else "—"
        if h.legal_status_code:
            legal += f"; LS {h.legal_status_code}: {h.legal_status_label or ''}".rstrip(": ")
        dob = self.r.date_of_birth(h.date_of_birth)
        pairs: list[tuple[str, object]] = [
            ("Name" if not self.options.wider_audience else "Initials", self.t(name)),
            ("Reference", self.t(h.reference)),
            ("Age", f"{h.age}" if h.age is not None else "—"),
            ("Date of birth", dob if dob else "Not shown"),
            ("Gender", self.t(h.gender or "—")),
            ("Ethnicity", self.t(h.ethnicity or "—")),
            ("Legal status", self.t(legal)),
            ("School", self.t(h.school or "—")),
            ("Social worker", self.t(h.social_worker or "—")),
            ("Key person", self.t(h.key_person or "—")),
            ("Team", self.t(h.team or "—")),
            ("Restricted record", "Yes" if h.restricted else "No"),
        ]
        if pp.member is not None and pp.member.reason:
            pairs.append(("Reason for discussion", self.t(pp.member.reason)))
        kw = [27 * mm, W / 2 - 27 * mm, 27 * mm, W / 2 - 27 * mm]
        out += [self.sub("Identifiers"), key_value_table(pairs, kw)]

        # Current risk
        out += self.current_risk(pp)
        out += self.chronology(pp, since_text)
        out += self.missing(pp, since_text)
        out += self.placements(pp)
        out += self.associates(pp)
        out += self.contacts(pp)
        out += self.voice(pp)

        out += [self.sub("Plan"), *paras(self.t(h.plan or "No plan recorded."), BODY)]

        out.append(self.sub("Disruption"))
        if ws.disruption:
            rows = [
                [
                    self.r.day(d.on),
                    self.t(d.tactic),
                    self.t(d.agency),
                    self.t(d.target),
                    self.t(d.outcome),
                ]
                for d in sorted(ws.disruption, key=lambda d: d.on, reverse=True)
            ]
            out.append(
                data_table(
                    ["Date", "Tactic", "Agency", "Target", "Outcome"],
                    rows,
                    fill_width([22 * mm, 0.0, 28 * mm, 34 * mm, 34 * mm], 1),
                )
            )
        else:
            out.append(self.note("No disruption activity recorded."))

        out.append(self.sub("Actions"))
        if pp.actions:
            out.append(self.actions_table(ordered_actions(pp.actions), with_subject=False))
        else:
            out.append(self.note("No actions for this young person."))

        out += self.decision(pp)
        return out

    def current_risk(self, pp: PersonPack) -> list[Flowable]:
        ws = pp.workspace
        h = ws.header
        latest = next(
            (a for a in ws.assessments if a.confirmed and a.superseded_by_id is None), None
        )
        lines: list[str] = []
        if h.risk_score is not None:
            lines.append(
                f"Score {h.risk_score} ({h.risk_band_label or risk_label(h.risk_category)})"
            )
        if h.trend is not None:
            lines.append(TREND_WORDS[h.trend])
        if latest is not None:
            lines.append(f"Assessed {self.r.day(latest.assessed_on)} by {latest.assessor}")
            if latest.override_reason:
                lines.append(f"Professional override: {latest.override_reason}")
        if h.review_due is not None:
            overdue = h.review_due < self.meeting_day
            lines.append(
                f"Review {'OVERDUE since' if overdue else 'due'} {self.r.day(h.review_due)}"
            )
        detail = self.p(" · ".join(lines) or "No confirmed risk assessment.", CELL)
        row = Table([[self.risk_badge(h.risk_category), detail]], colWidths=[48 * mm, W - 48 * mm])
        row.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
        out: list[Flowable] = [self.sub("Current risk"), row, Spacer(1, 3)]
        if latest is not None and latest.rationale:
            out += paras(self.t(f"Rationale: {latest.rationale}"), CELL)
        if h.flags:
            out.append(Spacer(1, 3))
            out.append(self.flag_table(h.flags))
        chart = trajectory_drawing(ws.series, W, title="Risk trajectory")
        out += [Spacer(1, 4), KeepTogether([chart])]
        return out

    def chronology(self, pp: PersonPack, since_text: str) -> list[Flowable]:
        items = [c for c in pp.workspace.chronology if c.significant]
        if pp.since is not None:
            items = [c for c in items if (c.end_date or c.event_date) >= pp.since]
        items.sort(key=lambda c: c.event_date, reverse=True)  # newest first, whatever came in
        out: list[Flowable] = [self.sub("Significant chronology")]
        out.append(
            self.note(f"Since {since_text}, newest first." if since_text else "Newest first.")
        )
        if not items:
            out.append(self.note("No significant events in this period."))
            return out
        rows = []
        for c in items:
            text = self.t(c.description)
            body: list[Flowable] = paras(text, CELL)
            if c.analysis:
                body += paras(f"Impact: {self.t(c.analysis)}", CELL, italic=True)
            rows.append(
                [
                    self._chrono_date(c),
                    str(c.age_at_event) if c.age_at_event is not None else "—",
                    self.t(c.category.label),
                    self.t(c.source),
                    body,
                ]
            )
        widths = [23 * mm, 10 * mm, 27 * mm, 34 * mm, 0.0]
        widths[-1] = W - sum(widths)
        out.append(data_table(["Date", "Age", "Category", "Source", "What happened"], rows, widths))
        return out

    def _chrono_date(self, c: ChronologyItem) -> str:
        text = self.r.day(c.event_date)
        if text == "withheld":
            return text
        if c.precision is DatePrecision.MONTH:
            text = text.split(" ", 1)[1]
        elif c.precision is DatePrecision.APPROXIMATE:
            text = f"c. {text}"
        if c.end_date is not None:
            text += f" to {self.r.day(c.end_date)}"
        return text

    def _rhi(self, m: MissingView) -> tuple[str, bool]:
        rhi = m.rhi
        if rhi.completed_at is not None:
            text = f"Completed {self.dt(rhi.completed_at)}"
            if rhi.completed_by:
                text += f" by {rhi.completed_by}"
            if rhi.key_disclosures:
                text += f". Disclosures: {rhi.key_disclosures}"
            return text, False
        if rhi.accepted is False:
            return f"Declined: {rhi.declined_reason or 'no reason recorded'}", False
        if m.rhi_overdue:
            return f"OVERDUE: was due by {self.dt(m.rhi_due)}", True
        if m.ended_at is None:
            return "Not yet due: still missing", False
        state = f"Offered {self.dt(rhi.offered_at)}; " if rhi.offered_at else ""
        return f"{state}Due by {self.dt(m.rhi_due)}", False

    def missing(self, pp: PersonPack, since_text: str) -> list[Flowable]:
        ws = pp.workspace
        episodes = list(ws.missing)
        if pp.since is not None:
            since = pp.since
            episodes = [
                m
                for m in episodes
                if local_date(m.started_at) >= since or m.rhi_overdue or m.ended_at is None
            ]
        out: list[Flowable] = [self.sub("Missing episodes and return interviews")]
        n_m = sum(m.kind is MissingKind.MISSING for m in episodes)
        n_a = len(episodes) - n_m
        scope = f"Since {since_text}" if since_text else "All recorded"
        out.append(
            self.note(
                f"{scope}: {n_m} missing (M), {n_a} away without authorisation (A); "
                f"{len(ws.missing)} episodes on record in all."
            )
        )
        if episodes:
            rows: list[list[object]] = []
            extra: list[tuple[object, ...]] = []
            for i, m in enumerate(episodes, 1):
                kind = "M: missing" if m.kind is MissingKind.MISSING else "A: away"
                grade = m.police_risk_grade.value.replace("_", " ").capitalize() if (
                    m.police_risk_grade
                ) else "—"  # fmt: skip
                found = "; ".join(x for x in (m.where_found, m.found_with) if x) or "—"
                rhi, overdue = self._rhi(m)
                rows.append(
                    [
                        self.t(kind),
                        self.t(self.dt(m.started_at)),
                        self.t(self.dt(m.ended_at) if m.ended_at else "Still missing"),
                        self.t(grade),
                        self.t(found),
                        Bold(self.t(rhi)) if overdue else self.t(rhi),
                    ]
                )
                if overdue:
                    extra.append(
                        ("BACKGROUND", (-1, i), (-1, i), ACTION_COLOURS[ActionState.OVERDUE])
                    )
            widths = [20 * mm, 24 * mm, 24 * mm, 18 * mm, 0.0, 46 * mm]
            widths[4] = W - sum(widths)
            out.append(
                data_table(
                    [
                        "Type",
                        "Started",
                        "Returned",
                        "Police grade",
                        "Found (where, with)",
                        "Return interview",
                    ],
                    rows,
                    widths,
                    extra,
                )
            )
        else:
            out.append(self.note("No missing episodes in this period."))
        if ws.missing_flags:
            out += [Spacer(1, 6), self.flag_table(ws.missing_flags)]
        return out

    def _placement_row(self, p: PlacementView) -> list[object]:
        where = []
        if p.distance_miles is not None:
            where.append(f"{p.distance_miles:.1f} miles from home")
        else:
            where.append("Distance not known")
        if p.out_of_area is True:
            where.append("out of area")
        elif p.out_of_area is None:
            where.append("area not known")
        if p.placement_postcode and not self.options.wider_audience:
            where.append(p.placement_postcode)
        ended = "Current" if p.dec is None else self.r.day(p.dec)
        why = p.reason_place_change_label or p.rec_label or ""
        if p.dec is not None and why:
            ended += f": {why}"
        return [
            self.r.day(p.decom),
            self.t(f"{p.place}: {p.place_label}" + ("" if p.counted else " (not counted)")),
            self.t(f"{p.ls}: {p.ls_label}"),
            self.t(p.provider or "—"),
            self.t(", ".join(where)),
            self.t(ended),
        ]

    def placements(self, pp: PersonPack) -> list[Flowable]:
        ws = pp.workspace
        out: list[Flowable] = [self.sub("Placement and stability")]
        if ws.placements:
            shown = list(ws.placements[:5])
            rows = [self._placement_row(p) for p in shown]
            widths = [22 * mm, 0.0, 26 * mm, 28 * mm, 30 * mm, 34 * mm]
            widths[1] = W - sum(widths)
            out.append(
                data_table(
                    ["Start", "Placement type", "Legal status", "Provider", "Distance", "Ended"],
                    rows,
                    widths,
                )
            )
            if len(ws.placements) > len(shown):
                out.append(
                    self.note(f"{len(ws.placements) - len(shown)} earlier episodes not shown.")
                )
        else:
            out.append(self.note("No placement episodes recorded (not looked after)."))
        out.append(Spacer(1, 6))
        if ws.placement_flags:
            out.append(self.flag_table(ws.placement_flags))
        else:
            out.append(self.note("No placement or stability flags."))
        return out

    def _allowed(self, code: HandlingCode) -> bool:
        return code is not HandlingCode.CONDITIONS or self.options.include_conditional

    def _grading(self, code: HandlingCode, *grades: str | None) -> str:
        parts = [g for g in grades if g]
        text = "/".join(parts) + ("/" if parts else "") + code.value
        if code is HandlingCode.CONDITIONS:
            text += " (handling conditions: included by the chair)"
        return text

    def associates(self, pp: PersonPack) -> list[Flowable]:
        ws = pp.workspace
        out: list[Flowable] = [self.sub("Associates and contexts")]
        assoc = [a for a in ws.associates if self._allowed(a.handling_code)]
        ctx = [c for c in ws.contexts if self._allowed(c.handling_code)]
        if assoc:
            rows = []
            for a in assoc:
                name = a.name + (f" (aka {a.aliases})" if a.aliases else "")
                others = ", ".join(self.r.name(o.display_name) for o in a.others) or "—"
                rows.append(
                    [
                        self.t(name),
                        self.t(a.role.value.replace("_", " ").capitalize()),
                        self.t(
                            self._grading(a.handling_code, a.source_grade, a.intelligence_grade)
                        ),
                        self.t(a.intelligence or "—"),
                        self.t(others),
                    ]
                )
            widths = [32 * mm, 26 * mm, 22 * mm, 0.0, 30 * mm]
            widths[3] = W - sum(widths)
            out.append(
                data_table(
                    ["Associate", "Role", "Grading", "Intelligence", "Also linked"], rows, widths
                )
            )
        else:
            out.append(self.note("No associates recorded."))
        out.append(Spacer(1, 4))
        if ctx:
            rows = []
            for c in ctx:
                desc = c.description + (f"\n{c.notes}" if c.notes else "")
                where = c.postcode or "—"
                others = ", ".join(self.r.name(o.display_name) for o in c.others) or "—"
                rows.append(
                    [
                        self.t(c.name),
                        self.t(c.kind.value.replace("_", " ").capitalize()),
                        self.t(desc or "—"),
                        self.t(where + ("; handling C, included by the chair"
                                        if c.handling_code is HandlingCode.CONDITIONS else "")),
                        self.t(others),
                    ]
                )  # fmt: skip
            widths = [32 * mm, 24 * mm, 0.0, 26 * mm, 30 * mm]
            widths[2] = W - sum(widths)
            out.append(
                data_table(
                    ["Context", "Kind", "Description", "Postcode", "Shared with"], rows, widths
                )
            )
        else:
            out.append(self.note("No contexts recorded."))
        return out

    def contacts(self, pp: PersonPack) -> list[Flowable]:
        ws = pp.workspace
        s = ws.contact_summary
        if s.days_since is None:
            last = "Never seen"
        else:
            last = f"{s.days_since} days ago" if s.days_since != 1 else "1 day ago"
        if s.gap:
            last += " — CONTACT GAP (over target)"
        ooh = f"{s.out_of_hours_share:.0%}" if s.out_of_hours_share is not None else "—"
        weeks = [w.count for w in s.per_week]
        per_week = f"{sum(weeks) / len(weeks):.1f}" if weeks else "—"
        pairs: list[tuple[str, object]] = [
            ("Key person", self.t(ws.header.key_person or "—")),
            ("Target", f"every {s.target_days} days"),
            ("Last successful", Bold(last) if s.gap else last),
            ("Recorded", f"{s.total} ({s.successful} successful)"),
            ("Out of hours", ooh),
            ("Average per week", f"{per_week} (last {len(weeks)} weeks)"),
        ]
        kw = [30 * mm, W / 2 - 30 * mm, 30 * mm, W / 2 - 30 * mm]
        out: list[Flowable] = [self.sub("Key-person contact summary"), key_value_table(pairs, kw)]
        recent = list(ws.contacts)
        if pp.since is not None:
            since = pp.since
            recent = [c for c in recent if local_date(c.occurred_at) >= since]
        recent = recent[:6]
        if recent:
            rows = [
                [
                    self.t(self.dt(c.occurred_at) + (" (out of hours)" if c.out_of_hours else "")),
                    self.t(CONTACT_KIND[c.kind]),
                    self.t(CONTACT_WITH[c.with_whom]),
                    self.t(c.location or "—"),
                    self.t(c.summary or "—"),
                ]
                for c in recent
            ]
            widths = [33 * mm, 24 * mm, 25 * mm, 22 * mm, 0.0]
            widths[-1] = W - sum(widths)
            out += [
                Spacer(1, 4),
                data_table(["When", "Type", "With", "Where", "Summary"], rows, widths),
            ]
        return out

    def voice(self, pp: PersonPack) -> list[Flowable]:
        ws = pp.workspace
        out: list[Flowable] = [self.sub("The young person's voice")]
        quotes: list[Flowable] = []
        latest = next((a for a in ws.assessments if a.young_person_words), None)
        if latest is not None:
            quotes += paras(f"“{self.t(unquote(latest.young_person_words))}”", QUOTE)
            quotes.append(
                para(f"At the risk assessment on {self.r.day(latest.assessed_on)}", SMALL_MUTED)
            )
        said = [c for c in ws.contacts if c.young_person_said and c.successful]
        if pp.since is not None:
            since = pp.since
            said = [c for c in said if local_date(c.occurred_at) >= since] or said[:2]
        for c in said[:4]:
            quotes.append(Spacer(1, 6))
            quotes += paras(f"“{self.t(unquote(c.young_person_said))}”", QUOTE)
            quotes.append(
                para(
                    f"To {self.t(c.worker)}, {self.dt(c.occurred_at)} "
                    f"({CONTACT_KIND[c.kind].lower()})",
                    SMALL_MUTED,
                )
            )
        if quotes:
            out.append(boxed(quotes, W))
        else:
            out.append(self.note("Nothing recorded in the young person's own words."))
        return out

    def decision(self, pp: PersonPack) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(30 * mm), self.sub("Decision and next review")]
        member = pp.member
        h = pp.workspace.header
        if member is None:
            pairs: list[tuple[str, object]] = [
                ("Current risk", Bold(risk_label(h.risk_category))),
                ("Next risk review", self.r.day(h.review_due)),
            ]
            out.append(key_value_table(pairs, [45 * mm, W - 45 * mm], columns=1))
            return out
        agreed = member.category_agreed
        outcome = OUTCOME_WORDS.get(member.outcome, "—") if member.outcome else "To be agreed"
        pairs = [
            (
                "Risk category agreed",
                Bold(risk_label(agreed) if agreed else "To be agreed"),
            ),
            ("Outcome", outcome),
            ("Decision", self.t(member.decision or "To be recorded at the meeting.")),
            ("Next review", self.r.day(member.next_review_on, empty="To be set")),
        ]
        table = key_value_table(pairs, [45 * mm, W - 45 * mm], columns=1)
        if agreed is not None:
            table.setStyle([("BACKGROUND", (1, 0), (1, 0), risk_tint(agreed))])
        out.append(table)
        return out


_QUOTES = "\"'“”‘’"


def unquote(text: str) -> str:
    """Words as said, without quotation marks the recorder typed (the pack adds its own)."""
    stripped = text.strip()
    while len(stripped) >= 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES:
        stripped = stripped[1:-1].strip()
    return stripped
