"""Test harness for pages: AppTest runs and a real `streamlit run` server driven by Chromium."""
from __future__ import annotations

import shutil
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.serve import streamlit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


_components = None  # Streamlit's registry of installed components, shared by every AppTest (see app_page)


def app_page(page: str | None = None, /, timeout: float = 60, **params) -> AppTest:
    """Run app.py on a page (e.g. "region") with query parameters; lists become repeated keys.

    Each new AppTest scans every installed package for Streamlit components (0.2 s here), which a server does
    once at start; the first run's registry is handed to the later ones, so a run times the page alone.
    """
    global _components
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if _components is not None:
        at._bidi_component_manager = _components
    for key, value in params.items():
        at.query_params[key] = value if isinstance(value, list) else str(value)
    if page:
        at.switch_page(f"views/{page}.py")
    at.run()
    if _components is None:
        _components = getattr(at, "_bidi_component_manager", None)
    return at


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


def streamlit_server(env: dict | None = None):
    """`streamlit run app.py` on a free loopback port (bench/serve.py's starter, so tests and the benchmark start
    the server the same way); a context manager that yields its base URL and stops it afterwards."""
    return streamlit(ROOT / "app.py", env)


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the Streamlit script has finished running (no running indicator, app rendered)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(
        """() => { const s = document.querySelector("[data-testid='stStatusWidget']");
                   return !s || !s.innerText.match(/Running|Berjalan/); }""", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_function(
        """() => !document.querySelector("[data-testid='stStatusWidget'] [data-testid='stStatusWidgetRunningIcon']")
                  && document.querySelector("[data-testid='stMainBlockContainer']")""", timeout=timeout)
