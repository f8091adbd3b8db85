"""Break-glass: open a restricted record for this session only, with a typed reason, audited."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import resources
from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.interfaces import AccessApi
from desktop.tasks import TaskRunner
from desktop.views.widgets.forms import busy_bar, error_label, field_errors, message_of, show_error

BREAK_GLASS_KEY = "access.break_glass"
ACCESS_KEY = "access.check"


class BreakGlassDialog(QDialog):
    """Asks why; on success emits ``sig_granted`` with the actor carrying the session grant."""

    sig_granted = Signal(object)  # Actor

    def __init__(
        self,
        *,
        runner: TaskRunner,
        access_service: AccessApi,
        actor: Actor,
        young_person_id: int,
        label: str,
        min_reason: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("breakGlassDialog")
        self.setWindowTitle(self.tr("Restricted record"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._runner = runner
        self._service = access_service
        self._actor = actor
        self._young_person_id = young_person_id
        self._min_reason = min_reason
        #: The actor with the grant, once given.
        self.granted_actor: Actor | None = None

        icon = QLabel(self)
        icon.setPixmap(resources.icon("restricted").pixmap(32, 32))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        warning = QLabel(
            self.tr(
                "<b>This record ({label}) is restricted.</b><br>"
                "Opening it is recorded and your team manager will be told. "
                "Access lasts for this session only."
            ).format(label=label),
            self,
        )
        warning.setObjectName("breakGlassWarning")
        warning.setWordWrap(True)
        warning.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(icon)
        top.addWidget(warning, 1)

        prompt = QLabel(
            self.tr("&Why do you need to open it? (at least {count} characters)").format(
                count=min_reason
            ),
            self,
        )
        prompt.setWordWrap(True)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setObjectName("breakGlassReason")
        self.reason_edit.setAccessibleName(self.tr("Reason for opening the restricted record"))
        self.reason_edit.setAccessibleDescription(
            self.tr("At least {count} characters").format(count=min_reason)
        )
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(
            self.tr("For example: duty cover, police called about a missing episode tonight")
        )
        self.reason_edit.setFixedHeight(90)
        prompt.setBuddy(self.reason_edit)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("breakGlassCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.error_label = error_label(self, "breakGlassError", self.tr("Reason message"))
        self.busy = busy_bar(self, self.tr("Recording break-glass access"))

        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(
            self.tr("&Open record"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setIcon(resources.icon("restricted"))
        self.open_button.setObjectName("breakGlassOpen")
        self.open_button.setAccessibleName(self.tr("Open the restricted record"))
        self.open_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel: do not open the record"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._on_reason_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.count_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self._on_reason_changed()
        self.reason_edit.setFocus()

    def submit(self) -> None:
        """Ask the service; a too-short reason comes back as a message under the field."""
        reason = self.reason_edit.toPlainText()
        service, actor, yp = self._service, self._actor, self._young_person_id
        self._set_busy(True)
        show_error(self.error_label, "")
        self._runner.submit(
            lambda _progress: service.break_glass(actor, yp, reason),
            on_done=self._on_granted,
            on_error=self._on_error,
            key=BREAK_GLASS_KEY,
        )

    def _on_reason_changed(self) -> None:
        length = len(" ".join(self.reason_edit.toPlainText().split()))
        self.count_label.setText(
            self.tr("{count} of at least {least} characters").format(
                count=length, least=self._min_reason
            )
        )

    def _on_granted(self, actor: Actor) -> None:
        self._set_busy(False)
        self.granted_actor = actor
        self.sig_granted.emit(actor)
        self.accept()

    def _on_error(self, error: BaseException) -> None:
        self._set_busy(False)
        fields = field_errors(error)
        message = message_of(error, self.tr("The record could not be opened (unexpected error)."))
        show_error(self.error_label, message)
        if "reason" in fields:
            self.reason_edit.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.open_button.setEnabled(not busy)
        self.reason_edit.setReadOnly(busy)


class RecordOpener(QObject):
    """Opening a restricted row: ask the service; initials only → the break-glass dialog."""

    #: Break-glass granted: young person id, the actor now carrying the session grant.
    sig_granted = Signal(int, object)
    #: The user already has full access (arguments: young person id, the name to show).
    sig_full_access = Signal(int, str)
    #: Something to tell the user in the status bar.
    sig_message = Signal(str)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        access_service: AccessApi,
        actor: Callable[[], Actor],
        min_reason: int,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._runner = runner
        self._service = access_service
        self._actor = actor
        self._min_reason = min_reason
        self._window = window
        #: The break-glass dialog while one is open.
        self.dialog: BreakGlassDialog | None = None

    def open(self, young_person_id: int, label: str) -> None:
        service, actor = self._service, self._actor()
        self.sig_message.emit(self.tr("Checking access…"))
        self._runner.submit(
            lambda _p: service.access_to(actor, young_person_id),
            on_done=lambda access: self._on_access_checked(young_person_id, label, access),
            on_error=self._on_error,
            key=ACCESS_KEY,
        )

    def _on_access_checked(self, young_person_id: int, label: str, access: Access) -> None:
        if access is Access.FULL:
            self.sig_full_access.emit(young_person_id, label)
            return
        if access is Access.NONE:
            self.sig_message.emit(self.tr("This young person is not in your caseload"))
            return
        self.sig_message.emit("")
        dialog = BreakGlassDialog(
            runner=self._runner,
            access_service=self._service,
            actor=self._actor(),
            young_person_id=young_person_id,
            label=label,
            min_reason=self._min_reason,
            parent=self._window,
        )
        self.dialog = dialog
        dialog.sig_granted.connect(lambda actor: self.sig_granted.emit(young_person_id, actor))
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: BreakGlassDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _on_error(self, error: BaseException) -> None:
        self.sig_message.emit(
            message_of(error, self.tr("The record could not be opened (unexpected error)."))
        )
