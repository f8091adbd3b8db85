"""No lost edits in the record forms: merge on conflict, one request id per save, local drafts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from desktop.app import create_application
from desktop.domain.enums import ChronologyCategory, DatePrecision
from desktop.domain.errors import EditConflict
from desktop.domain.workspace import ChronologyItem
from desktop.drafts import DraftKey, DraftStore
from desktop.tasks import TaskRunner
from desktop.views.person.chronology_dialog import ChronologyEntryDialog
from desktop.views.person.missing_dialogs import MissingEpisodeDialog
from desktop.views.widgets.conflict_dialog import ConflictDialog
from tests.views.fake_workspace import TODAY, FakeRecording, invalid, make_workspace
from tests.views.fakes import ACTOR, OFFSCREEN_LOG_IGNORE
from tests.views.screens import save_screen
from tests.views.test_accessibility import unnamed_focusable

pytestmark = OFFSCREEN_LOG_IGNORE

KIT_AT = datetime(2026, 11, 20, 14, 32, tzinfo=UTC)
LONG_MINE = (
    "Told her teacher that an older man she met online has been picking her up after school "
    "and buying her vapes; she would not give his name."
)
LONG_THEIRS = (
    "Told her teacher that an older man has been collecting her from school in a silver car; "
    "police informed the same day (ref 14/2231)."
)


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


def entry() -> ChronologyItem:
    return next(c for c in make_workspace().chronology if c.entry_id == 1)


def open_dialog(
    qtbot, recording: FakeRecording, store: DraftStore, runner: TaskRunner | None = None
) -> ChronologyEntryDialog:
    create_application()
    dialog = ChronologyEntryDialog(
        runner=runner or TaskRunner(inline=True),
        recording=recording,
        actor=lambda: ACTOR,
        young_person_id=42,
        item=entry(),
        today=TODAY,
        drafts=store,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def colleague_saved(dialog: ChronologyEntryDialog, **changes: object) -> EditConflict:
    """What the service raises after Kit saved ``changes`` over the entry the form opened."""
    stored = {**dialog.base_values, **changes}
    return EditConflict(
        "This entry was changed by Kit Keyperson",
        current=stored,
        changed_by="Kit Keyperson",
        changed_at=KIT_AT,
        version=2,
    )


def test_conflict_merges_one_sided_changes_and_asks_about_the_rest(
    qtbot, store: DraftStore
) -> None:
    recording = FakeRecording()
    dialog = open_dialog(qtbot, recording, store)
    item = entry()
    dialog.description_edit.setPlainText(LONG_MINE)
    dialog.person_edit.setText("Ms Khan (DSL)")
    recording.fail_with = colleague_saved(
        dialog,
        description=LONG_THEIRS,
        analysis="Pattern consistent with grooming; strategy meeting requested.",
        category=ChronologyCategory.POLICE,
    )
    dialog.save_button.click()
    first = recording.calls[-1][1]
    conflict = dialog.conflict_dialog
    assert isinstance(conflict, ConflictDialog) and conflict.isVisible()
    assert dialog.isVisible() and dialog.description_edit.toPlainText() == LONG_MINE
    assert list(conflict.groups) == ["description"]  # the only field both changed
    assert "only they changed" in conflict.findChild(QLabel, "result_analysis").text()
    assert "only you changed" in conflict.findChild(QLabel, "result_source_person").text()
    assert conflict.findChild(QLabel, "theirs_category").text() != ""
    intro = conflict.findChild(QLabel, "conflictIntro").text()
    assert "Kit Keyperson" in intro and "Nothing has been saved or overwritten" in intro
    mine_box = conflict.findChild(QPlainTextEdit, "mine_description")
    theirs_box = conflict.findChild(QPlainTextEdit, "theirs_description")
    assert (mine_box.toPlainText(), theirs_box.toPlainText()) == (LONG_MINE, LONG_THEIRS)
    assert unnamed_focusable(conflict) == []
    conflict.resize(900, 600)
    qtbot.wait(50)  # let the scroll area settle its layout
    save_screen(conflict, "conflict_dialog")

    # keep every word: edit my text into theirs
    conflict.choose("description", "edit")
    editor = conflict.editors["description"]
    assert editor.isEnabled() and editor.toPlainText() == LONG_MINE
    editor.setPlainText(LONG_MINE + " Police informed the same day (ref 14/2231).")
    recording.fail_with = None
    with qtbot.waitSignal(dialog.sig_saved):
        conflict.save_button.click()
    saved = recording.calls[-1][1]
    assert saved.version == 2 and saved.entry_id == item.entry_id
    assert saved.request_id == first.request_id  # the same save, retried
    assert saved.description.endswith("(ref 14/2231).") and saved.description.startswith("Told")
    assert saved.analysis.startswith("Pattern consistent")  # theirs, merged in
    assert saved.category is ChronologyCategory.POLICE
    assert saved.source_person == "Ms Khan (DSL)"  # mine, kept
    assert not dialog.isVisible()
    assert store.load(DraftKey(ACTOR.username, "chronology_entry", 42, 1)) is None


def test_take_theirs_and_cancel_back_to_the_form(qtbot, store: DraftStore) -> None:
    recording = FakeRecording()
    dialog = open_dialog(qtbot, recording, store)
    dialog.analysis_edit.setPlainText("My judgement")
    recording.fail_with = colleague_saved(dialog, analysis="Their judgement")
    dialog.save_button.click()
    conflict = dialog.conflict_dialog
    assert conflict is not None
    conflict.cancel_button.click()
    assert dialog.conflict_dialog is None and dialog.isVisible()
    assert dialog.analysis_edit.toPlainText() == "My judgement"
    assert "Kit Keyperson changed this record" in dialog.error_label.text()
    kept = store.load(DraftKey(ACTOR.username, "chronology_entry", 42, 1))
    assert kept is not None and kept.values["analysis"] == "My judgement"

    dialog.save_button.click()  # again: the conflict is offered again
    conflict = dialog.conflict_dialog
    assert conflict is not None
    conflict.choose("analysis", "theirs")
    recording.fail_with = None
    conflict.save_button.click()
    saved = recording.calls[-1][1]
    assert (saved.analysis, saved.version) == ("Their judgement", 2)
    assert dialog.analysis_edit.toPlainText() == "Their judgement"


def test_conflict_through_the_real_worker(qtbot, store: DraftStore) -> None:
    recording = FakeRecording()
    runner = TaskRunner()
    dialog = open_dialog(qtbot, recording, store, runner)
    dialog.person_edit.setText("PC Hollis")
    recording.fail_with = colleague_saved(dialog, significant=not entry().significant)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.conflict_dialog is not None, timeout=5000)
    conflict = dialog.conflict_dialog
    assert conflict is not None and conflict.groups == {}  # nothing to choose
    recording.fail_with = None
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000):
        conflict.save_button.click()
    saved = recording.calls[-1][1]
    assert saved.significant is (not entry().significant) and saved.version == 2
    assert runner.wait_idle()


def test_a_plain_conflict_without_values_keeps_the_old_message(qtbot, store: DraftStore) -> None:
    recording = FakeRecording()
    dialog = open_dialog(qtbot, recording, store)
    recording.fail_with = EditConflict("Someone else saved this entry first.")
    dialog.save_button.click()
    assert dialog.conflict_dialog is None and "someone else changed" in dialog.error_label.text()


# ---------------------------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------------------------


def test_typing_writes_a_draft_after_a_pause_and_reopening_offers_it(
    qtbot, store: DraftStore
) -> None:
    recording = FakeRecording()
    key = DraftKey(ACTOR.username, "chronology_entry", 42, 1)
    dialog = open_dialog(qtbot, recording, store)
    assert dialog.draft_offer is None
    dialog.description_edit.setPlainText("Typed before the laptop lid closed")
    assert dialog.draft_timer.isActive() and store.load(key) is None
    qtbot.waitUntil(lambda: store.load(key) is not None, timeout=3000)
    request_id = dialog.request_id
    dialog.close()  # a crash would leave the same file

    again = open_dialog(qtbot, recording, store)
    offer = again.draft_offer
    assert offer is not None and offer.isVisible()
    text = offer.findChild(QLabel, "draftOfferText").text()
    assert text.startswith("Restore your unsaved draft from ") and text.endswith("?")
    assert again.description_edit.toPlainText() != "Typed before the laptop lid closed"
    again.resize(900, 600)
    save_screen(again, "chronology_entry_draft_offer")
    again.description_edit.setPlainText("not yet")  # no autosave over the offered draft
    assert not again.draft_timer.isActive()
    again.restore_draft()
    assert again.draft_offer is None
    assert again.description_edit.toPlainText() == "Typed before the laptop lid closed"
    assert again.request_id == request_id  # a save that did commit is not applied twice
    with qtbot.waitSignal(again.sig_saved):
        again.save_button.click()
    assert recording.calls[-1][1].request_id == request_id
    assert store.load(key) is None  # saved: the draft goes


def test_discard_deletes_the_draft(qtbot, store: DraftStore) -> None:
    key = DraftKey(ACTOR.username, "chronology_entry", 42, 1)
    store.save(key, {"description": "old words"}, version=1)
    dialog = open_dialog(qtbot, FakeRecording(), store)
    assert dialog.draft_offer is not None
    dialog.discard_draft()
    assert dialog.draft_offer is None and store.load(key) is None
    assert dialog.description_edit.toPlainText() == entry().description


def test_a_failed_save_keeps_a_draft_at_once(qtbot, store: DraftStore) -> None:
    recording = FakeRecording()
    dialog = open_dialog(qtbot, recording, store)
    dialog.description_edit.setPlainText("Words that must survive")
    recording.fail_with = invalid("The database could not be reached")
    dialog.save_button.click()
    draft = store.load(DraftKey(ACTOR.username, "chronology_entry", 42, 1))
    assert draft is not None and draft.values["description"] == "Words that must survive"
    assert draft.request_id == recording.calls[-1][1].request_id and draft.version == 1
    assert draft.values["precision"] in (p.value for p in DatePrecision)


def test_a_restored_draft_merges_against_the_record_it_was_typed_over(
    qtbot, store: DraftStore
) -> None:
    """Kit saved after the draft was kept: saving the draft is a conflict, not an overwrite."""
    recording = FakeRecording()
    key = DraftKey(ACTOR.username, "chronology_entry", 42, 1)
    first = open_dialog(qtbot, recording, store)
    first.analysis_edit.setPlainText("Draft analysis")
    first.save_draft()
    base = dict(first.base_values)
    first.close()
    dialog = open_dialog(qtbot, recording, store)
    dialog.restore_draft()
    assert dialog.command().version == 1 and dialog.base_values == base
    recording.fail_with = colleague_saved(dialog, analysis="Kit's analysis")
    dialog.save_button.click()
    assert dialog.conflict_dialog is not None
    assert list(dialog.conflict_dialog.groups) == ["analysis"]
    assert store.load(key) is not None


def test_missing_episode_return_merges_through_the_other_form_base(
    qtbot, store: DraftStore
) -> None:
    create_application()
    recording = FakeRecording()
    episode = make_workspace().missing[0]
    dialog = MissingEpisodeDialog(
        runner=TaskRunner(inline=True),
        recording=recording,
        actor=lambda: ACTOR,
        young_person_id=42,
        episode=episode,
        drafts=store,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.where_edit is not None
    dialog.where_edit.setText("Bus station")
    recording.fail_with = EditConflict(
        "changed",
        current={**dialog.base_values, "notes": "Police grade raised"},
        changed_by="Kit Keyperson",
        changed_at=KIT_AT,
        version=episode.version + 1,
    )
    dialog.save_button.click()
    conflict = dialog.conflict_dialog
    assert conflict is not None and conflict.groups == {}
    recording.fail_with = None
    conflict.save_button.click()
    saved = recording.calls[-1][1]
    assert (saved.where_found, saved.notes) == ("Bus station", "Police grade raised")
    assert saved.version == episode.version + 1
