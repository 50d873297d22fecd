"""The one database handle per data version, shared by every session (Streamlit importer).

A changed case file gives a new inputs hash, hence a rebuild on the next rerun. If the
change breaks a file that loaded before (a file saved mid-edit), the last good store keeps
serving and `held_back()` lists the new problems for a warning. A region whose file was deleted
since the last load is listed by `removed()`. A store whose file vanished is reopened (rebuilt).
"""
from __future__ import annotations

import importlib
import threading

import streamlit as st

from lib import db, paths
from lib.issues import Issue

_lock = threading.Lock()
_last_good: dict[str, tuple[db.Store, list[Issue]]] = {}  # folder -> (store, problems held back)
_removed: dict[str, list[str]] = {}  # folder -> names of regions gone since the previous data version


@st.cache_resource(show_spinner=False, max_entries=4)
def _store_for(folder: str, key: str) -> db.Store:
    return db.open_store(paths.Path(folder))


def store() -> db.Store:
    """The store for the current data folder (see the module docstring for broken edits)."""
    folder = str(paths.regions_dir())
    with st.spinner("Memuat data… / Loading data…"):
        key = db.inputs_hash(paths.Path(folder))
        current = _store_for(folder, key)
        if not current.path.exists():  # deleted under us: the console and the download need the file
            _store_for.clear()
            current = _store_for(folder, key)
    with _lock:
        previous = _last_good.get(folder)
        if previous and not previous[0].path.exists():
            previous = None
        if previous and previous[0] is not current:
            before = {i.file for i in previous[0].issues()}
            newly_broken = [i for i in current.issues() if i.file not in before]
            if newly_broken:
                _last_good[folder] = (previous[0], newly_broken)
                return previous[0]
            now = _regions(current)
            _removed[folder] = sorted(name for rid, name in _regions(previous[0]).items() if rid not in now)
        _last_good[folder] = (current, [])
        return current


def _regions(store: db.Store) -> dict:
    return dict(store.rows("SELECT region_id, name FROM regions"))


def removed() -> list[str]:
    """Names of regions whose case file disappeared since the previous data version was loaded."""
    with _lock:
        return list(_removed.get(str(paths.regions_dir()), []))


def held_back() -> list[Issue]:
    """Problems of files broken since the data now served was loaded (empty when serving the latest)."""
    with _lock:
        return list(_last_good.get(str(paths.regions_dir()), (None, []))[1])


@st.cache_data(max_entries=512, show_spinner=False)
def chart_spec(builder: str, args: tuple, title: str | None, subtitle: tuple[str, ...] | None,
               fit: str | None) -> dict | None:
    """The Vega-Lite spec of lib.charts' `builder(*args)` with the project theme, built and validated once per distinct input
    and shared by every session: building an Altair chart and checking it against the Vega-Lite schema cost most
    of a page's server time when it ran on every rerun. The key is the builder's code and its arguments' contents
    (frames included), so a changed case file or language is a new key. Each caller gets its own copy (pickled),
    so no session can change what another is served. None when the builder has nothing to draw."""
    import altair as alt

    from lib import charts
    chart = getattr(charts, builder)(*args)
    if chart is None:
        return None
    themed = charts.theme(chart, title, list(subtitle) if subtitle is not None else None)
    if fit:
        themed = themed.properties(autosize=alt.AutoSizeParams(type=fit, contains="padding"))
    return themed.to_dict()


@st.cache_resource(max_entries=256, show_spinner=False)
def _comparison(path: str, lang: str, chosen: tuple[str, ...], names: tuple[tuple[str, str], ...], _store):
    from lib import comparison
    return comparison.build(_store, lang, list(chosen), dict(names))


def comparison(store: db.Store, lang: str, chosen: list[str], names: dict[str, str]):
    """The compare page's data-only parts (lib/comparison.py), once per database file, language and regions
    chosen, for every session (shared, not copied: a Comparison is frozen and its frames are never mutated)."""
    return _comparison(str(store.path), lang, tuple(chosen), tuple(sorted(names.items())), store)


@st.cache_resource(show_spinner=False, max_entries=64)
def _profile(path: str, lang: str, region_id: str, _store):
    from lib import glossary, profile
    return profile.build(_store, lang, region_id, glossary.load())


def profile(store: db.Store, lang: str, region_id: str):
    """The region page's content (lib/profile.py), once per database file, language and region for every session.
    Shared, not copied: a Profile is frozen and nothing draws into its frames."""
    return _profile(str(store.path), lang, region_id, store)


@st.cache_resource(show_spinner=False, max_entries=64)
def _practices(path: str, lang: str, key: str, _flt, _store):
    from lib import queries
    return queries.practices(_store, lang, _flt, texts=False)


def practice_list(store: db.Store, lang: str, flt):
    """The stage explorer's rows for a filter (queries.practices without texts), once per database file, language
    and filter for every session: at 514 regions the unfiltered list is 15,420 rows. Shared, so never mutated
    (pages derive new frames from it)."""
    return _practices(str(store.path), lang, repr(flt), flt, store)


@st.cache_resource(show_spinner=False, max_entries=256)
def _shared(module: str, name: str, path: str, args: tuple, _store):
    return getattr(importlib.import_module(module), name)(_store, *args)


def shared(function, store: db.Store, *args):
    """`function(store, *args)`, a pure lib function of the data, once per database file and (hashable) arguments
    for every session. The result is shared, not copied: callers derive new frames and never mutate it."""
    return _shared(function.__module__, function.__name__, str(store.path), args, store)
