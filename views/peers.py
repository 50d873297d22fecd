"""Peer learning: what a region's peers documented that it has not, ranked, and whom to visit.

URL: /peers?region=<id> (+ stage=<code> for the open stage tab, all=1 to list every candidate practice,
method=1 to open how the scores were computed, lang=en).
The rules are in lib/peers.py.
"""
import streamlit as st

from lib import cached, mdtext, peers, schema, state, ui

TOP = 3  # candidate practices shown per gap unless all=1
lang, store = ui.lang(), cached.store()
esc = mdtext.escape

st.title(ui.t("peers.title"))
st.caption(ui.t("peers.intro"))
choice = ui.region_choice(store)
names, stage_codes, stage_param, parsed = choice.names, schema.codes("stages"), choice.stage, choice.parsed
show_all = state.one(choice.raw.get("all"), {"1"}, parsed, "all") == "1"
show_method = state.one(choice.raw.get("method"), {"1"}, parsed, "method") == "1"
for value in parsed.take("region"):  # an unknown region has a warning of its own, not the general note
    st.warning(ui.t("peers.unknown_region", value=esc(value)))
ui.refused(parsed)

region_id = ui.region_picker(choice.ids, names, choice.region_id, key="peers_region", label=ui.t("peers.choose"),
                             placeholder=ui.t("peers.placeholder"))
ui.set_params(region=region_id, all="1" if show_all and region_id else None,
              stage=stage_param if region_id and stage_param != stage_codes[0] else None)
if not region_id:
    st.info(ui.t("peers.hint"))
    st.page_link("views/assess.py", label=ui.t("peers.to_assess"), icon=":material/checklist:")
    st.stop()

data = cached.peer_data(store, lang)
analysis = cached.peer_analysis(store, lang, region_id)
profile = analysis.profile
c1, c2, c3 = st.columns(3)
c1.metric(ui.t("peers.m_gaps"), analysis.total_gaps, help=ui.t("peers.m_gaps_help"))
c2.metric(ui.t("peers.m_covered"), len(profile.covered), help=ui.t("peers.m_covered_help"))
c3.metric(ui.t("peers.m_peers"), len(analysis.relevance))

# --- who to visit -----------------------------------------------------------------------------------------------
st.header(ui.t("peers.visit"), anchor="visit")
st.caption(ui.t("peers.visit_help", n=peers.VISITS))
ui.visit_cards(analysis.visits, scores=True)

# --- gaps per stage ---------------------------------------------------------------------------------------------
st.header(ui.t("peers.gaps"), anchor="gaps")
st.caption(ui.t("peers.gaps_help"))
show_all = ui.synced(st.toggle, "peers_all", show_all, ui.t("peers.show_all", n=TOP))
ui.set_params(all="1" if show_all else None)
ui.gap_tabs(store, data, analysis, top=None if show_all else TOP, key="peers_stage_tab", stage=stage_param,
            more=lambda n: ui.t("peers.more", n=n, toggle=ui.t("peers.show_all", n=TOP), method=ui.t("peers.method")),
            on_stage=lambda code: ui.set_params(stage=code if code != stage_codes[0] else None))

# --- how the scores were computed -------------------------------------------------------------------------------
method = st.expander(ui.t("peers.method"), icon=":material/calculate:", expanded=show_method, key="peers_method",
                     on_change="rerun")  # its tables are built only when it is open (~12,000 rows at 514 regions)
ui.set_params(method="1" if method.open else None)
with method:
    st.markdown(ui.t("peers.method_text", sources=peers.SOURCES_FULL, outcomes=peers.OUTCOMES_FULL))
    if method.open:
        ui.table(peers.scoring_rules(lang), "scoring_rules", hide_index=True, width="stretch", column_config={
            "part": st.column_config.TextColumn(ui.t("peers.c_part")),
            "group": st.column_config.TextColumn(ui.t("peers.c_group")),
            "weight": st.column_config.NumberColumn(ui.t("peers.c_weight"), format="%.2f"),
            "points": st.column_config.NumberColumn(ui.t("peers.c_max"), format="%d"),
            "rule": st.column_config.TextColumn(ui.t("peers.c_rule"), width="large")})
        st.caption(ui.t("peers.kind_values", values=peers.values_text("source_kinds", peers.KIND_QUALITY, lang)))
        st.caption(ui.t("peers.status_values", values=peers.values_text("statuses", peers.STATUS_VALUE, lang)))

        st.markdown(f"**{ui.t('peers.relevance_table')}**")
        rel = peers.relevance_table(analysis)
        rel["type"] = rel["type"].map(lambda c: schema.label("region_types", c, lang))
        pts = {"format": "%.1f"}
        ui.table(rel.drop(columns="region_id"), "peer_relevance", hide_index=True, width="stretch", column_config={
            "region": st.column_config.TextColumn(ui.t("common.region")),
            "type": st.column_config.TextColumn(ui.t("common.type")),
            "same_type": st.column_config.NumberColumn(ui.t("peers.part.same_type"), **pts),
            "shared_themes": st.column_config.TextColumn(ui.t("peers.c_shared"), help=ui.t("peers.c_shared_help")),
            "theme_overlap": st.column_config.NumberColumn(ui.t("peers.part.theme_overlap"), **pts),
            "with_results": st.column_config.TextColumn(ui.t("peers.c_with_results"),
                                                        help=ui.t("peers.c_with_results_help")),
            "peer_results": st.column_config.NumberColumn(ui.t("peers.part.peer_results"), **pts),
            "relevance": st.column_config.NumberColumn(ui.t("peers.group_relevance"), **pts)})

        st.markdown(f"**{ui.t('peers.score_table')}**")
        ui.peer_scores(analysis, data, "peer_scores")
