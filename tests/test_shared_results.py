"""Page results shared between sessions (chart specs, practice cards) never carry one session's choices into
another's page, and what a session is handed cannot change what the next one is served."""
from __future__ import annotations

from lib import cached, i18n, queries

from .harness import app_page, shown_text


def test_a_shared_chart_spec_is_each_callers_own_copy(real_store):
    counts = queries.practices(real_store, "id").groupby(["stage_code", "region"], as_index=False).size()
    labels = {"stage": "Tahap", "region": "Daerah", "count": "Praktik"}
    first = cached.chart_spec("stage_counts", (counts, labels), "Judul", ("Sumber",), None)
    first["title"] = "changed by one session"
    first.setdefault("datasets", {}).clear()
    again = cached.chart_spec("stage_counts", (counts, labels), "Judul", ("Sumber",), None)
    assert again["title"]["text"] == "Judul" and again["datasets"]
    other = cached.chart_spec("stage_counts", (counts, {**labels, "stage": "Stage"}), "Judul", ("Sumber",), None)
    assert other != again  # other labels (another language) are another entry


def test_practice_cards_follow_each_sessions_language_after_another_session_built_them(real_store):
    region = queries.regions(real_store, "id")["region_id"].iloc[0]
    english = shown_text(app_page("region", region=region, lang="en"))
    indonesian = shown_text(app_page("region", region=region, lang="id"))
    assert i18n.t("en", "practice.open_page") in english
    assert i18n.t("id", "practice.open_page") in indonesian
    assert i18n.t("en", "practice.open_page") not in indonesian
    assert "lang=en" not in indonesian  # links built for the English session are not served to this one
