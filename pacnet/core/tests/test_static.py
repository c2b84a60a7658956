"""Static files as a slow line needs them: hashed names, compressed, cached for ever, few bytes."""

import re

import pytest
from fontTools.ttLib import TTFont

from pacnet.core.icons import FONT_NAME, ICONS_DIR, subset_icon_names, used_icon_names

STATIC_REF = re.compile(r'(?:href|src)="(/static/[^"]+)"')
HASHED = re.compile(r"\.[0-9a-f]{12}\.(?:css|js)$")
FOREVER = "max-age=315360000"


@pytest.fixture
def login_html(client, db):
    return client.get("/accounts/login/").content.decode()


def test_every_static_file_of_a_page_has_a_hashed_name(login_html):
    refs = STATIC_REF.findall(login_html)
    assert len(refs) >= 4  # bootstrap css and js, icons, pacnet.css, htmx
    assert [ref for ref in refs if not HASHED.search(ref)] == []


@pytest.mark.parametrize(("accept", "encoding"), [("gzip, deflate, br", "br"), ("gzip", "gzip")])
def test_a_static_file_is_sent_compressed_and_cached_for_ever(client, login_html, accept, encoding):
    css = next(ref for ref in STATIC_REF.findall(login_html) if "bootstrap.min" in ref)
    response = client.get(css, headers={"accept-encoding": accept})
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    assert FOREVER in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert len(body) < 40_000  # 230 KB uncompressed


def test_chart_js_is_loaded_only_by_pages_with_charts(client, province_admin):
    client.force_login(province_admin)
    assert "chart.umd" not in client.get("/").content.decode()
    assert "chart.umd" in client.get("/dashboard/").content.decode()


def test_the_icon_font_holds_every_icon_the_pages_use_and_no_other():
    used = used_icon_names()
    assert used, "no icon found: the scan is broken"
    # A failure here: run `pacnet subset_icons` after adding or dropping an icon.
    assert subset_icon_names() == used
    font = TTFont(ICONS_DIR / FONT_NAME)
    assert len(font.getBestCmap()) == len(used)
