"""Concurrent users against one `streamlit run` server, loopback only.

25 sessions at once over Streamlit's own websocket protocol (bench/wsclient.py, the client bench/serve.py
times pages with): each visits three pages with its own filters: a region profile (?region=X), the stage
explorer (?stage=S) and a comparison (?region=a&region=b), or the overview (?lang=en) for every fifth session.
Each page run must show no exception element and this session's own state: its region's name as the page
title, its stage's practice count, exactly its own pair of regions chosen in the comparison, never another
session's. Bounded: one round of 25 x 3 pages, each within 240 s. The p95 server time is printed (pytest -s)
and written to /tmp/reform-load-test.txt. A small browser check then runs 3 Chromium sessions at once, each
seeing its own state in the rendered page.
"""
from __future__ import annotations

import asyncio
import math
import re
import threading
import time
from pathlib import Path

import pytest

from bench import wsclient
from bench.wsclient import Session
from lib import db, queries

from .conftest import REGIONS
from .harness import CHROMIUM, CHROMIUM_ARGS, needs, streamlit_server, url

SESSIONS = 25
BROWSER_SESSIONS = 3
PAGE_TIMEOUT_MS = 240_000  # bounds, not targets: on 2 cores 25 Chromium tabs keep a page 60-95 s
OVERALL_TIMEOUT_S = 600
REPORT = Path("/tmp/reform-load-test.txt")
STAGES = ["I", "II", "III", "IV", "V"]


STABLE_MS = 500  # the script counts as finished after this long with no running indicator


# What shows that a page's own script has run (a busy server shows the app shell and a skeleton for seconds
# before the script starts, with no running indicator yet: the shell alone is not a finished page).
READY = {"region": "h1", "compare": "[data-testid='stMultiSelect']", "stages": r"text=/^[\d,]+ practices$/",
         "overview": "h1"}


async def wait_idle(page, ready: str | None = None, timeout: float = PAGE_TIMEOUT_MS) -> None:
    """tests/harness.py wait_idle for the async API, safe under load: wait for the page's own content (`ready`),
    then until no skeleton is left and the running indicator has stayed off for STABLE_MS."""
    await page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    if ready:
        await page.wait_for_selector(ready, timeout=timeout)
    await page.wait_for_function(
        """(stable) => {
             const w = document.querySelector("[data-testid='stStatusWidget']");
             const running = !!(w && (w.querySelector("[data-testid='stStatusWidgetRunningIcon']")
                                      || /Running|Berjalan/.test(w.innerText)));
             const drawn = document.querySelector(
                 "[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']");
             const skeleton = document.querySelector("[data-testid='stAppSkeleton']");
             if (running || !drawn || skeleton) { window.__reformIdleSince = null; return false; }
             window.__reformIdleSince = window.__reformIdleSince || performance.now();
             return performance.now() - window.__reformIdleSince >= stable;
           }""", arg=STABLE_MS, polling=100, timeout=timeout)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@pytest.fixture(scope="module")
def expected():
    """What each session must see, read from the same data the server serves."""
    store = db.open_store(REGIONS)
    try:
        regions = queries.regions(store, "en")
        names = dict(zip(regions["region_id"], regions["name"]))
        counts = {s: len(queries.practices(store, "en", queries.PracticeFilter(stages=[s]))) for s in STAGES}
    finally:
        store.close()
    assert len(names) >= 3 and len(set(counts.values())) > 1, "the data is too small to tell sessions apart"
    return names, counts


def plan(names: dict[str, str], sessions_n: int = SESSIONS) -> list[list[tuple[str, str, dict]]]:
    """For each session, its pages: (kind, path, what it must see)."""
    ids = sorted(names)
    sessions = []
    for i in range(sessions_n):
        rid = ids[i % len(ids)]
        stage = STAGES[i % len(STAGES)]
        a, b = ids[i % len(ids)], ids[(i + 1 + i // len(ids)) % len(ids)]
        pages = [("region", url("region", region=rid, lang="en"), {"region": rid}),
                 ("stages", url("stages", stage=stage, lang="en"), {"stage": stage})]
        if i % 5 == 4:
            pages.append(("overview", url(lang="en"), {}))
        else:
            pages.append(("compare", url("compare", region=[a, b], lang="en"), {"pair": (a, b)}))
        sessions.append(pages)
    return sessions


def check_run(run, kind: str, want: dict, names: dict, counts: dict) -> None:
    """A websocket page run shows this session's own state."""
    assert not run.errors, f"exception element(s): {run.errors}"
    if kind == "region":
        assert names[want["region"]] in run.headings, f"region page headings {run.headings}"
        others = [n for r, n in names.items() if r != want["region"] and n in run.headings]
        assert not others, f"region page shows another session's region: {others}"
    elif kind == "stages":
        assert f"{counts[want['stage']]} practices" in run.texts, f"stage {want['stage']}: " \
            f"{[t for t in run.texts if t.endswith(' practices')]}, {counts[want['stage']]} expected"
        assert [c.split(" ")[0] for c in run.selected[0]] == [want["stage"]], f"stage filter {run.selected[0]}"
    elif kind == "compare":
        assert sorted(run.selected[0]) == sorted(names[r] for r in want["pair"]), \
            f"compare page chose {run.selected[0]}, this session asked for {want['pair']}"
    else:
        assert "Regional public-service reform benchmark" in run.headings, f"overview shows {run.headings}"


async def ws_session(base: str, pages, names, counts, times: list[float], errors: list[str], n: int):
    async with Session(base) as s:
        for kind, path, want in pages:
            try:
                run = await s.run(path, timeout=PAGE_TIMEOUT_MS / 1000)
                times.append(run.seconds)
                check_run(run, kind, want, names, counts)
            except Exception as exc:  # noqa: BLE001 (every failure is collected and reported together)
                errors.append(f"session {n} {path}: {type(exc).__name__}: {str(exc)[:300]}")


async def ws_all(base: str, names: dict, counts: dict) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(ws_session(base, pages, names, counts, times, errors, n)
                                            for n, pages in enumerate(plan(names)))), OVERALL_TIMEOUT_S)
    return times, errors, time.perf_counter() - start


