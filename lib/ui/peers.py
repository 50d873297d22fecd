"""The peer analysis on screen: its score table and its gaps with candidate practices (peers and self-assessment pages)."""
from __future__ import annotations

import streamlit as st

from lib import mdtext
from lib.ui.cards import practice_card
from lib.ui.tables import table
from lib.ui.url import lang, t


def peer_scores(analysis, data, name: str) -> None:
    """The peer ranking's score table with every part of every score (peers and self-assessment pages)."""
    from lib import peers
    pts = {"format": "%.1f"}
    table(peers.score_table(analysis, data).drop(columns="practice_id"), name, hide_index=True, width="stretch",
          column_config={
              "region": st.column_config.TextColumn(t("common.region")),
              "stage_code": st.column_config.TextColumn(t("common.stage")),
              "title": st.column_config.TextColumn(t("peers.c_practice"), width="medium"),
              **{k: st.column_config.NumberColumn(t(f"peers.part.{k}"), **pts) for k in peers.WEIGHTS},
              "relevance": st.column_config.NumberColumn(t("peers.group_relevance"), **pts),
              "evidence": st.column_config.NumberColumn(t("peers.group_evidence"), **pts),
              "total": st.column_config.NumberColumn(t("peers.c_total"), **pts)})


def gap_tabs(store, data, analysis, *, top: int | None, key: str, more, stage: str | None = None,
             on_stage=None) -> None:
    """A peer analysis' gaps, one tab a stage, each gap with its best `top` candidate practices as cards (None:
    all). Only the open tab is built: at 514 regions a region has ~90 gaps and ~270 cards. `stage` opens a tab;
    `on_stage(code)` hears which one the reader opens (the peers page writes it into the URL). `more(n)`: the
    caption that tells how to see the n candidates left out (it names the page's own control)."""
    from lib import schema
    lg, names = lang(), analysis.names
    codes = list(analysis.gaps)
    labels = [f"{code} · {len(analysis.gaps[code])}" for code in codes]

    def opened() -> None:
        if on_stage:
            on_stage(dict(zip(labels, codes)).get(st.session_state.get(key)))

    tabs = st.tabs(labels, default=labels[codes.index(stage)] if stage in codes else None, key=key,
                   on_change=opened)
    for tab, code in zip(tabs, codes):
        if tab.open is False:
            continue
        gaps = analysis.gaps[code]
        with tab:
            st.markdown(f"**{code} — {mdtext.escape(schema.label('stages', code, lg))}**")
            own = sorted(schema.label("themes", th, lg) for s, th in analysis.profile.covered if s == code)
            st.caption(t("peers.own_themes", themes=mdtext.escape(", ".join(own))) if own else t("peers.own_none"))
            if not gaps:
                st.info(t("peers.no_gaps"))
                continue
            for gap in gaps:
                st.markdown(f"##### {mdtext.escape(schema.label('themes', gap.theme_code, lg))}")
                st.caption(t("peers.gap_line", n=len(gap.candidates),
                             peers=", ".join(mdtext.escape(names.get(r, r)) for r in gap.peers)))
                shown = gap.candidates[:top] if top else gap.candidates
                for cand in shown:
                    row = data.practice(cand.practice_id)
                    practice_card(store, row._replace(title=t(
                        "peers.card", region=names.get(cand.region_id, cand.region_id), title=row.title,
                        score=f"{cand.total:.0f}")))
                if len(shown) < len(gap.candidates):
                    st.caption(more(len(gap.candidates) - len(shown)))
