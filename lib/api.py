"""Read-only HTTP API under /api/v1/ (Starlette routes that app.py mounts beside the pages).

Pure: no streamlit. Every answer reuses the pages' queries (lib/queries.py, lib/search.py) on the same
database file, so a URL and the page with the same parameters agree row for row. Parameters are checked
against the vocabularies of data/schema.yaml; anything else is a 400 problem body (RFC 9457), never SQL text.
"""
from __future__ import annotations

import asyncio
import csv
import io
import json
import math
import threading
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from lib import db, paths, queries, schema, search, state
from lib.i18n import LANGS

PREFIX = "/api/v1"
DEFAULT_SIZE, MAX_SIZE = 100, 1000  # rows a page; MAX_SIZE is the row limit of any one request
TIME_LIMIT = 10.0  # seconds a request may take before it answers 503
FILTERS = ("stage", "theme", "factor", "type", "province", "year_from", "year_to", "status", "region")
TABLES = (*db.CONTRACT, "factor_evidence")  # the contract, and the evidence behind the /factors matrix
_PRACTICE_KEYED = {"practices", "practice_factors", "practice_themes"}
_lock = threading.Lock()
_stores: dict[str, tuple[str, db.Store]] = {}  # folder -> (inputs hash, store)


def store() -> db.Store:
    """The store of the current data folder: db.open_store's file for the current inputs hash, the same
    database file the pages' cached.store() opens; reopened when a case file changes."""
    folder = paths.regions_dir()
    key = db.inputs_hash(folder)
    with _lock:
        held = _stores.get(str(folder))
        if held and held[0] == key:
            return held[1]
        fresh = db.open_store(folder)
        _stores[str(folder)] = (key, fresh)
        return fresh


class Problem(Exception):
    """A client error answered as an RFC 9457 problem body."""

    def __init__(self, status: int, title: str, detail: str, parameter: str | None = None):
        super().__init__(detail)
        self.status, self.title, self.detail, self.parameter = status, title, detail, parameter

    def response(self) -> JSONResponse:
        body = {"type": "about:blank", "title": self.title, "status": self.status, "detail": self.detail}
        if self.parameter:
            body["parameter"] = self.parameter
        return JSONResponse(body, self.status, media_type="application/problem+json", headers=_CORS)


_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET"}


def _bad(parameter: str, detail: str) -> Problem:
    return Problem(400, "Invalid parameter", detail, parameter)


def _known(request: Request, allowed: set[str]) -> None:
    for key in request.query_params:
        if key not in allowed:
            raise _bad(key[:40], f"unknown parameter (allowed: {', '.join(sorted(allowed))})")


def _lang(request: Request) -> str:
    parsed = state.Parsed()
    lang = state.one(request.query_params.getlist("lang"), LANGS, parsed, "lang", "id")
    if parsed.unknown:
        raise _bad("lang", f"must be one of {', '.join(LANGS)}")
    return lang


def practice_filter(request: Request, store_: db.Store) -> queries.PracticeFilter:
    """The stage explorer's filters from the query string (as lib/ui.practice_filters reads the page URL)."""
    raw, parsed = {k: request.query_params.getlist(k) for k in FILTERS}, state.Parsed()
    regions = {r for (r,) in store_.rows("SELECT region_id FROM regions")}
    provinces = {p for (p,) in store_.rows("SELECT DISTINCT province FROM regions")}
    flt = queries.PracticeFilter(
        regions=state.many(raw["region"], regions, parsed, "region"),
        stages=state.many(raw["stage"], schema.codes("stages"), parsed, "stage"),
        themes=state.many(raw["theme"], schema.codes("themes"), parsed, "theme"),
        factors=state.many(raw["factor"], schema.codes("factors"), parsed, "factor"),
        types=state.many(raw["type"], schema.codes("region_types"), parsed, "type"),
        provinces=state.many(raw["province"], provinces, parsed, "province"),
        statuses=state.many(raw["status"], schema.codes("statuses"), parsed, "status"),
        year_from=state.year(raw["year_from"], parsed, "year_from"),
        year_to=state.year(raw["year_to"], parsed, "year_to"))
    if parsed.unknown:
        name = parsed.unknown[0].split("=", 1)[0]
        raise _bad(name, "unknown code or out-of-range value (see /api/v1/openapi.json)")
    return flt


