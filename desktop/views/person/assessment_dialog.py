"""The new-assessment form: driven by instrument data, scored live, saved through the runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from uuid import uuid4

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.actor import Actor
from desktop.domain.commands import AssessmentInput, Changes
from desktop.domain.dates import format_date
from desktop.domain.enums import InstrumentKind, ItemTiming, RiskCategory
from desktop.domain.records import Instrument, InstrumentBand, InstrumentItem, ItemAnswer
from desktop.domain.risk import band_for_score, score_assessment
from desktop.domain.workspace import AssessmentView
from desktop.interfaces import RecordingApi
from desktop.models.assessments import GROUP_TITLES, TIMING_LABELS
from desktop.models.caseload import RISK_COLOURS, RISK_TINTS
from desktop.tasks import TaskRunner
from desktop.views.widgets.forms import (
    busy_bar,
    error_label,
    field_errors,
    message_of,
    qdate,
    show_error,
)

SAVE_KEY = "person.risk.save"


def timing_meaningful(item: InstrumentItem, timing: ItemTiming) -> bool:
    """False for a timing the item's weights make pointless (moderate items: 6-12 months ago
    scores nothing, so "6-12 months ago" and "both" would only mislead)."""
    if timing is ItemTiming.ABSENT:
        return True
    if timing is ItemTiming.RECENT:
        return item.weight_recent > 0
    return item.weight_past > 0


class TimingCombo(QComboBox):
    """A timing chooser that ignores the wheel unless focused (the form scrolls under it)."""

    def __init__(self, item: InstrumentItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        model = self.model()
        for i, timing in enumerate(ItemTiming):
            self.addItem(self.tr(TIMING_LABELS[timing]), timing)
            if not timing_meaningful(item, timing):
                entry = model.item(i)  # type: ignore[attr-defined]
                entry.setEnabled(False)
                entry.setToolTip(self.tr("Scores nothing for this indicator"))
        name = self.tr("{item}: when present").format(item=item.label)
        self.setAccessibleName(name)
        self.view().setAccessibleName(name)

    @property
    def timing(self) -> ItemTiming:
        return ItemTiming(self.currentData())

    def set_timing(self, timing: ItemTiming) -> None:
        self.setCurrentIndex(max(0, self.findData(timing)))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


def _weights_hint(items: Sequence[InstrumentItem]) -> str:
    weights = {(i.weight_recent, i.weight_past, i.weight_both) for i in items}
    if len(weights) != 1:
        return ""
    recent, past, both = weights.pop()
    points = f"{recent} point{'s' if recent != 1 else ''} each"
    if recent == past == both:
        return f"{points}, whenever present"
    if past == 0:
        return f"{points} if present now or in the past 6 months"
    return f"{recent} if now or past 6 months, {past} if 6–12 months ago only, {both} for both"


class AssessmentDialog(QDialog):
    """Record a new risk assessment, or a correction (a new version superseding ``correcting``)."""

    #: Saved; argument: the ``Changes`` the service returned.
    sig_saved = Signal(object)
    #: Saving failed; argument: the exception (shown in the form, which stays open).
    sig_error = Signal(object)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        recording: RecordingApi,
        actor: Callable[[], Actor],
        young_person_id: int,
        instruments: Sequence[Instrument],
        today: date,
        correcting: AssessmentView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._runner = runner
        #: This form's save id: a retry after a dropped connection is applied once.
        self.request_id = str(uuid4())
        self._recording = recording
        self._actor = actor
        self._young_person_id = young_person_id
        self._instruments = list(instruments)
        self._today = today
        self._correcting = correcting
        self.field_errors: dict[str, QLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}
        self.timing_combos: dict[str, dict[str, TimingCombo]] = {}  # instrument -> code -> combo
        self.points_labels: dict[str, dict[str, QLabel]] = {}
        self.category_combos: dict[str, QComboBox] = {}  # judgement instruments
        self._pages: dict[str, QWidget] = {}
        self.command: AssessmentInput | None = None
        self.setWindowTitle(
            self.tr("New risk assessment")
            if correcting is None
            else self.tr("Correct assessment #{id}").format(id=correcting.id)
        )
        self._build()
        if correcting is not None:
            self._prefill(correcting)
        self._on_instrument_changed()
        self.resize(780, 700)
        self.setMinimumSize(520, 380)

    # -- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        body = QWidget()
        body.setObjectName("assessmentForm")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(4, 4, 12, 4)
        self.body_layout.setSpacing(10)

        if self._correcting is not None:
            c = self._correcting
            note = QLabel(
                self.tr(
                    "You are correcting assessment #{id} of {date}. Assessments are never "
                    "edited: saving records a new version that supersedes #{id}, and #{id} stays "
                    "in the history marked as corrected. Change what was wrong, and say why in "
                    "the rationale."
                ).format(id=c.id, date=format_date(c.assessed_on)),
                body,
            )
            note.setObjectName("correctionNote")
            note.setWordWrap(True)
            note.setStyleSheet(
                "QLabel#correctionNote { background: #eef4fb; border: 1px solid #9db7d8;"
                " border-left: 5px solid #1d4f91; border-radius: 4px; padding: 6px; }"
            )
            self.body_layout.addWidget(note)

        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.instrument_combo = QComboBox(body)
        for inst in self._instruments:
            self.instrument_combo.addItem(inst.name, inst.code)
        default = next(
            (i for i, s in enumerate(self._instruments) if s.kind == InstrumentKind.SCORED.value),
            0,
        )
        self.instrument_combo.setCurrentIndex(default)
        self._add_field(
            top,
            "instrument_code",
            self.tr("&Instrument:"),
            self.instrument_combo,
            self.tr("Instrument"),
        )
        self.date_edit = QDateEdit(body)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        today = qdate(self._today)
        self.date_edit.setMaximumDate(today)
        self.date_edit.setDate(today)
        self.date_edit.setToolTip(self.tr("The date the assessment was made (not in the future)"))
        inner = self.date_edit.findChild(QLineEdit)
        if inner is not None:  # the spin box's own editor takes focus: name it too
            inner.setAccessibleName(self.tr("Assessment date"))
        self._add_field(
            top,
            "assessed_on",
            self.tr("Assessment &date:"),
            self.date_edit,
            self.tr("Assessment date"),
        )
        self.body_layout.addLayout(top)

        for inst in self._instruments:
            page = self._judgement_page(inst) if not inst.items else self._items_page(inst)
            page.hide()
            self._pages[inst.code] = page
            self.body_layout.addWidget(page)
        self.answers_error = self._error("answers", self.tr("Answers"))
        self.body_layout.addWidget(self.answers_error)

        override = QGroupBox(self.tr("Professional override"), body)
        override.setObjectName("overrideGroup")
        form = QFormLayout(override)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        hint = QLabel(
            self.tr(
                "Only when your professional judgement differs from the computed category; "
                "the reason is required and shown wherever this assessment is."
            ),
            override,
        )
        hint.setObjectName("formHint")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.override_combo = QComboBox(override)
        self.override_combo.addItem(self.tr("No override"), None)
        for category in RiskCategory:
            self.override_combo.addItem(self.tr(category.label), category)
        self._add_field(
            form,
            "override_category",
            self.tr("&Category:"),
            self.override_combo,
            self.tr("Override category"),
        )
        self.override_reason_edit = self._text_edit(override, 70)
        self.override_reason_edit.setPlaceholderText(
            self.tr("Why the category differs from the computed one")
        )
        self._add_field(
            form,
            "override_reason",
            self.tr("Rea&son:"),
            self.override_reason_edit,
            self.tr("Override reason"),
        )
        self.body_layout.addWidget(override)

        texts = QFormLayout()
        texts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.words_edit = self._text_edit(body, 70)
        self.words_edit.setPlaceholderText(
            self.tr("What the young person said about their situation, in their words")
        )
        self._add_field(
            texts,
            "young_person_words",
            self.tr("Their &own words:"),
            self.words_edit,
            self.tr("The young person's own words"),
        )
        self.rationale_edit = self._text_edit(body, 90)
        self.rationale_edit.setPlaceholderText(
            self.tr("The analysis behind the score and category")
        )
        self._add_field(
            texts, "rationale", self.tr("&Rationale:"), self.rationale_edit, self.tr("Rationale")
        )
        self.body_layout.addLayout(texts)
        self.body_layout.addStretch(1)

        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("assessmentScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # labels wrap instead: the form only ever scrolls vertically
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.result_label = QLabel(self)
        self.result_label.setObjectName("assessmentResult")
        self.result_label.setAccessibleName(self.tr("Computed score and category"))
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setMinimumHeight(34)

        self.error_label = error_label(self, "formError", self.tr("Form message"))
        self.busy = busy_bar(self, self.tr("Saving"))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("&Save assessment"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("formSave")
        self.save_button.setAccessibleName(self.tr("Save assessment"))
        self.save_button.setAutoDefault(False)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.result_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.instrument_combo.currentIndexChanged.connect(self._on_instrument_changed)
        self.override_combo.currentIndexChanged.connect(self._on_override_changed)
        self._on_override_changed()

    def _error(self, key: str, accessible: str) -> QLabel:
        label = error_label(
            self, f"error_{key}", self.tr("{field}: message").format(field=accessible)
        )
        self.field_errors[key] = label
        return label

    def _add_field(
        self, form: QFormLayout, key: str, text: str, widget: QWidget, accessible: str
    ) -> None:
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(accessible)
        if isinstance(widget, QComboBox):
            widget.view().setAccessibleName(accessible)
        form.addRow(text, widget)
        form.addRow("", self._error(key, accessible))
        self.field_widgets[key] = widget

    @staticmethod
    def _text_edit(parent: QWidget, height: int) -> QPlainTextEdit:
        edit = QPlainTextEdit(parent)
        edit.setTabChangesFocus(True)  # Tab moves on; the form is keyboard-operable
        edit.setMinimumHeight(height)
        edit.setMaximumHeight(height * 2)
        return edit

    def _items_page(self, inst: Instrument) -> QWidget:
        page = QWidget()
        page.setObjectName(f"items_{inst.code}")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        combos: dict[str, TimingCombo] = {}
        points: dict[str, QLabel] = {}
        groups: dict[str, list[InstrumentItem]] = {}
        for item in inst.items:
            groups.setdefault(item.group, []).append(item)
        order = [g for g in GROUP_TITLES if g in groups] + [
            g for g in groups if g not in GROUP_TITLES
        ]
        for group in order:
            items = groups[group]
            title = self.tr(GROUP_TITLES.get(group, group.capitalize()))
            box = QGroupBox(title, page)
            box.setObjectName(f"group_{group}")
            grid = QGridLayout(box)
            grid.setHorizontalSpacing(10)
            grid.setVerticalSpacing(4)
            hint_text = _weights_hint(items)
            if hint_text:
                hint = QLabel(self.tr(hint_text), box)
                hint.setObjectName("formHint")
                grid.addWidget(hint, 0, 0, 1, 3)
            for row, item in enumerate(items, 1):
                label = QLabel(item.label, box)
                label.setWordWrap(True)
                combo = TimingCombo(item, box)
                combo.setObjectName(f"timing_{item.code}")
                combo.setMinimumContentsLength(14)
                label.setBuddy(combo)
                pts = QLabel("", box)
                pts.setObjectName(f"points_{item.code}")
                pts.setMinimumWidth(28)
                pts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(label, row, 0)
                grid.addWidget(combo, row, 1)
                grid.addWidget(pts, row, 2)
                combo.currentIndexChanged.connect(self._recompute)
                combos[item.code] = combo
                points[item.code] = pts
            grid.setColumnStretch(0, 1)
            layout.addWidget(box)
        self.timing_combos[inst.code] = combos
        self.points_labels[inst.code] = points
        return page

    def _judgement_page(self, inst: Instrument) -> QWidget:
        page = QGroupBox(self.tr("Category (professional judgement)"))
        page.setObjectName(f"items_{inst.code}")
        form = QFormLayout(page)
        hint = QLabel(
            self.tr("This instrument has no scored items: choose the category that applies."),
            page,
        )
        hint.setObjectName("formHint")
        hint.setWordWrap(True)
        form.addRow(hint)
        combo = QComboBox(page)
        combo.addItem(self.tr("Choose a category…"), None)
        for i, band in enumerate(inst.bands):
            combo.addItem(f"{band.label} — {self.tr(band.category.label)}", i)
        combo.currentIndexChanged.connect(self._recompute)
        self.category_combos[inst.code] = combo
        key = "judged_category"
        if key in self.field_widgets:  # several judgement instruments share one message label
            combo.setObjectName(f"field_{key}_{inst.code}")
            combo.setAccessibleName(self.tr("Category"))
            combo.view().setAccessibleName(self.tr("Category"))
            form.addRow(self.tr("Ca&tegory:"), combo)
        else:
            self._add_field(form, key, self.tr("Ca&tegory:"), combo, self.tr("Category"))
        return page

    def _prefill(self, view: AssessmentView) -> None:
        index = self.instrument_combo.findData(view.instrument_code)
        if index >= 0:
            self.instrument_combo.setCurrentIndex(index)
        self.date_edit.setDate(qdate(view.assessed_on))
        combos = self.timing_combos.get(view.instrument_code, {})
        for answer in view.answers:
            if answer.item_code in combos:
                combos[answer.item_code].set_timing(answer.timing)
        judged = self.category_combos.get(view.instrument_code)
        inst = self.instrument()
        if judged is not None and inst is not None:
            for i, band in enumerate(inst.bands):
                if band.category is view.computed_category:
                    judged.setCurrentIndex(judged.findData(i))
        if view.override_reason or view.category is not view.computed_category:
            self.override_combo.setCurrentIndex(self.override_combo.findData(view.category))
            self.override_reason_edit.setPlainText(view.override_reason or "")
        self.rationale_edit.setPlainText(view.rationale)
        self.words_edit.setPlainText(view.young_person_words)

    # -- live state -------------------------------------------------------------------------

    def instrument(self) -> Instrument | None:
        code = self.instrument_combo.currentData()
        return next((i for i in self._instruments if i.code == code), None)

    def answers(self) -> dict[str, ItemTiming]:
        inst = self.instrument()
        if inst is None:
            return {}
        return {code: c.timing for code, c in self.timing_combos.get(inst.code, {}).items()}

    def computed(self) -> tuple[int | None, InstrumentBand | None]:
        """Score and band as the form stands (pure domain functions; None until decidable)."""
        inst = self.instrument()
        if inst is None:
            return None, None
        if not inst.items:
            combo = self.category_combos[inst.code]
            index = combo.currentData()
            return (None, None) if index is None else (None, inst.bands[index])
        answers = [ItemAnswer(code, timing) for code, timing in self.answers().items()]
        score = score_assessment(inst, answers)
        try:
            return score, band_for_score(inst, score)
        except ValueError:
            return score, None

    def _on_instrument_changed(self) -> None:
        inst = self.instrument()
        for code, page in self._pages.items():
            page.setVisible(inst is not None and code == inst.code)
        self._recompute()

    def _on_override_changed(self) -> None:
        overriding = self.override_combo.currentData() is not None
        self.override_reason_edit.setEnabled(overriding)
        if not overriding:
            show_error(self.field_errors["override_reason"], "")
        self._recompute()

    def _recompute(self) -> None:
        inst = self.instrument()
        if inst is not None:
            for code, combo in self.timing_combos.get(inst.code, {}).items():
                pts = score_assessment(inst, [ItemAnswer(code, combo.timing)])
                label = self.points_labels[inst.code][code]
                label.setText(f"+{pts}" if pts else "")
                combo.setAccessibleDescription(
                    self.tr("{points} points").format(points=pts) if pts else ""
                )
        score, band = self.computed()
        override = self.override_combo.currentData()
        if band is None:
            text = (
                self.tr("Total score {score}").format(score=score)
                if score is not None
                else self.tr("No category chosen yet")
            )
            category: RiskCategory | None = None
        else:
            category = band.category
            if score is not None:
                text = self.tr("Total score {score}: {band} ({category})").format(
                    score=score, band=band.label, category=self.tr(band.category.label)
                )
                if band.label == band.category.label:
                    text = self.tr("Total score {score}: {band}").format(
                        score=score, band=band.label
                    )
            else:
                text = self.tr("{band}: {category}").format(
                    band=band.label, category=self.tr(band.category.label)
                )
        if override is not None:
            text += self.tr(" — overridden to {category}").format(category=self.tr(override.label))
            category = override
        self.override_combo.setItemText(
            0,
            self.tr("No override (computed: {category})").format(
                category=self.tr(band.category.label)
            )
            if band is not None
            else self.tr("No override"),
        )
        self.result_label.setText(text)
        self.result_label.setAccessibleDescription(text)
        if category is None:
            style = "background: #f3f5f8; border: 1px solid #8a94a3;"
        else:
            style = (
                f"background: {RISK_TINTS[category]}; border: 1px solid {RISK_COLOURS[category]};"
                f" border-left: 8px solid {RISK_COLOURS[category]};"
            )
        self.result_label.setStyleSheet(
            f"QLabel#assessmentResult {{ {style} border-radius: 4px; padding: 4px 8px;"
            " font-weight: bold; color: #1b1f24; }"
        )

    # -- saving -------------------------------------------------------------------------------

    def build_command(self) -> AssessmentInput | None:
        """The command from the form, or None after showing what must be fixed first."""
        self.clear_errors()
        inst = self.instrument()
        if inst is None:
            self.show_field_error("instrument_code", self.tr("Choose an instrument"))
            return None
        qd = self.date_edit.date()
        assessed_on = date(qd.year(), qd.month(), qd.day())
        ok = True
        if assessed_on > self._today:
            self.show_field_error(
                "assessed_on", self.tr("The assessment date cannot be in the future")
            )
            ok = False
        judged: RiskCategory | None = None
        if not inst.items:
            _, band = self.computed()
            if band is None:
                self.show_field_error(
                    "judged_category", self.tr("Choose the category that applies")
                )
                ok = False
            else:
                judged = band.category
        override: RiskCategory | None = self.override_combo.currentData()
        reason = self.override_reason_edit.toPlainText().strip()
        if override is not None and not reason:
            self.show_field_error(
                "override_reason",
                self.tr("Give the reason for overriding the computed category"),
            )
            ok = False
        if not ok:
            return None
        return AssessmentInput(
            young_person_id=self._young_person_id,
            instrument_code=inst.code,
            assessed_on=assessed_on,
            answers=self.answers(),
            judged_category=judged,
            override_category=override,
            override_reason=reason if override is not None else "",
            rationale=self.rationale_edit.toPlainText().strip(),
            young_person_words=self.words_edit.toPlainText().strip(),
            supersedes_id=self._correcting.id if self._correcting is not None else None,
            request_id=self.request_id,
        )

    def submit(self) -> None:
        command = self.build_command()
        if command is None:
            return
        self.command = command
        recording, actor = self._recording, self._actor()
        self._set_busy(True)
        self._runner.submit(
            lambda _p: recording.record_assessment(actor, command),
            on_done=self._on_saved,
            on_error=self._on_error,
            key=SAVE_KEY,
        )

    def _on_saved(self, changes: Changes) -> None:
        self._set_busy(False)
        self.sig_saved.emit(changes)
        self.accept()

    def _on_error(self, error: BaseException) -> None:
        self._set_busy(False)
        shown = False
        for key, message in field_errors(error).items():
            if key in self.field_errors:
                self.show_field_error(key, message, focus=not shown)
                shown = True
        if not shown:
            show_error(
                self.error_label, message_of(error, self.tr("Not saved: an unexpected error."))
            )
        self.sig_error.emit(error)

    def clear_errors(self) -> None:
        show_error(self.error_label, "")
        for label in self.field_errors.values():
            show_error(label, "")

    def show_field_error(self, key: str, message: str, *, focus: bool = True) -> None:
        label = self.field_errors.get(key)
        if label is None:
            show_error(self.error_label, message)
            return
        show_error(label, message)
        widget = self.field_widgets.get(key)
        inst = self.instrument()
        if key == "judged_category" and inst is not None and inst.code in self.category_combos:
            widget = self.category_combos[inst.code]
        if key == "answers" and inst is not None:
            widget = next(iter(self.timing_combos.get(inst.code, {}).values()), None)
        if focus and widget is not None:
            widget.setFocus()
            self.scroll.ensureWidgetVisible(label)
            self.scroll.ensureWidgetVisible(widget)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.save_button.setEnabled(not busy)
