"""Chromium: search, the SQL console, and downloads clicked for real."""
import io
import re

import openpyxl
import pytest

from .harness import download, open_page, wait_idle

pytestmark = pytest.mark.browser


def download_button(page, label):
    """Our download buttons (not the chart and table toolbars' own icons)."""
    return page.locator("[data-testid='stDownloadButton']").get_by_role("button", name=label).first


def test_search_page_shows_ranked_results_and_the_correction(page, server):
    open_page(page, server + "/search?q=perizinn&lang=en")
    page.get_by_text("Showing results for: perizinan").wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"^\d+ practices found$")).wait_for()


def test_typing_a_query_puts_it_in_the_url(page, server):
    open_page(page, server + "/search?lang=en")
    box = page.get_by_label("Search words")
    box.fill("LPSE")
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=LPSE"), timeout=30_000)
    wait_idle(page)
    page.get_by_text("Kota Metro", exact=False).first.wait_for()


def test_csv_and_xlsx_downloads_from_the_stage_explorer(page, server):
    open_page(page, server + "/stages?stage=II&lang=en")
    raw = download(page, download_button(page, "CSV"), 30_000)
    assert raw.startswith(b"\xef\xbb\xbf") and b"Stage" in raw
    book = openpyxl.load_workbook(io.BytesIO(download(page, download_button(page, "XLSX"), 30_000)))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Region" and len(rows) > 1
    assert {r[1] for r in rows[1:]} == {"II"}


def test_chart_png_and_svg_downloads(page, server):
    open_page(page, server + "/stages?lang=en")
    png = download(page, download_button(page, "PNG"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg = download(page, download_button(page, "SVG")).decode("utf-8")
    assert "<svg" in svg and "Practices per stage" in svg


def test_download_labels_are_readable_in_a_half_width_column(page, server):
    """The overview puts its charts in two columns; every download button there shows its whole label."""
    open_page(page, server + "/?lang=en")
    buttons = page.locator("[data-testid='stDownloadButton'] button")
    buttons.first.wait_for(timeout=30_000)
    assert buttons.count() >= 4
    for i in range(buttons.count()):
        button = buttons.nth(i)
        label = button.get_by_text(re.compile(r"^(PNG|SVG|CSV|XLSX)$"))
        assert label.count() == 1, button.inner_text()
        box, text = button.bounding_box(), label.bounding_box()
        assert text["width"] > 0 and text["x"] + text["width"] <= box["x"] + box["width"], (i, box, text)
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1")


def test_sql_console_refuses_file_access(page, server):
    open_page(page, server + "/sql?lang=en&q=SELECT%20*%20FROM%20read_csv(%27/etc/passwd%27)")
    page.get_by_text("cannot read or write files", exact=False).first.wait_for(timeout=30_000)
    assert page.get_by_text("root:x:0:0").count() == 0


def test_comparison_brief_downloads_from_the_compare_page(page, server):
    open_page(page, server + "/compare?region=sragen&region=metro&lang=en")
    html = download(page, download_button(page, "Brief (HTML)"), 90_000).decode("utf-8")
    assert "Comparison brief: Kabupaten Sragen, Kota Metro" in html and "References" in html
    assert download(page, download_button(page, "Brief (PDF)"), 90_000)[:4] == b"%PDF"
