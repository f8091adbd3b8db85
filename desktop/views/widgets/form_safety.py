"""What keeps a record form from losing work: merge on conflict, request ids, local drafts.

Mixed into both RecordDialog bases (before QDialog in the bases). The host form provides
``command()`` (its command dataclass, built from the widgets), ``set_form_values(values)``
(the reverse), ``submit()``, ``error_label`` and ``_set_busy``; it calls ``init_guard()`` in
its ``__init__`` and ``track(...)`` once the widgets show the record, and routes its save
outcome through ``guard_saved()`` / ``guard_failed(error)``.
"""

from __future__ import annotations

import contextlib
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.domain.dates import to_local
from desktop.domain.errors import EditConflict
from desktop.domain.merge import merge
from desktop.drafts import Draft, DraftKey, DraftStore
from desktop.views.widgets.conflict_dialog import ConflictDialog, display_value
from desktop.views.widgets.forms import show_error

#: Command fields that say what is edited, not what the user typed.
META_FIELDS = frozenset({"young_person_id", "entry_id", "episode_id", "version", "request_id"})
#: Typing pause before a draft is written (ms).
DRAFT_DELAY_MS = 1000


def draft_time(saved_at: datetime, now: datetime | None = None) -> str:
    """'14:32' today, else '3 Mar 14:32', in UK time."""
    local = to_local(saved_at)
    today = to_local(now or datetime.now(UTC)).date()
    return f"{local:%H:%M}" if local.date() == today else f"{local.day} {local:%b %H:%M}"


