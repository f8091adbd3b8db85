"""MACSE meetings, multi-agency actions and the pack's content, as frozen DTOs and pure rules.

The meeting service fills these (already filtered by the printing user's access, and already
redacted for a wider-audience pack); the PDF builders in desktop/reports only lay them out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from desktop.domain.access import initials
from desktop.domain.dates import format_date, last_months, local_date
from desktop.domain.enums import (
    ActionStatus,
    AssociateRole,
    ContextKind,
    FlagCode,
    HandlingCode,
    Involvement,
    MeetingOutcome,
    RiskCategory,
    Trend,
)
from desktop.domain.flags import compute_flags
from desktop.domain.missing import repeat_missing_run, rhi_overdue
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.records import (
    AssessmentRecord,
    Flag,
    MissingEpisodeRecord,
    PlacementEpisodeRecord,
)
from desktop.domain.risk import trajectory
from desktop.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds
from desktop.domain.workspace import MissingView, PersonWorkspace, SharedWith

#: DOMAIN.md: upcoming = due within 7 days.
UPCOMING_DAYS = 7

#: The agenda order of DOMAIN.md's MACSE meeting pack.
DEFAULT_AGENDA = (
    "Introductions, apologies and confidentiality",
    "Actions from the last meeting",
    "Cohort dashboard: changes since the last meeting",
    "Young people: risk, plan and decisions",
    "VOLT themes: victims, offenders, locations, trends",
    "Disruption activity",
    "Any other business and date of next meeting",
)

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
HANDLING_STATEMENT = (
    "Not to be shared beyond the meeting without the chair's agreement. "
    "Store securely and destroy when no longer needed."
)


class ActionState(StrEnum):
    OVERDUE = "overdue"
    UPCOMING = "upcoming"  # due within 7 days
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def action_state(status: ActionStatus, due_on: date, on: date) -> ActionState:
    """Overdue = open and due before `on` (today, or the meeting date in a pack)."""
    if status is ActionStatus.DONE:
        return ActionState.DONE
    if status is ActionStatus.CANCELLED:
        return ActionState.CANCELLED
    if due_on < on:
        return ActionState.OVERDUE
    if due_on <= on + timedelta(days=UPCOMING_DAYS):
        return ActionState.UPCOMING
    return ActionState.OPEN


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    id: int
    title: str
    held_on: date
    chair: str
    venue: str
    status: str  # "planned" | "held"
    cohort_size: int
    open_actions: int


@dataclass(frozen=True, slots=True)
class AttendeeView:
    id: int | None
    name: str
    agency: str
    role: str
    attended: bool  # False = apologies
    on_distribution: bool


@dataclass(frozen=True, slots=True)
class ActionUpdateView:
    at: datetime
    author: str
    note: str


@dataclass(frozen=True, slots=True)
class ActionView:
    id: int
    reference: str
    meeting_id: int | None
    young_person_id: int | None
    subject: str  # the young person's display name (redacted as needed) or the context's name
    description: str
    owner_name: str
    owner_agency: str
    set_on: date
    due_on: date
    status: ActionStatus
    completed_on: date | None
    state: ActionState
    updates: tuple[ActionUpdateView, ...]
    version: int


@dataclass(frozen=True, slots=True)
class CohortMember:
    young_person_id: int
    display_name: str
    reason: str
    current_category: RiskCategory | None
    category_agreed: RiskCategory | None
    outcome: MeetingOutcome | None
    decision: str
    next_review_on: date | None
    include_conditional_intelligence: bool
    version: int | None  # of the cohort row; None for a suggestion not yet added


@dataclass(frozen=True, slots=True)
class CohortSuggestion:
    young_person_id: int
    display_name: str
    current_category: RiskCategory | None
    reasons: tuple[str, ...]  # e.g. "Significant risk", "Escalated since 3 Oct 2026"


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    id: int
    title: str
    held_on: date
    chair_id: int | None
    chair: str
    venue: str
    status: str
    agenda: tuple[str, ...]
    notes: str
    attendees: tuple[AttendeeView, ...]
    cohort: tuple[CohortMember, ...]
    actions: tuple[ActionView, ...]  # this meeting's and those carried forward, overdue first
    previous_held_on: date | None  # the last meeting before this one ("since last meeting")
    version: int


@dataclass(frozen=True, slots=True)
class PackOptions:
    wider_audience: bool = False  # initials, no dates of birth, anywhere in the document
    include_conditional: bool = False  # intelligence with handling code C
    password: str | None = None  # PDF encryption (never stored or audited)
    marking: str = DEFAULT_MARKING


@dataclass(frozen=True, slots=True)
class DashboardCounts:
    by_category: tuple[tuple[str, int], ...]  # (category label, count), Significant first
    escalated: int
    de_escalated: int
    missing_episodes: int  # in the period since the last meeting
    rhis_overdue: int
    stability_flags: int


@dataclass(frozen=True, slots=True)
class VoltThemes:
    victims: tuple[str, ...]
    offenders: tuple[str, ...]
    locations: tuple[str, ...]
    trends: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonPack:
    """One young person's section: the workspace (redacted as the options say) plus meeting
    outcome and their actions."""

    workspace: PersonWorkspace
    member: CohortMember | None  # None in a single case summary
    actions: tuple[ActionView, ...]
    since: date | None  # chronology and missing episodes since this date (last meeting)


@dataclass(frozen=True, slots=True)
class PackDocument:
    """Everything a meeting pack (or, with meeting None, a case summary) prints."""

    title: str
    meeting: MeetingDetail | None
    people: tuple[PersonPack, ...]
    dashboard: DashboardCounts | None
    volt: VoltThemes | None
    printed_by: str
    printed_at: datetime
    options: PackOptions = field(default_factory=PackOptions)


# ---------------------------------------------------------------------------------------------
# Agenda, action ordering
# ---------------------------------------------------------------------------------------------

_NUMBERED = re.compile(r"^\s*\d+[.)]\s*")


def agenda_items(text: str) -> tuple[str, ...]:
    """The stored agenda (one item a line, numbering optional) as items; empty = the default."""
    items = tuple(_NUMBERED.sub("", line).strip() for line in text.splitlines())
    items = tuple(i for i in items if i)
    return items or DEFAULT_AGENDA


def agenda_text(items: Sequence[str]) -> str:
    """Agenda items as stored: one a line, unnumbered (the pack numbers them)."""
    return "\n".join(" ".join(i.split()) for i in items if i.strip())


_STATE_RANK = {s: n for n, s in enumerate(ActionState)}


def action_sort_key(action: ActionView) -> tuple[int, date, str]:
    """Overdue first, then upcoming, open, done, cancelled; soonest due within each."""
    return _STATE_RANK[action.state], action.due_on, action.reference


def action_reference(held_on: date, existing: Iterable[str]) -> str:
    """The next free reference of a meeting month, e.g. MACSE-2026-11-03."""
    prefix = f"MACSE-{held_on:%Y-%m}-"
    used = [
        int(r[len(prefix) :])
        for r in existing
        if r.startswith(prefix) and r[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(used, default=0) + 1:02d}"


# ---------------------------------------------------------------------------------------------
# Cohort suggestions
# ---------------------------------------------------------------------------------------------

#: Placement and stability flags (a "new" one since the last meeting suggests a young person).
STABILITY_FLAGS = frozenset(
    {
        FlagCode.PLACEMENTS_12_MONTHS,
        FlagCode.PLACEMENTS_COLLECTION_YEAR,
        FlagCode.LONG_TERM_STABILITY_NOT_MET,
        FlagCode.OVER_20_MILES,
        FlagCode.OUT_OF_AREA,
        FlagCode.NEW_PLACEMENT,
        FlagCode.UNPLANNED_ENDING,
        FlagCode.ESCALATION,
    }
)


@dataclass(frozen=True, slots=True)
class CohortCandidate:
    """One young person the chair may see, with the records the suggestion rules read."""

    young_person_id: int
    display_name: str
    date_of_birth: date
    responsible_la: str | None
    assessments: tuple[AssessmentRecord, ...]
    missing: tuple[MissingEpisodeRecord, ...]
    placements: tuple[PlacementEpisodeRecord, ...]
    continued_last_time: bool = False  # outcome "continue" at the previous meeting


def _stability_codes(
    c: CohortCandidate,
    on: date,
    postcodes: PostcodeDirectory | None,
    thresholds: Thresholds,
) -> dict[FlagCode, str]:
    if not c.placements or on < c.date_of_birth:
        return {}
    flags = compute_flags(
        today=on,
        dob=c.date_of_birth,
        assessments=(),
        placements=[p for p in c.placements if p.decom <= on],
        missing=(),
        contacts=(),
        postcodes=postcodes,
        responsible_la=c.responsible_la,
        contact_target_days=None,
        thresholds=thresholds,
    )
    return {f.code: f.label for f in flags if f.code in STABILITY_FLAGS}


def cohort_reasons(
    c: CohortCandidate,
    *,
    since: date | None,
    now: datetime,
    postcodes: PostcodeDirectory | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> tuple[str, ...]:
    """Why a young person should be discussed (empty: no reason).

    Significant or moderate current risk; an escalation assessed after the last meeting (`since`;
    with no earlier meeting, the latest assessment's trend); repeat missing in the last 12
    months; a return interview overdue; a placement or stability flag raised now that was not
    raised on the last meeting's date (every current one when there was no meeting); and
    carried forward with "continue" from the last meeting.
    """
    today = local_date(now)
    reasons: list[str] = []
    steps = trajectory(c.assessments)
    current = steps[-1][0] if steps else None
    if current is not None and current.category is RiskCategory.SIGNIFICANT:
        reasons.append("Significant risk")
    elif current is not None and current.category is RiskCategory.MODERATE:
        reasons.append("Moderate risk")
    if since is None:
        escalated = bool(steps) and steps[-1][1] is Trend.ESCALATED
    else:
        escalated = any(t is Trend.ESCALATED and a.assessed_on > since for a, t in steps)
    if escalated:
        reasons.append(f"Escalated since {format_date(since)}" if since else "Risk escalated")
    year_ago, _ = last_months(today, 12)
    if repeat_missing_run(c.missing, thresholds, on=today, since=year_ago):
        reasons.append("Repeat missing")
    if any(rhi_overdue(ep, now, thresholds) for ep in c.missing):
        reasons.append("Return interview overdue")
    now_flags = _stability_codes(c, today, postcodes, thresholds)
    before = _stability_codes(c, since, postcodes, thresholds) if since is not None else {}
    for code, label in now_flags.items():
        if code not in before:
            reasons.append(f"New flag: {label}")
    if c.continued_last_time:
        reasons.append("Continued at the last meeting")
    return tuple(reasons)


def suggest_cohort(
    candidates: Iterable[CohortCandidate],
    *,
    since: date | None,
    now: datetime,
    postcodes: PostcodeDirectory | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> list[CohortSuggestion]:
    """Candidates with at least one reason: highest risk first, then most reasons, then name."""
    out: list[CohortSuggestion] = []
    for c in candidates:
        reasons = cohort_reasons(
            c, since=since, now=now, postcodes=postcodes, thresholds=thresholds
        )
        if not reasons:
            continue
        steps = trajectory(c.assessments)
        category = steps[-1][0].category if steps else None
        out.append(CohortSuggestion(c.young_person_id, c.display_name, category, reasons))
    out.sort(
        key=lambda s: (
            -(s.current_category.value if s.current_category else -1),
            -len(s.reasons),
            s.display_name.casefold(),
            s.young_person_id,
        )
    )
    return out


# ---------------------------------------------------------------------------------------------
# Cohort dashboard and VOLT themes (from the pack's already-redacted workspaces)
# ---------------------------------------------------------------------------------------------

NOT_ASSESSED = "Not assessed"


def _category_on(ws: PersonWorkspace, on: date) -> RiskCategory | None:
    found: RiskCategory | None = None
    for p in ws.series.points:  # oldest first
        if p.on <= on:
            found = p.category
    return found


def _missing_since(ws: PersonWorkspace, since: date | None) -> list[MissingView]:
    return [m for m in ws.missing if since is None or local_date(m.started_at) > since]


def dashboard_counts(workspaces: Sequence[PersonWorkspace], since: date | None) -> DashboardCounts:
    """Young people by current category (Significant first, then Not assessed last), risk moves
    since the last meeting (the whole trajectory's last step when there was none), missing
    episodes started after `since`, return interviews overdue and placement/stability flags."""
    counts: Counter[str] = Counter()
    escalated = de_escalated = missing = rhis = stability = 0
    for ws in workspaces:
        current = ws.header.risk_category
        counts[current.label if current else NOT_ASSESSED] += 1
        if since is None:
            trend = ws.header.trend
            escalated += trend is Trend.ESCALATED
            de_escalated += trend is Trend.DE_ESCALATED
        elif current is not None:
            before = _category_on(ws, since)
            if before is not None and current.value > before.value:
                escalated += 1
            elif before is not None and current.value < before.value:
                de_escalated += 1
        missing += len(_missing_since(ws, since))
        rhis += sum(m.rhi_overdue for m in ws.missing)
        stability += sum(f.code in STABILITY_FLAGS for f in ws.placement_flags)
    order = [c.label for c in sorted(RiskCategory, key=lambda c: -c.value)] + [NOT_ASSESSED]
    return DashboardCounts(
        by_category=tuple((label, counts[label]) for label in order),
        escalated=escalated,
        de_escalated=de_escalated,
        missing_episodes=missing,
        rhis_overdue=rhis,
        stability_flags=stability,
    )


def _people(n: int) -> str:
    return "1 young person" if n == 1 else f"{n} young people"


def volt_themes(workspaces: Sequence[PersonWorkspace], since: date | None) -> VoltThemes:
    """Victims, offenders, locations and trends across the cohort, as printable sentences.

    Built from the workspaces as the pack prints them, so intelligence left out of the pack
    (handling code C) is left out of the themes too.
    """
    n = len(workspaces)
    victims: list[str] = []
    if n:
        ages = [ws.header.age for ws in workspaces if ws.header.age is not None]
        span = f", aged {min(ages)}-{max(ages)}" if ages else ""
        victims.append(f"{_people(n)} in the cohort{span}")
        genders = Counter(ws.header.gender for ws in workspaces if ws.header.gender)
        if genders:
            victims.append("Gender: " + ", ".join(f"{g} {k}" for g, k in sorted(genders.items())))
        cla = sum(ws.header.involvement is Involvement.CLA for ws in workspaces)
        if cla:
            victims.append(f"{_people(cla)} looked after")
    offenders: dict[int, tuple[str, str, set[int]]] = {}
    for ws in workspaces:
        for a in ws.associates:
            if a.role in (AssociateRole.ALLEGED_PERPETRATOR, AssociateRole.ASSOCIATE):
                entry = offenders.setdefault(
                    a.associate_id, (a.name, a.role.value.replace("_", " "), set())
                )
                entry[2].add(ws.header.id)
    offender_lines = [
        f"{name} ({role}): linked to {_people(len(linked))} in the cohort"
        for name, role, linked in sorted(offenders.values(), key=lambda o: (-len(o[2]), o[0]))
    ]
    places: dict[int, tuple[str, set[int]]] = {}
    for ws in workspaces:
        for c in ws.contexts:
            if c.kind is ContextKind.LOCATION:
                places.setdefault(c.context_id, (c.name, set()))[1].add(ws.header.id)
    location_lines = [
        f"{name}: {_people(len(linked))} in the cohort"
        for name, linked in sorted(places.values(), key=lambda p: (-len(p[1]), p[0]))
    ]
    counts = dashboard_counts(workspaces, since)
    period = f"since {format_date(since)}" if since else "on record"
    trends = [f"Missing episodes {period}: {counts.missing_episodes}"]
    if counts.escalated or counts.de_escalated:
        trends.append(
            f"Risk escalated for {_people(counts.escalated)} and de-escalated for "
            f"{_people(counts.de_escalated)} {period}"
        )
    if counts.rhis_overdue:
        trends.append(f"Return interviews overdue: {counts.rhis_overdue}")
    flagged = Counter(f.label for ws in workspaces for f in ws.header.flags)
    for label, k in sorted(flagged.items(), key=lambda kv: (-kv[1], kv[0])):
        if k >= 2:
            trends.append(f"{label}: {_people(k)}")
    return VoltThemes(tuple(victims), tuple(offender_lines), tuple(location_lines), tuple(trends))


# ---------------------------------------------------------------------------------------------
# Redaction for a wider audience
# ---------------------------------------------------------------------------------------------

_PREFERRED = re.compile(r"\s*\(([^)]*)\)\s*$")


def names_of(display: str) -> tuple[str, str, str | None]:
    """(first, last, preferred) read back from a display name like "Jade Carter (Jay)"."""
    m = _PREFERRED.search(display)
    preferred = m.group(1).strip() if m else None
    words = _PREFERRED.sub("", display).split()
    if not words:
        return "", "", preferred
    return words[0], " ".join(words[1:]), preferred


@dataclass(frozen=True, slots=True)
class PersonName:
    """A young person's names, to be replaced by their initials in wider-audience text."""

    first: str
    last: str
    preferred: str | None = None

    @property
    def initials(self) -> str:
        return initials(self.first, self.last)


class NameScrubber:
    """Replaces whole-word mentions of young people's names (full name, then each part, then the
    preferred name) by their initials; case-insensitive, so "JADE" and "jade" go too."""

    def __init__(self, names: Iterable[PersonName], keep: Iterable[str] = ()) -> None:
        """``keep``: professionals' full names (workers, chair, attendees) left as written even
        when they share a word with a young person's name ("Francis White" stays whole though
        a restricted young person is called White); a name that is also a young person's full
        name is not kept."""
        table: dict[str, str] = {}
        for n in names:
            if not (n.first.strip() or n.last.strip()):
                continue
            full = f"{n.first} {n.last}".strip()
            for variant in (full, n.first, n.last, *(n.last.split()), n.preferred or ""):
                variant = " ".join(variant.split())
                if len(variant) >= 2 and variant.casefold() not in table:
                    table[variant.casefold()] = n.initials
        kept = {
            " ".join(k.split()).casefold()
            for k in keep
            if len(k.split()) >= 2 and " ".join(k.split()).casefold() not in table
        }
        for k in kept:
            table[k] = ""  # matched to be left alone: see __call__
        self._kept = kept
        self._table = table
        words = sorted(table, key=len, reverse=True)  # the full name before its parts
        self._pattern = (
            re.compile(
                r"(?<![\w])("
                + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
                + r")(?![\w])(\.)?",  # a full stop after the name: the initials' own
                re.IGNORECASE,
            )
            if words
            else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text

        def replace_match(m: re.Match[str]) -> str:
            key = " ".join(m.group(1).split()).casefold()
            if key in self._kept:
                return m.group(0)
            return self._table[key]

        return self._pattern.sub(replace_match, text)

    def opt(self, text: str | None) -> str | None:
        return None if text is None else self(text)


def conditional_included(options: PackOptions, member: CohortMember | None) -> bool:
    """C-coded intelligence goes in when the options say so or the chair included it for them."""
    return options.include_conditional or bool(member and member.include_conditional_intelligence)


def redact_workspace(
    ws: PersonWorkspace,
    options: PackOptions,
    *,
    names: Iterable[PersonName] = (),
    initials_only: bool = False,
    include_conditional: bool | None = None,
    hidden: Iterable[PersonName] = (),
    keep: Iterable[str] = (),
) -> PersonWorkspace:
    """The workspace as a pack prints it.

    Always: intelligence with handling code C (associates and contexts) left out unless
    `include_conditional` (default: the options') says otherwise, and the `hidden` names (young
    people the document shows by initials, e.g. restricted ones) replaced by initials in every
    free text. For a wider audience, or `initials_only` (a restricted record the printing user
    is not on the access list of): the young person by initials, no date of birth (age kept),
    no preferred name or postcodes, every other young person named by initials, and every free
    text (chronology description and analysis, rationale, the young person's words, contacts,
    missing notes, return interview disclosures, plan, intelligence, disruption, flag
    explanations) with the young person's names (and the `names` given: e.g. the rest of the
    cohort) replaced by initials.
    """
    keep_c = options.include_conditional if include_conditional is None else include_conditional
    ws = replace(
        ws,
        associates=tuple(
            a for a in ws.associates if keep_c or a.handling_code is not HandlingCode.CONDITIONS
        ),
        contexts=tuple(
            c for c in ws.contexts if keep_c or c.handling_code is not HandlingCode.CONDITIONS
        ),
    )
    hidden = list(hidden)
    if not (options.wider_audience or initials_only):
        return scrub_workspace_text(ws, NameScrubber(hidden, keep)) if hidden else ws
    h = ws.header
    first, last, preferred = names_of(h.display_name)
    own = PersonName(first, last, h.preferred_name or preferred)
    shared = {
        s.display_name
        for group in (*(a.others for a in ws.associates), *(c.others for c in ws.contexts))
        for s in group
        if not _is_initials(s.display_name)
    }
    seen = [PersonName(*names_of(d)) for d in sorted(shared)]
    ws = scrub_workspace_text(ws, NameScrubber([own, *names, *hidden, *seen], keep))

    def others(items: tuple[SharedWith, ...]) -> tuple[SharedWith, ...]:
        return tuple(
            replace(
                s,
                display_name=s.display_name
                if _is_initials(s.display_name)
                else PersonName(*names_of(s.display_name)[:2]).initials,
            )
            for s in items
        )

    return replace(
        ws,
        header=replace(
            ws.header,
            display_name=h.display_name if _is_initials(h.display_name) else own.initials,
            preferred_name=None,
            date_of_birth=None,
            home_postcode=None,
        ),
        placements=tuple(
            replace(p, home_postcode=None, placement_postcode=None) for p in ws.placements
        ),
        associates=tuple(replace(a, others=others(a.others)) for a in ws.associates),
        contexts=tuple(replace(c, others=others(c.others)) for c in ws.contexts),
    )


def scrub_workspace_text(ws: PersonWorkspace, scrub: NameScrubber) -> PersonWorkspace:
    """Every free text of the workspace passed through `scrub` (names become initials)."""

    def flags(items: tuple[Flag, ...]) -> tuple[Flag, ...]:
        return tuple(replace(f, explanation=scrub(f.explanation)) for f in items)

    return replace(
        ws,
        header=replace(ws.header, flags=flags(ws.header.flags), plan=scrub(ws.header.plan)),
        chronology=tuple(
            replace(
                c,
                description=scrub(c.description),
                analysis=scrub.opt(c.analysis),
                source=scrub(c.source),
            )
            for c in ws.chronology
        ),
        assessments=tuple(
            replace(
                a,
                rationale=scrub(a.rationale),
                young_person_words=scrub(a.young_person_words),
                override_reason=scrub.opt(a.override_reason),
            )
            for a in ws.assessments
        ),
        contacts=tuple(
            replace(
                c,
                summary=scrub(c.summary),
                young_person_said=scrub(c.young_person_said),
                location=scrub(c.location),
            )
            for c in ws.contacts
        ),
        placement_flags=flags(ws.placement_flags),
        missing=tuple(
            replace(
                m,
                notes=scrub(m.notes),
                where_found=scrub(m.where_found),
                found_with=scrub(m.found_with),
                rhi=replace(m.rhi, key_disclosures=scrub(m.rhi.key_disclosures)),
            )
            for m in ws.missing
        ),
        missing_flags=flags(ws.missing_flags),
        associates=tuple(replace(a, intelligence=scrub(a.intelligence)) for a in ws.associates),
        contexts=tuple(
            replace(c, notes=scrub(c.notes), description=scrub(c.description)) for c in ws.contexts
        ),
        disruption=tuple(
            replace(d, outcome=scrub(d.outcome), target=scrub(d.target)) for d in ws.disruption
        ),
    )


_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+$")


def _is_initials(name: str) -> bool:
    return bool(_INITIALS.match(name.strip())) or name.strip() == "?"


def professional_names(
    workspaces: Iterable[PersonWorkspace], meeting: MeetingDetail | None = None
) -> tuple[str, ...]:
    """The professionals a pack names (workers, assessors, authors, chair, attendees): kept
    whole when restricted young people's names are scrubbed from free text."""
    found: set[str] = set()
    for ws in workspaces:
        h = ws.header
        found.update((h.social_worker, h.key_person))
        found.update(a.assessor for a in ws.assessments)
        found.update(c.worker for c in ws.contacts)
        found.update(c.author for c in ws.chronology)
    if meeting is not None:
        found.add(meeting.chair)
        found.update(a.name for a in meeting.attendees)
    return tuple(sorted(n for n in found if n and len(n.split()) >= 2))
