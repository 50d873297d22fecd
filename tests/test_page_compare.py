"""AppTest for the compare page (/compare?region=...&region=...), its queries and its pure chart builders.

Real data: what is shown equals the database. A small hand-made data folder: differences, trigger alignment and
documentation gaps on facts known in advance.
"""
from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from lib import charts, db, i18n, paths, queries, schema
from lib.mdtext import escape as escape_md

from .conftest import region, write
from .harness import app_page, shown_text, url_values

PAIR = ["metro", "lamongan"]


def _pair(real_store) -> list[str]:
    ids = set(real_store.df("SELECT region_id FROM regions")["region_id"])
    if not set(PAIR) <= ids:
        pytest.skip(f"case files {PAIR} not present")
    return PAIR


def _indicator_table(at):
    frames = [f.value for f in at.dataframe if "citations" in f.value.columns]
    assert len(frames) == 1
    return frames[0]


# --- real data ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["id", "en"])
def test_both_regions_side_by_side_with_their_practices(real_store, lang):
    pair = _pair(real_store)
    at = app_page("compare", region=pair, lang=lang)
    assert not at.exception
    text = shown_text(at)
    assert i18n.t(lang, "compare.title") in text
    names = real_store.df("SELECT region_id, name FROM regions").set_index("region_id")["name"]
    practices = queries.practices(real_store, lang, queries.PracticeFilter(regions=pair))
    for rid in pair:
        assert f"**{escape_md(names[rid])}**" in text
        # every practice of each region is listed under its stage, in the reading language
        for title in practices[practices["region_id"] == rid]["title"]:
            assert escape_md(title) in text
    for code in schema.codes("stages"):
        assert f"{code} · {schema.label('stages', code, lang)}" in text
    # assessments are labelled as the analyst's, with the rubric's level name
    matrix = queries.compare_stages(real_store, lang, pair)
    documented = matrix[matrix["documented"]]
    assert text.count(f":blue-badge[{i18n.t(lang, 'compare.assessment')}]") == len(documented)
    for cell in documented.itertuples():
        assert i18n.t(lang, "compare.assessment_value", level=int(cell.maturity), name=cell.maturity_name) in text
    # every stage a file marks documented: false is shown as a gap, and no other
    gaps = int((~matrix["documented"]).sum())
    assert text.count(f":gray-badge[∅ {i18n.t(lang, 'compare.not_documented')}]") == gaps


@pytest.mark.parametrize("lang", ["id", "en"])
def test_indicator_table_equals_the_database(real_store, lang):
    pair = _pair(real_store)
    available = queries.compare_indicators(real_store, lang, pair)
    assert len(available), "the pair shares no indicator with values"
    for indicator in available["indicator"]:
        at = app_page("compare", region=pair, lang=lang, indicator=indicator)
        assert not at.exception
        assert url_values(at, "indicator") == [indicator]
        table = _indicator_table(at)
        expected = real_store.df("""SELECT r.name AS region, o.year, o.value FROM outcomes o JOIN regions r USING (region_id)
                               WHERE o.indicator = ? AND list_contains(?, o.region_id)""", [indicator, pair])

        def rows(df):
            return sorted((r.region, int(r.year), None if r.value != r.value or r.value is None else float(r.value))
                          for r in df.itertuples())
        assert rows(table) == rows(expected)
        assert table["citations"].map(bool).all(), "every value is shown with its citations"
        info = real_store.df("SELECT unit, scale_id, scale_en FROM indicators WHERE indicator = ?", [indicator]).iloc[0]
        text = shown_text(at)
        assert escape_md(info["scale_en" if lang == "en" else "scale_id"]) in text
        assert escape_md(schema.label("units", info["unit"], lang)) in text  # the unit in the reading language


def test_integrity_survey_and_spi_stay_separate_series(real_store):
    pair = _pair(real_store)
    at = app_page("compare", region=pair, lang="en", indicator="kpk_spi")
    options = at.selectbox[0].options
    codes = set(queries.compare_indicators(real_store, "en", pair)["indicator"])
    assert len(options) == len(codes)  # one option per indicator code, never a merged one
    table = _indicator_table(at)
    spi = real_store.df("SELECT count(*) AS n FROM outcomes WHERE indicator = 'kpk_spi' AND list_contains(?, region_id)",
                   [pair])["n"].iloc[0]
    assert len(table) == spi
    assert not (table["unit_label"] == schema.label("units", "index", "en")).any()  # the 2007-2013 survey's unit



