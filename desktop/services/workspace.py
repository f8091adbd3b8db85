"""Build a PersonWorkspace from one young person's stored rows, every value decided by the rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from desktop.data.repositories.caseload import MISSING_LOOKBACK_DAYS
from desktop.domain import placements as pl
from desktop.domain.access import Access, AccessFacts, display_name, person_access
from desktop.domain.actor import Actor
from desktop.domain.chronology import build_chronology
from desktop.domain.dates import age_on, is_out_of_hours
from desktop.domain.enums import (
    AssociateRole,
    ContactKind,
    ContactWith,
    ContextKind,
    FlagCode,
    HandlingCode,
    InstrumentKind,
    Involvement,
    MissingKind,
    PoliceRiskGrade,
    RiskCategory,
    Trend,
)
from desktop.domain.flags import compute_flags
from desktop.domain.missing import rhi_due, rhi_overdue
from desktop.domain.person_record import (
    AssessmentRow,
    AssociateRow,
    ContactRow,
    ContextRow,
    MissingRow,
    OtherPerson,
    PersonInputs,
    PlacementRow,
)
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.records import (
    AssessmentRecord,
    ContactRecord,
    Flag,
    Instrument,
    InstrumentBand,
    MissingEpisodeRecord,
    PlacementEpisodeRecord,
)
from desktop.domain.risk import review_due_for, seraf_instrument, trajectory
from desktop.domain.ssda903 import (
    LS_DESCRIPTIONS,
    PLACE_DESCRIPTIONS,
    REASON_PLACE_CHANGE_DESCRIPTIONS,
    REC_DESCRIPTIONS,
    RNE_DESCRIPTIONS,
)
from desktop.domain.thresholds import Thresholds
from desktop.domain.workspace import (
    AssessmentView,
    AssociateView,
    ChronologyItem,
    ContactView,
    ContextView,
    MissingView,
    PersonHeader,
    PersonWorkspace,
    PlacementView,
    ReturnInterviewView,
    SharedWith,
)
from desktop.domain.workspace_rules import contact_summary, episode_distance, risk_series
from desktop.services.clock import uk_date

#: The header's flags that the placements and missing tabs repeat.
PLACEMENT_FLAGS = frozenset(
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
MISSING_FLAGS = frozenset(
    {FlagCode.CURRENTLY_MISSING, FlagCode.REPEAT_MISSING, FlagCode.RHI_OVERDUE}
)


def build_workspace(
    inputs: PersonInputs,
    actor: Actor,
    now: datetime,
    thresholds: Thresholds,
    postcodes: PostcodeDirectory | None,
) -> PersonWorkspace:
    """The workspace of one young person the actor may open in full (every rule applied)."""
    p = inputs.person
    today = uk_date(now)
    records = [_assessment_record(a) for a in inputs.assessments]
    steps = trajectory(records)
    trends = {a.id: t for a, t in steps}
    current, trend = steps[-1] if steps else (None, None)
    superseded_by = {
        a.supersedes_id: a.id
        for a in inputs.assessments
        if a.supersedes_id is not None and a.confirmed_at is not None
    }
    assessments = tuple(
        _assessment_view(a, trends.get(a.id), superseded_by.get(a.id))
        for a in reversed(inputs.assessments)
    )

    episodes = [_episode_record(e) for e in inputs.placements]
    starts = {pl_.episodes[0].id for pl_ in pl.placements(episodes, thresholds)}
    placements = tuple(
        _placement_view(e, e.id in starts, p.responsible_la_code, postcodes)
        for e in reversed(inputs.placements)
    )

    missing_records = [_missing_record(m) for m in inputs.missing]
    missing = tuple(
        _missing_view(m, r, now, thresholds)
        for m, r in zip(reversed(inputs.missing), reversed(missing_records), strict=True)
    )

    contact_records = [
        ContactRecord(c.id, c.occurred_at, ContactKind(c.kind), c.duration_minutes)
        for c in inputs.contacts
    ]
    contacts = tuple(_contact_view(c) for c in reversed(inputs.contacts))

    target = (
        thresholds.contact_target_days if p.contact_target_days is None else p.contact_target_days
    )
    flags = compute_flags(
        today=today,
        dob=p.date_of_birth,
        assessments=records,
        placements=episodes,
        missing=_flag_window(missing_records, today),
        contacts=contact_records,
        postcodes=postcodes,
        responsible_la=p.responsible_la_code,
        contact_target_days=p.contact_target_days,
        thresholds=thresholds,
        now=now,
        presorted=True,
    ) + tuple(Flag(FlagCode.MANUAL, label, reason) for label, reason in inputs.manual_flags)

    current_row = next((a for a in inputs.assessments if current and a.id == current.id), None)
    legal = _current_legal_status(inputs.placements, today)
    header = PersonHeader(
        id=p.id,
        reference=p.reference,
        display_name=display_name(
            p.first_name, p.last_name, p.preferred_name, restricted=p.restricted, has_access=True
        ),
        preferred_name=p.preferred_name,
        restricted=p.restricted,
        date_of_birth=p.date_of_birth,
        age=age_on(p.date_of_birth, today) if p.date_of_birth <= today else None,
        gender=p.gender,
        ethnicity=p.ethnicity,
        involvement=Involvement(p.involvement) if p.involvement else None,
        legal_status_code=legal,
        legal_status_label=_code_label(LS_DESCRIPTIONS, legal),
        school=p.school,
        home_postcode=p.home_postcode,
        team=p.team,
        social_worker=p.social_worker,
        key_person=p.key_person,
        risk_category=current.category if current else None,
        risk_score=current.score if current else None,
        risk_band_label=current_row.band_label if current_row else None,
        trend=trend,
        review_due=review_due_for(steps, thresholds),
        contact_target_days=target,
        flags=flags,
        plan=p.plan,
        version=p.version,
    )
    chronology: tuple[ChronologyItem, ...] = build_chronology(
        dob=p.date_of_birth,
        entries=inputs.entries,
        assessments=assessments,
        placements=placements,
        missing=missing,
        meetings=inputs.meetings,
        contacts=contacts,
    )
    return PersonWorkspace(
        access=Access.FULL,
        header=header,
        chronology=chronology,
        assessments=assessments,
        series=risk_series(
            assessments=records,
            bands=_default_bands(inputs.instruments),
            missing=missing_records,
            episodes=episodes,
            contacts=contact_records,
            today=today,
            thresholds=thresholds,
        ),
        contacts=contacts,
        contact_summary=contact_summary(contact_records, today, target),
        placements=placements,
        placement_flags=tuple(f for f in flags if f.code in PLACEMENT_FLAGS),
        missing=missing,
        missing_flags=tuple(f for f in flags if f.code in MISSING_FLAGS),
        associates=tuple(_associate_view(a, actor) for a in inputs.associates),
        contexts=tuple(_context_view(c, actor) for c in inputs.contexts),
        disruption=inputs.disruption,
        instruments=inputs.instruments,
        loaded_at=now,
    )


def _flag_window(
    missing: Sequence[MissingEpisodeRecord], today: date
) -> list[MissingEpisodeRecord]:
    """The missing episodes the caseload's flags read (same lookback), so the header's flags
    are exactly the caseload row's."""
    since = datetime.combine(today - timedelta(days=MISSING_LOOKBACK_DAYS), time(), tzinfo=UTC)
    return [m for m in missing if m.started_at >= since or m.ended_at is None]


