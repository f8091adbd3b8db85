"""Hand-built caseload rows for the model tests."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.enums import FlagCode, Involvement, RiskCategory, Trend
from desktop.domain.records import CaseloadRow, Flag

OVERDUE = Flag(FlagCode.OVERDUE_REVIEW, "Review overdue", "Risk review was due on 1 March 2026.")
MISSING = Flag(FlagCode.CURRENTLY_MISSING, "Currently missing", "Reported missing 2 days ago.")
GAP = Flag(FlagCode.CONTACT_GAP, "Contact gap", "No key-person contact for 21 days (limit 14).")


def make_row(
    id: int,
    name: str,
    *,
    age: int | None = 14,
    category: RiskCategory | None = RiskCategory.MILD,
    score: int | None = 10,
    trend: Trend | None = Trend.UNCHANGED,
    involvement: Involvement | None = Involvement.CIN,
    ls: str | None = None,
    worker: str = "Sam Okafor",
    key_person: str = "Jo Reid",
    days: int | None = 5,
    flags: tuple[Flag, ...] = (),
    restricted: bool = False,
    review_due: date | None = date(2026, 6, 1),
) -> CaseloadRow:
    return CaseloadRow(
        id=id,
        display_name=name,
        restricted=restricted,
        date_of_birth=None if age is None else date(2026 - age, 1, 15),
        age=age,
        involvement=involvement,
        legal_status_code=ls,
        risk_category=category,
        risk_score=score,
        trend=trend,
        social_worker=worker,
        key_person=key_person,
        team="North",
        days_since_contact=days,
        review_due=review_due,
        flags=flags,
    )


@pytest.fixture
def rows() -> list[CaseloadRow]:
    return [
        make_row(
            1,
            "Amelia Hart",
            age=15,
            category=RiskCategory.SIGNIFICANT,
            score=42,
            trend=Trend.ESCALATED,
            involvement=Involvement.CLA,
            ls="C2",
            worker="Priya Shah",
            days=21,
            flags=(OVERDUE, GAP),
        ),
        make_row(
            2,
            "ben Carter",
            age=13,
            category=RiskCategory.MODERATE,
            score=25,
            trend=Trend.DE_ESCALATED,
            involvement=Involvement.CP,
            days=None,
            flags=(MISSING,),
        ),
        make_row(
            3,
            "Chloe Adams",
            age=16,
            category=RiskCategory.MILD,
            score=8,
            trend=Trend.UNCHANGED,
            worker="Priya Shah",
            days=3,
        ),
        make_row(
            4,
            "Dylan Brooks",
            age=None,
            category=None,
            score=None,
            trend=None,
            involvement=None,
            days=12,
            restricted=True,
            review_due=None,
            worker="Alex Moore",
            key_person="Jo Reid",
        ),
        make_row(
            5,
            "Ella Ahmed",
            age=14,
            category=RiskCategory.SIGNIFICANT,
            score=38,
            trend=Trend.FIRST,
            involvement=Involvement.CLA,
            ls="E1",
            worker="Alex Moore",
            days=40,
            flags=(GAP,),
        ),
        make_row(
            6,
            "Amir Hassan",
            age=12,
            category=RiskCategory.NOT_AT_RISK,
            score=2,
            trend=Trend.DE_ESCALATED,
            involvement=Involvement.EARLY_HELP,
            days=0,
        ),
    ]
