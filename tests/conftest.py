"""Shared fixtures: a small hand-made data folder and an isolated cache per test session."""
from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ROOT / "data" / "regions"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    os.environ["REFORM_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    from lib import paths
    paths.CACHE_DIR = Path(os.environ["REFORM_CACHE_DIR"])


def _text(s: str) -> dict:
    return {"id": s, "en": s + " (en)"}


MINIMAL = {
    "id": "alpha",
    "name": "Kota Alpha",
    "type": "kota",
    "province": "Lampung",
    "location": {"lat": -5.1, "lon": 105.3, "sources": [{"ref": "S1"}]},
    "summary": _text("Ringkasan Alpha"),
    "sources": [
        {"id": "S1", "title": "Berita satu", "kind": "news", "publisher": "Koran", "year": 2011,
         "url": "https://example.org/1"},
        {"id": "S2", "title": "Abstrak", "kind": "seed", "seed_file": "000_d9da3f8cb0253167.txt"},
    ],
    "practices": [
        {"id": "alpha-one-stop", "stage": "II", "themes": ["one_stop", "licensing"], "factors": ["a", "d"],
         "year_start": 2003, "title": _text("Kantor pelayanan terpadu"), "summary": _text("Izin satu pintu"),
         "status": {"code": "running", "year": 2024, "sources": [{"ref": "S1", "at": "para 2"}]},
         "sources": [{"ref": "S1", "at": "para 1"}]},
        {"id": "alpha-lpse", "stage": "IV", "themes": ["e_procurement"],
         "title": _text("Pengadaan elektronik"), "summary": _text("LPSE"),
         "status": {"code": "unknown"}, "sources": [{"ref": "S2"}]},
    ],
    "stages": {
        "I": {"documented": True, "maturity": 2, "rationale": _text("Ada pemicu"), "sources": [{"ref": "S1"}]},
        "II": {"documented": True, "maturity": 3, "rationale": _text("Perda"), "sources": [{"ref": "S1"}]},
        "III": {"documented": False, "rationale": _text("Tidak ditemukan")},
        "IV": {"documented": True, "maturity": 1, "rationale": _text("LPSE"), "sources": [{"ref": "S2"}]},
        "V": {"documented": False, "rationale": _text("Tidak ditemukan")},
    },
    "factors": {
        "a": {"evidenced": True, "text": _text("Inovasi"), "sources": [{"ref": "S1"}]},
        "b": {"evidenced": False, "text": _text("Tidak ada bukti")},
        "c": {"evidenced": False, "text": _text("Tidak ada bukti")},
        "d": {"evidenced": True, "text": _text("Tegas"), "sources": [{"ref": "S2", "at": "bab V"}]},
        "e": {"evidenced": False, "text": _text("Tidak ada bukti")},
    },
    "obstacles": [{"id": "alpha-ob-calo", "text": _text("Calo"), "sources": [{"ref": "S2"}]}],
    "outcomes": [
        {"id": "alpha-o-kpk-2011", "indicator": "kpk_integrity", "label": _text("Skor integritas"), "value": 3.15,
         "year": 2011, "rank": 60, "rank_of": 60, "sources": [{"ref": "S1"}]},
        {"id": "alpha-o-time", "indicator": "licence_days", "practice": "alpha-one-stop",
         "label": _text("Waktu izin"), "value": 5, "unit": "days", "year": 2006, "sources": [{"ref": "S1"}]},
    ],
    "events": [{"id": "alpha-e-2011", "date": "2011-11", "kind": "trigger", "text": _text("Survei KPK"),
                "sources": [{"ref": "S1"}]}],
    "gaps": [{"stage": "II", "text": _text("Nomor Perwal tidak ditemukan")}],
}


@pytest.fixture(scope="session")
def real_store():
    """The repository's own case files (data/regions) as a Store, shared by the tests that only read them."""
    from lib import db
    store = db.open_store(REGIONS)
    yield store
    store.close()


@pytest.fixture(scope="session")
def real_peers(real_store) -> dict:
    """The peer-learning data of the repository's case files, per language."""
    from lib import peers
    return {lang: peers.load(real_store, lang) for lang in ("id", "en")}


def data_snapshot() -> dict:
    """Every file under data/ with its size and modification time (to show that a test wrote nothing there)."""
    from lib import paths
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in paths.DATA.rglob("*")}


def region(region_id: str = "alpha", **changes) -> dict:
    """A valid case file as a dict, renamed to region_id (ids follow), with top-level changes applied."""
    data = copy.deepcopy(MINIMAL)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).replace("alpha", region_id)
    data = yaml.safe_load(text)
    data.update(changes)
    return data


def write(folder: Path, name: str, data: dict | str) -> Path:
    """Write a case file (a dict is dumped as YAML, a string written as is)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(data if isinstance(data, str) else
                    yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def two_regions(tmp_path) -> Path:
    folder = tmp_path / "regions"
    write(folder, "alpha", region("alpha"))
    write(folder, "beta", region("beta", type="kabupaten", province="Jawa Tengah"))
    return folder


@pytest.fixture
def yaml_seen(monkeypatch) -> dict[str, list[str]]:
    """The texts the strict YAML loader composed into a node tree ("composed") and built into Python objects
    ("built"), so a test shows that a hostile file was refused before that work, not how long the refusal took."""
    from lib import yamlio
    seen: dict[str, list[str]] = {"composed": [], "built": []}

    class Watched(yamlio.StrictLoader):
        def __init__(self, stream):
            super().__init__(stream)
            self.text = stream

        def get_single_node(self):
            seen["composed"].append(self.text)
            return super().get_single_node()

        def construct_document(self, node):
            seen["built"].append(self.text)
            return super().construct_document(node)

    monkeypatch.setattr(yamlio, "StrictLoader", Watched)
    return seen


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m lib ...` in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture(scope="session")
def server():
    """A real `streamlit run` server on the repository's data (browser tests)."""
    from .harness import streamlit_server
    with streamlit_server() as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped without it unless CI is set."""
    from .harness import CHROMIUM, CHROMIUM_ARGS, needs
    needs(CHROMIUM, "apt-get install chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
    pg = context.new_page()
    yield pg
    context.close()
