"""The caseload use case: who this user may list, with every flag computed by the domain rules."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NoReturn

from sqlalchemy.exc import SQLAlchemyError

from desktop.data.database import Database
from desktop.data.repositories.caseload import (
    CaseloadInputs,
    PersonRow,
    SummaryKey,
    load_caseload,
    save_summaries,
)
from desktop.data.repositories.settings import load_thresholds
from desktop.domain.access import caseload_scope, display_name
from desktop.domain.contacts import days_since_contact
from desktop.domain.dates import age_on
from desktop.domain.enums import AuditAction, FlagCode, Involvement, RiskCategory, Trend
from desktop.domain.errors import Unavailable
from desktop.domain.flags import compute_flags, flags_valid_until
from desktop.domain.postcodes import PostcodeDirectory
from desktop.domain.records import CaseloadRow, Flag, PlacementEpisodeRecord
from desktop.domain.risk import review_due_for, trajectory
from desktop.domain.thresholds import Thresholds
from desktop.services import audit
from desktop.services.actor import Actor
from desktop.services.clock import Clock, system_clock, uk_date
from desktop.services.csvutil import open_private_csv, safe_cells
from desktop.services.errors import PermissionDenied, ServiceError
from desktop.services.progress import NullProgress, Progress

log = logging.getLogger(__name__)

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


#: Bumped whenever what a caseload summary holds, or how it is worked out, changes: older
#: summaries then no longer match any basis and are worked out again.
SUMMARY_FORMAT = 1

_CATEGORIES = {c.name: c for c in RiskCategory}
_TRENDS = {t.value: t for t in Trend}
_FLAG_CODES = {c.value: c for c in FlagCode}
_INVOLVEMENTS = {i.value: i for i in Involvement}


@dataclass(frozen=True, slots=True)
class _Summary:
    """A young person's viewer-independent caseload values (what caseload_summary caches)."""

    legal_status_code: str | None
    risk_category: RiskCategory | None
    risk_score: int | None
    trend: Trend | None
    review_due: date | None
    contact_day: date | None  # UK date of the last successful contact counted for `today`
    flags: tuple[Flag, ...]  # automatic flags only: manual flags are read every time

    def payload(self) -> str:
        return json.dumps(
            [
                self.legal_status_code,
                self.risk_category.name if self.risk_category else None,
                self.risk_score,
                self.trend.value if self.trend else None,
                self.review_due.toordinal() if self.review_due else None,
                self.contact_day.toordinal() if self.contact_day else None,
                [[f.code.value, f.label, f.explanation] for f in self.flags],
            ],
            separators=(",", ":"),
        )

    @staticmethod
    def parse(payload: str) -> _Summary:
        ls, category, score, trend, due, contact, flags = json.loads(payload)
        return _Summary(
            ls,
            None if category is None else _CATEGORIES[category],
            score,
            None if trend is None else _TRENDS[trend],
            None if due is None else date.fromordinal(due),
            None if contact is None else date.fromordinal(contact),
            tuple(Flag(_FLAG_CODES[code], label, why) for code, label, why in flags),
        )


