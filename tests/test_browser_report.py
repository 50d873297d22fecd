"""Report a problem in a real Chromium: a claim's "laporkan masalah" link on the region page opens the report
page with the claim, its current text and its sources, and offers the report as a download."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lib import db, report

from . import harness
from .conftest import REGIONS

pytestmark = pytest.mark.browser


@pytest.mark.skipif(not (REGIONS / "metro.yaml").exists(), reason="needs the metro case file")
def test_report_link_opens_a_prefilled_report(server, page):
    harness.open_page(page, server + "/region?region=metro")
    link = page.get_by_role("link", name="laporkan masalah").first
    link.scroll_into_view_if_needed()
    ref = link.get_attribute("href").split("claim=")[1].split("&")[0].replace("%3A", ":")
    with page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    harness.wait_idle(tab)
    store = db.open_store(REGIONS)
    try:
        claim = report.claim(store, ref)
    finally:
        store.close()
    expect(tab.get_by_role("heading", name="Laporkan klaim yang salah atau usang")).to_be_visible()
    preview = tab.locator("code").filter(has_text=f"Klaim / claim: {claim.ref}")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text(claim.sources[0][1])
    expect(preview).to_contain_text(claim.text_en.split("\n")[0][:40])
    tab.get_by_label("Koreksi").fill("Tahun yang benar: lihat sumber baru")
    tab.keyboard.press("Control+Enter")
    harness.wait_idle(tab)
    expect(preview).to_contain_text("Tahun yang benar: lihat sumber baru")
    text = harness.download(tab, tab.get_by_role("button", name="Unduh laporan (teks)"), 30_000).decode("utf-8")
    assert claim.ref in text and "Tahun yang benar: lihat sumber baru" in text
