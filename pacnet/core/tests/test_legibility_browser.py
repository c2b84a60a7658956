"""Legibility on a laptop: menu contrast at WCAG AA, whole filter choices, tiles without overlap."""

import pytest

from pacnet.core.tests.test_layout_browser import log_in

pytestmark = pytest.mark.browser

# WCAG 2 contrast of each menu link's computed colour on the first opaque background behind it.
CONTRASTS = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => { for (; el; el = el.parentElement) {
    const c = rgb(getComputedStyle(el).backgroundColor); if (c.length < 4 || c[3] === 1) return c; }
    return [255, 255, 255]; };
  return [...document.querySelectorAll('nav .nav-link, nav .navbar-brand')].map((el) => {
    const fg = rgb(getComputedStyle(el).color), bg = background(el);
    const a = fg.length > 3 ? fg[3] : 1;
    const seen = [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a));
    const [hi, lo] = [lum(seen), lum(bg)].sort((x, y) => y - x);
    return [el.textContent.trim(), (hi + 0.05) / (lo + 0.05)]; });
}"""

# Selects whose shown choice is wider than the room inside them (text cut, e.g. "Tất c").
CUT_SELECTS = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('form[role=search] select')].filter((s) => {
    const st = getComputedStyle(s); ctx.font = st.font;
    const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
    return ctx.measureText(s.options[s.selectedIndex]?.text || '').width > room + 0.5;
  }).map((s) => s.name);
}"""


def test_every_menu_link_has_a_contrast_of_at_least_4_5(page, province_admin):
    log_in(page, province_admin.username)
    page.goto("/equipment/")
    contrasts = page.evaluate(CONTRASTS)
    assert len(contrasts) >= 5
    assert [(label, round(ratio, 2)) for label, ratio in contrasts if ratio < 4.5] == []


@pytest.mark.parametrize("width", [1366, 1200, 390])
def test_a_filter_select_shows_its_whole_choice(page, province_admin, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, province_admin.username)
    cut = {}
    for path in ["/equipment/", "/faults/", "/alerts/", "/points/"]:
        page.goto(path)
        assert page.locator("form[role=search] select").count() >= 1, path
        if names := page.evaluate(CUT_SELECTS):
            cut[path] = names
    assert cut == {}


def test_the_free_badge_does_not_cover_the_computer_s_code(page, daklao_staff):
    log_in(page, daklao_staff.username)
    page.goto("/usage/points/X-DAKLAO/computers/")
    tiles = page.locator("#computers .tile")
    assert tiles.count() >= 1
    # As narrow as a tile gets beside the point's day panel at 1 366 px.
    page.evaluate(
        "document.querySelectorAll('#computers .tile').forEach(t => t.style.width = '170px')"
    )
    for i in range(tiles.count()):
        tile = tiles.nth(i)
        card = tile.bounding_box()
        code = tile.locator(".tile-code").bounding_box()
        badge = tile.locator(".tile-code + .badge").bounding_box()
        name = tile.get_attribute("data-computer")
        assert code["x"] + code["width"] <= badge["x"], f"{name}: the badge covers the code"
        assert badge["x"] + badge["width"] <= card["x"] + card["width"], f"{name}: badge outside"
