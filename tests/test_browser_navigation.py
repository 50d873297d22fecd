"""Chromium against `streamlit run`: the URL stays the state of a view through the language switch and through
Back and Forward (widgets follow the URL when it changes from outside; see ui.bind)."""
import pytest
from playwright.sync_api import expect

from .harness import open_page, wait_idle

pytestmark = pytest.mark.browser


def _switch(page, label):
    page.locator(".st-key-topbar").get_by_text(label, exact=True).click()
    wait_idle(page)
    page.wait_for_timeout(500)


def _query(page) -> str:
    return page.url.split("?", 1)[1] if "?" in page.url else ""


@pytest.mark.parametrize("path, heading", [("/stages?stage=II&status=running", "h3"),
                                           ("/search?q=pelayanan&stage=II", "h3")])
def test_language_round_trip_keeps_filters_codes_and_count(page, server, path, heading):
    open_page(page, server + path)
    count_id = page.locator(heading).first.inner_text()
    for label, lang in [("English", "en"), ("Bahasa Indonesia", "id"), ("English", "en"), ("Bahasa Indonesia", "id")]:
        _switch(page, label)
        query = _query(page)
        assert "stage=II" in query and f"lang={lang}" in query, query
        if "status" in path:
            assert "status=running" in query, query   # the code, never a label such as "Berjalan"
        shown = page.locator(heading).first.inner_text()
        assert shown.split()[0] == count_id.split()[0], (label, shown, count_id)


def test_back_and_forward_restore_the_previous_filter(page, server):
    open_page(page, server + "/factors")
    group = page.locator(".st-key-factors_pick button")
    for code in ("(a)", "(d)"):
        group.filter(has_text=code).click()
        wait_idle(page)
        page.wait_for_timeout(300)
    assert _query(page) == "factor=d"
    for move, expected in [(page.go_back, "factor=a"), (page.go_back, ""), (page.go_forward, "factor=a")]:
        move()
        page.wait_for_timeout(1000)
        wait_idle(page)
        assert _query(page) == expected
        pressed = group.locator("xpath=self::*[@aria-checked='true' or contains(@kind, 'Active')]").all_inner_texts()
        assert [t[:3] for t in pressed] == ([expected[-1:].join("()")] if expected else [])


def test_on_a_phone_the_menu_is_labelled_opens_by_tap_and_closes_after_a_choice(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        open_page(page, server + "/?lang=en")
        menu_button = page.get_by_role("button", name="Menu")
        menu_button.wait_for(timeout=30_000)
        expect(page.locator(".st-key-nav_wide")).to_be_hidden(timeout=10_000)  # the row of links: wide screens only
        menu_button.tap()
        wait_idle(page)   # opening the menu is a rerun (its state is kept for closing it after a choice)
        menu = page.locator("[data-testid='stPopoverBody']")
        menu.get_by_role("link", name="Compare").tap()
        page.wait_for_url("**/compare**", timeout=30_000)
        wait_idle(page)
        expect(menu).to_be_hidden(timeout=10_000)                         # closed over the chosen page
        assert page.locator("[data-testid='stSidebar']").count() == 0 or not page.locator(
            "[data-testid='stSidebar']").is_visible()
    finally:
        context.close()


def test_self_assessment_questions_are_never_cut(browser, server):
    for width in (1400, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            page.goto(server + "/assess")
            page.wait_for_selector("[data-testid=stCheckbox]", timeout=60_000)
            wait_idle(page)
            labels = page.locator("[data-testid=stCheckbox] [data-testid=stMarkdownContainer]")
            assert labels.count() >= 30
            cut = page.evaluate("""() => [...document.querySelectorAll(
                '[data-testid=stCheckbox] [data-testid=stMarkdownContainer]')].filter(
                e => e.scrollWidth > e.clientWidth + 1 || getComputedStyle(e).textOverflow === 'ellipsis').length""")
            assert cut == 0, (width, cut)
        finally:
            context.close()
