"""The DuckDB store: builds the contract tables from loaded case files and queries them.

Tables are filled in bulk from DataFrames. Every query goes through a fresh cursor,
because Streamlit runs each session on its own thread.
"""
from __future__ import annotations

import gc
import hashlib
import os
import tempfile
import threading
import weakref
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from lib import loader, paths, schema, search, yamlio
from lib.issues import Issue

# table -> [(column, type)]; the first block is the public contract (README), the rest are extras.
TABLES: dict[str, list[tuple[str, str]]] = {
    "regions": [("region_id", "VARCHAR PRIMARY KEY"), ("name", "VARCHAR"), ("type", "VARCHAR"),
                ("province", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"),
                ("coord_derived", "BOOLEAN"), ("coord_note_id", "VARCHAR"), ("coord_note_en", "VARCHAR"),
                ("summary_id", "VARCHAR"), ("summary_en", "VARCHAR"),
                ("trigger_year", "INTEGER"), ("trigger_id", "VARCHAR"), ("trigger_en", "VARCHAR"),
                ("file", "VARCHAR")],
    "stages": [("stage_code", "VARCHAR PRIMARY KEY"), ("ordinal", "INTEGER"), ("name_id", "VARCHAR"),
               ("name_en", "VARCHAR"), ("colour", "VARCHAR")],
    "success_factors": [("factor_code", "VARCHAR PRIMARY KEY"), ("name_id", "VARCHAR"), ("name_en", "VARCHAR"),
                        ("description_id", "VARCHAR"), ("description_en", "VARCHAR")],
    "themes": [("theme_code", "VARCHAR PRIMARY KEY"), ("name_id", "VARCHAR"), ("name_en", "VARCHAR")],
    "practices": [("practice_id", "VARCHAR PRIMARY KEY"), ("region_id", "VARCHAR"), ("stage_code", "VARCHAR"),
                  ("title_id", "VARCHAR"), ("title_en", "VARCHAR"), ("summary_id", "VARCHAR"),
                  ("summary_en", "VARCHAR"), ("year_start", "INTEGER"), ("status", "VARCHAR"),
                  ("status_year", "INTEGER"), ("replaced_by", "VARCHAR"), ("status_note_id", "VARCHAR"),
                  ("status_note_en", "VARCHAR"), ("year_note_id", "VARCHAR"), ("year_note_en", "VARCHAR")],
    "practice_factors": [("practice_id", "VARCHAR"), ("factor_code", "VARCHAR")],
    "practice_themes": [("practice_id", "VARCHAR"), ("theme_code", "VARCHAR")],
    "stage_assessments": [("region_id", "VARCHAR"), ("stage_code", "VARCHAR"), ("documented", "BOOLEAN"),
                          ("maturity", "INTEGER"), ("rationale_id", "VARCHAR"), ("rationale_en", "VARCHAR")],
    "outcomes": [("outcome_id", "VARCHAR PRIMARY KEY"), ("region_id", "VARCHAR"), ("practice_id", "VARCHAR"),
                 ("indicator", "VARCHAR"), ("label_id", "VARCHAR"), ("label_en", "VARCHAR"), ("value", "DOUBLE"),
                 ("unit", "VARCHAR"), ("year", "INTEGER"), ("rank", "INTEGER"), ("rank_of", "INTEGER"),
                 ("note_id", "VARCHAR"), ("note_en", "VARCHAR")],
    "obstacles": [("region_id", "VARCHAR"), ("obstacle_id", "VARCHAR"), ("text_id", "VARCHAR"), ("text_en", "VARCHAR")],
    "events": [("event_id", "VARCHAR PRIMARY KEY"), ("region_id", "VARCHAR"), ("year", "INTEGER"), ("date", "VARCHAR"),
               ("kind", "VARCHAR"), ("person", "VARCHAR"), ("text_id", "VARCHAR"), ("text_en", "VARCHAR")],
    "sources": [("source_id", "VARCHAR PRIMARY KEY"), ("region_id", "VARCHAR"), ("local_id", "VARCHAR"),
                ("title", "VARCHAR"), ("kind", "VARCHAR"), ("publisher", "VARCHAR"), ("year", "INTEGER"),
                ("date", "VARCHAR"), ("url", "VARCHAR"), ("seed_file", "VARCHAR"), ("title_from_url", "BOOLEAN"),
                ("title_descriptive", "BOOLEAN"), ("title_note_id", "VARCHAR"), ("title_note_en", "VARCHAR"),
                ("title_id", "VARCHAR")],
    "citations": [("subject_type", "VARCHAR"), ("subject_id", "VARCHAR"), ("source_id", "VARCHAR"),
                  ("locator", "VARCHAR")],
    # extras beyond the contract
    "factor_evidence": [("region_id", "VARCHAR"), ("factor_code", "VARCHAR"), ("evidenced", "BOOLEAN"),
                        ("text_id", "VARCHAR"), ("text_en", "VARCHAR")],
    "framework_elements": [("region_id", "VARCHAR"), ("framework_id", "VARCHAR"), ("framework_en", "VARCHAR"),
                           ("ordinal", "INTEGER"), ("label_id", "VARCHAR"), ("label_en", "VARCHAR"),
                           ("stage_code", "VARCHAR"), ("note_id", "VARCHAR"), ("note_en", "VARCHAR")],
    "gaps": [("region_id", "VARCHAR"), ("stage_code", "VARCHAR"), ("text_id", "VARCHAR"), ("text_en", "VARCHAR")],
    "indicators": [("indicator", "VARCHAR PRIMARY KEY"), ("name_id", "VARCHAR"), ("name_en", "VARCHAR"),
                   ("unit", "VARCHAR"), ("scale_id", "VARCHAR"), ("scale_en", "VARCHAR")],
    "units": [("unit_code", "VARCHAR PRIMARY KEY"), ("name_id", "VARCHAR"), ("name_en", "VARCHAR")],
    "maturity_levels": [("level", "INTEGER PRIMARY KEY"), ("name_id", "VARCHAR"), ("name_en", "VARCHAR"),
                        ("description_id", "VARCHAR"), ("description_en", "VARCHAR")],
    "guide_lessons": [("number", "INTEGER PRIMARY KEY"), ("text_id", "VARCHAR"), ("text_en", "VARCHAR"),
                      ("locator", "VARCHAR"), ("seed_file", "VARCHAR")],
    "load_issues": [("code", "VARCHAR"), ("file", "VARCHAR"), ("line", "INTEGER"), ("json_path", "VARCHAR"),
                    ("message", "VARCHAR")],
    "build_info": [("key", "VARCHAR PRIMARY KEY"), ("value", "VARCHAR")],
}
CONTRACT = ("regions", "stages", "success_factors", "themes", "practices", "practice_factors", "practice_themes",
            "stage_assessments", "outcomes", "obstacles", "events", "sources", "citations")


def _t(text: dict | None, lang: str) -> str | None:
    return (text or {}).get(lang)


def rows(catalog: loader.Catalog) -> dict[str, list[tuple]]:
    """Every table's rows, as tuples in TABLES column order."""
    out: dict[str, list[tuple]] = {name: [] for name in TABLES}
    for s in schema.vocab("stages"):
        out["stages"].append((s["code"], s["ordinal"], s["name"]["id"], s["name"].get("en"), s["colour"]))
    for f in schema.vocab("factors"):
        out["success_factors"].append((f["code"], f["name"]["id"], f["name"].get("en"),
                                       f["description"]["id"], f["description"].get("en")))
    for t in schema.vocab("themes"):
        out["themes"].append((t["code"], t["name"]["id"], t["name"].get("en")))
    for u in schema.vocab("units"):
        out["units"].append((u["code"], u["name"]["id"], u["name"].get("en")))
    for i in schema.vocab("indicators"):
        out["indicators"].append((i["code"], i["name"]["id"], i["name"].get("en"), i["unit"],
                                  i["scale"]["id"], i["scale"].get("en")))
    for m in schema.vocab("maturity"):
        out["maturity_levels"].append((m["level"], m["name"]["id"], m["name"].get("en"),
                                       m["description"]["id"], m["description"].get("en")))
    guide = load_guide()
    out["guide_lessons"] = [(g["number"], g["text"]["id"], _t(g["text"], "en"), g.get("at"),
                             guide["source"]["seed_file"]) for g in guide["lessons"]]
    units = {i["code"]: i["unit"] for i in schema.vocab("indicators")}
    for rid, r in catalog.regions.items():
        cite = _citer(out["citations"], rid)
        loc, trig = r["location"], r.get("trigger") or {}
        out["regions"].append((rid, r["name"], r["type"], r["province"], loc["lat"], loc["lon"],
                               bool(loc.get("derived")), _t(loc.get("note"), "id"), _t(loc.get("note"), "en"),
                               r["summary"]["id"], _t(r["summary"], "en"),
                               trig.get("year"), _t(trig.get("text"), "id"), _t(trig.get("text"), "en"),
                               Path(catalog.region_files.get(rid) or "").name or None))  # no server path
        cite("location", rid, loc["sources"])
        if trig:
            cite("trigger", rid, trig["sources"])
        for s in r["sources"]:
            out["sources"].append((f"{rid}:{s['id']}", rid, s["id"], s["title"], s["kind"], s.get("publisher"),
                                   s.get("year"), s.get("date"), s.get("url"), s.get("seed_file"),
                                   bool(s.get("title_from_url")), bool(s.get("title_descriptive")),
                                   _t(s.get("title_note"), "id"), _t(s.get("title_note"), "en"), s.get("title_id")))
        for p in r["practices"]:
            st = p["status"]
            out["practices"].append((p["id"], rid, p["stage"], p["title"]["id"], _t(p["title"], "en"),
                                     p["summary"]["id"], _t(p["summary"], "en"), p.get("year_start"), st["code"],
                                     st.get("year"), st.get("replaced_by"), _t(st.get("note"), "id"),
                                     _t(st.get("note"), "en"), _t(p.get("year_note"), "id"),
                                     _t(p.get("year_note"), "en")))
            out["practice_themes"] += [(p["id"], t) for t in p["themes"]]
            out["practice_factors"] += [(p["id"], f) for f in p.get("factors", [])]
            cite("practice", p["id"], p["sources"])
            cite("status", p["id"], st.get("sources", []))
        for code, a in r["stages"].items():
            out["stage_assessments"].append((rid, code, a["documented"], a.get("maturity"),
                                             _t(a.get("rationale"), "id"), _t(a.get("rationale"), "en")))
            cite("stage", f"{rid}:{code}", a.get("sources", []))
        for code, f in r["factors"].items():
            out["factor_evidence"].append((rid, code, f["evidenced"], f["text"]["id"], _t(f["text"], "en")))
            cite("factor", f"{rid}:{code}", f.get("sources", []))
        for o in r.get("outcomes", []):
            out["outcomes"].append((o["id"], rid, o.get("practice"), o["indicator"], o["label"]["id"],
                                    _t(o["label"], "en"), o.get("value"), o.get("unit") or units.get(o["indicator"]),
                                    o["year"], o.get("rank"), o.get("rank_of"), _t(o.get("note"), "id"),
                                    _t(o.get("note"), "en")))
            cite("outcome", o["id"], o["sources"])
        for ob in r.get("obstacles", []):
            out["obstacles"].append((rid, ob["id"], ob["text"]["id"], _t(ob["text"], "en")))
            cite("obstacle", ob["id"], ob["sources"])
        for e in r.get("events", []):
            out["events"].append((e["id"], rid, int(e["date"][:4]), e["date"], e["kind"], e.get("person"),
                                  e["text"]["id"], _t(e["text"], "en")))
            cite("event", e["id"], e["sources"])
        fw = r.get("framework")
        if fw:
            for n, el in enumerate(fw["elements"], 1):
                for stage in el["stages"]:
                    out["framework_elements"].append((rid, fw["name"]["id"], _t(fw["name"], "en"), n,
                                                      el["label"]["id"], _t(el["label"], "en"), stage,
                                                      _t(el.get("note"), "id"), _t(el.get("note"), "en")))
            cite("framework", rid, fw["sources"])
        for g in r.get("gaps", []):
            out["gaps"].append((rid, g.get("stage"), g["text"]["id"], _t(g["text"], "en")))
    out["load_issues"] = [(i.code, Path(i.file).name, i.line, i.json_path, i.message)  # file names: no server path
                          for i in catalog.issues]
    return out


def load_guide() -> dict:
    """data/guide.yaml: the guide's ten lessons (with the seed as source)."""
    data, problems = yamlio.load(paths.GUIDE_FILE)
    if problems:
        raise ValueError("; ".join(map(str, problems)))
    return data


def _citer(sink: list, region_id: str):
    def cite(subject_type: str, subject_id: str, citations: list[dict]) -> None:
        sink.extend((subject_type, subject_id, f"{region_id}:{c['ref']}", c.get("at")) for c in citations)
    return cite


def create(con: duckdb.DuckDBPyConnection, tables: dict[str, list[tuple]]) -> None:
    """Create every table and insert its rows in bulk."""
    for name, cols in TABLES.items():
        con.execute(f"CREATE TABLE {name} ({', '.join(f'{c} {t}' for c, t in cols)})")
        data = tables.get(name) or []
        if data:
            frame = pd.DataFrame(data, columns=[c for c, _ in cols])  # noqa: F841 (read by DuckDB by name)
            con.execute(f"INSERT INTO {name} SELECT * FROM frame")


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """practice_facts: each practice's theme and factor lists and distinct-source count, which every practice
    list needs; source_claims: each source's citing claims, which the sources page lists. Aggregated once here
    instead of on every rerun (half the stage explorer's query, and the sources page's, at 514 regions)."""
    con.execute("""
        CREATE TABLE source_claims AS
        SELECT source_id, count(*) AS n_claims,
               string_agg(DISTINCT subject_type || ':' || subject_id, ', '
                          ORDER BY subject_type || ':' || subject_id) AS claims
        FROM citations GROUP BY source_id""")
    con.execute("""
        CREATE TABLE practice_facts AS
        SELECT p.practice_id, coalesce(th.themes, []) AS themes, coalesce(fa.factors, []) AS factors,
               coalesce(ns.n_sources, 0) AS n_sources
        FROM practices p
        LEFT JOIN (SELECT practice_id, list(theme_code ORDER BY theme_code) AS themes FROM practice_themes
                   GROUP BY 1) th USING (practice_id)
        LEFT JOIN (SELECT practice_id, list(factor_code ORDER BY factor_code) AS factors FROM practice_factors
                   GROUP BY 1) fa USING (practice_id)
        LEFT JOIN (SELECT subject_id AS practice_id, count(DISTINCT source_id) AS n_sources FROM citations
                   WHERE subject_type = 'practice' GROUP BY 1) ns USING (practice_id)""")


def build(catalog: loader.Catalog, out: Path, info: dict[str, str] | None = None) -> None:
    """Write a fresh database file from loaded case files."""
    write(rows(catalog), out, info)


def write(tables: dict[str, list[tuple]], out: Path, info: dict[str, str] | None = None) -> None:
    """Write a fresh database file from table rows (atomically: built aside, then renamed into place)."""
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        tables["build_info"] = [("writer", "reform-dashboard"), *sorted((info or {}).items())]
        create(con, tables)
        derive(con)
        search.index(con)
    finally:
        con.close()
    os.replace(tmp, out)


def written_by_us(path: Path) -> bool:
    """True if path is a database this project wrote (so `build` may overwrite it)."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except (duckdb.Error, OSError):
        return False
    try:
        return con.execute("SELECT value FROM build_info WHERE key = 'writer'").fetchone() == ("reform-dashboard",)
    except duckdb.Error:
        return False
    finally:
        con.close()


# every module that decides what the tables hold: a change to any of them invalidates the cache
BUILD_MODULES = ("db", "search", "loader", "checks", "schema", "yamlio", "issues", "paths")
BUILD_CODE = [Path(__file__).with_name(f"{name}.py") for name in BUILD_MODULES]


def _inputs(folder: Path) -> list[Path]:
    return [*BUILD_CODE, paths.SCHEMA_FILE, paths.GUIDE_FILE, *loader.case_files(folder)]


def fingerprint(folder: Path) -> tuple:
    """Names, sizes and modification times of the inputs: cheap to take on every rerun."""
    out = []
    for path in _inputs(folder):
        try:
            st = path.stat()
            out.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((str(path), -1, -1))
    return tuple(out)


_hashes: dict[tuple, str] = {}  # fingerprint -> inputs hash, for the last few data versions
_hashes_lock = threading.Lock()  # sessions hash at once: one could clear while another stores


def inputs_hash(folder: Path) -> str:
    """Hash of the case files, schema, guide and the build code: the key of the on-disk cache.

    Memoised on the fingerprint, so the files are read again only when one of them changed.
    """
    key = fingerprint(folder)
    known = _hashes.get(key)
    if known is None:
        h = hashlib.sha256(str(folder.resolve()).encode())  # the folder too: its paths are in the tables
        for path in _inputs(folder):
            h.update(path.name.encode())
            try:
                h.update(path.read_bytes() if path.is_file() else b"<not a regular file>")
            except OSError as exc:
                h.update(repr(exc).encode())
        known = h.hexdigest()[:16]
        with _hashes_lock:
            if len(_hashes) > 16:
                _hashes.clear()
            _hashes[key] = known
    return known


class Store:
    """A read-only handle on a built database; every query uses its own cursor."""

    def __init__(self, path: Path, warning: str | None = None):
        self.path = Path(path)
        self.warning = warning  # a store problem to show on pages (locale key under `store.`), or None
        self.con = duckdb.connect(str(path), read_only=True)
        self._guard = threading.Lock()
        self._running: dict[int, duckdb.DuckDBPyConnection | None] = {}  # thread -> its query's cursor
        self._stopped: set[int] = set()
        with _live_lock:
            _live.add(self)

    def df(self, sql: str, params: list | dict | None = None) -> pd.DataFrame:
        with self._cursor() as cur:
            return cur.execute(sql, params or []).df()

    def rows(self, sql: str, params: list | dict | None = None) -> list[tuple]:
        with self._cursor() as cur:
            return cur.execute(sql, params or []).fetchall()

    @contextmanager
    def _cursor(self):
        me = threading.get_ident()
        with self._guard:
            if me in self._stopped:
                raise duckdb.InterruptException("stopped: the request's time limit ran out")
            cur = self.con.cursor()
            if me in self._running:
                self._running[me] = cur
        try:
            yield cur
        finally:
            with self._guard:
                if self._running.get(me) is cur:
                    self._running[me] = None
            cur.close()

    @contextmanager
    def stoppable(self):
        """Queries this thread runs inside the block can be stopped from another thread by calling the yielded
        function: the running query is interrupted and later ones refused. The API's time limit uses it, so a
        request that answered 503 stops working instead of holding a thread and a core until it finishes."""
        me = threading.get_ident()
        with self._guard:
            self._running[me] = None

        def stop() -> None:
            with self._guard:
                if me in self._running:
                    self._stopped.add(me)
                    if (cur := self._running[me]) is not None:
                        cur.interrupt()
        try:
            yield stop
        finally:
            with self._guard:
                self._running.pop(me, None)
                self._stopped.discard(me)

    def issues(self) -> list[Issue]:
        return [Issue(*r) for r in self.rows("SELECT code, file, line, json_path, message FROM load_issues")]

    def close(self) -> None:
        with _live_lock:
            _live.discard(self)
        self.con.close()


_live: weakref.WeakSet = weakref.WeakSet()  # open stores: their files are not deleted under them
_live_lock = threading.Lock()


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector during a build: a build allocates objects by the million at
    hundreds of regions, all living until it ends, and the collector walked them again and again without freeing
    any (docs/performance.md has the cost). Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _valid(path: Path, key: str) -> bool:
    """True if path opens as a database this cache wrote for `key` (a truncated or foreign file is not)."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except (duckdb.Error, OSError):
        return False
    try:
        blocks, size = con.execute("SELECT total_blocks, block_size FROM pragma_database_size()").fetchone()
        # a truncated file still opens (its catalogue comes first) but lacks blocks its header counts
        return (path.stat().st_size >= blocks * size
                and con.execute("SELECT value FROM build_info WHERE key = 'inputs'").fetchone() == (key,))
    except (duckdb.Error, OSError):
        return False
    finally:
        con.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _clean(cache: Path, keep: Path) -> None:
    """Delete old databases no open store uses, and the temp files of builds whose process is gone."""
    with _live_lock:
        in_use = {s.path for s in _live}
    for old in cache.glob("reform-*.duckdb*"):
        base = old.with_name(old.name.removesuffix(".wal"))
        if base != keep and base not in in_use:
            old.unlink(missing_ok=True)
    for tmp in cache.glob(".reform-*.duckdb.*.tmp*"):
        pid = tmp.name.split(".duckdb.", 1)[1].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _build(folder: Path, target: Path, key: str) -> None:
    with _collector_paused():
        # rows() is given the parsed files alone, so they are freed before the database is written
        write(rows(loader.load_all(folder)), target, {"inputs": key, "folder": folder.name})


def open_store(folder: Path | None = None) -> Store:
    """Open the database for a data folder, building it only if the inputs changed (warm start = open a file).

    A cache file that does not open or was not built for these inputs is rebuilt; old files are deleted only
    when no open store uses them; if the cache folder cannot be written, the database is built in a temporary
    folder instead and the store carries a warning for the pages.
    """
    folder = Path(folder) if folder else paths.regions_dir()
    key = inputs_hash(folder)
    target = paths.CACHE_DIR / f"reform-{key}.duckdb"
    try:
        paths.CACHE_DIR.mkdir(parents=True, exist_ok=True)
        if not _valid(target, key):
            _build(folder, target, key)
        _clean(paths.CACHE_DIR, target)
        return Store(target)
    except (OSError, duckdb.IOException):
        fallback = Path(tempfile.mkdtemp(prefix="reform-")) / target.name
        _build(folder, fallback, key)
        return Store(fallback, warning="cache_unwritable")
