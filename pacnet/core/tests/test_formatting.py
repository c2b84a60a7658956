"""One money style (đ) and one line-speed unit (Mbit/s), in both languages and on the pages."""

import pytest
from django.utils import translation

from pacnet.connectivity.demo import demo_lines_load
from pacnet.core.formatting import line_speed, money

NBSP = "\u00a0"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_money_is_written_in_dong_with_dots_in_both_languages(language):
    with translation.override(language):
        assert money(1_250_000) == f"1.250.000{NBSP}đ"


@pytest.mark.parametrize(("language", "text"), [("vi", "0,512"), ("en", "0.512")])
def test_a_line_speed_in_kbit_s_is_written_in_mbit_s(language, text):
    with translation.override(language):
        assert line_speed(512) == f"{text}{NBSP}Mbit/s"
        assert line_speed(20_000) == f"20{NBSP}Mbit/s"


def test_the_point_page_shows_the_line_in_mbit_s_and_its_fee_in_dong(client, province_admin):
    demo_lines_load()
    client.force_login(province_admin)
    html = client.get("/points/X-DAKLAO/").content.decode()
    assert f"{NBSP}Mbit/s" in html
    assert "kbit/s" not in html
    assert f"{NBSP}đ/" in html
