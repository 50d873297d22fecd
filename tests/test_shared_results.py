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


def test_the_screen_spec_carries_the_same_rows_already_in_arrow(real_store):
    """What the page sends is the export's spec with each table of rows pre-converted (Streamlit would convert it
    on every rerun): the same rows, the same encoding."""
    import pyarrow as pa
    counts = queries.practices(real_store, "id").groupby(["stage_code", "region"], as_index=False).size()
    labels = {"stage": "Tahap", "region": "Daerah", "count": "Praktik"}
    plain = cached.chart_spec("stage_counts", (counts, labels), "Judul", ("Sumber",), None)
    screen = cached.screen_spec("stage_counts", (counts, labels), "Judul", ("Sumber",), None)
    assert {k: v for k, v in screen.items() if k != "datasets"} == {k: v for k, v in plain.items() if k != "datasets"}
    assert screen["datasets"].keys() == plain["datasets"].keys()
    for name, rows in plain["datasets"].items():
        table = pa.ipc.open_stream(screen["datasets"][name]).read_all()
        assert table.to_pylist() == rows and len(rows) == len(counts)


def test_practice_cards_follow_each_sessions_language_after_another_session_built_them(real_store):
    region = queries.regions(real_store, "id")["region_id"].iloc[0]
    english = shown_text(app_page("region", region=region, lang="en"))
    indonesian = shown_text(app_page("region", region=region, lang="id"))
    assert i18n.t("en", "practice.open_page") in english
    assert i18n.t("id", "practice.open_page") in indonesian
    assert i18n.t("en", "practice.open_page") not in indonesian
    assert "lang=en" not in indonesian  # links built for the English session are not served to this one


def test_shared_page_data_is_left_as_built_after_sessions_drew_from_it(real_store):
    """Pages draw from the shared Comparison and Profile (not copies): after sessions in both languages drew the
    compare and region pages, the shared objects still equal freshly built ones."""
    from pandas.testing import assert_frame_equal

    from lib import comparison, glossary, profile
    names = dict(real_store.rows("SELECT region_id, name FROM regions"))
    chosen = sorted(names)[:3]
    for lang in ("en", "id"):
        assert not app_page("compare", region=chosen, lang=lang).exception
        assert not app_page("region", region=chosen[0], lang=lang).exception
    for lang in ("en", "id"):
        shared = cached.comparison(real_store, lang, chosen, names)
        fresh = comparison.build(real_store, lang, chosen, names)
        assert shared.cells == fresh.cells and shared.factor_evidence == fresh.factor_evidence
        for part in ("table", "factors", "differences"):
            assert_frame_equal(getattr(shared, part), getattr(fresh, part))
        shared_p = cached.profile(real_store, lang, chosen[0])
        fresh_p = profile.build(real_store, lang, chosen[0], glossary.load())
        assert repr(shared_p.stages) == repr(fresh_p.stages) and shared_p.sources == fresh_p.sources
        assert_frame_equal(shared_p.outcomes, fresh_p.outcomes)
        for a, b in zip(shared_p.timeline_args[:2], fresh_p.timeline_args[:2]):
            assert_frame_equal(a, b)


def test_the_overview_leaves_its_shared_query_results_as_the_queries_return_them(real_store):
    """The overview draws its counts, table, map and matrix from query results shared by every session
    (cached.shared): after sessions in both languages, with the counts view and without, they equal fresh ones."""
    from pandas.testing import assert_frame_equal
    for lang in ("en", "id"):
        for view in ({}, {"view": "counts"}):
            assert not app_page("overview", lang=lang, **view).exception
    assert cached.shared(queries.headline, real_store) == queries.headline(real_store)
    assert_frame_equal(cached.shared(queries.region_cards, real_store), queries.region_cards(real_store))
    for lang in ("en", "id"):
        for query in (queries.regions, queries.stage_matrix, queries.factors, queries.lessons):
            assert_frame_equal(cached.shared(query, real_store, lang), query(real_store, lang))