def _default_bands(instruments: Sequence[Instrument]) -> tuple[InstrumentBand, ...]:
    """Bands of the default scored instrument (SERAF-style), for the chart's background."""
    scored = [i for i in instruments if i.kind == InstrumentKind.SCORED.value]
    chosen = next((i for i in scored if i.code == "seraf"), scored[0] if scored else None)
    return (chosen or seraf_instrument()).bands


def _category(row: AssessmentRow) -> RiskCategory:
    return RiskCategory.from_code(row.override_category or row.computed_category)


def _assessment_record(a: AssessmentRow) -> AssessmentRecord:
    return AssessmentRecord(
        id=a.id,
        assessed_on=a.assessed_on,
        category=_category(a),
        score=a.total_score,
        confirmed=a.confirmed_at is not None,
        supersedes_id=a.supersedes_id,
    )


def _assessment_view(
    a: AssessmentRow, trend: Trend | None, superseded_by: int | None
) -> AssessmentView:
    return AssessmentView(
        id=a.id,
        instrument_code=a.instrument_code,
        instrument_name=a.instrument_name,
        assessed_on=a.assessed_on,
        score=a.total_score,
        band_label=a.band_label,
        computed_category=RiskCategory.from_code(a.computed_category),
        category=_category(a),
        override_reason=a.override_reason,
        assessor=a.assessor,
        rationale=a.rationale,
        young_person_words=a.young_person_words,
        confirmed=a.confirmed_at is not None,
        confirmed_by=a.confirmed_by,
        confirmed_at=a.confirmed_at,
        supersedes_id=a.supersedes_id,
        superseded_by_id=superseded_by,
        recorded_at=a.recorded_at,
        trend=trend,
        answers=a.answers,
        assessor_agency=a.assessor_agency,
    )


