"""Checks on a risk assessment: the score, an override of its band, and what it supersedes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.commands import AssessmentInput
from desktop.domain.dates import format_date
from desktop.domain.enums import InstrumentKind, RiskCategory
from desktop.domain.records import Instrument, InstrumentBand, ItemAnswer
from desktop.domain.risk import band_for_score, score_assessment
from desktop.domain.text_rules import DEFAULT_MAX_TEXT
from desktop.domain.validation_common import Errors, _with_texts


@dataclass(frozen=True, slots=True)
class SupersedeTarget:
    """The assessment a correction names, as far as the check needs it."""

    id: int
    young_person_id: int
    assessed_on: date
    superseded_by_id: int | None  # an existing correction of it, if any


def assessment_result(
    instrument: Instrument, cmd: AssessmentInput
) -> tuple[int | None, InstrumentBand]:
    """Score and band: scored instruments add item weights; judgement ones take the chosen band.

    Raises ValueError for input validate_assessment refuses (unknown items, no band).
    """
    if instrument.kind == InstrumentKind.JUDGEMENT.value:
        for band in instrument.bands:
            if band.category is cmd.judged_category:
                return None, band
        raise ValueError(f"{instrument.code!r} has no band for {cmd.judged_category}")
    answers = [ItemAnswer(item, timing) for item, timing in cmd.answers.items()]
    score = score_assessment(instrument, answers)
    return score, band_for_score(instrument, score)


def validate_assessment(
    cmd: AssessmentInput,
    instrument: Instrument | None,
    today: date,
    target: SupersedeTarget | None = None,
    max_text: int = DEFAULT_MAX_TEXT,
) -> Errors:
    """`instrument` is the active instrument named by the command (None: not found);
    `target` the assessment named by supersedes_id as loaded (None: not found)."""
    errors: Errors = {}
    if cmd.assessed_on > today:
        errors["assessed_on"] = (
            f"The assessment date {format_date(cmd.assessed_on)} is in the future; "
            "date it on or before today"
        )
    computed: RiskCategory | None = None
    if instrument is None:
        errors["instrument_code"] = (
            f"Choose a risk assessment tool ('{cmd.instrument_code}' is not available)"
        )
    elif instrument.kind == InstrumentKind.JUDGEMENT.value:
        if cmd.answers:
            errors["answers"] = f"{instrument.name} is a professional judgement: it has no items"
        if cmd.judged_category is None:
            errors["judged_category"] = f"Choose the {instrument.name}"
        elif not any(b.category is cmd.judged_category for b in instrument.bands):
            errors["judged_category"] = (
                f"{instrument.name} has no '{cmd.judged_category.label}' category"
            )
        else:
            computed = cmd.judged_category
    else:
        known = {item.code for item in instrument.items}
        unknown = sorted(set(cmd.answers) - known)
        if unknown:
            errors["answers"] = f"{instrument.name} has no item {', '.join(unknown)}"
        if cmd.judged_category is not None:
            errors["judged_category"] = (
                f"{instrument.name} is scored from its items; the category cannot be chosen "
                "(use an override with a reason instead)"
            )
        if not unknown:
            try:
                computed = assessment_result(instrument, cmd)[1].category
            except ValueError:
                errors["answers"] = f"{instrument.name} has no risk band for this score"
    _check_override(errors, cmd, computed)
    if cmd.supersedes_id is not None:
        _check_supersedes(errors, cmd, target)
    return _with_texts(errors, cmd, max_text)


def _check_override(errors: Errors, cmd: AssessmentInput, computed: RiskCategory | None) -> None:
    reason = cmd.override_reason.strip()
    if cmd.override_category is None:
        if reason:
            errors["override_category"] = (
                "Choose the category you are overriding to, or clear the override reason"
            )
        return
    if not reason:
        errors["override_reason"] = (
            "Give the reason for overriding the category: an override needs a reason"
        )
    if cmd.override_category is computed:
        errors["override_category"] = (
            f"The override is the same as the assessed category "
            f"({cmd.override_category.label}); clear it"
        )


def _check_supersedes(errors: Errors, cmd: AssessmentInput, target: SupersedeTarget | None) -> None:
    if target is None or target.young_person_id != cmd.young_person_id:
        errors["supersedes_id"] = (
            "The assessment being corrected is not one of this young person's assessments"
        )
    elif target.superseded_by_id is not None:
        errors["supersedes_id"] = (
            f"The assessment of {format_date(target.assessed_on)} has already been corrected; "
            "correct the latest version instead"
        )
