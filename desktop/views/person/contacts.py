"""The key-person contacts tab: cadence against target, contacts per week, and the contact log."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import resources
from desktop.domain.access import Access
from desktop.domain.actor import Actor
from desktop.domain.commands import ContactTargetInput
from desktop.domain.dates import format_datetime
from desktop.domain.errors import EditConflict
from desktop.domain.workspace import ContactSummary, ContactView, PersonWorkspace
from desktop.interfaces import RecordingApi
from desktop.models.contacts import (
    Column,
    ContactsTableModel,
    duration_text,
    initiated_label,
    kind_label,
    with_label,
)
from desktop.tasks import TaskRunner
from desktop.views.person.contact_chart import ContactChart
from desktop.views.person.contact_dialog import ContactDialog
from desktop.views.widgets.forms import message_of
from desktop.views.widgets.tables import RecordTable

#: TaskRunner key of the cadence-target save (a contact save uses ContactDialog's key).
TARGET_KEY = "person.contacts.target"

GAP_COLOUR = "#a4161a"
OK_COLOUR = "#1b5e20"

_STYLE = f"""
QFrame#contactSummary {{
    background: #ffffff;
    border: 1px solid #c4cbd4;
    border-radius: 6px;
}}
QFrame#contactSummary QLabel[role="caption"] {{ color: #4b5563; }}
QFrame#contactSummary QLabel[role="figure"] {{
    font-size: 15pt;
    font-weight: bold;
    color: #1b1f24;
}}
QLabel#contactGapState[state="gap"] {{
    color: {GAP_COLOUR};
    font-weight: bold;
}}
QLabel#contactGapState[state="ok"] {{ color: {OK_COLOUR}; font-weight: bold; }}
QFrame#contactGapCard[state="gap"] {{
    background: #fde3e3;
    border-left: 5px solid {GAP_COLOUR};
    border-radius: 4px;
}}
QFrame#contactGapCard[state="ok"] {{
    background: #e8f5e9;
    border-left: 5px solid {OK_COLOUR};
    border-radius: 4px;
}}
QLabel#contactTargetMessage[state="error"] {{ color: {GAP_COLOUR}; font-weight: bold; }}
QLabel#contactTargetMessage[state="ok"] {{ color: {OK_COLOUR}; }}
QLabel#contactLogTitle {{ font-weight: bold; color: #1f3a5f; }}
"""


def _restyle(widget: QWidget, state: str) -> None:
    widget.setProperty("state", state)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ContactsPanel(QWidget):
    """Key-person contacts of one young person: summary, weekly chart, log, add, target."""

    #: A save succeeded; argument: the ``Changes`` the service returned.
    sig_saved = Signal(object)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: RecordingApi,
        actor: Callable[[], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactsPanel")
        self.setStyleSheet(_STYLE)
        self._runner = runner
        self._recording = recording
        self._actor = actor
        self._ws: PersonWorkspace | None = None
        self._shown_target: int | None = None
        self._current_id: int | None = None
        self._select_after_refresh: int | None = None
        self.dialog: ContactDialog | None = None
        self.model = ContactsTableModel(self)
        self._build()
        self._connect()
        self._update_actions()

    # -- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        self.summary = QFrame(self)
        self.summary.setObjectName("contactSummary")
        strip = QHBoxLayout(self.summary)
        strip.setContentsMargins(10, 8, 10, 8)
        strip.setSpacing(18)

        self.gap_card = QFrame(self.summary)
        self.gap_card.setObjectName("contactGapCard")
        gap_layout = QGridLayout(self.gap_card)
        gap_layout.setContentsMargins(10, 6, 10, 6)
        gap_layout.setHorizontalSpacing(8)
        gap_layout.setVerticalSpacing(0)
        self.gap_icon = QLabel(self.gap_card)
        self.gap_icon.setPixmap(resources.icon("contact_gap").pixmap(22, 22))
        self.days_label = QLabel(self.gap_card)
        self.days_label.setObjectName("contactDaysSince")
        self.days_label.setProperty("role", "figure")
        self.days_caption = QLabel(self.tr("since the last successful contact"), self.gap_card)
        self.days_caption.setProperty("role", "caption")
        self.gap_state = QLabel(self.gap_card)
        self.gap_state.setObjectName("contactGapState")
        self.gap_state.setAccessibleName(self.tr("Contact against target"))
        gap_layout.addWidget(self.gap_icon, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        gap_layout.addWidget(self.days_label, 0, 1)
        gap_layout.addWidget(self.days_caption, 0, 2, Qt.AlignmentFlag.AlignBottom)
        gap_layout.addWidget(self.gap_state, 1, 1, 1, 2)
        gap_layout.setColumnStretch(2, 1)

        target_box = QWidget(self.summary)
        target_layout = QGridLayout(target_box)
        target_layout.setContentsMargins(0, 0, 0, 0)
        target_layout.setVerticalSpacing(2)
        target_label = QLabel(self.tr("Contact &target: every"), target_box)
        target_label.setProperty("role", "caption")
        self.target_spin = QSpinBox(target_box)
        self.target_spin.setObjectName("contactTargetDays")
        self.target_spin.setAccessibleName(self.tr("Contact target in days"))
        self.target_spin.setAccessibleDescription(
            self.tr("Days allowed between successful contacts; the lowest value is the default")
        )
        self.target_spin.setRange(0, 90)
        self.target_spin.setSuffix(self.tr(" days"))
        self.target_spin.setSpecialValueText(self.tr("Council default"))
        self.target_spin.setMinimumWidth(QFontMetrics(self.font()).horizontalAdvance("n") * 15)
        target_label.setBuddy(self.target_spin)
        self.target_button = QPushButton(self.tr("Save ta&rget"), target_box)
        self.target_button.setObjectName("contactTargetSave")
        self.target_button.setAccessibleName(self.tr("Save the contact target"))
        self.target_message = QLabel(target_box)
        self.target_message.setObjectName("contactTargetMessage")
        self.target_message.setAccessibleName(self.tr("Contact target message"))
        self.target_message.setWordWrap(True)
        target_layout.addWidget(target_label, 0, 0)
        target_layout.addWidget(self.target_spin, 0, 1)
        target_layout.addWidget(self.target_button, 0, 2)
        target_layout.addWidget(self.target_message, 1, 0, 1, 3)

        self.totals_label = QLabel(self.summary)
        self.totals_label.setObjectName("contactTotals")
        self.totals_label.setProperty("role", "figure")
        totals_caption = QLabel(self.tr("contacts / successful"), self.summary)
        totals_caption.setProperty("role", "caption")
        self.ooh_label = QLabel(self.summary)
        self.ooh_label.setObjectName("contactOutOfHours")
        self.ooh_label.setProperty("role", "figure")
        ooh_caption = QLabel(self.tr("out of hours"), self.summary)
        ooh_caption.setProperty("role", "caption")
        ooh_caption.setToolTip(
            self.tr("Share of successful contacts outside 09:00–17:00 Monday to Friday")
        )

        def figure(value: QLabel, caption: QLabel) -> QWidget:
            box = QWidget(self.summary)
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(0)
            layout.addWidget(value)
            layout.addWidget(caption)
            return box

        strip.addWidget(self.gap_card, 3)
        strip.addWidget(target_box, 2)
        strip.addWidget(figure(self.totals_label, totals_caption), 1)
        strip.addWidget(figure(self.ooh_label, ooh_caption), 1)

        self.chart = ContactChart(self)
        self.chart.setMinimumHeight(170)
        self.chart.setMaximumHeight(180)

        log_title = QLabel(self.tr("Contact log"), self)
        log_title.setObjectName("contactLogTitle")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("contactCount")
        self.count_label.setAccessibleName(self.tr("Contact count"))
        self.add_button = QPushButton(self.tr("&Add contact…"), self)
        self.add_button.setObjectName("contactAdd")
        self.add_button.setAccessibleName(self.tr("Add a key-person contact"))

        self.table = RecordTable(self, stretch_last=False)
        self.table.setObjectName("contactTable")
        self.table.setAccessibleName(self.tr("Contact log"))
        self.table.setAccessibleDescription(
            self.tr("Key-person contacts, newest first. Failed attempts are marked ✗ in grey.")
        )
        self.table.setModel(self.model)
        fm = QFontMetrics(self.table.font())
        header = self.table.horizontalHeader()
        header.setSortIndicator(Column.WHEN, Qt.SortOrder.DescendingOrder)
        char = fm.horizontalAdvance("n")
        widths = {
            Column.WHEN: 15,
            Column.KIND: 13,
            Column.DURATION: 7,
            Column.OUT_OF_HOURS: 10,
            Column.WITH: 12,
            Column.WORKER: 12,
        }
        for column, chars in widths.items():
            header.resizeSection(column, char * chars + 18)
        for column in (Column.SUMMARY, Column.SAID):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)  # header clicks sort the Python list

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("contactDetail")
        self.detail.setAccessibleName(self.tr("Selected contact in full"))
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(self.tr("Select a contact to read it in full."))

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("contactSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 130])
        self.detail.setMinimumHeight(70)

        log_bar = QHBoxLayout()
        log_bar.addWidget(log_title)
        log_bar.addSpacing(8)
        log_bar.addWidget(self.count_label, 1)
        log_bar.addWidget(self.add_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(self.chart)
        layout.addLayout(log_bar)
        layout.addWidget(self.splitter, 1)

        order = [
            self.target_spin,
            self.target_button,
            self.add_button,
            self.table,
            self.detail,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _connect(self) -> None:
        self.target_spin.valueChanged.connect(self._on_target_edited)
        self.target_button.clicked.connect(self.save_target)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)

    # -- public API ---------------------------------------------------------------------------

    def show_workspace(self, ws: PersonWorkspace) -> None:
        """Show ``ws``'s contacts, keeping the sort, the selected contact and the scroll."""
        self._ws = ws
        scroll = self.table.verticalScrollBar().value()
        saved, self._select_after_refresh = self._select_after_refresh, None
        self.model.set_rows(ws.contacts)  # the reset re-selects the current contact
        saved_row = self.model.row_of_id(saved) if saved is not None else -1
        if saved_row >= 0:  # a just-saved contact is shown
            self.table.selectRow(saved_row)
            self.table.scrollTo(self.model.index(saved_row, 0))
        else:
            self.table.verticalScrollBar().setValue(scroll)
        self._show_summary(ws.contact_summary, ws.header.contact_target_days)
        self.chart.set_summary(ws.contact_summary.per_week, ws.contact_summary.target_days)
        shown = len(ws.contacts)
        self.count_label.setText(
            self.tr("No contacts recorded yet")
            if shown == 0
            else self.tr("{n} contacts, newest first").format(n=f"{shown:,}")
            if self.model.sort_column == Column.WHEN
            and self.model.sort_order == Qt.SortOrder.DescendingOrder
            else self.tr("{n} contacts").format(n=f"{shown:,}")
        )
        if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self.table.selectRow(0)  # the detail pane shows the latest entry to begin with
        self._update_actions()
        self._show_detail(self.selected_contact())

    def selected_contact(self) -> ContactView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def open_contact_dialog(self, now: datetime | None = None) -> ContactDialog | None:
        """Open the add-contact form; None when this viewer may not record."""
        ws = self._ws
        if ws is None or not self._can_record():
            return None
        dialog = ContactDialog(
            runner=self._runner,
            recording=self._recording,
            actor=self._actor,
            young_person_id=ws.header.id,
            now=now,
            parent=self,
        )
        dialog.sig_saved.connect(self._on_dialog_saved)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def target_command(self) -> ContactTargetInput | None:
        ws = self._ws
        if ws is None:
            return None
        value = self.target_spin.value()
        # after a conflict the user has seen the colleague's value: save over that version
        seen_person, seen = getattr(self, "_target_seen", (None, 0))
        return ContactTargetInput(
            young_person_id=ws.header.id,
            target_days=value or None,
            version=max(ws.header.version, seen if seen_person == ws.header.id else 0),
        )

    def save_target(self) -> None:
        command = self.target_command()
        if command is None or not self._can_record():
            return
        recording, actor = self._recording, self._actor()
        self.target_button.setEnabled(False)
        self._set_target_message("", "")
        self._runner.submit(
            lambda _progress: recording.set_contact_target(actor, command),
            on_done=self._on_target_saved,
            on_error=self._on_target_error,
            key=TARGET_KEY,
        )

    # -- slots ---------------------------------------------------------------------------------

    def _on_add_clicked(self) -> None:
        self.open_contact_dialog()

    def _on_dialog_saved(self, changes: Any) -> None:
        record_id = getattr(changes, "record_id", None)
        if record_id is not None:
            self._select_after_refresh = record_id
        self.sig_saved.emit(changes)

    def _on_target_edited(self, _value: int) -> None:
        self._set_target_message("", "")
        self._update_actions()

    def _on_target_saved(self, changes: Any) -> None:
        # the refresh that follows replaces the saved value (0 = default) with the record's
        self._shown_target = self.target_spin.value()
        self._set_target_message(self.tr("Target saved."), "ok")
        self._update_actions()
        self.sig_saved.emit(changes)

    def _on_target_error(self, error: BaseException) -> None:
        if isinstance(error, EditConflict) and "target_days" in error.current:
            # a one-field conflict: say what the colleague chose; the user's value stays typed
            theirs = error.current["target_days"]
            who = error.changed_by or self.tr("Someone else")
            when = format_datetime(error.changed_at) if error.changed_at else ""
            chose = (
                self.tr("{n} days").format(n=theirs) if theirs else self.tr("the council's default")
            )
            if self._ws is not None:
                self._target_seen = (self._ws.header.id, error.version)
            self._set_target_message(
                self.tr(
                    "Not saved: {who} set the target to {chose}{when}. Your value is still "
                    "here: save again to replace theirs."
                ).format(who=who, chose=chose, when=f" at {when}" if when else ""),
                "error",
            )
            self._update_actions()
            return
        fields = getattr(error, "fields", {}) or {}
        message = fields.get("target_days") or message_of(
            error, self.tr("Not saved: an unexpected error.")
        )
        self._set_target_message(message, "error")
        self._update_actions()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail(self.model.row_at(current.row()) if current.isValid() else None)

    def _on_model_about_to_be_reset(self) -> None:
        contact = self.selected_contact()
        if contact is not None:
            self._current_id = contact.id

    def _on_model_reset(self) -> None:
        row = self.model.row_of_id(self._current_id) if self._current_id is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        else:
            self._show_detail(None)

    # -- helpers --------------------------------------------------------------------------------

    def _can_record(self) -> bool:
        return self._ws is not None and self._ws.access is Access.FULL

    def _update_actions(self) -> None:
        can = self._can_record()
        reason = "" if can else self.tr("Only people with full access to this record can record")
        for widget in (self.add_button, self.target_spin):
            widget.setEnabled(can)
            widget.setToolTip(reason)
        dirty = self._shown_target is None or self.target_spin.value() != self._shown_target
        self.target_button.setEnabled(can and dirty)
        self.target_button.setToolTip(
            reason or ("" if dirty else self.tr("Change the number of days first"))
        )

    def _set_target_message(self, text: str, state: str) -> None:
        self.target_message.setText(text)
        self.target_message.setAccessibleDescription(text)
        self.target_message.setVisible(bool(text))
        _restyle(self.target_message, state)

    def _show_summary(self, summary: ContactSummary, target_days: int) -> None:
        # Keep a value the user is typing; otherwise follow the record.
        if self._shown_target is None or self.target_spin.value() == self._shown_target:
            self.target_spin.blockSignals(True)
            self.target_spin.setValue(target_days)
            self.target_spin.blockSignals(False)
        self._shown_target = target_days
        days = summary.days_since
        if days is None:
            big = self.tr("Never")
        elif days == 0:
            big = self.tr("Today")
        elif days == 1:
            big = self.tr("1 day")
        else:
            big = self.tr("{n} days").format(n=days)
        self.days_label.setText(big)
        self.days_caption.setVisible(days not in (None, 0))
        if days is None:
            state = self.tr("Contact gap: no successful contact recorded")
        elif summary.gap:
            state = self.tr("Contact gap: {over} days over the {target}-day target").format(
                over=days - summary.target_days, target=summary.target_days
            )
        else:
            state = self.tr("Within the {target}-day target").format(target=summary.target_days)
        self.gap_state.setText(state)
        self.gap_state.setAccessibleDescription(state)
        self.gap_icon.setVisible(summary.gap)
        _restyle(self.gap_state, "gap" if summary.gap else "ok")
        _restyle(self.gap_card, "gap" if summary.gap else "ok")
        self.days_label.setAccessibleName(
            self.tr("Days since the last successful contact: {value}").format(value=big)
        )
        self.totals_label.setText(f"{summary.total:,} / {summary.successful:,}")
        self.totals_label.setToolTip(
            self.tr("{total} contacts recorded, {ok} successful, {failed} failed attempts").format(
                total=summary.total,
                ok=summary.successful,
                failed=summary.total - summary.successful,
            )
        )
        share = summary.out_of_hours_share
        self.ooh_label.setText("—" if share is None else f"{round(share * 100)}%")
        self.ooh_label.setToolTip(self.tr("No successful contacts yet") if share is None else "")

    def _show_detail(self, contact: ContactView | None) -> None:
        if contact is None:
            self.detail.clear()
            return
        facts = [
            kind_label(contact.kind),
            duration_text(contact.duration_minutes),
            with_label(contact.with_whom),
            self.tr("out of hours") if contact.out_of_hours else self.tr("in office hours"),
        ]
        lines = [
            f"<p><b>{escape(format_datetime(contact.occurred_at))}</b><br>"
            + escape(" · ".join(f for f in facts if f))
            + "</p>"
        ]
        if not contact.successful:
            lines.append(
                f"<p style='color:{GAP_COLOUR}'><b>"
                + escape(self.tr("Failed attempt: no contact was made."))
                + "</b></p>"
            )
        who = self.tr("{worker}; initiated by {who}").format(
            worker=contact.worker, who=initiated_label(contact.initiated_by).lower()
        )
        if contact.location:
            who += self.tr("; at {place}").format(place=contact.location)
        lines.append(f"<p style='color:#4b5563'>{escape(who)}</p>")
        if contact.summary:
            lines.append(f"<p>{_html_text(contact.summary)}</p>")
        if contact.young_person_said:
            lines.append(
                f"<p><b>{escape(self.tr('In their own words'))}:</b><br>"
                f"<i>“{_html_text(contact.young_person_said)}”</i></p>"
            )
        if contact.significant:
            lines.append(
                "<p><b>★ " + escape(self.tr("Significant: on the chronology")) + "</b></p>"
            )
        self.detail.setHtml("".join(lines))


def _html_text(text: str) -> str:
    return escape(text).replace("\n", "<br>")
