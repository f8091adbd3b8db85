"""The new-assessment form: live score and band, judgement instruments, override, saving."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QWidget

from desktop.app import create_application
from desktop.domain.commands import AssessmentInput, Changes
from desktop.domain.enums import ItemTiming, RiskCategory
from desktop.tasks import TaskRunner
from desktop.views.person.assessment_dialog import AssessmentDialog
from tests.views.fake_workspace import TODAY, FakeRecording, invalid, make_workspace
from tests.views.fakes import ACTOR, OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen

pytestmark = OFFSCREEN_LOG_IGNORE


def make_dialog(qtbot, recording=None, *, inline=True, correcting=None):
    create_application()
    ws = make_workspace()
    dialog = AssessmentDialog(
        runner=TaskRunner(inline=inline),
        recording=recording or FakeRecording(),
        actor=lambda: ACTOR,
        young_person_id=ws.header.id,
        instruments=ws.instruments,
        today=TODAY,
        correcting=correcting,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def combo(dialog: AssessmentDialog, code: str):
    return dialog.timing_combos["seraf"][code]


def test_score_and_band_are_computed_live(qtbot) -> None:
    dialog = make_dialog(qtbot)
    assert dialog.instrument_combo.currentData() == "seraf"  # the scored default
    assert dialog.result_label.text() == "Total score 0: Not at risk"
    combo(dialog, "m_missing").set_timing(ItemTiming.RECENT)
    combo(dialog, "v_looked_after").set_timing(ItemTiming.PAST)
    assert dialog.result_label.text() == "Total score 2: Not at risk"
    combo(dialog, "s_vehicles").set_timing(ItemTiming.BOTH)
    combo(dialog, "s_parties").set_timing(ItemTiming.RECENT)
    combo(dialog, "s_older_partner").set_timing(ItemTiming.PAST)
    assert dialog.computed()[0] == 2 + 6 + 5 + 1
    assert dialog.result_label.text() == "Total score 14: Moderate"
    assert dialog.points_labels["seraf"]["s_vehicles"].text() == "+6"
    assert dialog.points_labels["seraf"]["m_gifts"].text() == ""
    assert "#e8710a" in dialog.result_label.styleSheet()  # moderate's colour with the label
    assert dialog.override_combo.itemText(0) == "No override (computed: Moderate)"
    combo(dialog, "s_older_partner").set_timing(ItemTiming.BOTH)
    assert dialog.result_label.text() == "Total score 19: Significant"
    save_screen(dialog, "person_risk_assessment_dialog")


def test_items_grouped_with_meaningless_timings_disabled(qtbot) -> None:
    dialog = make_dialog(qtbot)
    page = dialog._pages["seraf"]
    titles = [w.title() for w in page.findChildren(QWidget) if hasattr(w, "title")]
    assert titles == [
        "Vulnerabilities",
        "Moderate risk indicators",
        "Significant risk indicators",
    ]

    def enabled(code: str) -> list[ItemTiming]:
        c = combo(dialog, code)
        return [c.itemData(i) for i in range(c.count()) if c.model().item(i).isEnabled()]

    assert enabled("m_missing") == [ItemTiming.ABSENT, ItemTiming.RECENT]
    assert enabled("s_vehicles") == list(ItemTiming)
    assert enabled("v_isolation") == list(ItemTiming)


def test_item_grid_is_keyboard_operable_with_named_controls(qtbot) -> None:
    dialog = make_dialog(qtbot)
    first = combo(dialog, "v_abuse_history")
    assert first.accessibleName() == "History of abuse or neglect: when present"
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert first.timing is ItemTiming.RECENT
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is combo(dialog, "v_domestic_abuse")

    missing = combo(dialog, "m_missing")
    missing.setFocus()
    qtbot.keyClick(missing, Qt.Key.Key_Down)
    qtbot.keyClick(missing, Qt.Key.Key_Down)  # "6-12 months ago" and "both" are skipped
    assert missing.timing is ItemTiming.RECENT
    assert dialog.result_label.text() == "Total score 2: Not at risk"

    for widget in dialog.findChildren(QWidget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(dialog):
            assert widget.accessibleName().strip(), widget.objectName()


def test_the_form_scrolls_and_refuses_future_dates(qtbot) -> None:
    dialog = make_dialog(qtbot)
    assert isinstance(dialog.scroll, QScrollArea) and dialog.scroll.widgetResizable()
    dialog.resize(540, 420)
    qtbot.waitUntil(lambda: dialog.scroll.verticalScrollBar().maximum() > 0)
    body = dialog.scroll.widget()
    assert body.width() <= dialog.scroll.viewport().width()  # nothing cut off at the side
    save_screen(dialog, "person_risk_assessment_dialog_small")
    assert dialog.date_edit.maximumDate().toPython() == TODAY
    assert dialog.date_edit.calendarPopup()
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(5))
    assert dialog.date_edit.date().toPython() == TODAY


def test_london_categories_are_picked_not_scored(qtbot) -> None:
    recording = FakeRecording()
    dialog = make_dialog(qtbot, recording)
    dialog.instrument_combo.setCurrentIndex(dialog.instrument_combo.findData("london"))
    assert not dialog._pages["seraf"].isVisible() and dialog._pages["london"].isVisible()
    assert dialog.result_label.text() == "No category chosen yet"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_errors["judged_category"].text() == "Choose the category that applies"
    assert recording.calls == []
    picker = dialog.category_combos["london"]
    picker.setCurrentIndex(3)
    assert picker.currentText() == "Category 2 — Moderate"
    assert dialog.result_label.text() == "Category 2: Moderate"
    with qtbot.waitSignal(dialog.sig_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    command = recording.calls[0][1]
    assert command.instrument_code == "london" and command.answers == {}
    assert command.judged_category is RiskCategory.MODERATE


def test_override_needs_a_reason(qtbot) -> None:
    recording = FakeRecording()
    dialog = make_dialog(qtbot, recording)
    assert not dialog.override_reason_edit.isEnabled()
    dialog.override_combo.setCurrentIndex(dialog.override_combo.findData(RiskCategory.SIGNIFICANT))
    assert dialog.override_reason_edit.isEnabled()
    assert dialog.result_label.text() == "Total score 0: Not at risk — overridden to Significant"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.field_errors["override_reason"]
    assert error.isVisible()
    assert error.text() == "Give the reason for overriding the computed category"
    assert dialog.focusWidget() is dialog.override_reason_edit
    assert recording.calls == [] and dialog.isVisible()
    qtbot.keyClicks(dialog.override_reason_edit, "Seen in a car with Dean Rowe last night")
    with qtbot.waitSignal(dialog.sig_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    command = recording.calls[0][1]
    assert command.override_category is RiskCategory.SIGNIFICANT
    assert command.override_reason == "Seen in a car with Dean Rowe last night"


def test_service_validation_shows_next_to_the_field_and_keeps_the_text(qtbot) -> None:
    recording = FakeRecording(
        fail_with=invalid("Not saved", rationale="Explain the category in a sentence or two")
    )
    dialog = make_dialog(qtbot, recording)
    combo(dialog, "m_missing").set_timing(ItemTiming.RECENT)
    qtbot.keyClicks(dialog.words_edit, "Leave me alone")
    with qtbot.waitSignal(dialog.sig_error):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.field_errors["rationale"].text() == "Explain the category in a sentence or two"
    assert dialog.field_errors["rationale"].isVisible()
    assert dialog.words_edit.toPlainText() == "Leave me alone"
    assert combo(dialog, "m_missing").timing is ItemTiming.RECENT
    assert dialog.save_button.isEnabled()

    recording.fail_with = invalid("The database is read-only")
    with qtbot.waitSignal(dialog.sig_error):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "The database is read-only"


def test_a_save_through_the_worker_builds_the_command(qtbot) -> None:
    recording = FakeRecording()
    dialog = make_dialog(qtbot, recording, inline=False)
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-3))
    combo(dialog, "m_missing").set_timing(ItemTiming.RECENT)
    combo(dialog, "s_vehicles").set_timing(ItemTiming.BOTH)
    qtbot.keyClicks(dialog.words_edit, "They buy me stuff")
    qtbot.keyClicks(dialog.rationale_edit, "Escalating: cars and missing together")
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert isinstance(blocker.args[0], Changes) and blocker.args[0].record_id == 99
    qtbot.waitUntil(lambda: not dialog.isVisible())
    name, command = recording.calls[0]
    assert name == "record_assessment" and isinstance(command, AssessmentInput)
    assert command.young_person_id == 42 and command.instrument_code == "seraf"
    assert command.assessed_on == date(2026, 11, 20)
    assert command.answers["m_missing"] is ItemTiming.RECENT
    assert command.answers["s_vehicles"] is ItemTiming.BOTH
    assert command.answers["v_isolation"] is ItemTiming.ABSENT
    assert len(command.answers) == 26
    assert command.young_person_words == "They buy me stuff"
    assert command.rationale == "Escalating: cars and missing together"
    assert command.override_category is None and command.supersedes_id is None


def test_a_correction_is_prefilled_and_supersedes(qtbot) -> None:
    original = make_workspace().assessments[0]  # #4, Significant 17
    recording = FakeRecording()
    dialog = make_dialog(qtbot, recording, correcting=original)
    assert dialog.windowTitle() == "Correct assessment #4"
    note = dialog.findChild(QWidget, "correctionNote")
    assert "never edited" in note.text() and "supersedes #4" in note.text()
    assert combo(dialog, "s_vehicles").timing is ItemTiming.RECENT
    assert combo(dialog, "m_missing").timing is ItemTiming.RECENT
    assert dialog.date_edit.date().toPython() == original.assessed_on
    assert dialog.words_edit.toPlainText() == original.young_person_words
    combo(dialog, "m_missing").set_timing(ItemTiming.ABSENT)
    with qtbot.waitSignal(dialog.sig_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    command = recording.calls[0][1]
    assert command.supersedes_id == 4 and command.answers["m_missing"] is ItemTiming.ABSENT


def test_combos_ignore_the_wheel_unless_focused(qtbot) -> None:
    dialog = make_dialog(qtbot)
    assert all(
        isinstance(c, QComboBox) and c.focusPolicy() == Qt.FocusPolicy.StrongFocus
        for c in dialog.timing_combos["seraf"].values()
    )