def test_indonesian_compare_page_shows_units_in_indonesian(real_store):
    """Units are codes shown by their Indonesian label: in the table, the chart's axis title and the unit caption."""
    pair = _pair(real_store)
    at = app_page("compare", region=pair, lang="id", indicator="kpk_spi")
    unit_id, unit_en = schema.label("units", "index_0_100", "id"), schema.label("units", "index_0_100", "en")
    assert unit_id != unit_en
    table = _indicator_table(at)
    assert set(table["unit_label"]) == {unit_id}
    assert i18n.t("id", "compare.unit", unit=escape_md(unit_id)) in shown_text(at)
    specs = [e.proto.spec for e in (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))]
    assert any(f"{i18n.t('id', 'compare.value')} ({unit_id})" in s for s in specs)  # the axis title
    assert not any(unit_en in s for s in specs) and unit_en not in shown_text(at)

def test_choosing_regions_and_alignment_writes_the_url(real_store):
    pair = _pair(real_store)
    others = [r for r in real_store.df("SELECT region_id FROM regions ORDER BY region_id")["region_id"] if r not in pair]
    at = app_page("compare", region=pair, lang="en")
    assert url_values(at, "region") == pair
    assert "align" not in at.query_params
    at.multiselect[0].set_value([*pair, others[0]]).run()
    assert not at.exception
    assert url_values(at, "region") == [*pair, others[0]]
    on = at.toggle[0].value
    at.toggle[0].set_value(not on).run()          # the other alignment than the default is written out
    assert url_values(at, "align") == ["calendar" if on else "trigger"]
    assert url_values(at, "region") == [*pair, others[0]]
    at.toggle[0].set_value(on).run()
    assert "align" not in at.query_params


def test_pathway_defaults_to_calendar_years_when_most_regions_have_no_trigger(real_store):
    with_trigger = [r for (r,) in real_store.rows("SELECT region_id FROM regions WHERE trigger_year IS NOT NULL")]
    without = [r for (r,) in real_store.rows("SELECT region_id FROM regions WHERE trigger_year IS NULL")]
    if not with_trigger or len(without) < 2:
        pytest.skip("needs regions with and without a recorded trigger")
    at = app_page("compare", region=[with_trigger[0], *without[:2]], lang="en")
    assert not at.exception and at.toggle[0].value is False and "align" not in at.query_params
    at = app_page("compare", region=[with_trigger[0], without[0]], lang="en")   # half have one: the trigger
    assert at.toggle[0].value is True
    at = app_page("compare", region=[with_trigger[0], *without[:2]], align="trigger", lang="en")  # asked for
    assert at.toggle[0].value is True and url_values(at, "align") == ["trigger"]


def test_one_region_gives_a_hint(real_store):
    at = app_page("compare", region=_pair(real_store)[:1], lang="en")
    assert not at.exception
    text = shown_text(at)
    assert i18n.t("en", "compare.hint") in text
    assert i18n.t("en", "compare.stages") not in text


def test_no_region_gives_a_hint():
    at = app_page("compare")
    assert not at.exception
    assert i18n.t("id", "compare.hint") in shown_text(at)


def test_five_regions_are_refused_politely(real_store):
    ids = list(real_store.df("SELECT region_id FROM regions ORDER BY region_id")["region_id"])
    if len(ids) < 5:
        pytest.skip("fewer than five case files")
    at = app_page("compare", region=ids[:5], lang="en")
    assert not at.exception
    names = real_store.df("SELECT region_id, name FROM regions").set_index("region_id")["name"]
    expected = i18n.t("en", "compare.too_many", max=4, n=5, names=", ".join(names[r] for r in ids[:4]))
    assert expected in [w.value for w in at.warning]
    assert url_values(at, "region") == ids[:4]
    assert f"**{escape_md(names[ids[0]])}**" in shown_text(at)


