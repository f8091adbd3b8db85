"""Free text is limited to the council's setting (20,000 characters by default) with a message
beside the field, control characters are refused, and long text lays out in linear time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from desktop.domain.commands import (
    AssessmentInput,
    ChronologyEntryInput,
    ContactInput,
    MissingInput,
    PlacementInput,
    ReturnInterviewInput,
)
from desktop.domain.enums import (
    ChronologyCategory,
    ContactKind,
    ContactWith,
    DatePrecision,
    MissingKind,
)
from desktop.domain.records import MissingEpisodeRecord
from desktop.domain.text_rules import DEFAULT_MAX_TEXT
from desktop.domain.validation import (
    validate_assessment,
    validate_chronology_entry,
    validate_contact,
    validate_missing,
    validate_placement,
    validate_return_interview,
)

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
EPISODE = MissingEpisodeRecord(1, MissingKind.MISSING, datetime(2026, 11, 1, tzinfo=UTC))

#: (validator, a command, its free-text fields)
CASES: list[tuple[str, Any, Any, tuple[str, ...]]] = [
    (
        "chronology entry",
        lambda cmd, limit: validate_chronology_entry(cmd, TODAY, limit),
        ChronologyEntryInput(
            1, date(2026, 11, 1), DatePrecision.EXACT, ChronologyCategory.POLICE, "Police", "PC",
            "Seen"
        ),
        ("description", "analysis"),
    ),
    (
        "assessment",
        lambda cmd, limit: validate_assessment(cmd, None, TODAY, None, limit),
        AssessmentInput(1, "seraf", date(2026, 11, 1)),
        ("rationale", "young_person_words", "override_reason"),
    ),
    (
        "contact",
        lambda cmd, limit: validate_contact(cmd, NOW, limit),
        ContactInput(
            1, datetime(2026, 11, 1, tzinfo=UTC), ContactKind.FACE_TO_FACE, 30,
            ContactWith.YOUNG_PERSON,
        ),
        ("location", "summary", "young_person_said"),
    ),
    (
        "placement",
        lambda cmd, limit: validate_placement(cmd, [], date(2011, 1, 1), TODAY, limit),
        PlacementInput(1, date(2026, 11, 1), "S", "C2", "U1"),
        ("provider",),
    ),
    (
        "missing episode",
        lambda cmd, limit: validate_missing(cmd, [], NOW, limit),
        MissingInput(1, MissingKind.MISSING, datetime(2026, 11, 1, tzinfo=UTC)),
        ("reported_by", "where_found", "found_with", "notes"),
    ),
    (
        "return interview",
        lambda cmd, limit: validate_return_interview(cmd, EPISODE, NOW, limit),
        ReturnInterviewInput(1, 1, None, False, declined_reason="Did not want to"),
        ("declined_reason", "completed_by", "key_disclosures"),
    ),
]  # fmt: skip
FIELDS = [(name, field) for name, _v, _c, fields in CASES for field in fields]
#: Short fields keep their column width (200 characters), stricter than the text limit.
SHORT = {"location", "provider", "reported_by", "where_found", "found_with", "completed_by"}
LONG = [(name, field) for name, field in FIELDS if field not in SHORT]


def _case(name: str) -> tuple[Any, Any]:
    _n, validate, cmd, _f = next(c for c in CASES if c[0] == name)
    return validate, cmd


@pytest.mark.parametrize(("form", "field"), LONG)
def test_every_free_text_field_refuses_more_than_the_limit_with_a_message(
    form: str, field: str
) -> None:
    validate, cmd = _case(form)
    too_long = validate(replace(cmd, **{field: "a" * 20_001}), DEFAULT_MAX_TEXT)
    assert too_long[field] == "Keep this under 20,000 characters (it has 20,001)"
    assert field not in validate(replace(cmd, **{field: "a" * 20_000}), DEFAULT_MAX_TEXT)
    # the council's own setting
    assert validate(replace(cmd, **{field: "a" * 101}), 100)[field] == (
        "Keep this under 100 characters (it has 101)"
    )


@pytest.mark.parametrize(("form", "field"), FIELDS)
def test_control_characters_are_refused_but_tabs_and_line_breaks_kept(
    form: str, field: str
) -> None:
    validate, cmd = _case(form)
    for bad in ("a\x00b", "a\x07b", "a\x1bb"):
        message = validate(replace(cmd, **{field: bad}), DEFAULT_MAX_TEXT)[field]
        assert "control characters" in message
    assert field not in validate(replace(cmd, **{field: "a\tb\r\nc\n"}), DEFAULT_MAX_TEXT)


def _document_with_text(chars: int) -> Any:
    import random

    from desktop.domain.meetings import PackOptions
    from tests.reports.fakes import make_pack

    rng = random.Random(1)
    words = ("risk", "carer", "school", "police", "visit", "said", "worried", "placement", "safe")
    text = " ".join(rng.choice(words) for _ in range(chars // 5))[:chars]
    doc = make_pack(1, options=PackOptions())
    pp = doc.people[0]
    ws = pp.workspace
    ws = replace(
        ws,
        header=replace(ws.header, plan=text),
        chronology=tuple(
            replace(c, description=text, significant=True) if i == 0 else c
            for i, c in enumerate(ws.chronology)
        ),
    )
    return replace(doc, people=(replace(pp, workspace=ws),))


def test_long_text_lays_out_in_time_linear_in_its_length() -> None:
    """A summary of 20,000-character fields builds; four times the text takes less than
    six times as long (a single huge paragraph split page by page was quadratic)."""
    import io
    import time

    from desktop.reports import build_pack

    def seconds(chars: int) -> float:
        doc = _document_with_text(chars)
        start = time.perf_counter()
        build_pack(doc, io.BytesIO())
        return time.perf_counter() - start

    seconds(2_000)  # fonts and caches warmed
    once, four_times = seconds(20_000), seconds(80_000)
    assert four_times < 6 * once, (once, four_times)
