"""Chromium: echoed URL values render as plain text in the browser (no link, no icon), as Streamlit's Markdown
really renders them; the AppTest checks in test_text_safety see only the Markdown source."""
import pytest

from .harness import open_page

pytestmark = pytest.mark.browser


def test_echoed_values_make_no_link_and_no_icon(page, server):
    open_page(page, server + "/stages?stage=www.evil.example&theme=:material/home:&factor=https://evil.example/x"
                             "&lang=en")
    note = page.locator("[data-testid='stAlertContentInfo']", has_text="not recognised").first
    note.wait_for(timeout=30_000)
    assert note.locator("a").count() == 0
    assert note.locator("[data-testid='stIconMaterial']").count() == 0
    text = note.inner_text().replace("\u200b", "")
    assert "www.evil.example" in text and ":material/home:" in text and "https://evil.example/x" in text