class CaseloadService:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = system_clock,
        postcodes: PostcodeDirectory | None = None,
        summaries: bool = True,
    ) -> None:
        """`summaries=False` works every row out from its inputs on every load and stores no
        caseload summary (the reference the cached path is tested against)."""
        self._db = db
        self._clock = clock
        self._postcodes = postcodes
        self._summaries = summaries
        self._bases: dict[Thresholds, str] = {}
        #: The last load's summaries by their stored JSON: a later load reading the same JSON
        #: (the usual case) skips parsing it; the values are immutable.
        self._parsed: dict[str, _Summary] = {}

    def load(self, actor: Actor, progress: Progress | None = None) -> list[CaseloadRow]:
        """Every young person the actor may list, ordered by name.

        Viewer-independent values come from each young person's cached summary while it is
        good; missing, expired or out-of-date summaries are worked out again by the domain
        rules and stored (in a short transaction of their own) for the next load.
        """
        progress = progress or NullProgress()
        scope = caseload_scope(actor.role, actor.user_id, actor.team_id)
        if scope is None:
            self._deny(actor, "caseload")
        now = self._clock()
        today = uk_date(now)
        progress.report(0, 0, "Loading caseload")
        with self._db.begin() as session:
            thresholds = load_thresholds(session)
            key = SummaryKey(self._basis(thresholds), now) if self._summaries else None
            inputs = load_caseload(session, scope, today, summaries=key)
        rows = self._rows(inputs, now, thresholds, actor.break_glass, progress, keep=True)
        progress.report(len(rows), len(rows), "Caseload loaded")
        return rows

    def rows(self, actor: Actor, young_person_ids: Collection[int]) -> list[CaseloadRow]:
        """The caseload rows of these young people that the actor may list (same rules as
        ``load``); an id missing from the result is no longer on this user's caseload.

        A live refresh follows a change, so these rows are always worked out afresh (and their
        summaries stored again)."""
        scope = caseload_scope(actor.role, actor.user_id, actor.team_id)
        if scope is None:
            self._deny(actor, "caseload")
        if not young_person_ids:
            return []
        now = self._clock()
        with self._db.begin() as session:
            thresholds = load_thresholds(session)
            inputs = load_caseload(session, scope, uk_date(now), young_person_ids)
        return self._rows(inputs, now, thresholds, actor.break_glass, NullProgress())

    def _basis(self, thresholds: Thresholds) -> str:
        """Fingerprint of what the summaries depend on besides the young person's records."""
        basis = self._bases.get(thresholds)
        if basis is None:
            size = -1 if self._postcodes is None else len(self._postcodes)
            key = f"{SUMMARY_FORMAT}|{thresholds!r}|postcodes:{size}"
            basis = self._bases[thresholds] = hashlib.sha256(key.encode()).hexdigest()[:32]
        return basis

    def _rows(
        self,
        inputs: CaseloadInputs,
        now: datetime,
        thresholds: Thresholds,
        break_glass: frozenset[int],
        progress: Progress,
        *,
        keep: bool = False,
    ) -> list[CaseloadRow]:
        """Rows from good summaries or worked out afresh (and then stored); `keep` remembers
        this caseload's parsed summaries for the next load."""
        today = uk_date(now)
        total = len(inputs.people)
        rows: list[CaseloadRow] = []
        fresh: list[dict[str, object]] = []
        basis = self._basis(thresholds) if self._summaries else ""
        manual_flags = inputs.manual_flags
        parsed, kept = self._parsed, {}
        for n, p in enumerate(inputs.people, 1):
            if p.summary is not None:
                summary = parsed.get(p.summary) or _Summary.parse(p.summary)
                kept[p.summary] = summary
            else:
                summary = self._summary(p, inputs, now, today, thresholds)
                if self._summaries:
                    missing = inputs.missing.get(p.id, ())
                    payload = summary.payload()
                    kept[payload] = summary
                    fresh.append(
                        {
                            "young_person_id": p.id,
                            "basis": basis,
                            "valid_until": flags_valid_until(today, now, missing, thresholds),
                            "computed_at": now,
                            "payload": payload,
                        }
                    )
            if n % 2000 == 0:
                progress.report(n, total, "Working out flags")
            flags = summary.flags
            manual = manual_flags.get(p.id)
            if manual:
                flags += tuple(Flag(FlagCode.MANUAL, label, reason) for label, reason in manual)
            has_access = p.has_access or p.id in break_glass
            visible = not p.restricted or has_access
            contact_day = summary.contact_day
            rows.append(
                CaseloadRow(
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
                    involvement=_INVOLVEMENTS[p.involvement] if p.involvement else None,
                    legal_status_code=summary.legal_status_code,
                    risk_category=summary.risk_category,
                    risk_score=summary.risk_score,
                    trend=summary.trend,
                    social_worker=p.social_worker,
                    key_person=p.key_person,
                    team=p.team,
                    days_since_contact=None if contact_day is None else (today - contact_day).days,
                    review_due=summary.review_due,
                    flags=flags,
                )
            )
        if keep:
            self._parsed = kept
        if fresh:
            self._store(fresh, inputs.audit_mark)
        return rows

    def _store(self, fresh: list[dict[str, object]], audit_mark: int) -> None:
        """Keep worked-out summaries for the next load; only a cache, so a failure to write
        (a busy or read-only database) costs the next load time, never this one's rows."""
        try:
            with self._db.begin() as session:
                save_summaries(session, fresh, audit_mark)
        except (SQLAlchemyError, Unavailable):
            log.warning("Caseload summaries not stored", exc_info=True)

    def _summary(
        self,
        p: PersonRow,
        inputs: CaseloadInputs,
        now: datetime,
        today: date,
        thresholds: Thresholds,
    ) -> _Summary:
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
        days = days_since_contact(contacts, today)
        return _Summary(
            legal_status_code=_current_legal_status(episodes, today),
            risk_category=current.category if current else None,
            risk_score=current.score if current else None,
            trend=trend,
            review_due=review_due_for(steps, thresholds),
            contact_day=None if days is None else today - timedelta(days=days),
            flags=flags,
        )

    def export_csv(self, actor: Actor, path: Path, progress: Progress | None = None) -> int:
        """Write the caseload as CSV (audited with the young people it names); returns rows."""
        rows = self.load(actor, progress)
        target = Path(path)
        try:
            tmp = target.with_name(target.name + ".part")
            with open_private_csv(tmp) as fh:
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
