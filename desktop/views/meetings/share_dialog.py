"""Share a meeting pack or a case summary with partner-agency readers: choose the readers and
whether it is for a wider audience (the default); the service builds and stores the copy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.meetings import PackOptions
from desktop.domain.progress import Progress
from desktop.interfaces import SharingApi
from desktop.tasks import TaskRunner
from desktop.views.widgets.forms import busy_bar, error_label, field_errors, message_of, show_error

#: The recipient's user id on each list item.
IdRole = Qt.ItemDataRole.UserRole


class ShareDialog(QDialog):
    """Non-modal. ``reload()`` lists the partner-agency readers; Share builds and stores one copy
    per chosen reader on the runner."""

    #: The readers are listed (argument: how many).
    sig_loaded = Signal(int)
    #: Shared (argument: the list of SharedDocumentView made).
    sig_shared = Signal(object)
    #: Loading or sharing failed (argument: the message shown).
    sig_failed = Signal(str)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        sharing: SharingApi,
        actor: Actor | Callable[[], Actor],
        kind: Literal["pack", "summary"],
        target_id: int,
        subject: str = "",
        options: PackOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shareDialog")
        self._runner = runner
        self._service = sharing
        self._actor = actor
        self._kind = kind
        self._target_id = target_id
        #: Content options from the pack dialog (conditional intelligence, marking); the
        #: wider-audience choice is made here and a password never applies.
        self._options = replace(options or PackOptions(), password=None)
        self._key = f"share.{kind}.{target_id}"
        what = self.tr("meeting pack") if kind == "pack" else self.tr("case summary")
        self.setWindowTitle(
            self.tr("Share with partner agency — {subject}").format(subject=subject)
        )

        intro = QLabel(
            self.tr(
                "Share the {what} with partner-agency readers. Caseboard makes the PDF now, with "
                "only what you may see, and keeps it: each reader you choose sees it on their "
                "home screen until you revoke it. Sharing and every opening are recorded in the "
                "audit log."
            ).format(what=what),
            self,
        )
        intro.setObjectName("shareIntro")
        intro.setWordWrap(True)

        readers_label = QLabel(self.tr("&Readers:"), self)
        self.recipients = QListWidget(self)
        self.recipients.setObjectName("shareRecipients")
        self.recipients.setAccessibleName(self.tr("Partner-agency readers to share with"))
        self.recipients.setAccessibleDescription(
            self.tr("Press Space to tick or untick the selected reader.")
        )
        self.recipients.setMinimumHeight(120)
        readers_label.setBuddy(self.recipients)
        self.recipients_error = error_label(
            self, "shareRecipientsError", self.tr("Readers message")
        )

        self.wider_check = QCheckBox(self.tr("For a &wider audience (recommended)"), self)
        self.wider_check.setObjectName("shareWiderAudience")
        self.wider_check.setAccessibleName(self.tr("For a wider audience"))
        self.wider_check.setChecked(True)
        wider_help = QLabel(
            self.tr(
                "Young people by their initials only and no date of birth anywhere. Untick only "
                "when the reader needs names and you have agreed it."
            ),
            self,
        )
        wider_help.setWordWrap(True)
        wider_help.setProperty("role", "hint")
        self.wider_check.setAccessibleDescription(wider_help.text())
        if self._options.include_conditional:
            note = self.tr("Intelligence with handling code C is included, as you chose.")
        else:
            note = self.tr("Intelligence with handling code C is left out.")
        self.conditional_note = QLabel(
            note + " " + self.tr("Shared copies are not password-protected."), self
        )
        self.conditional_note.setObjectName("shareNote")
        self.conditional_note.setWordWrap(True)
        self.conditional_note.setProperty("role", "hint")

        self.busy = busy_bar(self, self.tr("Working"))
        self.error = error_label(self, "shareError", self.tr("Share message"))
        self.status_label = QLabel(self)
        self.status_label.setObjectName("shareStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setProperty("role", "ok")
        self.status_label.setAccessibleName(self.tr("Share status"))
        self.status_label.hide()

        self.buttons = QDialogButtonBox(self)
        self.share_button = self.buttons.addButton(
            self.tr("&Share"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.share_button.setObjectName("shareButton")
        self.share_button.setAccessibleName(self.tr("Share with the ticked readers"))
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("shareClose")
        self.close_button.setAccessibleName(self.tr("Close"))
        self.buttons.accepted.connect(self.share)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addWidget(readers_label)
        layout.addWidget(self.recipients, 1)
        layout.addWidget(self.recipients_error)
        layout.addWidget(self.wider_check)
        layout.addWidget(wider_help)
        layout.addWidget(self.conditional_note)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self.recipients.itemChanged.connect(lambda _item: self._update_buttons())
        self._busy = False
        self._update_buttons()
        self.resize(520, 480)

    # -- public API -------------------------------------------------------------------------

    def actor(self) -> Actor:
        return self._actor() if callable(self._actor) else self._actor

    def reload(self) -> None:
        service, actor = self._service, self.actor()
        self._set_busy(True)
        self._runner.submit(
            lambda _p: service.list_recipients(actor),
            on_done=self._on_loaded,
            on_error=self._on_failed,
            key=f"{self._key}.recipients",
        )

    def chosen_ids(self) -> list[int]:
        return [
            int(item.data(IdRole))
            for item in (self.recipients.item(i) for i in range(self.recipients.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, ids: set[int]) -> None:
        for i in range(self.recipients.count()):
            item = self.recipients.item(i)
            checked = int(item.data(IdRole)) in ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def options(self) -> PackOptions:
        return replace(self._options, wider_audience=self.wider_check.isChecked())

    def share(self) -> None:
        ids = self.chosen_ids()
        show_error(self.recipients_error, "")
        if not ids:
            show_error(self.recipients_error, self.tr("Tick at least one reader to share with"))
            self.recipients.setFocus()
            return
        service, actor, options = self._service, self.actor(), self.options()
        target = self._target_id
        share = service.share_pack if self._kind == "pack" else service.share_summary

        def work(progress: Progress) -> list[Any]:
            return share(actor, target, options, ids, progress)

        self.status_label.hide()
        self._set_busy(True)
        self._runner.submit(work, on_done=self._on_shared, on_error=self._on_failed, key=self._key)

    # -- slots ------------------------------------------------------------------------------

    def _on_loaded(self, readers: list[Any]) -> None:
        self._set_busy(False)
        self.recipients.clear()
        for reader in readers:
            text = (
                f"{reader.display_name} — {reader.agency}" if reader.agency else reader.display_name
            )
            item = QListWidgetItem(text, self.recipients)
            item.setData(IdRole, reader.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        if not readers:
            show_error(
                self.recipients_error,
                self.tr("There are no active partner-agency readers; ask your administrator."),
            )
        elif self.recipients.currentRow() < 0:
            self.recipients.setCurrentRow(0)
        self._update_buttons()
        self.sig_loaded.emit(len(readers))

    def _on_shared(self, shared: list[Any]) -> None:
        self._set_busy(False)
        names = ", ".join(d.shared_with for d in shared)
        text = self.tr("Shared with {names}. They see it on their home screen.").format(names=names)
        self.status_label.setText(text)
        self.status_label.setAccessibleDescription(text)
        self.status_label.show()
        self.set_chosen(set())
        self.sig_shared.emit(shared)

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        message = message_of(
            error, self.tr("The document could not be shared: an unexpected error.")
        )
        fields = field_errors(error)
        if "recipients" in fields:
            show_error(self.recipients_error, message)
        else:
            show_error(self.error, message)
        self.sig_failed.emit(message)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        if busy:
            show_error(self.error, "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.share_button.setEnabled(not self._busy and bool(self.chosen_ids()))

    def done(self, result: int) -> None:
        """Closing stops a share still being made (nothing is stored)."""
        if self._busy:
            self._runner.cancel(self._key)
        super().done(result)
