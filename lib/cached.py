"""The one database handle per process, shared by every session (Streamlit importer)."""
from __future__ import annotations

import streamlit as st

from lib import db, paths


@st.cache_resource(show_spinner=False)
def _store_for(folder: str, key: str) -> db.Store:
    return db.open_store(paths.Path(folder))


def store() -> db.Store:
    """The store for the current data folder; a changed case file gives a new key, hence a rebuild."""
    folder = paths.regions_dir()
    return _store_for(str(folder), db.inputs_hash(folder))
