"""The one form dialog every screen builds on: fields with a message beside each, saved on a
worker, kept open with everything typed when the service refuses; and the recording form on it,
which also keeps a draft and merges an edit conflict field by field."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import EditConflict
from desktop.tasks import TaskRunner
from desktop.views.widgets.form_safety import SaveGuard
from desktop.views.widgets.forms import busy_bar, error_label, field_errors, message_of, show_error


class TextBox(QPlainTextEdit):
    """A multi-line box sized by its line count (a plain QPlainTextEdit asks for ~200 px)."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


def text_box(parent: QWidget, lines: int = 4) -> QPlainTextEdit:
    """A multi-line box where Tab moves on (keyboard users are not trapped in it)."""
    box = TextBox(parent)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class FormDialog(QDialog):
    """A window-modal form. ``add_field`` puts each field's message label right beneath it;
    a subclass's ``submit`` gathers the input and calls ``save(work)`` with the service call,
    which runs on the TaskRunner under ``save_key`` (a second click supersedes a running one).

    Field keys are the command's field names, so ``ValidationFailed.fields`` land next to the
    field they name; a message for no field goes under the form. Nothing typed is lost when a
    save fails: the dialog stays open.
    """

    #: Saved; argument: what the service returned.
    sig_saved = Signal(object)
    #: Saving failed; argument: the exception.
    sig_error = Signal(object)
    #: Field messages shorter than this are a tag; the error's own sentence is shown instead
    #: (the user and meeting services name a field with a short tag).
    SHORT_MESSAGE = 20

    def __init__(
        self,
        runner: TaskRunner,
        *,
        save_key: str,
        parent: QWidget | None,
        min_width: int = 480,
    ) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._runner = runner
        self._save_key = save_key
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.field_errors: dict[str, QLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}
        self.error_label = error_label(self, "formError", self.tr("Form message"))
        self.busy = busy_bar(self, self.tr("Saving"))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("formSave")
        self.save_button.setAccessibleName(self.tr("Save"))
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 16, 18, 14)
        self.body.setSpacing(10)
        self.body.addLayout(self.form)
        self.body.addWidget(self.error_label)
        self.body.addWidget(self.busy)
        self.body.addWidget(self.buttons)
        self.setMinimumWidth(min_width)

    # -- building -----------------------------------------------------------------------------

    def add_field(
        self,
        key: str,
        text: str,
        widget: QWidget,
        accessible: str,
        *,
        row: QWidget | None = None,
    ) -> None:
        """Add ``widget`` (or the ``row`` holding it) labelled ``text`` (its mnemonic focuses
        the widget), with its message label right beneath it in the same form row (a wrapped
        label on a row of its own gets far more height than its text needs)."""
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(accessible)
        if isinstance(widget, QComboBox):
            widget.view().setAccessibleName(accessible)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(row if row is not None else widget)
        message = error_label(
            box, f"error_{key}", self.tr("{field}: message").format(field=accessible)
        )
        column.addWidget(message)
        box.setFocusProxy(widget)
        label = QLabel(text, self)
        label.setBuddy(widget)
        self.form.addRow(label, box)
        self.field_errors[key] = message
        self.field_widgets[key] = widget

    def add_heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{escape(text)}</b>", self)
        label.setObjectName("formSection")
        self.form.addRow(label)
        return label

    def add_note(self, text: str, name: str = "formHint") -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(label)
        return label

    def fit_height(self) -> None:
        """Grow to show wrapped messages (a shown dialog does not re-measure by itself)."""
        layout = self.layout()
        layout.activate()
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(self.width())
        else:
            height = layout.totalSizeHint().height()
        if height > self.height():
            self.resize(self.width(), height)

    # -- messages -----------------------------------------------------------------------------

    def clear_errors(self) -> None:
        show_error(self.error_label, "")
        for label in self.field_errors.values():
            show_error(label, "")

    def show_field_error(self, key: str, message: str, *, focus: bool = True) -> None:
        label = self.field_errors.get(key)
        if label is None:
            show_error(self.error_label, message)
            self.fit_height()
            return
        show_error(label, message)
        self.fit_height()
        if focus:
            self.field_widgets[key].setFocus(Qt.FocusReason.OtherFocusReason)

    def field_error(self, key: str) -> str:
        """The message shown next to a field ("" when none)."""
        label = self.field_errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    # -- saving -------------------------------------------------------------------------------

    def local_errors(self) -> dict[str, str]:
        """Checks made before asking the service (it checks again); field -> message."""
        return {}

    def submit(self) -> None:
        raise NotImplementedError

    def save(self, work: Callable[[Any], Any]) -> None:
        self.clear_errors()
        errors = self.local_errors()
        if errors:
            for i, (key, message) in enumerate(errors.items()):
                self.show_field_error(key, message, focus=i == 0)
            return
        self._set_busy(True)
        self._runner.submit(
            work, on_done=self._on_saved, on_error=self._on_error, key=self._save_key
        )

    def _on_saved(self, result: Any) -> None:
        self._set_busy(False)
        self.sig_saved.emit(result)
        self.accept()

    def _on_error(self, error: BaseException) -> None:
        self._set_busy(False)
        fields = field_errors(error)
        shown = [k for k in fields if k in self.field_errors]
        for i, key in enumerate(shown):
            message = fields[key]
            self.show_field_error(
                key, message if len(message) >= self.SHORT_MESSAGE else str(error), focus=i == 0
            )
        unplaced = [msg for k, msg in fields.items() if k not in self.field_errors]
        if not shown or unplaced:
            show_error(self.error_label, self._form_message(error, unplaced if shown else []))
            self.fit_height()
        self.sig_error.emit(error)

    def _form_message(self, error: BaseException, unplaced: list[str]) -> str:
        if unplaced:
            return "; ".join(unplaced)
        return message_of(error, self.tr("Not saved: an unexpected error."))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.save_button.setEnabled(not busy)


class RecordDialog(SaveGuard, FormDialog):
    """A recording form on a young person's record: a FormDialog that also keeps a local draft
    of what is typed (offered back after a crash or a failed save) and opens the field-by-field
    merge when a colleague saved the same record first (form_safety.SaveGuard)."""

    SHORT_MESSAGE = 0  # recording services give a full sentence per field

    def __init__(
        self,
        *,
        runner: TaskRunner,
        save_key: str,
        parent: QWidget | None,
        min_width: int = 580,
    ) -> None:
        super().__init__(runner, save_key=save_key, parent=parent, min_width=min_width)
        self.init_guard()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setVerticalSpacing(6)
        # room a message grows into goes below the form, not around the message's row
        self.body.insertStretch(self.body.indexOf(self.buttons), 1)

    def _on_saved(self, result: Any) -> None:
        self.guard_saved()
        super()._on_saved(result)

    def _on_error(self, error: BaseException) -> None:
        if self.guard_failed(error):
            self._set_busy(False)
            self.sig_error.emit(error)
            return
        super()._on_error(error)

    def _form_message(self, error: BaseException, unplaced: list[str]) -> str:
        if isinstance(error, EditConflict):
            return self.tr(
                "Not saved: someone else changed this record while you were editing. "
                "Your text is still here; copy it, close, and open the record again."
            )
        return super()._form_message(error, unplaced)

    def reject(self) -> None:
        self.keep_draft_on_close()
        super().reject()
