"""Router and frame: menu, language switch and the data-load warning on every page, and the read-only API.

`streamlit run app.py` finds the st.App below and serves it: the pages plus the API of lib/api.py. The server
imports this file as a module to get that App, then runs it as the page script (__main__) once per session.
"""
import streamlit as st

from lib import api, i18n, paths, ui

PAGES = [  # (script, url path, locale key of the title, icon)
    ("views/overview.py", "", "nav.overview", ":material/dashboard:"),
    ("views/region.py", "region", "nav.region", ":material/location_city:"),
    ("views/compare.py", "compare", "nav.compare", ":material/compare_arrows:"),
    ("views/peers.py", "peers", "peers.nav", ":material/diversity_3:"),
    ("views/assess.py", "assess", "assess.nav", ":material/checklist:"),
    ("views/stages.py", "stages", "nav.stages", ":material/filter_alt:"),
    ("views/themes.py", "themes", "nav.themes", ":material/category:"),
    ("views/factors.py", "factors", "nav.factors", ":material/star:"),
    ("views/search.py", "search", "nav.search", ":material/search:"),
    ("views/sources.py", "sources", "nav.sources", ":material/menu_book:"),
    ("views/sql.py", "sql", "nav.sql", ":material/terminal:"),
    ("views/glossary.py", "glossary", "nav.glossary", ":material/dictionary:"),
    ("views/practice.py", "practice", "nav.practice", ":material/description:"),
    ("views/report.py", "report", "opendata.report_title", ":material/flag:"),
]


def run_pages() -> None:
    """One session's run: the frame, then the chosen page."""
    st.set_page_config(page_title="Benchmark Reformasi Pelayanan Publik", page_icon="🏛️", layout="wide")
    st.html(paths.APP_CSS)  # style rules only (see the file); Streamlit puts a style-only body in the page's head
    ui.new_run()
    lang = ui.lang()
    pages = [st.Page(script, title=i18n.t(lang, key), url_path=path or None, icon=icon, default=not path)
             for script, path, key, icon in PAGES]
    menu = [page for page in pages if page.url_path not in ("practice", "report")]  # these open from links
    # the menu is drawn below: Streamlit's own hides behind an unlabelled "»" on a phone and stays open over the page
    nav = st.navigation(pages, position="hidden")
    with st.container(horizontal=True, vertical_alignment="center", key="topbar"):
        with st.container(horizontal=True, gap=None, key="nav_wide", width="stretch"):  # wide screens: every page
            for page in menu:
                st.page_link(page)
        with st.container(key="nav_narrow", width="content"):  # narrow screens: a labelled menu, closed after a tap
            if st.session_state.get("_nav_page") != nav.url_path:  # a page was chosen: the menu closes
                st.session_state["_nav_page"] = nav.url_path
                st.session_state["nav_menu"] = False
            with st.popover(i18n.t(lang, "common.menu"), icon=":material/menu:", key="nav_menu", on_change="rerun"):
                for page in menu:
                    st.page_link(page)
                st.caption(i18n.t(lang, "common.tagline"))
        choice = st.segmented_control(i18n.t(lang, "common.language"), options=list(i18n.LANGS),
                                      format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
                                      default=lang, key="lang_switch", label_visibility="collapsed", width="content")
    if choice and choice != lang:
        st.query_params["lang"] = choice
        st.rerun()
    ui.load_warning()
    nav.run()


if __name__ == "__main__":  # a session's page run
    run_pages()
else:  # imported by the ASGI server that `streamlit run app.py` starts
    import gc
    # The shared caches hold hundreds of thousands of long-lived objects at 514 regions; with Python's default
    # thresholds the cyclic collector walked them again and again, a 150 ms pause in one page run of ten
    # (bench/serve.py: the overview's p95 2.5x its median). Collect young objects less often; memory is unchanged.
    gc.set_threshold(50_000, 20, 20)
    app = st.App("app.py", routes=api.routes())
