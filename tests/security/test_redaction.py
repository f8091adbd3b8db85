"""Dates of birth and restricted young people's names never reach a document that shows that
young person by initials: every spelling of the date of birth, in every free-text field."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from sqlalchemy import select

from desktop.data.database import Database
from desktop.data.tables import (
    Action,
    ActionUpdate,
    Associate,
    AssociateLink,
    ChronologyEntry,
    Contact,
    Context,
    ContextLink,
    DisruptionActivity,
    ManualFlag,
    MeetingCohort,
    MissingEpisode,
    ReturnInterview,
    RiskAssessment,
    YoungPerson,
)
from desktop.domain.meetings import PackOptions
from desktop.domain.redaction import DOB_WITHHELD, dob_pattern, dob_scrubber
from desktop.services.meetings import MeetingService
from tests.services.test_access_matrix_meetings import NOW, world

DOB = date(2014, 4, 13)

#: How people type a date of birth in free text: each must go.
TYPED = [
    "13/04/2014",
    "13/4/14",
    "13.4.14",
    "13-04-2014",
    "2014-04-13",
    "2014/4/13",
    "13 April 2014",
    "13th April 2014",
    "13 Apr 2014",
    "13 Apr. 2014",
    "13-Apr-14",
    "13 APRIL 2014",
    "13 April '14",
    "13th of April",
    "13th April",
    "April 13th",
    "April 13 2014",
    "April 13th, 2014",
    "Apr 13, 2014",
    "April the 13th",
    "13/04",
    "13 / 04 / 2014",
]

#: Other dates and numbers that must stay as written.
KEPT = [
    "13/04/2015",
    "13.4.2015",
    "13/05/2014",
    "2014-04-14",
    "113/04/2014",
    "3/4/14",
    "April 130",
    "item 13.4",
    "13 April 2015",
    "April 13 2015",
]


@pytest.mark.parametrize("typed", TYPED)
def test_every_spelling_of_the_date_of_birth_is_withheld(typed: str) -> None:
    scrub = dob_scrubber([DOB])
    text = f"Jade (born {typed}) said she was fine."
    assert scrub(text) == f"Jade (born {DOB_WITHHELD}) said she was fine."


@pytest.mark.parametrize("kept", KEPT)
def test_other_dates_and_numbers_are_kept(kept: str) -> None:
    pattern = dob_pattern([DOB])
    assert pattern is not None and pattern.search(f"On {kept} she said") is None


def test_single_digit_day_and_month() -> None:
    scrub = dob_scrubber([date(2011, 3, 5)])
    for typed in ("5/3/11", "05/03/2011", "5th March 2011", "March 5th", "5 Mar 11", "2011-03-05"):
        assert scrub(f"born {typed}.") == f"born {DOB_WITHHELD}.", typed
    assert scrub("55/3/11 and 15/03/2011") == "55/3/11 and 15/03/2011"


def test_no_date_of_birth_no_change() -> None:
    assert dob_pattern([]) is None
    assert dob_scrubber([])("13/04/2014") == "13/04/2014"


# ---------------------------------------------------------------------------------------------
# Packs and summaries built by the services, read back from the PDF
# ---------------------------------------------------------------------------------------------

#: The restricted young person of the access-matrix world (Rae Hidden, born 5 Apr 2010) by
#: every name she goes by, and her date of birth as people type it.
RAE_NAMES = ("Rae Hidden", "Rae", "Hidden", "Bunny")
RAE_DOB = ("05/04/2010", "5/4/10", "5.4.10", "2010-04-05", "5 April 2010", "5th April 2010",
           "5 Apr 2010", "April 5th", "April 5 2010", "05/04")  # fmt: skip
#: The normal young person (Nia Open, born 3 Feb 2011): her date of birth as people type it.
NIA_DOB = ("03/02/2011", "3/2/11", "3.2.11", "03-02-2011", "2011-02-03", "3 February 2011",
           "3rd February 2011", "3 Feb 2011", "February 3rd", "February 3 2011", "03/02")  # fmt: skip


def _pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _found(text: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w/.\-]){re.escape(w)}(?![\w/]|\.\d)", text)]


def _free_text_rows(s: Any, yp_id: int, meeting_id: int, worker: int | None) -> dict[str, Any]:
    """One row of every kind that prints free text about the young person, all neutral."""
    at = datetime(2026, 11, 10, 10, tzinfo=UTC)
    yp = s.get(YoungPerson, yp_id)
    chron = ChronologyEntry(
        young_person_id=yp_id, event_date=date(2026, 11, 1), category="police",
        source_agency="Police", source_person="PC Jones", description="Neutral.", analysis="Neutral.",
        significant=True, author_id=worker,
    )  # fmt: skip
    contact = Contact(
        young_person_id=yp_id, worker_id=worker, occurred_at=at, duration_minutes=30,
        kind="face_to_face", initiated_by="worker", location="Neutral", with_whom="young_person",
        summary="Neutral.", young_person_said="Neutral.", significant=False, recorded_at=at,
    )  # fmt: skip
    found = MissingEpisode(
        young_person_id=yp_id, kind="M", started_at=at - timedelta(days=3),
        ended_at=at - timedelta(days=2), reported_by="Carer", where_found="Neutral",
        found_with="Neutral", notes="Neutral.", recorded_at=at,
    )  # fmt: skip
    declined = MissingEpisode(
        young_person_id=yp_id, kind="A", started_at=at - timedelta(days=6),
        ended_at=at - timedelta(days=5), reported_by="Carer", where_found="", found_with="",
        notes="", recorded_at=at,
    )  # fmt: skip
    assoc = Associate(name="Adult of concern", aliases="", description="")
    ctx = Context(kind="location", name="Bus station", description="Neutral.", postcode=None)
    s.add_all([chron, contact, found, declined, assoc, ctx])
    s.flush()
    rhi = ReturnInterview(
        episode_id=found.id, completed_at=at, completed_by="RHI worker", key_disclosures="Neutral."
    )
    refused = ReturnInterview(
        episode_id=declined.id, accepted=False, declined_reason="Neutral.", completed_by="",
        key_disclosures="",
    )  # fmt: skip
    link = AssociateLink(
        associate_id=assoc.id, young_person_id=yp_id, role="associate", source_grade="2",
        intelligence_grade="B", handling_code="P", intelligence="Neutral.",
    )  # fmt: skip
    clink = ContextLink(
        context_id=ctx.id, young_person_id=yp_id, notes="Neutral.", handling_code="P"
    )
    disruption = DisruptionActivity(
        young_person_id=yp_id, tactic="Neutral", activity_date=date(2026, 11, 2), agency="Police",
        target="Neutral", outcome="Neutral.",
    )  # fmt: skip
    flag = ManualFlag(young_person_id=yp_id, label="Worry", reason="Neutral.", raised_at=at)
    action = s.scalars(
        select(Action).where(Action.young_person_id == yp_id, Action.meeting_id == meeting_id)
    ).first()
    s.add_all([rhi, refused, link, clink, disruption, flag])
    s.flush()
    update = ActionUpdate(action_id=action.id, author="Pat Lee", note="Neutral.")
    s.add(update)
    s.flush()
    assessment = s.scalars(
        select(RiskAssessment).where(RiskAssessment.young_person_id == yp_id)
    ).first()
    cohort = s.scalars(
        select(MeetingCohort).where(
            MeetingCohort.young_person_id == yp_id, MeetingCohort.meeting_id == meeting_id
        )
    ).one()
    return {
        "plan": (yp, "plan"),
        "chronology description": (chron, "description"),
        "chronology analysis": (chron, "analysis"),
        "contact summary": (contact, "summary"),
        "contact: what the young person said": (contact, "young_person_said"),
        "contact location": (contact, "location"),
        "assessment rationale": (assessment, "rationale"),
        "assessment: the young person's words": (assessment, "young_person_words"),
        "missing: where found": (found, "where_found"),
        "missing: found with": (found, "found_with"),
        "missing notes": (found, "notes"),
        "return interview disclosures": (rhi, "key_disclosures"),
        "return interview declined reason": (refused, "declined_reason"),
        "associate intelligence": (link, "intelligence"),
        "context description": (ctx, "description"),
        "context notes": (clink, "notes"),
        "disruption outcome": (disruption, "outcome"),
        "disruption target": (disruption, "target"),
        "disruption tactic": (disruption, "tactic"),
        "flag reason": (flag, "reason"),
        "action description": (action, "description"),
        "action update": (update, "note"),
        "reason for discussion": (cohort, "reason"),
        "decision": (cohort, "decision"),
    }


FIELDS = [
    "plan", "chronology description", "chronology analysis", "contact summary",
    "contact: what the young person said", "contact location", "assessment rationale",
    "assessment: the young person's words", "missing: where found", "missing: found with",
    "missing notes", "return interview disclosures", "return interview declined reason",
    "associate intelligence", "context description", "context notes", "disruption outcome",
    "disruption target", "disruption tactic", "flag reason", "action description",
    "action update", "reason for discussion", "decision",
]  # fmt: skip


def _put(db: Database, world: dict[str, Any], key: str, field: str, text: str) -> None:
    with db.begin() as s:
        s.get(YoungPerson, world["ids"]["restricted"]).preferred_name = "Bunny"
        rows = _free_text_rows(s, world["ids"][key], world["meeting"], None)
        obj, column = rows[field]
        setattr(obj, column, text)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("key", ["restricted", "normal"])
def test_a_restricted_young_persons_names_and_dob_never_reach_a_normal_pack(
    sqlite_db: Database,
    tmp_path: Path,
    field: str,
    key: str,
) -> None:
    """The chair sees Rae by initials: her names and date of birth, typed into any free-text
    field of her own record or of another young person's in the meeting, are not printed."""
    db = sqlite_db
    w = _world(db)
    text = f"{' and '.join(RAE_NAMES)} said so; Rae Hidden was born {', '.join(RAE_DOB)}."
    _put(db, w, key, field, text)
    out = tmp_path / "files" / "pack.pdf"
    out.parent.mkdir()
    MeetingService(db, clock=lambda: NOW).write_pack(
        w["actors"]["chair"], w["meeting"], PackOptions(wider_audience=False), out
    )
    printed = _pdf_text(out)
    assert "R.H." in printed
    assert _found(printed, RAE_NAMES) == []
    assert _found(printed, RAE_DOB) == []


@pytest.mark.parametrize("kind", ["pack", "summary"])
def test_wider_audience_documents_print_no_date_of_birth_typed_in_free_text(
    db: Database,
    tmp_path: Path,
    kind: str,
) -> None:
    w = _world(db)
    text = f"Nia was born on {', '.join(NIA_DOB)}."
    for field in ("plan", "chronology description", "contact: what the young person said",
                  "action description", "decision"):  # fmt: skip
        _put(db, w, "normal", field, text)
    out = tmp_path / "files" / f"{kind}.pdf"
    out.parent.mkdir()
    svc, chair, wider = (
        MeetingService(db, clock=lambda: NOW),
        w["actors"]["chair"],
        PackOptions(wider_audience=True),
    )
    if kind == "pack":
        svc.write_pack(chair, w["meeting"], wider, out)
    else:
        svc.write_summary(chair, w["ids"]["normal"], wider, out)
    printed = _pdf_text(out)
    assert "[date of birth withheld]" in printed
    assert _found(printed, NIA_DOB) == []
    assert _found(printed, ("Nia", "Nia Open")) == []


def _world(db: Database) -> dict[str, Any]:
    return world.__wrapped__(db)  # type: ignore[attr-defined]
