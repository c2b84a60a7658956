"""The page frame in a real browser: the menu fits one line on a provincial office's laptop."""

import pytest

pytestmark = pytest.mark.browser


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pacnet-test")  # the user factory's password
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize("width", [1366, 1200])
def test_the_whole_menu_fits_one_line_without_scrolling_sideways(page, province_admin, width):
    page.set_viewport_size({"width": width, "height": 768})
    log_in(page, province_admin.username)
    page.goto("/dashboard/")
    menu = page.locator("nav .navbar-nav .nav-link")
    boxes = [menu.nth(i).bounding_box() for i in range(menu.count())]
    assert len({round(box["y"]) for box in boxes}) == 1, "the menu wraps onto a second line"
    assert max(box["height"] for box in boxes) < 45, "a menu label wraps onto two lines"
    assert page.evaluate("document.documentElement.scrollWidth") == width
    assert page.get_by_role("button", name="Thoát").is_visible()


@pytest.mark.parametrize("width", [1366, 1200])
def test_in_english_the_menu_and_log_out_fit_one_line_too(page, province_admin, width):
    province_admin.first_name = "Sở VHTTDL (quản trị tỉnh)"  # the demo's, a real length
    province_admin.save(update_fields=["first_name"])
    page.set_viewport_size({"width": width, "height": 768})
    log_in(page, province_admin.username)
    page.goto("/dashboard/")
    page.click("nav button[name=language][value=en]")
    page.wait_for_load_state()
    log_out = page.get_by_role("button", name="Log out")
    assert log_out.is_visible()
    assert log_out.bounding_box()["height"] < 45, "Log out wraps onto two lines"
    assert page.evaluate("document.documentElement.scrollWidth") == width


def test_below_1200_px_the_menu_folds_behind_its_button(page, province_admin):
    page.set_viewport_size({"width": 1100, "height": 768})
    log_in(page, province_admin.username)
    assert page.locator("nav .navbar-toggler").is_visible()
    assert not page.locator("nav .navbar-nav").is_visible()
