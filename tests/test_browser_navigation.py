"""Chromium against `streamlit run`: the URL stays the state of a view through the language switch and through
Back and Forward (widgets follow the URL when it changes from outside; see ui.bind)."""
import pytest

from .harness import wait_idle

pytestmark = pytest.mark.browser


def _switch(page, label):
    page.locator("[data-testid='stSidebar']").get_by_text(label, exact=True).click()
    wait_idle(page)
    page.wait_for_timeout(500)


def _query(page) -> str:
    return page.url.split("?", 1)[1] if "?" in page.url else ""


@pytest.mark.parametrize("path, heading", [("/stages?stage=II&status=running", "h3"),
                                           ("/search?q=pelayanan&stage=II", "h3")])
def test_language_round_trip_keeps_filters_codes_and_count(page, server, path, heading):
    page.goto(server + path)
    wait_idle(page)
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
    page.goto(server + "/factors")
    wait_idle(page)
    group = page.locator("[data-testid='stMain'] [data-testid='stButtonGroup'] button")
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
