"""Every file-system location the project uses, in one place."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCHEMA_FILE = DATA / "schema.yaml"
GUIDE_FILE = DATA / "guide.yaml"
GLOSSARY_FILE = DATA / "glossary.yaml"
BASEMAP_FILE = DATA / "basemap.geojson"  # Natural Earth 1:50m via the npm package world-atlas 2.0.2 (ISC)
LOCALES = ROOT / "locales"
APP_CSS = ROOT / "lib" / "app.css"
CACHE_DIR = Path(os.environ.get("REFORM_CACHE_DIR", ROOT / ".cache"))


def regions_dir() -> Path:
    """The case-file folder: $REFORM_DATA_DIR if set, else data/regions."""
    env = os.environ.get("REFORM_DATA_DIR")
    return Path(env) if env else DATA / "regions"