def test_25_concurrent_sessions(expected):
    names, counts = expected
    with streamlit_server(env={"STREAMLIT_LOGGER_LEVEL": "error", "REFORM_DATA_DIR": str(REGIONS)}) as base:
        assert base.startswith("http://127.0.0.1:")  # loopback only
        times, errors, wall = wsclient.run(ws_all(base, names, counts))
    assert times, "no page finished:\n" + "\n".join(errors)
    report = (f"sessions: {SESSIONS}\npages: {len(times)} finished of {sum(len(p) for p in plan(names))}\n"
              f"wall_s: {wall:.1f}\npages_per_s: {len(times) / wall:.2f}\n"
              f"page_p50_s: {sorted(times)[len(times) // 2]:.2f}\npage_p95_s: {p95(times):.2f}\n"
              f"page_max_s: {max(times):.2f}\nerrors: {len(errors)}\n")
    REPORT.write_text(report + "".join(e + "\n" for e in errors))
    print("\n" + report, end="")
    assert not errors, "\n".join(errors)
    assert len(times) == sum(len(p) for p in plan(names))


async def check(page, kind: str, want: dict, names: dict, counts: dict) -> None:
    """The page shows this session's own state."""
    if kind == "region":
        titles = [t.strip() for t in await page.locator("h1").all_inner_texts()]
        assert names[want["region"]] in titles, f"region page shows {titles}, not {names[want['region']]}"
        others = [n for r, n in names.items() if r != want["region"] and n in titles]
        assert not others, f"region page shows another session's region: {others}"
    elif kind == "stages":
        line = page.get_by_text(re.compile(r"^\d+ practices$")).first
        shown = int((await line.inner_text()).split()[0])
        assert shown == counts[want["stage"]], f"stage {want['stage']}: {shown} practices shown, " \
                                               f"{counts[want['stage']]} expected"
        assert f"stage={want['stage']}" in page.url
    elif kind == "compare":
        picked = await page.locator("[data-testid='stMultiSelect']").first.inner_text()
        for rid in want["pair"]:
            assert names[rid] in picked, f"compare page lacks {names[rid]}: {picked!r}"
        strangers = [n for r, n in names.items() if r not in want["pair"] and n in picked]
        assert not strangers, f"compare page shows regions this session did not choose: {strangers}"
    else:
        titles = [t.strip() for t in await page.locator("h1").all_inner_texts()]
        assert "Regional public-service reform benchmark" in titles, f"overview shows {titles}"


async def session(browser, base: str, pages, names, counts, times: list[float], errors: list[str], n: int):
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    try:
        page = await context.new_page()
        for kind, path, want in pages:
            start = time.perf_counter()
            try:
                await page.goto(base + path, timeout=PAGE_TIMEOUT_MS)
                await wait_idle(page, READY[kind])
                times.append(time.perf_counter() - start - STABLE_MS / 1000)
                failures = await page.locator("[data-testid='stException']").count()
                assert failures == 0, f"{failures} exception(s) shown"
                await check(page, kind, want, names, counts)
            except Exception as exc:  # noqa: BLE001 (every failure is collected and reported together)
                shot = Path(f"/tmp/reform-load-fail-{n}-{kind}.png")
                try:
                    await page.screenshot(path=str(shot), full_page=False)
                except Exception:  # noqa: BLE001
                    shot = None
                errors.append(f"session {n} {path}: {type(exc).__name__}: {str(exc)[:300]}"
                              + (f" (screenshot {shot})" if shot else ""))
    finally:
        await context.close()


async def run_all(base: str, names: dict, counts: dict) -> tuple[list[float], list[str], float]:
    from playwright.async_api import async_playwright
    times: list[float] = []
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            start = time.perf_counter()
            await asyncio.wait_for(asyncio.gather(*(
                session(browser, base, pages, names, counts, times, errors, n)
                for n, pages in enumerate(plan(names, BROWSER_SESSIONS)))), OVERALL_TIMEOUT_S)
            wall = time.perf_counter() - start
        finally:
            await browser.close()
    return times, errors, wall


@pytest.mark.browser
def test_browser_sessions_see_their_own_state(expected):
    """A few Chromium sessions at once, each rendering its own filters (the websocket test above does the crowd)."""
    needs(CHROMIUM, "apt-get install chromium")
    names, counts = expected
    outcome: dict = {}

    def in_thread(base):  # a thread of its own: no event loop of another (sync) Playwright in the way
        try:
            outcome["result"] = asyncio.run(run_all(base, names, counts))
        except BaseException as exc:  # noqa: BLE001
            outcome["error"] = exc

    with streamlit_server(env={"STREAMLIT_LOGGER_LEVEL": "error", "REFORM_DATA_DIR": str(REGIONS)}) as base:
        worker = threading.Thread(target=in_thread, args=(base,), daemon=True)
        worker.start()
        worker.join(OVERALL_TIMEOUT_S + 60)
        assert not worker.is_alive(), "the browser check did not finish in time"
    if "error" in outcome:
        raise outcome["error"]
    times, errors, _ = outcome["result"]
    assert not errors, "\n".join(errors)
    assert len(times) == sum(len(p) for p in plan(names, BROWSER_SESSIONS))
