"""Chromium against `streamlit run`: the peer-learning page and the self-assessment page."""
import re

import pytest

from .harness import download, open_page, wait_idle

pytestmark = pytest.mark.browser


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_peers_page_for_sragen(page, server):
    open_page(page, server + "/peers?region=sragen")
    page.get_by_text("Daerah yang layak dikunjungi", exact=True).wait_for(timeout=60_000)
    for name in ("Kota Tangerang", "Kabupaten Lamongan", "Kabupaten Jembrana"):
        page.get_by_text(re.compile(rf"^\d\. {name}$")).first.wait_for()
    assert page.get_by_role("combobox", name="Daerah").input_value() == "Kabupaten Sragen"
    assert metric(page, "Celah").isdigit()
    page.get_by_text("Cara skor dihitung", exact=True).click()
    page.get_by_text("Relevansi per daerah pembanding (poin)").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "region=sragen" in page.url


def test_peers_stage_tab_is_built_on_opening_and_kept_in_the_url(page, server):
    open_page(page, server + "/peers?region=metro&lang=en")
    tab = page.get_by_role("tab", name=re.compile(r"^IV · "))
    tab.wait_for(timeout=60_000)
    page.get_by_text(re.compile(r"^IV — ")).wait_for(state="detached")  # a closed tab is not built
    tab.click()
    page.get_by_text(re.compile(r"^IV — ")).wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"stage=IV"), timeout=30_000)
    page.reload()
    wait_idle(page)
    expect_selected = page.get_by_role("tab", name=re.compile(r"^IV · "))
    expect_selected.wait_for(timeout=60_000)
    assert expect_selected.get_attribute("aria-selected") == "true"
    assert page.locator("[data-testid='stException']").count() == 0


def test_assess_page_answer_and_download(page, server):
    open_page(page, server + "/assess?lang=en")
    page.get_by_text("What is in place, stage by stage").wait_for(timeout=60_000)
    gaps_before = int(metric(page, "Gaps"))
    for question in ("Is there an integrated (one-stop) service office?",
                     "Is there a complaint channel with a deadline for the answer?"):
        page.get_by_role("checkbox", name=question, exact=True).check(force=True)
        wait_idle(page)
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stMetric']")]
                  .some(m => m.innerText.includes("Themes in place") && m.innerText.trim().endsWith("2"))""",
        timeout=30_000)
    assert int(metric(page, "Gaps")) == gaps_before - 2
    page.get_by_text("Who to visit").first.wait_for()
    buttons = page.locator("[data-testid='stDownloadButton']")
    assert buttons.count() >= 3
    html = download(page, buttons.filter(has_text="Summary (HTML)").locator("button")).decode("utf-8")
    assert "<h2>References</h2>" in html and "Who to visit" in html
    assert page.locator("[data-testid='stException']").count() == 0