def _int(request: Request, name: str, default: int, hi: int) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    if not (value.isascii() and value.isdigit() and len(value) <= 9) or not 0 <= int(value) <= hi:
        raise _bad(name, f"must be a whole number from 0 to {hi}")
    return int(value)


def _version(store_: db.Store) -> str:
    return (store_.rows("SELECT value FROM build_info WHERE key = 'inputs'") or [("unknown",)])[0][0]


def _order(table: str) -> str:
    """Primary key order (all columns for tables without one): the same row sequence on every request."""
    keys = [c for c, t in db.TABLES[table] if "PRIMARY KEY" in t]
    return ", ".join(keys or [c for c, _ in db.TABLES[table]])


def _table_rows(store_: db.Store, table: str, flt: queries.PracticeFilter, offset: int, size: int):
    where, params = flt.where("p")
    columns = [c for c, _ in db.TABLES[table]]
    narrowed = flt != queries.PracticeFilter()
    condition = "TRUE"
    matching_regions = f"SELECT DISTINCT p.region_id FROM practices p JOIN regions r USING (region_id) WHERE {where}"
    if narrowed and table in _PRACTICE_KEYED:
        condition = (f"practice_id IN (SELECT p.practice_id FROM practices p JOIN regions r USING (region_id) "
                     f"WHERE {where})")
    elif narrowed and "region_id" in columns:
        condition = f"region_id IN ({matching_regions})"
    elif narrowed and table == "citations":  # a citation belongs to the region of its source
        condition = f"source_id IN (SELECT source_id FROM sources WHERE region_id IN ({matching_regions}))"
    elif narrowed:
        params = []  # vocabulary tables (stages, themes, ...) are not narrowed
    # table, columns and order come from db.TABLES, never from the request; values go in as parameters
    sql = (f"SELECT {', '.join(columns)} FROM {table} WHERE {condition} ORDER BY {_order(table)} "
           "LIMIT ? OFFSET ?")
    return columns, store_.rows(sql, [*params, size + 1, offset])


def _records(columns: list[str], rows: list[tuple]) -> list[dict]:
    def clean(v):
        return None if isinstance(v, float) and math.isnan(v) else v
    return [{c: clean(v) for c, v in zip(columns, r)} for r in rows]


def _drop_other_lang(columns: list[str], lang: str | None) -> list[str]:
    if not lang:
        return columns
    other = [x for x in LANGS if x != lang]
    return [c for c in columns if not any(c.endswith(f"_{o}") for o in other)]


async def _answer(request: Request, work) -> Response:
    """Run `work(store)` in a thread with the time limit, with ETag/304, Cache-Control and CORS headers."""
    try:
        store_ = await run_in_threadpool(store)
        etag = f'"{_version(store_)}"'
        if request.headers.get("if-none-match") in (etag, f"W/{etag}"):
            return Response(status_code=304, headers={"ETag": etag, **_CORS})
        stop, late = [], threading.Event()

        def bounded(store_: db.Store) -> Response:
            with store_.stoppable() as stop_this:
                stop.append(stop_this)
                if late.is_set():  # waited for a free thread past the limit: refuse at the first query
                    stop_this()
                return work(store_)
        response = await asyncio.wait_for(run_in_threadpool(bounded, store_), TIME_LIMIT)
    except Problem as problem:
        return problem.response()
    except asyncio.TimeoutError:
        late.set()
        for stop_this in stop:  # the thread's query is interrupted: it does not run on after the 503
            stop_this()
        return Problem(503, "Too slow", f"the request took more than {TIME_LIMIT:g} s").response()
    response.headers.update({"ETag": etag, "Cache-Control": "public, max-age=60", **_CORS})
    return response


def _json(body) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, default=str), media_type="application/json")