def _episode_record(e: PlacementRow) -> PlacementEpisodeRecord:
    return PlacementEpisodeRecord(
        id=e.id,
        decom=e.decom,
        rne=e.rne,
        ls=e.ls,
        place=e.place,
        dec=e.dec,
        rec=e.rec,
        reason_place_change=e.reason_place_change,
        home_postcode=e.home_postcode,
        placement_postcode=e.placement_postcode,
        provider=e.provider or None,
        urn=e.urn,
    )


def _label(descriptions: dict[str, str], code: str) -> str:
    return descriptions.get(code.strip().upper(), "Not a recognised code")


def _code_label(descriptions: dict[str, str], code: str | None) -> str | None:
    """'C2: Full care order'; None when there is no code."""
    return None if not code else f"{code}: {_label(descriptions, code)}"


def _optional_label(descriptions: dict[str, str], code: str | None) -> str | None:
    return None if not code else _label(descriptions, code)


def _placement_view(
    e: PlacementRow,
    starts_placement: bool,
    responsible_la: str | None,
    postcodes: PostcodeDirectory | None,
) -> PlacementView:
    record = _episode_record(e)
    distance = episode_distance(e.home_postcode, e.placement_postcode, postcodes)
    return PlacementView(
        id=e.id,
        decom=e.decom,
        rne=e.rne,
        rne_label=_label(RNE_DESCRIPTIONS, e.rne),
        ls=e.ls,
        ls_label=_label(LS_DESCRIPTIONS, e.ls),
        place=e.place,
        place_label=_label(PLACE_DESCRIPTIONS, e.place),
        provider=e.provider,
        dec=e.dec,
        rec=e.rec,
        rec_label=_optional_label(REC_DESCRIPTIONS, e.rec),
        reason_place_change=e.reason_place_change,
        reason_place_change_label=_optional_label(
            REASON_PLACE_CHANGE_DESCRIPTIONS, e.reason_place_change
        ),
        home_postcode=e.home_postcode,
        placement_postcode=e.placement_postcode,
        distance_miles=distance,
        out_of_area=pl.out_of_area(e.placement_postcode, responsible_la, postcodes),
        urn=e.urn,
        counted=pl.is_counted(record),
        starts_placement=starts_placement,
        version=e.version,
    )


def _current_legal_status(episodes: Sequence[PlacementRow], today: date) -> str | None:
    """LS of the episode held today (DECOM <= today < DEC), as the caseload shows it."""
    for ep in reversed(episodes):
        if ep.decom <= today and (ep.dec is None or ep.dec > today):
            return ep.ls
    return None


