"""Practice cards, the region picker and the visit cards: the pieces the region, peers and search pages share."""
from __future__ import annotations

import streamlit as st

from lib import cached, mdtext
from lib.ui.text import known
from lib.ui.url import lang, page_url, synced, t


def practice_card(store, practice, expanded: bool = False) -> None:
    """One practice with stage, year, status, themes, factors and its citations (status sources too): an expander
    holding one Markdown block, built once per practice, language and data version for every session (a page
    lists dozens of cards; drawn element by element they were most of the region and search pages' time)."""
    year = str(int(practice.year_start)) if known(practice.year_start) else t("practice.year_unknown")
    with st.expander(f"{practice.stage_code} · {year} · {mdtext.escape(practice.title)}", expanded=expanded):
        st.markdown(cached.card_body(store, lang(), practice))


def region_picker(ids: list[str], names: dict, chosen: str | None, *, key: str, label: str,
                  placeholder: str) -> str | None:
    """The region select box of the region and peers pages: two fifths of the width, in step with the URL's
    region (`chosen`); returns the region picked, or None."""
    pick_col, _ = st.columns([2, 3])
    with pick_col:
        return synced(st.selectbox, key, chosen, label, ids, format_func=lambda rid: names.get(rid, rid),
                      placeholder=placeholder)


def visit_cards(visits, *, scores: bool) -> None:
    """The peers worth visiting, side by side (peers page and self-assessment): the reason, a link to the
    profile, the sources. With `scores` (the peers page) the name is a heading and the card says its score."""
    if not visits:
        st.info(t("peers.no_visits"))
        return
    for n, (col, visit) in enumerate(zip(st.columns(len(visits)), visits), 1):
        with col, st.container(border=True):
            if scores:
                st.subheader(f"{n}. {mdtext.escape(visit.name)}")
            else:
                st.markdown(f"**{n}. {mdtext.escape(visit.name)}**")
            st.markdown(mdtext.escape(visit.reason))
            if scores:
                st.caption(t("peers.visit_score_first" if n == 1 else "peers.visit_score",
                             score=f"{visit.relevance.total:.0f}", fills=len(visit.fills), new=len(visit.new)))
            st.markdown(f"[{t('peers.profile_link', name=mdtext.escape(visit.name))}]"
                        f"({page_url('region', region=visit.region_id)})")
            with st.expander(t("peers.visit_sources", n=visit.citations["source_id"].nunique())):
                st.markdown(visit.sources_md)