async def table(request: Request) -> Response:
    name, fmt = request.path_params["name"], request.path_params["fmt"]
    if name not in TABLES or fmt not in ("json", "csv"):
        return Problem(404, "Not found", f"no table {name[:40]!r} as {fmt[:8]!r}; tables: {', '.join(TABLES)}").response()

    def work(store_: db.Store) -> Response:
        _known(request, {*FILTERS, "lang", "size", "next"})
        lang = _lang(request) if "lang" in request.query_params else None
        flt = practice_filter(request, store_)
        size = max(1, _int(request, "size", DEFAULT_SIZE, MAX_SIZE))
        offset = _int(request, "next", 0, 10**9)
        columns, rows = _table_rows(store_, name, flt, offset, size)
        more, rows = len(rows) > size, rows[:size]
        shown = _drop_other_lang(columns, lang)
        keep = [columns.index(c) for c in shown]
        rows = [tuple(r[i] for i in keep) for r in rows]
        following = str(offset + size) if more else None
        link = {}
        if following:
            nxt = request.url.include_query_params(next=following)
            link = {"Link": f'<{nxt}>; rel="next"'}
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(shown)
            writer.writerows(rows)
            return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                            headers={**link, **({"X-Next": following} if following else {})})
        return _json({"table": name, "version": _version(store_), "columns": shown,
                      "rows": _records(shown, rows), "next": following})
    return await _answer(request, work)


def _citations(store_: db.Store, region_id: str) -> dict[tuple[str, str], list[dict]]:
    found: dict[tuple[str, str], list[dict]] = {}
    for kind, subject, source, local, title, url, locator, *notes in store_.rows(
            f"""SELECT c.subject_type, c.subject_id, s.source_id, s.local_id, s.title, s.url, c.locator,
                       {queries.TITLE_NOTES_SQL}
               FROM citations c JOIN sources s USING (source_id) WHERE s.region_id = ?
               ORDER BY c.subject_type, c.subject_id, s.source_id""", [region_id]):
        found.setdefault((kind, subject), []).append(
            {"source_id": source, "local_id": local, "title": title, "url": url, "locator": locator,
             **dict(zip(queries.TITLE_NOTES, notes))})
    return found


def _frame(df) -> list[dict]:
    return _records(list(df.columns), list(df.itertuples(index=False, name=None)))


async def region(request: Request) -> Response:
    region_id = request.path_params["region_id"]

    def work(store_: db.Store) -> Response:
        _known(request, {"lang"})
        lang = _lang(request)
        profile = queries.region_profile(store_, lang, region_id)
        if profile.empty:
            raise Problem(404, "Not found", f"no region {region_id[:40]!r}")
        cites = _citations(store_, region_id)

        def cited(rows: list[dict], kind: str, key) -> list[dict]:
            return [{**r, "citations": cites.get((kind, key(r)), [])} for r in rows]
        practices = cited(_frame(queries.practices(store_, lang, queries.PracticeFilter(regions=[region_id]))),
                          "practice", lambda r: r["practice_id"])
        for p in practices:
            p["status_citations"] = cites.get(("status", p["practice_id"]), [])
        body = {
            "region": {**_frame(profile)[0], "location_citations": cites.get(("location", region_id), []),
                       "trigger_citations": cites.get(("trigger", region_id), [])},
            "version": _version(store_),
            "stages": cited(_frame(queries.region_stages(store_, lang, region_id)), "stage",
                            lambda r: f"{region_id}:{r['stage_code']}"),
            "factors": cited(_frame(queries.region_factors(store_, lang, region_id)), "factor",
                             lambda r: f"{region_id}:{r['factor_code']}"),
            "practices": practices,
            "outcomes": cited(_frame(queries.region_outcomes(store_, lang, region_id)), "outcome",
                              lambda r: r["outcome_id"]),
            "obstacles": cited(_frame(queries.region_obstacles(store_, lang, region_id)), "obstacle",
                               lambda r: r["obstacle_id"]),
            "events": cited(_frame(queries.region_events(store_, lang, region_id)), "event",
                            lambda r: r["event_id"]),
            "framework": {"elements": _frame(queries.region_framework(store_, lang, region_id)),
                          "citations": cites.get(("framework", region_id), [])},
            "gaps": _frame(queries.region_gaps(store_, lang, region_id)),
            "sources": _frame(queries.region_sources(store_, region_id)),
        }
        return _json(body)
    return await _answer(request, work)


async def search_json(request: Request) -> Response:
    def work(store_: db.Store) -> Response:
        _known(request, {*FILTERS, "lang", "q", "size"})
        lang = _lang(request)
        q = request.query_params.get("q", "")
        if len(q) > 1000:
            raise _bad("q", "at most 1000 characters")
        flt = practice_filter(request, store_)
        result = search.search(store_, q, limit=_int(request, "size", 20, MAX_SIZE), filters=flt, lang=lang)
        hits = [{"practice_id": h.practice_id, "region_id": h.region_id, "region": h.region_name,
                 "stage_code": h.stage_code, "score": h.score, "title": h.title,
                 "snippet": "".join(part for part, _ in h.snippet)} for h in result.hits]
        return _json({"query": q, "total": result.total, "corrected": result.corrected, "hits": hits,
                      "version": _version(store_)})
    return await _answer(request, work)


