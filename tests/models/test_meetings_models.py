"""The Meetings area's models: meeting list, action tracker, cohort, suggestions, attendees."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain.meetings import ActionState, AttendeeView
from desktop.models.meetings import (
    OPEN_STATES,
    ActionColumn,
    ActionFilter,
    ActionsTableModel,
    AttendeeColumn,
    AttendeesModel,
    CohortColumn,
    CohortModel,
    MeetingColumn,
    MeetingsTableModel,
    SuggestionColumn,
    SuggestionsModel,
)
from tests.views.fake_meetings import CHAIR, FakeMeetings

DISPLAY = Qt.ItemDataRole.DisplayRole


def texts(model, column: int) -> list[str]:
    return [model.index(r, column).data(DISPLAY) for r in range(model.rowCount())]


def test_meetings_model_newest_first_with_counts(qtmodeltester) -> None:
    fake = FakeMeetings()
    model = MeetingsTableModel()
    model.set_rows(fake.list_meetings(CHAIR))
    qtmodeltester.check(model)
    assert texts(model, MeetingColumn.DATE) == ["1 Dec 2026", "3 Nov 2026", "6 Oct 2026"]
    assert texts(model, MeetingColumn.COHORT) == ["1", "4", "0"]
    assert model.headerData(MeetingColumn.OPEN_ACTIONS, Qt.Orientation.Horizontal) == "Open"
    tip = model.headerData(MeetingColumn.OPEN_ACTIONS, Qt.Orientation.Horizontal,
                           Qt.ItemDataRole.ToolTipRole)  # fmt: skip
    assert tip.startswith("Open actions")
    model.sort(MeetingColumn.DATE, Qt.SortOrder.AscendingOrder)
    assert texts(model, MeetingColumn.DATE)[0] == "6 Oct 2026"
    model.sort(MeetingColumn.COHORT, Qt.SortOrder.DescendingOrder)
    assert texts(model, MeetingColumn.COHORT)[0] == "4"
    tip = model.index(0, MeetingColumn.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "Civic Centre" in tip and "Morgan Price" in tip
    assert model.row_of_id(3) >= 0 and model.row_of_id(999) == -1
    qtmodeltester.check(model)


def test_actions_model_overdue_first_state_in_words_and_colour(qtmodeltester) -> None:
    fake = FakeMeetings()
    model = ActionsTableModel()
    model.set_rows(fake.get(CHAIR, 2).actions)
    qtmodeltester.check(model)
    states = [model.row_at(r).state for r in range(model.rowCount())]
    assert states[0] is ActionState.OVERDUE
    assert states == sorted(states, key=list(ActionState).index)
    assert texts(model, ActionColumn.STATE)[0] == "Overdue"
    assert "Due soon" in texts(model, ActionColumn.STATE)
    overdue = model.index(0, ActionColumn.STATE)
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) == QColor("#a4161a")
    assert overdue.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert overdue.data(Qt.ItemDataRole.FontRole).bold()
    assert texts(model, ActionColumn.DUE)[0] == "10 Nov 2026"
    assert "Set 6 Oct 2026" in overdue.data(Qt.ItemDataRole.ToolTipRole)


def test_actions_model_filters(qtmodeltester) -> None:
    fake = FakeMeetings()
    model = ActionsTableModel()
    model.set_rows(fake.get(CHAIR, 2).actions)
    total = model.rowCount()
    model.apply_filter(ActionFilter(states=frozenset({ActionState.OVERDUE})))
    assert {model.row_at(r).state for r in range(model.rowCount())} == {ActionState.OVERDUE}
    model.apply_filter(ActionFilter(states=OPEN_STATES, agency="Health"))
    assert texts(model, ActionColumn.AGENCY) == ["Health"]
    model.apply_filter(ActionFilter(young_person_id=101))
    assert set(texts(model, ActionColumn.SUBJECT)) == {"Jade Carter"}
    model.apply_filter(ActionFilter())
    assert model.rowCount() == total
    model.sort(ActionColumn.DUE, Qt.SortOrder.DescendingOrder)
    dues = [model.row_at(r).due_on for r in range(model.rowCount())]
    assert dues == sorted(dues, reverse=True)
    qtmodeltester.check(model)


def test_cohort_model_keeps_service_order_and_shows_decision(qtmodeltester) -> None:
    fake = FakeMeetings()
    model = CohortModel()
    model.set_rows(fake.get(CHAIR, 2).cohort)
    qtmodeltester.check(model)
    assert texts(model, CohortColumn.NAME) == [
        "Jade Carter",
        "Leon Walsh",
        "Maya Okoro",
        "Tia Hughes",
    ]
    assert texts(model, CohortColumn.RISK) == ["Significant", "Moderate", "Mild", "Not assessed"]
    assert model.index(0, CohortColumn.RISK).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(3, CohortColumn.RISK).data(Qt.ItemDataRole.BackgroundRole) is None
    decisions = texts(model, CohortColumn.DECISION)
    assert decisions[0] == "Not recorded"
    assert decisions[3] == "Continue; agreed mild; review 1 Dec 2026"
    model.sort(CohortColumn.RISK, Qt.SortOrder.AscendingOrder)
    assert texts(model, CohortColumn.NAME)[0] == "Tia Hughes"
    assert model.row_of_id(101) >= 0


def test_suggestions_model_checkable_members_fixed(qtmodeltester) -> None:
    fake = FakeMeetings()
    model = SuggestionsModel()
    model.set_suggestions(fake.suggest_cohort(CHAIR, 2), members=[101])
    qtmodeltester.check(model)
    names = texts(model, SuggestionColumn.NAME)
    assert names[1] == "Jade Carter (already in the cohort)"
    assert [s.young_person_id for s in model.accepted()] == [106, 105]
    member = model.index(1, SuggestionColumn.NAME)
    assert not model.flags(member) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(member, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    first = model.index(0, SuggestionColumn.NAME)
    assert model.setData(first, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert [s.young_person_id for s in model.accepted()] == [105]
    model.set_all(False)
    assert model.accepted() == []
    assert model.index(1, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    model.set_all(True)
    assert len(model.accepted()) == 2
    assert "Escalated since" in model.index(0, SuggestionColumn.REASONS).data(DISPLAY)
    qtmodeltester.check(model)


def test_attendees_model_edits_in_place(qtmodeltester) -> None:
    fake = FakeMeetings()
    model = AttendeesModel()
    model.set_attendees(fake.get(CHAIR, 2).attendees)
    qtmodeltester.check(model)
    assert model.index(2, AttendeeColumn.ATTENDED).data(DISPLAY) == "Apologies"
    assert model.index(0, AttendeeColumn.ATTENDED).data(DISPLAY) == "Attended"
    assert model.index(3, AttendeeColumn.DISTRIBUTION).data(DISPLAY) == "No"
    assert model.setData(model.index(2, AttendeeColumn.ATTENDED), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    assert model.attendees()[2].attended
    row = model.add_attendee()
    assert model.rowCount() == 5
    assert model.setData(model.index(row, AttendeeColumn.NAME), "Kim Lee")
    assert model.setData(model.index(row, AttendeeColumn.AGENCY), "Youth Justice")
    assert model.attendees()[row] == AttendeeView(None, "Kim Lee", "Youth Justice", "", True, True)
    assert model.flags(model.index(0, AttendeeColumn.NAME)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, AttendeeColumn.ATTENDED)) & Qt.ItemFlag.ItemIsUserCheckable
    model.remove_attendee(0)
    assert model.rowCount() == 4 and model.attendees()[0].name == "DS Alan Reeve"
    qtmodeltester.check(model)
