"""The read-only API (lib/api.py) through HTTP: Starlette's TestClient on its routes, and one real `streamlit run`."""
from __future__ import annotations

import csv
import io
import json
import shutil
import threading
import urllib.request
from urllib.parse import parse_qs

import duckdb
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lib import api, db, queries

from .conftest import REGIONS, region, write
from .harness import api_links, app_page, streamlit_server


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A temp copy of the real data folder, served by the API."""
    folder = tmp_path / "regions"
    shutil.copytree(REGIONS, folder)
    monkeypatch.setenv("REFORM_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def client(data):
    return TestClient(Starlette(routes=api.routes()), raise_server_exceptions=False)


def walk(client, path: str, **params) -> list[dict]:
    """Every row of a table, page by page, following the `next` token."""
    rows, token = [], None
    while True:
        r = client.get(path, params={**params, **({"next": token} if token else {})})
        assert r.status_code == 200, r.text
        body = r.json()
        rows += body["rows"]
        token = body["next"]
        if not token:
            return rows


@pytest.mark.parametrize("table", api.TABLES)
def test_every_table_in_json_and_csv_holds_the_database_rows(client, data, table):
    store = db.open_store(data)
    count = store.rows(f"SELECT count(*) FROM {table}")[0][0]
    as_json = walk(client, f"/api/v1/{table}.json", size=1000)
    r = client.get(f"/api/v1/{table}.csv", params={"size": 1000})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    as_csv = list(csv.DictReader(io.StringIO(r.text)))
    assert len(as_json) == count and len(as_csv) == min(count, 1000)
    assert list(as_csv[0]) == [c for c, _ in db.TABLES[table]] if as_csv else True
    assert r.headers["etag"] and r.headers["access-control-allow-origin"] == "*"


def test_paging_walks_the_whole_table_exactly_once_in_key_order(client, data):
    rows = walk(client, "/api/v1/citations.json", size=37)
    keys = [(r["subject_type"], r["subject_id"], r["source_id"], r["locator"] or "") for r in rows]
    total = db.open_store(data).rows("SELECT count(*) FROM citations")[0][0]
    assert len(keys) == total == len(set(keys))
    practices = [r["practice_id"] for r in walk(client, "/api/v1/practices.json", size=50)]
    assert practices == sorted(practices) and len(practices) == len(set(practices))


@pytest.mark.parametrize("params", [
    {"stage": "II"}, {"stage": ["I", "IV"], "status": "running"}, {"theme": "licensing"}, {"factor": "a"},
    {"type": "kabupaten"}, {"province": "Jawa Timur"}, {"year_from": "2005", "year_to": "2012"},
    {"region": "balikpapan", "factor": ["b", "c"]},
])
def test_filters_agree_with_the_stage_explorer_query_row_for_row(client, data, params):
    def listed(key):
        value = params.get(key, [])
        return value if isinstance(value, list) else [value]
    flt = queries.PracticeFilter(
        regions=listed("region"), stages=listed("stage"), themes=listed("theme"), factors=listed("factor"),
        types=listed("type"), provinces=listed("province"), statuses=listed("status"),
        year_from=int(params["year_from"]) if "year_from" in params else None,
        year_to=int(params["year_to"]) if "year_to" in params else None)
    page = queries.practices(db.open_store(data), "id", flt)
    got = walk(client, "/api/v1/practices.json", size=7, **params)
    assert sorted(r["practice_id"] for r in got) == sorted(page["practice_id"])
    assert page.empty or got  # at least one case narrows to something real
    themes = walk(client, "/api/v1/practice_themes.json", **params)
    assert {r["practice_id"] for r in themes} <= set(page["practice_id"])


@pytest.mark.parametrize("query", [
    {"stage": "ZZ"}, {"theme": "<script>alert(1)</script>"}, {"region": "x' OR 1=1 --"},
    {"province": "'; DROP TABLE practices; --"}, {"year_from": "99999999999999999999"}, {"year_to": "-1"},
    {"size": "1000000"}, {"size": "1e9"}, {"next": "abc"}, {"lang": "fr"}, {"bogus": "1"}, {"factor": "a" * 10000},
])
def test_bad_parameters_give_a_400_problem_naming_the_parameter(client, query):
    r = client.get("/api/v1/practices.json", params=query)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 400 and body["title"] and body["detail"] and body["type"]
    assert body["parameter"] == next(iter(query))[:40]
    assert "Traceback" not in r.text and "<script>" not in r.text and len(r.text) < 1000


def test_region_filter_narrows_region_keyed_tables_and_citations(client):
    for table in ("citations", "sources", "outcomes", "stage_assessments"):
        rows = walk(client, f"/api/v1/{table}.json", region="sragen", size=1000)
        assert rows, table
        key = "source_id" if table == "citations" else "region_id"
        assert {r[key].split(":")[0] for r in rows} == {"sragen"}, table
    everything = walk(client, "/api/v1/outcomes.json", size=1000)
    assert len(walk(client, "/api/v1/outcomes.json", region="sragen")) == sum(
        r["region_id"] == "sragen" for r in everything)  # outcomes without a practice are kept


def test_unknown_table_and_region_are_404_problems(client):
    for path in ("/api/v1/nope.json", "/api/v1/practices.xml", "/api/v1/regions/nope.json"):
        r = client.get(path)
        assert r.status_code == 404 and r.json()["status"] == 404


def test_a_request_past_the_time_limit_answers_503_and_its_query_is_stopped(client, monkeypatch):
    """The 503 is not only an answer: the query behind it is interrupted, so a slow request gives its thread and
    core back instead of running on, and the next request is served as usual."""
    endings: list[str] = []

    def endless_profile(store_, lang, region_id):
        try:
            return store_.df("SELECT count(*) FROM range(100000000000) a")  # minutes of work if not stopped
        except duckdb.InterruptException:
            endings.append("interrupted")
            raise
    monkeypatch.setattr(api, "TIME_LIMIT", 0.3)
    monkeypatch.setattr(queries, "region_profile", endless_profile)
    r = client.get("/api/v1/regions/sragen.json")
    assert r.status_code == 503 and r.json()["title"] == "Too slow"
    for _ in range(100):  # the thread reports how its query ended
        if endings:
            break
        threading.Event().wait(0.1)
    assert endings == ["interrupted"]
    monkeypatch.undo()
    assert client.get("/api/v1/regions.json").status_code == 200


def test_etag_304_and_a_new_etag_when_a_case_file_changes(client, data):
    first = client.get("/api/v1/regions.json")
    etag = first.headers["etag"]
    assert "max-age" in first.headers["cache-control"]
    assert client.get("/api/v1/regions.json", headers={"If-None-Match": etag}).status_code == 304
    write(data, "alpha", region("alpha"))
    second = client.get("/api/v1/regions.json")
    assert second.headers["etag"] != etag
    assert "alpha" in [r["region_id"] for r in walk(client, "/api/v1/regions.json")]
    assert client.get("/api/v1/regions.json", headers={"If-None-Match": etag}).status_code == 200


def test_region_profile_matches_the_region_queries_and_cites_every_claim(client, data):
    store = db.open_store(data)
    body = client.get("/api/v1/regions/balikpapan.json", params={"lang": "en"}).json()
    assert body["region"]["name"] == queries.region_profile(store, "en", "balikpapan")["name"][0]
    assert [p["practice_id"] for p in body["practices"]] == list(
        queries.practices(store, "en", queries.PracticeFilter(regions=["balikpapan"]))["practice_id"])
    for p in body["practices"]:
        assert p["citations"], p["practice_id"]  # every practice has sources in the case files
        assert all(c["source_id"].startswith("balikpapan:") and "locator" in c for c in p["citations"])
    documented = [s for s in body["stages"] if s["documented"]]
    assert documented and all(s["citations"] for s in documented)


def test_search_ranks_as_the_search_page(client, data):
    from lib import search
    expected = search.search(db.open_store(data), "perizinan", limit=10, lang="en")
    body = client.get("/api/v1/search.json", params={"q": "perizinan", "size": 10, "lang": "en"}).json()
    assert [h["practice_id"] for h in body["hits"]] == [h.practice_id for h in expected.hits]
    assert body["total"] == expected.total > 0
    assert client.get("/api/v1/search.json", params={"q": "x" * 5000}).status_code == 400


def test_openapi_lists_every_route_and_only_get(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    for table in api.TABLES:
        assert f"/api/v1/{table}.json" in doc["paths"] and f"/api/v1/{table}.csv" in doc["paths"]
    assert all(list(ops) == ["get"] for ops in doc["paths"].values())
    assert client.post("/api/v1/practices.json").status_code == 405


def test_streamlit_run_serves_pages_and_api_together():
    with streamlit_server() as base:
        with urllib.request.urlopen(f"{base}/api/v1/practices.json?size=3&stage=II", timeout=60) as r:
            body = json.load(r)
            assert r.status == 200 and r.headers["ETag"]
        assert len(body["rows"]) == 3 and {row["stage_code"] for row in body["rows"]} == {"II"}
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as r:
            assert r.status == 200
        with urllib.request.urlopen(f"{base}/stages", timeout=10) as r:
            assert r.status == 200 and b"<html" in r.read().lower()


def test_the_stage_explorer_links_to_the_api_url_of_its_own_rows(client, data):
    at = app_page("stages", stage="II", status="running")
    [link] = api_links(at)
    assert link == "/api/v1/practices.json?stage=II&status=running"
    shown = at.dataframe[0].value
    path, query = link.split("?")
    assert len(walk(client, path, **parse_qs(query))) == len(shown) > 0


def test_the_factor_matrix_links_to_the_evidence_rows_it_shows(client, data):
    at = app_page("factors")
    [link] = api_links(at)
    evidence = walk(client, link)
    shown = at.dataframe[0].value
    assert link == "/api/v1/factor_evidence.json"
    assert {(r["region_id"], r["factor_code"]) for r in evidence if r["evidenced"]} == {
        (rid, code) for rid, code, state in zip(
            queries.factor_matrix(db.open_store(data), "id")["region_id"], shown["factor_code"], shown["state"])
        if state.startswith("✓")}


def test_every_compare_table_links_to_api_rows_of_the_chosen_regions(client):
    chosen = ["sragen", "sidoarjo", "metro"]
    at = app_page("compare", region=chosen)
    links = api_links(at)
    assert len(links) == len(at.dataframe) > 0  # every table, the one in the closed expander too
    for link in set(links):
        path, query = link.split("?")
        assert sorted(parse_qs(query)["region"]) == sorted(chosen)
        rows = walk(client, path, **parse_qs(query))
        assert rows and {r["region_id"] for r in rows} <= set(chosen)


@pytest.mark.parametrize("page, params, key", [("overview", {}, "region_id"),
                                               ("themes", {"theme": "one_stop"}, "practice_id")])
def test_overview_and_theme_tables_link_to_api_rows_covering_what_they_show(client, page, params, key):
    at = app_page(page, **params)
    links = api_links(at)
    assert len(links) == len(at.dataframe) > 0
    path, query = (links[0].split("?") + [""])[:2]
    rows = walk(client, path, **parse_qs(query))
    shown = at.dataframe[0].value
    assert len(rows) == len(shown) > 0
    if key == "practice_id":  # the theme's practices: the page links each one by id
        assert {r[key] for r in rows} == {link.rsplit("=", 1)[1] for link in shown["link"]}