def openapi_document() -> dict:
    """OpenAPI 3.1 description of every route (built from the same table and filter lists the routes use)."""
    def param(name, schema_, desc, many=False):
        s = {"type": "array", "items": schema_} if many else schema_
        return {"name": name, "in": "query", "required": False, "description": desc, "schema": s,
                **({"explode": True} if many else {})}
    vocab = {"stage": schema.codes("stages"), "theme": schema.codes("themes"), "factor": schema.codes("factors"),
             "status": schema.codes("statuses"), "type": schema.codes("region_types")}
    filters = [param(k, {"type": "string", "enum": v}, f"{k} code (repeatable)", True) for k, v in vocab.items()]
    filters += [param("province", {"type": "string"}, "province name (repeatable)", True),
                param("region", {"type": "string"}, "region id (repeatable)", True),
                param("year_from", {"type": "integer", "minimum": 1945, "maximum": 2100}, "first year"),
                param("year_to", {"type": "integer", "minimum": 1945, "maximum": 2100}, "last year")]
    lang = param("lang", {"type": "string", "enum": list(LANGS)}, "language of texts")
    problem = {"description": "invalid parameter", "content": {"application/problem+json": {"schema": {
        "type": "object", "properties": {k: {"type": "string"} for k in ("type", "title", "detail", "parameter")}
        | {"status": {"type": "integer"}}}}}}
    paths_: dict = {}
    for name in TABLES:
        for fmt, media in (("json", "application/json"), ("csv", "text/csv")):
            paths_[f"{PREFIX}/{name}.{fmt}"] = {"get": {
                "summary": f"{name} table ({fmt}), in primary-key order",
                "parameters": [*filters, lang,
                               param("size", {"type": "integer", "minimum": 1, "maximum": MAX_SIZE}, "rows a page"),
                               param("next", {"type": "string"}, "paging token from the previous page")],
                "responses": {"200": {"description": "rows", "content": {media: {}}}, "304": {"description":
                              "not modified (If-None-Match)"}, "400": problem}}}
    paths_[f"{PREFIX}/regions/{{region_id}}.json"] = {"get": {
        "summary": "one region's profile, every claim with its citations",
        "parameters": [{"name": "region_id", "in": "path", "required": True, "schema": {"type": "string"}}, lang],
        "responses": {"200": {"description": "profile"}, "404": problem, "400": problem}}}
    paths_[f"{PREFIX}/search.json"] = {"get": {
        "summary": "full-text search, same ranking as the search page",
        "parameters": [param("q", {"type": "string", "maxLength": 1000}, "search words"), *filters, lang,
                       param("size", {"type": "integer", "minimum": 0, "maximum": MAX_SIZE}, "hits")],
        "responses": {"200": {"description": "hits"}, "400": problem}}}
    return {"openapi": "3.1.0", "info": {"title": "Benchmark Reformasi Pelayanan Publik API", "version": "1"},
            "paths": paths_}


async def openapi(request: Request) -> Response:
    return JSONResponse(openapi_document(), headers=_CORS)


def routes() -> list[Route]:
    """The API routes, GET only (app.py hands them to st.App)."""
    return [Route(f"{PREFIX}/openapi.json", openapi, methods=["GET"]),
            Route(f"{PREFIX}/search.json", search_json, methods=["GET"]),
            Route(f"{PREFIX}/regions/{{region_id}}.json", region, methods=["GET"]),
            Route(f"{PREFIX}/{{name}}.{{fmt:str}}", table, methods=["GET"])]


def url(name: str, **params) -> str:
    """Relative API URL (`name` = a table, "search" or "regions/<id>") with those of `params` the API takes
    (a page passes its URL parameters; the ones only the page knows are left out)."""
    taken = {*FILTERS, "lang", "q"}
    query = urlencode([(k, v) for k, vs in params.items() if k in taken
                       for v in (vs if isinstance(vs, list) else [vs]) if v not in (None, "")])
    return f"{PREFIX}/{name}.json" + (f"?{query}" if query else "")
