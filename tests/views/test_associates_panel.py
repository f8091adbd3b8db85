"""Associates & contexts: gradings in words, conditions marked, who else is linked, disruption."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.app import create_application
from desktop.domain.enums import AssociateRole, HandlingCode
from desktop.domain.workspace import AssociateView, DisruptionView, SharedWith
from desktop.models.associates import (
    AssociateColumn,
    AssociatesTableModel,
    ContextColumn,
    ContextsTableModel,
    DisruptionColumn,
    DisruptionTableModel,
)
from desktop.tasks import TaskRunner
from desktop.views.person.associates import AssociatesPanel
from tests.views.fake_workspace import TODAY, FakeRecording, make_workspace
from tests.views.fakes import ACTOR, OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE

CONDITIONAL = AssociateView(
    3,
    3,
    "Kyle Benn",
    "'KB', 'Benny'",
    AssociateRole.ASSOCIATE,
    "B",
    "3",
    HandlingCode.CONDITIONS,
    "Police intelligence: drives young people to parties.",
    (SharedWith(45, "T.W."),),
)


def workspace():
    ws = make_workspace()
    older = DisruptionView(2, TODAY - timedelta(days=40), "Hotel watch", "Police", "Hotel", "Done")
    return replace(ws, associates=(*ws.associates, CONDITIONAL), disruption=(older, *ws.disruption))


def make_panel(qtbot, *, inline: bool = True):
    create_application()
    runner = TaskRunner(inline=inline)
    panel = AssociatesPanel(runner=runner, recording=FakeRecording(), actor=lambda: ACTOR)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    panel.show_workspace(workspace())
    qtbot.wait(10)
    return panel, runner


def test_models_pass_the_model_tester(qtmodeltester) -> None:
    ws = workspace()
    for model, rows in (
        (AssociatesTableModel(), ws.associates),
        (ContextsTableModel(), ws.contexts),
        (DisruptionTableModel(), ws.disruption),
    ):
        model.set_rows(rows)
        qtmodeltester.check(model)


def test_persons_of_concern_with_grading_and_conditions_marked(qtbot) -> None:
    panel, _ = make_panel(qtbot)
    m = panel.associates_model
    assert m.rowCount() == 3
    assert [m.index(r, AssociateColumn.NAME).data() for r in range(3)] == [
        "Dean Rowe",
        "Aunt Mel",
        "Kyle Benn",
    ]
    assert m.index(0, AssociateColumn.ROLE).data() == "Alleged perpetrator"
    assert m.index(0, AssociateColumn.GRADING).data() == "B / 2 / P"
    tip = m.index(0, AssociateColumn.GRADING).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == [
        "Source B: untested",
        "Intelligence 2: known indirectly to the source but corroborated",
        "Handling P: lawful sharing permitted",
    ]
    assert m.index(1, AssociateColumn.GRADING).data() == "Not graded"
    conditional = m.index(2, AssociateColumn.GRADING)
    assert conditional.data() == "B / 3 / C\nHandling: conditions apply"
    assert conditional.data(Qt.ItemDataRole.FontRole).bold()
    assert m.index(0, AssociateColumn.GRADING).data(Qt.ItemDataRole.FontRole) is None
    c = panel.contexts_model
    assert c.index(0, ContextColumn.KIND).data() == "Location"
    assert c.index(0, ContextColumn.POSTCODE).data() == "M1 1AD"
    assert c.index(0, ContextColumn.HANDLING).data() == "Handling: conditions apply"
    d = panel.disruption_model
    assert [d.index(r, DisruptionColumn.DATE).data() for r in range(2)] == [
        "9 Nov 2026",
        "14 Oct 2026",
    ]
    assert d.index(0, DisruptionColumn.TACTIC).data() == "Child abduction warning notice"
    # read-only here: no buttons at all
    assert panel.findChildren(QPushButton) == []


def test_selecting_shows_others_as_given_and_enter_opens(qtbot) -> None:
    panel, _ = make_panel(qtbot)
    assert panel.others_names() == []
    assert panel.select_associate(1)
    assert panel.others_subject.text() == "to Dean Rowe"
    assert panel.others_list.accessibleName() == "Other young people linked to Dean Rowe"
    assert panel.others_names() == ["Kira Moss", "R.H."]  # initials stay initials
    panel.others_list.setCurrentRow(1)
    with qtbot.waitSignal(panel.sig_open_person) as opened:
        qtbot.keyClick(panel.others_list, Qt.Key.Key_Return)
    assert opened.args == [44]
    save_screen(panel, "person_associates")
    # choosing a context replaces the associate's selection and list
    assert panel.select_context(1)
    assert panel.associates_table.selectionModel().selectedRows() == []
    assert panel.others_subject.text() == "to Shopping centre car park"
    panel.select_associate(2)
    assert panel.others_names() == []
    assert panel.others_hint.text() == "No other young people are linked."


def test_double_click_opens_and_refresh_keeps_selection(qtbot) -> None:
    panel, _ = make_panel(qtbot)
    panel.select_associate(3)
    item = panel.others_list.item(0)
    rect = panel.others_list.visualItemRect(item)
    viewport = panel.others_list.viewport()
    with qtbot.waitSignal(panel.sig_open_person) as opened:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [45]
    panel.show_workspace(workspace())
    assert panel.selected().link_id == 3
    assert panel.others_names() == ["T.W."]
    panel.show_workspace(replace(workspace(), associates=workspace().associates[:2]))
    assert panel.selected() is None
    assert panel.others_names() == []


def test_every_focusable_widget_is_named_and_tab_moves_between_lists(qtbot) -> None:
    panel, _ = make_panel(qtbot)
    unnamed = [
        type(w).__name__
        for w in [panel, *panel.findChildren(QWidget)]
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and not w.accessibleName().strip()
    ]
    assert unnamed == []
    chain = [panel.associates_table]
    while (following := chain[-1].nextInFocusChain()) is not panel.associates_table:
        chain.append(following)
    order = [
        chain.index(w)
        for w in (
            panel.associates_table,
            panel.contexts_table,
            panel.others_list,
            panel.disruption_table,
        )
    ]
    assert order == sorted(order)


def test_through_the_real_runner(qtbot) -> None:
    # Nothing is saved here; the panel still takes the real runner without using it.
    panel, runner = make_panel(qtbot, inline=False)
    qtbot.waitUntil(lambda: panel.associates_model.rowCount() == 3, timeout=2000)
    assert not runner.is_busy
