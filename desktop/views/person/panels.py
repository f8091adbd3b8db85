"""The person screen's panels, in the order a social worker reads a case."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop.domain.actor import Actor
from desktop.interfaces import RecordingApi
from desktop.tasks import TaskRunner
from desktop.views.person.view import PanelSpec


def _tr(text: str) -> str:
    return QCoreApplication.translate("PersonPanels", text)


def default_panels(recording: RecordingApi) -> Callable[[], list[PanelSpec]]:
    """Panel specs for ``MainWindow(panels=...)``; each panel records through ``recording``."""

    def factory(cls: type[QWidget]) -> Callable[[TaskRunner, Callable[[], Actor]], QWidget]:
        def make(runner: TaskRunner, actor: Callable[[], Actor]) -> QWidget:
            return cls(runner=runner, recording=recording, actor=actor)  # type: ignore[call-arg]

        return make

    def specs() -> list[PanelSpec]:
        # Imported on the first open, not at start-up: the caseload should not pay for them.
        from desktop.views.person.associates import AssociatesPanel
        from desktop.views.person.chronology import ChronologyPanel
        from desktop.views.person.contacts import ContactsPanel
        from desktop.views.person.missing import MissingPanel
        from desktop.views.person.placements import PlacementsPanel
        from desktop.views.person.risk import RiskPanel

        return [
            PanelSpec("chronology", _tr("Chronology"), factory(ChronologyPanel)),
            PanelSpec("risk", _tr("Risk"), factory(RiskPanel)),
            PanelSpec("contacts", _tr("Key-person contacts"), factory(ContactsPanel)),
            PanelSpec("placements", _tr("Placements"), factory(PlacementsPanel)),
            PanelSpec("missing", _tr("Missing"), factory(MissingPanel)),
            PanelSpec("associates", _tr("Associates and contexts"), factory(AssociatesPanel)),
        ]

    return specs
