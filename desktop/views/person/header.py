"""The young person header: identity, legal status, workers, current risk and every active flag."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_date
from desktop.domain.enums import Trend
from desktop.domain.records import Flag
from desktop.domain.workspace import PersonHeader
from desktop.models.caseload import RISK_COLOURS
from desktop.views.widgets.delegates import BADGE_COLOURS

TREND_TEXT = {
    Trend.ESCALATED: "▲ escalated",
    Trend.DE_ESCALATED: "▼ de-escalated",
    Trend.UNCHANGED: "► unchanged",
    Trend.FIRST: "first assessment",
}


def _chip(text: str, colour: str, *, filled: bool, parent: QWidget) -> QLabel:
    chip = QLabel(text, parent)
    chip.setProperty("role", "chip")
    fg, bg = ("#ffffff", colour) if filled else (colour, "#ffffff")
    chip.setStyleSheet(
        f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {colour};"
        " border-radius: 4px; padding: 1px 6px; font-weight: bold; }"
    )
    return chip


class FlagChip(QLabel):
    """A flag: icon and label; the tooltip and accessible description say why it is raised.

    Chips take keyboard focus so the explanation reaches screen-reader and keyboard users too.
    """

    def __init__(self, flag: Flag, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flag = flag
        self.setObjectName(f"flag_{flag.code.value}")
        self.setProperty("role", "flagChip")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(flag.label)
        self.setToolTip(f"{flag.label}: {flag.explanation}")
        self.setAccessibleName(self.tr("Flag: {label}").format(label=flag.label))
        self.setAccessibleDescription(flag.explanation)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumHeight(self.fontMetrics().height() + 8)
        self.setStyleSheet(
            "QLabel { color: #7a1010; background: #fdeaea; border: 1px solid #c62828;"
            " border-radius: 9px; padding: 1px 8px; }"
            "QLabel:focus { border: 2px solid #1f3a5f; }"
        )


class PersonHeaderView(QFrame):
    """Read-only summary at the top of the person screen; ``show_header`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setAccessibleName(self.tr("Young person summary"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(6)

        self.restricted_banner = QLabel(self)
        self.restricted_banner.setObjectName("restrictedBanner")
        self.restricted_banner.setWordWrap(True)
        self.restricted_banner.setStyleSheet(
            "QLabel { background: #1f1f1f; color: #ffffff; padding: 4px 8px; font-weight: bold; }"
        )
        self.restricted_banner.setAccessibleName(self.tr("Restricted record"))
        self.restricted_banner.hide()
        outer.addWidget(self.restricted_banner)

        top = QHBoxLayout()
        top.setSpacing(10)
        self.name_label = QLabel(self)
        self.name_label.setObjectName("personName")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        top.addWidget(self.name_label)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(4)
        top.addLayout(self.badges)
        top.addStretch(1)
        self.risk_label = QLabel(self)
        self.risk_label.setObjectName("personRisk")
        self.risk_label.setMinimumHeight(self.fontMetrics().height() + 10)
        top.addWidget(self.risk_label)
        self.trend_label = QLabel(self)
        self.trend_label.setObjectName("personTrend")
        top.addWidget(self.trend_label)
        outer.addLayout(top)

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        self.fields: dict[str, QLabel] = {}
        layout = (
            ("age", self.tr("Age / date of birth"), 0, 0),
            ("gender", self.tr("Gender / ethnicity"), 0, 1),
            ("school", self.tr("School"), 0, 2),
            ("reference", self.tr("Reference"), 0, 3),
            ("social_worker", self.tr("Social worker"), 1, 0),
            ("key_person", self.tr("Key person"), 1, 1),
            ("team", self.tr("Team"), 1, 2),
            ("review", self.tr("Risk review due"), 1, 3),
        )
        for key, caption, row, col in layout:
            box = QVBoxLayout()
            box.setSpacing(0)
            cap = QLabel(caption, self)
            cap.setProperty("role", "caption")
            cap.setStyleSheet("color: #555555; font-size: 90%;")
            value = QLabel(self)
            value.setObjectName(f"header_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(caption)
            cap.setBuddy(value)
            box.addWidget(cap)
            box.addWidget(value)
            grid.addLayout(box, row, col)
            self.fields[key] = value
        outer.addLayout(grid)

        self.flags_layout = QHBoxLayout()
        self.flags_layout.setSpacing(6)
        outer.addLayout(self.flags_layout)
        self.flag_chips: list[FlagChip] = []

    def show_header(self, h: PersonHeader) -> None:
        self.name_label.setText(h.display_name)
        self.name_label.setAccessibleName(
            self.tr("Young person: {name}").format(name=h.display_name)
        )
        if h.restricted:
            self.restricted_banner.setText(
                self.tr(
                    "RESTRICTED RECORD — only people on its access list may open it. Every view "
                    "is audited; do not share its contents outside those who need to know."
                )
            )
        self.restricted_banner.setVisible(h.restricted)
        self._set_badges(h)
        if h.risk_category is not None:
            colour = RISK_COLOURS[h.risk_category]
            score = "" if h.risk_score is None else f" ({h.risk_score})"
            trend = TREND_TEXT.get(h.trend, "") if h.trend else ""
            self.risk_label.setText(f"{h.risk_category.label}{score}")
            self.risk_label.setStyleSheet(
                f"QLabel {{ background: {colour}; color: #ffffff; font-weight: bold;"
                " border-radius: 4px; padding: 2px 10px; }"
            )
            review = format_date(h.review_due) if h.review_due else ""
            self.trend_label.setText(trend)
            self.trend_label.setToolTip(
                self.tr("Review due {date}").format(date=review) if review else ""
            )
            self.risk_label.setAccessibleName(
                self.tr("Current risk: {label}{score}, {trend}").format(
                    label=h.risk_category.label, score=score, trend=trend
                )
            )
        else:
            self.risk_label.setText(self.tr("Risk not assessed"))
            self.risk_label.setStyleSheet("")
            self.trend_label.setText("")
            self.risk_label.setAccessibleName(self.tr("Current risk: not assessed"))
        dob = format_date(h.date_of_birth) if h.date_of_birth else self.tr("hidden")
        age = "" if h.age is None else str(h.age)
        self.fields["age"].setText(f"{age} · {dob}" if age else dob)
        self.fields["gender"].setText(" · ".join(x for x in (h.gender, h.ethnicity) if x) or "—")
        self.fields["school"].setText(h.school or "—")
        self.fields["reference"].setText(h.reference)
        self.fields["social_worker"].setText(h.social_worker or self.tr("Unallocated"))
        self.fields["key_person"].setText(h.key_person or self.tr("None"))
        self.fields["team"].setText(h.team)
        review = self.fields["review"]
        if h.review_due is None:
            review.setText(self.tr("No assessment yet"))
            review.setStyleSheet("")
        else:
            review.setText(format_date(h.review_due))
            overdue = any(f.code.value == "overdue_review" for f in h.flags)
            review.setStyleSheet("color: #a4161a; font-weight: bold;" if overdue else "")
            if overdue:
                review.setText(self.tr("{date} (overdue)").format(date=format_date(h.review_due)))
        for label in self.fields.values():
            label.setAccessibleDescription(label.text())
        self._set_flags(h.flags)
        layout = self.layout()
        layout.invalidate()
        layout.activate()
        self.updateGeometry()

    def _set_badges(self, h: PersonHeader) -> None:
        while self.badges.count():
            item = self.badges.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if h.involvement is not None:
            code = h.involvement.value
            chip = _chip(code, BADGE_COLOURS.get(code, BADGE_COLOURS[""]), filled=True, parent=self)
            chip.setToolTip(h.involvement.name.replace("_", " ").title())
            chip.setAccessibleName(self.tr("Involvement: {code}").format(code=code))
            self.badges.addWidget(chip)
        if h.legal_status_code:
            chip = _chip(h.legal_status_code, BADGE_COLOURS["CLA"], filled=False, parent=self)
            chip.setToolTip(h.legal_status_label or h.legal_status_code)
            chip.setAccessibleName(
                self.tr("Legal status: {code} {label}").format(
                    code=h.legal_status_code, label=h.legal_status_label or ""
                )
            )
            self.badges.addWidget(chip)

    def _set_flags(self, flags: tuple[Flag, ...]) -> None:
        while self.flags_layout.count():
            item = self.flags_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.flag_chips = []
        caption = QLabel(self.tr("Flags:"), self)
        caption.setStyleSheet("font-weight: bold;")
        self.flags_layout.addWidget(caption)
        if not flags:
            none = QLabel(self.tr("No active flags"), self)
            none.setStyleSheet("color: #555555;")
            self.flags_layout.addWidget(none)
        for flag in flags:
            chip = FlagChip(flag, self)
            self.flags_layout.addWidget(chip)
            self.flag_chips.append(chip)
        self.flags_layout.addStretch(1)
