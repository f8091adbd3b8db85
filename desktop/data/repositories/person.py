"""Everything about one young person in one statement, whatever the record's size.

Each kind of row is its own SELECT (explicit joins for names, IN-subqueries for the linked
young people), never one per row; the SELECTs are folded into a single UNION ALL (see _fold),
so opening a record costs one round trip to the database, large or small. Relationships stay
lazy="raise", so nothing loads behind our back. Returns frozen rows, never ORM objects.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import CompoundSelect, Integer, bindparam
from sqlalchemy.orm import Session

from desktop.data.repositories.person_casework import (
    _answers,
    _assessment_rows,
    _assessments,
    _contacts,
    _entries,
    _entry_records,
    _missing,
    _person,
    _placements,
)
from desktop.data.repositories.person_fold import _fold
from desktop.data.repositories.person_links import (
    _associate_others,
    _associates,
    _collect_others,
    _context_others,
    _contexts,
    _disruption,
    _instrument_records,
    _instruments,
    _manual_flags,
    _meeting_decisions,
    _meetings,
)
from desktop.domain.person_record import (
    AssessmentRow,
    AssociateRow,
    ContactRow,
    ContextRow,
    MissingRow,
    OtherPerson,
    PersonDetails,
    PersonInputs,
    PlacementRow,
)
from desktop.domain.workspace import DisruptionView

__all__ = [
    "AssessmentRow",
    "AssociateRow",
    "ContactRow",
    "ContextRow",
    "MissingRow",
    "OtherPerson",
    "PersonDetails",
    "PersonInputs",
    "PlacementRow",
    "load_person",
]


#: The two parameters of the statement, bound at each execution.
_YP, _VIEWER = "young_person_id", "viewer_id"


@cache
def _statement() -> tuple[
    CompoundSelect[*tuple[Any, ...]], tuple[str, ...], dict[int, tuple[int, ...]]
]:
    """The folded statement (built once: it only takes parameters), its kinds and layout."""
    yp, viewer = bindparam(_YP, type_=Integer), bindparam(_VIEWER, type_=Integer)
    parts = (
        _person(yp),
        _entries(yp),
        _answers(yp),
        _assessments(yp),
        _placements(yp),
        _missing(yp),
        _contacts(yp),
        _associate_others(yp, viewer),
        _associates(yp),
        _context_others(yp, viewer),
        _contexts(yp),
        _disruption(yp),
        _meetings(yp),
        _manual_flags(yp),
        *_instruments(),
    )
    stmt, layout = _fold(parts)
    return stmt, tuple(p.kind for p in parts), layout


def load_person(session: Session, young_person_id: int, viewer_id: int) -> PersonInputs | None:
    """The record of one young person (None when there is none); `viewer_id` decides which
    linked young people the viewer is allocated to or listed for. One statement."""
    stmt, kinds, layout = _statement()
    rows: dict[str, list[tuple[Any, ...]]] = {kind: [] for kind in kinds}
    for row in session.execute(stmt, {_YP: young_person_id, _VIEWER: viewer_id}):
        n = row[0]
        rows[kinds[n]].append(tuple(row[i] for i in layout[n]))
    if not rows["person"]:
        return None
    associate_others = _collect_others(rows["associate_others"])
    context_others = _collect_others(rows["context_others"])
    return PersonInputs(
        person=PersonDetails(*rows["person"][0]),
        entries=_entry_records(rows["entries"]),
        assessments=_assessment_rows(rows["assessments"], rows["answers"]),
        placements=tuple(PlacementRow(*r) for r in rows["placements"]),
        missing=tuple(MissingRow(*r) for r in rows["missing"]),
        contacts=tuple(ContactRow(*r) for r in rows["contacts"]),
        associates=tuple(
            AssociateRow(*(*r, associate_others.get(r[1], ()))) for r in rows["associates"]
        ),
        contexts=tuple(ContextRow(*(*r, context_others.get(r[1], ()))) for r in rows["contexts"]),
        disruption=tuple(DisruptionView(*r) for r in rows["disruption"]),
        meetings=_meeting_decisions(rows["meetings"]),
        manual_flags=tuple((label, reason) for label, reason in rows["manual_flags"]),
        instruments=_instrument_records(rows["instruments"], rows["items"], rows["bands"]),
    )
