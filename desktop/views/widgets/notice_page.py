"""A calm full-page message used as a home screen when a role has nothing else to show yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget


class NoticePage(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticePage")
        card = QFrame(self)
        card.setObjectName("noticeCard")
        card.setMaximumWidth(560)
        self.title_label = QLabel(title, card)
        self.title_label.setObjectName("noticeTitle")
        self.title_label.setWordWrap(True)
        self.text_label = QLabel(text, card)
        self.text_label.setObjectName("noticeText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        inner.addWidget(self.title_label)
        inner.addWidget(self.text_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
