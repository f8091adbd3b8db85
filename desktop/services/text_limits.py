"""The council's limit on free text, for services whose forms are not validated in the domain
(meetings: titles, agenda, notes, attendees, reasons, decisions, actions and their updates)."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.data.database import Database
from desktop.data.repositories.settings import load_security
from desktop.domain.errors import ValidationFailed
from desktop.domain.text_rules import text_errors


def check_texts(db: Database, texts: Mapping[str, str | None]) -> None:
    """ValidationFailed, with a message beside each field, when a text is longer than the
    council's limit or holds control characters (tab and line breaks are fine)."""
    if not any(texts.values()):
        return
    with db.begin() as session:
        limit = load_security(session).max_text_length
    errors = text_errors(dict(texts), limit)
    if errors:
        first = next(iter(errors.values()))
        raise ValidationFailed(first, errors)
