"""The user pages on a phone (390 px): nothing wider than the screen, the list readable."""

import pytest

pytestmark = pytest.mark.browser


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pacnet-test")  # the user factory's password
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_the_user_pages_fit_a_phone(phone_page, province_admin, daklao_staff):
    log_in(phone_page, province_admin.username)
    pages = [
        "/accounts/users/",
        "/accounts/users/new/",
        f"/accounts/users/{daklao_staff.pk}/",
        f"/accounts/users/{daklao_staff.pk}/edit/",
        f"/accounts/users/{daklao_staff.pk}/password/",
        "/accounts/password/",
    ]
    for url in pages:
        phone_page.goto(url)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
    phone_page.goto("/accounts/users/")
    assert phone_page.locator("[data-user=daklao] a").is_visible()


def test_the_login_lockout_page_fits_a_phone(phone_page, province_admin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        phone_page.goto("/accounts/login/")
        phone_page.fill("#id_username", "tinh")
        phone_page.fill("#id_password", "wrong")
        phone_page.click("main button[type=submit]")
    assert phone_page.locator("[data-lockout]").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
