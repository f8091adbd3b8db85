"""Packs and case summaries shared with partner-agency readers, as the sharing service returns
them: what a partner reader's home lists and what a chair sees of what they shared."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from desktop.domain.meetings import PackDocument

SharedKind = Literal["pack", "summary"]


@dataclass(frozen=True, slots=True)
class SharedDocumentView:
    """One shared copy: a PDF built once, when shared, for one partner-agency reader."""

    id: int
    kind: SharedKind
    #: The document's title as printed (already redacted when shared for a wider audience).
    title: str
    shared_by: str
    shared_with: str
    shared_at: datetime
    pages: int
    wider_audience: bool
    revoked: bool
    revoked_at: datetime | None = None

    @property
    def kind_label(self) -> str:
        return "Meeting pack" if self.kind == "pack" else "Case summary"


@dataclass(frozen=True, slots=True)
class RecipientView:
    """An active partner-agency reader a pack or summary may be shared with."""

    id: int
    display_name: str
    username: str
    agency: str


def for_partner_agency(doc: PackDocument) -> PackDocument:
    """The document as a partner-agency reader may receive it: never the chronology's analysis
    column (the practitioners' judgement stays within children's services)."""
    people = tuple(
        replace(
            p,
            workspace=replace(
                p.workspace,
                chronology=tuple(replace(c, analysis=None) for c in p.workspace.chronology),
            ),
        )
        for p in doc.people
    )
    return replace(doc, people=people)
