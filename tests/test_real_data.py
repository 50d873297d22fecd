"""The built database of the real case files meets the evidence rules."""
import json

import duckdb
import pytest

from lib import db, loader, quality

from .conftest import cli


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    out = tmp_path_factory.mktemp("real") / "reform.duckdb"
    result = cli("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    c = duckdb.connect(str(out), read_only=True)
    yield c
    c.close()


def one(con, sql, params=()):
    return con.execute(sql, list(params)).fetchone()[0]


def test_nine_regions_of_both_types(con):
    assert one(con, "SELECT count(*) FROM regions") == 9
    assert {r[0] for r in con.execute("SELECT DISTINCT type FROM regions").fetchall()} == {"kabupaten", "kota"}


def test_every_practice_cites_an_existing_source(con):
    assert one(con, """SELECT count(*) FROM practices p WHERE NOT EXISTS (
                         SELECT 1 FROM citations c JOIN sources s USING (source_id)
                         WHERE c.subject_type = 'practice' AND c.subject_id = p.practice_id)""") == 0
    assert one(con, "SELECT count(*) FROM citations c LEFT JOIN sources s USING (source_id) "
                    "WHERE s.source_id IS NULL") == 0


def test_every_stage_is_assessed_with_sources_or_marked_not_documented(con):
    assert one(con, "SELECT count(*) FROM stage_assessments") == 45
    assert one(con, """SELECT count(*) FROM stage_assessments a WHERE a.documented AND (a.maturity IS NULL OR
                         NOT EXISTS (SELECT 1 FROM citations c WHERE c.subject_type = 'stage'
                                     AND c.subject_id = a.region_id || ':' || a.stage_code))""") == 0
    assert one(con, "SELECT count(*) FROM stage_assessments WHERE NOT documented AND maturity IS NOT NULL") == 0


def test_every_claim_is_sourced_and_sources_are_used(con):
    assert one(con, f"SELECT count(*) FROM ({quality.unsourced_sql()})") == 0
    # a source nobody cites would be clutter in the reference list
    assert one(con, "SELECT count(*) FROM sources s WHERE NOT EXISTS "
                    "(SELECT 1 FROM citations c WHERE c.source_id = s.source_id)") == 0


def test_practice_status_is_never_guessed(con):
    assert one(con, "SELECT count(*) FROM practices WHERE status <> 'unknown' AND status_year IS NULL") == 0
    assert one(con, """SELECT count(*) FROM practices p WHERE status <> 'unknown' AND NOT EXISTS (
                         SELECT 1 FROM citations c WHERE c.subject_type = 'status' AND c.subject_id = p.practice_id)""") == 0
    assert one(con, "SELECT count(*) FROM practices WHERE status = 'replaced' AND replaced_by IS NULL") == 0


def test_shared_indicators_chart_across_regions(con):
    rows = con.execute("""SELECT indicator, count(DISTINCT region_id) FROM outcomes
                          WHERE indicator IN (SELECT indicator FROM indicators) GROUP BY 1""").fetchall()
    assert dict(rows).get("ombudsman_compliance", 0) >= 5
    assert one(con, "SELECT count(*) FROM outcomes o JOIN indicators i USING (indicator) WHERE o.unit IS NULL") == 0


def test_later_legal_events_are_recorded(con):
    # the evidence base documents court cases of heads in five regions
    regions = {r[0] for r in con.execute("SELECT DISTINCT region_id FROM events WHERE kind = 'legal'").fetchall()}
    assert {"sragen", "sidoarjo", "jembrana", "semarang"} <= regions


def test_guide_lessons_present(con):
    assert one(con, "SELECT count(*) FROM guide_lessons") == 10
    assert one(con, "SELECT count(DISTINCT seed_file) FROM guide_lessons") == 1


def test_quality_cli_matches_the_library():
    result = cli("quality", "--json")
    assert result.returncode == 0, result.stderr
    printed = {row["region_id"]: row for row in json.loads(result.stdout)}
    catalog = loader.load_all()
    assert set(printed) == set(catalog.regions)
    for rid, data in catalog.regions.items():
        assert printed[rid]["practices"] == len(data["practices"])
        assert printed[rid]["sources"] == len(data["sources"])
        assert printed[rid]["unsourced_claims"] == 0
    text = cli("quality").stdout
    assert text.count(" practices, ") == 9 and "unsourced claims 0" in text


def test_stats_cli_totals_match(con):
    out = cli("stats").stdout.splitlines()
    totals = {line.split()[0]: int(line.split()[-1]) for line in out[2:]}
    assert totals == dict(con.execute("SELECT region_id, count(*) FROM practices GROUP BY 1").fetchall())
    assert db.CONTRACT  # the contract list is what README documents
