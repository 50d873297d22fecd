"""Region profile in a real Chromium against `streamlit run`: visible content, language switch via the URL,
the region selector and the stage tab written into the URL, and a reload reproducing the view."""
from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import expect

from . import harness
from .conftest import REGIONS

pytestmark = pytest.mark.browser


def _names() -> dict[str, str]:
    out = {}
    for path in sorted(REGIONS.glob("*.yaml")):
        try:
            out[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
        except (OSError, yaml.YAMLError, KeyError, TypeError):  # a file being written by someone else: skip it
            pass
    return out


NAMES = _names()
FIRST = "metro" if "metro" in NAMES else next(iter(NAMES), None)
OTHER = next((rid for rid in NAMES if rid != FIRST), None)


def _stage_tab(page, code: str):
    return page.get_by_role("tab", name=re.compile(rf"^{code} · "))


@pytest.mark.skipif(FIRST is None, reason="no case file present")
def test_region_profile_visible_in_both_languages(server, page):
    harness.open_page(page, server + harness.url("region", region=FIRST))
    expect(page.get_by_role("heading", name=NAMES[FIRST], exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Lima tahap")).to_be_visible()
    expect(_stage_tab(page, "I")).to_contain_text("Tahap Menuju Perbaikan")
    expect(page.get_by_role("heading", name="Catatan hukum dan kegagalan")).to_be_attached()
    expect(page.get_by_text("Traceback")).to_have_count(0)

    harness.open_page(page, server + harness.url("region", region=FIRST, lang="en"))
    expect(page.get_by_role("heading", name=NAMES[FIRST], exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="The five stages")).to_be_visible()
    expect(_stage_tab(page, "I")).to_contain_text("Steps toward improvement")
    wrong = page.get_by_role("heading", name="What went wrong: legal record and failures")
    wrong.scroll_into_view_if_needed()
    expect(wrong).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Sources \(\d+\)$"))).to_be_attached()


@pytest.mark.skipif(OTHER is None, reason="needs two case files")
def test_selector_and_stage_tab_round_trip_through_the_url(server, page):
    harness.open_page(page, server + harness.url("region", region=FIRST, lang="en"))
    page.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name=NAMES[OTHER], exact=True).click()
    page.wait_for_url(re.compile(rf"[?&]region={OTHER}(&|$)"))
    harness.wait_idle(page)
    expect(page.get_by_role("heading", name=NAMES[OTHER], exact=True)).to_be_visible()
    assert "lang=en" in page.url

    _stage_tab(page, "IV").click()
    page.wait_for_url(re.compile(r"[?&]stage=IV(&|$)"))
    harness.wait_idle(page)

    shared = page.url
    harness.open_page(page, shared)  # a reload (or a colleague opening the link) reproduces the view
    expect(page.get_by_role("heading", name=NAMES[OTHER], exact=True)).to_be_visible()
    expect(page.get_by_role("combobox", name="Region")).to_have_value(NAMES[OTHER])
    expect(_stage_tab(page, "IV")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("heading", name="The five stages")).to_be_visible()
    assert f"region={OTHER}" in page.url and "stage=IV" in page.url


def test_no_region_and_unknown_region_are_friendly(server, page):
    harness.open_page(page, server + "/region?lang=en")
    expect(page.get_by_text("Choose a region above to open its profile")).to_be_visible()
    expect(page.locator("[data-testid='stSelectbox']")).to_have_count(1)

    harness.open_page(page, server + "/region?region=nowhere&lang=en")
    expect(page.get_by_text("were not recognised and were ignored: region=nowhere")).to_be_visible()
    expect(page.get_by_text("Choose a region above to open its profile")).to_be_visible()
    expect(page.get_by_text("Traceback")).to_have_count(0)


def _longest_grid_run(png: bytes) -> tuple[int, int]:
    """The longest horizontal run of light-grey grid pixels in a chart image (the plot area's width), and the
    image's width."""
    import io

    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    best = 0
    for y in range(height):
        run = 0
        for x in range(width):
            r, g, b = pixels[x, y]
            run = run + 1 if 200 <= min(r, g, b) and max(r, g, b) <= 245 and max(r, g, b) - min(r, g, b) < 16 else 0
            best = max(best, run)
    return best, width


@pytest.mark.skipif(FIRST is None, reason="no case file present")
def test_on_a_phone_the_timeline_keeps_half_its_width_for_the_plot(server, browser):
    """At 390 px the stage and event names give way to the plot (issue 16: a 40-pixel plot beside 300-pixel labels)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        harness.open_page(page, server + harness.url("region", region="sidoarjo" if "sidoarjo" in NAMES else FIRST))
        chart = page.locator("[data-testid='stVegaLiteChart']").first
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        plot, width = _longest_grid_run(chart.screenshot())
        assert width <= 400 and plot >= width / 2
    finally:
        context.close()