def _missing_record(m: MissingRow) -> MissingEpisodeRecord:
    return MissingEpisodeRecord(
        id=m.id,
        kind=MissingKind(m.kind),
        started_at=m.started_at,
        ended_at=m.ended_at,
        police_risk_grade=PoliceRiskGrade(m.police_risk_grade) if m.police_risk_grade else None,
        rhi_completed_at=m.rhi_completed_at,
        rhi_declined_reason=m.rhi_declined_reason,
    )


def _missing_view(
    m: MissingRow, record: MissingEpisodeRecord, now: datetime, thresholds: Thresholds
) -> MissingView:
    return MissingView(
        id=m.id,
        kind=record.kind,
        started_at=m.started_at,
        ended_at=m.ended_at,
        police_risk_grade=record.police_risk_grade,
        reported_by=m.reported_by,
        where_found=m.where_found,
        found_with=m.found_with,
        notes=m.notes,
        rhi=ReturnInterviewView(
            id=m.rhi_id,
            offered_at=m.rhi_offered_at,
            accepted=m.rhi_accepted,
            declined_reason=m.rhi_declined_reason,
            completed_at=m.rhi_completed_at,
            completed_by=m.rhi_completed_by,
            key_disclosures=m.rhi_key_disclosures,
            version=m.rhi_version,
        ),
        rhi_due=rhi_due(record, thresholds),
        rhi_overdue=rhi_overdue(record, now, thresholds),
        version=m.version,
    )


def _contact_view(c: ContactRow) -> ContactView:
    kind = ContactKind(c.kind)
    return ContactView(
        id=c.id,
        occurred_at=c.occurred_at,
        kind=kind,
        duration_minutes=c.duration_minutes,
        out_of_hours=is_out_of_hours(c.occurred_at),
        successful=kind.successful,
        initiated_by=c.initiated_by,
        location=c.location,
        with_whom=ContactWith(c.with_whom),
        worker=c.worker,
        summary=c.summary,
        young_person_said=c.young_person_said,
        significant=c.significant,
        version=c.version,
        worker_agency=c.worker_agency,
    )


def _shared(others: Sequence[OtherPerson], actor: Actor) -> tuple[SharedWith, ...]:
    """Other young people named as the viewer may see them: initials for a restricted record
    unless the viewer is allocated, on its access list or has broken the glass this session."""
    shared = []
    for o in others:
        glass = o.young_person_id in actor.break_glass
        facts = AccessFacts(o.team_id, o.restricted, o.allocated, o.on_access_list)
        name = display_name(
            o.first_name,
            o.last_name,
            o.preferred_name,
            restricted=o.restricted,
            has_access=o.allocated or o.on_access_list or glass,
        )
        access = person_access(actor.role, actor.team_id, facts, break_glass=glass)
        shared.append(SharedWith(o.young_person_id, name, o.restricted, access))
    shared.sort(key=lambda s: (s.display_name.casefold(), s.young_person_id))
    return tuple(shared)


def _associate_view(a: AssociateRow, actor: Actor) -> AssociateView:
    return AssociateView(
        link_id=a.link_id,
        associate_id=a.associate_id,
        name=a.name,
        aliases=a.aliases,
        role=AssociateRole(a.role),
        source_grade=a.source_grade,
        intelligence_grade=a.intelligence_grade,
        handling_code=HandlingCode(a.handling_code),
        intelligence=a.intelligence,
        others=_shared(a.others, actor),
    )


def _context_view(c: ContextRow, actor: Actor) -> ContextView:
    return ContextView(
        link_id=c.link_id,
        context_id=c.context_id,
        kind=ContextKind(c.kind),
        name=c.name,
        description=c.description,
        postcode=c.postcode,
        notes=c.notes,
        handling_code=HandlingCode(c.handling_code),
        others=_shared(c.others, actor),
    )
