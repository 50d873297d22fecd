"""The overview map in a real Chromium on a phone: every region named, no name printed over another (issue 16: five
names collided over Java at 390 px)."""
from __future__ import annotations

import pytest

from lib import charts, i18n, queries

from . import harness

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["id", "en"])
def test_on_a_phone_the_map_names_every_region_without_overprinting(server, browser, real_store, lang):
    names = {charts.short_name(n) for n in queries.regions(real_store, lang)["name"]}
    assert 0 < len(names) <= charts.MAP_NAMES_UP_TO
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        harness.open_page(page, server + harness.url(None, lang=lang))
        chart = page.locator(f"[data-testid='stVegaLiteChart'][aria-label='{i18n.t(lang, 'overview.map')}']")
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # the map fits the phone
        drawn = chart.evaluate("""e => [...e.querySelectorAll('svg text')].filter(t => t.textContent.trim())
            .map(t => { const r = t.getBoundingClientRect();
                        return [t.textContent.trim(), r.left, r.top, r.right, r.bottom]; })""")
    finally:
        context.close()
    labels = [d for d in drawn if d[0] in names]
    assert sorted(d[0] for d in labels) == sorted(names)  # every region named once
    clashes = [(a[0], b[0]) for i, a in enumerate(labels) for b in labels[i + 1:]
               if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert clashes == []
