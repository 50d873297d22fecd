"""Test harness for pages: AppTest runs and a real `streamlit run` server driven by Chromium."""
from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.serve import streamlit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


_components = None  # Streamlit's registry of installed components, shared by every AppTest (see _run)


def app_page(page: str | None = None, /, timeout: float = 60, **params) -> AppTest:
    """Run app.py on a page (e.g. "region") with query parameters; lists become repeated keys (as in `url`)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value if isinstance(value, list) else str(value)
    if page:
        at.switch_page(f"views/{page}.py")
    _run(at)
    return at


def _run(at: AppTest) -> None:
    """The first run of an AppTest, and the one place the harness touches AppTest's private state.

    Each new AppTest scans every installed package for Streamlit components, which a server does once at start. AppTest has no public way to hand that registry on, so the first run's registry
    (`_bidi_component_manager`, None until a run fills it) is set on the later ones and a run costs what its
    page costs. Should Streamlit rename the attribute, every run scans again: slower, never wrong.
    """
    global _components
    if _components is not None:
        at._bidi_component_manager = _components
    at.run()
    if _components is None:
        _components = getattr(at, "_bidi_component_manager", None)


def url_values(at: AppTest, key: str) -> list[str]:
    """A query parameter of an AppTest run as a list (AppTest gives a single value back as a plain string)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def url(page: str | None = None, /, **params) -> str:
    """The path of a page with query parameters for a browser or a websocket client: `url("compare",
    region=["a", "b"], lang="en")` is "/compare?region=a&region=b&lang=en" (lists become repeated keys)."""
    query = urllib.parse.urlencode(params, doseq=True)
    return f"/{page or ''}" + (f"?{query}" if query else "")


def api_links(at: AppTest) -> list[str]:
    """The API addresses a page's link buttons point to (each table links to the rows it shows)."""
    return [b.proto.url for b in at.get("link_button") if b.proto.url.startswith("/api/v1/")]


def shown_text(at: AppTest) -> str:
    """Every piece of text an AppTest run displayed (markdown, captions, titles, metrics, alerts, tables)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                 "success", "code"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.label for e in at.expander]
    parts += [tab.label for tab in at.tabs]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    for table in at.table:
        parts.append(table.value.to_string())
    return "\n".join(parts)


def needs(program: str | None, install: str) -> str:
    """A system program a test drives (Chromium, nginx): its path, else the test is skipped here and fails under
    CI, whose .ci/run installs it (`install` says how)."""
    if program and Path(program).exists():
        return program
    if os.environ.get("CI"):
        pytest.fail(f"{program or install} not found; .ci/run installs it ({install})")
    pytest.skip(f"not installed ({install})")


def streamlit_server(env: dict | None = None):
    """`streamlit run app.py` on a free loopback port (bench/serve.py's starter, so tests and the benchmark start
    the server the same way); a context manager that yields its base URL and stops it afterwards."""
    return streamlit(ROOT / "app.py", env)


def open_page(page, address: str) -> None:
    """Open an address in a Playwright page and wait until the app has finished running its script."""
    page.goto(address)
    wait_idle(page)


def download(page, button, timeout: float = 60_000) -> bytes:
    """Click a download button in a Playwright page and return the bytes of the file the browser received."""
    with page.expect_download(timeout=timeout) as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the Streamlit script has finished running (no running indicator, app rendered). The app's own
    script state comes first: before the first run starts there is no running indicator yet either, and a page
    counted then is half drawn (seen on a loaded CI machine)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function(
        """() => { const s = document.querySelector("[data-testid='stStatusWidget']");
                   return !s || !s.innerText.match(/Running|Berjalan/); }""", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_function(
        """() => !document.querySelector("[data-testid='stStatusWidget'] [data-testid='stStatusWidgetRunningIcon']")
                  && document.querySelector("[data-testid='stMainBlockContainer']")""", timeout=timeout)
