"""The kiosk's words, Vietnamese first. `text(key, language, **values)`."""

from __future__ import annotations

LANGUAGES = ("vi", "en")

TEXTS: dict[str, dict[str, str]] = {
    "title": {"vi": "Máy tính công cộng", "en": "Public computer"},
    "welcome": {
        "vi": "Xin chào! Hãy đăng nhập để sử dụng máy tính.",
        "en": "Welcome! Sign in to use this computer.",
    },
    "free": {"vi": "Dịch vụ miễn phí", "en": "Free of charge"},
    "card": {
        "vi": "Số thẻ thư viện hoặc mã vé khách",
        "en": "Library card or guest pass number",
    },
    "pin": {"vi": "Mã PIN", "en": "PIN"},
    "pin_optional": {"vi": "Mã PIN (nếu có)", "en": "PIN (if you have one)"},
    "sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
    "guest": {"vi": "Tôi là khách: nhận vé khách", "en": "I am a guest: get a guest pass"},
    "guest_made": {
        "vi": "Vé khách của bạn: {code}   Mã PIN: {pin}\nHãy ghi lại, rồi bấm Đăng nhập.",
        "en": "Your guest pass: {code}   PIN: {pin}\nWrite it down, then press Sign in.",
    },
    "online": {"vi": "Đã kết nối máy chủ", "en": "Connected to the server"},
    "offline": {
        "vi": "Mất kết nối máy chủ: thẻ đã từng dùng ở máy này vẫn đăng nhập được",
        "en": "No connection to the server: cards used on this computer before still work",
    },
    "unknown_line": {"vi": "Đang kết nối máy chủ…", "en": "Connecting to the server…"},
    "unauthorized": {
        "vi": "Máy tính này cần được đăng ký lại với máy chủ (báo cán bộ thư viện)",
        "en": "This computer must be enrolled again (tell the library staff)",
    },
    "time_left": {"vi": "Còn lại {time}", "en": "Time left {time}"},
    "logout": {"vi": "Đăng xuất", "en": "Log out"},
    "warning_title": {"vi": "Sắp hết giờ", "en": "Time almost up"},
    "warning": {
        "vi": "Còn {minutes} phút. Hãy lưu công việc của bạn (ví dụ vào USB hoặc thư điện tử).",
        "en": "{minutes} minute(s) left. Save your work (to a USB stick or by e-mail).",
    },
    "ok": {"vi": "Đã hiểu", "en": "OK"},
    "ended_logout": {
        "vi": "Bạn đã đăng xuất. Tệp tải về và dữ liệu trình duyệt đã được xoá.",
        "en": "You are logged out. Downloads and browser data have been removed.",
    },
    "ended_time_up": {
        "vi": "Đã hết thời gian sử dụng. Tệp tải về và dữ liệu trình duyệt đã được xoá.",
        "en": "Your time is up. Downloads and browser data have been removed.",
    },
    "ended_staff": {
        "vi": "Cán bộ thư viện đã kết thúc phiên sử dụng.",
        "en": "The library staff ended the session.",
    },
    "locked": {
        "vi": "Máy tính đang bị cán bộ thư viện khoá.",
        "en": "This computer is locked by the library staff.",
    },
    "message_title": {"vi": "Tin nhắn từ thư viện", "en": "Message from the library"},
    "restart": {"vi": "Máy tính sắp khởi động lại.", "en": "The computer is restarting."},
    "shutdown": {"vi": "Máy tính sắp tắt.", "en": "The computer is shutting down."},
    "reason_BAD_LOGIN": {
        "vi": "Số thẻ hoặc mã PIN không đúng.",
        "en": "Wrong card number or PIN.",
    },
    "reason_PIN_REQUIRED": {"vi": "Cần nhập mã PIN.", "en": "A PIN is required."},
    "reason_NO_TIME": {
        "vi": "Bạn đã dùng hết thời gian hôm nay.",
        "en": "You have used all your time today.",
    },
    "reason_CLOSED": {
        "vi": "Điểm truy nhập đang đóng cửa.",
        "en": "The access point is closed.",
    },
    "reason_RESERVED": {
        "vi": "Máy này đã được đặt trước.",
        "en": "This computer is reserved.",
    },
    "reason_IN_USE": {
        "vi": "Máy đang có người sử dụng.",
        "en": "This computer is in use.",
    },
    "reason_NOT_LINKED": {
        "vi": "Máy tính này chưa được gắn với điểm truy nhập.",
        "en": "This computer is not linked to an access point.",
    },
    "reason_OFFLINE_UNKNOWN": {
        "vi": "Mất kết nối máy chủ: chỉ thẻ đã từng đăng nhập ở máy này mới dùng được.",
        "en": "No connection to the server: only cards used on this computer before work.",
    },
    "reason_NO_RULES": {
        "vi": "Máy chưa từng kết nối được máy chủ nên chưa thể đăng nhập.",
        "en": "This computer has never reached the server: sign-in is not possible yet.",
    },
    "reason_OFFLINE_GUEST": {
        "vi": "Mất kết nối máy chủ: chưa tạo được vé khách.",
        "en": "No connection to the server: a guest pass cannot be made now.",
    },
    "reason_GUEST_REFUSED": {
        "vi": "Không tạo được vé khách.",
        "en": "A guest pass cannot be made.",
    },
    "reason_LOCKED": {
        "vi": "Máy tính đang bị cán bộ thư viện khoá.",
        "en": "This computer is locked by the library staff.",
    },
    "reason_other": {"vi": "Không đăng nhập được.", "en": "Sign-in refused."},
}


def text(key: str, language: str = "vi", **values) -> str:
    entry = TEXTS[key]
    template = entry.get(language) or entry["vi"]
    return template.format(**values) if values else template


def reason_text(reason: str, language: str) -> str:
    key = f"reason_{reason}"
    return text(key if key in TEXTS else "reason_other", language)


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
