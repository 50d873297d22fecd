"""AppTest: overview, stage explorer, success factors and sources pages on the real data, both languages."""
import re

import duckdb
import pytest

from lib import db, loader, mdtext, quality, queries, ui

from .harness import app_page, shown_text


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    out = tmp_path_factory.mktemp("real") / "r.duckdb"
    db.build(loader.load_all(), out)
    con = duckdb.connect(str(out), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", [None, "stages", "factors", "sources"])
def test_pages_render_in_both_languages(page, lang):
    at = app_page(page, lang=lang)
    assert not at.exception
    text = shown_text(at)
    title = {None: {"id": "Benchmark reformasi", "en": "Regional public-service reform"},
             "stages": {"id": "Penjelajah tahap", "en": "Stage explorer"},
             "factors": {"id": "Faktor kunci sukses", "en": "Key success factors"},
             "sources": {"id": "Sumber & mutu data", "en": "Sources & data quality"}}[page][lang]
    assert title in text


def test_overview_counts_match_the_database(real):
    at = app_page(None)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Daerah"] == str(real.execute("SELECT count(*) FROM regions").fetchone()[0])
    assert metrics["Praktik"] == str(real.execute("SELECT count(*) FROM practices").fetchone()[0])
    assert metrics["Sumber"] == str(real.execute("SELECT count(*) FROM sources").fetchone()[0])
    lessons = real.execute("SELECT text_en FROM guide_lessons ORDER BY number").fetchall()
    at = app_page(None, lang="en")
    assert lessons[2][0] in shown_text(at).replace("\\", "")


def test_stage_filter_shows_exactly_that_stage(real):
    at = app_page("stages", stage="II", lang="en")
    table = at.dataframe[0].value
    expected = real.execute("SELECT count(*) FROM practices WHERE stage_code = 'II'").fetchone()[0]
    assert len(table) == expected > 0
    assert set(table["stage"]) == {"II"}


def test_theme_type_and_year_filters_combine(real):
    theme = real.execute("SELECT theme_code FROM practice_themes GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    expected = real.execute("""SELECT count(*) FROM practices p JOIN regions r USING (region_id)
                               WHERE r.type = 'kota' AND p.year_start >= 2010 AND EXISTS (
                                 SELECT 1 FROM practice_themes t WHERE t.practice_id = p.practice_id
                                 AND t.theme_code = ?)""", [theme]).fetchone()[0]
    at = app_page("stages", theme=theme, type="kota", year_from="2010")
    shown = len(at.dataframe[0].value) if at.dataframe else 0
    assert shown == expected
    if expected:
        assert all(y >= 2010 for y in at.dataframe[0].value["year_start"])


def test_empty_result_says_so_and_suggests():
    at = app_page("stages", year_from="2099", lang="en")
    assert not at.exception
    assert "No practice matches" in shown_text(at)


def test_unknown_codes_and_huge_values_are_refused_politely():
    at = app_page("stages", stage=["II", "IX"], theme="<script>alert(1)</script>", year_from="x" * 10_000)
    assert not at.exception
    text = shown_text(at)
    assert "stage=IX" in text and "tidak dikenali" in text
    assert "x" * 100 not in text


def test_practice_in_url_opens_its_detail_with_citations(real):
    pid, title = real.execute("SELECT practice_id, title_en FROM practices ORDER BY practice_id LIMIT 1").fetchone()
    at = app_page("stages", practice=pid, lang="en")
    assert not at.exception
    assert any(title.replace("\\", "") in e.label.replace("\\", "") for e in at.expander)
    first_source = real.execute("""SELECT s.local_id FROM citations c JOIN sources s USING (source_id)
                                   WHERE c.subject_type = 'practice' AND c.subject_id = ?""", [pid]).fetchone()[0]
    assert f"`{first_source}`" in shown_text(at)


def test_practice_detail_shows_the_summary_the_list_leaves_out(real):
    pid, summary = next((p, s) for p, s in real.execute(  # one without glossary terms: links differ by language
        "SELECT practice_id, summary_en FROM practices ORDER BY practice_id DESC").fetchall()
        if ui.linked(s) == mdtext.escape(s))
    store = db.open_store()
    lean, full = queries.practices(store, "en", texts=False), queries.practices(store, "en")
    assert "summary" not in lean.columns and {"summary", "status_note", "year_note"} <= set(full.columns)
    assert lean["practice_id"].tolist() == full["practice_id"].tolist()
    at = app_page("stages", practice=pid, lang="en")
    assert not at.exception and mdtext.escape(summary) in shown_text(at)


def test_factors_page_shows_evidence_and_gaps(real):
    at = app_page("factors", factor="d", lang="en")
    table = at.dataframe[0].value
    rows = real.execute("SELECT r.name, e.evidenced FROM factor_evidence e JOIN regions r USING (region_id) "
                        "WHERE factor_code = 'd' ORDER BY r.name").fetchall()
    assert list(table["region"]) == [r[0] for r in rows]
    assert list(table["state"].str.startswith("✓")) == [r[1] for r in rows]
    assert set(table["factor_code"]) == {"d"}
    at = app_page("factors", lang="en")
    assert len(at.dataframe[0].value) == 5 * real.execute("SELECT count(*) FROM regions").fetchone()[0]


def test_sources_page_lists_every_source_and_the_quality_report(real):
    at = app_page("sources", lang="en")
    total = real.execute("SELECT count(*) FROM sources").fetchone()[0]
    shown = at.dataframe[0].value
    assert len(shown) == total
    for _, ids in shown.groupby("region", sort=False)["local_id"]:   # S03, S06, S13, S111: by number, not as text
        numbers = [int(re.search(r"\d+", i).group()) for i in ids]
        assert numbers == sorted(numbers)
    report = at.dataframe[1].value
    assert list(report["unsourced_claims"]) == [0] * len(report)
    kind = real.execute("SELECT kind FROM sources GROUP BY 1 ORDER BY count(*) LIMIT 1").fetchone()[0]
    at = app_page("sources", kind=kind)
    assert len(at.dataframe[0].value) == real.execute("SELECT count(*) FROM sources WHERE kind = ?",
                                                      [kind]).fetchone()[0]


@pytest.mark.parametrize("lang, word", [("id", "salinan"), ("en", "copy on")])
def test_the_sources_filter_finds_a_source_by_the_note_shown_beside_its_title(real, lang, word):
    """The text filter searches the title as the reader sees it, notes included: the mirror copies moved from the
    titles into title notes are still found by the word the note shows in the reader's language."""
    at = app_page("sources", lang=lang, q=word)
    assert not at.exception
    noted = real.execute(f"SELECT count(*) FROM sources WHERE title_note_{lang} ILIKE ?", [f"%{word}%"]).fetchone()[0]
    shown = at.dataframe[0].value
    assert noted and len(shown) >= noted and shown["title"].str.contains(word, case=False, regex=False).all()


def test_quality_report_matches_the_files(real):
    cat = loader.load_all()
    frame = quality.report(db.open_store())
    for row in frame.itertuples():
        data = cat.regions[row.region_id]
        assert row.practices == len(data["practices"])
        assert row.sources == len(data["sources"])
        assert row.outcomes == len(data.get("outcomes", []))
        assert row.stages_documented == sum(a["documented"] for a in data["stages"].values())
        assert row.factors_evidenced == sum(f["evidenced"] for f in data["factors"].values())
        assert row.unsourced_claims == 0
        assert len(row.gaps) == (5 - row.stages_documented) + (5 - row.factors_evidenced) + len(data.get("gaps", []))


def test_skipped_file_is_listed_with_line(two_regions, monkeypatch, tmp_path):
    (two_regions / "broken.yaml").write_text("id: broken\nname: [oops\n")
    monkeypatch.setenv("REFORM_DATA_DIR", str(two_regions))
    at = app_page("sources", lang="en")
    assert not at.exception
    problems = at.dataframe[-1].value
    assert list(problems["line"]) == [3] and problems["file"][0].endswith("broken.yaml")
    at = app_page(None, lang="en")
    assert "1 case file skipped" in shown_text(at)
    assert "broken.yaml:3: did not find expected" in shown_text(at)
    assert at.metric[0].value == "2"


def test_stage_count_chart_splits_by_region_only_while_a_legend_can_name_them():
    import pandas as pd

    from lib import charts, schema
    labels = {"stage": "Stage", "region": "Region", "count": "Practices"}
    few = pd.DataFrame({"stage_code": ["I", "II"], "region": ["A", "B"], "size": [1, 2]})
    spec = charts.stage_counts(few, labels).to_dict()
    assert spec["encoding"]["color"]["field"] == "region" and spec["encoding"]["color"]["legend"]["orient"] == "bottom"
    assert spec["encoding"]["x"]["scale"]["domain"] == schema.codes("stages")   # all five stages, even filtered
    many = pd.DataFrame({"stage_code": "I", "region": [f"R{i}" for i in range(charts.REGION_COLOURS_UP_TO + 1)],
                         "size": 1})
    spec = charts.stage_counts(many, labels).to_dict()
    assert spec["encoding"]["color"]["field"] == "stage_code" and spec["encoding"]["color"]["legend"] is None


def _chart_specs(at) -> list[dict]:
    import json
    return [json.loads(e.proto.spec) for e in (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))]


def test_a_single_year_is_named_once_and_counts_have_whole_ticks():
    at = app_page("stages", year_from="2001", year_to="2001")
    assert not at.exception
    spec = _chart_specs(at)[0]
    assert "Tahun 2001" in spec["title"]["subtitle"] and not any("2001–2001" in s for s in spec["title"]["subtitle"])
    axis = spec["encoding"]["y"]["axis"]
    assert axis["tickMinStep"] == 1 and axis["format"] == "d"


@pytest.mark.parametrize("page, params", [("overview", {}), ("stages", {}), ("sources", {}),
                                          ("region", {"region": "lamongan"}), ("themes", {"theme": "one_stop"})])
def test_tables_never_show_none(page, params):
    """A missing value, text or number (a trigger year, a start year), shows as the one dash of 'not documented'
    (ui.table's placeholder), never as Streamlit's default "None"; no cell holds the text "None" either."""
    from lib import ui
    at = app_page(page, lang="en", **params)
    assert not at.exception and at.dataframe
    for d in at.dataframe:
        assert d.proto.placeholder == ui.NOT_DOCUMENTED, page
        frame = d.value
        for column in frame.columns:
            if frame[column].dtype == object:
                assert not (frame[column].astype(str) == "None").any(), (page, column)
    missing = [c for d in at.dataframe for c in d.value.columns if d.value[c].isna().any()]
    if page in ("overview", "stages"):
        assert missing  # years the sources do not give: the case the placeholder is for


def test_a_long_practice_list_is_paged_and_the_pages_cover_it_once(tmp_path, monkeypatch):
    """At 514 regions the unfiltered explorer lists 15,420 practices: it shows them a page at a time, the pages
    together hold every practice once, and the download still holds all of them."""
    import subprocess
    import sys

    from lib import paths
    folder = tmp_path / "many"
    subprocess.run([sys.executable, str(paths.ROOT / "bench" / "generate.py"), "--regions", "9", "--practices", "30",
                    "--out", str(folder)], check=True, capture_output=True)
    monkeypatch.setenv("REFORM_DATA_DIR", str(folder))
    store = db.open_store(folder)
    try:
        every = set(queries.practices(store, "en")["practice_id"])
    finally:
        store.close()
    assert len(every) > 200
    seen: list[str] = []
    page = 1
    while True:
        at = app_page("stages", lang="en", **({"page": str(page)} if page > 1 else {}))
        assert not at.exception
        shown = at.dataframe[0].value
        assert 0 < len(shown) <= 200
        seen += list(zip(shown["region"], shown["stage"], shown["title"]))
        links = [b for b in at.get("page_link") if "page" in str(b.proto.query_string)]
        if not any(f"page={page + 1}" in str(b.proto.query_string) for b in links):
            break
        page += 1
    assert page == -(-len(every) // 200) and len(seen) == len(every) == len(set(seen))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_stage_explorer_states_each_status_with_its_evidence_year(real, lang):
    """The status column: the vocabulary's label and, when recorded, the year of the latest evidence."""
    from lib import schema
    at = app_page("stages", stage="II", lang=lang)
    table = at.dataframe[0].value
    rows = real.execute("""SELECT p.title_id, p.title_en, p.status, p.status_year FROM practices p
                           WHERE p.stage_code = 'II'""").fetchall()
    shown = sorted(zip(table["title"], table["status_label"]))
    expected = sorted(((t_en if lang == "en" and t_en else t_id),
                       schema.label("statuses", s, lang) + (f" ({y})" if y is not None else ""))
                      for t_id, t_en, s, y in rows)
    assert shown == expected and any("(" in label for _, label in shown)
