"""The windows, offscreen: they render, speak Vietnamese first, and follow the engine."""

import os

import pytest
from PySide6.QtWidgets import QApplication

from pacnet_kiosk.ui.app import KioskController
from pacnet_kiosk.ui.countdown_bar import CountdownBar
from pacnet_kiosk.ui.lock_window import LockWindow

SCREENSHOTS = os.environ.get("PACNET_KIOSK_SCREENSHOTS", "")


# Kept for the whole run: a QApplication destroyed before its widgets crashes the process.
APP = QApplication.instance() or QApplication([])


@pytest.fixture
def app():
    yield APP
    for widget in APP.topLevelWidgets():
        widget.allow_close = True
        widget.close()
        widget.deleteLater()
    APP.processEvents()


@pytest.fixture
def controller(app, engine):
    engine.sync_once()
    controller = KioskController(engine, full_screen=False)
    controller.start(background_sync=False)
    yield controller
    controller.stop()


def shot(widget, tmp_path, name):
    image = widget.grab()
    path = tmp_path / f"{name}.png"
    image.save(str(path))
    if SCREENSHOTS:
        image.save(os.path.join(SCREENSHOTS, f"{name}.png"))
    return image


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_the_lock_window_renders_at_common_screen_sizes(app, tmp_path, size):
    window = LockWindow()
    window.set_place("Điểm truy nhập Đắk Lao", "X-DAKLAO-PC01")
    window.set_rules(pin_required=False, guest_allowed=True)
    window.set_line("online")
    window.resize(*size)
    window.show()
    app.processEvents()
    image = shot(window, tmp_path, f"lock-{size[0]}x{size[1]}")
    assert (image.width(), image.height()) == size
    assert window.panel.geometry().right() < size[0]
    assert window.panel.geometry().bottom() < size[1]
    assert window.sign_in_button.text() == "Đăng nhập"
    window.allow_close = True
    window.close()


def test_the_lock_window_switches_to_english_and_back(app):
    window = LockWindow()
    window.set_language("en")
    assert window.sign_in_button.text() == "Sign in"
    assert window.card_label.text() == "Library card or guest pass number"
    window.set_language("vi")
    assert window.sign_in_button.text() == "Đăng nhập"


def test_the_guest_button_shows_only_when_the_rules_allow_it_and_the_line_is_up(app):
    window = LockWindow()
    window.show()
    window.set_rules(pin_required=False, guest_allowed=False)
    assert not window.guest_button.isVisible()
    window.set_rules(pin_required=False, guest_allowed=True)
    assert window.guest_button.isVisible()
    window.set_line("offline")
    assert not window.guest_button.isVisible()


def test_the_lock_window_cannot_be_closed_by_the_user(app):
    window = LockWindow()
    window.show()
    window.close()
    assert window.isVisible()


def test_the_countdown_bar_shows_the_time_left(app, tmp_path):
    bar = CountdownBar()
    bar.update_time(42 * 60 + 10)
    assert bar.left.text() == "Còn lại 42:10"
    bar.set_language("en")
    assert bar.left.text() == "Time left 42:10"
    bar.update_time(4 * 60)
    assert bar.property("warning") is True
    bar.show()
    shot(bar, tmp_path, "countdown")


def test_signing_in_hides_the_lock_and_shows_the_countdown(controller, app, tmp_path):
    controller.lock.card.setText("C-1")
    controller.lock.sign_in_button.click()
    controller.tick()
    assert not controller.lock.isVisible()
    assert controller.bar.isVisible()
    assert controller.bar.left.text() == "Còn lại 1:00:00"


def test_a_refusal_shows_the_servers_message(controller):
    controller.lock.card.setText("NOBODY")
    controller.lock.sign_in_button.click()
    assert controller.lock.error.text() == "Sai số thẻ."
    assert controller.lock.isVisible()


def test_an_offline_refusal_is_worded_by_the_client_in_the_chosen_language(controller, server):
    server.up = False
    controller.lock.set_language("en")
    controller.lock.card.setText("C-NEVER")
    controller.lock.sign_in_button.click()
    assert controller.lock.error.text().startswith("No connection to the server")
    controller.lock.set_language("vi")
    assert controller.lock.error.text().startswith("Mất kết nối máy chủ")


def test_the_warning_dialog_comes_at_5_minutes(controller, clock):
    controller.engine.sign_in("C-1")
    controller.tick()
    clock.advance(55 * 60)
    controller.tick()
    assert [d.text() for d in controller.dialogs] == [
        "Còn 5 phút. Hãy lưu công việc của bạn (ví dụ vào USB hoặc thư điện tử)."
    ]
    assert controller.bar.property("warning") is True


def test_time_up_brings_the_lock_back_in_vietnamese(controller, clock, tmp_path):
    controller.set_language("en")
    controller.engine.sign_in("C-1")
    controller.tick()
    clock.advance(3600)
    controller.tick()
    assert controller.lock.isVisible()
    assert not controller.bar.isVisible()
    assert controller.lock.notice.text().startswith("Đã hết thời gian sử dụng")
    assert controller.dialogs == []
    controller.lock.resize(1366, 768)
    shot(controller.lock, tmp_path, "lock-after-time-up")


def test_the_guest_button_fills_in_a_new_pass(controller):
    controller.lock.guest_button.click()
    assert controller.lock.card.text().startswith("G")
    assert controller.lock.pin.text() == "4821"
    assert "Vé khách của bạn" in controller.lock.notice.text()


def test_a_staff_message_opens_a_dialog(controller, server):
    server.instructions.append({"id": 30, "kind": "message", "text": "Thư viện đóng lúc 17h"})
    controller.engine.sync_once()
    controller.tick()
    assert [d.text() for d in controller.dialogs] == ["Thư viện đóng lúc 17h"]
