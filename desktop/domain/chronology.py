"""The young person's chronology: hand-written entries plus items derived from other records.

DOMAIN.md: assessments, placements, missing episodes, meetings and significant contacts appear
on the timeline automatically; hand-written entries are added. Derived items are built from the
workspace views (already decided by the rules), so the timeline says what the tabs say.

Significance of derived items: missing episodes, placement changes (not short breaks or
temporary episodes, which are not placements), meeting decisions and significant contacts are
significant; a risk assessment is significant unless its category is unchanged; a return
interview is significant when key disclosures were recorded. A hand-written entry linked to one
of these records (``linked_kind``/``linked_id``) replaces the derived item: nothing is listed
twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from desktop.domain.chronology_events import (
    CONTACT_KIND_WORDS,
    CONTACT_WITH_WORDS,
    _contact_items,
    _meeting_items,
    _missing_items,
    contact_description,
    meeting_description,
    missing_description,
)
from desktop.domain.chronology_filter import ChronologyFilter, filter_chronology, search_text
from desktop.domain.chronology_items import (
    _assessment_items,
    _placement_items,
    assessment_description,
    placement_start_description,
)
from desktop.domain.chronology_records import (
    _LINK_KEYS,
    CONTINUED_REC,
    HELD,
    EntryRecord,
    MeetingDecision,
    _Dated,
    _order,
    age_at,
    entry_item,
    source,
)
from desktop.domain.workspace import (
    AssessmentView,
    ChronologyItem,
    ContactView,
    MissingView,
    PlacementView,
)

__all__ = [
    "CONTACT_KIND_WORDS",
    "CONTACT_WITH_WORDS",
    "CONTINUED_REC",
    "HELD",
    "ChronologyFilter",
    "EntryRecord",
    "MeetingDecision",
    "age_at",
    "assessment_description",
    "build_chronology",
    "contact_description",
    "entry_item",
    "filter_chronology",
    "meeting_description",
    "missing_description",
    "placement_start_description",
    "search_text",
    "source",
]


def build_chronology(
    *,
    dob: date | None,
    entries: Iterable[EntryRecord] = (),
    assessments: Iterable[AssessmentView] = (),
    placements: Sequence[PlacementView] = (),
    missing: Iterable[MissingView] = (),
    meetings: Iterable[MeetingDecision] = (),
    contacts: Iterable[ContactView] = (),
) -> tuple[ChronologyItem, ...]:
    """The whole timeline, newest first.

    Ties are broken so the order never depends on input order: same date, later time of day
    first (hand-written entries and date-only records have none), then by kind (entries, then
    meetings, assessments, contacts, return interviews, missing, placement starts, placement
    ends), then the higher record id first.
    """
    entry_list = list(entries)
    replaced = {
        f"{_LINK_KEYS[e.linked_kind]}:{e.linked_id}"
        for e in entry_list
        if e.linked_kind in _LINK_KEYS and e.linked_id is not None
    }
    dated: list[_Dated] = [
        _Dated(_order("entry", e.event_date, None, e.id), entry_item(e, dob)) for e in entry_list
    ]
    derived: list[Iterable[_Dated]] = [
        _assessment_items(assessments, dob),
        _placement_items(placements, dob),
        _missing_items(missing, dob),
        _meeting_items(meetings, dob),
        _contact_items(contacts, dob),
    ]
    for items in derived:
        dated.extend(d for d in items if d.item.key not in replaced)
    dated.sort(key=lambda d: d.order, reverse=True)
    return tuple(d.item for d in dated)