class SaveGuard:
    """Conflict merging, idempotent retries and drafts for a QDialog record form."""

    #: The draft file's form name ("" = this form keeps no drafts).
    draft_kind = ""
    #: Long-text fields, offered "edit my text" when both sides changed them.
    long_text_fields: frozenset[str] = frozenset()

    # -- set-up ------------------------------------------------------------------------------

    def init_guard(self) -> None:
        #: The id of this form's save: the same on every retry until a save succeeds.
        self.request_id = str(uuid4())
        self.base_values: dict[str, object] = {}
        self._version_override: int | None = None
        self._version_overridden = False
        self._tracking = False
        self.drafts: DraftStore | None = None
        self.draft_key: DraftKey | None = None
        self.draft_offer: QFrame | None = None
        self._offered: Draft | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.draft_timer = QTimer(self._dialog)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.save_draft)

    @property
    def _dialog(self) -> QDialog:
        assert isinstance(self, QDialog)
        return self

    def track(
        self,
        *,
        username: str,
        young_person_id: int,
        record_id: int | None,
        drafts: DraftStore | None,
    ) -> None:
        """Remember the record as opened (the merge base), offer a kept draft, autosave."""
        self.base_values = self.form_values()
        if drafts is not None and self.draft_kind:
            self.drafts = drafts
            self.draft_key = DraftKey(username, self.draft_kind, young_person_id, record_id)
            draft = drafts.load(self.draft_key)
            if draft is not None:
                self._offer_draft(draft)
        for widget in self._dialog.findChildren(QWidget):
            self._watch(widget)
        self._tracking = True

    def _watch(self, widget: QWidget) -> None:
        edited = self._on_form_edited
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.textChanged.connect(edited)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(edited)
        elif isinstance(widget, QDateTimeEdit):
            widget.dateTimeChanged.connect(edited)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(edited)
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            widget.toggled.connect(edited)

    # -- what the host provides --------------------------------------------------------------

    def command(self) -> Any:
        raise NotImplementedError

    def set_form_values(self, values: dict[str, object]) -> None:
        """Show ``values`` (command field -> value; enums may come as their raw value)."""
        raise NotImplementedError

    # -- values and versions -----------------------------------------------------------------

    def form_values(self) -> dict[str, object]:
        cmd = self.command()
        return {f.name: getattr(cmd, f.name) for f in fields(cmd) if f.name not in META_FIELDS}

    def version_for(self, opened: int | None) -> int | None:
        """The version to save with: the opened one, until a merge moves it on."""
        return self._version_override if self._version_overridden else opened

    def _set_version(self, version: int | None) -> None:
        self._version_override, self._version_overridden = version, True

    def field_labels(self) -> dict[str, str]:
        labels = {}
        for name in self.form_values():
            widget = self._dialog.findChild(QWidget, f"field_{name}")
            if widget is not None and widget.accessibleName():
                labels[name] = widget.accessibleName()
        return labels

    def format_value(self, name: str, value: object) -> str:
        return display_value(value)

    # -- save outcomes -----------------------------------------------------------------------

    def guard_saved(self) -> None:
        self.draft_timer.stop()
        if self.drafts is not None and self.draft_key is not None and self._offered is None:
            self.drafts.delete(self.draft_key)

    def guard_failed(self, error: BaseException) -> bool:
        """Keep a draft; open the conflict dialog for a conflict (True: it is handled)."""
        self.save_draft(force=True)
        if isinstance(error, EditConflict) and self._tracking and error.current:
            self._open_conflict(error)
            return True
        return False

    def _open_conflict(self, conflict: EditConflict) -> None:
        mine = self.form_values()
        theirs = {k: v for k, v in conflict.current.items() if k in mine}
        result = merge(self.base_values, mine, theirs)
        dialog = ConflictDialog(
            mine=mine,
            theirs=theirs,
            result=result,
            labels=self.field_labels(),
            changed_by=conflict.changed_by,
            changed_at=conflict.changed_at,
            long_text=self.long_text_fields,
            fmt=self.format_value,
            parent=self._dialog,
        )
        dialog.sig_resolved.connect(lambda values: self._on_conflict_resolved(conflict, values))
        dialog.rejected.connect(lambda: self._on_conflict_cancelled(conflict))
        self.conflict_dialog = dialog
        dialog.open()

    def _on_conflict_resolved(self, conflict: EditConflict, values: dict[str, object]) -> None:
        self.conflict_dialog = None
        self.set_form_values(values)
        self.base_values = {**self.base_values, **conflict.current}
        self._set_version(conflict.version)
        self.submit()

    def _on_conflict_cancelled(self, conflict: EditConflict) -> None:
        self.conflict_dialog = None
        who = conflict.changed_by or self._dialog.tr("someone else")
        show_error(
            self.error_label,
            self._dialog.tr(
                "Not saved: {who} changed this record while you were editing. Everything you "
                "typed is still here; save again to compare and merge."
            ).format(who=who),
        )

    def submit(self) -> None:
        raise NotImplementedError

    error_label: QLabel

    # -- drafts ------------------------------------------------------------------------------

    def _on_form_edited(self, *_: object) -> None:
        if self._tracking and self.drafts is not None and self._offered is None:
            self.draft_timer.start()

    def save_draft(self, force: bool = False) -> None:
        """Write what is typed now (nothing while a kept draft is still on offer)."""
        self.draft_timer.stop()
        if self.drafts is None or self.draft_key is None or self._offered is not None:
            return
        values = self.form_values()
        if values == self.base_values and not force:
            self.drafts.delete(self.draft_key)
            return
        with contextlib.suppress(OSError, TypeError, ValueError):
            self.drafts.save(
                self.draft_key,
                values,
                request_id=self.request_id,
                version=getattr(self.command(), "version", None),
                base=self.base_values,
            )

    def _offer_draft(self, draft: Draft) -> None:
        self._offered = draft
        bar = QFrame(self._dialog)
        bar.setObjectName("draftOffer")
        bar.setProperty("role", "notice")
        bar.setFrameShape(QFrame.Shape.StyledPanel)
        # a pale notice colour, set here so it does not depend on the app's style sheet
        bar.setStyleSheet("QFrame#draftOffer { background: #fff4d6; border: 1px solid #e0b94f; }")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 6, 10, 6)
        text = QLabel(
            self._dialog.tr("Restore your unsaved draft from {time}?").format(
                time=draft_time(draft.saved_at)
            ),
            bar,
        )
        text.setObjectName("draftOfferText")
        text.setWordWrap(True)
        restore = QPushButton(self._dialog.tr("&Restore"), bar)
        restore.setObjectName("draftRestore")
        restore.setAccessibleName(self._dialog.tr("Restore the unsaved draft"))
        discard = QPushButton(self._dialog.tr("&Discard draft"), bar)
        discard.setObjectName("draftDiscard")
        discard.setAccessibleName(self._dialog.tr("Discard the unsaved draft"))
        for button in (restore, discard):
            button.setAutoDefault(False)
        restore.clicked.connect(self.restore_draft)
        discard.clicked.connect(self.discard_draft)
        row.addWidget(text, 1)
        row.addWidget(restore)
        row.addWidget(discard)
        layout = self._dialog.layout()
        assert isinstance(layout, QBoxLayout)
        layout.insertWidget(0, bar)
        self.draft_offer = bar

    def _close_offer(self) -> None:
        self._offered = None
        if self.draft_offer is not None:
            self.draft_offer.hide()
            self.draft_offer.deleteLater()
            self.draft_offer = None

    def restore_draft(self) -> None:
        draft = self._offered
        if draft is None:
            return
        self._close_offer()
        self.set_form_values(draft.values)
        if draft.request_id:
            self.request_id = draft.request_id
        if self.draft_key is not None and self.draft_key.record_id is not None:
            # the draft was typed over the record as it was then: merge against that
            self.base_values = {**self.base_values, **draft.base}
            self._set_version(draft.version)

    def discard_draft(self) -> None:
        self._close_offer()
        if self.drafts is not None and self.draft_key is not None:
            self.drafts.delete(self.draft_key)

    def keep_draft_on_close(self) -> None:
        """Closing the form keeps what was typed (a pending autosave is written now)."""
        if self._tracking and self.draft_timer.isActive():
            self.save_draft()
