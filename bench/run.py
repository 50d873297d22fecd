"""Benchmark the load, the database, the queries, search and the pages; print one figure per line.

    python bench/run.py [--data DIR] [--repeat K] [--page-repeat P] [--query-repeat Q]

Every figure is printed as `name: value unit`. Each phase runs in a fresh Python process, so nothing
(a compiled schema validator, the stemmers' caches, the store) carries over from one phase into the
next, and each phase's peak RSS is its own. Cold timings are the best of K runs (the least disturbed by
whatever else the machine is doing; the 1-minute load average is printed at the start and the end).

  parse_s        PyYAML's C safe loader alone over every file (read + parse): the floor
  validate_s     loader.load_all: strict parse, JSON Schema, cross-file checks
  build_s        the whole cold load, as the app does it: db.open_store on an empty cache directory
                 (hash the inputs, load_all, build every table and the search index, open)
  warm_start_s   db.open_store again in a new process, nothing changed (the built file is reused)
  inputs_hash_ms db.inputs_hash alone (lib.cached.store() computes it on every script run)
  query_p95_ms   per named page query (lib/queries.py), and the worst of them
  search_p95_ms  lib.search.search() per query, and the worst of them
  page_p95_ms    each page of app.py PAGES rendered with AppTest (tests/harness.py app_page)
  page_p50_ms    the same runs' median (a full pass of Python's cyclic collector lands on some runs)
  peak_rss_mb    ru_maxrss of each phase process, and the largest; the pages phase starts on an
                 empty cache, so its figure is a server process's: cold build, then serving pages
"""
from __future__ import annotations

import argparse
import ast
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"build_over_parse": 2.5, "warm_start_s": 0.5, "query_p95_ms": 50.0, "search_p95_ms": 50.0,
           "page_p95_ms": 500.0, "peak_rss_mb": 500.0}


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def case_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))


