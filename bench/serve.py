"""Server-side benchmark: page server time over Streamlit's websocket protocol, beside a minimal page.

Starts `streamlit run app.py` and `streamlit run bench/floor_app.py` on free loopback ports (or N app replicas
behind nginx with --replicas N, see deploy/), then prints `name: value unit` lines:
  - one session: each page's median and p95 time from the rerun request to `script_finished`, the floor's,
    and each page's ratio to the floor;
  - 25 concurrent sessions (bounded rounds, stops by itself): pages/s, p50 and p95, for the floor too;
  - with --browser: each page in Chromium, one session at a time, navigation to a finished render.
Exception elements count as errors (printed, and the exit code is 1).

    python bench/serve.py [--data DIR] [--runs 20] [--sessions 25] [--rounds 2] [--replicas N] [--browser]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wsclient import Session  # noqa: E402


def page_list(folder: Path) -> list[str]:
    """The pages timed: every kind, with three of the folder's regions (Metro, Sidoarjo and Sragen in the real data;
    the first three files of a generated folder); the theme and practice pages of the second region's first
    practice."""
    ids = sorted(p.stem for p in folder.glob("*.yaml"))
    a, b, c = [r for r in ("metro", "sidoarjo", "sragen") if r in ids] if {"metro", "sidoarjo", "sragen"} <= set(ids) \
        else ids[:3]
    first = next(iter(yaml.safe_load((folder / f"{b}.yaml").read_text(encoding="utf-8"))["practices"]))
    return ["/", f"/region?region={a}", f"/region?region={b}", f"/compare?region={a}&region={b}&region={c}",
            "/stages", f"/themes?theme={first['themes'][0]}", f"/practice?practice={first['id']}", "/factors",
            "/search?q=izin+satu+pintu", "/sources", "/sql", "/glossary", f"/peers?region={c}", "/assess"]


FLOOR = ["/"]
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, proc: subprocess.Popen | None = None, seconds: float = 180) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{base} did not become healthy")


@contextmanager
def _stopped(proc: subprocess.Popen, grace: float):
    """Stop `proc` when the block ends: terminate, then kill after `grace` seconds."""
    try:
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()


PIDS: dict[str, int] = {}  # base URL -> server process, for its memory


@contextmanager
def streamlit(script: Path, env: dict | None = None, port: int | None = None):
    """`streamlit run script` on a loopback port, file watcher off; yields its base URL."""
    port = port or free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, "STREAMLIT_LOGGER_LEVEL": "error", **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    with _stopped(proc, 10):
        wait_healthy(base, proc)
        PIDS[base] = proc.pid
        yield base


def peak_memory_mb(base: str) -> float | None:
    """The server process's peak resident memory so far (Linux VmHWM), in MB; None when unknown (replicas)."""
    try:
        status = Path(f"/proc/{PIDS[base]}/status").read_text()
    except (KeyError, OSError):
        return None
    return next(int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:"))


@contextmanager
def behind_nginx(replicas: int, env: dict):
    """deploy/start.sh: N replicas and nginx on loopback; yields nginx's base URL."""
    port = free_port()
    proc = subprocess.Popen(["bash", str(ROOT / "deploy" / "start.sh"), str(replicas), str(port)], cwd=ROOT,
                            env={**os.environ, "PYTHON": sys.executable, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    with _stopped(proc, 20):
        wait_healthy(base, proc, 300)
        yield base


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def cookie(n: int) -> str:
    """A per-session cookie nginx hashes on (deploy/nginx.conf): loopback clients all share one IP."""
    return f"reform_sticky=bench{n}"


async def one_session(base: str, pages: list[str], runs: int, errors: list[str]) -> dict[str, list[float]]:
    """Each page `runs` times in one session, after one untimed warm-up run each."""
    times: dict[str, list[float]] = {p: [] for p in pages}
    async with Session(base, cookie(0)) as s:
        for page in pages:
            errors.extend(f"{page}: {e}" for e in (await s.run(page)).errors)
        for _ in range(runs):
            for page in pages:
                run = await s.run(page)
                times[page].append(run.seconds)
                errors.extend(f"{page}: {e}" for e in run.errors)
    return times


async def crowd(base: str, pages: list[str], sessions: int, rounds: int, errors: list[str]):
    """`sessions` websocket sessions at once, each running every page `rounds` times; (pages/s, times)."""
    times: list[float] = []

    async def user(n: int) -> None:
        async with Session(base, cookie(n)) as s:
            order = pages[n % len(pages):] + pages[:n % len(pages)]
            for _ in range(rounds):
                for page in order:
                    run = await s.run(page, timeout=600)
                    times.append(run.seconds)
                    errors.extend(f"{page}: {e}" for e in run.errors)

    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(user(n) for n in range(sessions))), 1800)
    return len(times) / (time.perf_counter() - start), times


def browser_times(base: str, pages: list[str], runs: int) -> dict[str, list[float]]:
    """Each page in Chromium, one at a time: from navigation until the script has finished (the app's
    data-test-script-state) and every chart is drawn."""
    from playwright.sync_api import sync_playwright
    times: dict[str, list[float]] = {p: [] for p in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for i in range(runs + 1):
            for path in pages:
                start = time.perf_counter()
                page.goto(base + path, timeout=300_000)
                page.wait_for_function(  # the script ran to its end (not only started drawing) and charts are drawn
                    """() => {
                         const app = document.querySelector("[data-testid='stApp']");
                         const skeleton = document.querySelector("[data-testid='stAppSkeleton']");
                         const charts = [...document.querySelectorAll("[data-testid='stVegaLiteChart']")];
                         const drawn = charts.every(c => c.querySelector("canvas, svg"));
                         return app && app.getAttribute("data-test-script-state") === "notRunning"
                                && document.querySelector("[data-testid='stMainBlockContainer'] "
                                                          + "[data-testid='stElementContainer']")
                                && !skeleton && drawn; }""", polling=50, timeout=300_000)
                if i:  # the first pass warms the server's caches and the browser's
                    times[path].append(time.perf_counter() - start)
        browser.close()
    return times


def report(prefix: str, times: dict[str, list[float]], floor: dict[str, list[float]]) -> None:
    f50, f95 = statistics.median(floor["/"]), pct(floor["/"], 0.95)
    print(f"{prefix}floor_median: {f50 * 1000:.0f} ms\n{prefix}floor_p95: {f95 * 1000:.0f} ms")
    for page, samples in times.items():
        m, p = statistics.median(samples), pct(samples, 0.95)
        print(f"{prefix}page {page} median: {m * 1000:.0f} ms\n{prefix}page {page} p95: {p * 1000:.0f} ms\n"
              f"{prefix}page {page} median_ratio: {m / f50:.1f} x\n{prefix}page {page} p95_ratio: {p / f95:.1f} x")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="case-file folder (REFORM_DATA_DIR; default data/regions)")
    ap.add_argument("--runs", type=int, default=20, help="timed runs of each page in one session")
    ap.add_argument("--sessions", type=int, default=25)
    ap.add_argument("--rounds", type=int, default=2, help="passes over the pages by each concurrent session")
    ap.add_argument("--replicas", type=int, default=0, help="N app processes behind nginx (deploy/start.sh)")
    ap.add_argument("--browser", action="store_true", help="time pages in Chromium too")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers it started on a plain kill too
    env = {"REFORM_DATA_DIR": str(args.data.resolve())} if args.data else {}
    timed = page_list(args.data or ROOT / "data" / "regions")
    errors: list[str] = []
    print(f"load_average_1min: {os.getloadavg()[0]:.2f} load")
    start = time.perf_counter()  # as a deployment does (deploy/start.sh, the Dockerfile): no visitor waits for it
    subprocess.run([sys.executable, "-c", "from lib import db; db.open_store().close()"], cwd=ROOT,
                   env={**os.environ, **env}, check=True)
    print(f"database_build: {time.perf_counter() - start:.1f} s")
    with ExitStack() as stack:
        if args.replicas:
            app = stack.enter_context(behind_nginx(args.replicas, env))
        else:
            start = time.perf_counter()
            app = stack.enter_context(streamlit(ROOT / "app.py", env))
            print(f"server_start: {time.perf_counter() - start:.1f} s")
        floor = stack.enter_context(streamlit(ROOT / "bench" / "floor_app.py"))
        start = time.perf_counter()
        asyncio.run(one_session(app, ["/"], 0, errors))
        print(f"first_page: {time.perf_counter() - start:.2f} s")
        times = asyncio.run(one_session(app, timed, args.runs, errors))
        ftimes = asyncio.run(one_session(floor, FLOOR, args.runs, errors))
        report("", times, ftimes)
        if (peak := peak_memory_mb(app)) is not None:
            print(f"server_peak_memory_pages: {peak:.0f} MB")
        for name, base, pages in (("app", app, timed), ("floor", floor, FLOOR * len(timed))):
            rate, samples = asyncio.run(crowd(base, pages, args.sessions, args.rounds, errors))
            print(f"{name}_concurrent_pages_per_s: {rate:.2f} pages/s\n"
                  f"{name}_concurrent_p50: {statistics.median(samples):.2f} s\n"
                  f"{name}_concurrent_p95: {pct(samples, 0.95):.2f} s")
            if name == "app":
                app_rate = rate
        print(f"concurrent_ratio: {app_rate / rate:.2f} x")
        if (peak := peak_memory_mb(app)) is not None:
            print(f"server_peak_memory: {peak:.0f} MB")
        if args.browser:
            report("browser ", browser_times(app, timed, 3), browser_times(floor, FLOOR, 3))
    print(f"errors: {len(errors)} count")
    for e in errors[:20]:
        print("  " + e, file=sys.stderr)
    print(f"load_average_1min_end: {os.getloadavg()[0]:.2f} load")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
