"""The small always-on-top bar of a running session: the time left and Log out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from pacnet_kiosk.i18n import clock_text, text

STYLE = """
#bar { background: #0b3d5c; border-radius: 8px; }
#bar[warning="true"] { background: #a4000f; }
#left { color: white; font-size: 17px; font-weight: 600; }
#logout { color: #0b3d5c; background: white; border: none; border-radius: 6px;
          font-size: 14px; padding: 5px 12px; }
"""


class CountdownBar(QWidget):
    logout_requested = Signal()

    def __init__(self, language: str = "vi"):
        super().__init__(
            None,
            Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.Tool,
        )
        self.setObjectName("bar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.language = language
        self.seconds = 0.0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 8, 6)
        self.left = QLabel(objectName="left")
        self.logout = QPushButton(objectName="logout")
        self.logout.setCursor(Qt.CursorShape.PointingHandCursor)
        self.logout.clicked.connect(self.logout_requested.emit)
        layout.addWidget(self.left)
        layout.addWidget(self.logout)
        self.update_time(0)

    def set_language(self, language: str) -> None:
        self.language = language
        self.update_time(self.seconds)

    def update_time(self, seconds: float, warning_from: int = 5) -> None:
        self.seconds = seconds
        self.left.setText(text("time_left", self.language, time=clock_text(seconds)))
        self.logout.setText(text("logout", self.language))
        warning = seconds <= warning_from * 60
        if self.property("warning") != warning:
            self.setProperty("warning", warning)
            self.style().unpolish(self)
            self.style().polish(self)
        self.adjustSize()

    def place_on(self, geometry) -> None:
        """Top right of the screen, clear of the usual window buttons' row."""
        self.adjustSize()
        self.move(geometry.right() - self.width() - 12, geometry.top() + 48)