def app_pages() -> list[tuple[str, str]]:
    """(page name for harness.app_page, url path) for every page in app.py's PAGES list."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in node.targets):
            out = []
            for item in ast.literal_eval(node.value):
                script, url_path = item[0], item[1]
                out.append((Path(script).stem, url_path))
            return out
    raise SystemExit("app.py has no PAGES list")


# ------------------------------------------------------------------------------------------------ phases
# Each runs in its own process (python bench/run.py --phase NAME) and prints one JSON line.

def phase_parse(folder: Path, args) -> dict:
    import yaml
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = case_files(folder)
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes().decode("utf-8"), Loader=loader_cls)
    return {"seconds": time.perf_counter() - start}


def phase_validate(folder: Path, args) -> dict:
    from lib import loader
    start = time.perf_counter()
    catalog = loader.load_all(folder)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "regions": len(catalog.regions), "issues": len(catalog.issues),
            "practices": sum(len(r["practices"]) for r in catalog.regions.values())}


def phase_build(folder: Path, args) -> dict:
    from lib import db, paths
    assert not any(paths.CACHE_DIR.glob("reform-*.duckdb")), "build phase needs an empty cache directory"
    start = time.perf_counter()
    store = db.open_store(folder)
    seconds = time.perf_counter() - start
    store.close()
    return {"seconds": seconds}


def phase_warm(folder: Path, args) -> dict:
    from lib import db, paths
    assert any(paths.CACHE_DIR.glob("reform-*.duckdb")), "warm phase needs a built cache"
    start = time.perf_counter()
    store = db.open_store(folder)
    store.rows("SELECT count(*) FROM practices")
    seconds = time.perf_counter() - start
    hashes = []
    for _ in range(5):
        t0 = time.perf_counter()
        db.inputs_hash(folder)
        hashes.append(time.perf_counter() - t0)
    store.close()
    return {"seconds": seconds, "inputs_hash_ms": statistics.median(hashes) * 1000}


def _query_cases(store) -> dict:
    """name -> zero-argument callable, for every page query with realistic arguments."""
    from lib import queries
    ids = [r[0] for r in store.rows("SELECT region_id FROM regions ORDER BY region_id")]
    pick = ids[len(ids) // 2]
    pair = [ids[0], ids[-1]] if len(ids) > 1 else ids
    four = ids[:: max(1, len(ids) // 4)][:4]
    ind = store.rows("SELECT indicator FROM outcomes o JOIN indicators USING (indicator) "
                     "WHERE list_contains(?, o.region_id) LIMIT 1", [pair])
    indicator = ind[0][0] if ind else "kpk_integrity"
    F = queries.PracticeFilter
    cases = {
        "headline": lambda: queries.headline(store),
        "regions": lambda: queries.regions(store, "id"),
        "stage_matrix": lambda: queries.stage_matrix(store, "id"),
        "factor_matrix": lambda: queries.factor_matrix(store, "en"),
        "all_sources": lambda: queries.all_sources(store),
        "practices_all": lambda: queries.practices(store, "id", texts=False),       # the explorer as first opened
        "practices_stage_II": lambda: queries.practices(store, "id", F(stages=["II"]), texts=False),
        "practices_stage_theme_year": lambda: queries.practices(
            store, "en", F(stages=["III"], themes=["licensing", "one_stop"], year_from=2005), texts=False),
        "practices_region": lambda: queries.practices(store, "id", F(regions=[pick])),
        "citations_practice": lambda: queries.citations(
            store, "practice", [r[0] for r in store.rows("SELECT practice_id FROM practices WHERE region_id = ?",
                                                          [pick])]),
    }
    optional = {  # compare and region-profile queries, when lib/queries.py has them
        "compare_stages": lambda q: q.compare_stages(store, "id", four),
        "compare_indicators": lambda q: q.compare_indicators(store, "id", four),
        "indicator_values": lambda q: q.indicator_values(store, "id", pair, indicator),
        "compare_coverage": lambda q: q.compare_coverage(store, "id", four),
        "pathway": lambda q: q.pathway(store, "id", four, "trigger"),
        "region_profile": lambda q: q.region_profile(store, "id", pick),
        "region_stages": lambda q: q.region_stages(store, "id", pick),
        "region_outcomes": lambda q: q.region_outcomes(store, "id", pick),
        "region_events": lambda q: q.region_events(store, "id", pick),
        "region_sources": lambda q: q.region_sources(store, pick),
    }
    for name, call in optional.items():
        if hasattr(queries, name):
            cases[name] = (lambda c=call: c(queries))
    return cases


def phase_query(folder: Path, args) -> dict:
    from lib import db
    store = db.open_store(folder)
    out = {}
    for name, call in _query_cases(store).items():
        call()  # first call: plans, page cache
        samples = []
        for _ in range(args.query_repeat):
            t0 = time.perf_counter()
            call()
            samples.append((time.perf_counter() - t0) * 1000)
        out[name] = samples
    return {"queries": out}


SEARCHES = [  # (name, query, filters)
    ("one_word_id", "pelayanan", None),
    ("two_words_id", "perizinan terpadu", None),
    ("english", "complaint handling online", None),
    ("typo", "perizinn", None),
    ("acronym", "PTSP LPSE", None),
    ("with_stage_filter", "pelayanan izin", {"stage": ["II"]}),
    ("filters_only", "", {"stage": ["III"], "theme": ["licensing"]}),
    ("long_10k", ("pelayanan terpadu " * 600)[:10_000], None),
]


def _search_filters(search, filters: dict | None):
    """The filters as lib.search.search() takes them: a queries.PracticeFilter, or (older API) a dict."""
    if filters is None or not hasattr(search, "PracticeFilter"):
        return filters
    names = {"stage": "stages", "theme": "themes", "factor": "factors", "region": "regions"}
    return search.PracticeFilter(**{names[k]: v for k, v in filters.items()})


def phase_search(folder: Path, args) -> dict:
    from lib import db
    try:
        from lib import search
    except ImportError:
        return {"skipped": "lib/search.py not present"}
    if not hasattr(search, "search"):
        return {"skipped": "lib.search has no search()"}
    store = db.open_store(folder)
    t0 = time.perf_counter()
    search.search(store, "pelayanan")  # the first query loads the vocabulary for typo correction
    first_ms = (time.perf_counter() - t0) * 1000
    out = {}
    for name, query, filters in SEARCHES:
        filters = _search_filters(search, filters)
        search.search(store, query, filters=filters)
        samples = []
        for _ in range(args.query_repeat):
            t0 = time.perf_counter()
            search.search(store, query, filters=filters)
            samples.append((time.perf_counter() - t0) * 1000)
        out[name] = samples
    return {"searches": out, "first_ms": first_ms}


def _page_params(name: str, region_ids: list[str]) -> dict:
    pick = region_ids[len(region_ids) // 2]
    return {"region": {"region": pick}, "peers": {"region": pick},
            "compare": {"region": [region_ids[0], region_ids[-1]]},
            "stages": {"stage": "II"},
            "search": {"q": "pelayanan terpadu"},
            "sql": {"q": "SELECT stage_code, count(*) AS n FROM practices GROUP BY ALL ORDER BY 1"}}.get(name, {})


def phase_pages(folder: Path, args) -> dict:
    sys.path.insert(0, str(ROOT))
    from lib import db
    from tests.harness import app_page

    os.environ["REFORM_DATA_DIR"] = str(folder)
    t0 = time.perf_counter()
    at = app_page(None, timeout=1800)  # the cold start: builds the store in this process, as a server would
    cold = time.perf_counter() - t0
    errors = {}
    if at.exception:
        errors["overview (cold)"] = str(at.exception[0].value)[:300]
    store = db.open_store(folder)
    region_ids = [r[0] for r in store.rows("SELECT region_id FROM regions ORDER BY region_id")]
    store.close()
    out = {}
    pages = app_pages()
    if any(name == "stages" for name, _ in pages):
        pages.append(("stages_unfiltered", "stages"))  # the explorer as first opened: every practice listed
    for name, url_path in pages:
        params = _page_params(name, region_ids)
        page = (name if name != "stages_unfiltered" else "stages") if url_path else None
        at = app_page(page, timeout=600, **params)  # warm-up: imports, plans
        samples = []
        for _ in range(args.page_repeat):
            t0 = time.perf_counter()
            at = app_page(page, timeout=600, **params)
            samples.append((time.perf_counter() - t0) * 1000)
            if at.exception and name not in errors:
                errors[name] = str(at.exception[0].value)[:300]
        out[name] = samples
    return {"pages": out, "cold_first_page_s": cold, "errors": errors}


PHASES = {"parse": phase_parse, "validate": phase_validate, "build": phase_build, "warm": phase_warm,
          "query": phase_query, "search": phase_search, "pages": phase_pages}


def run_phase(name: str, data: Path, cache: Path, args) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--data", str(data),
           "--query-repeat", str(args.query_repeat), "--page-repeat", str(args.page_repeat)]
    env = {**os.environ, "REFORM_CACHE_DIR": str(cache), "PYTHONHASHSEED": "0"}
    env.pop("REFORM_DATA_DIR", None)
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"phase {name} failed (exit {proc.returncode})")
    return json.loads(lines[-1])


def emit(name: str, value, unit: str = "") -> None:
    text = f"{value:.3f}" if isinstance(value, float) and value < 10 else (
        f"{value:.1f}" if isinstance(value, float) else str(value))
    print(f"{name}: {text}{' ' + unit if unit else ''}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "data" / "regions"), help="case-file folder (default data/regions)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each cold phase (best of K reported)")
    ap.add_argument("--query-repeat", type=int, default=30, help="timed calls per query and per search")
    ap.add_argument("--page-repeat", type=int, default=20,
                    help="timed AppTest runs per page (20: the p95 is the second slowest, not the slowest)")
    ap.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    data = Path(args.data).resolve()
    sys.path.insert(0, str(ROOT))

    if args.phase:  # a child process
        result = PHASES[args.phase](data, args)
        result["rss_mb"] = rss_mb()
        print(json.dumps(result))
        return 0

    files = case_files(data)
    if not files:
        raise SystemExit(f"{data}: no case files")
    log = lambda msg: print(f"# {msg}", file=sys.stderr, flush=True)  # noqa: E731
    emit("loadavg_1m_start", os.getloadavg()[0], "")
    emit("cpus", os.cpu_count(), "cpus")
    emit("files", len(files), "files")
    emit("data_mb", sum(p.stat().st_size for p in files) / 1e6, "MB")
    rss: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="reform-bench-") as tmp:
        tmp = Path(tmp)

        def cold(name: str, fresh_cache: bool) -> list[dict]:
            out = []
            for k in range(args.repeat):
                log(f"{name} {k + 1}/{args.repeat}")
                cache = tmp / f"{name}-{k}" if fresh_cache else tmp / "warm"
                cache.mkdir(exist_ok=True)
                out.append(run_phase(name, data, cache, args))
                rss[name] = max(rss.get(name, 0), out[-1]["rss_mb"])
            return out

        parse = cold("parse", True)
        validate = cold("validate", True)
        parse_s = min(r["seconds"] for r in parse)
        emit("practices", validate[0]["practices"], "practices")
        emit("regions_valid", validate[0]["regions"], "regions")
        emit("load_issues", validate[0]["issues"], "issues")
        emit("parse_s", parse_s, "s")
        emit("validate_s", min(r["seconds"] for r in validate), "s")
        build = cold("build", True)
        build_s = min(r["seconds"] for r in build)
        emit("build_s", build_s, "s")
        emit("build_over_parse", build_s / parse_s, "x")
        # warm start: reuse the cache of the last build
        warm_cache = tmp / f"build-{args.repeat - 1}"
        warm = []
        for k in range(args.repeat):
            log(f"warm {k + 1}/{args.repeat}")
            warm.append(run_phase("warm", data, warm_cache, args))
            rss["warm"] = max(rss.get("warm", 0), warm[-1]["rss_mb"])
        emit("warm_start_s", min(r["seconds"] for r in warm), "s")
        emit("inputs_hash_ms", min(r["inputs_hash_ms"] for r in warm), "ms")

        log("queries")
        q = run_phase("query", data, warm_cache, args)
        rss["query"] = q["rss_mb"]
        per = {name: p95(s) for name, s in q["queries"].items()}
        emit("query_p95_ms", max(per.values()), "ms")
        for name, value in per.items():
            emit(f"query_p95_ms.{name}", value, "ms")

        log("search")
        s = run_phase("search", data, warm_cache, args)
        rss["search"] = s["rss_mb"]
        if "skipped" in s:
            print(f"search_p95_ms: skipped ({s['skipped']})")
            search_worst = None
        else:
            per = {name: p95(v) for name, v in s["searches"].items()}
            search_worst = max(per.values())
            emit("search_p95_ms", search_worst, "ms")
            for name, value in per.items():
                emit(f"search_p95_ms.{name}", value, "ms")
            emit("search_first_ms", s["first_ms"], "ms")

        log("pages (cold start, then each page)")
        cache = tmp / "pages"
        cache.mkdir()
        pg = run_phase("pages", data, cache, args)
        rss["pages"] = pg["rss_mb"]
        emit("cold_first_page_s", pg["cold_first_page_s"], "s")
        pages = {name: p95(v) for name, v in pg["pages"].items()}
        emit("page_p95_ms", max(pages.values()), "ms")
        for name, value in pages.items():
            emit(f"page_p95_ms.{name}", value, "ms")
        for name, samples in pg["pages"].items():  # the typical run, beside the p95 that a collector pass can set
            emit(f"page_p50_ms.{name}", statistics.median(samples), "ms")
        for name, err in pg["errors"].items():
            print(f"page_error.{name}: {err!r}")

    emit("loadavg_1m_end", os.getloadavg()[0], "")
    emit("peak_rss_mb", max(rss.values()), "MB")
    for name, value in rss.items():
        emit(f"peak_rss_mb.{name}", value, "MB")

    checks = {"build_over_parse": build_s / parse_s,
              "warm_start_s": min(r["seconds"] for r in warm),
              "query_p95_ms": max(p95(v) for v in q["queries"].values()),
              "search_p95_ms": search_worst,
              "page_p95_ms": max(pages.values()),
              "peak_rss_mb": max(rss.values())}
    for name, value in checks.items():
        if value is None:
            continue
        verdict = "pass" if value <= TARGETS[name] and not (name == "page_p95_ms" and pg["errors"]) else "MISS"
        print(f"target.{name}: {verdict} ({value:.2f} vs {TARGETS[name]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
