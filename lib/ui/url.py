"""The reading language and the URL as the state of every view: read it, write it, keep widgets in step."""
from __future__ import annotations

import threading

import streamlit as st

from lib import i18n, mdtext, state

_this_run = threading.local()  # a session's script runs on a thread of its own: the language it settled on


def new_run() -> None:
    """Forget the language settled in the previous run (app.py calls this first: the URL may have changed)."""
    _this_run.lang = None


def lang() -> str:
    """The reading language: ?lang= if valid, else this session's last choice, else Indonesian.

    The choice is kept in the session and written back into the URL, so that moving to another page
    (which starts with a fresh URL) keeps the language and the URL stays shareable. It is settled once a run:
    every t() asks for it, and reading the URL and the session each time was a tenth of a page's server time.
    A fragment's rerun keeps its full run's language (switching language is a full run).
    """
    value = getattr(_this_run, "lang", None)
    if value:
        return value
    value = st.query_params.get("lang")
    if value in i18n.LANGS:
        st.session_state["lang"] = value
    else:
        value = st.session_state.get("lang", i18n.DEFAULT)
        if value != i18n.DEFAULT:
            st.query_params["lang"] = value
    _this_run.lang = value
    return value


def t(key: str, **values) -> str:
    return i18n.t(lang(), key, **values)


def params() -> dict[str, list[str]]:
    """All query parameters as key -> list of values."""
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def page_url(page: str, **values) -> str:
    """A link to another page with its URL state (lists become repeated keys), in the reader's language."""
    return state.page_url(lang(), page, **values)


def set_params(**values) -> None:
    """Write the view's state into the URL (None or empty removes a key); keeps lang."""
    for key, value in values.items():
        if value in (None, "", []):
            if key in st.query_params:
                del st.query_params[key]
        elif isinstance(value, (list, tuple)):
            st.query_params[key] = [str(v) for v in value]
        else:
            st.query_params[key] = str(value)


def _mark(value) -> tuple:
    return (tuple(value) if isinstance(value, list) else value, lang())


def bind(key: str, url_value) -> None:
    """Let the URL, not the widget's memory, be the state of widget `key` (call before drawing it, with no
    default of its own). The widget starts from the URL value, and starts again from it whenever the URL or the
    language changed since this session last wrote them: a shared link, Back or Forward, or the language switch,
    which relabels the options (Streamlit would otherwise keep the old labels and lose the codes)."""
    if key not in st.session_state or st.session_state.get(f"_url.{key}") != _mark(url_value):
        st.session_state[key] = list(url_value) if isinstance(url_value, (list, tuple)) else url_value
        keep(key, url_value)


def keep(key: str, value) -> None:
    """Record what widget `key` wrote into the URL, so that the next rerun knows the URL was not changed elsewhere."""
    st.session_state[f"_url.{key}"] = _mark(value)


def synced(widget, key: str, url_value, *args, **kwargs):
    """Draw a widget whose state is the URL's (`bind` before it, `keep` after it) and return what it holds now.
    `widget` is a Streamlit widget function (st.selectbox, a column's multiselect, ...), called with key=key."""
    bind(key, url_value)
    value = widget(*args, key=key, **kwargs)
    keep(key, value)
    return value


def refused(parsed: state.Parsed) -> None:
    """A friendly note for URL values that were not understood."""
    if parsed.unknown:
        st.info(t("common.unknown_params", values=", ".join(mdtext.escape(v) for v in parsed.unknown)))
