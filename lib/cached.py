"""What is computed once and shared by every session (Streamlit importer): the database handle per data
version, and everything derived from the read-only data that pages ask for again and again (chart specs, page
contents, query results, practice cards, the peer analysis, the glossary). Keys are the database file (one per
data version), the language and the page's parsed parameters; a page rerun fetches, it does not recompute.

A changed case file gives a new inputs hash, hence a rebuild on the next rerun. If the
change breaks a file that loaded before (a file saved mid-edit), the last good store keeps
serving and `held_back()` lists the new problems for a warning. A region whose file was deleted
since the last load is listed by `removed()`. A store whose file vanished is reopened (rebuilt).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib
import json
import pickle
import threading

import pandas as pd
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


def _spec(builder: str, args: tuple, title: str | None, subtitle: tuple[str, ...] | None, fit: str | None) -> dict | None:
    import altair as alt

    from lib import charts
    chart = getattr(charts, builder)(*args)
    if chart is None:
        return None
    themed = charts.theme(chart, title, list(subtitle) if subtitle is not None else None)
    if fit:
        themed = themed.properties(autosize=alt.AutoSizeParams(type=fit, contains="padding"))
    return themed.to_dict()


def _frame_digest(frame) -> bytes:
    """A frame's cache key from its columns' values: Streamlit's own frame hash fails on list columns (themes,
    factors), falls back to pickling with a logged warning, and cost 5-9 ms a chart on every rerun; this costs
    under 1 ms. Column by column, not the frame's pickle: that also holds pandas' internal block layout, which
    changed between a page's first and second run and built each chart twice."""
    parts = (list(frame.columns), [str(t) for t in frame.dtypes], list(frame.index),
             [frame[c].to_numpy() for c in frame.columns])
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=20).digest()


CHART_KEYS = {pd.DataFrame: _frame_digest}


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs=CHART_KEYS)
def chart_spec(builder: str, args: tuple, title: str | None, subtitle: tuple[str, ...] | None,
               fit: str | None) -> dict | None:
    """The Vega-Lite spec of lib.charts' `builder(*args)` with the project theme, built and validated once per distinct input
    and shared by every session: building an Altair chart and checking it against the Vega-Lite schema cost most
    of a page's server time when it ran on every rerun. The key is the builder's code and its arguments' contents
    (frames included), so a changed case file or language is a new key. Each caller gets its own copy (pickled),
    so no session can change what another is served. None when the builder has nothing to draw."""
    return _spec(builder, args, title, subtitle, fit)


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs=CHART_KEYS)
def screen_spec(builder: str, args: tuple, title: str | None, subtitle: tuple[str, ...] | None,
                fit: str | None) -> dict | None:
    """chart_spec as st.vega_lite_chart sends it: each table of rows already in Arrow, the form Streamlit would
    convert it to on every rerun (a tenth of the compare page's server time). Exports use chart_spec (plain JSON)."""
    from streamlit import dataframe_util

    spec = _spec(builder, args, title, subtitle, fit)
    for name, rows in (spec or {}).get("datasets", {}).items():
        if isinstance(rows, list) and all(isinstance(r, dict) and r.get("type") != "Feature" for r in rows):
            spec["datasets"][name] = dataframe_util.convert_anything_to_arrow_bytes(rows)
    return spec


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
def _theme_page(path: str, lang: str, theme: str, _store):
    from lib import glossary, theme_page
    return theme_page.build(_store, lang, theme, glossary.load())


def theme_page(store: db.Store, lang: str, theme: str):
    """The theme page's content (lib/theme_page.py), once per database file, language and theme for every session.
    Shared, not copied: a ThemePage is frozen and pages derive new frames from it."""
    return _theme_page(str(store.path), lang, theme, store)


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


@st.cache_resource(show_spinner=False, max_entries=1)
def _package_zip(_store, path: str) -> bytes:
    from lib import package
    return package.zip_bytes(_store)


def package_zip(store) -> bytes:
    """The data package as a zip, built once per database file (= data version), on the first download."""
    return _package_zip(store, str(store.path))


