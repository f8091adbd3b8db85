"""The caseload use case: who this user may list, with every flag computed by the domain rules."""

from __future__ import annotations

import csv
from collections.abc import Collection, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

from desktop.data.database import Database
from desktop.data.repositories.caseload import CaseloadInputs, PersonRow, load_caseload_inputs
from desktop.data.repositories.settings import load_thresholds
from desktop.domain.access import caseload_scope, display_name
from desktop.domain.contacts import days_since_contact
from desktop.domain.dates import age_on
from desktop.domain.enums import AuditAction, FlagCode, Involvement
from desktop.domain.flags import compute_flags
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.records import CaseloadRow, Flag, PlacementEpisodeRecord
from desktop.domain.risk import review_due_for, trajectory
from desktop.domain.thresholds import Thresholds
from desktop.services import audit
from desktop.services.actor import Actor
from desktop.services.clock import Clock, system_clock, uk_date
from desktop.services.csvutil import safe_cells
from desktop.services.errors import PermissionDenied, ServiceError
from desktop.services.progress import NullProgress, Progress

CSV_HEADER = (
    "Name",
    "Age",
    "Date of birth",
    "Risk category",
    "Risk score",
    "Trend",
    "Involvement",
    "Legal status",
    "Social worker",
    "Key person",
    "Team",
    "Days since key-person contact",
    "Risk review due",
    "Flags",
)


class CaseloadService:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = system_clock,
        postcodes: PostcodeDirectory | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._postcodes = postcodes

    def load(self, actor: Actor, progress: Progress | None = None) -> list[CaseloadRow]:
        """Every young person the actor may list, ordered by name."""
        progress = progress or NullProgress()
        scope = caseload_scope(actor.role, actor.user_id, actor.team_id)
        if scope is None:
            self._deny(actor, "caseload")
        now = self._clock()
        today = uk_date(now)
        progress.report(0, 0, "Loading caseload")
        with self._db.begin() as session:
            thresholds = load_thresholds(session)
            inputs = load_caseload_inputs(session, scope, today)
        total = len(inputs.people)
        rows: list[CaseloadRow] = []
        for n, person in enumerate(inputs.people, 1):
            rows.append(self._row(person, inputs, now, thresholds, actor.break_glass))
            if n % 2000 == 0:
                progress.report(n, total, "Working out flags")
        progress.report(total, total, "Caseload loaded")
        return rows

    def rows(self, actor: Actor, young_person_ids: Collection[int]) -> list[CaseloadRow]:
        """The caseload rows of these young people that the actor may list (same rules as
        ``load``); an id missing from the result is no longer on this user's caseload."""
        scope = caseload_scope(actor.role, actor.user_id, actor.team_id)
        if scope is None:
            self._deny(actor, "caseload")
        if not young_person_ids:
            return []
        now = self._clock()
        with self._db.begin() as session:
            thresholds = load_thresholds(session)
            inputs = load_caseload_inputs(session, scope, uk_date(now), young_person_ids)
        return [self._row(p, inputs, now, thresholds, actor.break_glass) for p in inputs.people]

    def export_csv(self, actor: Actor, path: Path, progress: Progress | None = None) -> int:
        """Write the caseload as CSV (audited with the young people it names); returns rows."""
        rows = self.load(actor, progress)
        target = Path(path)
        try:
            tmp = target.with_name(target.name + ".part")
            with tmp.open("w", newline="", encoding="utf-8-sig") as fh:
                writer = csv.writer(fh)
                writer.writerow(CSV_HEADER)
                writer.writerows(csv_cells(row) for row in rows)
            tmp.replace(target)
        except OSError as exc:
            raise ServiceError(f"Cannot write {target}: {exc.strerror or exc}") from None
        with self._db.begin() as session:
            audit.record(
                session,
                actor,
                AuditAction.EXPORT,
                object_kind="caseload_csv",
                detail={"file": target.name, "young_people": [r.id for r in rows]},
            )
        return len(rows)

    def _deny(self, actor: Actor, surface: str) -> NoReturn:
        with self._db.begin() as session:
            audit.record(session, actor, AuditAction.PERMISSION_DENIED, detail={"surface": surface})
        raise PermissionDenied(f"A {actor.role.label.lower()} cannot see the caseload")

    def _row(
        self,
        p: PersonRow,
        inputs: CaseloadInputs,
        now: datetime,
        thresholds: Thresholds,
        break_glass: frozenset[int],
    ) -> CaseloadRow:
        today = uk_date(now)
        assessments = inputs.assessments.get(p.id, [])
        episodes = inputs.placements.get(p.id, [])
        contact = inputs.last_contact.get(p.id)
        contacts = [contact] if contact else []
        steps = trajectory(assessments)  # once: current risk, trend and review due share it
        current, trend = steps[-1] if steps else (None, None)
        flags = compute_flags(
            today=today,
            dob=p.date_of_birth,
            assessments=assessments,
            placements=episodes,
            missing=inputs.missing.get(p.id, []),
            contacts=contacts,
            postcodes=self._postcodes,
            responsible_la=p.responsible_la_code,
            contact_target_days=p.contact_target_days,
            thresholds=thresholds,
            now=now,
        )
        manual = tuple(
            Flag(FlagCode.MANUAL, label, reason)
            for label, reason in inputs.manual_flags.get(p.id, [])
        )
        has_access = p.has_access or p.id in break_glass
        visible = not p.restricted or has_access
        return CaseloadRow(
            id=p.id,
            display_name=display_name(
                p.first_name,
                p.last_name,
                p.preferred_name,
                restricted=p.restricted,
                has_access=has_access,
            ),
            restricted=p.restricted,
            date_of_birth=p.date_of_birth if visible else None,
            age=age_on(p.date_of_birth, today),
            involvement=Involvement(p.involvement) if p.involvement else None,
            legal_status_code=_current_legal_status(episodes, today),
            risk_category=current.category if current else None,
            risk_score=current.score if current else None,
            trend=trend,
            social_worker=p.social_worker,
            key_person=p.key_person,
            team=p.team,
            days_since_contact=days_since_contact(contacts, today),
            review_due=review_due_for(steps, thresholds),
            flags=flags + manual,
        )


def _current_legal_status(episodes: Sequence[PlacementEpisodeRecord], today: date) -> str | None:
    for ep in reversed(episodes):
        if ep.decom <= today and (ep.dec is None or ep.dec > today):
            return ep.ls
    return None


def csv_cells(row: CaseloadRow) -> list[str]:
    return safe_cells(
        (
            row.display_name,
            row.age,
            row.date_of_birth.isoformat() if row.date_of_birth else "",
            row.risk_category.label if row.risk_category else "Not assessed",
            row.risk_score,
            row.trend.value.replace("_", "-") if row.trend else "",
            row.involvement.value if row.involvement else "",
            row.legal_status_code,
            row.social_worker,
            row.key_person,
            row.team,
            "" if row.days_since_contact is None else row.days_since_contact,
            row.review_due.isoformat() if row.review_due else "",
            "; ".join(f.label for f in row.flags),
        )
    )