def test_unknown_region_and_values_are_refused_politely(real_store):
    pair = _pair(real_store)
    at = app_page("compare", region=[pair[0], "atlantis", "x" * 500], align="sideways", indicator="gdp", lang="en")
    assert not at.exception
    notes = " ".join(i.value for i in at.info)
    for value in ("region=atlantis", "align=sideways", "indicator=gdp", "region=" + "x" * 40 + "…"):
        assert value in notes
    assert "x" * 41 not in notes  # long values are shortened, never echoed whole
    assert i18n.t("en", "compare.hint") in notes  # one valid region left
    at = app_page("compare", region=[*pair, "atlantis"], lang="en")
    assert not at.exception
    assert "region=atlantis" in " ".join(i.value for i in at.info)
    assert url_values(at, "region") == pair


# --- pathway: query and pure builder -----------------------------------------------------------------------------

def test_pathway_years_since_trigger_on_real_data(real_store):
    regions = real_store.df("SELECT region_id, trigger_year FROM regions")
    with_trigger = regions[regions["trigger_year"].notna()]["region_id"].tolist()
    without = regions[regions["trigger_year"].isna()]["region_id"].tolist()
    if not with_trigger or not without:
        pytest.skip("needs a region with and one without a trigger")
    ids = [with_trigger[0], without[0]]
    trig = real_store.df("SELECT p.practice_id, p.year_start, r.trigger_year FROM practices p JOIN regions r "
                    "USING (region_id) WHERE region_id = ?", [ids[0]]).set_index("practice_id")
    aligned = queries.pathway(real_store, "en", ids, "trigger").set_index("practice_id")
    calendar = queries.pathway(real_store, "en", ids, "calendar").set_index("practice_id")
    for pid, row in aligned.iterrows():
        if row["region_id"] == ids[0]:
            assert bool(row["aligned"])
            if pd.isna(row["year_start"]):
                assert pd.isna(row["x"])
            else:
                assert row["x"] == trig.at[pid, "year_start"] - trig.at[pid, "trigger_year"]
        else:  # no trigger: calendar years
            assert not bool(row["aligned"])
            assert pd.isna(row["x"]) if pd.isna(row["year_start"]) else row["x"] == row["year_start"]
    placed = calendar[calendar["year_start"].notna()]
    assert (placed["x"] == placed["year_start"]).all()
    assert not calendar["aligned"].any()


@pytest.fixture
def small(tmp_path, monkeypatch):
    """Two hand-made regions: alpha (trigger 2001; a stage-III complaints practice) and beta (no trigger, none)."""
    folder = tmp_path / "regions"
    alpha = region("alpha", name="Kota Alpha",
                   trigger={"year": 2001, "text": {"id": "Pemicu", "en": "Trigger"}, "sources": [{"ref": "S1"}]})
    alpha["practices"].append(
        {"id": "alpha-pengaduan", "stage": "III", "themes": ["complaints"], "year_start": 2005,
         "title": {"id": "Pusat pengaduan warga", "en": "Citizen complaints centre"},
         "summary": {"id": "Pengaduan", "en": "Complaints"}, "status": {"code": "unknown"},
         "sources": [{"ref": "S1"}]})
    beta = region("beta", name="Kabupaten Beta", type="kabupaten")
    write(folder, "alpha", alpha)
    write(folder, "beta", beta)
    monkeypatch.setenv("REFORM_DATA_DIR", str(folder))
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "cache")
    s = db.open_store(folder)
    assert not s.issues(), s.issues()
    yield s
    s.close()


LABELS = {"stage": "Stage", "region": "Region", "title": "Practice", "year": "Start year", "status": "Status",
          "years_since": "Years since the trigger", "calendar": "Calendar year", "trigger": "Trigger",
          "no_trigger": "No recorded trigger: calendar years"}


