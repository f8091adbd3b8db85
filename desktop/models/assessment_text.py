"""The texts that describe one risk assessment: its category, override, trend and detail."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from desktop.domain.dates import format_date, format_datetime
from desktop.domain.enums import ItemTiming, RiskCategory, Trend
from desktop.domain.workspace import AssessmentView
from desktop.models.caseload import RISK_COLOURS, RISK_TINTS, TREND_ARROWS


def _tr(text: str) -> str:
    return QCoreApplication.translate("AssessmentHistoryModel", text)


#: What each timing means on the form and in the detail view.
TIMING_LABELS: dict[ItemTiming, str] = {
    ItemTiming.ABSENT: "Absent",
    ItemTiming.RECENT: "Now or in the past 6 months",
    ItemTiming.PAST: "6–12 months ago",
    ItemTiming.BOTH: "Both",
}

#: Headings of the instrument item groups, in the order they are shown.
GROUP_TITLES: dict[str, str] = {
    "vulnerability": "Vulnerabilities",
    "moderate": "Moderate risk indicators",
    "significant": "Significant risk indicators",
}

TREND_WORDS: dict[Trend, str] = {
    Trend.ESCALATED: "escalated",
    Trend.DE_ESCALATED: "de-escalated",
    Trend.UNCHANGED: "unchanged",
    Trend.FIRST: "first",
}

OVERRIDE_MARK = "✎"


def override_text(row: AssessmentView) -> str:
    """'✎ Moderate → Significant' when the professional overrode the computed category."""
    if row.category is row.computed_category and not row.override_reason:
        return ""
    return _tr("{mark} from {computed}").format(
        mark=OVERRIDE_MARK, computed=_tr(row.computed_category.label)
    )


def category_text(row: AssessmentView) -> str:
    """Band label and, where it differs, the category: 'Category 2 (Moderate)'."""
    label = _tr(row.category.label)
    overridden = row.category is not row.computed_category
    if row.band_label and row.band_label != label and not overridden:
        return f"{row.band_label} ({label})"
    return label


def confirmed_text(row: AssessmentView, *, with_time: bool = False) -> str:
    if not row.confirmed:
        return _tr("Awaiting manager confirmation")
    parts = [row.confirmed_by or _tr("Manager")]
    if row.confirmed_at is not None:
        when = format_datetime(row.confirmed_at)
        parts.append(when if with_time else when.rsplit(" ", 1)[0])
    return ", ".join(parts)


def status_text(row: AssessmentView) -> str:
    parts = []
    if row.superseded_by_id is not None:
        parts.append(_tr("Corrected by #{id}").format(id=row.superseded_by_id))
    if row.supersedes_id is not None:
        parts.append(_tr("Corrects #{id}").format(id=row.supersedes_id))
    return "; ".join(parts) or _tr("Current")


def trend_text(row: AssessmentView) -> str:
    if row.trend is None:
        return ""
    arrow = TREND_ARROWS.get(row.trend, "")
    word = _tr(TREND_WORDS[row.trend])
    return f"{arrow} {word}" if arrow else word


def detail_html(row: AssessmentView) -> str:
    """The selected assessment in full: answers grouped, rationale, their words, override."""
    e = html.escape
    colour = RISK_COLOURS[row.category]
    tint = RISK_TINTS[row.category]
    score = "" if row.score is None else _tr("score {score}, ").format(score=row.score)
    confirmed_by = confirmed_text(row, with_time=True)
    if row.confirmed:
        confirmed_by = _tr("Confirmed by {who}").format(who=confirmed_by)
    out = [
        f"<h3 style='margin:0'>#{row.id} · {e(row.instrument_name)} · "
        f"{e(format_date(row.assessed_on))}</h3>",
        f"<p><span style='color:{colour}; font-size:large'>■</span>"
        f"<span style='background:{tint};'>&nbsp;<b>{e(_tr(row.category.label))}</b>&nbsp;</span> "
        f"({e(score)}{e(_tr('band'))} {e(row.band_label)})"
        + (f" — {e(trend_text(row))}" if row.trend is not None else "")
        + "</p>",
        f"<p>{e(_tr('Assessed by'))} {e(row.assessor)}. {e(confirmed_by)}.</p>",
    ]
    if row.superseded_by_id is not None:
        out.append(
            "<p><b>"
            + e(
                _tr("Corrected by #{id}: this version is kept for the record.").format(
                    id=row.superseded_by_id
                )
            )
            + "</b></p>"
        )
    if row.supersedes_id is not None:
        out.append(
            "<p>" + e(_tr("This is a correction of #{id}.").format(id=row.supersedes_id)) + "</p>"
        )
    if row.override_reason or row.category is not row.computed_category:
        out.append(
            f"<h4>{e(_tr('Professional override'))}</h4><p>"
            + e(
                _tr("Computed {computed}, overridden to {category}.").format(
                    computed=_tr(row.computed_category.label), category=_tr(row.category.label)
                )
            )
            + (f"<br>{e(row.override_reason)}" if row.override_reason else "")
            + "</p>"
        )
    present = [a for a in row.answers if a.timing is not ItemTiming.ABSENT]
    if row.answers or row.score is not None:
        out.append(f"<h4>{e(_tr('Indicators present'))}</h4>")
        if not present:
            out.append(f"<p>{e(_tr('None recorded.'))}</p>")
        groups: dict[str, list[str]] = {}
        for a in present:
            groups.setdefault(a.group, []).append(
                f"<li>{e(a.item_label)} — <i>{e(_tr(TIMING_LABELS[a.timing]))}</i></li>"
            )
        order = list(GROUP_TITLES) + [g for g in groups if g not in GROUP_TITLES]
        for group in order:
            if group in groups:
                title = _tr(GROUP_TITLES.get(group, group.capitalize()))
                out.append(f"<p><b>{e(title)}</b></p><ul>{''.join(groups[group])}</ul>")
    out.append(f"<h4>{e(_tr('Rationale'))}</h4><p>{_paragraphs(row.rationale)}</p>")
    out.append(
        f"<h4>{e(_tr('In their own words'))}</h4><p>"
        + (f"<i>“{_paragraphs(row.young_person_words)}”</i>" if row.young_person_words else "")
        + (e(_tr("Not recorded.")) if not row.young_person_words else "")
        + "</p>"
    )
    return "\n".join(out)


def _paragraphs(text: str) -> str:
    return html.escape(text).replace("\n", "<br>") if text.strip() else _tr("Not recorded.")


def category_colour(category: RiskCategory) -> str:
    return RISK_COLOURS[category]
