"""Chromium against `streamlit run`: the compare page, its alignment switch and a URL round-trip."""
from __future__ import annotations

import pytest

from lib import db, i18n, schema

from .harness import open_page, streamlit_server, url, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def two():
    """Two regions present in the data (Metro and Lamongan when there), as (id, name) pairs."""
    store = db.open_store()
    try:
        regions = store.df("SELECT region_id, name FROM regions ORDER BY name")
    finally:
        store.close()
    if len(regions) < 2:
        pytest.skip("fewer than two case files")
    preferred = regions[regions["region_id"].isin(["metro", "lamongan"])]
    chosen = preferred if len(preferred) == 2 else regions.head(2)
    return list(chosen.itertuples(index=False, name=None))


def _chosen(two) -> str:
    return url("compare", region=[rid for rid, _ in two])


def test_compare_shows_both_regions_and_the_stages(page, server, two):
    open_page(page, server + _chosen(two))
    main = page.locator("[data-testid='stMain']")
    main.get_by_text(i18n.t("id", "compare.title"), exact=True).wait_for(timeout=30_000)
    for _, name in two:
        main.locator("strong").get_by_text(name, exact=True).first.wait_for(state="visible", timeout=30_000)
    stage = f"I · {schema.label('stages', 'I', 'id')}"
    assert main.get_by_text(stage, exact=True).first.is_visible()
    assert main.get_by_text(i18n.t("id", "compare.assessment")).first.is_visible()
    assert page.locator("[data-testid='stException']").count() == 0


def test_alignment_switch_goes_into_the_url_and_survives_a_reload(page, server, two):
    open_page(page, server + _chosen(two))
    label = i18n.t("id", "compare.align_trigger")
    switch = page.get_by_role("switch", name=label)
    switch.wait_for(state="attached", timeout=30_000)
    assert switch.is_checked()
    assert "align=" not in page.url
    page.get_by_text(label, exact=True).click()
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('align=')", timeout=30_000)
    assert "align=calendar" in page.url
    shared = page.url
    page.get_by_text(label, exact=True).click()  # the section reruns alone (a fragment): back to the default
    wait_idle(page)
    page.wait_for_function("() => !window.location.search.includes('align=')", timeout=30_000)
    assert switch.is_checked()
    page.get_by_text(label, exact=True).click()  # and once more: the toggle follows every click, not a stale URL
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('align=calendar')", timeout=30_000)
    assert not switch.is_checked()

    open_page(page, shared)  # a fresh session on the shared URL: same regions, same order, same alignment
    page.get_by_text(i18n.t("id", "compare.title"), exact=True).wait_for(timeout=30_000)
    assert page.url.index(f"region={two[0][0]}") < page.url.index(f"region={two[1][0]}")
    assert "align=calendar" in page.url
    chosen = page.locator("[data-testid='stMultiSelect']").first.inner_text()
    assert chosen.index(two[0][1]) < chosen.index(two[1][1])
    assert not page.get_by_role("switch", name=label).is_checked()
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0


def test_choosing_a_region_writes_it_into_the_url(page, server, two):
    open_page(page, server + url("compare", region=two[0][0], lang="en"))
    page.get_by_text(i18n.t("en", "compare.hint"), exact=False).wait_for(timeout=30_000)
    page.locator("[data-testid='stMultiSelect']").first.click()
    page.get_by_role("option", name=two[1][1], exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)
    page.wait_for_function(f"() => window.location.search.includes('region={two[1][0]}')", timeout=30_000)
    assert page.url.index(f"region={two[0][0]}") < page.url.index(f"region={two[1][0]}")
    page.locator("#stages").get_by_text(i18n.t("en", "compare.stages"), exact=True).wait_for(timeout=30_000)


def test_shared_url_on_a_fresh_server_gets_the_app_frame(browser, two):
    """A shared deep link opened first on a new server runs app.py's frame (page scripts live in views/, not in a
    folder named pages/, which Streamlit would serve directly, without the frame, before st.navigation ran)."""
    with streamlit_server() as base:
        page = browser.new_page()
        try:
            open_page(page, base + _chosen(two))
            page.get_by_text(i18n.t("id", "compare.title"), exact=True).wait_for(timeout=30_000)
            assert page.locator(".st-key-topbar").get_by_text("English", exact=True).count() == 1
        finally:
            page.close()


def test_on_a_phone_the_factor_chart_headers_never_print_over_each_other(browser, server, real_store):
    """Four regions' names over the success-factor columns at 390 px (they overprinted: issue 16, item 2): each
    header line stays inside its own column, so no two touch."""
    regions = real_store.df("SELECT region_id FROM regions ORDER BY type, region_id")["region_id"].tolist()[:4]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_page(page, server + url("compare", region=regions))
        chart = page.locator(f"[data-testid='stVegaLiteChart'][aria-label='{i18n.t('id', 'compare.factors')}']")
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        drawn = chart.evaluate("""e => [...e.querySelectorAll('svg g.role-axis-label text')]
            .filter(t => t.textContent.trim())
            .map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom]; })""")
    finally:
        context.close()
    top = min(d[2] for d in drawn)
    headers = [d for d in drawn if d[2] < top + 40]  # the two header lines above the grid, not the factor rows
    assert len(headers) >= len(regions), drawn
    clashes = [(a[0], b[0]) for i, a in enumerate(headers) for b in headers[i + 1:]
               if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert clashes == [], headers
