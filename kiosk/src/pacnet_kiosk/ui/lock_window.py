"""The full-screen lock window: sign in with a card (+ PIN) or a guest pass, VI / EN."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pacnet_kiosk.i18n import text

STYLE = """
#lock { background: #0b3d5c; }
#panel { background: white; border-radius: 16px; }
QLabel { color: #1b1b1b; }
#title { font-size: 30px; font-weight: 600; color: white; }
#place { font-size: 17px; color: #d5e6f2; }
#welcome { font-size: 20px; font-weight: 600; }
#fieldLabel { font-size: 15px; color: #333; }
QLineEdit { font-size: 22px; padding: 8px 10px; border: 2px solid #8aa4b8; border-radius: 8px; }
QLineEdit:focus { border-color: #0b6fa4; }
#signIn { font-size: 20px; font-weight: 600; padding: 10px; color: white;
          background: #0b6fa4; border: none; border-radius: 8px; }
#signIn:disabled { background: #9bb3c4; }
#guest { font-size: 16px; padding: 8px; color: #0b6fa4; background: white;
         border: 2px solid #0b6fa4; border-radius: 8px; }
#error { font-size: 16px; color: #a4000f; }
#notice { font-size: 16px; color: #0d5e1f; }
#line { font-size: 14px; color: #d5e6f2; }
#free { font-size: 14px; color: #d5e6f2; }
#language { font-size: 15px; padding: 6px 14px; min-width: 96px; color: white;
            background: transparent; border: 1px solid #d5e6f2; border-radius: 6px; }
#language:checked { background: white; color: #0b3d5c; font-weight: 600; }
"""


class LockWindow(QWidget):
    sign_in_requested = Signal(str, str)
    guest_requested = Signal()
    language_changed = Signal(str)

    def __init__(self, language: str = "vi"):
        super().__init__()
        self.setObjectName("lock")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle("pacnet-kiosk")
        self.language = language
        self.pin_required = False
        self.guest_allowed = False
        self.line_state = "unknown"
        self.locked_text: str | None = None
        self._error = ("", {})
        self._notice = ("", {})
        self._build()
        self.retranslate()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 20)
        top = QHBoxLayout()
        heading = QVBoxLayout()
        self.title = QLabel(objectName="title")
        self.place = QLabel(objectName="place")
        heading.addWidget(self.title)
        heading.addWidget(self.place)
        top.addLayout(heading, 1)
        self.language_buttons = {}
        for code, label in (("vi", "Tiếng Việt"), ("en", "English")):
            button = QPushButton(label, objectName="language", checkable=True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, c=code: self.set_language(c))
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.language_buttons[code] = button
        outer.addLayout(top)
        outer.addStretch(1)

        self.panel = QFrame(objectName="panel")
        self.panel.setFixedWidth(560)
        self.panel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        form = QVBoxLayout(self.panel)
        form.setContentsMargins(36, 28, 36, 28)
        form.setSpacing(10)
        self.welcome = QLabel(objectName="welcome", wordWrap=True)
        form.addWidget(self.welcome)
        self.card_label = QLabel(objectName="fieldLabel")
        self.card = QLineEdit()
        self.card.setMaxLength(40)
        form.addWidget(self.card_label)
        form.addWidget(self.card)
        self.pin_label = QLabel(objectName="fieldLabel")
        self.pin = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        form.addWidget(self.pin_label)
        form.addWidget(self.pin)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.notice = QLabel(objectName="notice", wordWrap=True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addWidget(self.error)
        form.addWidget(self.notice)
        self.sign_in_button = QPushButton(objectName="signIn")
        self.sign_in_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.sign_in_button.clicked.connect(self._submit)
        form.addWidget(self.sign_in_button)
        self.guest_button = QPushButton(objectName="guest")
        self.guest_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.guest_button.clicked.connect(self.guest_requested.emit)
        form.addWidget(self.guest_button)
        self.card.returnPressed.connect(self._card_entered)
        self.pin.returnPressed.connect(self._submit)

        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.panel)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(1)
        bottom = QHBoxLayout()
        self.line = QLabel(objectName="line")
        self.free = QLabel(objectName="free")
        bottom.addWidget(self.line, 1)
        bottom.addWidget(self.free)
        outer.addLayout(bottom)
        # No way out of the lock screen from the keyboard.
        for keys in ("Esc", "Alt+F4", "Ctrl+W", "Ctrl+Q"):
            QShortcut(QKeySequence(keys), self, lambda: None)
        self.setFont(QFont(self.font().family(), 11))

    def _card_entered(self) -> None:
        if self.pin.isVisible() and not self.pin.text():
            self.pin.setFocus()
        else:
            self._submit()

    def _submit(self) -> None:
        if self.card.text().strip():
            self.sign_in_requested.emit(self.card.text().strip(), self.pin.text())

    def set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self.language_changed.emit(language)
        self.retranslate()

    def set_place(self, point_name: str, computer: str) -> None:
        self.place.setText(" · ".join(p for p in (point_name, computer) if p))

    def set_rules(self, pin_required: bool, guest_allowed: bool) -> None:
        self.pin_required = pin_required
        self.guest_allowed = guest_allowed
        self.retranslate()

    def set_line(self, state: str) -> None:
        """online, offline, unauthorized or unknown."""
        self.line_state = state
        self.retranslate()

    def set_locked(self, locked_text: str | None) -> None:
        self.locked_text = locked_text
        self.retranslate()

    def show_error(self, key_or_text: str = "", **values) -> None:
        self._error = (key_or_text, values)
        self._notice = ("", {})
        self.retranslate()

    def show_notice(self, key_or_text: str = "", **values) -> None:
        self._notice = (key_or_text, values)
        self._error = ("", {})
        self.retranslate()

    def reset(self) -> None:
        self.card.clear()
        self.pin.clear()
        self.card.setFocus()

    def _resolve(self, message: tuple[str, dict]) -> str:
        key, values = message
        if not key:
            return ""
        if callable(key):
            return key(self.language)
        try:
            return text(key, self.language, **values)
        except KeyError:
            return key  # the server's own message, already in the right language

    def retranslate(self) -> None:
        lang = self.language
        for code, button in self.language_buttons.items():
            button.setChecked(code == lang)
        self.title.setText(text("title", lang))
        self.welcome.setText(text("welcome", lang))
        self.card_label.setText(text("card", lang))
        self.pin_label.setText(text("pin" if self.pin_required else "pin_optional", lang))
        self.sign_in_button.setText(text("sign_in", lang))
        self.guest_button.setText(text("guest", lang))
        self.guest_button.setVisible(self.guest_allowed and self.line_state != "offline")
        locked = self.locked_text is not None
        self.card.setEnabled(not locked)
        self.pin.setEnabled(not locked)
        self.sign_in_button.setEnabled(not locked)
        error = self._resolve(self._error)
        if locked:
            error = "\n".join(t for t in (text("locked", lang), self.locked_text) if t)
        self.error.setText(error)
        self.error.setVisible(bool(error))
        notice = self._resolve(self._notice)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.line.setText(
            text(self.line_state if self.line_state != "unknown" else "unknown_line", lang)
        )
        self.free.setText(text("free", lang))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not getattr(self, "allow_close", False):
            event.ignore()
            return
        super().closeEvent(event)
