"""Chromium against `streamlit run`: reading a reform in context — status badges with their evidence year, and
glossary terms explained on hover and linked to the glossary page."""
import re

import pytest
from playwright.sync_api import expect

from lib import db

from .harness import open_page, url

pytestmark = pytest.mark.browser


def test_practice_status_badge_shows_the_evidence_year(page, server):
    store = db.open_store()
    pid, year = store.rows("SELECT practice_id, status_year FROM practices WHERE status = 'running' "
                           "AND status_year IS NOT NULL ORDER BY practice_id LIMIT 1")[0]
    store.close()
    open_page(page, server + url("stages", practice=pid, lang="en"))
    detail = page.locator("[data-testid='stExpanderDetails']").first
    expect(detail).to_contain_text(f"Running · latest evidence {year}", timeout=30_000)
    open_page(page, server + url("stages", practice=pid))
    expect(page.locator("[data-testid='stExpanderDetails']").first).to_contain_text(
        f"Berjalan · bukti terakhir {year}", timeout=30_000)


def test_glossary_term_has_its_definition_on_hover_and_opens_the_glossary(page, server):
    open_page(page, server + "/stages?practice=metro-lpse&lang=en")
    link = page.locator("[data-testid='stExpanderDetails'] a[href*='/glossary?term=lpse']").first
    expect(link).to_be_visible(timeout=30_000)
    title = link.get_attribute("title") or ""
    assert "LPSE" in title or "procurement" in title.lower(), title   # the definition, shown on hover
    open_page(page, server + link.get_attribute("href"))   # where the link leads
    expect(page.get_by_role("heading", name="Glossary")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile(r"^LPSE")).first).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0