@st.cache_data(show_spinner=False, max_entries=32)
def upload_check(raw: bytes, name: str, folder: str, data_version: str) -> tuple[list, list]:
    """An uploaded draft's problems and TODO lines (ids checked against `folder`), checked once per content and
    data version: a rerun does not check again. The check runs in a worker process (lib/uploadcheck.py), so that
    other sessions' pages do not wait on it."""
    from lib import uploadcheck
    return uploadcheck.check(raw, name, folder)


@st.cache_resource(show_spinner=False)
def glossary_entries() -> list:
    """The glossary, read and validated once per process."""
    from lib import glossary
    return glossary.load()


@st.cache_resource(show_spinner=False)
def glossary_categories() -> list:
    """The glossary's categories, read and validated once per process (reading them on every rerun was a large
    part of the glossary page's time: docs/performance.md)."""
    from lib import glossary
    return glossary.categories()


@st.cache_resource(show_spinner=False, max_entries=8)
def _peer_data(_store, path: str, lang_code: str):
    from lib import peers
    return peers.load(_store, lang_code)


def peer_data(store, lang_code: str):
    """The peer analysis' inputs, read once per database file and language (the peers and self-assessment pages;
    at hundreds of regions reading them on every rerun is slow: docs/performance.md)."""
    return _peer_data(store, str(store.path), lang_code)


@st.cache_resource(show_spinner=False, max_entries=8)
def _questionnaire(_store, path: str, lang_code: str):
    from lib import assess
    return assess.questionnaire(peer_data(_store, lang_code), lang_code)


def questionnaire(store, lang_code: str):
    """The self-assessment's questions, built once per database file and language (a quarter of a second at
    514 regions, on every click of the form otherwise)."""
    return _questionnaire(store, str(store.path), lang_code)


@st.cache_resource(show_spinner=False, max_entries=8)  # ~130,000 objects each at 514 regions
def _peer_analysis(_store, path: str, lang_code: str, region_id: str):
    from lib import peers
    return peers.analyse_region(peer_data(_store, lang_code), region_id, lang_code)


def peer_analysis(store, lang_code: str, region_id: str):
    """A region's peer analysis, once per database file, language and region: opening a stage tab or the
    show-all toggle reruns the page, and at 514 regions the analysis takes a quarter of a second."""
    return _peer_analysis(store, str(store.path), lang_code, region_id)


@st.cache_resource(show_spinner=False, max_entries=16)
def _assessment(_store, path: str, lang_code: str, key: str, today: str, _answers):
    from lib import assess
    return assess.assess(peer_data(_store, lang_code), _answers, lang_code, dt.date.fromisoformat(today))


def assessment(store, lang_code: str, answers):
    """A self-assessment's result, once per database file, language, day and set of answers: the page reruns on
    every click that changes no answer (the more-practices toggle, the downloads), and at hundreds of regions the
    blank form's analysis, with every peer practice a candidate, is slow (docs/performance.md)."""
    key = json.dumps(dataclasses.asdict(answers), sort_keys=True, default=sorted)
    return _assessment(store, str(store.path), lang_code, key, dt.date.today().isoformat(), answers)


@st.cache_resource(show_spinner=False, max_entries=8)
def _citations_of(_store, path: str, subject_type: str):
    """All citations of one subject type, grouped by subject (queries.Grouped), read once per database file.

    Pages list dozens of practice cards; fetching each card's citations with its own query cost a
    query per card. `path` is the cache key (the store itself is not hashed).
    """
    from lib import queries
    ids = [r[0] for r in _store.rows("SELECT DISTINCT subject_id FROM citations WHERE subject_type = ?",
                                     [subject_type])]
    return queries.Grouped(queries.citations(_store, subject_type, ids), "subject_id")


@st.cache_resource(show_spinner=False, max_entries=50_000)  # a string of ~2 kB each
def _card_body(path: str, lang: str, practice_id: str, _store, _practice) -> str:
    from lib import cards
    return cards.body(_store, lang, _practice, glossary_entries(),
                      _citations_of(_store, path, "practice").get(practice_id),
                      _citations_of(_store, path, "status").get(practice_id))


def card_body(store: db.Store, lang: str, practice) -> str:
    """A practice card's Markdown (lib/cards.py), once per database file, language and practice for every session:
    those three determine the row's content, so the row itself is not part of the key."""
    return _card_body(str(store.path), lang, practice.practice_id, store, practice)

