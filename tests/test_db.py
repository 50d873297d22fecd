"""The built database holds every contract table and column, filled from the files."""
import duckdb
import pytest

from lib import db, loader, queries

CONTRACT = {
    "regions": "region_id, name, type, province, lat, lon",
    "stages": "stage_code, ordinal, name_id, name_en",
    "success_factors": "factor_code, name_id, name_en",
    "themes": "theme_code, name_id, name_en",
    "practices": "practice_id, region_id, stage_code, title_id, title_en, summary_id, summary_en, year_start, "
                 "status, status_year",
    "practice_factors": "practice_id, factor_code",
    "practice_themes": "practice_id, theme_code",
    "stage_assessments": "region_id, stage_code, documented, maturity, rationale_id, rationale_en",
    "outcomes": "outcome_id, region_id, practice_id, indicator, label_id, label_en, value, unit, year",
    "obstacles": "region_id, obstacle_id, text_id, text_en",
    "events": "event_id, region_id, year, date, kind, person, text_id, text_en",
    "sources": "source_id, region_id, title, kind, publisher, year, url, seed_file",
    "citations": "subject_type, subject_id, source_id, locator",
}


@pytest.fixture
def built(two_regions, tmp_path):
    out = tmp_path / "t.duckdb"
    db.build(loader.load_all(two_regions), out)
    con = duckdb.connect(str(out), read_only=True)
    yield con
    con.close()


def test_every_contract_table_and_column(built):
    for table, cols in CONTRACT.items():
        have = {r[0] for r in built.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
        missing = {c.strip() for c in cols.split(",")} - have
        assert not missing, f"{table} lacks {missing}"


def test_rows_match_the_files(built):
    assert built.execute("SELECT count(*) FROM regions").fetchone()[0] == 2
    assert built.execute("SELECT count(*) FROM practices").fetchone()[0] == 4
    assert built.execute("SELECT stage_code, ordinal FROM stages ORDER BY ordinal").fetchall()[0] == ("I", 1)
    row = built.execute("SELECT status, status_year, year_start FROM practices "
                        "WHERE practice_id = 'beta-one-stop'").fetchone()
    assert row == ("running", 2024, 2003)
    assert built.execute("SELECT documented, maturity FROM stage_assessments "
                         "WHERE region_id = 'alpha' AND stage_code = 'III'").fetchone() == (False, None)
    # shared indicator: unit from the vocabulary; own indicator: unit from the file
    units = dict(built.execute("SELECT indicator, unit FROM outcomes WHERE region_id = 'alpha'").fetchall())
    assert units == {"kpk_integrity": "index", "licence_days": "days"}
    assert built.execute("SELECT type FROM regions WHERE region_id = 'beta'").fetchone() == ("kabupaten",)


def test_citations_resolve_and_use_the_contract_ids(built):
    dangling = built.execute("SELECT count(*) FROM citations c LEFT JOIN sources s USING (source_id) "
                             "WHERE s.source_id IS NULL").fetchone()[0]
    assert dangling == 0
    subjects = {r[0] for r in built.execute("SELECT subject_id FROM citations WHERE subject_type IN "
                                            "('stage', 'factor') AND subject_id LIKE 'alpha:%'").fetchall()}
    assert {"alpha:I", "alpha:II", "alpha:IV", "alpha:a", "alpha:d"} == subjects
    assert built.execute("SELECT locator FROM citations WHERE subject_id = 'alpha-one-stop' "
                         "AND subject_type = 'practice'").fetchone() == ("para 1",)
    assert built.execute("SELECT count(DISTINCT source_id) FROM sources").fetchone()[0] == 4


def test_sources_list_the_claims_citing_them(two_regions):
    """Counted by hand from conftest.MINIMAL: S1 backs nine claims, S2 four; the list is sorted, no repeats."""
    store = db.open_store(two_regions)
    table = queries.all_sources(store).set_index("source_id")
    store.close()
    assert table.loc["alpha:S1", "n_claims"] == 9 and table.loc["alpha:S2", "n_claims"] == 4
    assert table.loc["alpha:S2", "claims"] == "factor:alpha:d, obstacle:alpha-ob-calo, practice:alpha-lpse, stage:alpha:IV"
    assert table.loc["beta:S1", "claims"].split(", ") == sorted({
        "location:beta", "status:beta-one-stop", "practice:beta-one-stop", "stage:beta:I", "stage:beta:II",
        "factor:beta:a", "outcome:beta-o-kpk-2011", "outcome:beta-o-time", "event:beta-e-2011"})


def test_store_warm_start_reuses_the_file_and_a_change_rebuilds(two_regions):
    first = db.open_store(two_regions)
    again = db.open_store(two_regions)
    assert first.path == again.path
    path = two_regions / "alpha.yaml"
    path.write_text(path.read_text().replace("Kota Alpha", "Kota Alfa"))
    changed = db.open_store(two_regions)
    assert changed.path != first.path
    assert changed.rows("SELECT name FROM regions WHERE region_id = 'alpha'") == [("Kota Alfa",)]


def test_skipped_files_are_recorded_in_the_database(two_regions, tmp_path):
    (two_regions / "broken.yaml").write_text("id: broken\nname: [oops\n")
    out = tmp_path / "b.duckdb"
    db.build(loader.load_all(two_regions), out)
    store = db.Store(out)
    assert [i.file.endswith("broken.yaml") for i in store.issues()] == [True]
    assert store.rows("SELECT count(*) FROM regions") == [(2,)]
