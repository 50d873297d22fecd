"""Router and frame: language switch, navigation, and the data-load warning on every page.

`streamlit run app.py` finds the st.App below and serves it: the pages plus the read-only API of lib/api.py.
The server imports this file as a module to get that App, then runs it as the page script (__main__) per session.
"""
import streamlit as st

from lib import api, i18n, ui

PAGES = [  # (script, url path, locale key of the title, icon)
    ("views/overview.py", "", "nav.overview", ":material/dashboard:"),
    ("views/region.py", "region", "nav.region", ":material/location_city:"),
    ("views/compare.py", "compare", "nav.compare", ":material/compare_arrows:"),
    ("views/peers.py", "peers", "peers.nav", ":material/diversity_3:"),
    ("views/assess.py", "assess", "assess.nav", ":material/checklist:"),
    ("views/stages.py", "stages", "nav.stages", ":material/filter_alt:"),
    ("views/factors.py", "factors", "nav.factors", ":material/star:"),
    ("views/search.py", "search", "nav.search", ":material/search:"),
    ("views/sources.py", "sources", "nav.sources", ":material/menu_book:"),
    ("views/sql.py", "sql", "nav.sql", ":material/terminal:"),
    ("views/glossary.py", "glossary", "nav.glossary", ":material/dictionary:"),
]


def run_pages() -> None:
    st.set_page_config(page_title="Benchmark Reformasi Pelayanan Publik", page_icon="🏛️", layout="wide")
    lang = ui.lang()
    pages = [st.Page(script, title=i18n.t(lang, key), url_path=path or None, icon=icon, default=not path)
             for script, path, key, icon in PAGES]
    nav = st.navigation(pages)
    with st.sidebar:
        choice = st.segmented_control(i18n.t(lang, "common.language"), options=list(i18n.LANGS),
                                      format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
                                      default=lang, key="lang_switch")
        if choice and choice != lang:
            st.query_params["lang"] = choice
            st.rerun()
        st.caption(i18n.t(lang, "common.tagline"))
    ui.load_warning()
    nav.run()


if __name__ == "__main__":  # a session's page run
    run_pages()
else:  # imported by the ASGI server started by `streamlit run app.py`
    app = st.App("app.py", routes=api.routes())