def test_pathway_query_aligns_on_the_trigger_or_falls_back(small):
    rows = queries.pathway(small, "en", ["alpha", "beta"], "trigger").set_index("practice_id")
    assert rows.at["alpha-one-stop", "x"] == 2003 - 2001
    assert rows.at["alpha-pengaduan", "x"] == 2005 - 2001
    assert bool(rows.at["alpha-one-stop", "aligned"])
    assert rows.at["beta-one-stop", "x"] == 2003 and not bool(rows.at["beta-one-stop", "aligned"])
    assert pd.isna(rows.at["alpha-lpse", "x"])  # no start year: not placed
    rows = queries.pathway(small, "en", ["alpha", "beta"], "calendar").set_index("practice_id")
    assert rows.at["alpha-one-stop", "x"] == 2003 and rows.at["alpha-pengaduan", "x"] == 2005
    assert not rows["aligned"].any()


def _builder_input(real_store, align):
    df = queries.pathway(real_store, "en", ["alpha", "beta"], align)
    df["status_label"] = df["status"].map(lambda c: schema.label("statuses", c, "en"))
    return df


def _points(chart) -> list[dict]:
    """The practice points drawn by a (possibly concatenated, layered) chart: rows that carry a title."""
    spec = chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows if "title" in row]


def test_pathway_builder_trigger_alignment(small):
    chart = charts.pathway_chart(_builder_input(small, "trigger"), LABELS, "trigger", ["Kota Alpha", "Kabupaten Beta"])
    assert isinstance(chart, alt.VConcatChart)  # aligned panel + calendar panel for the region without trigger
    aligned, fallback = chart.vconcat
    assert LABELS["years_since"] in str(aligned.to_dict())
    assert fallback.to_dict()["title"]["text"] == LABELS["no_trigger"]
    points = {(p["region"], p["title"]): p["x"] for p in _points(chart)}
    assert points[("Kota Alpha", "Citizen complaints centre")] == 4
    assert points[("Kota Alpha", "Kantor pelayanan terpadu (en)")] == 2
    assert points[("Kabupaten Beta", "Kantor pelayanan terpadu (en)")] == 2003
    assert ("Kota Alpha", "Pengadaan elektronik (en)") not in points  # no start year
    charts.theme(chart, "t", "s").to_json()  # valid, themable for export


def test_pathway_builder_calendar_alignment(small):
    chart = charts.pathway_chart(_builder_input(small, "calendar"), LABELS, "calendar", ["Kota Alpha", "Kabupaten Beta"])
    assert not isinstance(chart, alt.VConcatChart)
    points = {(p["region"], p["title"]): p["x"] for p in _points(chart)}
    assert points[("Kota Alpha", "Citizen complaints centre")] == 2005
    assert points[("Kabupaten Beta", "Kantor pelayanan terpadu (en)")] == 2003
    assert "Kota Alpha: 2001" in chart.to_json()  # the trigger year is marked on calendar years


@pytest.mark.parametrize("lang", ["id", "en"])
def test_page_notes_regions_without_trigger(small, lang):
    at = app_page("compare", region=["alpha", "beta"], lang=lang)
    assert not at.exception
    note = i18n.t(lang, "compare.no_trigger_note", names="Kabupaten Beta")
    assert note in [i.value for i in at.info]
    at.toggle[0].set_value(False).run()
    assert url_values(at, "align") == ["calendar"]
    assert note not in [i.value for i in at.info]


# --- differences and gaps on the hand-made data ------------------------------------------------------------------

