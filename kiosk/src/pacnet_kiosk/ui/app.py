"""Ties the engine to the windows: the lock screen while no one is signed in, the countdown
bar during a session, dialogs for warnings and staff messages."""

from __future__ import annotations

import queue
import sys
import threading

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from pacnet_kiosk.engine import Engine, SignInRefused
from pacnet_kiosk.i18n import reason_text, text
from pacnet_kiosk.rules import warning_minutes
from pacnet_kiosk.ui.countdown_bar import CountdownBar
from pacnet_kiosk.ui.lock_window import LockWindow

TICK_MS = 500
DIALOG_SECONDS = 60


class KioskController(QObject):
    def __init__(self, engine: Engine, *, full_screen: bool = True):
        super().__init__()
        self.engine = engine
        self.full_screen = full_screen
        self.default_language = engine.config.language or "vi"
        self.language = self.default_language
        self.lock = LockWindow(self.language)
        self.bar = CountdownBar(self.language)
        self.dialogs: list[QMessageBox] = []
        self.lock.sign_in_requested.connect(self.sign_in)
        self.lock.guest_requested.connect(self.register_guest)
        self.lock.language_changed.connect(self.set_language)
        self.bar.logout_requested.connect(self.engine.logout)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self._stop = threading.Event()
        self._sync_thread: threading.Thread | None = None

    # Life cycle.

    def start(self, background_sync: bool = True) -> None:
        self.engine.recover()
        self.refresh_rules_view()
        self.show_state()
        self.timer.start()
        if background_sync:
            self._sync_thread = threading.Thread(
                target=self.engine.run_sync, args=(self._stop,), name="pacnet-sync", daemon=True
            )
            self._sync_thread.start()

    def stop(self) -> None:
        self.timer.stop()
        self._stop.set()
        self.engine.wake()
        if self._sync_thread is not None:
            self._sync_thread.join(timeout=10)
        self.lock.allow_close = True

    def set_language(self, language: str) -> None:
        self.language = language
        self.engine.api.language = language
        self.lock.set_language(language)
        self.bar.set_language(language)

    def refresh_rules_view(self) -> None:
        rules = self.engine.rules or {}
        self.lock.set_rules(
            bool(rules.get("pin_required")), bool(rules.get("guest_self_registration"))
        )
        self.lock.set_place(rules.get("point_name", ""), self.engine.config.computer)

    def show_state(self) -> None:
        screen = QGuiApplication.primaryScreen().geometry()
        if self.engine.current is None:
            self.bar.hide()
            if self.full_screen:
                self.lock.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
                self.lock.showFullScreen()
            else:
                self.lock.show()
            self.lock.raise_()
            self.lock.activateWindow()
            self.lock.card.setFocus()
        else:
            self.lock.hide()
            self.bar.update_time(self.engine.remaining_seconds(), self._warn_from())
            self.bar.place_on(screen)
            self.bar.show()
            self.bar.raise_()

    def _warn_from(self) -> int:
        return max(warning_minutes(self.engine.rules) or [5])

    # Actions from the windows.

    def sign_in(self, person: str, pin: str) -> None:
        self.engine.api.language = self.language
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.engine.sign_in(person, pin)
        except SignInRefused as refusal:
            self.lock.show_error(refusal.detail or _reason(refusal.reason))
            self.lock.pin.clear()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.lock.show_error("")
        self.lock.reset()
        self.show_state()

    def register_guest(self) -> None:
        self.engine.api.language = self.language
        try:
            guest = self.engine.register_guest()
        except SignInRefused as refusal:
            self.lock.show_error(refusal.detail or _reason(refusal.reason))
            return
        self.lock.card.setText(guest.get("code", ""))
        self.lock.pin.setText(guest.get("pin", ""))
        self.lock.show_notice("guest_made", code=guest.get("code", ""), pin=guest.get("pin", ""))

    # The clock.

    def tick(self) -> None:
        self.engine.tick()
        while True:
            try:
                event = self.engine.events.get_nowait()
            except queue.Empty:
                break
            self.handle(event)
        if self.engine.current is not None:
            self.bar.update_time(self.engine.remaining_seconds(), self._warn_from())

    def handle(self, event) -> None:
        kind, data = event.kind, event.data
        if kind == "warning":
            self.dialog("warning_title", text("warning", self.language, minutes=data["minutes"]))
        elif kind == "session_started":
            self.show_state()
        elif kind == "session_ended":
            for dialog in self.dialogs:
                dialog.close()
            self.dialogs.clear()
            self.set_language(self.default_language)
            reason = data.get("reason", "logout")
            self.lock.show_notice(
                f"ended_{reason}" if reason in ("logout", "time_up", "staff") else "ended_logout"
            )
            self.lock.reset()
            self.show_state()
        elif kind == "message":
            self.dialog("message_title", data.get("text", ""))
        elif kind == "locked":
            self.lock.set_locked(data.get("text", ""))
            self.show_state()
        elif kind in ("online", "offline", "unauthorized"):
            self.lock.set_line(kind)
            self.refresh_rules_view()
        elif kind == "system":
            self.lock.show_notice(data.get("kind", "restart"))
            self.show_state()

    def dialog(self, title_key: str, message: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, text(title_key, self.language), message)
        box.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText(text("ok", self.language))
        box.setModal(False)
        box.show()
        self.dialogs.append(box)
        QTimer.singleShot(DIALOG_SECONDS * 1000, box.close)
        box.finished.connect(
            lambda _result, b=box: self.dialogs.remove(b) if b in self.dialogs else None
        )
        return box


def _reason(reason: str):
    """The client's own wording of a refusal, in whichever language is shown."""
    return lambda language: reason_text(reason, language)


def run(engine: Engine, *, full_screen: bool = True) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("pacnet-kiosk")
    app.setQuitOnLastWindowClosed(False)
    controller = KioskController(engine, full_screen=full_screen)
    controller.start()
    app.aboutToQuit.connect(controller.stop)
    return app.exec()
