"""Recording use cases: chronology, assessments, contacts, placements, missing episodes, RHIs.

Every method checks the actor may write to this young person, validates with the domain
rules (nothing is written when anything is wrong), writes in one transaction with its audit
row, and returns a Changes value. Edits carry the version the user opened: a colleague's
save in between is an EditConflict naming them, never a silent overwrite.

Each feature's writes live in their own module and run in the one skeleton of
``recording_frame``; this service is their union.
"""

from __future__ import annotations

from desktop.services.recording_assessments import AssessmentRecording
from desktop.services.recording_chronology import ChronologyRecording
from desktop.services.recording_contacts import ContactRecording
from desktop.services.recording_frame import (
    CHRONOLOGY_ROLES,
    CONFIRMING_ROLES,
    RECORDING_ROLES,
)
from desktop.services.recording_missing import MissingRecording
from desktop.services.recording_placements import PlacementRecording
from desktop.services.sessions import checks_session

__all__ = ["CHRONOLOGY_ROLES", "CONFIRMING_ROLES", "RECORDING_ROLES", "RecordingService"]


@checks_session
class RecordingService(
    ChronologyRecording,
    AssessmentRecording,
    ContactRecording,
    PlacementRecording,
    MissingRecording,
):
    """Every recording write; each method takes a command and returns a Changes value."""