def test_differences_query(small):
    diffs = queries.differences(queries.compare_coverage(small, "en", ["alpha", "beta"]), ["alpha", "beta"])
    by_topic = {(d.stage_code, d.topic_kind, None if d.topic_kind == "stage" else d.topic_code): d
                for d in diffs.itertuples()}
    row = by_topic[("III", "theme", "complaints")]
    assert row.has == ["alpha"] and row.lacks == ["beta"]
    assert [item[1] for item in row.items["alpha"]] == ["alpha-pengaduan"]
    stage = by_topic[("III", "stage", None)]  # beta has no stage-III practice at all
    assert stage.has == ["alpha"] and stage.lacks == ["beta"]
    # what both documented is not a difference
    assert ("II", "theme", "one_stop") not in by_topic and ("IV", "theme", "e_procurement") not in by_topic
    # the reverse order of the chosen regions only changes the order
    swapped = queries.differences(queries.compare_coverage(small, "en", ["beta", "alpha"]), ["beta", "alpha"])
    assert len(swapped) == len(diffs)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_differences_view_shows_who_has_it_and_who_lacks_it(small, lang):
    at = app_page("compare", region=["alpha", "beta"], lang=lang)
    assert not at.exception
    text = shown_text(at)
    theme = escape_md(schema.label("themes", "complaints", lang))
    title = {"id": "Pusat pengaduan warga", "en": "Citizen complaints centre"}[lang]
    line = next(line for line in text.splitlines() if line.startswith(f"- **{theme}**"))
    block = text[text.index(line):].split("\n- ")[0]
    assert f":green-badge[✓ Kota Alpha] {title} \\(2005\\)" in block
    assert f":orange-badge[✗ Kabupaten Beta: {i18n.t(lang, 'compare.diff_lacks')}]" in block
    assert ":green-badge[✓ Kabupaten Beta]" not in block
    summary = next(f.value for f in at.dataframe if "has" in f.value.columns)
    assert summary.set_index("region").loc["Kota Alpha", "has"] == 2  # stage III: any practice + complaints
    assert summary.set_index("region").loc["Kabupaten Beta", "lacks"] == 2


@pytest.mark.parametrize("lang", ["id", "en"])
def test_undocumented_stages_are_gaps_not_scores(small, lang):
    at = app_page("compare", region=["alpha", "beta"], lang=lang)
    text = shown_text(at)
    # stages III and V are documented: false in both files: 2 x 2 gap badges, and exactly 3 x 2 assessments
    assert text.count(f":gray-badge[∅ {i18n.t(lang, 'compare.not_documented')}]") == 4
    assert text.count(f":blue-badge[{i18n.t(lang, 'compare.assessment')}]") == 6
    level = schema.label("maturity", 3, lang)
    assert i18n.t(lang, "compare.assessment_value", level=3, name=level) in text
    # the factor matrix: b, c and e are gaps in both files
    assert text.count(f":gray-badge[— {i18n.t(lang, 'compare.no_evidence')}]") == 6


def test_everything_the_compare_page_shows_can_be_taken_away_as_tables(real_store):
    pair = _pair(real_store)
    at = app_page("compare", region=pair, lang="en")
    assert not at.exception
    frames = {tuple(d.value.columns): d.value for d in at.dataframe}
    by_stage = next(f for cols, f in frames.items() if "rationale" in cols)
    assert len(by_stage) == 5 * len(pair)                     # every stage, every region
    documented = real_store.rows("SELECT count(*) FROM stage_assessments WHERE documented AND list_contains(?, region_id)",
                            [pair])[0][0]
    assert (by_stage["sources"] != "").sum() >= documented     # each documented assessment with its sources
    differences = next(f for cols, f in frames.items() if "topic" in cols)
    names = dict(real_store.rows("SELECT region_id, name FROM regions"))
    assert [names[r] for r in pair] == [c for c in differences.columns if c not in ("stage", "topic")]
    assert len(differences) > 3                                # every difference, not a count per region


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_difference_table_names_what_each_region_documented(small, lang):
    """comparison.build writes the differences once, for the page's list and its take-away table alike."""
    from lib import comparison
    pair = ["alpha", "beta"]
    names = {"alpha": "Kota Alpha", "beta": "Kabupaten Beta"}
    side = comparison.build(small, lang, pair, names)
    diffs = side.differences
    assert len(side.difference_table) == len(diffs) > 0
    assert sum(n for _, n, _ in side.difference_blocks) == len(diffs)
    for d, row in zip(diffs.itertuples(), side.difference_table.to_dict("records")):
        for rid in pair:
            cell = row[names[rid]]
            if rid in d.lacks:
                assert cell == i18n.t(lang, "compare.diff_lacks")
            else:
                assert all(title in cell for _, _, title, _ in d.items[rid])
    assert side.difference_summary.set_index("region")["has"].to_dict() == {
        names[r]: sum(r in h for h in diffs["has"]) for r in pair}
