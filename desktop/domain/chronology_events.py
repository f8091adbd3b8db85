"""Chronology items derived from missing episodes, meetings and significant contacts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from desktop.domain.chronology_records import MeetingDecision, _Dated, _derived, _order, source
from desktop.domain.dates import format_date, format_datetime, local_date
from desktop.domain.enums import (
    ChronologyCategory,
    ContactKind,
    ContactWith,
    MeetingOutcome,
    MissingKind,
)
from desktop.domain.workspace import ContactView, MissingView

_MISSING_WORDS = {
    MissingKind.MISSING: "Missing (whereabouts unknown)",
    MissingKind.AWAY: "Away from placement without authorisation",
}


def missing_description(m: MissingView) -> str:
    text = f"{_MISSING_WORDS[m.kind]} from {format_datetime(m.started_at)}"
    if m.ended_at is None:
        text += ", not yet found"
    else:
        text += f" to {format_datetime(m.ended_at)}"
    if m.police_risk_grade is not None:
        text += f"; police risk: {m.police_risk_grade.value.replace('_', ' ')}"
    found = " ".join(
        part
        for part in (
            f"at {m.where_found.strip()}" if m.where_found.strip() else "",
            f"with {m.found_with.strip()}" if m.found_with.strip() else "",
        )
        if part
    )
    if found:
        text += f"; found {found}"
    return text


def _missing_items(missing: Iterable[MissingView], dob: date | None) -> Iterable[_Dated]:
    for m in missing:
        on = local_date(m.started_at)
        item = _derived(
            f"missing:{m.id}",
            on,
            ChronologyCategory.MISSING_EPISODE,
            source("Missing episode", m.reported_by and f"reported by {m.reported_by}"),
            missing_description(m),
            dob=dob,
            linked_kind="missing",
            linked_id=m.id,
            significant=True,
            end_date=None if m.ended_at is None else local_date(m.ended_at),
        )
        yield _Dated(_order("missing", on, m.started_at, m.id), item)
        rhi = m.rhi
        if rhi.completed_at is not None:
            done = local_date(rhi.completed_at)
            text = "Return home interview completed"
            if rhi.key_disclosures.strip():
                text += f"; key disclosures: {rhi.key_disclosures.strip()}"
            rhi_item = _derived(
                f"rhi:{m.id}",
                done,
                ChronologyCategory.RETURN_INTERVIEW,
                source("Return home interview", rhi.completed_by),
                text,
                dob=dob,
                linked_kind="missing",
                linked_id=m.id,
                significant=bool(rhi.key_disclosures.strip()),
                author=rhi.completed_by,
            )
            yield _Dated(_order("rhi", done, rhi.completed_at, m.id), rhi_item)


_OUTCOME_WORDS = {
    MeetingOutcome.CONTINUE: "continue under MACSE",
    MeetingOutcome.STEP_DOWN: "step down",
    MeetingOutcome.CLOSE: "close to MACSE",
}


def meeting_description(m: MeetingDecision) -> str:
    parts = [m.title.strip() or "MACSE meeting"]
    if m.category_agreed is not None:
        parts.append(f"risk category agreed: {m.category_agreed.label}")
    if m.outcome is not None:
        parts.append(f"outcome: {_OUTCOME_WORDS[m.outcome]}")
    if m.decision.strip():
        parts.append(f"decision: {m.decision.strip()}")
    if m.next_review_on is not None:
        parts.append(f"next review {format_date(m.next_review_on)}")
    return "; ".join(parts)


def _meeting_items(meetings: Iterable[MeetingDecision], dob: date | None) -> Iterable[_Dated]:
    for m in meetings:
        if not m.on_timeline:
            continue
        item = _derived(
            f"meeting:{m.cohort_id}",
            m.held_on,
            ChronologyCategory.MEETING,
            source("MACSE meeting", m.chair and f"chair {m.chair}"),
            meeting_description(m),
            dob=dob,
            linked_kind="meeting",
            linked_id=m.meeting_id,
            significant=True,
            author=m.chair,
        )
        yield _Dated(_order("meeting", m.held_on, None, m.cohort_id), item)


CONTACT_KIND_WORDS = {
    ContactKind.FACE_TO_FACE: "Face-to-face contact",
    ContactKind.PHONE: "Phone call",
    ContactKind.VIDEO: "Video call",
    ContactKind.MESSAGE: "Message",
    ContactKind.FAILED_ATTEMPT: "Failed contact attempt",
}
CONTACT_WITH_WORDS = {
    ContactWith.YOUNG_PERSON: "the young person",
    ContactWith.PARENT_CARER: "parent/carer",
    ContactWith.PROFESSIONAL: "a professional",
}


_QUOTES = "\"'“”‘’"


def contact_description(c: ContactView) -> str:
    text = f"{CONTACT_KIND_WORDS[c.kind]} with {CONTACT_WITH_WORDS[c.with_whom]}"
    if c.summary.strip():
        text += f": {c.summary.strip()}"
    said = c.young_person_said.strip().strip(_QUOTES).strip()
    if said:
        text += f'; young person said: "{said}"'
    return text


def _contact_items(contacts: Iterable[ContactView], dob: date | None) -> Iterable[_Dated]:
    for c in contacts:
        if not c.significant:
            continue
        on = local_date(c.occurred_at)
        item = _derived(
            f"contact:{c.id}",
            on,
            ChronologyCategory.KEY_PERSON_CONTACT,
            source(c.worker_agency, c.worker),
            contact_description(c),
            dob=dob,
            linked_kind="contact",
            linked_id=c.id,
            significant=True,
            author=c.worker,
        )
        yield _Dated(_order("contact", on, c.occurred_at, c.id), item)
