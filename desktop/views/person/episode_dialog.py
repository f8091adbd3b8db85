"""The base of the forms that record on one young person's episodes (missing, placements)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict, Unpack

from PySide6.QtWidgets import QWidget

from desktop.domain.actor import Actor
from desktop.drafts import DraftStore
from desktop.interfaces import RecordingApi
from desktop.tasks import TaskRunner
from desktop.views.widgets.form_dialog import RecordDialog


class EpisodeFormArgs(TypedDict):
    """What every episode form is opened with, besides its own fields."""

    runner: TaskRunner
    recording: RecordingApi
    actor: Callable[[], Actor]
    young_person_id: int


class EpisodeDialog(RecordDialog):
    """A RecordDialog that knows the recording service, who records, and whose record it is."""

    def __init__(
        self,
        *,
        save_key: str,
        parent: QWidget | None,
        min_width: int = 660,
        **record: Unpack[EpisodeFormArgs],
    ) -> None:
        super().__init__(
            runner=record["runner"], save_key=save_key, parent=parent, min_width=min_width
        )
        self._recording, self._actor = record["recording"], record["actor"]
        self._person = record["young_person_id"]

    def track_record(self, record_id: int | None, drafts: DraftStore | None) -> None:
        """Keep a local draft of this form, one per record (``record_id`` None: a new one)."""
        self.track(
            username=self._actor().username,
            young_person_id=self._person,
            record_id=record_id,
            drafts=drafts if drafts is not None else DraftStore(),
        )

    def save_with(self, write: Callable[[Actor, Any], object], command: object) -> None:
        """Save ``command`` on the worker through the service method ``write``, as the actor."""
        actor = self._actor()
        self.save(lambda _progress: write(actor, command))
